//! What the test servers answer to each method: realistic messages as JSON in
//! the wire's canonical form (what the typed message encodes back to), so an
//! answer can be compared with what the client decodes.

use serde_json::{json, Map, Value};

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

/// What the server answers to Gemini method `id` with `request`, by
/// [`answer`] (an [`Answers`](super::Answers)).
pub fn gemini_answer(id: &str, request: &Value) -> Value {
    answer(id, request["pageToken"].as_str().unwrap_or_default())
}

/// What the server answers to `id`: a message, the streamed events, or
/// `null` for the methods that answer nothing; list methods answer the page
/// for `page_token` (see [`page`]).
pub fn answer(id: &str, page_token: &str) -> Value {
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
        list => page(list, page_token),
    }
}

/// One page of a list method: the first page (no page token) has one item
/// and a `nextPageToken`; any later page has another item and none.
pub fn page(id: &str, page_token: &str) -> Value {
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

/// `value` without its `@type` (what an `Any` decodes to).
pub fn without_type(value: &Value) -> Value {
    let mut value = value.clone();
    if let Value::Object(fields) = &mut value {
        fields.remove("@type");
    }
    value
}
