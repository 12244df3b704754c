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
    Part {
        data: Some(PartData::Text(text.to_owned())),
        ..Default::default()
    }
}

/// Content with one text part and no role.
fn content(text: &str) -> Content {
    Content {
        parts: vec![text_part(text)],
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

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => panic!("not an object: {other}"),
    }
}

fn string_schema(description: &str) -> Schema {
    Schema {
        r#type: Type::String,
        description: description.to_owned(),
        ..Default::default()
    }
}

/// A schema that uses every kind of field, int64s included.
fn poem_schema() -> Schema {
    Schema {
        r#type: Type::Object,
        title: "Poem".into(),
        properties: [
            (
                "lines".to_owned(),
                Schema {
                    r#type: Type::Array,
                    items: Some(Box::new(Schema {
                        max_length: 80,
                        min_length: 1,
                        ..string_schema("One line.")
                    })),
                    min_items: 3,
                    max_items: 9_007_199_254_740_993,
                    ..Default::default()
                },
            ),
            (
                "season".to_owned(),
                Schema {
                    r#enum: vec!["spring".into(), "autumn".into()],
                    format: "enum".into(),
                    nullable: true,
                    ..string_schema("The season.")
                },
            ),
            (
                "syllables".to_owned(),
                Schema {
                    r#type: Type::Integer,
                    format: "int32".into(),
                    minimum: Some(5.0),
                    maximum: Some(7.0),
                    example: Some(json!(5)),
                    ..Default::default()
                },
            ),
            (
                "meta".to_owned(),
                Schema {
                    r#type: Type::Object,
                    min_properties: 1,
                    max_properties: 4,
                    any_of: vec![string_schema("a"), Schema::default()],
                    pattern: "^[a-z]+$".into(),
                    default: Some(json!({"author": "anonymous"})),
                    ..Default::default()
                },
            ),
        ]
        .into_iter()
        .collect(),
        required: vec!["lines".into()],
        property_ordering: vec!["season".into(), "lines".into()],
        ..Default::default()
    }
}

/// A request that sets most of what a generateContent request can carry.
fn generate_content_request(model: &str) -> GenerateContentRequest {
    let model_turn = Content {
        role: "model".into(),
        parts: vec![
            Part {
                thought: true,
                thought_signature: vec![0, 1, 2, 254, 255],
                ..text_part("The user wants the weather first.")
            },
            Part {
                data: Some(PartData::FunctionCall(FunctionCall {
                    id: "call-1".into(),
                    name: "get_weather".into(),
                    args: Some(object(json!({"city": "Paris", "days": 3, "units": ["C"]}))),
                    ..Default::default()
                })),
                ..Default::default()
            },
        ],
        ..Default::default()
    };
    let function_turn = Content {
        role: "user".into(),
        parts: vec![Part {
            data: Some(PartData::FunctionResponse(FunctionResponse {
                id: "call-1".into(),
                name: "get_weather".into(),
                response: Some(object(json!({"temperature": 21.5, "sky": "clear"}))),
                scheduling: Some(Scheduling::WhenIdle),
                ..Default::default()
            })),
            ..Default::default()
        }],
        ..Default::default()
    };
    let media_turn = Content {
        role: "user".into(),
        parts: vec![
            text_part("Write a haiku about this picture and this video."),
            Part {
                data: Some(PartData::InlineData(Blob {
                    mime_type: "image/png".into(),
                    data: vec![0x89, b'P', b'N', b'G', 0, 0xff],
                    ..Default::default()
                })),
                part_metadata: Some(object(json!({"source": "camera"}))),
                ..Default::default()
            },
            Part {
                data: Some(PartData::FileData(FileData {
                    mime_type: "video/mp4".into(),
                    file_uri: "https://generativelanguage.googleapis.com/v1beta/files/abc-123"
                        .into(),
                    ..Default::default()
                })),
                metadata: Some(PartMetadata::VideoMetadata(VideoMetadata {
                    start_offset: Some(Duration {
                        seconds: 1,
                        nanos: 500_000_000,
                    }),
                    end_offset: Some(Duration::from_secs(10)),
                    fps: 2.5,
                    ..Default::default()
                })),
                ..Default::default()
            },
        ],
        ..Default::default()
    };
    GenerateContentRequest {
        model: model.into(),
        system_instruction: Some(content("You are a poet.")),
        contents: vec![
            user_turn("What is the weather?"),
            model_turn,
            function_turn,
            media_turn,
        ],
        tools: vec![
            Tool {
                function_declarations: vec![FunctionDeclaration {
                    name: "get_weather".into(),
                    description: "Gets the weather for a city.".into(),
                    parameters: Some(Schema {
                        r#type: Type::Object,
                        properties: [("city".to_owned(), string_schema("The city."))]
                            .into_iter()
                            .collect(),
                        required: vec!["city".into()],
                        ..Default::default()
                    }),
                    response_json_schema: Some(json!({"type": "object"})),
                    behavior: Behavior::NonBlocking,
                    ..Default::default()
                }],
                ..Default::default()
            },
            Tool {
                google_search: Some(GoogleSearch {
                    time_range_filter: Some(Interval {
                        start_time: Some(Timestamp::new(1_714_557_600, 0)),
                        end_time: Some(Timestamp::new(1_714_644_000, 250_000_000)),
                        ..Default::default()
                    }),
                    ..Default::default()
                }),
                ..Default::default()
            },
            Tool {
                code_execution: Some(CodeExecution::default()),
                url_context: Some(UrlContext::default()),
                ..Default::default()
            },
        ],
        tool_config: Some(ToolConfig {
            function_calling_config: Some(FunctionCallingConfig {
                mode: FunctionCallingConfigMode::Any,
                allowed_function_names: vec!["get_weather".into()],
                ..Default::default()
            }),
            retrieval_config: Some(RetrievalConfig {
                lat_lng: Some(LatLng {
                    latitude: 48.5,
                    longitude: 2.25,
                    ..Default::default()
                }),
                language_code: "fr-FR".into(),
                ..Default::default()
            }),
            ..Default::default()
        }),
        safety_settings: vec![
            SafetySetting {
                category: HarmCategory::Harassment,
                threshold: HarmBlockThreshold::BlockOnlyHigh,
                ..Default::default()
            },
            SafetySetting {
                category: HarmCategory::DangerousContent,
                threshold: HarmBlockThreshold::BlockNone,
                ..Default::default()
            },
        ],
        generation_config: Some(GenerationConfig {
            candidate_count: Some(1),
            stop_sequences: vec!["END".into(), "\n\n".into()],
            max_output_tokens: Some(256),
            temperature: Some(0.5),
            top_p: Some(0.75),
            top_k: Some(40),
            seed: Some(-42),
            response_mime_type: "application/json".into(),
            response_schema: Some(poem_schema()),
            presence_penalty: Some(0.25),
            frequency_penalty: Some(-0.5),
            response_logprobs: Some(true),
            logprobs: Some(3),
            response_modalities: vec![
                GenerationConfigModality::Text,
                GenerationConfigModality::Audio,
            ],
            speech_config: Some(SpeechConfig {
                voice_config: Some(VoiceConfig {
                    voice_config: Some(VoiceConfigVoiceConfig::PrebuiltVoiceConfig(
                        PrebuiltVoiceConfig {
                            voice_name: Some("Kore".into()),
                            ..Default::default()
                        },
                    )),
                    ..Default::default()
                }),
                language_code: "en-US".into(),
                ..Default::default()
            }),
            thinking_config: Some(ThinkingConfig {
                include_thoughts: Some(true),
                thinking_budget: Some(1024),
                ..Default::default()
            }),
            media_resolution: Some(MediaResolution::Medium),
            ..Default::default()
        }),
        cached_content: Some("cachedContents/cc-1".into()),
        ..Default::default()
    }
}

fn generate_text_request(model: &str) -> GenerateTextRequest {
    GenerateTextRequest {
        model: model.into(),
        prompt: Some(TextPrompt {
            text: "Once upon a time".into(),
            ..Default::default()
        }),
        temperature: Some(0.5),
        candidate_count: Some(2),
        max_output_tokens: Some(100),
        top_p: Some(0.75),
        top_k: Some(40),
        safety_settings: vec![SafetySetting {
            category: HarmCategory::Toxicity,
            threshold: HarmBlockThreshold::BlockLowAndAbove,
            ..Default::default()
        }],
        stop_sequences: vec![".".into(), "THE END".into()],
        ..Default::default()
    }
}

fn message_prompt() -> MessagePrompt {
    let message = |author: &str, text: &str| Message {
        author: author.into(),
        content: text.into(),
        ..Default::default()
    };
    MessagePrompt {
        context: "Be brief.".into(),
        examples: vec![Example {
            input: Some(message("0", "Hi")),
            output: Some(message("1", "Hello!")),
            ..Default::default()
        }],
        messages: vec![
            message("0", "Hello"),
            message("1", "Hi"),
            message("0", "Bye"),
        ],
        ..Default::default()
    }
}

fn metadata_filters() -> Vec<MetadataFilter> {
    vec![
        MetadataFilter {
            key: "chunk.custom_metadata.year".into(),
            conditions: vec![
                Condition {
                    operation: Operator::GreaterEqual,
                    value: Some(ConditionValue::NumericValue(2020.0)),
                    ..Default::default()
                },
                Condition {
                    operation: Operator::Less,
                    value: Some(ConditionValue::NumericValue(2025.5)),
                    ..Default::default()
                },
            ],
            ..Default::default()
        },
        MetadataFilter {
            key: "document.custom_metadata.tags".into(),
            conditions: vec![Condition {
                operation: Operator::Includes,
                value: Some(ConditionValue::StringValue("network".into())),
                ..Default::default()
            }],
            ..Default::default()
        },
    ]
}

fn chunk_text(text: &str) -> Option<ChunkData> {
    Some(ChunkData {
        data: Some(ChunkDataData::StringValue(text.into())),
        ..Default::default()
    })
}

fn custom_metadata() -> Vec<CustomMetadata> {
    vec![
        CustomMetadata {
            key: "year".into(),
            value: Some(CustomMetadataValue::NumericValue(2023.0)),
            ..Default::default()
        },
        CustomMetadata {
            key: "tags".into(),
            value: Some(CustomMetadataValue::StringListValue(StringList {
                values: vec!["network".into(), "setup".into()],
                ..Default::default()
            })),
            ..Default::default()
        },
        CustomMetadata {
            key: "lang".into(),
            value: Some(CustomMetadataValue::StringValue("en".into())),
            ..Default::default()
        },
    ]
}

fn new_tuned_model() -> TunedModel {
    TunedModel {
        display_name: "Haiku writer".into(),
        description: "Writes haiku.".into(),
        temperature: Some(0.5),
        top_p: Some(0.75),
        top_k: Some(40),
        reader_project_numbers: vec![123_456_789_012, 9_007_199_254_740_993, -1],
        source_model: Some(TunedModelSourceModel::BaseModel(
            "models/gemini-1.0-pro-001".into(),
        )),
        tuning_task: Some(TuningTask {
            training_data: Some(Dataset {
                dataset: Some(DatasetDataset::Examples(TuningExamples {
                    examples: vec![
                        TuningExample {
                            model_input: Some(TuningExampleModelInput::TextInput("autumn".into())),
                            output: "Leaves drift and fall".into(),
                            ..Default::default()
                        },
                        TuningExample {
                            model_input: Some(TuningExampleModelInput::TextInput("winter".into())),
                            output: "Snow on silent hills".into(),
                            ..Default::default()
                        },
                    ],
                    ..Default::default()
                })),
                ..Default::default()
            }),
            hyperparameters: Some(Hyperparameters {
                epoch_count: Some(5),
                batch_size: Some(4),
                learning_rate_option: Some(
                    HyperparametersLearningRateOption::LearningRateMultiplier(1.5),
                ),
                ..Default::default()
            }),
            ..Default::default()
        }),
        ..Default::default()
    }
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

    let request = CreateCachedContentRequest {
        cached_content: Some(CachedContent {
            model: Some("models/gemini-1.5-flash-001".into()),
            display_name: Some("Router manual".into()),
            system_instruction: Some(content("Answer questions about the router.")),
            contents: vec![user_turn("The whole manual."), user_turn("The appendix.")],
            tools: vec![Tool {
                code_execution: Some(CodeExecution::default()),
                ..Default::default()
            }],
            tool_config: Some(ToolConfig {
                function_calling_config: Some(FunctionCallingConfig {
                    mode: FunctionCallingConfigMode::None,
                    ..Default::default()
                }),
                ..Default::default()
            }),
            expiration: Some(CachedContentExpiration::ExpireTime(Timestamp::new(
                1_714_561_200,
                500_000_000,
            ))),
            ..Default::default()
        }),
        ..Default::default()
    };
    let id = "cachedContents.create";
    c.check(id, &request, cached.create(request.clone()), canned(id))
        .await;

    let request = DeleteCachedContentRequest {
        name: "cachedContents/cc-1".into(),
        ..Default::default()
    };
    let id = "cachedContents.delete";
    c.check(id, &request, cached.delete(request.clone()), canned(id))
        .await;

    let request = GetCachedContentRequest {
        name: "cachedContents/cc-1".into(),
        ..Default::default()
    };
    let id = "cachedContents.get";
    c.check(id, &request, cached.get(request.clone()), canned(id))
        .await;

    let request = ListCachedContentsRequest {
        page_size: 20,
        ..Default::default()
    };
    let id = "cachedContents.list";
    let expected = page(id, &request.page_token);
    c.check(id, &request, cached.list(request.clone()), expected)
        .await;

    let request = UpdateCachedContentRequest {
        cached_content: Some(CachedContent {
            name: Some("cachedContents/cc-1".into()),
            expiration: Some(CachedContentExpiration::Ttl(Duration {
                seconds: 7200,
                nanos: 250_000_000,
            })),
            ..Default::default()
        }),
        update_mask: Some(FieldMask::new(["ttl"])),
        ..Default::default()
    };
    let id = "cachedContents.patch";
    c.check(id, &request, cached.patch(request.clone()), canned(id))
        .await;
}

async fn corpora(c: &mut Checker, client: &Client) {
    let corpora = client.corpora();

    let request = CreateCorpusRequest {
        corpus: Some(Corpus {
            name: "corpora/manuals".into(),
            display_name: "Manuals".into(),
            ..Default::default()
        }),
        ..Default::default()
    };
    let id = "corpora.create";
    c.check(id, &request, corpora.create(request.clone()), canned(id))
        .await;

    let request = DeleteCorpusRequest {
        name: "corpora/manuals".into(),
        force: true,
        ..Default::default()
    };
    let id = "corpora.delete";
    c.check(id, &request, corpora.delete(request.clone()), canned(id))
        .await;

    let request = GetCorpusRequest {
        name: "corpora/manuals".into(),
        ..Default::default()
    };
    let id = "corpora.get";
    c.check(id, &request, corpora.get(request.clone()), canned(id))
        .await;

    let request = ListCorporaRequest {
        page_size: 10,
        page_token: "next page/2+".into(),
        ..Default::default()
    };
    let id = "corpora.list";
    let expected = page(id, &request.page_token);
    c.check(id, &request, corpora.list(request.clone()), expected)
        .await;

    let request = UpdateCorpusRequest {
        corpus: Some(Corpus {
            name: "corpora/manuals".into(),
            display_name: "Product manuals".into(),
            ..Default::default()
        }),
        update_mask: Some(FieldMask::new(["display_name"])),
        ..Default::default()
    };
    let id = "corpora.patch";
    c.check(id, &request, corpora.patch(request.clone()), canned(id))
        .await;

    let request = QueryCorpusRequest {
        name: "corpora/manuals".into(),
        query: "How do I reset it?".into(),
        results_count: 5,
        metadata_filters: metadata_filters(),
        ..Default::default()
    };
    let id = "corpora.query";
    c.check(id, &request, corpora.query(request.clone()), canned(id))
        .await;
}

async fn corpora_documents(c: &mut Checker, client: &Client) {
    let documents = client.corpora().documents();

    let request = CreateDocumentRequest {
        parent: "corpora/manuals".into(),
        document: Some(Document {
            name: "corpora/manuals/documents/router".into(),
            display_name: "Router guide".into(),
            custom_metadata: custom_metadata(),
            ..Default::default()
        }),
        ..Default::default()
    };
    let id = "corpora.documents.create";
    c.check(id, &request, documents.create(request.clone()), canned(id))
        .await;

    let request = DeleteDocumentRequest {
        name: "corpora/manuals/documents/router".into(),
        force: true,
        ..Default::default()
    };
    let id = "corpora.documents.delete";
    c.check(id, &request, documents.delete(request.clone()), canned(id))
        .await;

    let request = GetDocumentRequest {
        name: "corpora/manuals/documents/router".into(),
        ..Default::default()
    };
    let id = "corpora.documents.get";
    c.check(id, &request, documents.get(request.clone()), canned(id))
        .await;

    let request = ListDocumentsRequest {
        parent: "corpora/manuals".into(),
        page_size: 5,
        ..Default::default()
    };
    let id = "corpora.documents.list";
    let expected = page(id, &request.page_token);
    c.check(id, &request, documents.list(request.clone()), expected)
        .await;

    let request = UpdateDocumentRequest {
        document: Some(Document {
            name: "corpora/manuals/documents/router".into(),
            display_name: "Router guide v2".into(),
            custom_metadata: custom_metadata(),
            ..Default::default()
        }),
        update_mask: Some(FieldMask::new(["display_name", "custom_metadata"])),
        ..Default::default()
    };
    let id = "corpora.documents.patch";
    c.check(id, &request, documents.patch(request.clone()), canned(id))
        .await;

    let request = QueryDocumentRequest {
        name: "corpora/manuals/documents/router".into(),
        query: "reset & restart".into(),
        results_count: 3,
        metadata_filters: metadata_filters(),
        ..Default::default()
    };
    let id = "corpora.documents.query";
    c.check(id, &request, documents.query(request.clone()), canned(id))
        .await;
}

async fn corpora_documents_chunks(c: &mut Checker, client: &Client) {
    const DOCUMENT: &str = "corpora/manuals/documents/router";
    let chunks = client.corpora().documents().chunks();

    let request = BatchCreateChunksRequest {
        parent: DOCUMENT.into(),
        requests: vec![
            CreateChunkRequest {
                parent: DOCUMENT.into(),
                chunk: Some(Chunk {
                    data: chunk_text("Unplug it."),
                    custom_metadata: custom_metadata(),
                    ..Default::default()
                }),
                ..Default::default()
            },
            CreateChunkRequest {
                parent: DOCUMENT.into(),
                chunk: Some(Chunk {
                    name: format!("{DOCUMENT}/chunks/c2"),
                    data: chunk_text("Plug it back in."),
                    ..Default::default()
                }),
                ..Default::default()
            },
        ],
        ..Default::default()
    };
    let id = "corpora.documents.chunks.batchCreate";
    c.check(
        id,
        &request,
        chunks.batch_create(request.clone()),
        canned(id),
    )
    .await;

    let request = BatchDeleteChunksRequest {
        parent: DOCUMENT.into(),
        requests: vec![
            DeleteChunkRequest {
                name: format!("{DOCUMENT}/chunks/c1"),
                ..Default::default()
            },
            DeleteChunkRequest {
                name: format!("{DOCUMENT}/chunks/c2"),
                ..Default::default()
            },
        ],
        ..Default::default()
    };
    let id = "corpora.documents.chunks.batchDelete";
    c.check(
        id,
        &request,
        chunks.batch_delete(request.clone()),
        canned(id),
    )
    .await;

    let request = BatchUpdateChunksRequest {
        parent: DOCUMENT.into(),
        requests: vec![
            UpdateChunkRequest {
                chunk: Some(Chunk {
                    name: format!("{DOCUMENT}/chunks/c1"),
                    data: chunk_text("Unplug it for ten seconds."),
                    ..Default::default()
                }),
                update_mask: Some(FieldMask::new(["data"])),
                ..Default::default()
            },
            UpdateChunkRequest {
                chunk: Some(Chunk {
                    name: format!("{DOCUMENT}/chunks/c2"),
                    custom_metadata: custom_metadata(),
                    ..Default::default()
                }),
                update_mask: Some(FieldMask::new(["custom_metadata", "data"])),
                ..Default::default()
            },
        ],
        ..Default::default()
    };
    let id = "corpora.documents.chunks.batchUpdate";
    c.check(
        id,
        &request,
        chunks.batch_update(request.clone()),
        canned(id),
    )
    .await;

    let request = CreateChunkRequest {
        parent: DOCUMENT.into(),
        chunk: Some(Chunk {
            data: chunk_text("Hold the reset button."),
            custom_metadata: custom_metadata(),
            ..Default::default()
        }),
        ..Default::default()
    };
    let id = "corpora.documents.chunks.create";
    c.check(id, &request, chunks.create(request.clone()), canned(id))
        .await;

    let request = DeleteChunkRequest {
        name: format!("{DOCUMENT}/chunks/c1"),
        ..Default::default()
    };
    let id = "corpora.documents.chunks.delete";
    c.check(id, &request, chunks.delete(request.clone()), canned(id))
        .await;

    let request = GetChunkRequest {
        name: format!("{DOCUMENT}/chunks/c1"),
        ..Default::default()
    };
    let id = "corpora.documents.chunks.get";
    c.check(id, &request, chunks.get(request.clone()), canned(id))
        .await;

    let request = ListChunksRequest {
        parent: DOCUMENT.into(),
        page_size: 100,
        page_token: "more".into(),
        ..Default::default()
    };
    let id = "corpora.documents.chunks.list";
    let expected = page(id, &request.page_token);
    c.check(id, &request, chunks.list(request.clone()), expected)
        .await;

    let request = UpdateChunkRequest {
        chunk: Some(Chunk {
            name: format!("{DOCUMENT}/chunks/c1"),
            data: chunk_text("Hold it for five seconds."),
            custom_metadata: custom_metadata(),
            ..Default::default()
        }),
        update_mask: Some(FieldMask::new(["data", "custom_metadata"])),
        ..Default::default()
    };
    let id = "corpora.documents.chunks.patch";
    c.check(id, &request, chunks.patch(request.clone()), canned(id))
        .await;
}

async fn corpora_permissions(c: &mut Checker, client: &Client) {
    let permissions = client.corpora().permissions();

    let request = CreatePermissionRequest {
        parent: "corpora/manuals".into(),
        permission: Some(Permission {
            grantee_type: Some(GranteeType::User),
            email_address: Some("reader@example.com".into()),
            role: Some(Role::Reader),
            ..Default::default()
        }),
        ..Default::default()
    };
    let id = "corpora.permissions.create";
    c.check(
        id,
        &request,
        permissions.create(request.clone()),
        canned(id),
    )
    .await;

    let request = DeletePermissionRequest {
        name: "corpora/manuals/permissions/p1".into(),
        ..Default::default()
    };
    let id = "corpora.permissions.delete";
    c.check(
        id,
        &request,
        permissions.delete(request.clone()),
        canned(id),
    )
    .await;

    let request = GetPermissionRequest {
        name: "corpora/manuals/permissions/p1".into(),
        ..Default::default()
    };
    let id = "corpora.permissions.get";
    c.check(id, &request, permissions.get(request.clone()), canned(id))
        .await;

    let request = ListPermissionsRequest {
        parent: "corpora/manuals".into(),
        page_size: 10,
        ..Default::default()
    };
    let id = "corpora.permissions.list";
    let expected = page(id, &request.page_token);
    c.check(id, &request, permissions.list(request.clone()), expected)
        .await;

    let request = UpdatePermissionRequest {
        permission: Some(Permission {
            name: "corpora/manuals/permissions/p1".into(),
            role: Some(Role::Writer),
            ..Default::default()
        }),
        update_mask: Some(FieldMask::new(["role"])),
        ..Default::default()
    };
    let id = "corpora.permissions.patch";
    c.check(id, &request, permissions.patch(request.clone()), canned(id))
        .await;
}

async fn files_and_media(c: &mut Checker, client: &Client) {
    let files = client.files();

    let request = DeleteFileRequest {
        name: "files/abc-123".into(),
        ..Default::default()
    };
    let id = "files.delete";
    c.check(id, &request, files.delete(request.clone()), canned(id))
        .await;

    let request = GetFileRequest {
        name: "files/abc-123".into(),
        ..Default::default()
    };
    let id = "files.get";
    c.check(id, &request, files.get(request.clone()), canned(id))
        .await;

    // A page token with characters that must be escaped in a query.
    let request = ListFilesRequest {
        page_size: 25,
        page_token: "a/b+c d&e=f%20?#é".into(),
        ..Default::default()
    };
    let id = "files.list";
    let expected = page(id, &request.page_token);
    c.check(id, &request, files.list(request.clone()), expected)
        .await;

    let request = CreateFileRequest {
        file: Some(File {
            name: "files/notes-1".into(),
            display_name: "Notes".into(),
            mime_type: "text/plain".into(),
            size_bytes: 9_007_199_254_740_993,
            sha256_hash: vec![0xde, 0xad, 0xbe, 0xef],
            expiration_time: Some(Timestamp::new(1_714_730_400, 0)),
            source: Source::Uploaded,
            metadata: Some(FileMetadata::VideoMetadata(VideoFileMetadata {
                video_duration: Some(Duration {
                    seconds: 12,
                    nanos: 500_000_000,
                }),
                ..Default::default()
            })),
            ..Default::default()
        }),
        ..Default::default()
    };
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

    let request = BatchEmbedContentsRequest {
        model: "models/text-embedding-004".into(),
        requests: vec![
            EmbedContentRequest {
                model: "models/text-embedding-004".into(),
                content: Some(content("first")),
                task_type: Some(TaskType::RetrievalDocument),
                title: Some("First".into()),
                ..Default::default()
            },
            EmbedContentRequest {
                model: "models/text-embedding-004".into(),
                content: Some(content("second")),
                task_type: Some(TaskType::CodeRetrievalQuery),
                output_dimensionality: Some(3),
                ..Default::default()
            },
        ],
        ..Default::default()
    };
    let id = "models.batchEmbedContents";
    c.check(
        id,
        &request,
        models.batch_embed_contents(request.clone()),
        canned(id),
    )
    .await;

    let request = BatchEmbedTextRequest {
        model: "models/embedding-gecko-001".into(),
        texts: vec!["first".into(), "second".into()],
        requests: vec![EmbedTextRequest {
            model: "models/embedding-gecko-001".into(),
            text: "third".into(),
            ..Default::default()
        }],
        ..Default::default()
    };
    let id = "models.batchEmbedText";
    c.check(
        id,
        &request,
        models.batch_embed_text(request.clone()),
        canned(id),
    )
    .await;

    let request = CountMessageTokensRequest {
        model: "models/chat-bison-001".into(),
        prompt: Some(message_prompt()),
        ..Default::default()
    };
    let id = "models.countMessageTokens";
    c.check(
        id,
        &request,
        models.count_message_tokens(request.clone()),
        canned(id),
    )
    .await;

    let request = CountTextTokensRequest {
        model: "models/text-bison-001".into(),
        prompt: Some(TextPrompt {
            text: "Hello".into(),
            ..Default::default()
        }),
        ..Default::default()
    };
    let id = "models.countTextTokens";
    c.check(
        id,
        &request,
        models.count_text_tokens(request.clone()),
        canned(id),
    )
    .await;

    let request = CountTokensRequest {
        model: "models/gemini-1.5-flash".into(),
        generate_content_request: Some(generate_content_request("models/gemini-1.5-flash")),
        ..Default::default()
    };
    let id = "models.countTokens";
    c.check(
        id,
        &request,
        models.count_tokens(request.clone()),
        canned(id),
    )
    .await;

    let request = EmbedContentRequest {
        model: "models/text-embedding-004".into(),
        content: Some(Content {
            parts: vec![text_part("Hello"), text_part("world")],
            ..Default::default()
        }),
        task_type: Some(TaskType::RetrievalQuery),
        title: Some("Greeting".into()),
        output_dimensionality: Some(256),
        ..Default::default()
    };
    let id = "models.embedContent";
    c.check(
        id,
        &request,
        models.embed_content(request.clone()),
        canned(id),
    )
    .await;

    let request = EmbedTextRequest {
        model: "models/embedding-gecko-001".into(),
        text: "Hello".into(),
        ..Default::default()
    };
    let id = "models.embedText";
    c.check(id, &request, models.embed_text(request.clone()), canned(id))
        .await;

    // generateAnswer twice: once with each member of its grounding-source oneof.
    let safety_settings = vec![SafetySetting {
        category: HarmCategory::HateSpeech,
        threshold: HarmBlockThreshold::BlockMediumAndAbove,
        ..Default::default()
    }];
    let request = GenerateAnswerRequest {
        model: "models/aqa".into(),
        contents: vec![user_turn("How do I reset it?")],
        answer_style: AnswerStyle::Abstractive,
        safety_settings: safety_settings.clone(),
        temperature: Some(0.25),
        grounding_source: Some(GenerateAnswerRequestGroundingSource::SemanticRetriever(
            SemanticRetrieverConfig {
                source: "corpora/manuals".into(),
                query: Some(content("reset")),
                metadata_filters: metadata_filters(),
                max_chunks_count: Some(5),
                minimum_relevance_score: Some(0.5),
                ..Default::default()
            },
        )),
        ..Default::default()
    };
    let id = "models.generateAnswer";
    c.check(
        id,
        &request,
        models.generate_answer(request.clone()),
        canned(id),
    )
    .await;
    let request = GenerateAnswerRequest {
        model: "models/aqa".into(),
        contents: vec![user_turn("How long do I hold it?")],
        answer_style: AnswerStyle::Verbose,
        safety_settings,
        grounding_source: Some(GenerateAnswerRequestGroundingSource::InlinePassages(
            GroundingPassages {
                passages: vec![
                    GroundingPassage {
                        id: "p1".into(),
                        content: Some(content("Hold the reset button.")),
                        ..Default::default()
                    },
                    GroundingPassage {
                        id: "p2".into(),
                        content: Some(content("Ten seconds.")),
                        ..Default::default()
                    },
                ],
                ..Default::default()
            },
        )),
        ..Default::default()
    };
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

    let request = GenerateMessageRequest {
        model: "models/chat-bison-001".into(),
        prompt: Some(message_prompt()),
        temperature: Some(0.5),
        candidate_count: Some(2),
        top_p: Some(0.75),
        top_k: Some(20),
        ..Default::default()
    };
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

    let request = GetModelRequest {
        name: "models/gemini-1.5-flash".into(),
        ..Default::default()
    };
    let id = "models.get";
    c.check(id, &request, models.get(request.clone()), canned(id))
        .await;

    let request = ListModelsRequest {
        page_size: 50,
        page_token: "p".into(),
        ..Default::default()
    };
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
    let request = CreateTunedModelRequest {
        tuned_model_id: Some("haiku-writer".into()),
        tuned_model: Some(new_tuned_model()),
        ..Default::default()
    };
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

    let request = DeleteTunedModelRequest {
        name: "tunedModels/haiku-writer".into(),
        ..Default::default()
    };
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

    let request = GetTunedModelRequest {
        name: "tunedModels/haiku-writer".into(),
        ..Default::default()
    };
    let id = "tunedModels.get";
    c.check(id, &request, tuned.get(request.clone()), canned(id))
        .await;

    let request = ListTunedModelsRequest {
        page_size: 10,
        page_token: "t".into(),
        filter: "owner:me AND state=ACTIVE".into(),
        ..Default::default()
    };
    let id = "tunedModels.list";
    let expected = page(id, &request.page_token);
    c.check(id, &request, tuned.list(request.clone()), expected)
        .await;

    let request = UpdateTunedModelRequest {
        tuned_model: Some(TunedModel {
            name: "tunedModels/haiku-writer".into(),
            display_name: "Haiku writer v2".into(),
            description: "Writes better haiku.".into(),
            temperature: Some(0.25),
            reader_project_numbers: vec![42, 9_007_199_254_740_993],
            ..Default::default()
        }),
        update_mask: Some(FieldMask::new([
            "display_name",
            "description",
            "temperature",
            "reader_project_numbers",
        ])),
        ..Default::default()
    };
    let id = "tunedModels.patch";
    c.check(id, &request, tuned.patch(request.clone()), canned(id))
        .await;

    let request = generate_content_request("tunedModels/haiku-writer");
    let id = "tunedModels.streamGenerateContent";
    let call = read_all(tuned.stream_generate_content(request.clone()));
    c.check(id, &request, call, canned(id)).await;

    let request = TransferOwnershipRequest {
        name: "tunedModels/haiku-writer".into(),
        email_address: "new-owner@example.com".into(),
        ..Default::default()
    };
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

    let request = GetOperationRequest {
        name: "tunedModels/haiku-writer/operations/op-1".into(),
        ..Default::default()
    };
    let id = "tunedModels.operations.get";
    c.check(id, &request, operations.get(request.clone()), canned(id))
        .await;

    let request = ListOperationsRequest {
        name: "tunedModels/haiku-writer".into(),
        filter: "done=true".into(),
        page_size: 3,
        page_token: "x".into(),
        return_partial_success: true,
        ..Default::default()
    };
    let id = "tunedModels.operations.list";
    let expected = page(id, &request.page_token);
    c.check(id, &request, operations.list(request.clone()), expected)
        .await;
}

async fn tuned_models_permissions(c: &mut Checker, client: &Client) {
    let permissions = client.tuned_models().permissions();

    let request = CreatePermissionRequest {
        parent: "tunedModels/haiku-writer".into(),
        permission: Some(Permission {
            grantee_type: Some(GranteeType::Group),
            email_address: Some("poets@example.com".into()),
            role: Some(Role::Reader),
            ..Default::default()
        }),
        ..Default::default()
    };
    let id = "tunedModels.permissions.create";
    c.check(
        id,
        &request,
        permissions.create(request.clone()),
        canned(id),
    )
    .await;

    let request = DeletePermissionRequest {
        name: "tunedModels/haiku-writer/permissions/p1".into(),
        ..Default::default()
    };
    let id = "tunedModels.permissions.delete";
    c.check(
        id,
        &request,
        permissions.delete(request.clone()),
        canned(id),
    )
    .await;

    let request = GetPermissionRequest {
        name: "tunedModels/haiku-writer/permissions/p1".into(),
        ..Default::default()
    };
    let id = "tunedModels.permissions.get";
    c.check(id, &request, permissions.get(request.clone()), canned(id))
        .await;

    let request = ListPermissionsRequest {
        parent: "tunedModels/haiku-writer".into(),
        page_size: 10,
        page_token: "next".into(),
        ..Default::default()
    };
    let id = "tunedModels.permissions.list";
    let expected = page(id, &request.page_token);
    c.check(id, &request, permissions.list(request.clone()), expected)
        .await;

    let request = UpdatePermissionRequest {
        permission: Some(Permission {
            name: "tunedModels/haiku-writer/permissions/p1".into(),
            grantee_type: Some(GranteeType::Everyone),
            role: Some(Role::Writer),
            ..Default::default()
        }),
        update_mask: Some(FieldMask::new(["role", "grantee_type"])),
        ..Default::default()
    };
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

    let request = ListDocumentsRequest {
        parent: "corpora/manuals".into(),
        page_size: 1,
        ..Default::default()
    };
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
    let second = ListDocumentsRequest {
        page_token: "page-2".into(),
        ..request.clone()
    };
    assert_eq!(
        recorder.take(),
        [
            (id.to_owned(), serde_json::to_value(&request).unwrap()),
            (id.to_owned(), serde_json::to_value(&second).unwrap()),
        ]
    );

    let request = ListOperationsRequest {
        name: "tunedModels/haiku-writer".into(),
        filter: "done=true".into(),
        page_size: 1,
        return_partial_success: true,
        ..Default::default()
    };
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
    let second = ListOperationsRequest {
        page_token: "page-2".into(),
        ..request.clone()
    };
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
    let request = CreateTunedModelRequest {
        tuned_model: Some(new_tuned_model()),
        ..Default::default()
    };
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
    assert_eq!(model.state, TunedModelState::Active);
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
