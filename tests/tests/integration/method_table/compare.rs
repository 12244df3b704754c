//! Comparing what was sent or decoded with what the table expects.

use serde_json::Value;

/// Where the Debug form of a decoded message shows something its type does
/// not know (a field kept in `unknown_fields`, an `UnknownValue` enum): a
/// misspelt canned field or a request field the server failed to place.
pub fn unknown_parts(debug: &str) -> Option<String> {
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

/// The JSON paths where `actual` differs from `expected`, or nothing
/// (numbers compare as JSON values: `1` is not `1.0`).
pub fn differences(expected: &Value, actual: &Value) -> Vec<String> {
    let mut out = Vec::new();
    walk(expected, actual, "$", &mut out);
    out
}

fn walk(expected: &Value, actual: &Value, path: &str, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(want), Value::Object(got)) => {
            let extra = got.keys().filter(|key| !want.contains_key(*key));
            for key in want.keys().chain(extra) {
                let at = format!("{path}.{key}");
                match (want.get(key), got.get(key)) {
                    (Some(want), Some(got)) => walk(want, got, &at, out),
                    (Some(want), None) => out.push(format!("{at}: expected {want}, absent")),
                    (None, Some(got)) => out.push(format!("{at}: expected absent, got {got}")),
                    (None, None) => {}
                }
            }
        }
        (Value::Array(want), Value::Array(got)) if want.len() == got.len() => {
            for (index, (want, got)) in want.iter().zip(got).enumerate() {
                walk(want, got, &format!("{path}[{index}]"), out);
            }
        }
        _ if expected != actual => out.push(format!("{path}: expected {expected}, got {actual}")),
        _ => {}
    }
}
