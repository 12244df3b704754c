//! Corpora, documents and chunks.

use futures_util::TryStreamExt;
use gemini_v1beta::types::*;
use gemini_v1beta::FieldMask;

use crate::{expect_error, start};

fn text_chunk(text: &str) -> Chunk {
    Chunk {
        data: Some(ChunkData {
            data: Some(ChunkDataData::StringValue(text.into())),
            ..Default::default()
        }),
        ..Default::default()
    }
}

fn text_of(chunk: &Chunk) -> &str {
    match chunk.data.as_ref().and_then(|data| data.data.as_ref()) {
        Some(ChunkDataData::StringValue(text)) => text,
        _ => "",
    }
}

#[tokio::test]
async fn corpora_create_get_list_patch_delete() {
    let (client, _, _) = start().await;
    let corpora = client.corpora();

    let generated = corpora
        .create(CreateCorpusRequest {
            corpus: Some(Corpus {
                display_name: "My Notes!".into(),
                ..Default::default()
            }),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(
        generated.name.starts_with("corpora/my-notes-"),
        "{}",
        generated.name
    );
    assert!(generated.create_time.is_some() && generated.update_time.is_some());

    let named = corpora
        .create(CreateCorpusRequest {
            corpus: Some(Corpus {
                name: "corpora/named".into(),
                display_name: "Named".into(),
                ..Default::default()
            }),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(named.name, "corpora/named");
    let again = corpora
        .create(CreateCorpusRequest {
            corpus: Some(Corpus {
                name: "corpora/named".into(),
                ..Default::default()
            }),
            ..Default::default()
        })
        .await;
    expect_error(again, "ALREADY_EXISTS");
    let bad = corpora
        .create(CreateCorpusRequest {
            corpus: Some(Corpus {
                name: "corpora/Bad_Name".into(),
                ..Default::default()
            }),
            ..Default::default()
        })
        .await;
    expect_error(bad, "INVALID_ARGUMENT");

    for i in 0..23 {
        corpora
            .create(CreateCorpusRequest {
                corpus: Some(Corpus {
                    name: format!("corpora/c{i:02}"),
                    ..Default::default()
                }),
                ..Default::default()
            })
            .await
            .unwrap();
    }
    // Pages: 10 by default, at most 20.
    let first = corpora.list(ListCorporaRequest::default()).await.unwrap();
    assert_eq!(first.corpora.len(), 10);
    assert!(!first.next_page_token.is_empty());
    let big = corpora
        .list(ListCorporaRequest {
            page_size: 500,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(big.corpora.len(), 20);
    let all: Vec<Corpus> = corpora
        .list_items(ListCorporaRequest {
            page_size: 7,
            ..Default::default()
        })
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 25);
    let mut names: Vec<_> = all.iter().map(|c| c.name.clone()).collect();
    names.dedup();
    assert_eq!(names.len(), 25, "no corpus twice");

    let got = corpora
        .get(GetCorpusRequest {
            name: "corpora/named".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(got, named);

    let patched = corpora
        .patch(UpdateCorpusRequest {
            corpus: Some(Corpus {
                name: "corpora/named".into(),
                display_name: "Renamed".into(),
                ..Default::default()
            }),
            update_mask: Some(FieldMask::new(["displayName"])),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(patched.display_name, "Renamed");
    assert_eq!(patched.create_time, named.create_time);
    assert!(patched.update_time >= named.update_time);
    let no_mask = corpora
        .patch(UpdateCorpusRequest {
            corpus: Some(Corpus {
                name: "corpora/named".into(),
                display_name: "X".into(),
                ..Default::default()
            }),
            ..Default::default()
        })
        .await;
    expect_error(no_mask, "INVALID_ARGUMENT");
    let wrong_field = corpora
        .patch(UpdateCorpusRequest {
            corpus: Some(Corpus {
                name: "corpora/named".into(),
                ..Default::default()
            }),
            update_mask: Some(FieldMask::new(["createTime"])),
            ..Default::default()
        })
        .await;
    let message = expect_error(wrong_field, "INVALID_ARGUMENT");
    assert!(message.contains("createTime"), "{message}");

    corpora
        .delete(DeleteCorpusRequest {
            name: "corpora/named".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let gone = corpora
        .get(GetCorpusRequest {
            name: "corpora/named".into(),
            ..Default::default()
        })
        .await;
    let message = expect_error(gone, "NOT_FOUND");
    assert!(message.contains("corpora/named"), "{message}");
    let again = corpora
        .delete(DeleteCorpusRequest {
            name: "corpora/named".into(),
            ..Default::default()
        })
        .await;
    expect_error(again, "NOT_FOUND");
}

#[tokio::test]
async fn documents_and_chunks() {
    let (client, _, _) = start().await;
    let corpus = client
        .corpora()
        .create(CreateCorpusRequest {
            corpus: Some(Corpus {
                name: "corpora/docs".into(),
                ..Default::default()
            }),
            ..Default::default()
        })
        .await
        .unwrap();
    let documents = client.corpora().documents();

    let missing_parent = documents
        .create(CreateDocumentRequest {
            parent: "corpora/nope".into(),
            document: Some(Document::default()),
            ..Default::default()
        })
        .await;
    let message = expect_error(missing_parent, "NOT_FOUND");
    assert!(message.contains("corpora/nope"), "{message}");

    let document = documents
        .create(CreateDocumentRequest {
            parent: corpus.name.clone(),
            document: Some(Document {
                name: "corpora/docs/documents/manual".into(),
                display_name: "Manual".into(),
                custom_metadata: vec![CustomMetadata {
                    key: "lang".into(),
                    value: Some(CustomMetadataValue::StringValue("en".into())),
                    ..Default::default()
                }],
                ..Default::default()
            }),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(document.name, "corpora/docs/documents/manual");
    let elsewhere = documents
        .create(CreateDocumentRequest {
            parent: corpus.name.clone(),
            document: Some(Document {
                name: "corpora/other/documents/x".into(),
                ..Default::default()
            }),
            ..Default::default()
        })
        .await;
    expect_error(elsewhere, "INVALID_ARGUMENT");
    for i in 0..4 {
        documents
            .create(CreateDocumentRequest {
                parent: corpus.name.clone(),
                document: Some(Document {
                    display_name: format!("Doc {i}"),
                    ..Default::default()
                }),
                ..Default::default()
            })
            .await
            .unwrap();
    }
    let listed: Vec<Document> = documents
        .list_items(ListDocumentsRequest {
            parent: corpus.name.clone(),
            page_size: 2,
            ..Default::default()
        })
        .try_collect()
        .await
        .unwrap();
    assert_eq!(listed.len(), 5);
    assert!(listed
        .iter()
        .all(|d| d.name.starts_with("corpora/docs/documents/")));

    // Only the masked field changes.
    let patched = documents
        .patch(UpdateDocumentRequest {
            document: Some(Document {
                name: document.name.clone(),
                display_name: "Handbook".into(),
                ..Default::default()
            }),
            update_mask: Some(FieldMask::new(["displayName"])),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(patched.display_name, "Handbook");
    assert_eq!(patched.custom_metadata, document.custom_metadata);
    let cleared = documents
        .patch(UpdateDocumentRequest {
            document: Some(Document {
                name: document.name.clone(),
                display_name: "ignored".into(),
                ..Default::default()
            }),
            update_mask: Some(FieldMask::new(["customMetadata"])),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(cleared.display_name, "Handbook");
    assert!(cleared.custom_metadata.is_empty());

    // Chunks.
    let chunks = documents.chunks();
    let chunk = chunks
        .create(CreateChunkRequest {
            parent: document.name.clone(),
            chunk: Some(text_chunk("hello")),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(chunk
        .name
        .starts_with("corpora/docs/documents/manual/chunks/"));
    assert_eq!(chunk.state, ChunkState::Active);
    let no_data = chunks
        .create(CreateChunkRequest {
            parent: document.name.clone(),
            chunk: Some(Chunk::default()),
            ..Default::default()
        })
        .await;
    expect_error(no_data, "INVALID_ARGUMENT");
    let no_document = chunks
        .create(CreateChunkRequest {
            parent: "corpora/docs/documents/none".into(),
            chunk: Some(text_chunk("x")),
            ..Default::default()
        })
        .await;
    expect_error(no_document, "NOT_FOUND");

    let batch = chunks
        .batch_create(BatchCreateChunksRequest {
            parent: document.name.clone(),
            requests: (0..12)
                .map(|i| CreateChunkRequest {
                    parent: if i % 2 == 0 {
                        document.name.clone()
                    } else {
                        String::new()
                    },
                    chunk: Some(Chunk {
                        name: if i == 0 {
                            format!("{}/chunks/first", document.name)
                        } else {
                            String::new()
                        },
                        ..text_chunk(&format!("part {i}"))
                    }),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(batch.chunks.len(), 12);
    assert_eq!(
        batch.chunks[0].name,
        "corpora/docs/documents/manual/chunks/first"
    );
    assert!(batch.chunks.iter().all(|c| c.state == ChunkState::Active));
    // A batch with one bad request creates nothing.
    let mixed = chunks
        .batch_create(BatchCreateChunksRequest {
            parent: document.name.clone(),
            requests: vec![
                CreateChunkRequest {
                    chunk: Some(text_chunk("ok")),
                    ..Default::default()
                },
                CreateChunkRequest {
                    parent: "corpora/docs/documents/other".into(),
                    chunk: Some(text_chunk("no")),
                    ..Default::default()
                },
            ],
            ..Default::default()
        })
        .await;
    expect_error(mixed, "INVALID_ARGUMENT");
    let all: Vec<Chunk> = chunks
        .list_items(ListChunksRequest {
            parent: document.name.clone(),
            page_size: 5,
            ..Default::default()
        })
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 13);

    let patched = chunks
        .patch(UpdateChunkRequest {
            chunk: Some(Chunk {
                name: chunk.name.clone(),
                ..text_chunk("hello again")
            }),
            update_mask: Some(FieldMask::new(["data"])),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(text_of(&patched), "hello again");
    let got = chunks
        .get(GetChunkRequest {
            name: chunk.name.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(got, patched);

    let updated = chunks
        .batch_update(BatchUpdateChunksRequest {
            parent: document.name.clone(),
            requests: batch.chunks[..3]
                .iter()
                .map(|c| UpdateChunkRequest {
                    chunk: Some(Chunk {
                        name: c.name.clone(),
                        ..text_chunk(&format!("{} updated", text_of(c)))
                    }),
                    update_mask: Some(FieldMask::new(["data"])),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(updated.chunks.len(), 3);
    assert_eq!(text_of(&updated.chunks[1]), "part 1 updated");
    let got = chunks
        .get(GetChunkRequest {
            name: batch.chunks[2].name.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(text_of(&got), "part 2 updated");

    chunks
        .batch_delete(BatchDeleteChunksRequest {
            parent: document.name.clone(),
            requests: batch.chunks[..10]
                .iter()
                .map(|c| DeleteChunkRequest {
                    name: c.name.clone(),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        })
        .await
        .unwrap();
    let left = chunks
        .list(ListChunksRequest {
            parent: document.name.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(left.chunks.len(), 3);
    let deleted_again = chunks
        .batch_delete(BatchDeleteChunksRequest {
            parent: document.name.clone(),
            requests: vec![DeleteChunkRequest {
                name: batch.chunks[0].name.clone(),
                ..Default::default()
            }],
            ..Default::default()
        })
        .await;
    expect_error(deleted_again, "NOT_FOUND");
    chunks
        .delete(DeleteChunkRequest {
            name: chunk.name.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    let gone = chunks
        .get(GetChunkRequest {
            name: chunk.name.clone(),
            ..Default::default()
        })
        .await;
    expect_error(gone, "NOT_FOUND");

    // A document with chunks goes only with force.
    let refused = documents
        .delete(DeleteDocumentRequest {
            name: document.name.clone(),
            ..Default::default()
        })
        .await;
    expect_error(refused, "FAILED_PRECONDITION");
    documents
        .delete(DeleteDocumentRequest {
            name: document.name.clone(),
            force: true,
            ..Default::default()
        })
        .await
        .unwrap();
    let gone = chunks
        .list(ListChunksRequest {
            parent: document.name.clone(),
            ..Default::default()
        })
        .await;
    expect_error(gone, "NOT_FOUND");
}

#[tokio::test]
async fn a_corpus_with_documents_goes_only_with_force() {
    let (client, _, _) = start().await;
    let corpora = client.corpora();
    let corpus = corpora
        .create(CreateCorpusRequest {
            corpus: Some(Corpus {
                name: "corpora/full".into(),
                ..Default::default()
            }),
            ..Default::default()
        })
        .await
        .unwrap();
    let document = corpora
        .documents()
        .create(CreateDocumentRequest {
            parent: corpus.name.clone(),
            document: Some(Document::default()),
            ..Default::default()
        })
        .await
        .unwrap();
    corpora
        .documents()
        .chunks()
        .create(CreateChunkRequest {
            parent: document.name.clone(),
            chunk: Some(text_chunk("x")),
            ..Default::default()
        })
        .await
        .unwrap();

    let refused = corpora
        .delete(DeleteCorpusRequest {
            name: corpus.name.clone(),
            ..Default::default()
        })
        .await;
    let message = expect_error(refused, "FAILED_PRECONDITION");
    assert!(message.contains("corpora/full"), "{message}");
    corpora
        .get(GetCorpusRequest {
            name: corpus.name.clone(),
            ..Default::default()
        })
        .await
        .unwrap();

    corpora
        .delete(DeleteCorpusRequest {
            name: corpus.name.clone(),
            force: true,
            ..Default::default()
        })
        .await
        .unwrap();
    expect_error(
        corpora
            .get(GetCorpusRequest {
                name: corpus.name.clone(),
                ..Default::default()
            })
            .await,
        "NOT_FOUND",
    );
    expect_error(
        corpora
            .documents()
            .get(GetDocumentRequest {
                name: document.name.clone(),
                ..Default::default()
            })
            .await,
        "NOT_FOUND",
    );
    // A new corpus of the same name starts empty.
    corpora
        .create(CreateCorpusRequest {
            corpus: Some(Corpus {
                name: "corpora/full".into(),
                ..Default::default()
            }),
            ..Default::default()
        })
        .await
        .unwrap();
    let documents = corpora
        .documents()
        .list(ListDocumentsRequest {
            parent: corpus.name.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(documents.documents.is_empty());
}

#[tokio::test]
async fn bad_page_tokens_and_sizes_are_invalid_arguments() {
    let (client, _, _) = start().await;
    for i in 0..3 {
        client
            .corpora()
            .create(CreateCorpusRequest {
                corpus: Some(Corpus {
                    name: format!("corpora/p{i}"),
                    ..Default::default()
                }),
                ..Default::default()
            })
            .await
            .unwrap();
    }
    let garbage = client
        .corpora()
        .list(ListCorporaRequest {
            page_token: "not-a-token".into(),
            ..Default::default()
        })
        .await;
    expect_error(garbage, "INVALID_ARGUMENT");
    let negative = client
        .corpora()
        .list(ListCorporaRequest {
            page_size: -1,
            ..Default::default()
        })
        .await;
    expect_error(negative, "INVALID_ARGUMENT");

    // A token of one listing is refused by another.
    let page = client
        .corpora()
        .list(ListCorporaRequest {
            page_size: 1,
            ..Default::default()
        })
        .await
        .unwrap();
    let foreign = client
        .cached_contents()
        .list(ListCachedContentsRequest {
            page_token: page.next_page_token.clone(),
            ..Default::default()
        })
        .await;
    expect_error(foreign, "INVALID_ARGUMENT");
    let next = client
        .corpora()
        .list(ListCorporaRequest {
            page_size: 5,
            page_token: page.next_page_token,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(next.corpora.len(), 2);
    assert!(next.next_page_token.is_empty());
}
