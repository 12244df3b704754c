//! Corpora, documents and chunks.

use futures_util::TryStreamExt;
use gemini_v1beta::types::*;
use gemini_v1beta::FieldMask;

use crate::{expect_error, start};

fn text_chunk(text: &str) -> Chunk {
    Chunk::new().set_data(ChunkData::new().set_string_value(text))
}

fn text_of(chunk: &Chunk) -> &str {
    chunk
        .data
        .as_ref()
        .and_then(ChunkData::string_value)
        .unwrap_or_default()
}

#[tokio::test]
async fn corpora_create_get_list_patch_delete() {
    let (client, _, _) = start().await;
    let corpora = client.corpora();

    let generated = corpora
        .create(CreateCorpusRequest::new().set_corpus(Corpus::new().set_display_name("My Notes!")))
        .await
        .unwrap();
    assert!(
        generated.name.starts_with("corpora/my-notes-"),
        "{}",
        generated.name
    );
    assert!(generated.create_time.is_some() && generated.update_time.is_some());

    let named = corpora
        .create(
            CreateCorpusRequest::new().set_corpus(
                Corpus::new()
                    .set_name("corpora/named")
                    .set_display_name("Named"),
            ),
        )
        .await
        .unwrap();
    assert_eq!(named.name, "corpora/named");
    let again = corpora
        .create(CreateCorpusRequest::new().set_corpus(Corpus::new().set_name("corpora/named")))
        .await;
    expect_error(again, "ALREADY_EXISTS");
    let bad = corpora
        .create(CreateCorpusRequest::new().set_corpus(Corpus::new().set_name("corpora/Bad_Name")))
        .await;
    expect_error(bad, "INVALID_ARGUMENT");

    for i in 0..23 {
        corpora
            .create(
                CreateCorpusRequest::new()
                    .set_corpus(Corpus::new().set_name(format!("corpora/c{i:02}"))),
            )
            .await
            .unwrap();
    }
    // Pages: 10 by default, at most 20.
    let first = corpora.list(ListCorporaRequest::new()).await.unwrap();
    assert_eq!(first.corpora.len(), 10);
    assert!(!first.next_page_token.is_empty());
    let big = corpora
        .list(ListCorporaRequest::new().set_page_size(500))
        .await
        .unwrap();
    assert_eq!(big.corpora.len(), 20);
    let all: Vec<Corpus> = corpora
        .list_items(ListCorporaRequest::new().set_page_size(7))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 25);
    let mut names: Vec<_> = all.iter().map(|c| c.name.clone()).collect();
    names.dedup();
    assert_eq!(names.len(), 25, "no corpus twice");

    let got = corpora
        .get(GetCorpusRequest::new().set_name("corpora/named"))
        .await
        .unwrap();
    assert_eq!(got, named);

    let patched = corpora
        .patch(
            UpdateCorpusRequest::new()
                .set_corpus(
                    Corpus::new()
                        .set_name("corpora/named")
                        .set_display_name("Renamed"),
                )
                .set_update_mask(FieldMask::new(["displayName"])),
        )
        .await
        .unwrap();
    assert_eq!(patched.display_name, "Renamed");
    assert_eq!(patched.create_time, named.create_time);
    assert!(patched.update_time >= named.update_time);
    let no_mask = corpora
        .patch(
            UpdateCorpusRequest::new().set_corpus(
                Corpus::new()
                    .set_name("corpora/named")
                    .set_display_name("X"),
            ),
        )
        .await;
    expect_error(no_mask, "INVALID_ARGUMENT");
    let wrong_field = corpora
        .patch(
            UpdateCorpusRequest::new()
                .set_corpus(Corpus::new().set_name("corpora/named"))
                .set_update_mask(FieldMask::new(["createTime"])),
        )
        .await;
    let message = expect_error(wrong_field, "INVALID_ARGUMENT");
    assert!(message.contains("createTime"), "{message}");

    corpora
        .delete(DeleteCorpusRequest::new().set_name("corpora/named"))
        .await
        .unwrap();
    let gone = corpora
        .get(GetCorpusRequest::new().set_name("corpora/named"))
        .await;
    let message = expect_error(gone, "NOT_FOUND");
    assert!(message.contains("corpora/named"), "{message}");
    let again = corpora
        .delete(DeleteCorpusRequest::new().set_name("corpora/named"))
        .await;
    expect_error(again, "NOT_FOUND");
}

#[tokio::test]
async fn documents_and_chunks() {
    let (client, _, _) = start().await;
    let corpus = client
        .corpora()
        .create(CreateCorpusRequest::new().set_corpus(Corpus::new().set_name("corpora/docs")))
        .await
        .unwrap();
    let documents = client.corpora().documents();

    let missing_parent = documents
        .create(
            CreateDocumentRequest::new()
                .set_parent("corpora/nope")
                .set_document(Document::new()),
        )
        .await;
    let message = expect_error(missing_parent, "NOT_FOUND");
    assert!(message.contains("corpora/nope"), "{message}");

    let document = documents
        .create(
            CreateDocumentRequest::new()
                .set_parent(corpus.name.clone())
                .set_document(
                    Document::new()
                        .set_name("corpora/docs/documents/manual")
                        .set_display_name("Manual")
                        .set_custom_metadata([CustomMetadata::new()
                            .set_key("lang")
                            .set_string_value("en")]),
                ),
        )
        .await
        .unwrap();
    assert_eq!(document.name, "corpora/docs/documents/manual");
    let elsewhere = documents
        .create(
            CreateDocumentRequest::new()
                .set_parent(corpus.name.clone())
                .set_document(Document::new().set_name("corpora/other/documents/x")),
        )
        .await;
    expect_error(elsewhere, "INVALID_ARGUMENT");
    for i in 0..4 {
        documents
            .create(
                CreateDocumentRequest::new()
                    .set_parent(corpus.name.clone())
                    .set_document(Document::new().set_display_name(format!("Doc {i}"))),
            )
            .await
            .unwrap();
    }
    let listed: Vec<Document> = documents
        .list_items(
            ListDocumentsRequest::new()
                .set_parent(corpus.name.clone())
                .set_page_size(2),
        )
        .try_collect()
        .await
        .unwrap();
    assert_eq!(listed.len(), 5);
    assert!(listed
        .iter()
        .all(|d| d.name.starts_with("corpora/docs/documents/")));

    // Only the masked field changes.
    let patched = documents
        .patch(
            UpdateDocumentRequest::new()
                .set_document(
                    Document::new()
                        .set_name(document.name.clone())
                        .set_display_name("Handbook"),
                )
                .set_update_mask(FieldMask::new(["displayName"])),
        )
        .await
        .unwrap();
    assert_eq!(patched.display_name, "Handbook");
    assert_eq!(patched.custom_metadata, document.custom_metadata);
    let cleared = documents
        .patch(
            UpdateDocumentRequest::new()
                .set_document(
                    Document::new()
                        .set_name(document.name.clone())
                        .set_display_name("ignored"),
                )
                .set_update_mask(FieldMask::new(["customMetadata"])),
        )
        .await
        .unwrap();
    assert_eq!(cleared.display_name, "Handbook");
    assert!(cleared.custom_metadata.is_empty());

    // Chunks.
    let chunks = documents.chunks();
    let chunk = chunks
        .create(
            CreateChunkRequest::new()
                .set_parent(document.name.clone())
                .set_chunk(text_chunk("hello")),
        )
        .await
        .unwrap();
    assert!(chunk
        .name
        .starts_with("corpora/docs/documents/manual/chunks/"));
    assert_eq!(chunk.state, chunk::State::Active);
    let no_data = chunks
        .create(
            CreateChunkRequest::new()
                .set_parent(document.name.clone())
                .set_chunk(Chunk::new()),
        )
        .await;
    expect_error(no_data, "INVALID_ARGUMENT");
    let no_document = chunks
        .create(
            CreateChunkRequest::new()
                .set_parent("corpora/docs/documents/none")
                .set_chunk(text_chunk("x")),
        )
        .await;
    expect_error(no_document, "NOT_FOUND");

    let batch = chunks
        .batch_create(
            BatchCreateChunksRequest::new()
                .set_parent(document.name.clone())
                .set_requests((0..12).map(|i| {
                    let parent = if i % 2 == 0 {
                        document.name.clone()
                    } else {
                        String::new()
                    };
                    let name = if i == 0 {
                        format!("{}/chunks/first", document.name)
                    } else {
                        String::new()
                    };
                    CreateChunkRequest::new()
                        .set_parent(parent)
                        .set_chunk(text_chunk(&format!("part {i}")).set_name(name))
                })),
        )
        .await
        .unwrap();
    assert_eq!(batch.chunks.len(), 12);
    assert_eq!(
        batch.chunks[0].name,
        "corpora/docs/documents/manual/chunks/first"
    );
    assert!(batch.chunks.iter().all(|c| c.state == chunk::State::Active));
    // A batch with one bad request creates nothing.
    let mixed = chunks
        .batch_create(
            BatchCreateChunksRequest::new()
                .set_parent(document.name.clone())
                .set_requests([
                    CreateChunkRequest::new().set_chunk(text_chunk("ok")),
                    CreateChunkRequest::new()
                        .set_parent("corpora/docs/documents/other")
                        .set_chunk(text_chunk("no")),
                ]),
        )
        .await;
    expect_error(mixed, "INVALID_ARGUMENT");
    let all: Vec<Chunk> = chunks
        .list_items(
            ListChunksRequest::new()
                .set_parent(document.name.clone())
                .set_page_size(5),
        )
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 13);

    let patched = chunks
        .patch(
            UpdateChunkRequest::new()
                .set_chunk(text_chunk("hello again").set_name(chunk.name.clone()))
                .set_update_mask(FieldMask::new(["data"])),
        )
        .await
        .unwrap();
    assert_eq!(text_of(&patched), "hello again");
    let got = chunks
        .get(GetChunkRequest::new().set_name(chunk.name.clone()))
        .await
        .unwrap();
    assert_eq!(got, patched);

    let updated = chunks
        .batch_update(
            BatchUpdateChunksRequest::new()
                .set_parent(document.name.clone())
                .set_requests(batch.chunks[..3].iter().map(|c| {
                    UpdateChunkRequest::new()
                        .set_chunk(
                            text_chunk(&format!("{} updated", text_of(c))).set_name(c.name.clone()),
                        )
                        .set_update_mask(FieldMask::new(["data"]))
                })),
        )
        .await
        .unwrap();
    assert_eq!(updated.chunks.len(), 3);
    assert_eq!(text_of(&updated.chunks[1]), "part 1 updated");
    let got = chunks
        .get(GetChunkRequest::new().set_name(batch.chunks[2].name.clone()))
        .await
        .unwrap();
    assert_eq!(text_of(&got), "part 2 updated");

    chunks
        .batch_delete(
            BatchDeleteChunksRequest::new()
                .set_parent(document.name.clone())
                .set_requests(
                    batch.chunks[..10]
                        .iter()
                        .map(|c| DeleteChunkRequest::new().set_name(c.name.clone())),
                ),
        )
        .await
        .unwrap();
    let left = chunks
        .list(ListChunksRequest::new().set_parent(document.name.clone()))
        .await
        .unwrap();
    assert_eq!(left.chunks.len(), 3);
    let deleted_again = chunks
        .batch_delete(
            BatchDeleteChunksRequest::new()
                .set_parent(document.name.clone())
                .set_requests([DeleteChunkRequest::new().set_name(batch.chunks[0].name.clone())]),
        )
        .await;
    expect_error(deleted_again, "NOT_FOUND");
    chunks
        .delete(DeleteChunkRequest::new().set_name(chunk.name.clone()))
        .await
        .unwrap();
    let gone = chunks
        .get(GetChunkRequest::new().set_name(chunk.name.clone()))
        .await;
    expect_error(gone, "NOT_FOUND");

    // A document with chunks goes only with force.
    let refused = documents
        .delete(DeleteDocumentRequest::new().set_name(document.name.clone()))
        .await;
    expect_error(refused, "FAILED_PRECONDITION");
    documents
        .delete(
            DeleteDocumentRequest::new()
                .set_name(document.name.clone())
                .set_force(true),
        )
        .await
        .unwrap();
    let gone = chunks
        .list(ListChunksRequest::new().set_parent(document.name.clone()))
        .await;
    expect_error(gone, "NOT_FOUND");
}

#[tokio::test]
async fn a_corpus_with_documents_goes_only_with_force() {
    let (client, _, _) = start().await;
    let corpora = client.corpora();
    let corpus = corpora
        .create(CreateCorpusRequest::new().set_corpus(Corpus::new().set_name("corpora/full")))
        .await
        .unwrap();
    let document = corpora
        .documents()
        .create(
            CreateDocumentRequest::new()
                .set_parent(corpus.name.clone())
                .set_document(Document::new()),
        )
        .await
        .unwrap();
    corpora
        .documents()
        .chunks()
        .create(
            CreateChunkRequest::new()
                .set_parent(document.name.clone())
                .set_chunk(text_chunk("x")),
        )
        .await
        .unwrap();

    let refused = corpora
        .delete(DeleteCorpusRequest::new().set_name(corpus.name.clone()))
        .await;
    let message = expect_error(refused, "FAILED_PRECONDITION");
    assert!(message.contains("corpora/full"), "{message}");
    corpora
        .get(GetCorpusRequest::new().set_name(corpus.name.clone()))
        .await
        .unwrap();

    corpora
        .delete(
            DeleteCorpusRequest::new()
                .set_name(corpus.name.clone())
                .set_force(true),
        )
        .await
        .unwrap();
    expect_error(
        corpora
            .get(GetCorpusRequest::new().set_name(corpus.name.clone()))
            .await,
        "NOT_FOUND",
    );
    expect_error(
        corpora
            .documents()
            .get(GetDocumentRequest::new().set_name(document.name.clone()))
            .await,
        "NOT_FOUND",
    );
    // A new corpus of the same name starts empty.
    corpora
        .create(CreateCorpusRequest::new().set_corpus(Corpus::new().set_name("corpora/full")))
        .await
        .unwrap();
    let documents = corpora
        .documents()
        .list(ListDocumentsRequest::new().set_parent(corpus.name.clone()))
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
            .create(
                CreateCorpusRequest::new()
                    .set_corpus(Corpus::new().set_name(format!("corpora/p{i}"))),
            )
            .await
            .unwrap();
    }
    let garbage = client
        .corpora()
        .list(ListCorporaRequest::new().set_page_token("not-a-token"))
        .await;
    expect_error(garbage, "INVALID_ARGUMENT");
    let negative = client
        .corpora()
        .list(ListCorporaRequest::new().set_page_size(-1))
        .await;
    expect_error(negative, "INVALID_ARGUMENT");

    // A token of one listing is refused by another.
    let page = client
        .corpora()
        .list(ListCorporaRequest::new().set_page_size(1))
        .await
        .unwrap();
    let foreign = client
        .cached_contents()
        .list(ListCachedContentsRequest::new().set_page_token(page.next_page_token.clone()))
        .await;
    expect_error(foreign, "INVALID_ARGUMENT");
    let next = client
        .corpora()
        .list(
            ListCorporaRequest::new()
                .set_page_size(5)
                .set_page_token(page.next_page_token),
        )
        .await
        .unwrap();
    assert_eq!(next.corpora.len(), 2);
    assert!(next.next_page_token.is_empty());
}
