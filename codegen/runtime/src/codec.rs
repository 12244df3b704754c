//! The API's messages and enums as proto3 JSON: encode a message with
//! [`to_vec`], [`to_string`] or [`to_value`], decode one with
//! [`from_slice`], [`from_str`] or [`from_value`]. The types' serde
//! `Serialize` and `Deserialize` give the same JSON inside your own serde
//! types.
//!
//! Decoding accepts everything the proto3 JSON mapping allows (JSON or proto
//! field names, `null` for "not set", numbers or numeric strings, enums by
//! name or number, both base64 alphabets) and refuses what it forbids with a
//! [`DecodeError`] that names the JSON path of the culprit. What a newer
//! server sends (unknown fields, unknown enum values) is kept and written
//! back. Encoding writes JSON names, leaves out fields that hold their
//! default and writes 64-bit integers as strings.

pub use crate::json::{
    from_slice, from_str, from_value, to_string, to_value, to_vec, DecodeError, Message,
    NotAnObject, OpenEnum, ParseEnumError, UnknownEnumValue,
};
