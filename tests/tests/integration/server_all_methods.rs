//! Every one of the 64 methods, from the generated client through the
//! server that `apigen_macros::server!` expands from the same spec, and back.
//!
//! The [`Recorder`] implements the whole `Service` trait: each method records
//! the request the server decoded and answers a canned message. For every
//! method the test sends a realistic request (path names, enums, repeated and
//! nested messages, oneofs, field masks, int64s, bytes, timestamps,
//! durations) and checks that:
//! 1. the server saw exactly one request, for that method, equal to the one
//!    the client sent (query decoding for the methods without a body, body and
//!    query for `body: field` methods, the whole body for `body: "*"`);
//! 2. the client decoded exactly the canned answer.

use std::collections::BTreeSet;
use std::fmt::Debug;
use std::future::Future;
use std::sync::{Arc, Mutex};

use futures_util::TryStreamExt;
use gemini::{router, Service};
use gemini_v1beta::types::*;
use gemini_v1beta::{Client, Duration, Error, FieldMask, ResponseStream, Timestamp};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Map, Value};

use apigen_runtime::server::{ServerError, ServerStream};

/// The server side expanded from the spec by the macro (the same emitter
/// writes `gemini_v1beta::server` behind the crate's `server` feature).
mod gemini {
    apigen_macros::server!("../spec", types = gemini_v1beta::types);
}

/// The ids of all 64 methods of the API.
const ALL_METHODS: [&str; 64] = [
    "cachedContents.create",
    "cachedContents.delete",
    "cachedContents.get",
    "cachedContents.list",
    "cachedContents.patch",
    "corpora.create",
    "corpora.delete",
    "corpora.get",
    "corpora.list",
    "corpora.patch",
    "corpora.query",
    "corpora.documents.create",
    "corpora.documents.delete",
    "corpora.documents.get",
    "corpora.documents.list",
    "corpora.documents.patch",
    "corpora.documents.query",
    "corpora.documents.chunks.batchCreate",
    "corpora.documents.chunks.batchDelete",
    "corpora.documents.chunks.batchUpdate",
    "corpora.documents.chunks.create",
    "corpora.documents.chunks.delete",
    "corpora.documents.chunks.get",
    "corpora.documents.chunks.list",
    "corpora.documents.chunks.patch",
    "corpora.permissions.create",
    "corpora.permissions.delete",
    "corpora.permissions.get",
    "corpora.permissions.list",
    "corpora.permissions.patch",
    "files.delete",
    "files.get",
    "files.list",
    "media.upload",
    "models.batchEmbedContents",
    "models.batchEmbedText",
    "models.countMessageTokens",
    "models.countTextTokens",
    "models.countTokens",
    "models.embedContent",
    "models.embedText",
    "models.generateAnswer",
    "models.generateContent",
    "models.generateMessage",
    "models.generateText",
    "models.get",
    "models.list",
    "models.streamGenerateContent",
    "tunedModels.create",
    "tunedModels.delete",
    "tunedModels.generateContent",
    "tunedModels.generateText",
    "tunedModels.get",
    "tunedModels.list",
    "tunedModels.patch",
    "tunedModels.streamGenerateContent",
    "tunedModels.transferOwnership",
    "tunedModels.operations.get",
    "tunedModels.operations.list",
    "tunedModels.permissions.create",
    "tunedModels.permissions.delete",
    "tunedModels.permissions.get",
    "tunedModels.permissions.list",
    "tunedModels.permissions.patch",
];

const TUNED_MODEL_TYPE: &str = "type.googleapis.com/google.ai.generativelanguage.v1beta.TunedModel";
const METADATA_TYPE: &str =
    "type.googleapis.com/google.ai.generativelanguage.v1beta.CreateTunedModelMetadata";

// ---------------------------------------------------------------------------
// Canned answers, as JSON in the wire's canonical form (what the typed message
// encodes back to), so the client's decoded answer can be compared with it.
// ---------------------------------------------------------------------------

fn corpus(n: u32) -> Value {
    json!({
        "name": format!("corpora/corpus-{n}"),
        "displayName": format!("Product manuals {n}"),
        "createTime": "2024-05-01T10:00:00Z",
        "updateTime": "2024-05-02T08:30:15.250Z",
    })
}

fn document(n: u32) -> Value {
    json!({
        "name": format!("corpora/manuals/documents/doc-{n}"),
        "displayName": format!("Router guide {n}"),
        "customMetadata": [
            {"key": "year", "numericValue": 2023.0},
            {"key": "tags", "stringListValue": {"values": ["network", "setup"]}},
            {"key": "lang", "stringValue": "en"},
        ],
        "createTime": "2024-05-01T10:00:00Z",
        "updateTime": "2024-05-01T10:00:00.000123Z",
    })
}

fn chunk(n: u32) -> Value {
    json!({
        "name": format!("corpora/manuals/documents/router/chunks/chunk-{n}"),
        "data": {"stringValue": format!("Step {n}: hold the reset button.")},
        "customMetadata": [{"key": "page", "numericValue": 12.0}],
        "createTime": "2024-05-01T10:00:00Z",
        "state": if n == 1 { "STATE_ACTIVE" } else { "STATE_PENDING_PROCESSING" },
    })
}

fn permission(parent: &str, n: u32) -> Value {
    json!({
        "name": format!("{parent}/permissions/p{n}"),
        "granteeType": if n == 1 { "USER" } else { "EVERYONE" },
        "emailAddress": format!("reader{n}@example.com"),
        "role": if n == 1 { "READER" } else { "WRITER" },
    })
}

fn cached_content(n: u32) -> Value {
    json!({
        "name": format!("cachedContents/cc-{n}"),
        "displayName": "Router manual",
        "model": "models/gemini-1.5-flash-001",
        "systemInstruction": {"parts": [{"text": "Answer questions about the router."}]},
        "contents": [{"role": "user", "parts": [{"text": "The whole manual."}]}],
        "createTime": "2024-05-01T10:00:00Z",
        "updateTime": "2024-05-01T10:30:00.500Z",
        "usageMetadata": {"totalTokenCount": 40960},
        "expireTime": "2024-05-01T11:00:00Z",
    })
}

fn file(n: u32) -> Value {
    let mut file = json!({
        "name": format!("files/file-{n}"),
        "displayName": format!("Talk {n}"),
        "mimeType": "video/mp4",
        "sizeBytes": "9007199254740993",
        "createTime": "2024-05-01T10:00:00Z",
        "updateTime": "2024-05-01T10:00:05Z",
        "expirationTime": "2024-05-03T10:00:00Z",
        "sha256Hash": "3q2+7w==",
        "uri": format!("https://generativelanguage.googleapis.com/v1beta/files/file-{n}"),
        "state": "ACTIVE",
        "source": "UPLOADED",
        "videoMetadata": {"videoDuration": "12.500s"},
    });
    if n != 1 {
        file["state"] = json!("FAILED");
        file["error"] = json!({
            "code": 3,
            "message": "unsupported codec",
            "details": [{
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": "UNSUPPORTED_CODEC",
                "domain": "generativelanguage.googleapis.com",
            }],
        });
    }
    file
}

fn model(n: u32) -> Value {
    json!({
        "name": format!("models/gemini-{n}.5-flash"),
        "baseModelId": format!("gemini-{n}.5-flash"),
        "version": "001",
        "displayName": format!("Gemini {n}.5 Flash"),
        "description": "Fast and versatile.",
        "inputTokenLimit": 1048576,
        "outputTokenLimit": 8192,
        "supportedGenerationMethods": ["generateContent", "countTokens"],
        "temperature": 1.0,
        "maxTemperature": 2.0,
        "topP": 0.75,
        "topK": 64,
        "thinking": true,
    })
}

fn tuned_model(n: u32) -> Value {
    json!({
        "name": format!("tunedModels/haiku-writer-{n}"),
        "displayName": "Haiku writer",
        "description": "Writes haiku.",
        "temperature": 0.5,
        "topP": 0.75,
        "topK": 40,
        "state": "ACTIVE",
        "createTime": "2024-05-01T10:00:00Z",
        "updateTime": "2024-05-01T12:00:00Z",
        "baseModel": "models/gemini-1.0-pro-001",
        "readerProjectNumbers": ["123456789012", "9007199254740993"],
        "tuningTask": {
            "startTime": "2024-05-01T10:00:00Z",
            "completeTime": "2024-05-01T11:59:59.999Z",
            "snapshots": [
                {"step": 1, "epoch": 1, "meanLoss": 0.75, "computeTime": "2024-05-01T10:10:00Z"},
                {"step": 2, "epoch": 1, "meanLoss": 0.25, "computeTime": "2024-05-01T10:20:00Z"},
            ],
            "hyperparameters": {"epochCount": 5, "batchSize": 4, "learningRate": 0.5},
        },
    })
}

/// A tuning operation that is already done, with a TunedModel as its response.
fn operation(n: u32) -> Value {
    let mut response = tuned_model(n);
    response["@type"] = json!(TUNED_MODEL_TYPE);
    json!({
        "name": format!("tunedModels/haiku-writer-{n}/operations/op-{n}"),
        "metadata": {
            "@type": METADATA_TYPE,
            "tunedModel": format!("tunedModels/haiku-writer-{n}"),
            "totalSteps": 10,
            "completedSteps": 10,
            "completedPercent": 100.0,
            "snapshots": [{"step": 10, "epoch": 5, "meanLoss": 0.125, "computeTime": "2024-05-01T11:59:00Z"}],
        },
        "done": true,
        "response": response,
    })
}

fn safety_ratings() -> Value {
    json!([
        {"category": "HARM_CATEGORY_HARASSMENT", "probability": "NEGLIGIBLE"},
        {"category": "HARM_CATEGORY_DANGEROUS_CONTENT", "probability": "LOW", "blocked": true},
    ])
}

fn generate_content_response() -> Value {
    json!({
        "candidates": [{
            "index": 0,
            "content": {"role": "model", "parts": [
                {"text": "Leaves drift and fall", "thoughtSignature": "c2lnbmF0dXJl"},
                {"functionCall": {"id": "call-1", "name": "get_weather", "args": {"city": "Paris", "days": 3}}},
            ]},
            "finishReason": "STOP",
            "safetyRatings": safety_ratings(),
            "citationMetadata": {"citationSources": [
                {"startIndex": 0, "endIndex": 21, "uri": "https://example.com/poems", "license": "CC-BY-4.0"},
            ]},
            "tokenCount": 5,
            "avgLogprobs": -0.5,
            "groundingMetadata": {
                "groundingChunks": [{"web": {"uri": "https://example.com/autumn", "title": "Autumn"}}],
                "groundingSupports": [{
                    "segment": {"partIndex": 1, "startIndex": 2, "endIndex": 9, "text": "Leaves"},
                    "groundingChunkIndices": [0],
                    "confidenceScores": [0.875],
                }],
                "webSearchQueries": ["autumn haiku"],
            },
        }],
        "promptFeedback": {"safetyRatings": safety_ratings()},
        "usageMetadata": {
            "promptTokenCount": 4,
            "candidatesTokenCount": 5,
            "totalTokenCount": 9,
            "promptTokensDetails": [{"modality": "TEXT", "tokenCount": 4}],
        },
        "modelVersion": "gemini-1.5-flash-001",
        "responseId": "response-1",
    })
}

/// The two events of a streamed answer.
fn generate_content_stream() -> Value {
    json!([
        {
            "candidates": [{"index": 0, "content": {"role": "model", "parts": [{"text": "Leaves drift"}]}}],
            "modelVersion": "gemini-1.5-flash-001",
            "responseId": "response-1",
        },
        {
            "candidates": [{
                "index": 0,
                "content": {"role": "model", "parts": [{"text": " and fall"}]},
                "finishReason": "MAX_TOKENS",
                "safetyRatings": safety_ratings(),
            }],
            "usageMetadata": {"promptTokenCount": 4, "candidatesTokenCount": 5, "totalTokenCount": 9},
            "modelVersion": "gemini-1.5-flash-001",
            "responseId": "response-1",
        },
    ])
}

fn relevant_chunks() -> Value {
    json!([
        {"chunkRelevanceScore": 0.875, "chunk": chunk(1), "document": document(1)},
        {"chunkRelevanceScore": 0.5, "chunk": chunk(2)},
    ])
}

fn generate_text_response() -> Value {
    json!({
        "candidates": [{
            "output": "Once upon a time there was a router.",
            "safetyRatings": [{"category": "HARM_CATEGORY_TOXICITY", "probability": "LOW"}],
            "citationMetadata": {"citationSources": [{"startIndex": 0, "endIndex": 4}]},
        }],
        "filters": [{"reason": "SAFETY", "message": "one candidate was blocked"}],
        "safetyFeedback": [{
            "rating": {"category": "HARM_CATEGORY_VIOLENCE", "probability": "MEDIUM", "blocked": true},
            "setting": {"category": "HARM_CATEGORY_VIOLENCE", "threshold": "BLOCK_MEDIUM_AND_ABOVE"},
        }],
    })
}

/// What the server answers to `id` and the client should decode; `null` for
/// the methods that answer nothing. List methods answer [`page`] instead.
fn canned(id: &str) -> Value {
    match id {
        "cachedContents.create" | "cachedContents.get" | "cachedContents.patch" => {
            cached_content(1)
        }
        "corpora.create" | "corpora.get" | "corpora.patch" => corpus(1),
        "corpora.query" | "corpora.documents.query" => {
            json!({"relevantChunks": relevant_chunks()})
        }
        "corpora.documents.create" | "corpora.documents.get" | "corpora.documents.patch" => {
            document(1)
        }
        "corpora.documents.chunks.batchCreate" | "corpora.documents.chunks.batchUpdate" => {
            json!({"chunks": [chunk(1), chunk(2)]})
        }
        "corpora.documents.chunks.create"
        | "corpora.documents.chunks.get"
        | "corpora.documents.chunks.patch" => chunk(1),
        "corpora.permissions.create" | "corpora.permissions.get" | "corpora.permissions.patch" => {
            permission("corpora/manuals", 1)
        }
        "files.get" => file(1),
        "media.upload" => json!({"file": file(1)}),
        "models.batchEmbedContents" => json!({"embeddings": [
            {"values": [0.5, -0.25, 0.125]},
            {"values": [1.0, 0.0, -1.0]},
        ]}),
        "models.batchEmbedText" => json!({"embeddings": [
            {"value": [0.5, 0.25]},
            {"value": [-0.5, 0.75]},
        ]}),
        "models.countMessageTokens" => json!({"tokenCount": 7}),
        "models.countTextTokens" => json!({"tokenCount": 3}),
        "models.countTokens" => json!({
            "totalTokens": 12,
            "cachedContentTokenCount": 4,
            "promptTokensDetails": [
                {"modality": "TEXT", "tokenCount": 8},
                {"modality": "IMAGE", "tokenCount": 4},
            ],
            "cacheTokensDetails": [{"modality": "TEXT", "tokenCount": 4}],
        }),
        "models.embedContent" => json!({"embedding": {"values": [0.5, -0.25, 0.125, 2.0]}}),
        "models.embedText" => json!({"embedding": {"value": [0.5, 0.25, -0.125]}}),
        "models.generateAnswer" => json!({
            "answer": {
                "content": {"role": "model", "parts": [{"text": "Hold the reset button for ten seconds."}]},
                "finishReason": "STOP",
                "groundingAttributions": [
                    {
                        "sourceId": {"semanticRetrieverChunk": {
                            "source": "corpora/manuals",
                            "chunk": "corpora/manuals/documents/router/chunks/chunk-1",
                        }},
                        "content": {"parts": [{"text": "Hold the reset button."}]},
                    },
                    {
                        "sourceId": {"groundingPassage": {"passageId": "p1", "partIndex": 2}},
                        "content": {"parts": [{"text": "Ten seconds."}]},
                    },
                ],
            },
            "answerableProbability": 0.875,
            "inputFeedback": {"safetyRatings": safety_ratings()},
        }),
        "models.generateContent" | "tunedModels.generateContent" => generate_content_response(),
        "models.streamGenerateContent" | "tunedModels.streamGenerateContent" => {
            generate_content_stream()
        }
        "models.generateMessage" => json!({
            "candidates": [{
                "author": "1",
                "content": "Hello! How can I help?",
                "citationMetadata": {"citationSources": [{"startIndex": 1, "endIndex": 5, "uri": "https://example.com"}]},
            }],
            "messages": [{"author": "0", "content": "Hi"}],
            "filters": [{"reason": "OTHER", "message": "nothing was filtered"}],
        }),
        "models.generateText" | "tunedModels.generateText" => generate_text_response(),
        "models.get" => model(1),
        "tunedModels.create" | "tunedModels.operations.get" => operation(1),
        "tunedModels.get" | "tunedModels.patch" => tuned_model(1),
        "tunedModels.transferOwnership" => json!({}),
        "tunedModels.permissions.create"
        | "tunedModels.permissions.get"
        | "tunedModels.permissions.patch" => permission("tunedModels/haiku-writer", 1),
        "cachedContents.delete"
        | "corpora.delete"
        | "corpora.documents.delete"
        | "corpora.documents.chunks.batchDelete"
        | "corpora.documents.chunks.delete"
        | "corpora.permissions.delete"
        | "files.delete"
        | "tunedModels.delete"
        | "tunedModels.permissions.delete" => Value::Null,
        other => panic!("no canned answer for {other}"),
    }
}

/// One page of a list method: the first page (no page token) has one item
/// and a `nextPageToken`; any later page has another item and none.
fn page(id: &str, page_token: &str) -> Value {
    let n = if page_token.is_empty() { 1 } else { 2 };
    let (field, item) = match id {
        "cachedContents.list" => ("cachedContents", cached_content(n)),
        "corpora.list" => ("corpora", corpus(n)),
        "corpora.documents.list" => ("documents", document(n)),
        "corpora.documents.chunks.list" => ("chunks", chunk(n)),
        "corpora.permissions.list" => ("permissions", permission("corpora/manuals", n)),
        "files.list" => ("files", file(n)),
        "models.list" => ("models", model(n)),
        "tunedModels.list" => ("tunedModels", tuned_model(n)),
        "tunedModels.operations.list" => ("operations", operation(n)),
        "tunedModels.permissions.list" => {
            ("permissions", permission("tunedModels/haiku-writer", n))
        }
        other => panic!("{other} is not a list method"),
    };
    let mut page = Map::new();
    page.insert(field.to_owned(), json!([item]));
    if n == 1 {
        page.insert("nextPageToken".to_owned(), json!("page-2"));
    }
    if id == "tunedModels.operations.list" {
        page.insert(
            "unreachable".to_owned(),
            json!(["tunedModels/other/operations/op-9"]),
        );
    }
    Value::Object(page)
}

/// Where the Debug form of a decoded message shows something its type does
/// not know (a field kept in `unknown_fields`, an `UnknownValue` enum): a
/// misspelt canned field or a request field the server failed to place.
fn unknown_parts(debug: &str) -> Option<String> {
    if let Some(at) = debug.find("UnknownValue(") {
        return Some(debug[at..].chars().take(80).collect());
    }
    debug
        .match_indices("unknown_fields: ")
        .map(|(at, marker)| &debug[at + marker.len()..])
        .find(|rest| !rest.starts_with("{}"))
        .map(|rest| {
            format!(
                "unknown_fields: {}",
                rest.chars().take(80).collect::<String>()
            )
        })
}

// ---------------------------------------------------------------------------
// The service: records each decoded request and answers the canned message.
// ---------------------------------------------------------------------------

#[derive(Clone, Default)]
struct Recorder {
    seen: Arc<Mutex<Vec<(String, Value)>>>,
}

impl Recorder {
    fn record<Req: Serialize + Debug>(&self, id: &str, request: &Req) -> Result<(), ServerError> {
        let value = serde_json::to_value(request).expect("a decoded request encodes");
        self.seen.lock().unwrap().push((id.to_owned(), value));
        match unknown_parts(&format!("{request:?}")) {
            Some(unknown) => Err(ServerError::internal(format!(
                "{id}: the decoded request has unknown parts: {unknown}"
            ))),
            None => Ok(()),
        }
    }

    fn take(&self) -> Vec<(String, Value)> {
        std::mem::take(&mut *self.seen.lock().unwrap())
    }

    /// Records the request and answers `canned`, decoded as the answer type.
    fn reply<Req, Resp>(&self, id: &str, request: &Req, canned: Value) -> Result<Resp, ServerError>
    where
        Req: Serialize + Debug,
        Resp: DeserializeOwned + Debug,
    {
        self.record(id, request)?;
        let answer: Resp = serde_json::from_value(canned).map_err(|error| {
            ServerError::internal(format!("{id}: the canned answer does not decode: {error}"))
        })?;
        match unknown_parts(&format!("{answer:?}")) {
            Some(unknown) => Err(ServerError::internal(format!(
                "{id}: the canned answer has unknown parts: {unknown}"
            ))),
            None => Ok(answer),
        }
    }

    fn answer<Req, Resp>(&self, id: &str, request: &Req) -> Result<Resp, ServerError>
    where
        Req: Serialize + Debug,
        Resp: DeserializeOwned + Debug,
    {
        self.reply(id, request, canned(id))
    }

    fn answer_page<Req, Resp>(
        &self,
        id: &str,
        request: &Req,
        page_token: &str,
    ) -> Result<Resp, ServerError>
    where
        Req: Serialize + Debug,
        Resp: DeserializeOwned + Debug,
    {
        self.reply(id, request, page(id, page_token))
    }

    fn nothing<Req: Serialize + Debug>(&self, id: &str, request: &Req) -> Result<(), ServerError> {
        self.record(id, request)
    }

    fn stream(
        &self,
        id: &str,
        request: &GenerateContentRequest,
    ) -> Result<ServerStream<GenerateContentResponse>, ServerError> {
        let events: Vec<GenerateContentResponse> = self.answer(id, request)?;
        Ok(Box::pin(futures_util::stream::iter(
            events.into_iter().map(Ok),
        )))
    }
}

type Answer<T> = Result<T, ServerError>;

impl Service for Recorder {
    async fn cached_contents_create(&self, r: CreateCachedContentRequest) -> Answer<CachedContent> {
        self.answer("cachedContents.create", &r)
    }
    async fn cached_contents_delete(&self, r: DeleteCachedContentRequest) -> Answer<()> {
        self.nothing("cachedContents.delete", &r)
    }
    async fn cached_contents_get(&self, r: GetCachedContentRequest) -> Answer<CachedContent> {
        self.answer("cachedContents.get", &r)
    }
    async fn cached_contents_list(
        &self,
        r: ListCachedContentsRequest,
    ) -> Answer<ListCachedContentsResponse> {
        self.answer_page("cachedContents.list", &r, &r.page_token)
    }
    async fn cached_contents_patch(&self, r: UpdateCachedContentRequest) -> Answer<CachedContent> {
        self.answer("cachedContents.patch", &r)
    }

    async fn corpora_create(&self, r: CreateCorpusRequest) -> Answer<Corpus> {
        self.answer("corpora.create", &r)
    }
    async fn corpora_delete(&self, r: DeleteCorpusRequest) -> Answer<()> {
        self.nothing("corpora.delete", &r)
    }
    async fn corpora_get(&self, r: GetCorpusRequest) -> Answer<Corpus> {
        self.answer("corpora.get", &r)
    }
    async fn corpora_list(&self, r: ListCorporaRequest) -> Answer<ListCorporaResponse> {
        self.answer_page("corpora.list", &r, &r.page_token)
    }
    async fn corpora_patch(&self, r: UpdateCorpusRequest) -> Answer<Corpus> {
        self.answer("corpora.patch", &r)
    }
    async fn corpora_query(&self, r: QueryCorpusRequest) -> Answer<QueryCorpusResponse> {
        self.answer("corpora.query", &r)
    }

    async fn corpora_documents_create(&self, r: CreateDocumentRequest) -> Answer<Document> {
        self.answer("corpora.documents.create", &r)
    }
    async fn corpora_documents_delete(&self, r: DeleteDocumentRequest) -> Answer<()> {
        self.nothing("corpora.documents.delete", &r)
    }
    async fn corpora_documents_get(&self, r: GetDocumentRequest) -> Answer<Document> {
        self.answer("corpora.documents.get", &r)
    }
    async fn corpora_documents_list(
        &self,
        r: ListDocumentsRequest,
    ) -> Answer<ListDocumentsResponse> {
        self.answer_page("corpora.documents.list", &r, &r.page_token)
    }
    async fn corpora_documents_patch(&self, r: UpdateDocumentRequest) -> Answer<Document> {
        self.answer("corpora.documents.patch", &r)
    }
    async fn corpora_documents_query(
        &self,
        r: QueryDocumentRequest,
    ) -> Answer<QueryDocumentResponse> {
        self.answer("corpora.documents.query", &r)
    }

    async fn corpora_documents_chunks_batch_create(
        &self,
        r: BatchCreateChunksRequest,
    ) -> Answer<BatchCreateChunksResponse> {
        self.answer("corpora.documents.chunks.batchCreate", &r)
    }
    async fn corpora_documents_chunks_batch_delete(
        &self,
        r: BatchDeleteChunksRequest,
    ) -> Answer<()> {
        self.nothing("corpora.documents.chunks.batchDelete", &r)
    }
    async fn corpora_documents_chunks_batch_update(
        &self,
        r: BatchUpdateChunksRequest,
    ) -> Answer<BatchUpdateChunksResponse> {
        self.answer("corpora.documents.chunks.batchUpdate", &r)
    }
    async fn corpora_documents_chunks_create(&self, r: CreateChunkRequest) -> Answer<Chunk> {
        self.answer("corpora.documents.chunks.create", &r)
    }
    async fn corpora_documents_chunks_delete(&self, r: DeleteChunkRequest) -> Answer<()> {
        self.nothing("corpora.documents.chunks.delete", &r)
    }
    async fn corpora_documents_chunks_get(&self, r: GetChunkRequest) -> Answer<Chunk> {
        self.answer("corpora.documents.chunks.get", &r)
    }
    async fn corpora_documents_chunks_list(
        &self,
        r: ListChunksRequest,
    ) -> Answer<ListChunksResponse> {
        self.answer_page("corpora.documents.chunks.list", &r, &r.page_token)
    }
    async fn corpora_documents_chunks_patch(&self, r: UpdateChunkRequest) -> Answer<Chunk> {
        self.answer("corpora.documents.chunks.patch", &r)
    }

    async fn corpora_permissions_create(&self, r: CreatePermissionRequest) -> Answer<Permission> {
        self.answer("corpora.permissions.create", &r)
    }
    async fn corpora_permissions_delete(&self, r: DeletePermissionRequest) -> Answer<()> {
        self.nothing("corpora.permissions.delete", &r)
    }
    async fn corpora_permissions_get(&self, r: GetPermissionRequest) -> Answer<Permission> {
        self.answer("corpora.permissions.get", &r)
    }
    async fn corpora_permissions_list(
        &self,
        r: ListPermissionsRequest,
    ) -> Answer<ListPermissionsResponse> {
        self.answer_page("corpora.permissions.list", &r, &r.page_token)
    }
    async fn corpora_permissions_patch(&self, r: UpdatePermissionRequest) -> Answer<Permission> {
        self.answer("corpora.permissions.patch", &r)
    }

    async fn files_delete(&self, r: DeleteFileRequest) -> Answer<()> {
        self.nothing("files.delete", &r)
    }
    async fn files_get(&self, r: GetFileRequest) -> Answer<File> {
        self.answer("files.get", &r)
    }
    async fn files_list(&self, r: ListFilesRequest) -> Answer<ListFilesResponse> {
        self.answer_page("files.list", &r, &r.page_token)
    }
    async fn media_upload(&self, r: CreateFileRequest) -> Answer<CreateFileResponse> {
        self.answer("media.upload", &r)
    }

    async fn models_batch_embed_contents(
        &self,
        r: BatchEmbedContentsRequest,
    ) -> Answer<BatchEmbedContentsResponse> {
        self.answer("models.batchEmbedContents", &r)
    }
    async fn models_batch_embed_text(
        &self,
        r: BatchEmbedTextRequest,
    ) -> Answer<BatchEmbedTextResponse> {
        self.answer("models.batchEmbedText", &r)
    }
    async fn models_count_message_tokens(
        &self,
        r: CountMessageTokensRequest,
    ) -> Answer<CountMessageTokensResponse> {
        self.answer("models.countMessageTokens", &r)
    }
    async fn models_count_text_tokens(
        &self,
        r: CountTextTokensRequest,
    ) -> Answer<CountTextTokensResponse> {
        self.answer("models.countTextTokens", &r)
    }
    async fn models_count_tokens(&self, r: CountTokensRequest) -> Answer<CountTokensResponse> {
        self.answer("models.countTokens", &r)
    }
    async fn models_embed_content(&self, r: EmbedContentRequest) -> Answer<EmbedContentResponse> {
        self.answer("models.embedContent", &r)
    }
    async fn models_embed_text(&self, r: EmbedTextRequest) -> Answer<EmbedTextResponse> {
        self.answer("models.embedText", &r)
    }
    async fn models_generate_answer(
        &self,
        r: GenerateAnswerRequest,
    ) -> Answer<GenerateAnswerResponse> {
        self.answer("models.generateAnswer", &r)
    }
    async fn models_generate_content(
        &self,
        r: GenerateContentRequest,
    ) -> Answer<GenerateContentResponse> {
        self.answer("models.generateContent", &r)
    }
    async fn models_generate_message(
        &self,
        r: GenerateMessageRequest,
    ) -> Answer<GenerateMessageResponse> {
        self.answer("models.generateMessage", &r)
    }
    async fn models_generate_text(&self, r: GenerateTextRequest) -> Answer<GenerateTextResponse> {
        self.answer("models.generateText", &r)
    }
    async fn models_get(&self, r: GetModelRequest) -> Answer<Model> {
        self.answer("models.get", &r)
    }
    async fn models_list(&self, r: ListModelsRequest) -> Answer<ListModelsResponse> {
        self.answer_page("models.list", &r, &r.page_token)
    }
    async fn models_stream_generate_content(
        &self,
        r: GenerateContentRequest,
    ) -> Answer<ServerStream<GenerateContentResponse>> {
        self.stream("models.streamGenerateContent", &r)
    }

    async fn tuned_models_create(&self, r: CreateTunedModelRequest) -> Answer<Operation> {
        self.answer("tunedModels.create", &r)
    }
    async fn tuned_models_delete(&self, r: DeleteTunedModelRequest) -> Answer<()> {
        self.nothing("tunedModels.delete", &r)
    }
    async fn tuned_models_generate_content(
        &self,
        r: GenerateContentRequest,
    ) -> Answer<GenerateContentResponse> {
        self.answer("tunedModels.generateContent", &r)
    }
    async fn tuned_models_generate_text(
        &self,
        r: GenerateTextRequest,
    ) -> Answer<GenerateTextResponse> {
        self.answer("tunedModels.generateText", &r)
    }
    async fn tuned_models_get(&self, r: GetTunedModelRequest) -> Answer<TunedModel> {
        self.answer("tunedModels.get", &r)
    }
    async fn tuned_models_list(
        &self,
        r: ListTunedModelsRequest,
    ) -> Answer<ListTunedModelsResponse> {
        self.answer_page("tunedModels.list", &r, &r.page_token)
    }
    async fn tuned_models_patch(&self, r: UpdateTunedModelRequest) -> Answer<TunedModel> {
        self.answer("tunedModels.patch", &r)
    }
    async fn tuned_models_stream_generate_content(
        &self,
        r: GenerateContentRequest,
    ) -> Answer<ServerStream<GenerateContentResponse>> {
        self.stream("tunedModels.streamGenerateContent", &r)
    }
    async fn tuned_models_transfer_ownership(
        &self,
        r: TransferOwnershipRequest,
    ) -> Answer<TransferOwnershipResponse> {
        self.answer("tunedModels.transferOwnership", &r)
    }

    async fn tuned_models_operations_get(&self, r: GetOperationRequest) -> Answer<Operation> {
        self.answer("tunedModels.operations.get", &r)
    }
    async fn tuned_models_operations_list(
        &self,
        r: ListOperationsRequest,
    ) -> Answer<ListOperationsResponse> {
        self.answer_page("tunedModels.operations.list", &r, &r.page_token)
    }

    async fn tuned_models_permissions_create(
        &self,
        r: CreatePermissionRequest,
    ) -> Answer<Permission> {
        self.answer("tunedModels.permissions.create", &r)
    }
    async fn tuned_models_permissions_delete(&self, r: DeletePermissionRequest) -> Answer<()> {
        self.nothing("tunedModels.permissions.delete", &r)
    }
    async fn tuned_models_permissions_get(&self, r: GetPermissionRequest) -> Answer<Permission> {
        self.answer("tunedModels.permissions.get", &r)
    }
    async fn tuned_models_permissions_list(
        &self,
        r: ListPermissionsRequest,
    ) -> Answer<ListPermissionsResponse> {
        self.answer_page("tunedModels.permissions.list", &r, &r.page_token)
    }
    async fn tuned_models_permissions_patch(
        &self,
        r: UpdatePermissionRequest,
    ) -> Answer<Permission> {
        self.answer("tunedModels.permissions.patch", &r)
    }
}

async fn serve(recorder: Recorder) -> Client {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router(recorder)).await.unwrap() });
    Client::builder()
        .api_key("test-key")
        .base_url(&base)
        .retry(gemini_v1beta::RetryPolicy::NONE)
        .build()
        .unwrap()
}

// ---------------------------------------------------------------------------
// The checks.
// ---------------------------------------------------------------------------

/// The JSON paths where `actual` differs from `expected`.
fn differences(expected: &Value, actual: &Value, path: &str, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(want), Value::Object(got)) => {
            let extra = got.keys().filter(|key| !want.contains_key(*key));
            for key in want.keys().chain(extra) {
                let at = format!("{path}.{key}");
                match (want.get(key), got.get(key)) {
                    (Some(want), Some(got)) => differences(want, got, &at, out),
                    (Some(want), None) => out.push(format!("{at}: expected {want}, absent")),
                    (None, Some(got)) => out.push(format!("{at}: expected absent, got {got}")),
                    (None, None) => {}
                }
            }
        }
        (Value::Array(want), Value::Array(got)) if want.len() == got.len() => {
            for (index, (want, got)) in want.iter().zip(got).enumerate() {
                differences(want, got, &format!("{path}[{index}]"), out);
            }
        }
        _ if expected != actual => out.push(format!("{path}: expected {expected}, got {actual}")),
        _ => {}
    }
}

/// Runs the calls, collecting every mismatch so that one run names them all.
struct Checker {
    recorder: Recorder,
    covered: BTreeSet<String>,
    failures: Vec<String>,
}

impl Checker {
    fn new(recorder: Recorder) -> Self {
        Self {
            recorder,
            covered: BTreeSet::new(),
            failures: Vec::new(),
        }
    }

    /// Awaits `call` (which sends `request` to method `id`) and checks that
    /// the server decoded exactly `request` and the client exactly `expected`.
    async fn check<Req, Resp>(
        &mut self,
        id: &str,
        request: &Req,
        call: impl Future<Output = Result<Resp, Error>>,
        expected: Value,
    ) where
        Req: Serialize,
        Resp: Serialize + Debug,
    {
        let result = call.await;
        let seen = self.recorder.take();
        let sent = serde_json::to_value(request).unwrap();
        let mut problems = Vec::new();
        match seen.as_slice() {
            [(seen_id, decoded)] if seen_id == id => {
                let mut diffs = Vec::new();
                differences(&sent, decoded, "request", &mut diffs);
                if !diffs.is_empty() {
                    problems.push(format!(
                        "the server decoded another request than the client sent:\n      {}\n    sent:    {sent}\n    decoded: {decoded}",
                        diffs.join("\n      ")
                    ));
                }
            }
            _ => problems.push(format!(
                "expected one {id} request at the server, saw {seen:?}"
            )),
        }
        match result {
            Ok(answer) => {
                let decoded = serde_json::to_value(&answer).unwrap();
                let mut diffs = Vec::new();
                differences(&expected, &decoded, "answer", &mut diffs);
                if !diffs.is_empty() {
                    problems.push(format!(
                        "the client decoded another answer than the server sent:\n      {}",
                        diffs.join("\n      ")
                    ));
                }
                if let Some(unknown) = unknown_parts(&format!("{answer:?}")) {
                    problems.push(format!("the decoded answer has unknown parts: {unknown}"));
                }
            }
            Err(error) => problems.push(format!("the call failed: {error:?}")),
        }
        if problems.is_empty() {
            self.covered.insert(id.to_owned());
        } else {
            self.failures
                .push(format!("{id}:\n  {}", problems.join("\n  ")));
        }
    }

    /// Panics with every mismatch; checks that `expected` methods were covered.
    fn finish(self, expected: &[&str]) {
        assert!(
            self.failures.is_empty(),
            "{} check(s) failed:\n\n{}",
            self.failures.len(),
            self.failures.join("\n\n")
        );
        let expected: BTreeSet<String> = expected.iter().map(|id| id.to_string()).collect();
        assert_eq!(self.covered, expected, "methods covered");
    }
}

// ---------------------------------------------------------------------------
// Request building blocks.
// ---------------------------------------------------------------------------

fn text_part(text: &str) -> Part {
    Part::new().set_text(text)
}

/// Content with one text part and no role.
fn content(text: &str) -> Content {
    Content::new().set_parts([text_part(text)])
}

/// A user turn with one text part.
fn user_turn(text: &str) -> Content {
    content(text).set_role("user")
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => panic!("not an object: {other}"),
    }
}

fn string_schema(description: &str) -> Schema {
    Schema::new()
        .set_type(Type::String)
        .set_description(description)
}

/// A schema that uses every kind of field, int64s included.
fn poem_schema() -> Schema {
    Schema::new()
        .set_type(Type::Object)
        .set_title("Poem")
        .set_properties([
            (
                "lines",
                Schema::new()
                    .set_type(Type::Array)
                    .set_items(
                        string_schema("One line.")
                            .set_max_length(80)
                            .set_min_length(1),
                    )
                    .set_min_items(3)
                    .set_max_items(9_007_199_254_740_993_i64),
            ),
            (
                "season",
                string_schema("The season.")
                    .set_enum(["spring", "autumn"])
                    .set_format("enum")
                    .set_nullable(true),
            ),
            (
                "syllables",
                Schema::new()
                    .set_type(Type::Integer)
                    .set_format("int32")
                    .set_minimum(5.0)
                    .set_maximum(7.0)
                    .set_example(json!(5)),
            ),
            (
                "meta",
                Schema::new()
                    .set_type(Type::Object)
                    .set_min_properties(1)
                    .set_max_properties(4)
                    .set_any_of([string_schema("a"), Schema::new()])
                    .set_pattern("^[a-z]+$")
                    .set_default(json!({"author": "anonymous"})),
            ),
        ])
        .set_required(["lines"])
        .set_property_ordering(["season", "lines"])
}

/// A request that sets most of what a generateContent request can carry.
fn generate_content_request(model: &str) -> GenerateContentRequest {
    let model_turn = Content::new().set_role("model").set_parts([
        text_part("The user wants the weather first.")
            .set_thought(true)
            .set_thought_signature(vec![0, 1, 2, 254, 255]),
        Part::new().set_function_call(
            FunctionCall::new()
                .set_id("call-1")
                .set_name("get_weather")
                .set_args(object(json!({"city": "Paris", "days": 3, "units": ["C"]}))),
        ),
    ]);
    let function_turn = Content::new().set_role("user").set_parts([Part::new()
        .set_function_response(
            FunctionResponse::new()
                .set_id("call-1")
                .set_name("get_weather")
                .set_response(object(json!({"temperature": 21.5, "sky": "clear"})))
                .set_scheduling(function_response::Scheduling::WhenIdle),
        )]);
    let media_turn = Content::new().set_role("user").set_parts([
        text_part("Write a haiku about this picture and this video."),
        Part::new()
            .set_inline_data(
                Blob::new()
                    .set_mime_type("image/png")
                    .set_data(vec![0x89, b'P', b'N', b'G', 0, 0xff]),
            )
            .set_part_metadata(object(json!({"source": "camera"}))),
        Part::new()
            .set_file_data(
                FileData::new()
                    .set_mime_type("video/mp4")
                    .set_file_uri("https://generativelanguage.googleapis.com/v1beta/files/abc-123"),
            )
            .set_video_metadata(
                VideoMetadata::new()
                    .set_start_offset(Duration {
                        seconds: 1,
                        nanos: 500_000_000,
                    })
                    .set_end_offset(Duration::from_secs(10))
                    .set_fps(2.5),
            ),
    ]);
    GenerateContentRequest::new()
        .set_model(model)
        .set_system_instruction(content("You are a poet."))
        .set_contents([
            user_turn("What is the weather?"),
            model_turn,
            function_turn,
            media_turn,
        ])
        .set_tools([
            Tool::new().set_function_declarations([FunctionDeclaration::new()
                .set_name("get_weather")
                .set_description("Gets the weather for a city.")
                .set_parameters(
                    Schema::new()
                        .set_type(Type::Object)
                        .set_properties([("city", string_schema("The city."))])
                        .set_required(["city"]),
                )
                .set_response_json_schema(json!({"type": "object"}))
                .set_behavior(function_declaration::Behavior::NonBlocking)]),
            Tool::new().set_google_search(
                tool::GoogleSearch::new().set_time_range_filter(
                    Interval::new()
                        .set_start_time(Timestamp::new(1_714_557_600, 0))
                        .set_end_time(Timestamp::new(1_714_644_000, 250_000_000)),
                ),
            ),
            Tool::new()
                .set_code_execution(CodeExecution::new())
                .set_url_context(UrlContext::new()),
        ])
        .set_tool_config(
            ToolConfig::new()
                .set_function_calling_config(
                    FunctionCallingConfig::new()
                        .set_mode(function_calling_config::Mode::Any)
                        .set_allowed_function_names(["get_weather"]),
                )
                .set_retrieval_config(
                    RetrievalConfig::new()
                        .set_lat_lng(LatLng::new().set_latitude(48.5).set_longitude(2.25))
                        .set_language_code("fr-FR"),
                ),
        )
        .set_safety_settings([
            SafetySetting::new()
                .set_category(HarmCategory::Harassment)
                .set_threshold(safety_setting::HarmBlockThreshold::BlockOnlyHigh),
            SafetySetting::new()
                .set_category(HarmCategory::DangerousContent)
                .set_threshold(safety_setting::HarmBlockThreshold::BlockNone),
        ])
        .set_generation_config(
            GenerationConfig::new()
                .set_candidate_count(1)
                .set_stop_sequences(["END", "\n\n"])
                .set_max_output_tokens(256)
                .set_temperature(0.5)
                .set_top_p(0.75)
                .set_top_k(40)
                .set_seed(-42)
                .set_response_mime_type("application/json")
                .set_response_schema(poem_schema())
                .set_presence_penalty(0.25)
                .set_frequency_penalty(-0.5)
                .set_response_logprobs(true)
                .set_logprobs(3)
                .set_response_modalities([
                    generation_config::Modality::Text,
                    generation_config::Modality::Audio,
                ])
                .set_speech_config(
                    SpeechConfig::new()
                        .set_voice_config(VoiceConfig::new().set_prebuilt_voice_config(
                            PrebuiltVoiceConfig::new().set_voice_name("Kore"),
                        ))
                        .set_language_code("en-US"),
                )
                .set_thinking_config(
                    ThinkingConfig::new()
                        .set_include_thoughts(true)
                        .set_thinking_budget(1024),
                )
                .set_media_resolution(generation_config::MediaResolution::Medium),
        )
        .set_cached_content("cachedContents/cc-1")
}

fn generate_text_request(model: &str) -> GenerateTextRequest {
    GenerateTextRequest::new()
        .set_model(model)
        .set_prompt(TextPrompt::new().set_text("Once upon a time"))
        .set_temperature(0.5)
        .set_candidate_count(2)
        .set_max_output_tokens(100)
        .set_top_p(0.75)
        .set_top_k(40)
        .set_safety_settings([SafetySetting::new()
            .set_category(HarmCategory::Toxicity)
            .set_threshold(safety_setting::HarmBlockThreshold::BlockLowAndAbove)])
        .set_stop_sequences([".", "THE END"])
}

fn message_prompt() -> MessagePrompt {
    let message = |author: &str, text: &str| Message::new().set_author(author).set_content(text);
    MessagePrompt::new()
        .set_context("Be brief.")
        .set_examples([Example::new()
            .set_input(message("0", "Hi"))
            .set_output(message("1", "Hello!"))])
        .set_messages([
            message("0", "Hello"),
            message("1", "Hi"),
            message("0", "Bye"),
        ])
}

fn metadata_filters() -> Vec<MetadataFilter> {
    vec![
        MetadataFilter::new()
            .set_key("chunk.custom_metadata.year")
            .set_conditions([
                Condition::new()
                    .set_operation(condition::Operator::GreaterEqual)
                    .set_numeric_value(2020.0),
                Condition::new()
                    .set_operation(condition::Operator::Less)
                    .set_numeric_value(2025.5),
            ]),
        MetadataFilter::new()
            .set_key("document.custom_metadata.tags")
            .set_conditions([Condition::new()
                .set_operation(condition::Operator::Includes)
                .set_string_value("network")]),
    ]
}

fn chunk_text(text: &str) -> ChunkData {
    ChunkData::new().set_string_value(text)
}

fn custom_metadata() -> Vec<CustomMetadata> {
    vec![
        CustomMetadata::new()
            .set_key("year")
            .set_numeric_value(2023.0),
        CustomMetadata::new()
            .set_key("tags")
            .set_string_list_value(StringList::new().set_values(["network", "setup"])),
        CustomMetadata::new().set_key("lang").set_string_value("en"),
    ]
}

fn new_tuned_model() -> TunedModel {
    TunedModel::new()
        .set_display_name("Haiku writer")
        .set_description("Writes haiku.")
        .set_temperature(0.5)
        .set_top_p(0.75)
        .set_top_k(40)
        .set_reader_project_numbers([123_456_789_012, 9_007_199_254_740_993_i64, -1])
        .set_base_model("models/gemini-1.0-pro-001")
        .set_tuning_task(
            TuningTask::new()
                .set_training_data(
                    Dataset::new().set_examples(
                        TuningExamples::new().set_examples([
                            TuningExample::new()
                                .set_text_input("autumn")
                                .set_output("Leaves drift and fall"),
                            TuningExample::new()
                                .set_text_input("winter")
                                .set_output("Snow on silent hills"),
                        ]),
                    ),
                )
                .set_hyperparameters(
                    Hyperparameters::new()
                        .set_epoch_count(5)
                        .set_batch_size(4)
                        .set_learning_rate_multiplier(1.5),
                ),
        )
}

/// Reads a server stream to the end, failing on the first error.
async fn read_all(
    stream: impl Future<Output = Result<ResponseStream<GenerateContentResponse>, Error>>,
) -> Result<Vec<GenerateContentResponse>, Error> {
    stream.await?.try_collect().await
}

/// `value` without its `@type` (what an `Any` decodes to).
fn without_type(value: &Value) -> Value {
    let mut value = value.clone();
    if let Value::Object(fields) = &mut value {
        fields.remove("@type");
    }
    value
}

// ---------------------------------------------------------------------------
// The tests.
// ---------------------------------------------------------------------------

async fn cached_contents(c: &mut Checker, client: &Client) {
    let cached = client.cached_contents();

    let request = CreateCachedContentRequest::new().set_cached_content(
        CachedContent::new()
            .set_model("models/gemini-1.5-flash-001")
            .set_display_name("Router manual")
            .set_system_instruction(content("Answer questions about the router."))
            .set_contents([user_turn("The whole manual."), user_turn("The appendix.")])
            .set_tools([Tool::new().set_code_execution(CodeExecution::new())])
            .set_tool_config(ToolConfig::new().set_function_calling_config(
                FunctionCallingConfig::new().set_mode(function_calling_config::Mode::None),
            ))
            .set_expire_time(Timestamp::new(1_714_561_200, 500_000_000)),
    );
    let id = "cachedContents.create";
    c.check(id, &request, cached.create(request.clone()), canned(id))
        .await;

    let request = DeleteCachedContentRequest::new().set_name("cachedContents/cc-1");
    let id = "cachedContents.delete";
    c.check(id, &request, cached.delete(request.clone()), canned(id))
        .await;

    let request = GetCachedContentRequest::new().set_name("cachedContents/cc-1");
    let id = "cachedContents.get";
    c.check(id, &request, cached.get(request.clone()), canned(id))
        .await;

    let request = ListCachedContentsRequest::new().set_page_size(20);
    let id = "cachedContents.list";
    let expected = page(id, &request.page_token);
    c.check(id, &request, cached.list(request.clone()), expected)
        .await;

    let request = UpdateCachedContentRequest::new()
        .set_cached_content(
            CachedContent::new()
                .set_name("cachedContents/cc-1")
                .set_ttl(Duration {
                    seconds: 7200,
                    nanos: 250_000_000,
                }),
        )
        .set_update_mask(FieldMask::new(["ttl"]));
    let id = "cachedContents.patch";
    c.check(id, &request, cached.patch(request.clone()), canned(id))
        .await;
}

async fn corpora(c: &mut Checker, client: &Client) {
    let corpora = client.corpora();

    let request = CreateCorpusRequest::new().set_corpus(
        Corpus::new()
            .set_name("corpora/manuals")
            .set_display_name("Manuals"),
    );
    let id = "corpora.create";
    c.check(id, &request, corpora.create(request.clone()), canned(id))
        .await;

    let request = DeleteCorpusRequest::new()
        .set_name("corpora/manuals")
        .set_force(true);
    let id = "corpora.delete";
    c.check(id, &request, corpora.delete(request.clone()), canned(id))
        .await;

    let request = GetCorpusRequest::new().set_name("corpora/manuals");
    let id = "corpora.get";
    c.check(id, &request, corpora.get(request.clone()), canned(id))
        .await;

    let request = ListCorporaRequest::new()
        .set_page_size(10)
        .set_page_token("next page/2+");
    let id = "corpora.list";
    let expected = page(id, &request.page_token);
    c.check(id, &request, corpora.list(request.clone()), expected)
        .await;

    let request = UpdateCorpusRequest::new()
        .set_corpus(
            Corpus::new()
                .set_name("corpora/manuals")
                .set_display_name("Product manuals"),
        )
        .set_update_mask(FieldMask::new(["display_name"]));
    let id = "corpora.patch";
    c.check(id, &request, corpora.patch(request.clone()), canned(id))
        .await;

    let request = QueryCorpusRequest::new()
        .set_name("corpora/manuals")
        .set_query("How do I reset it?")
        .set_results_count(5)
        .set_metadata_filters(metadata_filters());
    let id = "corpora.query";
    c.check(id, &request, corpora.query(request.clone()), canned(id))
        .await;
}

async fn corpora_documents(c: &mut Checker, client: &Client) {
    let documents = client.corpora().documents();

    let request = CreateDocumentRequest::new()
        .set_parent("corpora/manuals")
        .set_document(
            Document::new()
                .set_name("corpora/manuals/documents/router")
                .set_display_name("Router guide")
                .set_custom_metadata(custom_metadata()),
        );
    let id = "corpora.documents.create";
    c.check(id, &request, documents.create(request.clone()), canned(id))
        .await;

    let request = DeleteDocumentRequest::new()
        .set_name("corpora/manuals/documents/router")
        .set_force(true);
    let id = "corpora.documents.delete";
    c.check(id, &request, documents.delete(request.clone()), canned(id))
        .await;

    let request = GetDocumentRequest::new().set_name("corpora/manuals/documents/router");
    let id = "corpora.documents.get";
    c.check(id, &request, documents.get(request.clone()), canned(id))
        .await;

    let request = ListDocumentsRequest::new()
        .set_parent("corpora/manuals")
        .set_page_size(5);
    let id = "corpora.documents.list";
    let expected = page(id, &request.page_token);
    c.check(id, &request, documents.list(request.clone()), expected)
        .await;

    let request = UpdateDocumentRequest::new()
        .set_document(
            Document::new()
                .set_name("corpora/manuals/documents/router")
                .set_display_name("Router guide v2")
                .set_custom_metadata(custom_metadata()),
        )
        .set_update_mask(FieldMask::new(["display_name", "custom_metadata"]));
    let id = "corpora.documents.patch";
    c.check(id, &request, documents.patch(request.clone()), canned(id))
        .await;

    let request = QueryDocumentRequest::new()
        .set_name("corpora/manuals/documents/router")
        .set_query("reset & restart")
        .set_results_count(3)
        .set_metadata_filters(metadata_filters());
    let id = "corpora.documents.query";
    c.check(id, &request, documents.query(request.clone()), canned(id))
        .await;
}

async fn corpora_documents_chunks(c: &mut Checker, client: &Client) {
    const DOCUMENT: &str = "corpora/manuals/documents/router";
    let chunks = client.corpora().documents().chunks();

    let request = BatchCreateChunksRequest::new()
        .set_parent(DOCUMENT)
        .set_requests([
            CreateChunkRequest::new().set_parent(DOCUMENT).set_chunk(
                Chunk::new()
                    .set_data(chunk_text("Unplug it."))
                    .set_custom_metadata(custom_metadata()),
            ),
            CreateChunkRequest::new().set_parent(DOCUMENT).set_chunk(
                Chunk::new()
                    .set_name(format!("{DOCUMENT}/chunks/c2"))
                    .set_data(chunk_text("Plug it back in.")),
            ),
        ]);
    let id = "corpora.documents.chunks.batchCreate";
    c.check(
        id,
        &request,
        chunks.batch_create(request.clone()),
        canned(id),
    )
    .await;

    let request = BatchDeleteChunksRequest::new()
        .set_parent(DOCUMENT)
        .set_requests([
            DeleteChunkRequest::new().set_name(format!("{DOCUMENT}/chunks/c1")),
            DeleteChunkRequest::new().set_name(format!("{DOCUMENT}/chunks/c2")),
        ]);
    let id = "corpora.documents.chunks.batchDelete";
    c.check(
        id,
        &request,
        chunks.batch_delete(request.clone()),
        canned(id),
    )
    .await;

    let request = BatchUpdateChunksRequest::new()
        .set_parent(DOCUMENT)
        .set_requests([
            UpdateChunkRequest::new()
                .set_chunk(
                    Chunk::new()
                        .set_name(format!("{DOCUMENT}/chunks/c1"))
                        .set_data(chunk_text("Unplug it for ten seconds.")),
                )
                .set_update_mask(FieldMask::new(["data"])),
            UpdateChunkRequest::new()
                .set_chunk(
                    Chunk::new()
                        .set_name(format!("{DOCUMENT}/chunks/c2"))
                        .set_custom_metadata(custom_metadata()),
                )
                .set_update_mask(FieldMask::new(["custom_metadata", "data"])),
        ]);
    let id = "corpora.documents.chunks.batchUpdate";
    c.check(
        id,
        &request,
        chunks.batch_update(request.clone()),
        canned(id),
    )
    .await;

    let request = CreateChunkRequest::new().set_parent(DOCUMENT).set_chunk(
        Chunk::new()
            .set_data(chunk_text("Hold the reset button."))
            .set_custom_metadata(custom_metadata()),
    );
    let id = "corpora.documents.chunks.create";
    c.check(id, &request, chunks.create(request.clone()), canned(id))
        .await;

    let request = DeleteChunkRequest::new().set_name(format!("{DOCUMENT}/chunks/c1"));
    let id = "corpora.documents.chunks.delete";
    c.check(id, &request, chunks.delete(request.clone()), canned(id))
        .await;

    let request = GetChunkRequest::new().set_name(format!("{DOCUMENT}/chunks/c1"));
    let id = "corpora.documents.chunks.get";
    c.check(id, &request, chunks.get(request.clone()), canned(id))
        .await;

    let request = ListChunksRequest::new()
        .set_parent(DOCUMENT)
        .set_page_size(100)
        .set_page_token("more");
    let id = "corpora.documents.chunks.list";
    let expected = page(id, &request.page_token);
    c.check(id, &request, chunks.list(request.clone()), expected)
        .await;

    let request = UpdateChunkRequest::new()
        .set_chunk(
            Chunk::new()
                .set_name(format!("{DOCUMENT}/chunks/c1"))
                .set_data(chunk_text("Hold it for five seconds."))
                .set_custom_metadata(custom_metadata()),
        )
        .set_update_mask(FieldMask::new(["data", "custom_metadata"]));
    let id = "corpora.documents.chunks.patch";
    c.check(id, &request, chunks.patch(request.clone()), canned(id))
        .await;
}

async fn corpora_permissions(c: &mut Checker, client: &Client) {
    let permissions = client.corpora().permissions();

    let request = CreatePermissionRequest::new()
        .set_parent("corpora/manuals")
        .set_permission(
            Permission::new()
                .set_grantee_type(permission::GranteeType::User)
                .set_email_address("reader@example.com")
                .set_role(permission::Role::Reader),
        );
    let id = "corpora.permissions.create";
    c.check(
        id,
        &request,
        permissions.create(request.clone()),
        canned(id),
    )
    .await;

    let request = DeletePermissionRequest::new().set_name("corpora/manuals/permissions/p1");
    let id = "corpora.permissions.delete";
    c.check(
        id,
        &request,
        permissions.delete(request.clone()),
        canned(id),
    )
    .await;

    let request = GetPermissionRequest::new().set_name("corpora/manuals/permissions/p1");
    let id = "corpora.permissions.get";
    c.check(id, &request, permissions.get(request.clone()), canned(id))
        .await;

    let request = ListPermissionsRequest::new()
        .set_parent("corpora/manuals")
        .set_page_size(10);
    let id = "corpora.permissions.list";
    let expected = page(id, &request.page_token);
    c.check(id, &request, permissions.list(request.clone()), expected)
        .await;

    let request = UpdatePermissionRequest::new()
        .set_permission(
            Permission::new()
                .set_name("corpora/manuals/permissions/p1")
                .set_role(permission::Role::Writer),
        )
        .set_update_mask(FieldMask::new(["role"]));
    let id = "corpora.permissions.patch";
    c.check(id, &request, permissions.patch(request.clone()), canned(id))
        .await;
}

async fn files_and_media(c: &mut Checker, client: &Client) {
    let files = client.files();

    let request = DeleteFileRequest::new().set_name("files/abc-123");
    let id = "files.delete";
    c.check(id, &request, files.delete(request.clone()), canned(id))
        .await;

    let request = GetFileRequest::new().set_name("files/abc-123");
    let id = "files.get";
    c.check(id, &request, files.get(request.clone()), canned(id))
        .await;

    // A page token with characters that must be escaped in a query.
    let request = ListFilesRequest::new()
        .set_page_size(25)
        .set_page_token("a/b+c d&e=f%20?#é");
    let id = "files.list";
    let expected = page(id, &request.page_token);
    c.check(id, &request, files.list(request.clone()), expected)
        .await;

    let request = CreateFileRequest::new().set_file(
        File::new()
            .set_name("files/notes-1")
            .set_display_name("Notes")
            .set_mime_type("text/plain")
            .set_size_bytes(9_007_199_254_740_993_i64)
            .set_sha256_hash(vec![0xde, 0xad, 0xbe, 0xef])
            .set_expiration_time(Timestamp::new(1_714_730_400, 0))
            .set_source(file::Source::Uploaded)
            .set_video_metadata(VideoFileMetadata::new().set_video_duration(Duration {
                seconds: 12,
                nanos: 500_000_000,
            })),
    );
    let id = "media.upload";
    c.check(
        id,
        &request,
        client.media().upload(request.clone()),
        canned(id),
    )
    .await;
}

async fn models(c: &mut Checker, client: &Client) {
    let models = client.models();

    let request = BatchEmbedContentsRequest::new()
        .set_model("models/text-embedding-004")
        .set_requests([
            EmbedContentRequest::new()
                .set_model("models/text-embedding-004")
                .set_content(content("first"))
                .set_task_type(TaskType::RetrievalDocument)
                .set_title("First"),
            EmbedContentRequest::new()
                .set_model("models/text-embedding-004")
                .set_content(content("second"))
                .set_task_type(TaskType::CodeRetrievalQuery)
                .set_output_dimensionality(3),
        ]);
    let id = "models.batchEmbedContents";
    c.check(
        id,
        &request,
        models.batch_embed_contents(request.clone()),
        canned(id),
    )
    .await;

    let request = BatchEmbedTextRequest::new()
        .set_model("models/embedding-gecko-001")
        .set_texts(["first", "second"])
        .set_requests([EmbedTextRequest::new()
            .set_model("models/embedding-gecko-001")
            .set_text("third")]);
    let id = "models.batchEmbedText";
    c.check(
        id,
        &request,
        models.batch_embed_text(request.clone()),
        canned(id),
    )
    .await;

    let request = CountMessageTokensRequest::new()
        .set_model("models/chat-bison-001")
        .set_prompt(message_prompt());
    let id = "models.countMessageTokens";
    c.check(
        id,
        &request,
        models.count_message_tokens(request.clone()),
        canned(id),
    )
    .await;

    let request = CountTextTokensRequest::new()
        .set_model("models/text-bison-001")
        .set_prompt(TextPrompt::new().set_text("Hello"));
    let id = "models.countTextTokens";
    c.check(
        id,
        &request,
        models.count_text_tokens(request.clone()),
        canned(id),
    )
    .await;

    let request = CountTokensRequest::new()
        .set_model("models/gemini-1.5-flash")
        .set_generate_content_request(generate_content_request("models/gemini-1.5-flash"));
    let id = "models.countTokens";
    c.check(
        id,
        &request,
        models.count_tokens(request.clone()),
        canned(id),
    )
    .await;

    let request = EmbedContentRequest::new()
        .set_model("models/text-embedding-004")
        .set_content(Content::new().set_parts([text_part("Hello"), text_part("world")]))
        .set_task_type(TaskType::RetrievalQuery)
        .set_title("Greeting")
        .set_output_dimensionality(256);
    let id = "models.embedContent";
    c.check(
        id,
        &request,
        models.embed_content(request.clone()),
        canned(id),
    )
    .await;

    let request = EmbedTextRequest::new()
        .set_model("models/embedding-gecko-001")
        .set_text("Hello");
    let id = "models.embedText";
    c.check(id, &request, models.embed_text(request.clone()), canned(id))
        .await;

    // generateAnswer twice: once with each member of its grounding-source oneof.
    let safety_settings = vec![SafetySetting::new()
        .set_category(HarmCategory::HateSpeech)
        .set_threshold(safety_setting::HarmBlockThreshold::BlockMediumAndAbove)];
    let request = GenerateAnswerRequest::new()
        .set_model("models/aqa")
        .set_contents([user_turn("How do I reset it?")])
        .set_answer_style(generate_answer_request::AnswerStyle::Abstractive)
        .set_safety_settings(safety_settings.clone())
        .set_temperature(0.25)
        .set_semantic_retriever(
            SemanticRetrieverConfig::new()
                .set_source("corpora/manuals")
                .set_query(content("reset"))
                .set_metadata_filters(metadata_filters())
                .set_max_chunks_count(5)
                .set_minimum_relevance_score(0.5),
        );
    let id = "models.generateAnswer";
    c.check(
        id,
        &request,
        models.generate_answer(request.clone()),
        canned(id),
    )
    .await;
    let request = GenerateAnswerRequest::new()
        .set_model("models/aqa")
        .set_contents([user_turn("How long do I hold it?")])
        .set_answer_style(generate_answer_request::AnswerStyle::Verbose)
        .set_safety_settings(safety_settings)
        .set_inline_passages(
            GroundingPassages::new().set_passages([
                GroundingPassage::new()
                    .set_id("p1")
                    .set_content(content("Hold the reset button.")),
                GroundingPassage::new()
                    .set_id("p2")
                    .set_content(content("Ten seconds.")),
            ]),
        );
    c.check(
        id,
        &request,
        models.generate_answer(request.clone()),
        canned(id),
    )
    .await;

    let request = generate_content_request("models/gemini-1.5-flash");
    let id = "models.generateContent";
    c.check(
        id,
        &request,
        models.generate_content(request.clone()),
        canned(id),
    )
    .await;

    let request = GenerateMessageRequest::new()
        .set_model("models/chat-bison-001")
        .set_prompt(message_prompt())
        .set_temperature(0.5)
        .set_candidate_count(2)
        .set_top_p(0.75)
        .set_top_k(20);
    let id = "models.generateMessage";
    c.check(
        id,
        &request,
        models.generate_message(request.clone()),
        canned(id),
    )
    .await;

    let request = generate_text_request("models/text-bison-001");
    let id = "models.generateText";
    c.check(
        id,
        &request,
        models.generate_text(request.clone()),
        canned(id),
    )
    .await;

    let request = GetModelRequest::new().set_name("models/gemini-1.5-flash");
    let id = "models.get";
    c.check(id, &request, models.get(request.clone()), canned(id))
        .await;

    let request = ListModelsRequest::new()
        .set_page_size(50)
        .set_page_token("p");
    let id = "models.list";
    let expected = page(id, &request.page_token);
    c.check(id, &request, models.list(request.clone()), expected)
        .await;

    let request = generate_content_request("models/gemini-2.0-flash");
    let id = "models.streamGenerateContent";
    let call = read_all(models.stream_generate_content(request.clone()));
    c.check(id, &request, call, canned(id)).await;
}

async fn tuned_models(c: &mut Checker, client: &Client) {
    let tuned = client.tuned_models();

    // The client answers a LongRunning handle: compare what it exposes.
    let request = CreateTunedModelRequest::new()
        .set_tuned_model_id("haiku-writer")
        .set_tuned_model(new_tuned_model());
    let id = "tunedModels.create";
    let call = async {
        let operation = tuned.create(request.clone()).await?;
        Ok::<_, Error>(json!({
            "name": operation.name(),
            "done": operation.is_done(),
            "metadata": operation.metadata()?,
            "response": operation.result().transpose()?,
        }))
    };
    let answer = canned(id);
    let expected = json!({
        "name": answer["name"],
        "done": true,
        "metadata": without_type(&answer["metadata"]),
        "response": without_type(&answer["response"]),
    });
    c.check(id, &request, call, expected).await;

    let request = DeleteTunedModelRequest::new().set_name("tunedModels/haiku-writer");
    let id = "tunedModels.delete";
    c.check(id, &request, tuned.delete(request.clone()), canned(id))
        .await;

    let request = generate_content_request("tunedModels/haiku-writer");
    let id = "tunedModels.generateContent";
    c.check(
        id,
        &request,
        tuned.generate_content(request.clone()),
        canned(id),
    )
    .await;

    let request = generate_text_request("tunedModels/haiku-writer");
    let id = "tunedModels.generateText";
    c.check(
        id,
        &request,
        tuned.generate_text(request.clone()),
        canned(id),
    )
    .await;

    let request = GetTunedModelRequest::new().set_name("tunedModels/haiku-writer");
    let id = "tunedModels.get";
    c.check(id, &request, tuned.get(request.clone()), canned(id))
        .await;

    let request = ListTunedModelsRequest::new()
        .set_page_size(10)
        .set_page_token("t")
        .set_filter("owner:me AND state=ACTIVE");
    let id = "tunedModels.list";
    let expected = page(id, &request.page_token);
    c.check(id, &request, tuned.list(request.clone()), expected)
        .await;

    let request = UpdateTunedModelRequest::new()
        .set_tuned_model(
            TunedModel::new()
                .set_name("tunedModels/haiku-writer")
                .set_display_name("Haiku writer v2")
                .set_description("Writes better haiku.")
                .set_temperature(0.25)
                .set_reader_project_numbers([42, 9_007_199_254_740_993_i64]),
        )
        .set_update_mask(FieldMask::new([
            "display_name",
            "description",
            "temperature",
            "reader_project_numbers",
        ]));
    let id = "tunedModels.patch";
    c.check(id, &request, tuned.patch(request.clone()), canned(id))
        .await;

    let request = generate_content_request("tunedModels/haiku-writer");
    let id = "tunedModels.streamGenerateContent";
    let call = read_all(tuned.stream_generate_content(request.clone()));
    c.check(id, &request, call, canned(id)).await;

    let request = TransferOwnershipRequest::new()
        .set_name("tunedModels/haiku-writer")
        .set_email_address("new-owner@example.com");
    let id = "tunedModels.transferOwnership";
    c.check(
        id,
        &request,
        tuned.transfer_ownership(request.clone()),
        canned(id),
    )
    .await;
}

async fn tuned_models_operations(c: &mut Checker, client: &Client) {
    let operations = client.tuned_models().operations();

    let request = GetOperationRequest::new().set_name("tunedModels/haiku-writer/operations/op-1");
    let id = "tunedModels.operations.get";
    c.check(id, &request, operations.get(request.clone()), canned(id))
        .await;

    let request = ListOperationsRequest::new()
        .set_name("tunedModels/haiku-writer")
        .set_filter("done=true")
        .set_page_size(3)
        .set_page_token("x")
        .set_return_partial_success(true);
    let id = "tunedModels.operations.list";
    let expected = page(id, &request.page_token);
    c.check(id, &request, operations.list(request.clone()), expected)
        .await;
}

async fn tuned_models_permissions(c: &mut Checker, client: &Client) {
    let permissions = client.tuned_models().permissions();

    let request = CreatePermissionRequest::new()
        .set_parent("tunedModels/haiku-writer")
        .set_permission(
            Permission::new()
                .set_grantee_type(permission::GranteeType::Group)
                .set_email_address("poets@example.com")
                .set_role(permission::Role::Reader),
        );
    let id = "tunedModels.permissions.create";
    c.check(
        id,
        &request,
        permissions.create(request.clone()),
        canned(id),
    )
    .await;

    let request =
        DeletePermissionRequest::new().set_name("tunedModels/haiku-writer/permissions/p1");
    let id = "tunedModels.permissions.delete";
    c.check(
        id,
        &request,
        permissions.delete(request.clone()),
        canned(id),
    )
    .await;

    let request = GetPermissionRequest::new().set_name("tunedModels/haiku-writer/permissions/p1");
    let id = "tunedModels.permissions.get";
    c.check(id, &request, permissions.get(request.clone()), canned(id))
        .await;

    let request = ListPermissionsRequest::new()
        .set_parent("tunedModels/haiku-writer")
        .set_page_size(10)
        .set_page_token("next");
    let id = "tunedModels.permissions.list";
    let expected = page(id, &request.page_token);
    c.check(id, &request, permissions.list(request.clone()), expected)
        .await;

    let request = UpdatePermissionRequest::new()
        .set_permission(
            Permission::new()
                .set_name("tunedModels/haiku-writer/permissions/p1")
                .set_grantee_type(permission::GranteeType::Everyone)
                .set_role(permission::Role::Writer),
        )
        .set_update_mask(FieldMask::new(["role", "grantee_type"]));
    let id = "tunedModels.permissions.patch";
    c.check(id, &request, permissions.patch(request.clone()), canned(id))
        .await;
}

#[tokio::test]
async fn every_method_round_trips_through_the_generated_server() {
    assert_eq!(
        ALL_METHODS.iter().collect::<BTreeSet<_>>().len(),
        64,
        "64 distinct method ids"
    );
    let recorder = Recorder::default();
    let client = serve(recorder.clone()).await;
    let mut c = Checker::new(recorder);

    cached_contents(&mut c, &client).await;
    corpora(&mut c, &client).await;
    corpora_documents(&mut c, &client).await;
    corpora_documents_chunks(&mut c, &client).await;
    corpora_permissions(&mut c, &client).await;
    files_and_media(&mut c, &client).await;
    models(&mut c, &client).await;
    tuned_models(&mut c, &client).await;
    tuned_models_operations(&mut c, &client).await;
    tuned_models_permissions(&mut c, &client).await;

    c.finish(&ALL_METHODS);
}

/// `list_items` follows `nextPageToken` through the server, keeping the
/// other query parameters on every page.
#[tokio::test]
async fn list_items_pages_through_the_generated_server() {
    let recorder = Recorder::default();
    let client = serve(recorder.clone()).await;

    let request = ListDocumentsRequest::new()
        .set_parent("corpora/manuals")
        .set_page_size(1);
    let documents: Vec<Document> = client
        .corpora()
        .documents()
        .list_items(request.clone())
        .try_collect()
        .await
        .unwrap();
    let id = "corpora.documents.list";
    assert_eq!(
        serde_json::to_value(&documents).unwrap(),
        json!([
            page(id, "")["documents"][0],
            page(id, "page-2")["documents"][0]
        ])
    );
    let second = request.clone().set_page_token("page-2");
    assert_eq!(
        recorder.take(),
        [
            (id.to_owned(), serde_json::to_value(&request).unwrap()),
            (id.to_owned(), serde_json::to_value(&second).unwrap()),
        ]
    );

    let request = ListOperationsRequest::new()
        .set_name("tunedModels/haiku-writer")
        .set_filter("done=true")
        .set_page_size(1)
        .set_return_partial_success(true);
    let operations: Vec<Operation> = client
        .tuned_models()
        .operations()
        .list_items(request.clone())
        .try_collect()
        .await
        .unwrap();
    let id = "tunedModels.operations.list";
    assert_eq!(
        serde_json::to_value(&operations).unwrap(),
        json!([
            page(id, "")["operations"][0],
            page(id, "page-2")["operations"][0]
        ])
    );
    let second = request.clone().set_page_token("page-2");
    assert_eq!(
        recorder.take(),
        [
            (id.to_owned(), serde_json::to_value(&request).unwrap()),
            (id.to_owned(), serde_json::to_value(&second).unwrap()),
        ]
    );
}

/// The operation `tunedModels.create` answers is already done: waiting for
/// it gives the canned tuned model without polling.
#[tokio::test]
async fn a_done_tuning_operation_gives_its_tuned_model() {
    let recorder = Recorder::default();
    let client = serve(recorder.clone()).await;
    let request = CreateTunedModelRequest::new().set_tuned_model(new_tuned_model());
    let operation = client.tuned_models().create(request.clone()).await.unwrap();
    let metadata = operation.metadata().unwrap().unwrap();
    assert_eq!(metadata.completed_percent, 100.0);
    let model = operation
        .wait(gemini_v1beta::PollPolicy::default())
        .await
        .unwrap();
    assert_eq!(
        serde_json::to_value(&model).unwrap(),
        without_type(&canned("tunedModels.create")["response"])
    );
    assert_eq!(model.state, tuned_model::State::Active);
    assert_eq!(
        model.reader_project_numbers,
        [123_456_789_012, 9_007_199_254_740_993]
    );
    assert_eq!(
        recorder.take(),
        [(
            "tunedModels.create".to_owned(),
            serde_json::to_value(&request).unwrap()
        )]
    );
}
