//! Free-form JSON fields (Struct, Value, ListValue, and lists of them) are
//! read straight into `serde_json` values rather than through the decode
//! tree; they must decode exactly as serde_json reads the same JSON, and
//! keep every limit the tree has: a key given twice, nesting past 128
//! levels, lone surrogates and numbers out of range are refused.

use serde_json::{json, Value};
use zoo_v1::codec;
use zoo_v1::types::{kinds, Kinds, KindsWellKnown};

/// Free-form JSON with every kind of member: numbers at the edges of
/// their ranges, escapes, empty and nested lists and objects, `null`.
fn free() -> Value {
    json!({
        "u64": 18446744073709551615u64, "i64": -9223372036854775808i64,
        "float": 2.5, "tiny": 1e-300, "huge": 1e300, "zero": 0, "negative": -7,
        "text": "quote \" backslash \\ tab \t snow \u{2603} clef \u{1D11E}",
        "list": [null, true, false, [], {}, [[1], {"deep": {"deeper": ["x"]}}]],
        "empty": {}, "null": null
    })
}

fn decode_well_known(body: &str) -> Result<KindsWellKnown, codec::DecodeError> {
    codec::from_slice(body.as_bytes())
}

#[test]
fn free_form_fields_decode_as_serde_json_reads_them() {
    let text = serde_json::to_string(&json!({
        "singleStruct": free(),
        "singleValue": [free(), 1, "one"],
        "singleListValue": [free(), null],
        "repeatedStruct": [free(), {}, {"a": {"b": [1, 2.0]}}],
        "repeatedValue": [free(), null, 3, "s", [free()]],
    }))
    .unwrap();
    // serde_json reads the same text as the reference, keys in document order.
    let reference: Value = serde_json::from_str(&text).unwrap();
    let decoded = decode_well_known(&text).unwrap();
    assert_eq!(
        Value::Object(decoded.single_struct.clone().unwrap()),
        reference["singleStruct"]
    );
    assert_eq!(
        decoded.single_value.as_ref(),
        Some(&reference["singleValue"])
    );
    assert_eq!(
        Value::Array(decoded.single_list_value.clone().unwrap()),
        reference["singleListValue"]
    );
    let structs: Vec<Value> = decoded
        .repeated_struct
        .iter()
        .cloned()
        .map(Value::Object)
        .collect();
    assert_eq!(Value::Array(structs), reference["repeatedStruct"]);
    assert_eq!(
        Value::Array(decoded.repeated_value.clone()),
        reference["repeatedValue"]
    );
    // And written back, it is the same JSON.
    let written: Value = serde_json::from_slice(&codec::to_vec(&decoded)).unwrap();
    assert_eq!(written, reference);
}

#[test]
fn free_form_fields_by_proto_name_in_a_oneof_and_through_serde_decode_alike() {
    let by_proto = decode_well_known(r#"{"single_struct": {"a": [1, {"b": null}]}}"#).unwrap();
    assert_eq!(
        Value::Object(by_proto.single_struct.unwrap()),
        json!({"a": [1, {"b": null}]})
    );
    let kinds: Kinds = codec::from_str(r#"{"choiceValue": {"k": [true, {"x": "y"}]}}"#).unwrap();
    assert!(
        matches!(kinds.choice, Some(kinds::Choice::ChoiceValue(ref value)) if *value == json!({"k": [true, {"x": "y"}]}))
    );
    // serde's Deserialize reads through the same codec, from any deserializer.
    let input = json!({"singleStruct": free(), "repeatedStruct": [free()]});
    let through_serde: KindsWellKnown = serde_json::from_value(input.clone()).unwrap();
    assert_eq!(
        through_serde,
        decode_well_known(&input.to_string()).unwrap()
    );
}

#[test]
fn null_and_wrong_types_in_free_form_fields_are_told_apart() {
    let decoded = decode_well_known(r#"{"singleStruct": null, "singleValue": null}"#).unwrap();
    assert_eq!(decoded.single_struct, None);
    // For a Value, `null` is a value, not "not set".
    assert_eq!(decoded.single_value, Some(Value::Null));
    for (body, path, what) in [
        (
            r#"{"singleStruct": [1]}"#,
            "singleStruct",
            "expected an object, found a list",
        ),
        (
            r#"{"singleStruct": "x"}"#,
            "singleStruct",
            "expected an object, found a string",
        ),
        (
            r#"{"singleListValue": {"a": 1}}"#,
            "singleListValue",
            "expected a list, found an object",
        ),
        (
            r#"{"repeatedStruct": [{}, [{}]]}"#,
            "repeatedStruct[1]",
            "expected an object, found a list",
        ),
        (
            r#"{"repeatedStruct": [{}, null]}"#,
            "repeatedStruct[1]",
            "a list item cannot be null",
        ),
    ] {
        let error = decode_well_known(body).unwrap_err();
        assert_eq!(error.path(), path, "{body}: {error}");
        assert!(error.to_string().contains(what), "{body}: {error}");
    }
}

#[test]
fn a_key_given_twice_inside_free_form_json_is_refused() {
    for body in [
        r#"{"singleStruct": {"a": 1, "a": 2}}"#,
        r#"{"singleStruct": {"outer": {"b": [{"k": 1, "k": 1}]}}}"#,
        r#"{"singleValue": [{"x": null, "y": 1, "x": null}]}"#,
        r#"{"repeatedStruct": [{}, {"\u0061": 1, "a": 2}]}"#,
    ] {
        let error = decode_well_known(body).unwrap_err();
        assert!(
            error.to_string().contains("appears twice"),
            "{body}: {error}"
        );
    }
}

#[test]
fn nesting_inside_free_form_json_stops_at_the_parser_limit() {
    // The field itself is one level in; 126 more lists stay within 128.
    let within = format!(
        r#"{{"singleValue": {}1{}}}"#,
        "[".repeat(126),
        "]".repeat(126)
    );
    assert!(decode_well_known(&within).is_ok());
    let past = format!(
        r#"{{"singleStruct": {{"a": {}1{}}}}}"#,
        "[".repeat(200),
        "]".repeat(200)
    );
    let error = decode_well_known(&past).unwrap_err();
    assert!(
        error.to_string().contains("recursion limit exceeded"),
        "{error}"
    );
    let objects = format!(
        r#"{{"singleValue": {}1{}}}"#,
        r#"{"a":"#.repeat(300),
        "}".repeat(300)
    );
    let error = decode_well_known(&objects).unwrap_err();
    assert!(
        error.to_string().contains("recursion limit exceeded"),
        "{error}"
    );
}

#[test]
fn lone_surrogates_and_numbers_out_of_range_inside_free_form_json_are_refused() {
    for body in [
        r#"{"singleStruct": {"text": "\ud800"}}"#,
        r#"{"singleStruct": {"\udc00": 1}}"#,
        r#"{"singleValue": ["ok", "\ud83d x"]}"#,
        r#"{"singleStruct": {"n": 1e400}}"#,
        r#"{"singleListValue": [-1e999]}"#,
        r#"{"singleStruct": {"a": 1,}}"#,
        r#"{"singleStruct": {"a": [1 2]}}"#,
    ] {
        let error = decode_well_known(body).unwrap_err();
        assert!(
            error.to_string().contains("invalid JSON"),
            "{body}: {error}"
        );
    }
}

#[test]
fn long_and_nested_free_form_lists_and_objects_decode_whole() {
    // Thousands of members, so that lists and objects span the reader's
    // chunks, with lists and objects open around and inside them.
    let rows: Vec<Value> = (0..2500)
        .map(|index| json!({"id": index, "tags": ["a", index, {"deep": [index]}], "empty": []}))
        .collect();
    let wide: serde_json::Map<String, Value> = (0..3000)
        .map(|index| (format!("key{index}"), json!([index, {"k": index}])))
        .collect();
    let text = serde_json::to_string(&json!({
        "singleStruct": {"before": [1, 2, 3], "rows": rows, "wide": wide, "after": {"x": 1}},
        "repeatedStruct": [{"rows": rows}, {"wide": wide}],
    }))
    .unwrap();
    let reference: Value = serde_json::from_str(&text).unwrap();
    let decoded = decode_well_known(&text).unwrap();
    let written: Value = serde_json::from_slice(&codec::to_vec(&decoded)).unwrap();
    assert_eq!(written, reference);
}
