//! The well-known protobuf types that have a Rust type of their own
//! (Timestamp, Duration, FieldMask, Any, Empty) and the map of unknown
//! fields. Their JSON forms are in [`crate::json`]; their serde impls use the
//! same forms.

mod any;
mod duration;
mod field_mask;
mod timestamp;

pub use any::Any;
pub use duration::Duration;
pub use field_mask::FieldMask;
pub use timestamp::Timestamp;

use serde::{Deserialize, Deserializer, Serialize};

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

/// The empty message, `{}` in JSON.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Empty {}
