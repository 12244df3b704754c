//! Every one of the 64 REST methods of the generated Gemini client, called
//! against a loopback server: the exact verb, path, query and JSON body each
//! one sends, and the API key header.
//!
//! The expected requests are written out by hand from the HTTP templates in
//! `spec/resources/*.yaml` and Google's HTTP/JSON transcoding rules, so this is
//! an oracle independent of the client's own transcoding code:
//! - path variables take the (nested) field's value, which must match the pattern;
//! - `body: "*"`: every non-path field goes into the JSON body, no query;
//! - `body: field`: that field is the whole body, other non-path fields go in the query;
//! - no body: every set non-path field goes in the query, sorted by name;
//! - streaming methods also send `alt=sse`.

use std::future::Future;

use apigen_tests::{RecordingServer, Reply};
use futures_util::StreamExt;
use gemini_v1beta::types::*;
use gemini_v1beta::{Duration, Error, FieldMask, ResponseStream};
use serde_json::{json, Value};

/// One request as sent, reduced to what the bindings decide.
#[derive(Debug, PartialEq)]
struct Sent {
    verb: String,
    path: String,
    query: Vec<(String, String)>,
    body: Option<Value>,
    api_key: Option<String>,
}

/// A loopback server plus a tally of the methods checked and what went wrong.
///
/// Mismatches are collected rather than panicking at once, so one run names
/// every method whose request is wrong.
struct Bindings {
    server: RecordingServer,
    checked: usize,
    failures: Vec<String>,
}

impl Bindings {
    /// A server that answers `{}` to everything, and a single SSE event
    /// `{"candidates":[]}` to the streaming methods.
    async fn start() -> Self {
        let server = RecordingServer::start(|recorded| {
            if recorded.path.ends_with(":streamGenerateContent") {
                Reply::Sse(vec!["data: {\"candidates\":[]}\n\n".into()])
            } else {
                Reply::Json(200, json!({}))
            }
        })
        .await;
        Self {
            server,
            checked: 0,
            failures: Vec::new(),
        }
    }

    /// Runs `call` and checks that it succeeded after sending exactly the one
    /// request described by `verb`, `path`, `query` and `body`.
    async fn expect<T>(
        &mut self,
        call: impl Future<Output = Result<T, Error>>,
        verb: &str,
        path: &str,
        query: &[(&str, &str)],
        body: Option<Value>,
    ) -> Option<T> {
        self.checked += 1;
        let what = format!("{verb} {path}");
        let result = call.await;
        let recorded = self.server.take();
        let expected = Sent {
            verb: verb.to_owned(),
            path: path.to_owned(),
            query: query
                .iter()
                .map(|(name, value)| (name.to_string(), value.to_string()))
                .collect(),
            body,
            api_key: Some("test-key".to_owned()),
        };
        let sent: Vec<Sent> = recorded
            .into_iter()
            .map(|request| Sent {
                verb: request.method,
                path: request.path,
                query: request.query,
                body: request.body,
                api_key: request
                    .headers
                    .get("x-goog-api-key")
                    .and_then(|value| value.to_str().ok())
                    .map(str::to_owned),
            })
            .collect();
        if sent.len() != 1 {
            self.failures
                .push(format!("{what}: expected one request, sent {sent:#?}"));
        } else if sent[0] != expected {
            self.failures.push(format!(
                "{what}:\n  expected {expected:?}\n  sent     {:?}",
                sent[0]
            ));
        }
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.failures
                    .push(format!("{what}: the call failed: {error:?}"));
                None
            }
        }
    }

    /// Panics with every mismatch, if any; checks that `methods` were covered.
    fn finish(self, methods: usize) {
        assert!(
            self.failures.is_empty(),
            "{} of {} methods sent the wrong request:\n\n{}",
            self.failures.len(),
            self.checked,
            self.failures.join("\n\n")
        );
        assert_eq!(self.checked, methods, "methods checked");
    }
}

/// Content with one text part and no role.
fn content(text: &str) -> Content {
    Content {
        parts: vec![Part {
            data: Some(PartData::Text(text.to_owned())),
            ..Default::default()
        }],
        ..Default::default()
    }
}

/// A user turn with one text part.
fn user_turn(text: &str) -> Content {
    Content {
        role: "user".to_owned(),
        ..content(text)
    }
}

/// Reads a server stream to the end, failing on the first error.
async fn read_all(
    stream: impl Future<Output = Result<ResponseStream<GenerateContentResponse>, Error>>,
) -> Result<Vec<GenerateContentResponse>, Error> {
    stream
        .await?
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect()
}

#[tokio::test]
async fn cached_contents() {
    let mut b = Bindings::start().await;
    let client = b.server.gemini_client();
    let cached = client.cached_contents();

    b.expect(
        cached.create(CreateCachedContentRequest {
            cached_content: Some(CachedContent {
                model: Some("models/gemini-1.5-flash-001".into()),
                display_name: Some("Router manual".into()),
                contents: vec![user_turn("The whole manual.")],
                expiration: Some(CachedContentExpiration::Ttl(Duration::from_secs(3600))),
                ..Default::default()
            }),
            ..Default::default()
        }),
        "POST",
        "/v1beta/cachedContents",
        &[],
        Some(json!({
            "model": "models/gemini-1.5-flash-001",
            "displayName": "Router manual",
            "contents": [{"role": "user", "parts": [{"text": "The whole manual."}]}],
            "ttl": "3600s",
        })),
    )
    .await;
    b.expect(
        cached.delete(DeleteCachedContentRequest {
            name: "cachedContents/cc-1".into(),
            ..Default::default()
        }),
        "DELETE",
        "/v1beta/cachedContents/cc-1",
        &[],
        None,
    )
    .await;
    b.expect(
        cached.get(GetCachedContentRequest {
            name: "cachedContents/cc-1".into(),
            ..Default::default()
        }),
        "GET",
        "/v1beta/cachedContents/cc-1",
        &[],
        None,
    )
    .await;
    b.expect(
        cached.list(ListCachedContentsRequest {
            page_size: 20,
            page_token: "page-2".into(),
            ..Default::default()
        }),
        "GET",
        "/v1beta/cachedContents",
        &[("pageSize", "20"), ("pageToken", "page-2")],
        None,
    )
    .await;
    b.expect(
        cached.patch(UpdateCachedContentRequest {
            cached_content: Some(CachedContent {
                name: Some("cachedContents/cc-1".into()),
                expiration: Some(CachedContentExpiration::Ttl(Duration::from_secs(7200))),
                ..Default::default()
            }),
            update_mask: Some(FieldMask::new(["ttl"])),
            ..Default::default()
        }),
        "PATCH",
        "/v1beta/cachedContents/cc-1",
        &[("updateMask", "ttl")],
        Some(json!({"name": "cachedContents/cc-1", "ttl": "7200s"})),
    )
    .await;

    b.finish(5);
}

#[tokio::test]
async fn corpora() {
    let mut b = Bindings::start().await;
    let client = b.server.gemini_client();
    let corpora = client.corpora();

    b.expect(
        corpora.create(CreateCorpusRequest {
            corpus: Some(Corpus {
                display_name: "Manuals".into(),
                ..Default::default()
            }),
            ..Default::default()
        }),
        "POST",
        "/v1beta/corpora",
        &[],
        Some(json!({"displayName": "Manuals"})),
    )
    .await;
    b.expect(
        corpora.delete(DeleteCorpusRequest {
            name: "corpora/manuals".into(),
            force: true,
            ..Default::default()
        }),
        "DELETE",
        "/v1beta/corpora/manuals",
        &[("force", "true")],
        None,
    )
    .await;
    b.expect(
        corpora.get(GetCorpusRequest {
            name: "corpora/manuals".into(),
            ..Default::default()
        }),
        "GET",
        "/v1beta/corpora/manuals",
        &[],
        None,
    )
    .await;
    b.expect(
        corpora.list(ListCorporaRequest {
            page_size: 10,
            page_token: "next".into(),
            ..Default::default()
        }),
        "GET",
        "/v1beta/corpora",
        &[("pageSize", "10"), ("pageToken", "next")],
        None,
    )
    .await;
    b.expect(
        corpora.patch(UpdateCorpusRequest {
            corpus: Some(Corpus {
                name: "corpora/manuals".into(),
                display_name: "Product manuals".into(),
                ..Default::default()
            }),
            update_mask: Some(FieldMask::new(["display_name"])),
            ..Default::default()
        }),
        "PATCH",
        "/v1beta/corpora/manuals",
        &[("updateMask", "displayName")],
        Some(json!({"name": "corpora/manuals", "displayName": "Product manuals"})),
    )
    .await;
    b.expect(
        corpora.query(QueryCorpusRequest {
            name: "corpora/manuals".into(),
            query: "How do I reset it?".into(),
            results_count: 5,
            metadata_filters: vec![MetadataFilter {
                key: "chunk.custom_metadata.year".into(),
                conditions: vec![Condition {
                    operation: Operator::GreaterEqual,
                    value: Some(ConditionValue::NumericValue(2020.0)),
                    ..Default::default()
                }],
                ..Default::default()
            }],
            ..Default::default()
        }),
        "POST",
        "/v1beta/corpora/manuals:query",
        &[],
        Some(json!({
            "query": "How do I reset it?",
            "resultsCount": 5,
            "metadataFilters": [{
                "key": "chunk.custom_metadata.year",
                "conditions": [{"operation": "GREATER_EQUAL", "numericValue": 2020.0}],
            }],
        })),
    )
    .await;

    b.finish(6);
}

#[tokio::test]
async fn corpora_documents() {
    let mut b = Bindings::start().await;
    let client = b.server.gemini_client();
    let documents = client.corpora().documents();

    b.expect(
        documents.create(CreateDocumentRequest {
            parent: "corpora/manuals".into(),
            document: Some(Document {
                display_name: "Router guide".into(),
                custom_metadata: vec![CustomMetadata {
                    key: "year".into(),
                    value: Some(CustomMetadataValue::NumericValue(2023.0)),
                    ..Default::default()
                }],
                ..Default::default()
            }),
            ..Default::default()
        }),
        "POST",
        "/v1beta/corpora/manuals/documents",
        &[],
        Some(json!({
            "displayName": "Router guide",
            "customMetadata": [{"key": "year", "numericValue": 2023.0}],
        })),
    )
    .await;
    b.expect(
        documents.delete(DeleteDocumentRequest {
            name: "corpora/manuals/documents/router".into(),
            force: true,
            ..Default::default()
        }),
        "DELETE",
        "/v1beta/corpora/manuals/documents/router",
        &[("force", "true")],
        None,
    )
    .await;
    b.expect(
        documents.get(GetDocumentRequest {
            name: "corpora/manuals/documents/router".into(),
            ..Default::default()
        }),
        "GET",
        "/v1beta/corpora/manuals/documents/router",
        &[],
        None,
    )
    .await;
    b.expect(
        documents.list(ListDocumentsRequest {
            parent: "corpora/manuals".into(),
            page_size: 5,
            page_token: "t".into(),
            ..Default::default()
        }),
        "GET",
        "/v1beta/corpora/manuals/documents",
        &[("pageSize", "5"), ("pageToken", "t")],
        None,
    )
    .await;
    b.expect(
        documents.patch(UpdateDocumentRequest {
            document: Some(Document {
                name: "corpora/manuals/documents/router".into(),
                display_name: "Router guide v2".into(),
                custom_metadata: vec![CustomMetadata {
                    key: "tags".into(),
                    value: Some(CustomMetadataValue::StringListValue(StringList {
                        values: vec!["network".into(), "setup".into()],
                        ..Default::default()
                    })),
                    ..Default::default()
                }],
                ..Default::default()
            }),
            update_mask: Some(FieldMask::new(["display_name", "custom_metadata"])),
            ..Default::default()
        }),
        "PATCH",
        "/v1beta/corpora/manuals/documents/router",
        &[("updateMask", "displayName,customMetadata")],
        Some(json!({
            "name": "corpora/manuals/documents/router",
            "displayName": "Router guide v2",
            "customMetadata": [{"key": "tags", "stringListValue": {"values": ["network", "setup"]}}],
        })),
    )
    .await;
    b.expect(
        documents.query(QueryDocumentRequest {
            name: "corpora/manuals/documents/router".into(),
            query: "reset".into(),
            results_count: 3,
            ..Default::default()
        }),
        "POST",
        "/v1beta/corpora/manuals/documents/router:query",
        &[],
        Some(json!({"query": "reset", "resultsCount": 3})),
    )
    .await;

    b.finish(6);
}

#[tokio::test]
async fn corpora_documents_chunks() {
    const DOCUMENT: &str = "corpora/manuals/documents/router";
    let mut b = Bindings::start().await;
    let client = b.server.gemini_client();
    let chunks = client.corpora().documents().chunks();
    let text = |value: &str| {
        Some(ChunkData {
            data: Some(ChunkDataData::StringValue(value.into())),
            ..Default::default()
        })
    };

    b.expect(
        chunks.batch_create(BatchCreateChunksRequest {
            parent: DOCUMENT.into(),
            requests: vec![
                CreateChunkRequest {
                    parent: DOCUMENT.into(),
                    chunk: Some(Chunk {
                        data: text("Unplug it."),
                        ..Default::default()
                    }),
                    ..Default::default()
                },
                CreateChunkRequest {
                    parent: DOCUMENT.into(),
                    chunk: Some(Chunk {
                        data: text("Plug it back in."),
                        ..Default::default()
                    }),
                    ..Default::default()
                },
            ],
            ..Default::default()
        }),
        "POST",
        "/v1beta/corpora/manuals/documents/router/chunks:batchCreate",
        &[],
        Some(json!({"requests": [
            {"parent": DOCUMENT, "chunk": {"data": {"stringValue": "Unplug it."}}},
            {"parent": DOCUMENT, "chunk": {"data": {"stringValue": "Plug it back in."}}},
        ]})),
    )
    .await;
    b.expect(
        chunks.batch_delete(BatchDeleteChunksRequest {
            parent: DOCUMENT.into(),
            requests: vec![
                DeleteChunkRequest {
                    name: "corpora/manuals/documents/router/chunks/c1".into(),
                    ..Default::default()
                },
                DeleteChunkRequest {
                    name: "corpora/manuals/documents/router/chunks/c2".into(),
                    ..Default::default()
                },
            ],
            ..Default::default()
        }),
        "POST",
        "/v1beta/corpora/manuals/documents/router/chunks:batchDelete",
        &[],
        Some(json!({"requests": [
            {"name": "corpora/manuals/documents/router/chunks/c1"},
            {"name": "corpora/manuals/documents/router/chunks/c2"},
        ]})),
    )
    .await;
    b.expect(
        chunks.batch_update(BatchUpdateChunksRequest {
            parent: DOCUMENT.into(),
            requests: vec![UpdateChunkRequest {
                chunk: Some(Chunk {
                    name: "corpora/manuals/documents/router/chunks/c1".into(),
                    data: text("Unplug it for ten seconds."),
                    ..Default::default()
                }),
                update_mask: Some(FieldMask::new(["data"])),
                ..Default::default()
            }],
            ..Default::default()
        }),
        "POST",
        "/v1beta/corpora/manuals/documents/router/chunks:batchUpdate",
        &[],
        Some(json!({"requests": [{
            "chunk": {
                "name": "corpora/manuals/documents/router/chunks/c1",
                "data": {"stringValue": "Unplug it for ten seconds."},
            },
            "updateMask": "data",
        }]})),
    )
    .await;
    b.expect(
        chunks.create(CreateChunkRequest {
            parent: DOCUMENT.into(),
            chunk: Some(Chunk {
                data: text("Hold the reset button."),
                custom_metadata: vec![CustomMetadata {
                    key: "page".into(),
                    value: Some(CustomMetadataValue::NumericValue(12.0)),
                    ..Default::default()
                }],
                ..Default::default()
            }),
            ..Default::default()
        }),
        "POST",
        "/v1beta/corpora/manuals/documents/router/chunks",
        &[],
        Some(json!({
            "data": {"stringValue": "Hold the reset button."},
            "customMetadata": [{"key": "page", "numericValue": 12.0}],
        })),
    )
    .await;
    b.expect(
        chunks.delete(DeleteChunkRequest {
            name: "corpora/manuals/documents/router/chunks/c1".into(),
            ..Default::default()
        }),
        "DELETE",
        "/v1beta/corpora/manuals/documents/router/chunks/c1",
        &[],
        None,
    )
    .await;
    b.expect(
        chunks.get(GetChunkRequest {
            name: "corpora/manuals/documents/router/chunks/c1".into(),
            ..Default::default()
        }),
        "GET",
        "/v1beta/corpora/manuals/documents/router/chunks/c1",
        &[],
        None,
    )
    .await;
    b.expect(
        chunks.list(ListChunksRequest {
            parent: DOCUMENT.into(),
            page_size: 100,
            page_token: "more".into(),
            ..Default::default()
        }),
        "GET",
        "/v1beta/corpora/manuals/documents/router/chunks",
        &[("pageSize", "100"), ("pageToken", "more")],
        None,
    )
    .await;
    b.expect(
        chunks.patch(UpdateChunkRequest {
            chunk: Some(Chunk {
                name: "corpora/manuals/documents/router/chunks/c1".into(),
                data: text("Hold it for five seconds."),
                ..Default::default()
            }),
            update_mask: Some(FieldMask::new(["data"])),
            ..Default::default()
        }),
        "PATCH",
        "/v1beta/corpora/manuals/documents/router/chunks/c1",
        &[("updateMask", "data")],
        Some(json!({
            "name": "corpora/manuals/documents/router/chunks/c1",
            "data": {"stringValue": "Hold it for five seconds."},
        })),
    )
    .await;

    b.finish(8);
}

#[tokio::test]
async fn corpora_permissions() {
    let mut b = Bindings::start().await;
    let client = b.server.gemini_client();
    let permissions = client.corpora().permissions();

    b.expect(
        permissions.create(CreatePermissionRequest {
            parent: "corpora/manuals".into(),
            permission: Some(Permission {
                grantee_type: Some(GranteeType::User),
                email_address: Some("reader@example.com".into()),
                role: Some(Role::Reader),
                ..Default::default()
            }),
            ..Default::default()
        }),
        "POST",
        "/v1beta/corpora/manuals/permissions",
        &[],
        Some(json!({
            "granteeType": "USER",
            "emailAddress": "reader@example.com",
            "role": "READER",
        })),
    )
    .await;
    b.expect(
        permissions.delete(DeletePermissionRequest {
            name: "corpora/manuals/permissions/p1".into(),
            ..Default::default()
        }),
        "DELETE",
        "/v1beta/corpora/manuals/permissions/p1",
        &[],
        None,
    )
    .await;
    b.expect(
        permissions.get(GetPermissionRequest {
            name: "corpora/manuals/permissions/p1".into(),
            ..Default::default()
        }),
        "GET",
        "/v1beta/corpora/manuals/permissions/p1",
        &[],
        None,
    )
    .await;
    // Only the page size is set: the unset page token is not sent.
    b.expect(
        permissions.list(ListPermissionsRequest {
            parent: "corpora/manuals".into(),
            page_size: 10,
            ..Default::default()
        }),
        "GET",
        "/v1beta/corpora/manuals/permissions",
        &[("pageSize", "10")],
        None,
    )
    .await;
    b.expect(
        permissions.patch(UpdatePermissionRequest {
            permission: Some(Permission {
                name: "corpora/manuals/permissions/p1".into(),
                role: Some(Role::Writer),
                ..Default::default()
            }),
            update_mask: Some(FieldMask::new(["role"])),
            ..Default::default()
        }),
        "PATCH",
        "/v1beta/corpora/manuals/permissions/p1",
        &[("updateMask", "role")],
        Some(json!({"name": "corpora/manuals/permissions/p1", "role": "WRITER"})),
    )
    .await;

    b.finish(5);
}

#[tokio::test]
async fn files_and_media() {
    let mut b = Bindings::start().await;
    let client = b.server.gemini_client();

    // files
    b.expect(
        client.files().delete(DeleteFileRequest {
            name: "files/abc-123".into(),
            ..Default::default()
        }),
        "DELETE",
        "/v1beta/files/abc-123",
        &[],
        None,
    )
    .await;
    b.expect(
        client.files().get(GetFileRequest {
            name: "files/abc-123".into(),
            ..Default::default()
        }),
        "GET",
        "/v1beta/files/abc-123",
        &[],
        None,
    )
    .await;
    // A page token with characters that must be escaped in a query.
    b.expect(
        client.files().list(ListFilesRequest {
            page_size: 25,
            page_token: "a/b+c d&e=f".into(),
            ..Default::default()
        }),
        "GET",
        "/v1beta/files",
        &[("pageSize", "25"), ("pageToken", "a/b+c d&e=f")],
        None,
    )
    .await;

    // media
    b.expect(
        client.media().upload(CreateFileRequest {
            file: Some(File {
                display_name: "Notes".into(),
                mime_type: "text/plain".into(),
                ..Default::default()
            }),
            ..Default::default()
        }),
        "POST",
        "/v1beta/files",
        &[],
        Some(json!({"file": {"displayName": "Notes", "mimeType": "text/plain"}})),
    )
    .await;

    b.finish(4);
}

#[tokio::test]
async fn models() {
    let mut b = Bindings::start().await;
    let client = b.server.gemini_client();
    let models = client.models();

    b.expect(
        models.batch_embed_contents(BatchEmbedContentsRequest {
            model: "models/text-embedding-004".into(),
            requests: vec![
                EmbedContentRequest {
                    model: "models/text-embedding-004".into(),
                    content: Some(content("first")),
                    ..Default::default()
                },
                EmbedContentRequest {
                    model: "models/text-embedding-004".into(),
                    content: Some(content("second")),
                    ..Default::default()
                },
            ],
            ..Default::default()
        }),
        "POST",
        "/v1beta/models/text-embedding-004:batchEmbedContents",
        &[],
        Some(json!({"requests": [
            {"model": "models/text-embedding-004", "content": {"parts": [{"text": "first"}]}},
            {"model": "models/text-embedding-004", "content": {"parts": [{"text": "second"}]}},
        ]})),
    )
    .await;
    b.expect(
        models.batch_embed_text(BatchEmbedTextRequest {
            model: "models/embedding-gecko-001".into(),
            texts: vec!["first".into(), "second".into()],
            ..Default::default()
        }),
        "POST",
        "/v1beta/models/embedding-gecko-001:batchEmbedText",
        &[],
        Some(json!({"texts": ["first", "second"]})),
    )
    .await;
    b.expect(
        models.count_message_tokens(CountMessageTokensRequest {
            model: "models/chat-bison-001".into(),
            prompt: Some(MessagePrompt {
                context: "Be brief.".into(),
                messages: vec![Message {
                    author: "0".into(),
                    content: "Hello".into(),
                    ..Default::default()
                }],
                ..Default::default()
            }),
            ..Default::default()
        }),
        "POST",
        "/v1beta/models/chat-bison-001:countMessageTokens",
        &[],
        Some(json!({"prompt": {
            "context": "Be brief.",
            "messages": [{"author": "0", "content": "Hello"}],
        }})),
    )
    .await;
    b.expect(
        models.count_text_tokens(CountTextTokensRequest {
            model: "models/text-bison-001".into(),
            prompt: Some(TextPrompt {
                text: "Hello".into(),
                ..Default::default()
            }),
            ..Default::default()
        }),
        "POST",
        "/v1beta/models/text-bison-001:countTextTokens",
        &[],
        Some(json!({"prompt": {"text": "Hello"}})),
    )
    .await;
    b.expect(
        models.count_tokens(CountTokensRequest {
            model: "models/gemini-1.5-flash".into(),
            contents: vec![user_turn("Hello")],
            ..Default::default()
        }),
        "POST",
        "/v1beta/models/gemini-1.5-flash:countTokens",
        &[],
        Some(json!({"contents": [{"role": "user", "parts": [{"text": "Hello"}]}]})),
    )
    .await;
    b.expect(
        models.embed_content(EmbedContentRequest {
            model: "models/text-embedding-004".into(),
            content: Some(content("Hello")),
            task_type: Some(TaskType::RetrievalQuery),
            output_dimensionality: Some(256),
            ..Default::default()
        }),
        "POST",
        "/v1beta/models/text-embedding-004:embedContent",
        &[],
        Some(json!({
            "content": {"parts": [{"text": "Hello"}]},
            "taskType": "RETRIEVAL_QUERY",
            "outputDimensionality": 256,
        })),
    )
    .await;
    b.expect(
        models.embed_text(EmbedTextRequest {
            model: "models/embedding-gecko-001".into(),
            text: "Hello".into(),
            ..Default::default()
        }),
        "POST",
        "/v1beta/models/embedding-gecko-001:embedText",
        &[],
        Some(json!({"text": "Hello"})),
    )
    .await;
    b.expect(
        models.generate_answer(GenerateAnswerRequest {
            model: "models/aqa".into(),
            contents: vec![user_turn("How do I reset it?")],
            answer_style: AnswerStyle::Abstractive,
            temperature: Some(0.25),
            grounding_source: Some(GenerateAnswerRequestGroundingSource::SemanticRetriever(
                SemanticRetrieverConfig {
                    source: "corpora/manuals".into(),
                    query: Some(content("reset")),
                    max_chunks_count: Some(5),
                    ..Default::default()
                },
            )),
            ..Default::default()
        }),
        "POST",
        "/v1beta/models/aqa:generateAnswer",
        &[],
        Some(json!({
            "contents": [{"role": "user", "parts": [{"text": "How do I reset it?"}]}],
            "answerStyle": "ABSTRACTIVE",
            "temperature": 0.25,
            "semanticRetriever": {
                "source": "corpora/manuals",
                "query": {"parts": [{"text": "reset"}]},
                "maxChunksCount": 5,
            },
        })),
    )
    .await;
    b.expect(
        models.generate_content(GenerateContentRequest {
            model: "models/gemini-1.5-flash".into(),
            system_instruction: Some(content("You are a poet.")),
            contents: vec![user_turn("Write a haiku.")],
            generation_config: Some(GenerationConfig {
                temperature: Some(0.5),
                max_output_tokens: Some(64),
                stop_sequences: vec!["END".into()],
                ..Default::default()
            }),
            cached_content: Some("cachedContents/cc-1".into()),
            ..Default::default()
        }),
        "POST",
        "/v1beta/models/gemini-1.5-flash:generateContent",
        &[],
        Some(json!({
            "systemInstruction": {"parts": [{"text": "You are a poet."}]},
            "contents": [{"role": "user", "parts": [{"text": "Write a haiku."}]}],
            "generationConfig": {"temperature": 0.5, "maxOutputTokens": 64, "stopSequences": ["END"]},
            "cachedContent": "cachedContents/cc-1",
        })),
    )
    .await;
    b.expect(
        models.generate_message(GenerateMessageRequest {
            model: "models/chat-bison-001".into(),
            prompt: Some(MessagePrompt {
                messages: vec![Message {
                    author: "0".into(),
                    content: "Hi".into(),
                    ..Default::default()
                }],
                ..Default::default()
            }),
            temperature: Some(0.5),
            candidate_count: Some(2),
            ..Default::default()
        }),
        "POST",
        "/v1beta/models/chat-bison-001:generateMessage",
        &[],
        Some(json!({
            "prompt": {"messages": [{"author": "0", "content": "Hi"}]},
            "temperature": 0.5,
            "candidateCount": 2,
        })),
    )
    .await;
    b.expect(
        models.generate_text(GenerateTextRequest {
            model: "models/text-bison-001".into(),
            prompt: Some(TextPrompt {
                text: "Once upon a time".into(),
                ..Default::default()
            }),
            max_output_tokens: Some(100),
            stop_sequences: vec![".".into()],
            ..Default::default()
        }),
        "POST",
        "/v1beta/models/text-bison-001:generateText",
        &[],
        Some(json!({
            "prompt": {"text": "Once upon a time"},
            "maxOutputTokens": 100,
            "stopSequences": ["."],
        })),
    )
    .await;
    b.expect(
        models.get(GetModelRequest {
            name: "models/gemini-1.5-flash".into(),
            ..Default::default()
        }),
        "GET",
        "/v1beta/models/gemini-1.5-flash",
        &[],
        None,
    )
    .await;
    b.expect(
        models.list(ListModelsRequest {
            page_size: 50,
            page_token: "p".into(),
            ..Default::default()
        }),
        "GET",
        "/v1beta/models",
        &[("pageSize", "50"), ("pageToken", "p")],
        None,
    )
    .await;
    let events = b
        .expect(
            read_all(models.stream_generate_content(GenerateContentRequest {
                model: "models/gemini-1.5-flash".into(),
                contents: vec![user_turn("Tell me a story.")],
                ..Default::default()
            })),
            "POST",
            "/v1beta/models/gemini-1.5-flash:streamGenerateContent",
            &[("alt", "sse")],
            Some(json!({"contents": [{"role": "user", "parts": [{"text": "Tell me a story."}]}]})),
        )
        .await;
    if let Some(events) = events {
        assert_eq!(events, vec![GenerateContentResponse::default()]);
    }

    b.finish(14);
}

#[tokio::test]
async fn tuned_models() {
    let mut b = Bindings::start().await;
    let client = b.server.gemini_client();
    let tuned = client.tuned_models();

    b.expect(
        tuned.create(CreateTunedModelRequest {
            tuned_model_id: Some("haiku-writer".into()),
            tuned_model: Some(TunedModel {
                display_name: "Haiku writer".into(),
                source_model: Some(TunedModelSourceModel::BaseModel(
                    "models/gemini-1.0-pro-001".into(),
                )),
                tuning_task: Some(TuningTask {
                    training_data: Some(Dataset {
                        dataset: Some(DatasetDataset::Examples(TuningExamples {
                            examples: vec![TuningExample {
                                model_input: Some(TuningExampleModelInput::TextInput(
                                    "autumn".into(),
                                )),
                                output: "Leaves drift and fall".into(),
                                ..Default::default()
                            }],
                            ..Default::default()
                        })),
                        ..Default::default()
                    }),
                    hyperparameters: Some(Hyperparameters {
                        epoch_count: Some(5),
                        batch_size: Some(4),
                        learning_rate_option: Some(
                            HyperparametersLearningRateOption::LearningRate(0.5),
                        ),
                        ..Default::default()
                    }),
                    ..Default::default()
                }),
                ..Default::default()
            }),
            ..Default::default()
        }),
        "POST",
        "/v1beta/tunedModels",
        &[("tunedModelId", "haiku-writer")],
        Some(json!({
            "displayName": "Haiku writer",
            "baseModel": "models/gemini-1.0-pro-001",
            "tuningTask": {
                "trainingData": {"examples": {"examples": [
                    {"textInput": "autumn", "output": "Leaves drift and fall"},
                ]}},
                "hyperparameters": {"epochCount": 5, "batchSize": 4, "learningRate": 0.5},
            },
        })),
    )
    .await;
    b.expect(
        tuned.delete(DeleteTunedModelRequest {
            name: "tunedModels/haiku-writer".into(),
            ..Default::default()
        }),
        "DELETE",
        "/v1beta/tunedModels/haiku-writer",
        &[],
        None,
    )
    .await;
    b.expect(
        tuned.generate_content(GenerateContentRequest {
            model: "tunedModels/haiku-writer".into(),
            contents: vec![user_turn("winter")],
            ..Default::default()
        }),
        "POST",
        "/v1beta/tunedModels/haiku-writer:generateContent",
        &[],
        Some(json!({"contents": [{"role": "user", "parts": [{"text": "winter"}]}]})),
    )
    .await;
    b.expect(
        tuned.generate_text(GenerateTextRequest {
            model: "tunedModels/haiku-writer".into(),
            prompt: Some(TextPrompt {
                text: "winter".into(),
                ..Default::default()
            }),
            temperature: Some(0.5),
            ..Default::default()
        }),
        "POST",
        "/v1beta/tunedModels/haiku-writer:generateText",
        &[],
        Some(json!({"prompt": {"text": "winter"}, "temperature": 0.5})),
    )
    .await;
    b.expect(
        tuned.get(GetTunedModelRequest {
            name: "tunedModels/haiku-writer".into(),
            ..Default::default()
        }),
        "GET",
        "/v1beta/tunedModels/haiku-writer",
        &[],
        None,
    )
    .await;
    b.expect(
        tuned.list(ListTunedModelsRequest {
            page_size: 10,
            page_token: "t".into(),
            filter: "owner:me".into(),
            ..Default::default()
        }),
        "GET",
        "/v1beta/tunedModels",
        &[
            ("filter", "owner:me"),
            ("pageSize", "10"),
            ("pageToken", "t"),
        ],
        None,
    )
    .await;
    b.expect(
        tuned.patch(UpdateTunedModelRequest {
            tuned_model: Some(TunedModel {
                name: "tunedModels/haiku-writer".into(),
                display_name: "Haiku writer v2".into(),
                description: "Writes haiku.".into(),
                ..Default::default()
            }),
            update_mask: Some(FieldMask::new(["display_name", "description"])),
            ..Default::default()
        }),
        "PATCH",
        "/v1beta/tunedModels/haiku-writer",
        &[("updateMask", "displayName,description")],
        Some(json!({
            "name": "tunedModels/haiku-writer",
            "displayName": "Haiku writer v2",
            "description": "Writes haiku.",
        })),
    )
    .await;
    let events = b
        .expect(
            read_all(tuned.stream_generate_content(GenerateContentRequest {
                model: "tunedModels/haiku-writer".into(),
                contents: vec![user_turn("spring")],
                ..Default::default()
            })),
            "POST",
            "/v1beta/tunedModels/haiku-writer:streamGenerateContent",
            &[("alt", "sse")],
            Some(json!({"contents": [{"role": "user", "parts": [{"text": "spring"}]}]})),
        )
        .await;
    if let Some(events) = events {
        assert_eq!(events, vec![GenerateContentResponse::default()]);
    }
    b.expect(
        tuned.transfer_ownership(TransferOwnershipRequest {
            name: "tunedModels/haiku-writer".into(),
            email_address: "new-owner@example.com".into(),
            ..Default::default()
        }),
        "POST",
        "/v1beta/tunedModels/haiku-writer:transferOwnership",
        &[],
        Some(json!({"emailAddress": "new-owner@example.com"})),
    )
    .await;

    b.finish(9);
}

#[tokio::test]
async fn tuned_models_operations() {
    let mut b = Bindings::start().await;
    let client = b.server.gemini_client();
    let operations = client.tuned_models().operations();

    b.expect(
        operations.get(GetOperationRequest {
            name: "tunedModels/haiku-writer/operations/op-1".into(),
            ..Default::default()
        }),
        "GET",
        "/v1beta/tunedModels/haiku-writer/operations/op-1",
        &[],
        None,
    )
    .await;
    b.expect(
        operations.list(ListOperationsRequest {
            name: "tunedModels/haiku-writer".into(),
            filter: "done=true".into(),
            page_size: 3,
            page_token: "x".into(),
            return_partial_success: true,
            ..Default::default()
        }),
        "GET",
        "/v1beta/tunedModels/haiku-writer/operations",
        &[
            ("filter", "done=true"),
            ("pageSize", "3"),
            ("pageToken", "x"),
            ("returnPartialSuccess", "true"),
        ],
        None,
    )
    .await;

    b.finish(2);
}

#[tokio::test]
async fn tuned_models_permissions() {
    let mut b = Bindings::start().await;
    let client = b.server.gemini_client();
    let permissions = client.tuned_models().permissions();

    b.expect(
        permissions.create(CreatePermissionRequest {
            parent: "tunedModels/haiku-writer".into(),
            permission: Some(Permission {
                grantee_type: Some(GranteeType::Group),
                email_address: Some("poets@example.com".into()),
                role: Some(Role::Reader),
                ..Default::default()
            }),
            ..Default::default()
        }),
        "POST",
        "/v1beta/tunedModels/haiku-writer/permissions",
        &[],
        Some(json!({
            "granteeType": "GROUP",
            "emailAddress": "poets@example.com",
            "role": "READER",
        })),
    )
    .await;
    b.expect(
        permissions.delete(DeletePermissionRequest {
            name: "tunedModels/haiku-writer/permissions/p1".into(),
            ..Default::default()
        }),
        "DELETE",
        "/v1beta/tunedModels/haiku-writer/permissions/p1",
        &[],
        None,
    )
    .await;
    b.expect(
        permissions.get(GetPermissionRequest {
            name: "tunedModels/haiku-writer/permissions/p1".into(),
            ..Default::default()
        }),
        "GET",
        "/v1beta/tunedModels/haiku-writer/permissions/p1",
        &[],
        None,
    )
    .await;
    b.expect(
        permissions.list(ListPermissionsRequest {
            parent: "tunedModels/haiku-writer".into(),
            page_size: 10,
            page_token: "next".into(),
            ..Default::default()
        }),
        "GET",
        "/v1beta/tunedModels/haiku-writer/permissions",
        &[("pageSize", "10"), ("pageToken", "next")],
        None,
    )
    .await;
    b.expect(
        permissions.patch(UpdatePermissionRequest {
            permission: Some(Permission {
                name: "tunedModels/haiku-writer/permissions/p1".into(),
                role: Some(Role::Writer),
                ..Default::default()
            }),
            update_mask: Some(FieldMask::new(["role"])),
            ..Default::default()
        }),
        "PATCH",
        "/v1beta/tunedModels/haiku-writer/permissions/p1",
        &[("updateMask", "role")],
        Some(json!({"name": "tunedModels/haiku-writer/permissions/p1", "role": "WRITER"})),
    )
    .await;

    b.finish(5);
}

/// A resource name that does not match its path template is refused before
/// anything is sent.
#[tokio::test]
async fn names_that_do_not_match_the_template_are_refused() {
    let server = RecordingServer::start(|_| Reply::Json(200, json!({}))).await;
    let client = server.gemini_client();

    for name in ["files/x", "corpora/a/b", "corpora/..", "corpora/", ""] {
        let result = client
            .corpora()
            .get(GetCorpusRequest {
                name: name.into(),
                ..Default::default()
            })
            .await;
        assert!(
            matches!(result, Err(Error::InvalidRequest(_))),
            "corpora.get with name {name:?} gave {result:?}"
        );
    }

    // A parent where a document name is expected.
    let result = client
        .corpora()
        .documents()
        .get(GetDocumentRequest {
            name: "corpora/manuals".into(),
            ..Default::default()
        })
        .await;
    assert!(
        matches!(result, Err(Error::InvalidRequest(_))),
        "corpora.documents.get with a corpus name gave {result:?}"
    );

    // A dotted path variable whose message is absent, or names another resource.
    for corpus in [
        None,
        Some(Corpus {
            name: "tunedModels/x".into(),
            ..Default::default()
        }),
    ] {
        let result = client
            .corpora()
            .patch(UpdateCorpusRequest {
                corpus: corpus.clone(),
                ..Default::default()
            })
            .await;
        assert!(
            matches!(result, Err(Error::InvalidRequest(_))),
            "corpora.patch with corpus {corpus:?} gave {result:?}"
        );
    }

    assert_eq!(server.take(), Vec::new(), "nothing should have been sent");
}
