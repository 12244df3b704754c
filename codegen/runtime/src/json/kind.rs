//! How each kind of value is read from JSON and written back: the scalars
//! here, lists, maps and boxes of any kind, and messages. Generated code
//! names a field's kind, e.g. `json::Opt<json::Int64>` for a proto3
//! `optional int64`, and the kind does the rest.

use std::collections::BTreeMap;

use base64::Engine as _;
use serde::ser::{SerializeMap as _, SerializeSeq as _};
use serde::Serializer;

use super::error::expected;
use super::message::{decode_message, encode_message, serialize_message, Message};
use super::numbers::{float, integer};
use super::shape::Shape;
use super::write::write_str;
use super::{DecodeError, Mode, Node};

/// A kind of value and its proto3 JSON form.
pub trait Kind {
    /// The Rust type that holds one value.
    type Value;
    /// Whether `null` is a value of this kind (as for `google.protobuf.Value`)
    /// rather than "not set".
    const NULL_IS_VALUE: bool = false;
    /// Reads one value; `json` is `null` only where [`Kind::NULL_IS_VALUE`] is true.
    fn decode(json: Node<'_>, mode: Mode) -> Result<Self::Value, DecodeError>;
    /// Writes one value.
    fn encode(value: &Self::Value, out: &mut Vec<u8>);
    /// Hands one value to a serde serializer in the form [`Kind::encode`]
    /// writes, without building it as text or as a `serde_json::Value` first.
    fn serialize<S: Serializer>(value: &Self::Value, serializer: S) -> Result<S::Ok, S::Error>;
    /// Whether a field holding `value` is left out of JSON, as proto3 leaves out defaults.
    fn is_default(value: &Self::Value) -> bool;
    /// How the parser reads JSON of this kind ahead of decoding it: as a
    /// tree, unless the kind keeps free-form JSON or holds such kinds.
    #[doc(hidden)]
    fn shape() -> Shape {
        Shape::TREE
    }
}

macro_rules! integer_kind {
    ($(#[$doc:meta])* $kind:ident, $rust:ty, $what:literal, quoted: $quoted:literal) => {
        $(#[$doc])*
        #[derive(Debug)]
        pub enum $kind {}

        impl Kind for $kind {
            type Value = $rust;

            fn decode(json: Node<'_>, _: Mode) -> Result<$rust, DecodeError> {
                let number = integer(&json, $what)?;
                <$rust>::try_from(number)
                    .map_err(|_| DecodeError::new(format!("{number} is out of range for {}", $what)))
            }

            fn encode(value: &$rust, out: &mut Vec<u8>) {
                let mut buffer = itoa::Buffer::new();
                let text = buffer.format(*value).as_bytes();
                if $quoted {
                    out.push(b'"');
                    out.extend_from_slice(text);
                    out.push(b'"');
                } else {
                    out.extend_from_slice(text);
                }
            }

            fn serialize<S: Serializer>(value: &$rust, serializer: S) -> Result<S::Ok, S::Error> {
                if $quoted {
                    serializer.serialize_str(itoa::Buffer::new().format(*value))
                } else {
                    serde::Serialize::serialize(value, serializer)
                }
            }

            fn is_default(value: &$rust) -> bool {
                *value == 0
            }
        }
    };
}

integer_kind!(
    /// `int32`, `sint32`, `sfixed32`: a JSON number (a numeric string is read too).
    Int32, i32, "an int32", quoted: false
);
integer_kind!(
    /// `uint32`, `fixed32`: a JSON number (a numeric string is read too).
    Uint32, u32, "a uint32", quoted: false
);
integer_kind!(
    /// `int64`, `sint64`, `sfixed64`: a JSON string (a number is read too).
    Int64, i64, "an int64", quoted: true
);
integer_kind!(
    /// `uint64`, `fixed64`: a JSON string (a number is read too).
    Uint64, u64, "a uint64", quoted: true
);

/// `double`: a JSON number, or `"NaN"`, `"Infinity"`, `"-Infinity"`.
#[derive(Debug)]
pub enum Double {}

impl Kind for Double {
    type Value = f64;

    fn decode(json: Node<'_>, _: Mode) -> Result<f64, DecodeError> {
        float(&json, "a double")
    }

    fn encode(value: &f64, out: &mut Vec<u8>) {
        if value.is_finite() {
            out.extend_from_slice(ryu::Buffer::new().format_finite(*value).as_bytes());
        } else {
            write_non_finite(value.is_nan(), value.is_sign_negative(), out);
        }
    }

    fn serialize<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
        if value.is_finite() {
            serializer.serialize_f64(*value)
        } else {
            serializer.serialize_str(non_finite(value.is_nan(), value.is_sign_negative()))
        }
    }

    fn is_default(value: &f64) -> bool {
        value.to_bits() == 0
    }
}

/// `float`: like `double`, in 32 bits, written in the shortest form that reads back the same.
#[derive(Debug)]
pub enum Float {}

impl Kind for Float {
    type Value = f32;

    fn decode(json: Node<'_>, _: Mode) -> Result<f32, DecodeError> {
        let wide = float(&json, "a float")?;
        let narrow = wide as f32;
        if narrow.is_infinite() && wide.is_finite() {
            return Err(DecodeError::new(format!(
                "{wide} is out of range for a float"
            )));
        }
        Ok(narrow)
    }

    fn encode(value: &f32, out: &mut Vec<u8>) {
        if value.is_finite() {
            out.extend_from_slice(ryu::Buffer::new().format_finite(*value).as_bytes());
        } else {
            write_non_finite(value.is_nan(), value.is_sign_negative(), out);
        }
    }

    fn serialize<S: Serializer>(value: &f32, serializer: S) -> Result<S::Ok, S::Error> {
        if value.is_finite() {
            // The double that the float's shortest text reads as (0.1, not
            // 0.10000000149011612), so that a serializer that widens floats,
            // as serde_json's `Value` does, keeps the text `encode` writes.
            let text = ryu::Buffer::new().format_finite(*value).parse::<f64>();
            serializer.serialize_f64(text.unwrap_or(f64::from(*value)))
        } else {
            serializer.serialize_str(non_finite(value.is_nan(), value.is_sign_negative()))
        }
    }

    fn is_default(value: &f32) -> bool {
        value.to_bits() == 0
    }
}

fn write_non_finite(nan: bool, negative: bool, out: &mut Vec<u8>) {
    write_str(non_finite(nan, negative), out);
}

/// The JSON text of a float that is not a finite number.
fn non_finite(nan: bool, negative: bool) -> &'static str {
    match (nan, negative) {
        (true, _) => "NaN",
        (false, false) => "Infinity",
        (false, true) => "-Infinity",
    }
}

/// `bool`: `true` or `false` (in query parameters also the text `"true"` or `"false"`).
#[derive(Debug)]
pub enum Bool {}

impl Kind for Bool {
    type Value = bool;

    fn decode(json: Node<'_>, mode: Mode) -> Result<bool, DecodeError> {
        match (json, mode) {
            (Node::Bool(value), _) => Ok(value),
            (Node::Str("true"), Mode::Query) => Ok(true),
            (Node::Str("false"), Mode::Query) => Ok(false),
            (other, _) => Err(expected("true or false", &other)),
        }
    }

    fn encode(value: &bool, out: &mut Vec<u8>) {
        out.extend_from_slice(if *value { b"true" } else { b"false" });
    }

    fn serialize<S: Serializer>(value: &bool, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bool(*value)
    }

    fn is_default(value: &bool) -> bool {
        !*value
    }
}

/// `string`: a JSON string.
#[derive(Debug)]
pub enum Str {}

impl Kind for Str {
    type Value = String;

    fn decode(json: Node<'_>, _: Mode) -> Result<String, DecodeError> {
        match json {
            Node::Str(text) => Ok(text.to_owned()),
            other => Err(expected("a string", &other)),
        }
    }

    fn encode(value: &String, out: &mut Vec<u8>) {
        write_str(value, out);
    }

    fn serialize<S: Serializer>(value: &String, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(value)
    }

    fn is_default(value: &String) -> bool {
        value.is_empty()
    }
}

/// `bytes`: standard base64 with padding; reads the URL-safe alphabet and
/// unpadded text too.
#[derive(Debug)]
pub enum Bytes {}

impl Kind for Bytes {
    type Value = Vec<u8>;

    fn decode(json: Node<'_>, _: Mode) -> Result<Vec<u8>, DecodeError> {
        match json {
            Node::Str(text) => decode_base64(text),
            other => Err(expected("a base64 string", &other)),
        }
    }

    fn encode(value: &Vec<u8>, out: &mut Vec<u8>) {
        out.push(b'"');
        out.extend_from_slice(
            base64::engine::general_purpose::STANDARD
                .encode(value)
                .as_bytes(),
        );
        out.push(b'"');
    }

    fn serialize<S: Serializer>(value: &Vec<u8>, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&base64::engine::general_purpose::STANDARD.encode(value))
    }

    fn is_default(value: &Vec<u8>) -> bool {
        value.is_empty()
    }
}

fn decode_base64(text: &str) -> Result<Vec<u8>, DecodeError> {
    use base64::alphabet::{STANDARD, URL_SAFE};
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    const CONFIG: GeneralPurposeConfig =
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
    const STANDARD_ANY_PADDING: GeneralPurpose = GeneralPurpose::new(&STANDARD, CONFIG);
    const URL_SAFE_ANY_PADDING: GeneralPurpose = GeneralPurpose::new(&URL_SAFE, CONFIG);
    // The standard alphabet first (what servers send); the URL-safe one only
    // when the text uses its two letters of its own.
    match STANDARD_ANY_PADDING.decode(text) {
        Ok(bytes) => Ok(bytes),
        Err(_) if text.contains(['-', '_']) => URL_SAFE_ANY_PADDING.decode(text),
        Err(error) => Err(error),
    }
    .map_err(|error| DecodeError::new(format!("invalid base64: {error}")))
}

/// A proto3 `optional` field, or any field of message type: `None` when not set.
#[derive(Debug)]
pub struct Opt<K>(std::marker::PhantomData<K>);

impl<K: Kind> Kind for Opt<K> {
    type Value = Option<K::Value>;
    const NULL_IS_VALUE: bool = K::NULL_IS_VALUE;

    fn decode(json: Node<'_>, mode: Mode) -> Result<Self::Value, DecodeError> {
        K::decode(json, mode).map(Some)
    }

    fn shape() -> Shape {
        K::shape()
    }

    fn encode(value: &Self::Value, out: &mut Vec<u8>) {
        match value {
            Some(value) => K::encode(value, out),
            None => out.extend_from_slice(b"null"),
        }
    }

    fn serialize<S: Serializer>(value: &Self::Value, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => K::serialize(value, serializer),
            None => serializer.serialize_unit(),
        }
    }

    fn is_default(value: &Self::Value) -> bool {
        value.is_none()
    }
}

/// A repeated field: a JSON list, whose items may not be `null` (unless
/// `null` is a value of the item kind). In query
/// parameters a single value stands for a list of one.
#[derive(Debug)]
pub struct List<K>(std::marker::PhantomData<K>);

impl<K: Kind> Kind for List<K> {
    type Value = Vec<K::Value>;

    fn decode(json: Node<'_>, mode: Mode) -> Result<Self::Value, DecodeError> {
        let single;
        let items: &[Node<'_>] = match (json, mode) {
            (Node::List(items), _) => items,
            (value, Mode::Query) => {
                single = [value];
                &single
            }
            (other, Mode::Json) => return Err(expected("a list", &other)),
        };
        // A plain loop: it is instantiated for every item kind, and iterator
        // adapters would multiply the code each generated crate compiles.
        let mut decoded = Vec::with_capacity(items.len());
        for (index, &item) in items.iter().enumerate() {
            if item.is_null() && !K::NULL_IS_VALUE {
                return Err(DecodeError::new("a list item cannot be null").at_index(index));
            }
            decoded.push(K::decode(item, mode).map_err(|error| error.at_index(index))?);
        }
        Ok(decoded)
    }

    fn shape() -> Shape {
        Shape::items::<K>()
    }

    fn encode(value: &Self::Value, out: &mut Vec<u8>) {
        out.push(b'[');
        for (index, item) in value.iter().enumerate() {
            if index > 0 {
                out.push(b',');
            }
            K::encode(item, out);
        }
        out.push(b']');
    }

    fn serialize<S: Serializer>(value: &Self::Value, serializer: S) -> Result<S::Ok, S::Error> {
        let mut list = serializer.serialize_seq(Some(value.len()))?;
        for item in value {
            list.serialize_element(&Serialized::<K>(item))?;
        }
        list.end()
    }

    fn is_default(value: &Self::Value) -> bool {
        value.is_empty()
    }
}

/// The key kinds of a map field: JSON object keys are text, so numbers and
/// bools are written as text.
pub trait MapKey: Kind<Value: Ord> {
    /// Reads a key.
    fn decode_key(key: &str) -> Result<Self::Value, DecodeError>;
    /// Writes a key as a JSON string.
    fn encode_key(key: &Self::Value, out: &mut Vec<u8>);
    /// Hands a key to a serde serializer as the text [`MapKey::encode_key`] writes.
    fn serialize_key<S: Serializer>(key: &Self::Value, serializer: S) -> Result<S::Ok, S::Error>;
}

impl MapKey for Str {
    fn decode_key(key: &str) -> Result<String, DecodeError> {
        Ok(key.to_owned())
    }

    fn encode_key(key: &String, out: &mut Vec<u8>) {
        write_str(key, out);
    }

    fn serialize_key<S: Serializer>(key: &String, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(key)
    }
}

impl MapKey for Bool {
    fn decode_key(key: &str) -> Result<bool, DecodeError> {
        match key {
            "true" => Ok(true),
            "false" => Ok(false),
            other => Err(DecodeError::new(format!(
                "expected the key `true` or `false`, found `{other}`"
            ))),
        }
    }

    fn encode_key(key: &bool, out: &mut Vec<u8>) {
        out.extend_from_slice(if *key { b"\"true\"" } else { b"\"false\"" });
    }

    fn serialize_key<S: Serializer>(key: &bool, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(if *key { "true" } else { "false" })
    }
}

macro_rules! integer_key {
    ($($kind:ident),*) => {$(
        impl MapKey for $kind {
            fn decode_key(key: &str) -> Result<Self::Value, DecodeError> {
                Self::decode(Node::Str(key), Mode::Json)
            }

            fn encode_key(key: &Self::Value, out: &mut Vec<u8>) {
                out.push(b'"');
                out.extend_from_slice(itoa::Buffer::new().format(*key).as_bytes());
                out.push(b'"');
            }

            fn serialize_key<S: Serializer>(
                key: &Self::Value,
                serializer: S,
            ) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(itoa::Buffer::new().format(*key))
            }
        }
    )*};
}

integer_key!(Int32, Uint32, Int64, Uint64);

/// A map field: a JSON object whose values may not be `null`.
#[derive(Debug)]
pub struct Map<Key, K>(std::marker::PhantomData<(Key, K)>);

impl<Key: MapKey, K: Kind> Kind for Map<Key, K> {
    type Value = BTreeMap<Key::Value, K::Value>;

    fn decode(json: Node<'_>, mode: Mode) -> Result<Self::Value, DecodeError> {
        let Node::Object(entries) = json else {
            return Err(expected("an object", &json));
        };
        let mut map = BTreeMap::new();
        for &(key, value) in entries {
            let decoded = Key::decode_key(key).and_then(|decoded_key| {
                if value.is_null() && !K::NULL_IS_VALUE {
                    return Err(DecodeError::new("a map value cannot be null"));
                }
                Ok((decoded_key, K::decode(value, mode)?))
            });
            let (decoded_key, decoded_value) = decoded.map_err(|error| error.at_key(key))?;
            map.insert(decoded_key, decoded_value);
        }
        Ok(map)
    }

    fn encode(value: &Self::Value, out: &mut Vec<u8>) {
        out.push(b'{');
        for (index, (key, item)) in value.iter().enumerate() {
            if index > 0 {
                out.push(b',');
            }
            Key::encode_key(key, out);
            out.push(b':');
            K::encode(item, out);
        }
        out.push(b'}');
    }

    fn serialize<S: Serializer>(value: &Self::Value, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(value.len()))?;
        for (key, item) in value {
            map.serialize_entry(&SerializedKey::<Key>(key), &Serialized::<K>(item))?;
        }
        map.end()
    }

    fn is_default(value: &Self::Value) -> bool {
        value.is_empty()
    }
}

/// A value kept behind a `Box` because its type contains itself.
#[derive(Debug)]
pub struct Boxed<K>(std::marker::PhantomData<K>);

impl<K: Kind> Kind for Boxed<K> {
    type Value = Box<K::Value>;
    const NULL_IS_VALUE: bool = K::NULL_IS_VALUE;

    fn decode(json: Node<'_>, mode: Mode) -> Result<Self::Value, DecodeError> {
        K::decode(json, mode).map(Box::new)
    }

    fn shape() -> Shape {
        K::shape()
    }

    fn encode(value: &Self::Value, out: &mut Vec<u8>) {
        K::encode(value, out);
    }

    fn serialize<S: Serializer>(value: &Self::Value, serializer: S) -> Result<S::Ok, S::Error> {
        K::serialize(value, serializer)
    }

    fn is_default(value: &Self::Value) -> bool {
        K::is_default(value)
    }
}

/// A message of the API: a JSON object.
#[derive(Debug)]
pub struct Msg<M>(std::marker::PhantomData<M>);

impl<M: Message> Kind for Msg<M> {
    type Value = M;

    fn decode(json: Node<'_>, mode: Mode) -> Result<M, DecodeError> {
        match json {
            Node::Object(entries) => decode_message(entries, mode),
            other => Err(expected("an object", &other)),
        }
    }

    fn shape() -> Shape {
        Shape::message::<M>()
    }

    fn encode(value: &M, out: &mut Vec<u8>) {
        encode_message(value, out);
    }

    fn serialize<S: Serializer>(value: &M, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_message::<M, S>(value, serializer)
    }

    fn is_default(_: &M) -> bool {
        false
    }
}

/// One value of kind `K`, as serde's `Serialize`.
pub(crate) struct Serialized<'a, K: Kind>(pub(crate) &'a K::Value);

impl<K: Kind> serde::Serialize for Serialized<'_, K> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        K::serialize(self.0, serializer)
    }
}

/// One map key of kind `Key`, as serde's `Serialize`.
struct SerializedKey<'a, Key: MapKey>(&'a Key::Value);

impl<Key: MapKey> serde::Serialize for SerializedKey<'_, Key> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Key::serialize_key(self.0, serializer)
    }
}
