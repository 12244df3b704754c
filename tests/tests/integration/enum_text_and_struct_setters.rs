//! What users do with enums as text (print a wire name, parse one from
//! configuration) and with `Struct` fields built by `json!`.

use gemini_v1beta::types::{FunctionCall, HarmCategory};
use gemini_v1beta::{codec, NotAnObject, ParseEnumError};
use serde_json::json;

#[test]
fn a_known_value_prints_and_parses_as_its_wire_name() {
    assert_eq!(
        HarmCategory::HateSpeech.to_string(),
        "HARM_CATEGORY_HATE_SPEECH"
    );
    let parsed: HarmCategory = "HARM_CATEGORY_HATE_SPEECH".parse().unwrap();
    assert_eq!(parsed, HarmCategory::HateSpeech);
    assert_eq!(
        HarmCategory::default().to_string(),
        "HARM_CATEGORY_UNSPECIFIED"
    );
}

#[test]
fn an_unknown_value_prints_as_it_came() {
    let by_name: HarmCategory = serde_json::from_value(json!("HARM_CATEGORY_NEW")).unwrap();
    assert_eq!(by_name.to_string(), "HARM_CATEGORY_NEW");
    let by_number: HarmCategory = serde_json::from_value(json!(99)).unwrap();
    assert_eq!(by_number.to_string(), "99");
}

#[test]
fn parsing_refuses_text_that_is_no_known_name_and_says_what_would_do() {
    let error: ParseEnumError = "hate_speech".parse::<HarmCategory>().unwrap_err();
    assert_eq!(error.enum_name(), "HarmCategory");
    assert_eq!(error.text(), "hate_speech");
    let message = error.to_string();
    assert!(
        message.starts_with("\"hate_speech\" is not a HarmCategory name; expected one of "),
        "{message}"
    );
    assert!(message.contains("HARM_CATEGORY_HATE_SPEECH"), "{message}");
}

#[test]
fn a_struct_field_takes_a_json_object() {
    let call = FunctionCall::new()
        .set_name("get_weather")
        .try_set_args(json!({"city": "Lisbon", "days": 2}))
        .unwrap();
    assert_eq!(
        codec::to_value(&call),
        json!({"name": "get_weather", "args": {"city": "Lisbon", "days": 2}})
    );
}

#[test]
fn a_struct_field_refuses_json_that_is_not_an_object() {
    let error: NotAnObject = FunctionCall::new()
        .try_set_args(json!(["Lisbon"]))
        .unwrap_err();
    assert_eq!(error.field(), "FunctionCall.args");
    assert_eq!(
        error.to_string(),
        "FunctionCall.args takes a JSON object (`{...}`), not an array"
    );
}
