//! The proto3 JSON codec of generated messages, on both sides of the wire.
//!
//! Decoding accepts everything the proto3 JSON mapping allows (JSON or proto
//! field names, `null` for "not set", numbers or numeric strings,
//! enums by name or number, both base64 alphabets) and refuses what it
//! forbids (a wrong JSON type, an integer out of range or not whole,
//! malformed base64, timestamps and durations, two members of one oneof, a
//! key given twice) with a [`DecodeError`] that names the JSON path of the
//! culprit. Nothing decodes to "not set" because it failed, and what a newer
//! server sends (unknown fields, unknown enum values) is kept and written
//! back.
//!
//! Encoding writes JSON names, leaves out fields that hold their default,
//! writes 64-bit integers as strings, floats in the shortest form of their
//! own width, and bytes as padded standard base64.
//!
//! Generated code implements [`Message`] and [`OpenEnum`], naming each
//! field's [`Kind`]; everything else lives here once. Users reach the
//! encoding and decoding functions and the traits through
//! [`codec`](crate::codec); the rest is plumbing for generated code.

mod enums;
mod error;
mod free;
mod kind;
mod message;
mod node;
mod numbers;
mod object;
mod parse;
mod shape;
mod well_known;
mod write;

pub use enums::{fmt_enum, parse_enum, Enum, OpenEnum, ParseEnumError, UnknownEnumValue};
pub use error::DecodeError;
pub use kind::{
    Bool, Boxed, Bytes, Double, Float, Int32, Int64, Kind, List, Map, MapKey, Msg, Opt, Str,
    Uint32, Uint64,
};
pub use message::{debug_unknown, field, member, FieldWriter, Message};
pub use node::{Held, Node};
pub use object::{object, NotAnObject};
pub use serde_json::Value;
pub use shape::Shape;
pub use well_known::{JsonValue, ListValue, Struct};

pub use crate::wire::UnknownFields;
#[cfg(feature = "server")]
pub(crate) use message::decode_into;
pub(crate) use node::Arena;
#[cfg(any(feature = "client", feature = "server"))]
pub(crate) use parse::parse;
#[cfg(feature = "server")]
pub(crate) use parse::parse_as;
#[cfg(feature = "client")]
pub(crate) use write::{write_node, write_str};

#[doc(hidden)]
pub use serde;

/// Where the JSON being decoded comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// A JSON body: the proto3 JSON mapping, exactly.
    Json,
    /// Query parameters turned into JSON, where every value is text: a bool
    /// may also be `"true"` or `"false"`, and a single value stands for a
    /// list of one.
    Query,
}

/// Decodes a message from JSON text.
pub fn from_slice<M: Message>(json: &[u8]) -> Result<M, DecodeError> {
    let arena = Arena::new();
    let tree = parse::parse_as(json, &arena, Msg::<M>::shape())?;
    decode::<Msg<M>>(tree, Mode::Json)
}

/// Decodes a message from JSON text.
pub fn from_str<M: Message>(json: &str) -> Result<M, DecodeError> {
    from_slice(json.as_bytes())
}

/// Decodes a message from a JSON value.
pub fn from_value<M: Message>(json: &Value) -> Result<M, DecodeError> {
    let arena = Arena::new();
    decode::<Msg<M>>(Node::of_value(json, &arena), Mode::Json)
}

/// Decodes a message from the entries of a JSON object.
pub(crate) fn from_object<M: Message>(
    json: &serde_json::Map<String, Value>,
) -> Result<M, DecodeError> {
    let arena = Arena::new();
    decode::<Msg<M>>(Node::of_object(json, &arena), Mode::Json)
}

/// Decodes a value of any kind from parsed JSON.
pub fn decode<K: Kind>(json: Node<'_>, mode: Mode) -> Result<K::Value, DecodeError> {
    if json.is_null() && !K::NULL_IS_VALUE {
        return Err(error::expected("a value", &json));
    }
    K::decode(json, mode)
}

/// Encodes a message as JSON text.
pub fn to_vec<M: Message>(message: &M) -> Vec<u8> {
    encode::<Msg<M>>(message)
}

/// Encodes a message as JSON text.
pub fn to_string<M: Message>(message: &M) -> String {
    text(to_vec(message))
}

/// Encodes a message as a JSON value.
pub fn to_value<M: Message>(message: &M) -> Value {
    // serde_json's value serializer takes everything the kinds hand it (map
    // keys are text, non-finite floats are written as text), so this never
    // fails.
    <Msg<M> as Kind>::serialize(message, serde_json::value::Serializer).unwrap_or(Value::Null)
}

/// Encodes a value of any kind as JSON text.
pub fn encode<K: Kind>(value: &K::Value) -> Vec<u8> {
    let mut out = Vec::new();
    K::encode(value, &mut out);
    out
}

/// Text the encoder wrote: always UTF-8, since it writes only strings and ASCII.
fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes)
        .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned())
}

/// serde's `Serialize` for a generated type: its proto3 JSON form, handed
/// to the serializer as it is walked.
#[doc(hidden)]
pub fn serialize<K: Kind, S: serde::Serializer>(
    value: &K::Value,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    K::serialize(value, serializer)
}

/// serde's `Deserialize` for a generated type, through its proto3 JSON form.
#[doc(hidden)]
pub fn deserialize<'de, K: Kind, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<K::Value, D::Error> {
    let arena = Arena::new();
    let json = parse::read(deserializer, &arena, K::shape())?;
    decode::<K>(json, Mode::Json).map_err(serde::de::Error::custom)
}

/// Implements serde's `Serialize` and `Deserialize` for a generated message
/// (`impl_serde!(message Part)`) or enum (`impl_serde!(enum FinishReason)`)
/// through its proto3 JSON form, so the types also work with serde_json and
/// inside the caller's own serde types.
#[doc(hidden)]
#[macro_export]
macro_rules! impl_serde {
    (message $ty:ty) => {
        $crate::impl_serde!(@kind $crate::json::Msg<$ty>, $ty);
    };
    (enum $ty:ty) => {
        $crate::impl_serde!(@kind $crate::json::Enum<$ty>, $ty);
    };
    (@kind $kind:ty, $ty:ty) => {
        impl $crate::json::serde::Serialize for $ty {
            fn serialize<S: $crate::json::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                $crate::json::serialize::<$kind, S>(self, serializer)
            }
        }

        impl<'de> $crate::json::serde::Deserialize<'de> for $ty {
            fn deserialize<D: $crate::json::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::json::deserialize::<$kind, D>(deserializer)
            }
        }
    };
}
