//! The JSON being decoded, as a light tree that borrows from the input:
//! strings without escapes and object keys are not copied, and objects keep
//! their entries in document order. Free-form JSON (Struct, Value, unknown
//! fields) becomes a `serde_json::Value` only where it is kept.

use std::borrow::Cow;

use serde_json::{Map, Number, Value};

/// One JSON value being decoded.
#[derive(Clone, Debug, PartialEq)]
pub enum Node<'a> {
    /// `null`
    Null,
    /// `true` or `false`
    Bool(bool),
    /// A whole number that fits a `u64`.
    Unsigned(u64),
    /// A negative whole number that fits an `i64`.
    Signed(i64),
    /// Any other number.
    Float(f64),
    /// A string.
    Str(Cow<'a, str>),
    /// A list.
    List(Vec<Node<'a>>),
    /// An object: its entries in document order, each key once.
    Object(Vec<(Cow<'a, str>, Node<'a>)>),
}

impl<'a> Node<'a> {
    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Node::Null)
    }

    /// What kind of JSON value this is, for error messages.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Node::Null => "null",
            Node::Bool(_) => "a boolean",
            Node::Unsigned(_) | Node::Signed(_) | Node::Float(_) => "a number",
            Node::Str(_) => "a string",
            Node::List(_) => "a list",
            Node::Object(_) => "an object",
        }
    }

    /// The number as a double, for numbers.
    pub(crate) fn as_f64(&self) -> Option<f64> {
        match *self {
            Node::Unsigned(value) => Some(value as f64),
            Node::Signed(value) => Some(value as f64),
            Node::Float(value) => Some(value),
            _ => None,
        }
    }

    /// The same JSON as a `serde_json::Value`, for what is kept as free JSON.
    pub(crate) fn into_value(self) -> Value {
        match self {
            Node::Null => Value::Null,
            Node::Bool(value) => Value::Bool(value),
            Node::Unsigned(value) => Value::Number(value.into()),
            Node::Signed(value) => Value::Number(value.into()),
            Node::Float(value) => Number::from_f64(value).map_or(Value::Null, Value::Number),
            Node::Str(text) => Value::String(text.into_owned()),
            Node::List(items) => Value::Array(items.into_iter().map(Node::into_value).collect()),
            Node::Object(entries) => Value::Object(
                entries
                    .into_iter()
                    .map(|(key, value)| (key.into_owned(), value.into_value()))
                    .collect::<Map<String, Value>>(),
            ),
        }
    }
}

impl From<Value> for Node<'static> {
    fn from(value: Value) -> Self {
        match value {
            Value::Null => Node::Null,
            Value::Bool(value) => Node::Bool(value),
            Value::Number(number) => {
                if let Some(value) = number.as_u64() {
                    Node::Unsigned(value)
                } else if let Some(value) = number.as_i64() {
                    Node::Signed(value)
                } else {
                    Node::Float(number.as_f64().unwrap_or(f64::NAN))
                }
            }
            Value::String(text) => Node::Str(Cow::Owned(text)),
            Value::Array(items) => Node::List(items.into_iter().map(Node::from).collect()),
            Value::Object(entries) => Node::Object(
                entries
                    .into_iter()
                    .map(|(key, value)| (Cow::Owned(key), Node::from(value)))
                    .collect(),
            ),
        }
    }
}
