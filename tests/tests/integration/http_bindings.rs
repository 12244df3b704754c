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
    Content::new().set_parts([Part::new().set_text(text)])
}

/// A user turn with one text part.
fn user_turn(text: &str) -> Content {
    content(text).set_role("user")
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
        cached.create(
            CreateCachedContentRequest::new().set_cached_content(
                CachedContent::new()
                    .set_model("models/gemini-1.5-flash-001")
                    .set_display_name("Router manual")
                    .set_contents([user_turn("The whole manual.")])
                    .set_ttl(Duration::from_secs(3600)),
            ),
        ),
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
        cached.delete(DeleteCachedContentRequest::new().set_name("cachedContents/cc-1")),
        "DELETE",
        "/v1beta/cachedContents/cc-1",
        &[],
        None,
    )
    .await;
    b.expect(
        cached.get(GetCachedContentRequest::new().set_name("cachedContents/cc-1")),
        "GET",
        "/v1beta/cachedContents/cc-1",
        &[],
        None,
    )
    .await;
    b.expect(
        cached.list(
            ListCachedContentsRequest::new()
                .set_page_size(20)
                .set_page_token("page-2"),
        ),
        "GET",
        "/v1beta/cachedContents",
        &[("pageSize", "20"), ("pageToken", "page-2")],
        None,
    )
    .await;
    b.expect(
        cached.patch(
            UpdateCachedContentRequest::new()
                .set_cached_content(
                    CachedContent::new()
                        .set_name("cachedContents/cc-1")
                        .set_ttl(Duration::from_secs(7200)),
                )
                .set_update_mask(FieldMask::new(["ttl"])),
        ),
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
        corpora.create(
            CreateCorpusRequest::new().set_corpus(Corpus::new().set_display_name("Manuals")),
        ),
        "POST",
        "/v1beta/corpora",
        &[],
        Some(json!({"displayName": "Manuals"})),
    )
    .await;
    b.expect(
        corpora.delete(
            DeleteCorpusRequest::new()
                .set_name("corpora/manuals")
                .set_force(true),
        ),
        "DELETE",
        "/v1beta/corpora/manuals",
        &[("force", "true")],
        None,
    )
    .await;
    b.expect(
        corpora.get(GetCorpusRequest::new().set_name("corpora/manuals")),
        "GET",
        "/v1beta/corpora/manuals",
        &[],
        None,
    )
    .await;
    b.expect(
        corpora.list(
            ListCorporaRequest::new()
                .set_page_size(10)
                .set_page_token("next"),
        ),
        "GET",
        "/v1beta/corpora",
        &[("pageSize", "10"), ("pageToken", "next")],
        None,
    )
    .await;
    b.expect(
        corpora.patch(
            UpdateCorpusRequest::new()
                .set_corpus(
                    Corpus::new()
                        .set_name("corpora/manuals")
                        .set_display_name("Product manuals"),
                )
                .set_update_mask(FieldMask::new(["display_name"])),
        ),
        "PATCH",
        "/v1beta/corpora/manuals",
        &[("updateMask", "displayName")],
        Some(json!({"name": "corpora/manuals", "displayName": "Product manuals"})),
    )
    .await;
    b.expect(
        corpora.query(
            QueryCorpusRequest::new()
                .set_name("corpora/manuals")
                .set_query("How do I reset it?")
                .set_results_count(5)
                .set_metadata_filters([MetadataFilter::new()
                    .set_key("chunk.custom_metadata.year")
                    .set_conditions([Condition::new()
                        .set_operation(condition::Operator::GreaterEqual)
                        .set_numeric_value(2020.0)])]),
        ),
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
        documents.create(
            CreateDocumentRequest::new()
                .set_parent("corpora/manuals")
                .set_document(
                    Document::new()
                        .set_display_name("Router guide")
                        .set_custom_metadata([CustomMetadata::new()
                            .set_key("year")
                            .set_numeric_value(2023.0)]),
                ),
        ),
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
        documents.delete(
            DeleteDocumentRequest::new()
                .set_name("corpora/manuals/documents/router")
                .set_force(true),
        ),
        "DELETE",
        "/v1beta/corpora/manuals/documents/router",
        &[("force", "true")],
        None,
    )
    .await;
    b.expect(
        documents.get(GetDocumentRequest::new().set_name("corpora/manuals/documents/router")),
        "GET",
        "/v1beta/corpora/manuals/documents/router",
        &[],
        None,
    )
    .await;
    b.expect(
        documents.list(
            ListDocumentsRequest::new()
                .set_parent("corpora/manuals")
                .set_page_size(5)
                .set_page_token("t"),
        ),
        "GET",
        "/v1beta/corpora/manuals/documents",
        &[("pageSize", "5"), ("pageToken", "t")],
        None,
    )
    .await;
    b.expect(
        documents.patch(
            UpdateDocumentRequest::new()
                .set_document(
                    Document::new()
                        .set_name("corpora/manuals/documents/router")
                        .set_display_name("Router guide v2")
                        .set_custom_metadata([CustomMetadata::new()
                            .set_key("tags")
                            .set_string_list_value(
                                StringList::new().set_values(["network", "setup"]),
                            )]),
                )
                .set_update_mask(FieldMask::new(["display_name", "custom_metadata"])),
        ),
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
        documents.query(
            QueryDocumentRequest::new()
                .set_name("corpora/manuals/documents/router")
                .set_query("reset")
                .set_results_count(3),
        ),
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
    let text = |value: &str| ChunkData::new().set_string_value(value);

    b.expect(
        chunks.batch_create(
            BatchCreateChunksRequest::new()
                .set_parent(DOCUMENT)
                .set_requests([
                    CreateChunkRequest::new()
                        .set_parent(DOCUMENT)
                        .set_chunk(Chunk::new().set_data(text("Unplug it."))),
                    CreateChunkRequest::new()
                        .set_parent(DOCUMENT)
                        .set_chunk(Chunk::new().set_data(text("Plug it back in."))),
                ]),
        ),
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
        chunks.batch_delete(
            BatchDeleteChunksRequest::new()
                .set_parent(DOCUMENT)
                .set_requests([
                    DeleteChunkRequest::new()
                        .set_name("corpora/manuals/documents/router/chunks/c1"),
                    DeleteChunkRequest::new()
                        .set_name("corpora/manuals/documents/router/chunks/c2"),
                ]),
        ),
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
        chunks.batch_update(
            BatchUpdateChunksRequest::new()
                .set_parent(DOCUMENT)
                .set_requests([UpdateChunkRequest::new()
                    .set_chunk(
                        Chunk::new()
                            .set_name("corpora/manuals/documents/router/chunks/c1")
                            .set_data(text("Unplug it for ten seconds.")),
                    )
                    .set_update_mask(FieldMask::new(["data"]))]),
        ),
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
        chunks.create(
            CreateChunkRequest::new().set_parent(DOCUMENT).set_chunk(
                Chunk::new()
                    .set_data(text("Hold the reset button."))
                    .set_custom_metadata([CustomMetadata::new()
                        .set_key("page")
                        .set_numeric_value(12.0)]),
            ),
        ),
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
        chunks.delete(
            DeleteChunkRequest::new().set_name("corpora/manuals/documents/router/chunks/c1"),
        ),
        "DELETE",
        "/v1beta/corpora/manuals/documents/router/chunks/c1",
        &[],
        None,
    )
    .await;
    b.expect(
        chunks.get(GetChunkRequest::new().set_name("corpora/manuals/documents/router/chunks/c1")),
        "GET",
        "/v1beta/corpora/manuals/documents/router/chunks/c1",
        &[],
        None,
    )
    .await;
    b.expect(
        chunks.list(
            ListChunksRequest::new()
                .set_parent(DOCUMENT)
                .set_page_size(100)
                .set_page_token("more"),
        ),
        "GET",
        "/v1beta/corpora/manuals/documents/router/chunks",
        &[("pageSize", "100"), ("pageToken", "more")],
        None,
    )
    .await;
    b.expect(
        chunks.patch(
            UpdateChunkRequest::new()
                .set_chunk(
                    Chunk::new()
                        .set_name("corpora/manuals/documents/router/chunks/c1")
                        .set_data(text("Hold it for five seconds.")),
                )
                .set_update_mask(FieldMask::new(["data"])),
        ),
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
        permissions.create(
            CreatePermissionRequest::new()
                .set_parent("corpora/manuals")
                .set_permission(
                    Permission::new()
                        .set_grantee_type(permission::GranteeType::User)
                        .set_email_address("reader@example.com")
                        .set_role(permission::Role::Reader),
                ),
        ),
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
        permissions
            .delete(DeletePermissionRequest::new().set_name("corpora/manuals/permissions/p1")),
        "DELETE",
        "/v1beta/corpora/manuals/permissions/p1",
        &[],
        None,
    )
    .await;
    b.expect(
        permissions.get(GetPermissionRequest::new().set_name("corpora/manuals/permissions/p1")),
        "GET",
        "/v1beta/corpora/manuals/permissions/p1",
        &[],
        None,
    )
    .await;
    // Only the page size is set: the unset page token is not sent.
    b.expect(
        permissions.list(
            ListPermissionsRequest::new()
                .set_parent("corpora/manuals")
                .set_page_size(10),
        ),
        "GET",
        "/v1beta/corpora/manuals/permissions",
        &[("pageSize", "10")],
        None,
    )
    .await;
    b.expect(
        permissions.patch(
            UpdatePermissionRequest::new()
                .set_permission(
                    Permission::new()
                        .set_name("corpora/manuals/permissions/p1")
                        .set_role(permission::Role::Writer),
                )
                .set_update_mask(FieldMask::new(["role"])),
        ),
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
        client
            .files()
            .delete(DeleteFileRequest::new().set_name("files/abc-123")),
        "DELETE",
        "/v1beta/files/abc-123",
        &[],
        None,
    )
    .await;
    b.expect(
        client
            .files()
            .get(GetFileRequest::new().set_name("files/abc-123")),
        "GET",
        "/v1beta/files/abc-123",
        &[],
        None,
    )
    .await;
    // A page token with characters that must be escaped in a query.
    b.expect(
        client.files().list(
            ListFilesRequest::new()
                .set_page_size(25)
                .set_page_token("a/b+c d&e=f"),
        ),
        "GET",
        "/v1beta/files",
        &[("pageSize", "25"), ("pageToken", "a/b+c d&e=f")],
        None,
    )
    .await;

    // media
    b.expect(
        client.media().upload(
            CreateFileRequest::new().set_file(
                File::new()
                    .set_display_name("Notes")
                    .set_mime_type("text/plain"),
            ),
        ),
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
        models.batch_embed_contents(
            BatchEmbedContentsRequest::new()
                .set_model("models/text-embedding-004")
                .set_requests([
                    EmbedContentRequest::new()
                        .set_model("models/text-embedding-004")
                        .set_content(content("first")),
                    EmbedContentRequest::new()
                        .set_model("models/text-embedding-004")
                        .set_content(content("second")),
                ]),
        ),
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
        models.batch_embed_text(
            BatchEmbedTextRequest::new()
                .set_model("models/embedding-gecko-001")
                .set_texts(["first", "second"]),
        ),
        "POST",
        "/v1beta/models/embedding-gecko-001:batchEmbedText",
        &[],
        Some(json!({"texts": ["first", "second"]})),
    )
    .await;
    b.expect(
        models.count_message_tokens(
            CountMessageTokensRequest::new()
                .set_model("models/chat-bison-001")
                .set_prompt(
                    MessagePrompt::new()
                        .set_context("Be brief.")
                        .set_messages([Message::new().set_author("0").set_content("Hello")]),
                ),
        ),
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
        models.count_text_tokens(
            CountTextTokensRequest::new()
                .set_model("models/text-bison-001")
                .set_prompt(TextPrompt::new().set_text("Hello")),
        ),
        "POST",
        "/v1beta/models/text-bison-001:countTextTokens",
        &[],
        Some(json!({"prompt": {"text": "Hello"}})),
    )
    .await;
    b.expect(
        models.count_tokens(
            CountTokensRequest::new()
                .set_model("models/gemini-1.5-flash")
                .set_contents([user_turn("Hello")]),
        ),
        "POST",
        "/v1beta/models/gemini-1.5-flash:countTokens",
        &[],
        Some(json!({"contents": [{"role": "user", "parts": [{"text": "Hello"}]}]})),
    )
    .await;
    b.expect(
        models.embed_content(
            EmbedContentRequest::new()
                .set_model("models/text-embedding-004")
                .set_content(content("Hello"))
                .set_task_type(TaskType::RetrievalQuery)
                .set_output_dimensionality(256),
        ),
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
        models.embed_text(
            EmbedTextRequest::new()
                .set_model("models/embedding-gecko-001")
                .set_text("Hello"),
        ),
        "POST",
        "/v1beta/models/embedding-gecko-001:embedText",
        &[],
        Some(json!({"text": "Hello"})),
    )
    .await;
    b.expect(
        models.generate_answer(
            GenerateAnswerRequest::new()
                .set_model("models/aqa")
                .set_contents([user_turn("How do I reset it?")])
                .set_answer_style(generate_answer_request::AnswerStyle::Abstractive)
                .set_temperature(0.25)
                .set_semantic_retriever(
                    SemanticRetrieverConfig::new()
                        .set_source("corpora/manuals")
                        .set_query(content("reset"))
                        .set_max_chunks_count(5),
                ),
        ),
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
        models.generate_content(
            GenerateContentRequest::new()
                .set_model("models/gemini-1.5-flash")
                .set_system_instruction(content("You are a poet."))
                .set_contents([user_turn("Write a haiku.")])
                .set_generation_config(
                    GenerationConfig::new()
                        .set_temperature(0.5)
                        .set_max_output_tokens(64)
                        .set_stop_sequences(["END"]),
                )
                .set_cached_content("cachedContents/cc-1"),
        ),
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
        models.generate_message(
            GenerateMessageRequest::new()
                .set_model("models/chat-bison-001")
                .set_prompt(
                    MessagePrompt::new()
                        .set_messages([Message::new().set_author("0").set_content("Hi")]),
                )
                .set_temperature(0.5)
                .set_candidate_count(2),
        ),
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
        models.generate_text(
            GenerateTextRequest::new()
                .set_model("models/text-bison-001")
                .set_prompt(TextPrompt::new().set_text("Once upon a time"))
                .set_max_output_tokens(100)
                .set_stop_sequences(["."]),
        ),
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
        models.get(GetModelRequest::new().set_name("models/gemini-1.5-flash")),
        "GET",
        "/v1beta/models/gemini-1.5-flash",
        &[],
        None,
    )
    .await;
    b.expect(
        models.list(
            ListModelsRequest::new()
                .set_page_size(50)
                .set_page_token("p"),
        ),
        "GET",
        "/v1beta/models",
        &[("pageSize", "50"), ("pageToken", "p")],
        None,
    )
    .await;
    let events = b
        .expect(
            read_all(
                models.stream_generate_content(
                    GenerateContentRequest::new()
                        .set_model("models/gemini-1.5-flash")
                        .set_contents([user_turn("Tell me a story.")]),
                ),
            ),
            "POST",
            "/v1beta/models/gemini-1.5-flash:streamGenerateContent",
            &[("alt", "sse")],
            Some(json!({"contents": [{"role": "user", "parts": [{"text": "Tell me a story."}]}]})),
        )
        .await;
    if let Some(events) = events {
        assert_eq!(events, vec![GenerateContentResponse::new()]);
    }

    b.finish(14);
}

#[tokio::test]
async fn tuned_models() {
    let mut b = Bindings::start().await;
    let client = b.server.gemini_client();
    let tuned = client.tuned_models();

    let example = TuningExample::new()
        .set_text_input("autumn")
        .set_output("Leaves drift and fall");
    let tuning_task = TuningTask::new()
        .set_training_data(
            Dataset::new().set_examples(TuningExamples::new().set_examples([example])),
        )
        .set_hyperparameters(
            Hyperparameters::new()
                .set_epoch_count(5)
                .set_batch_size(4)
                .set_learning_rate(0.5),
        );
    b.expect(
        tuned.create(
            CreateTunedModelRequest::new()
                .set_tuned_model_id("haiku-writer")
                .set_tuned_model(
                    TunedModel::new()
                        .set_display_name("Haiku writer")
                        .set_base_model("models/gemini-1.0-pro-001")
                        .set_tuning_task(tuning_task),
                ),
        ),
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
        tuned.delete(DeleteTunedModelRequest::new().set_name("tunedModels/haiku-writer")),
        "DELETE",
        "/v1beta/tunedModels/haiku-writer",
        &[],
        None,
    )
    .await;
    b.expect(
        tuned.generate_content(
            GenerateContentRequest::new()
                .set_model("tunedModels/haiku-writer")
                .set_contents([user_turn("winter")]),
        ),
        "POST",
        "/v1beta/tunedModels/haiku-writer:generateContent",
        &[],
        Some(json!({"contents": [{"role": "user", "parts": [{"text": "winter"}]}]})),
    )
    .await;
    b.expect(
        tuned.generate_text(
            GenerateTextRequest::new()
                .set_model("tunedModels/haiku-writer")
                .set_prompt(TextPrompt::new().set_text("winter"))
                .set_temperature(0.5),
        ),
        "POST",
        "/v1beta/tunedModels/haiku-writer:generateText",
        &[],
        Some(json!({"prompt": {"text": "winter"}, "temperature": 0.5})),
    )
    .await;
    b.expect(
        tuned.get(GetTunedModelRequest::new().set_name("tunedModels/haiku-writer")),
        "GET",
        "/v1beta/tunedModels/haiku-writer",
        &[],
        None,
    )
    .await;
    b.expect(
        tuned.list(
            ListTunedModelsRequest::new()
                .set_page_size(10)
                .set_page_token("t")
                .set_filter("owner:me"),
        ),
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
        tuned.patch(
            UpdateTunedModelRequest::new()
                .set_tuned_model(
                    TunedModel::new()
                        .set_name("tunedModels/haiku-writer")
                        .set_display_name("Haiku writer v2")
                        .set_description("Writes haiku."),
                )
                .set_update_mask(FieldMask::new(["display_name", "description"])),
        ),
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
            read_all(
                tuned.stream_generate_content(
                    GenerateContentRequest::new()
                        .set_model("tunedModels/haiku-writer")
                        .set_contents([user_turn("spring")]),
                ),
            ),
            "POST",
            "/v1beta/tunedModels/haiku-writer:streamGenerateContent",
            &[("alt", "sse")],
            Some(json!({"contents": [{"role": "user", "parts": [{"text": "spring"}]}]})),
        )
        .await;
    if let Some(events) = events {
        assert_eq!(events, vec![GenerateContentResponse::new()]);
    }
    b.expect(
        tuned.transfer_ownership(
            TransferOwnershipRequest::new()
                .set_name("tunedModels/haiku-writer")
                .set_email_address("new-owner@example.com"),
        ),
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
        operations
            .get(GetOperationRequest::new().set_name("tunedModels/haiku-writer/operations/op-1")),
        "GET",
        "/v1beta/tunedModels/haiku-writer/operations/op-1",
        &[],
        None,
    )
    .await;
    b.expect(
        operations.list(
            ListOperationsRequest::new()
                .set_name("tunedModels/haiku-writer")
                .set_filter("done=true")
                .set_page_size(3)
                .set_page_token("x")
                .set_return_partial_success(true),
        ),
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
        permissions.create(
            CreatePermissionRequest::new()
                .set_parent("tunedModels/haiku-writer")
                .set_permission(
                    Permission::new()
                        .set_grantee_type(permission::GranteeType::Group)
                        .set_email_address("poets@example.com")
                        .set_role(permission::Role::Reader),
                ),
        ),
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
        permissions.delete(
            DeletePermissionRequest::new().set_name("tunedModels/haiku-writer/permissions/p1"),
        ),
        "DELETE",
        "/v1beta/tunedModels/haiku-writer/permissions/p1",
        &[],
        None,
    )
    .await;
    b.expect(
        permissions
            .get(GetPermissionRequest::new().set_name("tunedModels/haiku-writer/permissions/p1")),
        "GET",
        "/v1beta/tunedModels/haiku-writer/permissions/p1",
        &[],
        None,
    )
    .await;
    b.expect(
        permissions.list(
            ListPermissionsRequest::new()
                .set_parent("tunedModels/haiku-writer")
                .set_page_size(10)
                .set_page_token("next"),
        ),
        "GET",
        "/v1beta/tunedModels/haiku-writer/permissions",
        &[("pageSize", "10"), ("pageToken", "next")],
        None,
    )
    .await;
    b.expect(
        permissions.patch(
            UpdatePermissionRequest::new()
                .set_permission(
                    Permission::new()
                        .set_name("tunedModels/haiku-writer/permissions/p1")
                        .set_role(permission::Role::Writer),
                )
                .set_update_mask(FieldMask::new(["role"])),
        ),
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
            .get(GetCorpusRequest::new().set_name(name))
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
        .get(GetDocumentRequest::new().set_name("corpora/manuals"))
        .await;
    assert!(
        matches!(result, Err(Error::InvalidRequest(_))),
        "corpora.documents.get with a corpus name gave {result:?}"
    );

    // A dotted path variable whose message is absent, or names another resource.
    for corpus in [None, Some(Corpus::new().set_name("tunedModels/x"))] {
        let mut request = UpdateCorpusRequest::new();
        request.corpus = corpus.clone();
        let result = client.corpora().patch(request).await;
        assert!(
            matches!(result, Err(Error::InvalidRequest(_))),
            "corpora.patch with corpus {corpus:?} gave {result:?}"
        );
    }

    assert_eq!(server.take(), Vec::new(), "nothing should have been sent");
}
