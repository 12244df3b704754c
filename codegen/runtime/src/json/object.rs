//! A JSON object out of a `serde_json::Value`, for the fallible setters of
//! `Struct`-typed fields (`json!({...})` is a `Value`, a `Struct` is a map).

use std::fmt;

use serde_json::{Map, Value};

/// The object inside `value`; any other JSON is refused, naming `field`
/// (`FunctionCall.args`) and what came instead.
pub fn object(value: Value, field: &'static str) -> Result<Map<String, Value>, NotAnObject> {
    match value {
        Value::Object(map) => Ok(map),
        other => Err(NotAnObject {
            field,
            found: json_type(&other),
        }),
    }
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// JSON that is not an object, given for a field that holds one (a `Struct`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotAnObject {
    field: &'static str,
    found: &'static str,
}

impl NotAnObject {
    /// The field, as `Message.field`.
    pub fn field(&self) -> &'static str {
        self.field
    }
}

impl fmt::Display for NotAnObject {
    fn fmt(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            out,
            "{} takes a JSON object (`{{...}}`), not {}",
            self.field, self.found
        )
    }
}

impl std::error::Error for NotAnObject {}
