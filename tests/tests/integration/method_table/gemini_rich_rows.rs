//! Rich cases: requests that set most of what their methods can carry
//! (oneofs, bytes, int64s, timestamps, durations, enums, structs, nested
//! requests), with their wire forms written out by hand like the others.

use futures_util::TryStreamExt;
use gemini_v1beta::types::*;
use gemini_v1beta::{Duration, FieldMask, Timestamp};
use serde_json::{json, Map, Value};

use super::gemini_rows::{
    chunk_text, content, expected_handle, operation_handle, user_turn, Row, DOCUMENT,
};
use super::{answer, Wire};

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
        Part::new()
            .set_text("The user wants the weather first.")
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
        Part::new().set_text("Write a haiku about this picture and this video."),
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

/// The wire form of [`poem_schema`]: int64 limits are strings.
fn poem_schema_json() -> Value {
    json!({
        "type": "OBJECT",
        "title": "Poem",
        "properties": {
            "lines": {
                "type": "ARRAY",
                "items": {
                    "type": "STRING",
                    "description": "One line.",
                    "maxLength": "80",
                    "minLength": "1",
                },
                "minItems": "3",
                "maxItems": "9007199254740993",
            },
            "season": {
                "type": "STRING",
                "description": "The season.",
                "enum": ["spring", "autumn"],
                "format": "enum",
                "nullable": true,
            },
            "syllables": {
                "type": "INTEGER",
                "format": "int32",
                "minimum": 5.0,
                "maximum": 7.0,
                "example": 5,
            },
            "meta": {
                "type": "OBJECT",
                "minProperties": "1",
                "maxProperties": "4",
                "anyOf": [{"type": "STRING", "description": "a"}, {}],
                "pattern": "^[a-z]+$",
                "default": {"author": "anonymous"},
            },
        },
        "required": ["lines"],
        "propertyOrdering": ["season", "lines"],
    })
}

/// The wire form of [`generate_content_request`] without its model (the
/// path variable): bytes in base64, durations and timestamps as strings.
fn generate_content_json() -> Value {
    json!({
        "systemInstruction": {"parts": [{"text": "You are a poet."}]},
        "contents": [
            {"role": "user", "parts": [{"text": "What is the weather?"}]},
            {"role": "model", "parts": [
                {"text": "The user wants the weather first.", "thought": true, "thoughtSignature": "AAEC/v8="},
                {"functionCall": {"id": "call-1", "name": "get_weather", "args": {"city": "Paris", "days": 3, "units": ["C"]}}},
            ]},
            {"role": "user", "parts": [{"functionResponse": {
                "id": "call-1",
                "name": "get_weather",
                "response": {"temperature": 21.5, "sky": "clear"},
                "scheduling": "WHEN_IDLE",
            }}]},
            {"role": "user", "parts": [
                {"text": "Write a haiku about this picture and this video."},
                {"inlineData": {"mimeType": "image/png", "data": "iVBORwD/"}, "partMetadata": {"source": "camera"}},
                {
                    "fileData": {"mimeType": "video/mp4", "fileUri": "https://generativelanguage.googleapis.com/v1beta/files/abc-123"},
                    "videoMetadata": {"startOffset": "1.500s", "endOffset": "10s", "fps": 2.5},
                },
            ]},
        ],
        "tools": [
            {"functionDeclarations": [{
                "name": "get_weather",
                "description": "Gets the weather for a city.",
                "parameters": {
                    "type": "OBJECT",
                    "properties": {"city": {"type": "STRING", "description": "The city."}},
                    "required": ["city"],
                },
                "responseJsonSchema": {"type": "object"},
                "behavior": "NON_BLOCKING",
            }]},
            {"googleSearch": {"timeRangeFilter": {
                "startTime": "2024-05-01T10:00:00Z",
                "endTime": "2024-05-02T10:00:00.250Z",
            }}},
            {"codeExecution": {}, "urlContext": {}},
        ],
        "toolConfig": {
            "functionCallingConfig": {"mode": "ANY", "allowedFunctionNames": ["get_weather"]},
            "retrievalConfig": {"latLng": {"latitude": 48.5, "longitude": 2.25}, "languageCode": "fr-FR"},
        },
        "safetySettings": [
            {"category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_ONLY_HIGH"},
            {"category": "HARM_CATEGORY_DANGEROUS_CONTENT", "threshold": "BLOCK_NONE"},
        ],
        "generationConfig": {
            "candidateCount": 1,
            "stopSequences": ["END", "\n\n"],
            "maxOutputTokens": 256,
            "temperature": 0.5,
            "topP": 0.75,
            "topK": 40,
            "seed": -42,
            "responseMimeType": "application/json",
            "responseSchema": poem_schema_json(),
            "presencePenalty": 0.25,
            "frequencyPenalty": -0.5,
            "responseLogprobs": true,
            "logprobs": 3,
            "responseModalities": ["TEXT", "AUDIO"],
            "speechConfig": {"voiceConfig": {"prebuiltVoiceConfig": {"voiceName": "Kore"}}, "languageCode": "en-US"},
            "thinkingConfig": {"includeThoughts": true, "thinkingBudget": 1024},
            "mediaResolution": "MEDIA_RESOLUTION_MEDIUM",
        },
        "cachedContent": "cachedContents/cc-1",
    })
}

/// The wire form of [`generate_text_request`] without its model.
fn generate_text_json() -> Value {
    json!({
        "prompt": {"text": "Once upon a time"},
        "temperature": 0.5,
        "candidateCount": 2,
        "maxOutputTokens": 100,
        "topP": 0.75,
        "topK": 40,
        "safetySettings": [{"category": "HARM_CATEGORY_TOXICITY", "threshold": "BLOCK_LOW_AND_ABOVE"}],
        "stopSequences": [".", "THE END"],
    })
}

/// The wire form of [`message_prompt`].
fn message_prompt_json() -> Value {
    json!({
        "context": "Be brief.",
        "examples": [{"input": {"author": "0", "content": "Hi"}, "output": {"author": "1", "content": "Hello!"}}],
        "messages": [
            {"author": "0", "content": "Hello"},
            {"author": "1", "content": "Hi"},
            {"author": "0", "content": "Bye"},
        ],
    })
}

/// The wire form of [`metadata_filters`].
fn metadata_filters_json() -> Value {
    json!([
        {"key": "chunk.custom_metadata.year", "conditions": [
            {"operation": "GREATER_EQUAL", "numericValue": 2020.0},
            {"operation": "LESS", "numericValue": 2025.5},
        ]},
        {"key": "document.custom_metadata.tags", "conditions": [
            {"operation": "INCLUDES", "stringValue": "network"},
        ]},
    ])
}

/// The wire form of [`custom_metadata`]: one member of each oneof kind.
fn custom_metadata_json() -> Value {
    json!([
        {"key": "year", "numericValue": 2023.0},
        {"key": "tags", "stringListValue": {"values": ["network", "setup"]}},
        {"key": "lang", "stringValue": "en"},
    ])
}

/// The wire form of [`new_tuned_model`]: int64s (negative too) as strings.
fn new_tuned_model_json() -> Value {
    json!({
        "displayName": "Haiku writer",
        "description": "Writes haiku.",
        "temperature": 0.5,
        "topP": 0.75,
        "topK": 40,
        "readerProjectNumbers": ["123456789012", "9007199254740993", "-1"],
        "baseModel": "models/gemini-1.0-pro-001",
        "tuningTask": {
            "trainingData": {"examples": {"examples": [
                {"textInput": "autumn", "output": "Leaves drift and fall"},
                {"textInput": "winter", "output": "Snow on silent hills"},
            ]}},
            "hyperparameters": {"epochCount": 5, "batchSize": 4, "learningRateMultiplier": 1.5},
        },
    })
}

/// `json` with `extra`'s fields added (a path field's value in the body of
/// a nested request, say).
fn with(mut json: Value, extra: Value) -> Value {
    if let (Value::Object(fields), Value::Object(extra)) = (&mut json, extra) {
        fields.extend(extra);
    }
    json
}

/// Every rich case.
pub fn rich_cases() -> Vec<Row> {
    [stores(), models(), tuned_models()]
        .into_iter()
        .flatten()
        .collect()
}

/// Cached contents, corpora, documents, chunks and files.
fn stores() -> Vec<Row> {
    vec![
        Row::new(
            "cachedContents.create",
            CreateCachedContentRequest::new().set_cached_content(
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
            ),
            |c, r| async move { c.cached_contents().create(r).await },
            Wire::post(
                "/v1beta/cachedContents",
                json!({
                    "model": "models/gemini-1.5-flash-001",
                    "displayName": "Router manual",
                    "systemInstruction": {"parts": [{"text": "Answer questions about the router."}]},
                    "contents": [
                        {"role": "user", "parts": [{"text": "The whole manual."}]},
                        {"role": "user", "parts": [{"text": "The appendix."}]},
                    ],
                    "tools": [{"codeExecution": {}}],
                    "toolConfig": {"functionCallingConfig": {"mode": "NONE"}},
                    "expireTime": "2024-05-01T11:00:00.500Z",
                }),
            ),
        ),
        Row::new(
            "corpora.query",
            QueryCorpusRequest::new()
                .set_name("corpora/manuals")
                .set_query("How do I reset it?")
                .set_results_count(5)
                .set_metadata_filters(metadata_filters()),
            |c, r| async move { c.corpora().query(r).await },
            Wire::post(
                "/v1beta/corpora/manuals:query",
                json!({
                    "query": "How do I reset it?",
                    "resultsCount": 5,
                    "metadataFilters": metadata_filters_json(),
                }),
            ),
        ),
        Row::new(
            "corpora.documents.create",
            CreateDocumentRequest::new()
                .set_parent("corpora/manuals")
                .set_document(
                    Document::new()
                        .set_name(DOCUMENT)
                        .set_display_name("Router guide")
                        .set_custom_metadata(custom_metadata()),
                ),
            |c, r| async move { c.corpora().documents().create(r).await },
            Wire::post(
                "/v1beta/corpora/manuals/documents",
                json!({
                    "name": DOCUMENT,
                    "displayName": "Router guide",
                    "customMetadata": custom_metadata_json(),
                }),
            ),
        ),
        Row::new(
            "corpora.documents.patch",
            UpdateDocumentRequest::new()
                .set_document(
                    Document::new()
                        .set_name(DOCUMENT)
                        .set_display_name("Router guide v2")
                        .set_custom_metadata(custom_metadata()),
                )
                .set_update_mask(FieldMask::new(["display_name", "custom_metadata"])),
            |c, r| async move { c.corpora().documents().patch(r).await },
            Wire::patch(
                "/v1beta/corpora/manuals/documents/router",
                json!({
                    "name": DOCUMENT,
                    "displayName": "Router guide v2",
                    "customMetadata": custom_metadata_json(),
                }),
            )
            .query(&[("updateMask", "displayName,customMetadata")]),
        ),
        Row::new(
            "corpora.documents.query",
            QueryDocumentRequest::new()
                .set_name(DOCUMENT)
                .set_query("reset & restart")
                .set_results_count(3)
                .set_metadata_filters(metadata_filters()),
            |c, r| async move { c.corpora().documents().query(r).await },
            Wire::post(
                "/v1beta/corpora/manuals/documents/router:query",
                json!({
                    "query": "reset & restart",
                    "resultsCount": 3,
                    "metadataFilters": metadata_filters_json(),
                }),
            ),
        ),
        Row::new(
            "corpora.documents.chunks.batchCreate",
            BatchCreateChunksRequest::new()
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
                ]),
            |c, r| async move { c.corpora().documents().chunks().batch_create(r).await },
            Wire::post(
                "/v1beta/corpora/manuals/documents/router/chunks:batchCreate",
                json!({"requests": [
                    {"parent": DOCUMENT, "chunk": {
                        "data": {"stringValue": "Unplug it."},
                        "customMetadata": custom_metadata_json(),
                    }},
                    {"parent": DOCUMENT, "chunk": {
                        "name": "corpora/manuals/documents/router/chunks/c2",
                        "data": {"stringValue": "Plug it back in."},
                    }},
                ]}),
            ),
        ),
        Row::new(
            "corpora.documents.chunks.batchUpdate",
            BatchUpdateChunksRequest::new()
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
                ]),
            |c, r| async move { c.corpora().documents().chunks().batch_update(r).await },
            Wire::post(
                "/v1beta/corpora/manuals/documents/router/chunks:batchUpdate",
                json!({"requests": [
                    {
                        "chunk": {
                            "name": "corpora/manuals/documents/router/chunks/c1",
                            "data": {"stringValue": "Unplug it for ten seconds."},
                        },
                        "updateMask": "data",
                    },
                    {
                        "chunk": {
                            "name": "corpora/manuals/documents/router/chunks/c2",
                            "customMetadata": custom_metadata_json(),
                        },
                        "updateMask": "customMetadata,data",
                    },
                ]}),
            ),
        ),
        Row::new(
            "corpora.documents.chunks.create",
            CreateChunkRequest::new().set_parent(DOCUMENT).set_chunk(
                Chunk::new()
                    .set_data(chunk_text("Hold the reset button."))
                    .set_custom_metadata(custom_metadata()),
            ),
            |c, r| async move { c.corpora().documents().chunks().create(r).await },
            Wire::post(
                "/v1beta/corpora/manuals/documents/router/chunks",
                json!({
                    "data": {"stringValue": "Hold the reset button."},
                    "customMetadata": custom_metadata_json(),
                }),
            ),
        ),
        Row::new(
            "corpora.documents.chunks.patch",
            UpdateChunkRequest::new()
                .set_chunk(
                    Chunk::new()
                        .set_name(format!("{DOCUMENT}/chunks/c1"))
                        .set_data(chunk_text("Hold it for five seconds."))
                        .set_custom_metadata(custom_metadata()),
                )
                .set_update_mask(FieldMask::new(["data", "custom_metadata"])),
            |c, r| async move { c.corpora().documents().chunks().patch(r).await },
            Wire::patch(
                "/v1beta/corpora/manuals/documents/router/chunks/c1",
                json!({
                    "name": "corpora/manuals/documents/router/chunks/c1",
                    "data": {"stringValue": "Hold it for five seconds."},
                    "customMetadata": custom_metadata_json(),
                }),
            )
            .query(&[("updateMask", "data,customMetadata")]),
        ),
        Row::new(
            "media.upload",
            CreateFileRequest::new().set_file(
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
            ),
            |c, r| async move { c.media().upload(r).await },
            Wire::post(
                "/v1beta/files",
                json!({"file": {
                    "name": "files/notes-1",
                    "displayName": "Notes",
                    "mimeType": "text/plain",
                    "sizeBytes": "9007199254740993",
                    "sha256Hash": "3q2+7w==",
                    "expirationTime": "2024-05-03T10:00:00Z",
                    "source": "UPLOADED",
                    "videoMetadata": {"videoDuration": "12.500s"},
                }}),
            ),
        ),
    ]
}

/// The model methods, with requests that set most of what they can carry.
fn models() -> Vec<Row> {
    let hate_speech = || {
        vec![SafetySetting::new()
            .set_category(HarmCategory::HateSpeech)
            .set_threshold(safety_setting::HarmBlockThreshold::BlockMediumAndAbove)]
    };
    let hate_speech_json =
        json!([{"category": "HARM_CATEGORY_HATE_SPEECH", "threshold": "BLOCK_MEDIUM_AND_ABOVE"}]);
    vec![
        Row::new(
            "models.batchEmbedContents",
            BatchEmbedContentsRequest::new()
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
                ]),
            |c, r| async move { c.models().batch_embed_contents(r).await },
            Wire::post(
                "/v1beta/models/text-embedding-004:batchEmbedContents",
                json!({"requests": [
                    {
                        "model": "models/text-embedding-004",
                        "content": {"parts": [{"text": "first"}]},
                        "taskType": "RETRIEVAL_DOCUMENT",
                        "title": "First",
                    },
                    {
                        "model": "models/text-embedding-004",
                        "content": {"parts": [{"text": "second"}]},
                        "taskType": "CODE_RETRIEVAL_QUERY",
                        "outputDimensionality": 3,
                    },
                ]}),
            ),
        ),
        Row::new(
            "models.batchEmbedText",
            BatchEmbedTextRequest::new()
                .set_model("models/embedding-gecko-001")
                .set_texts(["first", "second"])
                .set_requests([EmbedTextRequest::new()
                    .set_model("models/embedding-gecko-001")
                    .set_text("third")]),
            |c, r| async move { c.models().batch_embed_text(r).await },
            Wire::post(
                "/v1beta/models/embedding-gecko-001:batchEmbedText",
                json!({
                    "texts": ["first", "second"],
                    "requests": [{"model": "models/embedding-gecko-001", "text": "third"}],
                }),
            ),
        ),
        Row::new(
            "models.countMessageTokens",
            CountMessageTokensRequest::new()
                .set_model("models/chat-bison-001")
                .set_prompt(message_prompt()),
            |c, r| async move { c.models().count_message_tokens(r).await },
            Wire::post(
                "/v1beta/models/chat-bison-001:countMessageTokens",
                json!({"prompt": message_prompt_json()}),
            ),
        ),
        // The nested request keeps its model: only the outer one is a path field.
        Row::new(
            "models.countTokens",
            CountTokensRequest::new()
                .set_model("models/gemini-1.5-flash")
                .set_generate_content_request(generate_content_request("models/gemini-1.5-flash")),
            |c, r| async move { c.models().count_tokens(r).await },
            Wire::post(
                "/v1beta/models/gemini-1.5-flash:countTokens",
                json!({"generateContentRequest": with(
                    json!({"model": "models/gemini-1.5-flash"}),
                    generate_content_json(),
                )}),
            ),
        ),
        Row::new(
            "models.embedContent",
            EmbedContentRequest::new()
                .set_model("models/text-embedding-004")
                .set_content(
                    Content::new()
                        .set_parts([Part::new().set_text("Hello"), Part::new().set_text("world")]),
                )
                .set_task_type(TaskType::RetrievalQuery)
                .set_title("Greeting")
                .set_output_dimensionality(256),
            |c, r| async move { c.models().embed_content(r).await },
            Wire::post(
                "/v1beta/models/text-embedding-004:embedContent",
                json!({
                    "content": {"parts": [{"text": "Hello"}, {"text": "world"}]},
                    "taskType": "RETRIEVAL_QUERY",
                    "title": "Greeting",
                    "outputDimensionality": 256,
                }),
            ),
        ),
        // generateAnswer twice more: once with each member of its grounding-source oneof.
        Row::new(
            "models.generateAnswer",
            GenerateAnswerRequest::new()
                .set_model("models/aqa")
                .set_contents([user_turn("How do I reset it?")])
                .set_answer_style(generate_answer_request::AnswerStyle::Abstractive)
                .set_safety_settings(hate_speech())
                .set_temperature(0.25)
                .set_semantic_retriever(
                    SemanticRetrieverConfig::new()
                        .set_source("corpora/manuals")
                        .set_query(content("reset"))
                        .set_metadata_filters(metadata_filters())
                        .set_max_chunks_count(5)
                        .set_minimum_relevance_score(0.5),
                ),
            |c, r| async move { c.models().generate_answer(r).await },
            Wire::post(
                "/v1beta/models/aqa:generateAnswer",
                json!({
                    "contents": [{"role": "user", "parts": [{"text": "How do I reset it?"}]}],
                    "answerStyle": "ABSTRACTIVE",
                    "safetySettings": hate_speech_json,
                    "temperature": 0.25,
                    "semanticRetriever": {
                        "source": "corpora/manuals",
                        "query": {"parts": [{"text": "reset"}]},
                        "metadataFilters": metadata_filters_json(),
                        "maxChunksCount": 5,
                        "minimumRelevanceScore": 0.5,
                    },
                }),
            ),
        ),
        Row::new(
            "models.generateAnswer",
            GenerateAnswerRequest::new()
                .set_model("models/aqa")
                .set_contents([user_turn("How long do I hold it?")])
                .set_answer_style(generate_answer_request::AnswerStyle::Verbose)
                .set_safety_settings(hate_speech())
                .set_inline_passages(
                    GroundingPassages::new().set_passages([
                        GroundingPassage::new()
                            .set_id("p1")
                            .set_content(content("Hold the reset button.")),
                        GroundingPassage::new()
                            .set_id("p2")
                            .set_content(content("Ten seconds.")),
                    ]),
                ),
            |c, r| async move { c.models().generate_answer(r).await },
            Wire::post(
                "/v1beta/models/aqa:generateAnswer",
                json!({
                    "contents": [{"role": "user", "parts": [{"text": "How long do I hold it?"}]}],
                    "answerStyle": "VERBOSE",
                    "safetySettings": hate_speech_json,
                    "inlinePassages": {"passages": [
                        {"id": "p1", "content": {"parts": [{"text": "Hold the reset button."}]}},
                        {"id": "p2", "content": {"parts": [{"text": "Ten seconds."}]}},
                    ]},
                }),
            ),
        ),
        Row::new(
            "models.generateContent",
            generate_content_request("models/gemini-1.5-flash"),
            |c, r| async move { c.models().generate_content(r).await },
            Wire::post(
                "/v1beta/models/gemini-1.5-flash:generateContent",
                generate_content_json(),
            ),
        ),
        Row::new(
            "models.generateMessage",
            GenerateMessageRequest::new()
                .set_model("models/chat-bison-001")
                .set_prompt(message_prompt())
                .set_temperature(0.5)
                .set_candidate_count(2)
                .set_top_p(0.75)
                .set_top_k(20),
            |c, r| async move { c.models().generate_message(r).await },
            Wire::post(
                "/v1beta/models/chat-bison-001:generateMessage",
                json!({
                    "prompt": message_prompt_json(),
                    "temperature": 0.5,
                    "candidateCount": 2,
                    "topP": 0.75,
                    "topK": 20,
                }),
            ),
        ),
        Row::new(
            "models.generateText",
            generate_text_request("models/text-bison-001"),
            |c, r| async move { c.models().generate_text(r).await },
            Wire::post(
                "/v1beta/models/text-bison-001:generateText",
                generate_text_json(),
            ),
        ),
        Row::new(
            "models.streamGenerateContent",
            generate_content_request("models/gemini-2.0-flash"),
            |c, r| async move {
                c.models()
                    .stream_generate_content(r)
                    .await?
                    .try_collect::<Vec<_>>()
                    .await
            },
            Wire::post(
                "/v1beta/models/gemini-2.0-flash:streamGenerateContent",
                generate_content_json(),
            )
            .query(&[("alt", "sse")]),
        ),
    ]
}

/// The tuned-model methods, with requests that set most of what they can carry.
fn tuned_models() -> Vec<Row> {
    const PATH: &str = "/v1beta/tunedModels/haiku-writer";
    vec![
        Row::new(
            "tunedModels.create",
            CreateTunedModelRequest::new()
                .set_tuned_model_id("haiku-writer")
                .set_tuned_model(new_tuned_model()),
            |c, r| async move { operation_handle(c.tuned_models().create(r).await?) },
            Wire::post("/v1beta/tunedModels", new_tuned_model_json())
                .query(&[("tunedModelId", "haiku-writer")]),
        )
        .decoded_as(expected_handle(&answer("tunedModels.create", ""))),
        Row::new(
            "tunedModels.generateContent",
            generate_content_request("tunedModels/haiku-writer"),
            |c, r| async move { c.tuned_models().generate_content(r).await },
            Wire::post(&format!("{PATH}:generateContent"), generate_content_json()),
        ),
        Row::new(
            "tunedModels.generateText",
            generate_text_request("tunedModels/haiku-writer"),
            |c, r| async move { c.tuned_models().generate_text(r).await },
            Wire::post(&format!("{PATH}:generateText"), generate_text_json()),
        ),
        Row::new(
            "tunedModels.patch",
            UpdateTunedModelRequest::new()
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
                ])),
            |c, r| async move { c.tuned_models().patch(r).await },
            Wire::patch(
                PATH,
                json!({
                    "name": "tunedModels/haiku-writer",
                    "displayName": "Haiku writer v2",
                    "description": "Writes better haiku.",
                    "temperature": 0.25,
                    "readerProjectNumbers": ["42", "9007199254740993"],
                }),
            )
            .query(&[(
                "updateMask",
                "displayName,description,temperature,readerProjectNumbers",
            )]),
        ),
        Row::new(
            "tunedModels.streamGenerateContent",
            generate_content_request("tunedModels/haiku-writer"),
            |c, r| async move {
                c.tuned_models()
                    .stream_generate_content(r)
                    .await?
                    .try_collect::<Vec<_>>()
                    .await
            },
            Wire::post(
                &format!("{PATH}:streamGenerateContent"),
                generate_content_json(),
            )
            .query(&[("alt", "sse")]),
        ),
    ]
}
