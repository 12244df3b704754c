//! JSON wire forms that serde's defaults do not give: 64-bit integers as
//! strings, bytes as base64, open enums, and the well-known protobuf types.
//!
//! Generated code refers to these from `#[serde(with = ...)]` attributes.

mod any;
pub mod bytes;
mod duration;
mod field_mask;
pub mod int64;
mod timestamp;

pub use any::Any;
pub use duration::Duration;
pub use field_mask::FieldMask;
pub use timestamp::Timestamp;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Fields a newer server sent that this version of the client does not know.
/// Kept on every message so a value survives decode and re-encode unchanged.
pub type UnknownFields = serde_json::Map<String, serde_json::Value>;

/// Deserializes a value written as text (`Timestamp`, `Duration`) through its `FromStr`.
pub(crate) fn deserialize_text<'de, T, D>(deserializer: D) -> Result<T, D::Error>
where
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
    D: Deserializer<'de>,
{
    let text = <std::borrow::Cow<'_, str>>::deserialize(deserializer)?;
    text.parse().map_err(serde::de::Error::custom)
}

/// True when `value` equals its type's default; proto3 leaves such fields out of JSON.
pub fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

/// The empty message, `{}` in JSON.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Empty {}

/// An enum whose JSON form is its value name, and which keeps names it does not know.
pub trait OpenEnum: Sized {
    /// The value's name on the wire.
    fn as_str(&self) -> &str;
    /// The value for a wire name; unknown names are kept, not rejected.
    fn from_name(name: &str) -> Self;
}

/// Serializes an [`OpenEnum`] as its name.
pub fn serialize_enum<E: OpenEnum, S: Serializer>(
    value: &E,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(value.as_str())
}

/// Deserializes an [`OpenEnum`] from its name.
pub fn deserialize_enum<'de, E: OpenEnum, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<E, D::Error> {
    struct NameVisitor<E>(std::marker::PhantomData<E>);
    impl<E: OpenEnum> serde::de::Visitor<'_> for NameVisitor<E> {
        type Value = E;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an enum value name")
        }
        fn visit_str<Er: serde::de::Error>(self, name: &str) -> Result<E, Er> {
            Ok(E::from_name(name))
        }
    }
    deserializer.deserialize_str(NameVisitor(std::marker::PhantomData))
}
