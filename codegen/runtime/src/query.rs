//! Query parameters back into a request message (the server side of
//! transcoding): `pageSize=5&filter.tags=a&filter.tags=b` becomes the nested
//! structure they stand for, and a lenient deserializer reads each text value
//! as whatever type the request field has (number, bool, enum, string).

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{
    self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};

/// Query parameters as a tree: dotted names become nested maps, repeated names lists.
#[derive(Clone, Debug, PartialEq)]
pub enum QueryValue {
    /// One or more values given for the same name.
    Values(Vec<String>),
    /// Nested names (`a.b=…`).
    Map(BTreeMap<String, QueryValue>),
}

/// A query parameter that cannot be placed in the tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryError(pub String);

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for QueryError {}

impl de::Error for QueryError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        QueryError(message.to_string())
    }
}

impl QueryValue {
    /// Builds the tree from decoded (name, value) pairs.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, QueryError> {
        let mut root = BTreeMap::new();
        for (name, value) in pairs {
            let mut parts = name.split('.').peekable();
            let mut map = &mut root;
            while let Some(part) = parts.next() {
                if part.is_empty() {
                    return Err(QueryError(format!(
                        "query parameter `{name}` has an empty name part"
                    )));
                }
                if parts.peek().is_none() {
                    match map
                        .entry(part.to_owned())
                        .or_insert_with(|| QueryValue::Values(Vec::new()))
                    {
                        QueryValue::Values(values) => values.push(value.to_owned()),
                        QueryValue::Map(_) => {
                            return Err(QueryError(format!(
                                "query parameter `{name}` is both a value and a message"
                            )))
                        }
                    }
                } else {
                    match map
                        .entry(part.to_owned())
                        .or_insert_with(|| QueryValue::Map(BTreeMap::new()))
                    {
                        QueryValue::Map(inner) => map = inner,
                        QueryValue::Values(_) => {
                            return Err(QueryError(format!(
                                "query parameter `{name}` is both a value and a message"
                            )))
                        }
                    }
                }
            }
        }
        Ok(QueryValue::Map(root))
    }

    fn single(&self) -> Result<&str, QueryError> {
        match self {
            QueryValue::Values(values) if values.len() == 1 => Ok(&values[0]),
            QueryValue::Values(_) => Err(QueryError(
                "a single value was expected, but the parameter was repeated".to_owned(),
            )),
            QueryValue::Map(_) => Err(QueryError(
                "a value was expected, but nested parameters were given".to_owned(),
            )),
        }
    }
}

/// The text of a leaf value, for the number and bool parsers below.
trait Leaf {
    fn text(&self) -> Result<&str, QueryError>;
}

impl Leaf for &QueryValue {
    fn text(&self) -> Result<&str, QueryError> {
        self.single()
    }
}

impl Leaf for Single<'_> {
    fn text(&self) -> Result<&str, QueryError> {
        Ok(self.0)
    }
}

/// `deserialize_*` methods that parse the text as the type serde asks for.
macro_rules! parse_text {
    ($($method:ident => $visit:ident: $ty:ty,)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
                let text = self.text()?;
                let value: $ty = text.parse().map_err(|_| QueryError(format!("{text:?} is not a valid {}", stringify!($ty))))?;
                visitor.$visit(value)
            }
        )*
    };
}

/// The same parsers for both leaf kinds.
macro_rules! parse_scalars {
    () => {
        parse_text! {
            deserialize_i8 => visit_i8: i8,
            deserialize_i16 => visit_i16: i16,
            deserialize_i32 => visit_i32: i32,
            deserialize_i64 => visit_i64: i64,
            deserialize_u8 => visit_u8: u8,
            deserialize_u16 => visit_u16: u16,
            deserialize_u32 => visit_u32: u32,
            deserialize_u64 => visit_u64: u64,
            deserialize_f32 => visit_f32: f32,
            deserialize_f64 => visit_f64: f64,
            deserialize_bool => visit_bool: bool,
        }
    };
}

impl<'de> Deserializer<'de> for &'de QueryValue {
    type Error = QueryError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
        match self {
            QueryValue::Values(values) if values.len() == 1 => visitor.visit_str(&values[0]),
            QueryValue::Values(_) => self.deserialize_seq(visitor),
            QueryValue::Map(_) => self.deserialize_map(visitor),
        }
    }

    parse_scalars!();

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
        visitor.visit_some(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
        match self {
            QueryValue::Values(values) => visitor.visit_seq(Values(values.iter())),
            QueryValue::Map(_) => Err(QueryError(
                "a list was expected, but nested parameters were given".to_owned(),
            )),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
        match self {
            QueryValue::Map(entries) => visitor.visit_map(Entries {
                iter: entries.iter(),
                value: None,
            }),
            QueryValue::Values(_) => Err(QueryError(
                "nested parameters were expected, but a value was given".to_owned(),
            )),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, QueryError> {
        self.deserialize_map(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, QueryError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, QueryError> {
        visitor.visit_enum(self.single()?.into_deserializer())
    }

    serde::forward_to_deserialize_any! {
        i128 u128 char str string bytes byte_buf unit unit_struct tuple tuple_struct identifier ignored_any
    }
}

struct Values<'a>(std::slice::Iter<'a, String>);

impl<'de> SeqAccess<'de> for Values<'de> {
    type Error = QueryError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, QueryError> {
        match self.0.next() {
            Some(value) => seed.deserialize(Single(value.as_str())).map(Some),
            None => Ok(None),
        }
    }
}

/// One value of a repeated parameter, read leniently like a single parameter.
struct Single<'a>(&'a str);

impl<'de> Deserializer<'de> for Single<'de> {
    type Error = QueryError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
        visitor.visit_str(self.0)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
        visitor.visit_some(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, QueryError> {
        visitor.visit_enum(self.0.into_deserializer())
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, QueryError> {
        visitor.visit_newtype_struct(self)
    }

    parse_scalars!();

    serde::forward_to_deserialize_any! {
        i128 u128 char str string bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

struct Entries<'a> {
    iter: std::collections::btree_map::Iter<'a, String, QueryValue>,
    value: Option<&'a QueryValue>,
}

impl<'de> MapAccess<'de> for Entries<'de> {
    type Error = QueryError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, QueryError> {
        match self.iter.next() {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(key.as_str().into_deserializer()).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, QueryError> {
        let value = self
            .value
            .take()
            .ok_or_else(|| QueryError("a value without a key".to_owned()))?;
        seed.deserialize(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, PartialEq, serde::Deserialize)]
    #[serde(default, rename_all = "camelCase")]
    struct Filter {
        tags: Vec<String>,
        on: bool,
        limit: Option<i64>,
    }

    #[derive(Debug, Default, PartialEq, serde::Deserialize)]
    #[serde(default, rename_all = "camelCase")]
    struct List {
        page_size: i32,
        page_token: String,
        filter: Option<Filter>,
        ratio: f32,
    }

    fn decode(query: &[(&str, &str)]) -> Result<List, QueryError> {
        let tree = QueryValue::from_pairs(query.iter().copied())?;
        serde::Deserialize::deserialize(&tree)
    }

    #[test]
    fn reads_numbers_bools_lists_and_nested_names() {
        let list = decode(&[
            ("pageSize", "5"),
            ("pageToken", "123"),
            ("filter.tags", "a"),
            ("filter.tags", "b"),
            ("filter.on", "true"),
            ("filter.limit", "9"),
            ("ratio", "0.5"),
        ])
        .unwrap();
        assert_eq!(
            list,
            List {
                page_size: 5,
                page_token: "123".to_owned(),
                filter: Some(Filter {
                    tags: vec!["a".into(), "b".into()],
                    on: true,
                    limit: Some(9)
                }),
                ratio: 0.5,
            }
        );
    }

    #[test]
    fn refuses_bad_values() {
        assert!(decode(&[("pageSize", "five")])
            .unwrap_err()
            .0
            .contains("\"five\""));
        assert!(decode(&[("pageSize", "1"), ("pageSize", "2")]).is_err());
        assert!(QueryValue::from_pairs([("a", "1"), ("a.b", "2")]).is_err());
    }
}
