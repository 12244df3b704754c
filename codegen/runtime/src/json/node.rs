//! The JSON being decoded, as a light tree that lives in an arena for the
//! length of one decode: strings without escapes and object keys borrow
//! from the input, lists and objects are slices in the arena, and objects
//! keep their entries in document order. Free-form JSON (Struct, Value,
//! unknown fields) becomes a `serde_json::Value` only where it is kept:
//! when the parser knows the kind it reads, the lists and objects of a
//! Struct or Value field are read straight into one and held in the tree.

use std::cell::{Cell, RefCell};
use std::fmt;

use serde_json::{Map, Number, Value};

use super::shape::Shape;

/// Holds the lists, objects and unescaped strings of parsed JSON, and the
/// free-form values read for the decoder to take, until the decode that
/// reads them is done; dropping it frees them all at once.
pub(crate) struct Arena {
    bump: bumpalo::Bump,
    held: typed_arena::Arena<RefCell<Value>>,
}

impl Arena {
    /// An arena that has allocated nothing yet.
    pub(crate) fn new() -> Self {
        Self {
            bump: bumpalo::Bump::new(),
            held: typed_arena::Arena::with_capacity(0),
        }
    }

    /// Holds a free-form list or object until the decoder takes it.
    pub(crate) fn hold(&self, value: Value) -> Held<'_> {
        Held(Holding::Value(self.held.alloc(RefCell::new(value))))
    }
}

impl std::ops::Deref for Arena {
    type Target = bumpalo::Bump;

    fn deref(&self) -> &bumpalo::Bump {
        &self.bump
    }
}

/// JSON that a decode holds in another form than a tree: a free-form list
/// or object already read into a `serde_json::Value`, which the first kind
/// that decodes it takes, or the question of a field's kind that the
/// parser asks a message. Only decoding makes these, in what it parses.
#[derive(Clone, Copy)]
pub struct Held<'a>(Holding<'a>);

#[derive(Clone, Copy)]
enum Holding<'a> {
    Value(&'a RefCell<Value>),
    Probe(&'a Cell<Shape>),
}

impl<'a> Held<'a> {
    /// A question whose answer, a field's [`Shape`], goes in `answer`.
    pub(crate) fn probe(answer: &'a Cell<Shape>) -> Self {
        Held(Holding::Probe(answer))
    }
}

impl PartialEq for Held<'_> {
    fn eq(&self, other: &Self) -> bool {
        match (self.0, other.0) {
            (Holding::Value(a), Holding::Value(b)) => *a.borrow() == *b.borrow(),
            (Holding::Probe(a), Holding::Probe(b)) => std::ptr::eq(a, b),
            _ => false,
        }
    }
}

impl fmt::Debug for Held<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Holding::Value(value) => value.borrow().fmt(f),
            Holding::Probe(_) => f.write_str("Probe"),
        }
    }
}

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
    /// Free-form JSON read ahead into a `serde_json::Value`, or a probe.
    Held(Held<'a>),
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
            Node::Held(Held(Holding::Value(value))) => match *value.borrow() {
                Value::Array(_) => "a list",
                _ => "an object",
            },
            Node::Held(Held(Holding::Probe(_))) => "a probe",
        }
    }

    /// Whether this is an object, read as a tree or held as a value.
    pub(crate) fn is_object(&self) -> bool {
        match self {
            Node::Object(_) => true,
            Node::Held(Held(Holding::Value(value))) => value.borrow().is_object(),
            _ => false,
        }
    }

    /// Whether this is a list, read as a tree or held as a value.
    pub(crate) fn is_list(&self) -> bool {
        match self {
            Node::List(_) => true,
            Node::Held(Held(Holding::Value(value))) => value.borrow().is_array(),
            _ => false,
        }
    }

    /// Answers the parser's question of which [`Shape`] a field has, when
    /// this node is that question; whether it was.
    pub(crate) fn answer(self, shape: Shape) -> bool {
        match self {
            Node::Held(Held(Holding::Probe(answer))) => {
                answer.set(shape);
                true
            }
            _ => false,
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

    /// The same JSON as a `serde_json::Value`, for what is kept as free
    /// JSON. A held value is taken, not copied: it is decoded once.
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
            Node::Held(Held(Holding::Value(value))) => value.take(),
            Node::Held(Held(Holding::Probe(_))) => Value::Null,
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
