//! The rows of the table: one case per method with a small request, then
//! the rich cases of `gemini_rich_rows`.

use futures_util::TryStreamExt;
use gemini_v1beta::types::*;
use gemini_v1beta::{Duration, Error, FieldMask, LongRunning};
use serde_json::json;

use gemini_v1beta::Client;

use super::gemini_rich_rows::rich_cases;
use super::{answer, without_type, Case, Wire};

/// A case of the Gemini client.
pub(super) type Row = Case<Client>;

/// The document the chunk methods work in.
pub(super) const DOCUMENT: &str = "corpora/manuals/documents/router";

/// Content with one text part and no role.
pub(super) fn content(text: &str) -> Content {
    Content::new().set_parts([Part::new().set_text(text)])
}

/// A user turn with one text part.
pub(super) fn user_turn(text: &str) -> Content {
    content(text).set_role("user")
}

pub(super) fn chunk_text(text: &str) -> ChunkData {
    ChunkData::new().set_string_value(text)
}

/// A tuning task with one example.
fn tuning_task() -> TuningTask {
    let example = TuningExample::new()
        .set_text_input("autumn")
        .set_output("Leaves drift and fall");
    TuningTask::new()
        .set_training_data(
            Dataset::new().set_examples(TuningExamples::new().set_examples([example])),
        )
        .set_hyperparameters(
            Hyperparameters::new()
                .set_epoch_count(5)
                .set_batch_size(4)
                .set_learning_rate(0.5),
        )
}

/// What the client's long-running handle exposes: name, state, metadata and
/// result (the client answers a handle, not the operation message).
pub(super) fn operation_handle(
    operation: LongRunning<TunedModel, CreateTunedModelMetadata>,
) -> Result<serde_json::Value, Error> {
    Ok(json!({
        "name": operation.name(),
        "done": operation.is_done(),
        "metadata": operation.metadata()?,
        "response": operation.result().transpose()?,
    }))
}

/// What [`operation_handle`] gives for the wire's `operation`: its `Any`
/// metadata and response decode without their `@type`.
pub(super) fn expected_handle(operation: &serde_json::Value) -> serde_json::Value {
    json!({
        "name": operation["name"],
        "done": operation["done"],
        "metadata": without_type(&operation["metadata"]),
        "response": without_type(&operation["response"]),
    })
}

/// Every case, grouped by resource.
pub fn cases() -> Vec<Row> {
    [
        cached_contents(),
        corpora(),
        corpora_documents(),
        corpora_documents_chunks(),
        corpora_permissions(),
        files_and_media(),
        models(),
        tuned_models(),
        tuned_models_operations(),
        tuned_models_permissions(),
        rich_cases(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

fn cached_contents() -> Vec<Row> {
    vec![
        Row::new(
            "cachedContents.create",
            CreateCachedContentRequest::new().set_cached_content(
                CachedContent::new()
                    .set_model("models/gemini-1.5-flash-001")
                    .set_display_name("Router manual")
                    .set_contents([user_turn("The whole manual.")])
                    .set_ttl(Duration::from_secs(3600)),
            ),
            |c, r| async move { c.cached_contents().create(r).await },
            Wire::post(
                "/v1beta/cachedContents",
                json!({
                    "model": "models/gemini-1.5-flash-001",
                    "displayName": "Router manual",
                    "contents": [{"role": "user", "parts": [{"text": "The whole manual."}]}],
                    "ttl": "3600s",
                }),
            ),
        ),
        Row::new(
            "cachedContents.delete",
            DeleteCachedContentRequest::new().set_name("cachedContents/cc-1"),
            |c, r| async move { c.cached_contents().delete(r).await },
            Wire::delete("/v1beta/cachedContents/cc-1"),
        ),
        Row::new(
            "cachedContents.get",
            GetCachedContentRequest::new().set_name("cachedContents/cc-1"),
            |c, r| async move { c.cached_contents().get(r).await },
            Wire::get("/v1beta/cachedContents/cc-1"),
        ),
        Row::new(
            "cachedContents.list",
            ListCachedContentsRequest::new()
                .set_page_size(20)
                .set_page_token("page-2"),
            |c, r| async move { c.cached_contents().list(r).await },
            Wire::get("/v1beta/cachedContents")
                .query(&[("pageSize", "20"), ("pageToken", "page-2")]),
        ),
        Row::new(
            "cachedContents.patch",
            UpdateCachedContentRequest::new()
                .set_cached_content(
                    CachedContent::new()
                        .set_name("cachedContents/cc-1")
                        .set_ttl(Duration {
                            seconds: 7200,
                            nanos: 250_000_000,
                        }),
                )
                .set_update_mask(FieldMask::new(["ttl"])),
            |c, r| async move { c.cached_contents().patch(r).await },
            Wire::patch(
                "/v1beta/cachedContents/cc-1",
                json!({"name": "cachedContents/cc-1", "ttl": "7200.250s"}),
            )
            .query(&[("updateMask", "ttl")]),
        ),
    ]
}

fn corpora() -> Vec<Row> {
    vec![
        Row::new(
            "corpora.create",
            CreateCorpusRequest::new().set_corpus(
                Corpus::new()
                    .set_name("corpora/manuals")
                    .set_display_name("Manuals"),
            ),
            |c, r| async move { c.corpora().create(r).await },
            Wire::post(
                "/v1beta/corpora",
                json!({"name": "corpora/manuals", "displayName": "Manuals"}),
            ),
        ),
        Row::new(
            "corpora.delete",
            DeleteCorpusRequest::new()
                .set_name("corpora/manuals")
                .set_force(true),
            |c, r| async move { c.corpora().delete(r).await },
            Wire::delete("/v1beta/corpora/manuals").query(&[("force", "true")]),
        ),
        Row::new(
            "corpora.get",
            GetCorpusRequest::new().set_name("corpora/manuals"),
            |c, r| async move { c.corpora().get(r).await },
            Wire::get("/v1beta/corpora/manuals"),
        ),
        Row::new(
            "corpora.list",
            ListCorporaRequest::new()
                .set_page_size(10)
                .set_page_token("next page/2+"),
            |c, r| async move { c.corpora().list(r).await },
            Wire::get("/v1beta/corpora")
                .query(&[("pageSize", "10"), ("pageToken", "next page/2+")]),
        ),
        Row::new(
            "corpora.patch",
            UpdateCorpusRequest::new()
                .set_corpus(
                    Corpus::new()
                        .set_name("corpora/manuals")
                        .set_display_name("Product manuals"),
                )
                .set_update_mask(FieldMask::new(["display_name"])),
            |c, r| async move { c.corpora().patch(r).await },
            Wire::patch(
                "/v1beta/corpora/manuals",
                json!({"name": "corpora/manuals", "displayName": "Product manuals"}),
            )
            .query(&[("updateMask", "displayName")]),
        ),
        Row::new(
            "corpora.query",
            QueryCorpusRequest::new()
                .set_name("corpora/manuals")
                .set_query("How do I reset it?")
                .set_results_count(5)
                .set_metadata_filters([MetadataFilter::new()
                    .set_key("chunk.custom_metadata.year")
                    .set_conditions([Condition::new()
                        .set_operation(condition::Operator::GreaterEqual)
                        .set_numeric_value(2020.0)])]),
            |c, r| async move { c.corpora().query(r).await },
            Wire::post(
                "/v1beta/corpora/manuals:query",
                json!({
                    "query": "How do I reset it?",
                    "resultsCount": 5,
                    "metadataFilters": [{
                        "key": "chunk.custom_metadata.year",
                        "conditions": [{"operation": "GREATER_EQUAL", "numericValue": 2020.0}],
                    }],
                }),
            ),
        ),
    ]
}

fn corpora_documents() -> Vec<Row> {
    vec![
    Row::new(
        "corpora.documents.create",
        CreateDocumentRequest::new()
                .set_parent("corpora/manuals")
                .set_document(
                    Document::new()
                        .set_display_name("Router guide")
                        .set_custom_metadata([CustomMetadata::new()
                            .set_key("year")
                            .set_numeric_value(2023.0)]),
                ),
        |c, r| async move { c.corpora().documents().create(r).await },
        Wire::post(
            "/v1beta/corpora/manuals/documents",
            json!({
            "displayName": "Router guide",
            "customMetadata": [{"key": "year", "numericValue": 2023.0}],
        }),
        ),
    ),
    Row::new(
        "corpora.documents.delete",
        DeleteDocumentRequest::new()
                .set_name("corpora/manuals/documents/router")
                .set_force(true),
        |c, r| async move { c.corpora().documents().delete(r).await },
        Wire::delete("/v1beta/corpora/manuals/documents/router")
        .query(&[("force", "true")]),
    ),
    Row::new(
        "corpora.documents.get",
        GetDocumentRequest::new().set_name("corpora/manuals/documents/router"),
        |c, r| async move { c.corpora().documents().get(r).await },
        Wire::get("/v1beta/corpora/manuals/documents/router"),
    ),
    Row::new(
        "corpora.documents.list",
        ListDocumentsRequest::new()
                .set_parent("corpora/manuals")
                .set_page_size(5)
                .set_page_token("t"),
        |c, r| async move { c.corpora().documents().list(r).await },
        Wire::get("/v1beta/corpora/manuals/documents")
        .query(&[("pageSize", "5"), ("pageToken", "t")]),
    ),
    Row::new(
        "corpora.documents.patch",
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
        |c, r| async move { c.corpora().documents().patch(r).await },
        Wire::patch(
            "/v1beta/corpora/manuals/documents/router",
            json!({
            "name": "corpora/manuals/documents/router",
            "displayName": "Router guide v2",
            "customMetadata": [{"key": "tags", "stringListValue": {"values": ["network", "setup"]}}],
        }),
        )
        .query(&[("updateMask", "displayName,customMetadata")]),
    ),
    Row::new(
        "corpora.documents.query",
        QueryDocumentRequest::new()
                .set_name("corpora/manuals/documents/router")
                .set_query("reset")
                .set_results_count(3),
        |c, r| async move { c.corpora().documents().query(r).await },
        Wire::post(
            "/v1beta/corpora/manuals/documents/router:query",
            json!({"query": "reset", "resultsCount": 3}),
        ),
    ),
    ]
}

fn corpora_documents_chunks() -> Vec<Row> {
    vec![
        Row::new(
            "corpora.documents.chunks.batchCreate",
            BatchCreateChunksRequest::new()
                .set_parent(DOCUMENT)
                .set_requests([
                    CreateChunkRequest::new()
                        .set_parent(DOCUMENT)
                        .set_chunk(Chunk::new().set_data(chunk_text("Unplug it."))),
                    CreateChunkRequest::new()
                        .set_parent(DOCUMENT)
                        .set_chunk(Chunk::new().set_data(chunk_text("Plug it back in."))),
                ]),
            |c, r| async move { c.corpora().documents().chunks().batch_create(r).await },
            Wire::post(
                "/v1beta/corpora/manuals/documents/router/chunks:batchCreate",
                json!({"requests": [
                    {"parent": DOCUMENT, "chunk": {"data": {"stringValue": "Unplug it."}}},
                    {"parent": DOCUMENT, "chunk": {"data": {"stringValue": "Plug it back in."}}},
                ]}),
            ),
        ),
        Row::new(
            "corpora.documents.chunks.batchDelete",
            BatchDeleteChunksRequest::new()
                .set_parent(DOCUMENT)
                .set_requests([
                    DeleteChunkRequest::new()
                        .set_name("corpora/manuals/documents/router/chunks/c1"),
                    DeleteChunkRequest::new()
                        .set_name("corpora/manuals/documents/router/chunks/c2"),
                ]),
            |c, r| async move { c.corpora().documents().chunks().batch_delete(r).await },
            Wire::post(
                "/v1beta/corpora/manuals/documents/router/chunks:batchDelete",
                json!({"requests": [
                    {"name": "corpora/manuals/documents/router/chunks/c1"},
                    {"name": "corpora/manuals/documents/router/chunks/c2"},
                ]}),
            ),
        ),
        Row::new(
            "corpora.documents.chunks.batchUpdate",
            BatchUpdateChunksRequest::new()
                .set_parent(DOCUMENT)
                .set_requests([UpdateChunkRequest::new()
                    .set_chunk(
                        Chunk::new()
                            .set_name("corpora/manuals/documents/router/chunks/c1")
                            .set_data(chunk_text("Unplug it for ten seconds.")),
                    )
                    .set_update_mask(FieldMask::new(["data"]))]),
            |c, r| async move { c.corpora().documents().chunks().batch_update(r).await },
            Wire::post(
                "/v1beta/corpora/manuals/documents/router/chunks:batchUpdate",
                json!({"requests": [{
                    "chunk": {
                        "name": "corpora/manuals/documents/router/chunks/c1",
                        "data": {"stringValue": "Unplug it for ten seconds."},
                    },
                    "updateMask": "data",
                }]}),
            ),
        ),
        Row::new(
            "corpora.documents.chunks.create",
            CreateChunkRequest::new().set_parent(DOCUMENT).set_chunk(
                Chunk::new()
                    .set_data(chunk_text("Hold the reset button."))
                    .set_custom_metadata([CustomMetadata::new()
                        .set_key("page")
                        .set_numeric_value(12.0)]),
            ),
            |c, r| async move { c.corpora().documents().chunks().create(r).await },
            Wire::post(
                "/v1beta/corpora/manuals/documents/router/chunks",
                json!({
                    "data": {"stringValue": "Hold the reset button."},
                    "customMetadata": [{"key": "page", "numericValue": 12.0}],
                }),
            ),
        ),
        Row::new(
            "corpora.documents.chunks.delete",
            DeleteChunkRequest::new().set_name("corpora/manuals/documents/router/chunks/c1"),
            |c, r| async move { c.corpora().documents().chunks().delete(r).await },
            Wire::delete("/v1beta/corpora/manuals/documents/router/chunks/c1"),
        ),
        Row::new(
            "corpora.documents.chunks.get",
            GetChunkRequest::new().set_name("corpora/manuals/documents/router/chunks/c1"),
            |c, r| async move { c.corpora().documents().chunks().get(r).await },
            Wire::get("/v1beta/corpora/manuals/documents/router/chunks/c1"),
        ),
        Row::new(
            "corpora.documents.chunks.list",
            ListChunksRequest::new()
                .set_parent(DOCUMENT)
                .set_page_size(100)
                .set_page_token("more"),
            |c, r| async move { c.corpora().documents().chunks().list(r).await },
            Wire::get("/v1beta/corpora/manuals/documents/router/chunks")
                .query(&[("pageSize", "100"), ("pageToken", "more")]),
        ),
        Row::new(
            "corpora.documents.chunks.patch",
            UpdateChunkRequest::new()
                .set_chunk(
                    Chunk::new()
                        .set_name("corpora/manuals/documents/router/chunks/c1")
                        .set_data(chunk_text("Hold it for five seconds.")),
                )
                .set_update_mask(FieldMask::new(["data"])),
            |c, r| async move { c.corpora().documents().chunks().patch(r).await },
            Wire::patch(
                "/v1beta/corpora/manuals/documents/router/chunks/c1",
                json!({
                    "name": "corpora/manuals/documents/router/chunks/c1",
                    "data": {"stringValue": "Hold it for five seconds."},
                }),
            )
            .query(&[("updateMask", "data")]),
        ),
    ]
}

fn corpora_permissions() -> Vec<Row> {
    vec![
        Row::new(
            "corpora.permissions.create",
            CreatePermissionRequest::new()
                .set_parent("corpora/manuals")
                .set_permission(
                    Permission::new()
                        .set_grantee_type(permission::GranteeType::User)
                        .set_email_address("reader@example.com")
                        .set_role(permission::Role::Reader),
                ),
            |c, r| async move { c.corpora().permissions().create(r).await },
            Wire::post(
                "/v1beta/corpora/manuals/permissions",
                json!({
                    "granteeType": "USER",
                    "emailAddress": "reader@example.com",
                    "role": "READER",
                }),
            ),
        ),
        Row::new(
            "corpora.permissions.delete",
            DeletePermissionRequest::new().set_name("corpora/manuals/permissions/p1"),
            |c, r| async move { c.corpora().permissions().delete(r).await },
            Wire::delete("/v1beta/corpora/manuals/permissions/p1"),
        ),
        Row::new(
            "corpora.permissions.get",
            GetPermissionRequest::new().set_name("corpora/manuals/permissions/p1"),
            |c, r| async move { c.corpora().permissions().get(r).await },
            Wire::get("/v1beta/corpora/manuals/permissions/p1"),
        ),
        Row::new(
            "corpora.permissions.list",
            ListPermissionsRequest::new()
                .set_parent("corpora/manuals")
                .set_page_size(10),
            |c, r| async move { c.corpora().permissions().list(r).await },
            Wire::get("/v1beta/corpora/manuals/permissions").query(&[("pageSize", "10")]),
        ),
        Row::new(
            "corpora.permissions.patch",
            UpdatePermissionRequest::new()
                .set_permission(
                    Permission::new()
                        .set_name("corpora/manuals/permissions/p1")
                        .set_role(permission::Role::Writer),
                )
                .set_update_mask(FieldMask::new(["role"])),
            |c, r| async move { c.corpora().permissions().patch(r).await },
            Wire::patch(
                "/v1beta/corpora/manuals/permissions/p1",
                json!({"name": "corpora/manuals/permissions/p1", "role": "WRITER"}),
            )
            .query(&[("updateMask", "role")]),
        ),
    ]
}

fn files_and_media() -> Vec<Row> {
    vec![
        Row::new(
            "files.delete",
            DeleteFileRequest::new().set_name("files/abc-123"),
            |c, r| async move { c.files().delete(r).await },
            Wire::delete("/v1beta/files/abc-123"),
        ),
        Row::new(
            "files.get",
            GetFileRequest::new().set_name("files/abc-123"),
            |c, r| async move { c.files().get(r).await },
            Wire::get("/v1beta/files/abc-123"),
        ),
        Row::new(
            "files.list",
            ListFilesRequest::new()
                .set_page_size(25)
                .set_page_token("a/b+c d&e=f%20?#é"),
            |c, r| async move { c.files().list(r).await },
            Wire::get("/v1beta/files")
                .query(&[("pageSize", "25"), ("pageToken", "a/b+c d&e=f%20?#é")]),
        ),
        Row::new(
            "media.upload",
            CreateFileRequest::new().set_file(
                File::new()
                    .set_display_name("Notes")
                    .set_mime_type("text/plain"),
            ),
            |c, r| async move { c.media().upload(r).await },
            Wire::post(
                "/v1beta/files",
                json!({"file": {"displayName": "Notes", "mimeType": "text/plain"}}),
            ),
        ),
    ]
}

fn models() -> Vec<Row> {
    vec![
        Row::new(
            "models.batchEmbedContents",
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
            |c, r| async move { c.models().batch_embed_contents(r).await },
            Wire::post(
                "/v1beta/models/text-embedding-004:batchEmbedContents",
                json!({"requests": [
                    {"model": "models/text-embedding-004", "content": {"parts": [{"text": "first"}]}},
                    {"model": "models/text-embedding-004", "content": {"parts": [{"text": "second"}]}},
                ]}),
            ),
        ),
        Row::new(
            "models.batchEmbedText",
            BatchEmbedTextRequest::new()
                .set_model("models/embedding-gecko-001")
                .set_texts(["first", "second"]),
            |c, r| async move { c.models().batch_embed_text(r).await },
            Wire::post(
                "/v1beta/models/embedding-gecko-001:batchEmbedText",
                json!({"texts": ["first", "second"]}),
            ),
        ),
        Row::new(
            "models.countMessageTokens",
            CountMessageTokensRequest::new()
                .set_model("models/chat-bison-001")
                .set_prompt(
                    MessagePrompt::new()
                        .set_context("Be brief.")
                        .set_messages([Message::new().set_author("0").set_content("Hello")]),
                ),
            |c, r| async move { c.models().count_message_tokens(r).await },
            Wire::post(
                "/v1beta/models/chat-bison-001:countMessageTokens",
                json!({"prompt": {
                    "context": "Be brief.",
                    "messages": [{"author": "0", "content": "Hello"}],
                }}),
            ),
        ),
        Row::new(
            "models.countTextTokens",
            CountTextTokensRequest::new()
                .set_model("models/text-bison-001")
                .set_prompt(TextPrompt::new().set_text("Hello")),
            |c, r| async move { c.models().count_text_tokens(r).await },
            Wire::post(
                "/v1beta/models/text-bison-001:countTextTokens",
                json!({"prompt": {"text": "Hello"}}),
            ),
        ),
        Row::new(
            "models.countTokens",
            CountTokensRequest::new()
                .set_model("models/gemini-1.5-flash")
                .set_contents([user_turn("Hello")]),
            |c, r| async move { c.models().count_tokens(r).await },
            Wire::post(
                "/v1beta/models/gemini-1.5-flash:countTokens",
                json!({"contents": [{"role": "user", "parts": [{"text": "Hello"}]}]}),
            ),
        ),
        Row::new(
            "models.embedContent",
            EmbedContentRequest::new()
                .set_model("models/text-embedding-004")
                .set_content(content("Hello"))
                .set_task_type(TaskType::RetrievalQuery)
                .set_output_dimensionality(256),
            |c, r| async move { c.models().embed_content(r).await },
            Wire::post(
                "/v1beta/models/text-embedding-004:embedContent",
                json!({
                    "content": {"parts": [{"text": "Hello"}]},
                    "taskType": "RETRIEVAL_QUERY",
                    "outputDimensionality": 256,
                }),
            ),
        ),
        Row::new(
            "models.embedText",
            EmbedTextRequest::new()
                .set_model("models/embedding-gecko-001")
                .set_text("Hello"),
            |c, r| async move { c.models().embed_text(r).await },
            Wire::post(
                "/v1beta/models/embedding-gecko-001:embedText",
                json!({"text": "Hello"}),
            ),
        ),
        Row::new(
            "models.generateAnswer",
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
            |c, r| async move { c.models().generate_answer(r).await },
            Wire::post(
                "/v1beta/models/aqa:generateAnswer",
                json!({
                    "contents": [{"role": "user", "parts": [{"text": "How do I reset it?"}]}],
                    "answerStyle": "ABSTRACTIVE",
                    "temperature": 0.25,
                    "semanticRetriever": {
                        "source": "corpora/manuals",
                        "query": {"parts": [{"text": "reset"}]},
                        "maxChunksCount": 5,
                    },
                }),
            ),
        ),
        Row::new(
            "models.generateContent",
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
            |c, r| async move { c.models().generate_content(r).await },
            Wire::post(
                "/v1beta/models/gemini-1.5-flash:generateContent",
                json!({
                    "systemInstruction": {"parts": [{"text": "You are a poet."}]},
                    "contents": [{"role": "user", "parts": [{"text": "Write a haiku."}]}],
                    "generationConfig": {"temperature": 0.5, "maxOutputTokens": 64, "stopSequences": ["END"]},
                    "cachedContent": "cachedContents/cc-1",
                }),
            ),
        ),
        Row::new(
            "models.generateMessage",
            GenerateMessageRequest::new()
                .set_model("models/chat-bison-001")
                .set_prompt(
                    MessagePrompt::new()
                        .set_messages([Message::new().set_author("0").set_content("Hi")]),
                )
                .set_temperature(0.5)
                .set_candidate_count(2),
            |c, r| async move { c.models().generate_message(r).await },
            Wire::post(
                "/v1beta/models/chat-bison-001:generateMessage",
                json!({
                    "prompt": {"messages": [{"author": "0", "content": "Hi"}]},
                    "temperature": 0.5,
                    "candidateCount": 2,
                }),
            ),
        ),
        Row::new(
            "models.generateText",
            GenerateTextRequest::new()
                .set_model("models/text-bison-001")
                .set_prompt(TextPrompt::new().set_text("Once upon a time"))
                .set_max_output_tokens(100)
                .set_stop_sequences(["."]),
            |c, r| async move { c.models().generate_text(r).await },
            Wire::post(
                "/v1beta/models/text-bison-001:generateText",
                json!({
                    "prompt": {"text": "Once upon a time"},
                    "maxOutputTokens": 100,
                    "stopSequences": ["."],
                }),
            ),
        ),
        Row::new(
            "models.get",
            GetModelRequest::new().set_name("models/gemini-1.5-flash"),
            |c, r| async move { c.models().get(r).await },
            Wire::get("/v1beta/models/gemini-1.5-flash"),
        ),
        Row::new(
            "models.list",
            ListModelsRequest::new()
                .set_page_size(50)
                .set_page_token("p"),
            |c, r| async move { c.models().list(r).await },
            Wire::get("/v1beta/models").query(&[("pageSize", "50"), ("pageToken", "p")]),
        ),
        Row::new(
            "models.streamGenerateContent",
            GenerateContentRequest::new()
                .set_model("models/gemini-1.5-flash")
                .set_contents([user_turn("Tell me a story.")]),
            |c, r| async move {
                c.models()
                    .stream_generate_content(r)
                    .await?
                    .try_collect::<Vec<_>>()
                    .await
            },
            Wire::post(
                "/v1beta/models/gemini-1.5-flash:streamGenerateContent",
                json!({"contents": [{"role": "user", "parts": [{"text": "Tell me a story."}]}]}),
            )
            .query(&[("alt", "sse")]),
        ),
    ]
}

fn tuned_models() -> Vec<Row> {
    vec![
        Row::new(
            "tunedModels.create",
            CreateTunedModelRequest::new()
                .set_tuned_model_id("haiku-writer")
                .set_tuned_model(
                    TunedModel::new()
                        .set_display_name("Haiku writer")
                        .set_base_model("models/gemini-1.0-pro-001")
                        .set_tuning_task(tuning_task()),
                ),
            |c, r| async move { operation_handle(c.tuned_models().create(r).await?) },
            Wire::post(
                "/v1beta/tunedModels",
                json!({
                    "displayName": "Haiku writer",
                    "baseModel": "models/gemini-1.0-pro-001",
                    "tuningTask": {
                        "trainingData": {"examples": {"examples": [
                            {"textInput": "autumn", "output": "Leaves drift and fall"},
                        ]}},
                        "hyperparameters": {"epochCount": 5, "batchSize": 4, "learningRate": 0.5},
                    },
                }),
            )
            .query(&[("tunedModelId", "haiku-writer")]),
        )
        .decoded_as(expected_handle(&answer("tunedModels.create", ""))),
        Row::new(
            "tunedModels.delete",
            DeleteTunedModelRequest::new().set_name("tunedModels/haiku-writer"),
            |c, r| async move { c.tuned_models().delete(r).await },
            Wire::delete("/v1beta/tunedModels/haiku-writer"),
        ),
        Row::new(
            "tunedModels.generateContent",
            GenerateContentRequest::new()
                .set_model("tunedModels/haiku-writer")
                .set_contents([user_turn("winter")]),
            |c, r| async move { c.tuned_models().generate_content(r).await },
            Wire::post(
                "/v1beta/tunedModels/haiku-writer:generateContent",
                json!({"contents": [{"role": "user", "parts": [{"text": "winter"}]}]}),
            ),
        ),
        Row::new(
            "tunedModels.generateText",
            GenerateTextRequest::new()
                .set_model("tunedModels/haiku-writer")
                .set_prompt(TextPrompt::new().set_text("winter"))
                .set_temperature(0.5),
            |c, r| async move { c.tuned_models().generate_text(r).await },
            Wire::post(
                "/v1beta/tunedModels/haiku-writer:generateText",
                json!({"prompt": {"text": "winter"}, "temperature": 0.5}),
            ),
        ),
        Row::new(
            "tunedModels.get",
            GetTunedModelRequest::new().set_name("tunedModels/haiku-writer"),
            |c, r| async move { c.tuned_models().get(r).await },
            Wire::get("/v1beta/tunedModels/haiku-writer"),
        ),
        Row::new(
            "tunedModels.list",
            ListTunedModelsRequest::new()
                .set_page_size(10)
                .set_page_token("t")
                .set_filter("owner:me AND state=ACTIVE"),
            |c, r| async move { c.tuned_models().list(r).await },
            Wire::get("/v1beta/tunedModels").query(&[
                ("filter", "owner:me AND state=ACTIVE"),
                ("pageSize", "10"),
                ("pageToken", "t"),
            ]),
        ),
        Row::new(
            "tunedModels.patch",
            UpdateTunedModelRequest::new()
                .set_tuned_model(
                    TunedModel::new()
                        .set_name("tunedModels/haiku-writer")
                        .set_display_name("Haiku writer v2")
                        .set_description("Writes haiku."),
                )
                .set_update_mask(FieldMask::new(["display_name", "description"])),
            |c, r| async move { c.tuned_models().patch(r).await },
            Wire::patch(
                "/v1beta/tunedModels/haiku-writer",
                json!({
                    "name": "tunedModels/haiku-writer",
                    "displayName": "Haiku writer v2",
                    "description": "Writes haiku.",
                }),
            )
            .query(&[("updateMask", "displayName,description")]),
        ),
        Row::new(
            "tunedModels.streamGenerateContent",
            GenerateContentRequest::new()
                .set_model("tunedModels/haiku-writer")
                .set_contents([user_turn("spring")]),
            |c, r| async move {
                c.tuned_models()
                    .stream_generate_content(r)
                    .await?
                    .try_collect::<Vec<_>>()
                    .await
            },
            Wire::post(
                "/v1beta/tunedModels/haiku-writer:streamGenerateContent",
                json!({"contents": [{"role": "user", "parts": [{"text": "spring"}]}]}),
            )
            .query(&[("alt", "sse")]),
        ),
        Row::new(
            "tunedModels.transferOwnership",
            TransferOwnershipRequest::new()
                .set_name("tunedModels/haiku-writer")
                .set_email_address("new-owner@example.com"),
            |c, r| async move { c.tuned_models().transfer_ownership(r).await },
            Wire::post(
                "/v1beta/tunedModels/haiku-writer:transferOwnership",
                json!({"emailAddress": "new-owner@example.com"}),
            ),
        ),
    ]
}

fn tuned_models_operations() -> Vec<Row> {
    vec![
        Row::new(
            "tunedModels.operations.get",
            GetOperationRequest::new().set_name("tunedModels/haiku-writer/operations/op-1"),
            |c, r| async move { c.tuned_models().operations().get(r).await },
            Wire::get("/v1beta/tunedModels/haiku-writer/operations/op-1"),
        ),
        Row::new(
            "tunedModels.operations.list",
            ListOperationsRequest::new()
                .set_name("tunedModels/haiku-writer")
                .set_filter("done=true")
                .set_page_size(3)
                .set_page_token("x")
                .set_return_partial_success(true),
            |c, r| async move { c.tuned_models().operations().list(r).await },
            Wire::get("/v1beta/tunedModels/haiku-writer/operations").query(&[
                ("filter", "done=true"),
                ("pageSize", "3"),
                ("pageToken", "x"),
                ("returnPartialSuccess", "true"),
            ]),
        ),
    ]
}

fn tuned_models_permissions() -> Vec<Row> {
    vec![
        Row::new(
            "tunedModels.permissions.create",
            CreatePermissionRequest::new()
                .set_parent("tunedModels/haiku-writer")
                .set_permission(
                    Permission::new()
                        .set_grantee_type(permission::GranteeType::Group)
                        .set_email_address("poets@example.com")
                        .set_role(permission::Role::Reader),
                ),
            |c, r| async move { c.tuned_models().permissions().create(r).await },
            Wire::post(
                "/v1beta/tunedModels/haiku-writer/permissions",
                json!({
                    "granteeType": "GROUP",
                    "emailAddress": "poets@example.com",
                    "role": "READER",
                }),
            ),
        ),
        Row::new(
            "tunedModels.permissions.delete",
            DeletePermissionRequest::new().set_name("tunedModels/haiku-writer/permissions/p1"),
            |c, r| async move { c.tuned_models().permissions().delete(r).await },
            Wire::delete("/v1beta/tunedModels/haiku-writer/permissions/p1"),
        ),
        Row::new(
            "tunedModels.permissions.get",
            GetPermissionRequest::new().set_name("tunedModels/haiku-writer/permissions/p1"),
            |c, r| async move { c.tuned_models().permissions().get(r).await },
            Wire::get("/v1beta/tunedModels/haiku-writer/permissions/p1"),
        ),
        Row::new(
            "tunedModels.permissions.list",
            ListPermissionsRequest::new()
                .set_parent("tunedModels/haiku-writer")
                .set_page_size(10)
                .set_page_token("next"),
            |c, r| async move { c.tuned_models().permissions().list(r).await },
            Wire::get("/v1beta/tunedModels/haiku-writer/permissions")
                .query(&[("pageSize", "10"), ("pageToken", "next")]),
        ),
        Row::new(
            "tunedModels.permissions.patch",
            UpdatePermissionRequest::new()
                .set_permission(
                    Permission::new()
                        .set_name("tunedModels/haiku-writer/permissions/p1")
                        .set_grantee_type(permission::GranteeType::Everyone)
                        .set_role(permission::Role::Writer),
                )
                .set_update_mask(FieldMask::new(["role", "grantee_type"])),
            |c, r| async move { c.tuned_models().permissions().patch(r).await },
            Wire::patch(
                "/v1beta/tunedModels/haiku-writer/permissions/p1",
                json!({
                    "name": "tunedModels/haiku-writer/permissions/p1",
                    "granteeType": "EVERYONE",
                    "role": "WRITER",
                }),
            )
            .query(&[("updateMask", "role,granteeType")]),
        ),
    ]
}
