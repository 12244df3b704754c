//! The well-known protobuf types, each with its own JSON form: Timestamp and
//! Duration as text, FieldMask as comma-joined paths, Any with its `@type`,
//! Empty as `{}` (a message), and Struct, Value and ListValue as free JSON.

use serde::ser::SerializeMap as _;
use serde::{Serialize as _, Serializer};
use serde_json::{Map, Value};

use super::error::expected;
use super::kind::Kind;
use super::message::{FieldWriter, Message};
use super::node::Arena;
use super::shape::Shape;
use super::write::{write_array, write_object, write_str, write_value};
use super::{DecodeError, Mode, Node, UnknownFields};
use crate::wire::{Any, Duration, Empty, FieldMask, Timestamp};

/// Reads a value written as text through its `FromStr`.
fn from_text<T: std::str::FromStr>(json: Node<'_>, what: &str) -> Result<T, DecodeError>
where
    T::Err: std::fmt::Display,
{
    match json {
        Node::Str(text) => text
            .parse()
            .map_err(|error| DecodeError::new(format!("{error}"))),
        other => Err(expected(what, &other)),
    }
}

impl Kind for Timestamp {
    type Value = Timestamp;

    fn decode(json: Node<'_>, _: Mode) -> Result<Timestamp, DecodeError> {
        from_text(json, "an RFC 3339 timestamp")
    }

    fn encode(value: &Timestamp, out: &mut Vec<u8>) {
        write_str(&value.to_string(), out);
    }

    fn serialize<S: Serializer>(value: &Timestamp, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(value)
    }

    fn is_default(_: &Timestamp) -> bool {
        false
    }
}

/// Checks an Any that holds a well-known type with a text form (its
/// `value`) or none (Empty), and writes that value in canonical form. Other
/// types are kept as sent: [`Any::decode`] reads them as a message type.
fn normalize_well_known(
    type_url: &str,
    fields: &mut Map<String, Value>,
) -> Result<(), DecodeError> {
    let arena = Arena::new();
    let value = fields
        .get("value")
        .map_or(Node::Null, |value| Node::of_value(value, &arena));
    let at_value = |error: DecodeError| error.at_key("value");
    let text = match type_url.rsplit('/').next().unwrap_or_default() {
        "google.protobuf.Duration" => Duration::decode(value, Mode::Json)
            .map_err(at_value)?
            .to_string(),
        "google.protobuf.Timestamp" => Timestamp::decode(value, Mode::Json)
            .map_err(at_value)?
            .to_string(),
        "google.protobuf.FieldMask" => FieldMask::decode(value, Mode::Json)
            .map_err(at_value)?
            .to_json_text(),
        "google.protobuf.Empty" => match fields.keys().next() {
            Some(key) => {
                return Err(DecodeError::new("google.protobuf.Empty has no fields").at_key(key))
            }
            None => return Ok(()),
        },
        _ => return Ok(()),
    };
    fields.insert("value".to_owned(), Value::String(text));
    Ok(())
}

impl Kind for Duration {
    type Value = Duration;

    fn decode(json: Node<'_>, _: Mode) -> Result<Duration, DecodeError> {
        from_text(json, "a duration such as \"3.5s\"")
    }

    fn encode(value: &Duration, out: &mut Vec<u8>) {
        write_str(&value.to_string(), out);
    }

    fn serialize<S: Serializer>(value: &Duration, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(value)
    }

    fn is_default(_: &Duration) -> bool {
        false
    }
}

impl Kind for FieldMask {
    type Value = FieldMask;

    fn decode(json: Node<'_>, _: Mode) -> Result<FieldMask, DecodeError> {
        match json {
            Node::Str(text) => {
                let paths: Vec<&str> = text.split(',').filter(|path| !path.is_empty()).collect();
                if let Some(snake) = paths.iter().find(|path| path.contains('_')) {
                    return Err(DecodeError::new(format!(
                        "field mask path `{snake}` has a `_`: JSON writes paths in lowerCamelCase"
                    )));
                }
                Ok(FieldMask::new(paths))
            }
            other => Err(expected("comma-separated field paths", &other)),
        }
    }

    fn encode(value: &FieldMask, out: &mut Vec<u8>) {
        write_str(&value.to_json_text(), out);
    }

    fn serialize<S: Serializer>(value: &FieldMask, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&value.to_json_text())
    }

    fn is_default(_: &FieldMask) -> bool {
        false
    }
}

impl Kind for Any {
    type Value = Any;

    fn decode(json: Node<'_>, _: Mode) -> Result<Any, DecodeError> {
        let Node::Object(entries) = json else {
            return Err(expected("an object with an `@type`", &json));
        };
        let mut type_url = None;
        let mut fields = Map::new();
        for &(key, value) in entries {
            match (key, value) {
                ("@type", Node::Str(url)) => type_url = Some(url.to_owned()),
                ("@type", other) => return Err(expected("a type URL", &other).at_key("@type")),
                (_, value) => {
                    fields.insert(key.to_owned(), value.to_value());
                }
            }
        }
        let type_url = match type_url {
            Some(type_url) => type_url,
            None if fields.is_empty() => String::new(),
            None => return Err(DecodeError::new("an Any with fields needs an `@type`")),
        };
        normalize_well_known(&type_url, &mut fields)?;
        Ok(Any { type_url, fields })
    }

    fn encode(value: &Any, out: &mut Vec<u8>) {
        out.push(b'{');
        if !value.type_url.is_empty() || !value.fields.is_empty() {
            write_str("@type", out);
            out.push(b':');
            write_str(&value.type_url, out);
        }
        for (key, item) in &value.fields {
            out.push(b',');
            write_str(key, out);
            out.push(b':');
            write_value(item, out);
        }
        out.push(b'}');
    }

    fn serialize<S: Serializer>(value: &Any, serializer: S) -> Result<S::Ok, S::Error> {
        let typed = !value.type_url.is_empty() || !value.fields.is_empty();
        let mut object = serializer.serialize_map(Some(value.fields.len() + usize::from(typed)))?;
        if typed {
            object.serialize_entry("@type", &value.type_url)?;
        }
        for (key, item) in &value.fields {
            object.serialize_entry(key, item)?;
        }
        object.end()
    }

    fn is_default(_: &Any) -> bool {
        false
    }
}

/// A message with no fields, as `google.protobuf.Empty` is: a field sent in
/// it is an error.
macro_rules! empty_message {
    ($($ty:ty),*) => {$(
        impl Message for $ty {
            const PROTO_NAMES: &'static [(&'static str, &'static str)] = &[];

            fn decode_field<'a>(
                &mut self,
                _: &str,
                value: Node<'a>,
                _: Mode,
            ) -> Result<Option<Node<'a>>, DecodeError> {
                Ok(Some(value))
            }

            fn encode_fields<W: FieldWriter>(&self, _: &mut W) {}

            fn unknown_fields(&self) -> Option<&UnknownFields> {
                None
            }

            fn unknown_fields_mut(&mut self) -> Option<&mut UnknownFields> {
                None
            }
        }
    )*};
}

// `google.protobuf.Empty`, and `()`: what generated code answers for it (the
// result of a long-running operation or of an upload that answers Empty).
empty_message!(Empty, ());

/// `google.protobuf.Struct`: any JSON object.
#[derive(Debug)]
pub enum Struct {}

impl Kind for Struct {
    type Value = Map<String, Value>;

    fn decode(json: Node<'_>, _: Mode) -> Result<Self::Value, DecodeError> {
        if !json.is_object() {
            return Err(expected("an object", &json));
        }
        match json.to_value() {
            Value::Object(object) => Ok(object),
            _ => Ok(Map::new()),
        }
    }

    fn shape() -> Shape {
        Shape::FREE
    }

    fn encode(value: &Self::Value, out: &mut Vec<u8>) {
        write_object(value, out);
    }

    fn serialize<S: Serializer>(value: &Self::Value, serializer: S) -> Result<S::Ok, S::Error> {
        value.serialize(serializer)
    }

    fn is_default(_: &Self::Value) -> bool {
        false
    }
}

/// `google.protobuf.Value`: any JSON value, `null` included.
#[derive(Debug)]
pub enum JsonValue {}

impl Kind for JsonValue {
    type Value = Value;
    const NULL_IS_VALUE: bool = true;

    fn decode(json: Node<'_>, _: Mode) -> Result<Value, DecodeError> {
        Ok(json.to_value())
    }

    fn shape() -> Shape {
        Shape::FREE
    }

    fn encode(value: &Value, out: &mut Vec<u8>) {
        write_value(value, out);
    }

    fn serialize<S: Serializer>(value: &Value, serializer: S) -> Result<S::Ok, S::Error> {
        value.serialize(serializer)
    }

    fn is_default(_: &Value) -> bool {
        false
    }
}

/// `google.protobuf.ListValue`: any JSON list.
#[derive(Debug)]
pub enum ListValue {}

impl Kind for ListValue {
    type Value = Vec<Value>;

    fn decode(json: Node<'_>, _: Mode) -> Result<Vec<Value>, DecodeError> {
        if !json.is_list() {
            return Err(expected("a list", &json));
        }
        match json.to_value() {
            Value::Array(items) => Ok(items),
            _ => Ok(Vec::new()),
        }
    }

    fn shape() -> Shape {
        Shape::FREE
    }

    fn encode(value: &Vec<Value>, out: &mut Vec<u8>) {
        write_array(value, out);
    }

    fn serialize<S: Serializer>(value: &Vec<Value>, serializer: S) -> Result<S::Ok, S::Error> {
        value.serialize(serializer)
    }

    fn is_default(_: &Vec<Value>) -> bool {
        false
    }
}
