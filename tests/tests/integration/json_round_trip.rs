//! The generated types read and write the API's JSON exactly: camelCase
//! names, int64 as strings, bytes as base64, the well-known types' text forms,
//! oneofs as sibling keys, and forward compatibility (unknown fields and enum
//! values survive a decode and re-encode).

use gemini_v1beta::types::{
    cached_content, candidate, file, safety_rating, Blob, CachedContent, Content, File,
    GenerateContentRequest, GenerateContentResponse, GenerationConfig, HarmCategory, Operation,
    Part,
};
use gemini_v1beta::{Duration, OpenEnum, Timestamp};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

/// Decodes `input`, re-encodes it, and checks nothing was lost or changed.
fn round_trip<T: Serialize + DeserializeOwned>(input: &Value) -> T {
    let decoded: T = serde_json::from_value(input.clone())
        .unwrap_or_else(|error| panic!("decode failed: {error}"));
    let encoded = serde_json::to_value(&decoded).unwrap();
    assert_eq!(&encoded, input, "re-encoding changed the JSON");
    decoded
}

fn full_generate_content_response() -> Value {
    json!({
        "candidates": [{
            "content": {
                "role": "model",
                "parts": [
                    {"text": "The capital of France is Paris."},
                    {"functionCall": {"id": "call-1", "name": "lookup", "args": {"city": "Paris", "limit": 3}}}
                ]
            },
            "finishReason": "STOP",
            "index": 0,
            "safetyRatings": [
                {"category": "HARM_CATEGORY_HATE_SPEECH", "probability": "NEGLIGIBLE"},
                {"category": "HARM_CATEGORY_DANGEROUS_CONTENT", "probability": "LOW", "blocked": true}
            ],
            "citationMetadata": {
                "citationSources": [{"startIndex": 4, "endIndex": 31, "uri": "https://example.com/paris", "license": "CC-BY"}]
            },
            "tokenCount": 7,
            "avgLogprobs": -0.25
        }],
        "promptFeedback": {"safetyRatings": [{"category": "HARM_CATEGORY_HARASSMENT", "probability": "NEGLIGIBLE"}]},
        "usageMetadata": {
            "promptTokenCount": 12,
            "candidatesTokenCount": 7,
            "totalTokenCount": 19,
            "promptTokensDetails": [{"modality": "TEXT", "tokenCount": 12}]
        },
        "modelVersion": "gemini-2.0-flash",
        "responseId": "resp-123"
    })
}

#[test]
fn a_full_generate_content_response_decodes_and_round_trips() {
    let response: GenerateContentResponse = round_trip(&full_generate_content_response());
    let candidate = &response.candidates[0];
    assert_eq!(candidate.finish_reason, candidate::FinishReason::Stop);
    assert_eq!(candidate.index, Some(0));
    let parts = &candidate.content.as_ref().unwrap().parts;
    assert_eq!(parts[0].text(), Some("The capital of France is Paris."));
    let Some(call) = parts[1].function_call() else {
        panic!("expected a function call, got {:?}", parts[1].data);
    };
    assert_eq!(call.name, "lookup");
    assert_eq!(call.args.as_ref().unwrap()["limit"], json!(3));
    assert_eq!(
        candidate.safety_ratings[0].category,
        HarmCategory::HateSpeech
    );
    assert_eq!(
        candidate.safety_ratings[0].probability,
        safety_rating::HarmProbability::Negligible
    );
    assert!(candidate.safety_ratings[1].blocked);
    let source = &candidate
        .citation_metadata
        .as_ref()
        .unwrap()
        .citation_sources[0];
    assert_eq!((source.start_index, source.end_index), (Some(4), Some(31)));
    assert_eq!(source.uri.as_deref(), Some("https://example.com/paris"));
    let usage = response.usage_metadata.as_ref().unwrap();
    assert_eq!(
        (
            usage.prompt_token_count,
            usage.candidates_token_count,
            usage.total_token_count
        ),
        (12, 7, 19)
    );
    assert_eq!(response.model_version, "gemini-2.0-flash");
}

#[test]
fn unknown_fields_and_enum_values_from_a_newer_server_survive() {
    let mut input = full_generate_content_response();
    input["brandNewTopLevel"] = json!({"nested": [1, 2, 3]});
    input["candidates"][0]["finishReason"] = json!("SOME_FUTURE_REASON");
    input["candidates"][0]["safetyRatings"][0]["category"] =
        json!("HARM_CATEGORY_NOT_INVENTED_YET");
    input["candidates"][0]["content"]["parts"][0]["futurePartField"] = json!(true);
    let response: GenerateContentResponse = round_trip(&input);
    let candidate = &response.candidates[0];
    assert_eq!(
        candidate.finish_reason,
        candidate::FinishReason::from_name("SOME_FUTURE_REASON")
    );
    assert_eq!(candidate.finish_reason.name(), Some("SOME_FUTURE_REASON"));
    assert_eq!(candidate.finish_reason.number(), None);
    assert_eq!(
        candidate.safety_ratings[0].category,
        HarmCategory::from_name("HARM_CATEGORY_NOT_INVENTED_YET")
    );
    assert_eq!(
        response.unknown_fields["brandNewTopLevel"],
        json!({"nested": [1, 2, 3]})
    );
}

#[test]
fn a_part_of_an_unknown_kind_is_kept_whole() {
    let input = json!({"role": "user", "parts": [{"hologram": {"uri": "holo://x"}}]});
    let content: Content = round_trip(&input);
    assert_eq!(content.parts[0].data, None);
    assert_eq!(
        content.parts[0].unknown_fields["hologram"],
        json!({"uri": "holo://x"})
    );
}

#[test]
fn int64_bytes_timestamps_and_enums_use_their_json_forms() {
    let input = json!({
        "name": "files/abc-123",
        "displayName": "report.pdf",
        "mimeType": "application/pdf",
        "sizeBytes": "9007199254740993",
        "createTime": "2024-05-01T12:30:00.250Z",
        "expirationTime": "2024-05-03T12:30:00Z",
        "sha256Hash": "3q2+7w==",
        "uri": "https://generativelanguage.googleapis.com/v1beta/files/abc-123",
        "state": "FAILED",
        "error": {"code": 3, "message": "bad file", "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "X"}]}
    });
    let file: File = round_trip(&input);
    assert_eq!(file.size_bytes, 9_007_199_254_740_993);
    assert_eq!(file.sha256_hash, vec![0xde, 0xad, 0xbe, 0xef]);
    assert_eq!(
        file.create_time,
        Some(Timestamp::new(1_714_566_600, 250_000_000))
    );
    assert_eq!(file.state, file::State::Failed);
    let error = file.error.unwrap();
    assert_eq!(
        error.details[0].to_any().type_name(),
        "google.rpc.ErrorInfo"
    );
}

#[test]
fn an_int64_sent_as_a_number_is_accepted() {
    let file: File = serde_json::from_value(json!({"sizeBytes": 42})).unwrap();
    assert_eq!(file.size_bytes, 42);
    assert_eq!(
        serde_json::to_value(&file).unwrap(),
        json!({"sizeBytes": "42"})
    );
}

#[test]
fn a_oneof_is_one_sibling_key() {
    let with_ttl: CachedContent =
        round_trip(&json!({"model": "models/gemini-2.0-flash", "ttl": "3.500s"}));
    assert_eq!(
        with_ttl.expiration,
        Some(cached_content::Expiration::Ttl(Duration {
            seconds: 3,
            nanos: 500_000_000
        }))
    );
    let short_form: CachedContent = serde_json::from_value(json!({"ttl": "3.5s"})).unwrap();
    assert_eq!(short_form.expiration, with_ttl.expiration);
    let with_time: CachedContent = round_trip(&json!({"expireTime": "2030-01-01T00:00:00Z"}));
    assert!(with_time.expire_time().is_some());
    let neither: CachedContent = round_trip(&json!({"displayName": "x"}));
    assert_eq!(neither.expiration, None);
}

#[test]
fn the_two_response_json_schema_fields_stay_apart() {
    let input = json!({"responseJsonSchema": {"type": "object"}, "_responseJsonSchema": {"type": "string"}});
    let config: GenerationConfig = round_trip(&input);
    assert_eq!(config.response_json_schema, Some(json!({"type": "object"})));
    assert_eq!(
        config.internal_response_json_schema,
        Some(json!({"type": "string"}))
    );
}

#[test]
fn a_request_built_in_rust_encodes_as_the_api_expects() {
    let request = GenerateContentRequest::new()
        .set_model("models/gemini-2.0-flash")
        .set_contents([Content::new().set_role("user").set_parts([
            Part::new().set_text("Describe this image."),
            Part::new().set_inline_data(
                Blob::new()
                    .set_mime_type("image/png")
                    .set_data(vec![0x89, b'P', b'N', b'G']),
            ),
        ])])
        .set_generation_config(
            GenerationConfig::new()
                .set_temperature(0.5)
                .set_max_output_tokens(256)
                .set_stop_sequences(["END"]),
        );
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({
            "model": "models/gemini-2.0-flash",
            "contents": [{"role": "user", "parts": [
                {"text": "Describe this image."},
                {"inlineData": {"mimeType": "image/png", "data": "iVBORw=="}}
            ]}],
            "generationConfig": {"temperature": 0.5, "maxOutputTokens": 256, "stopSequences": ["END"]}
        })
    );
}

#[test]
fn a_finished_operation_carries_its_typed_response() {
    let input = json!({
        "name": "tunedModels/t1/operations/op1",
        "metadata": {"@type": "type.googleapis.com/google.ai.generativelanguage.v1beta.CreateTunedModelMetadata", "totalSteps": 10, "completedSteps": 10},
        "done": true,
        "response": {"@type": "type.googleapis.com/google.ai.generativelanguage.v1beta.TunedModel", "name": "tunedModels/t1", "state": "ACTIVE"}
    });
    let operation: Operation = round_trip(&input);
    let metadata: gemini_v1beta::types::CreateTunedModelMetadata =
        operation.metadata.as_ref().unwrap().decode().unwrap();
    assert_eq!((metadata.total_steps, metadata.completed_steps), (10, 10));
    let Some(any) = operation.response() else {
        panic!("expected a response, got {:?}", operation.result);
    };
    let model: gemini_v1beta::types::TunedModel = any.decode().unwrap();
    assert_eq!(model.name, "tunedModels/t1");
}

/// A caller's own serde types hold the generated ones: serde_json writes
/// them as the codec does, floats in their shortest form included (a
/// `float` of 0.7 stays 0.7, also in a `serde_json::Value`).
#[test]
fn the_types_serialize_through_serde_as_the_codec_writes_them() {
    #[derive(Serialize)]
    struct Saved {
        label: &'static str,
        config: GenerationConfig,
    }
    let config = GenerationConfig::new()
        .set_temperature(0.7)
        .set_top_p(0.95)
        .set_max_output_tokens(256)
        .set_stop_sequences(["END"]);
    let saved = Saved {
        label: "creative",
        config: config.clone(),
    };
    let expected =
        json!({"stopSequences": ["END"], "maxOutputTokens": 256, "temperature": 0.7, "topP": 0.95});
    assert_eq!(serde_json::to_value(&saved).unwrap()["config"], expected);
    assert_eq!(gemini_v1beta::codec::to_value(&config), expected);
    let text = serde_json::to_string(&saved).unwrap();
    assert!(
        text.contains(r#""temperature":0.7,"#),
        "floats keep their shortest text: {text}"
    );
    let codec_text = gemini_v1beta::codec::to_string(&config);
    assert!(text.contains(&codec_text), "{text} holds {codec_text}");
}
