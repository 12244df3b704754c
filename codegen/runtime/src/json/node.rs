//! The JSON being decoded, as a light tree that lives in an arena for the
//! length of one decode: strings without escapes and object keys borrow
//! from the input, lists and objects are slices in the arena, and objects
//! keep their entries in document order. Free-form JSON (Struct, Value,
//! unknown fields) becomes a `serde_json::Value` only where it is kept.

use serde_json::{Map, Number, Value};

/// Holds the lists, objects and unescaped strings of parsed JSON until the
/// decode that reads them is done; dropping it frees them all at once.
pub(crate) type Arena = bumpalo::Bump;

/// One JSON value being decoded.
#[derive(Clone, Copy, Debug, PartialEq)]
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
    Str(&'a str),
    /// A list.
    List(&'a [Node<'a>]),
    /// An object: its entries in document order, each key once.
    Object(&'a [(&'a str, Node<'a>)]),
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
    pub(crate) fn to_value(self) -> Value {
        match self {
            Node::Null => Value::Null,
            Node::Bool(value) => Value::Bool(value),
            Node::Unsigned(value) => Value::Number(value.into()),
            Node::Signed(value) => Value::Number(value.into()),
            Node::Float(value) => Number::from_f64(value).map_or(Value::Null, Value::Number),
            Node::Str(text) => Value::String(text.to_owned()),
            Node::List(items) => Value::Array(items.iter().map(|item| item.to_value()).collect()),
            Node::Object(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(key, value)| ((*key).to_owned(), value.to_value()))
                    .collect::<Map<String, Value>>(),
            ),
        }
    }

    /// The tree of a `serde_json::Value`, borrowing its strings.
    pub(crate) fn of_value(value: &'a Value, arena: &'a Arena) -> Node<'a> {
        match value {
            Value::Null => Node::Null,
            Value::Bool(value) => Node::Bool(*value),
            Value::Number(number) => {
                if let Some(value) = number.as_u64() {
                    Node::Unsigned(value)
                } else if let Some(value) = number.as_i64() {
                    Node::Signed(value)
                } else {
                    Node::Float(number.as_f64().unwrap_or(f64::NAN))
                }
            }
            Value::String(text) => Node::Str(text),
            Value::Array(items) => Node::List(
                arena.alloc_slice_fill_iter(items.iter().map(|item| Node::of_value(item, arena))),
            ),
            Value::Object(entries) => Node::of_object(entries, arena),
        }
    }

    /// The tree of a JSON object's entries, borrowing its strings.
    pub(crate) fn of_object(entries: &'a Map<String, Value>, arena: &'a Arena) -> Node<'a> {
        Node::Object(
            arena.alloc_slice_fill_iter(
                entries
                    .iter()
                    .map(|(key, value)| (key.as_str(), Node::of_value(value, arena))),
            ),
        )
    }
}
