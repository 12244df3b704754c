//! The JSON codec against an independent implementation: every case in
//! `tests/conformance/conformance.json` is a JSON text with the outcome
//! Google's protobuf runtime gives it (accepted, with its canonical
//! re-encoding, or rejected), made by `tests/conformance/make_expected.py`
//! on messages built from the same spec files. Cases run on the real Gemini
//! types and on the zoo test spec, which has every kind of field.

use gemini_v1beta::codec::{self, Message};
use serde_json::Value;

#[derive(Debug, serde::Deserialize)]
struct Case {
    name: String,
    spec: String,
    #[serde(rename = "type")]
    type_name: String,
    json: String,
    outcome: String,
    canonical: Option<Value>,
    error_path: Option<String>,
}

/// Runs one case on the message type `M`.
fn check<M: Message + PartialEq + std::fmt::Debug>(case: &Case) -> Result<(), String> {
    match (codec::from_str::<M>(&case.json), case.outcome.as_str()) {
        (Ok(message), "accept") => {
            let encoded = codec::to_value(&message);
            let canonical = case
                .canonical
                .as_ref()
                .ok_or("an accepted case needs `canonical`")?;
            if !same_json(&encoded, canonical) {
                return Err(format!("encodes as {encoded}, protobuf as {canonical}"));
            }
            let again: M = codec::from_value(&encoded)
                .map_err(|error| format!("its own encoding does not decode: {error}"))?;
            let encoded_again = codec::to_value(&again);
            if encoded_again != encoded {
                return Err(format!(
                    "changes in a round trip: {encoded} → {encoded_again}"
                ));
            }
            Ok(())
        }
        // Text that is not JSON (or names a key twice) is refused while it is
        // parsed, before there is a path: the error gives the line and column.
        (Err(error), "reject") if error.message().starts_with("invalid JSON") => Ok(()),
        (Err(error), "reject") => match &case.error_path {
            Some(path) if error.path() != *path => Err(format!(
                "rejected at `{}` ({error}), expected at `{path}`",
                error.path()
            )),
            _ => Ok(()),
        },
        (Ok(message), _) => Err(format!(
            "accepted as {}, protobuf rejects it",
            codec::to_string(&message)
        )),
        (Err(error), _) => Err(format!("rejected ({error}), protobuf accepts it")),
    }
}

/// JSON equality with numbers compared by value (`1.0` is `1`). Two numbers
/// that differ as doubles but are the same 32-bit float also match: printers
/// choose different texts for a `float` field's value (`1e-45`, `1.4013e-45`).
fn same_json(left: &Value, right: &Value) -> bool {
    match (left, right) {
        (Value::Number(a), Value::Number(b)) => {
            let (a, b) = (
                a.as_f64().unwrap_or(f64::NAN),
                b.as_f64().unwrap_or(f64::NAN),
            );
            a == b || a as f32 == b as f32
        }
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same_json(a, b))
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|(key, a)| b.get(key).is_some_and(|b| same_json(a, b)))
        }
        _ => left == right,
    }
}

/// Dispatches a case to its message type by spec and type name (nested
/// types by their dotted spec name).
macro_rules! dispatch {
    (
        $case:expr,
        gemini: [$($gemini:ident),*],
        gemini_nested: [$($nested_name:literal => $nested:ty),*],
        zoo: [$($zoo:ident),*]
    ) => {
        match ($case.spec.as_str(), $case.type_name.as_str()) {
            $(("gemini", stringify!($gemini)) => check::<gemini_v1beta::types::$gemini>($case),)*
            $(("gemini", $nested_name) => check::<$nested>($case),)*
            $(("zoo", stringify!($zoo)) => check::<zoo_v1::types::$zoo>($case),)*
            (spec, name) => Err(format!("no type `{name}` of spec `{spec}` in this runner: add it")),
        }
    };
}

#[test]
fn every_case_behaves_as_protobuf_says() {
    let text = include_str!("../../conformance/conformance.json");
    let cases: Vec<Case> = serde_json::from_str(text).expect("conformance.json reads");
    assert!(cases.len() > 400, "the suite lost cases: {}", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let result = dispatch!(case,
            gemini: [
                Blob, CachedContent, Candidate, Chunk, Content, ContentEmbedding,
                CountTokensRequest, CountTokensResponse, CreateFileRequest, CustomMetadata,
                EmbedContentRequest, File, FunctionCall, FunctionResponse, GenerateContentRequest,
                GenerateContentResponse, GenerationConfig, Hyperparameters, Interval, LatLng,
                Operation, Part, SafetyRating, SafetySetting, Schema, Status, TunedModel,
                TuningExample, UpdateCachedContentRequest, UpdateCorpusRequest,
                UpdateTunedModelRequest, VideoMetadata
            ],
            gemini_nested: [
                "GenerateContentResponse.UsageMetadata" =>
                    gemini_v1beta::types::generate_content_response::UsageMetadata
            ],
            zoo: [Kinds, KindsMaps, KindsNested, KindsOptional, KindsRepeated, KindsWellKnown]
        );
        if let Err(problem) = result {
            failures.push(format!(
                "{} ({} {}): {problem}\n    input: {}",
                case.name, case.spec, case.type_name, case.json
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ from protobuf:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
