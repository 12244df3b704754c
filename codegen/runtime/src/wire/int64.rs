//! 64-bit integers travel as JSON strings (`"1234"`); numbers are accepted too.
//!
//! Use as `#[serde(with = "apigen_runtime::wire::int64")]` on `i64`/`u64`
//! fields, or the [`option`] and [`repeated`] submodules.

use std::fmt::Display;
use std::marker::PhantomData;
use std::str::FromStr;

use serde::de::{self, Visitor};
use serde::{Deserializer, Serializer};

/// Serializes the integer as a decimal string.
pub fn serialize<T: Display, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(value)
}

/// Deserializes from a decimal string or a JSON number.
pub fn deserialize<'de, T, D>(deserializer: D) -> Result<T, D::Error>
where
    T: FromStr + TryFrom<i64> + TryFrom<u64>,
    D: Deserializer<'de>,
{
    deserializer.deserialize_any(IntVisitor(PhantomData))
}

struct IntVisitor<T>(PhantomData<T>);

impl<T> Visitor<'_> for IntVisitor<T>
where
    T: FromStr + TryFrom<i64> + TryFrom<u64>,
{
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a 64-bit integer as a string or number")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<T, E> {
        text.parse()
            .map_err(|_| E::invalid_value(de::Unexpected::Str(text), &self))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<T, E> {
        T::try_from(value).map_err(|_| E::invalid_value(de::Unexpected::Signed(value), &self))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<T, E> {
        T::try_from(value).map_err(|_| E::invalid_value(de::Unexpected::Unsigned(value), &self))
    }
}

/// One integer in this form, for reading options and lists of them.
struct Int<T>(T);

impl<'de, T: FromStr + TryFrom<i64> + TryFrom<u64>> serde::Deserialize<'de> for Int<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize(deserializer).map(Int)
    }
}

/// The same form for `Option<i64>` / `Option<u64>`.
pub mod option {
    use super::*;

    /// Serializes `Some` as a string; `None` as null (normally skipped).
    pub fn serialize<T: Display, S: Serializer>(
        value: &Option<T>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => serializer.collect_str(value),
            None => serializer.serialize_none(),
        }
    }

    /// Deserializes a string, number or null.
    pub fn deserialize<'de, T, D>(deserializer: D) -> Result<Option<T>, D::Error>
    where
        T: FromStr + TryFrom<i64> + TryFrom<u64>,
        D: Deserializer<'de>,
    {
        let value: Option<Int<T>> = serde::Deserialize::deserialize(deserializer)?;
        Ok(value.map(|Int(value)| value))
    }
}

/// The same form for `Vec<i64>` / `Vec<u64>`.
pub mod repeated {
    use super::*;
    use serde::ser::SerializeSeq;

    /// Serializes each integer as a string.
    pub fn serialize<T: Display, S: Serializer>(
        values: &[T],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(values.len()))?;
        for value in values {
            seq.serialize_element(&value.to_string())?;
        }
        seq.end()
    }

    /// Deserializes a list of strings or numbers.
    pub fn deserialize<'de, T, D>(deserializer: D) -> Result<Vec<T>, D::Error>
    where
        T: FromStr + TryFrom<i64> + TryFrom<u64>,
        D: Deserializer<'de>,
    {
        let values: Vec<Int<T>> = serde::Deserialize::deserialize(deserializer)?;
        Ok(values.into_iter().map(|Int(value)| value).collect())
    }
}
