//! Free-form JSON (what Struct, Value and ListValue fields keep) read
//! straight into `serde_json` values, with the tree parser's rules: a key
//! given twice is refused, numbers are read as the tree reads them, and
//! lists and objects are sized exactly: their members wait on two shared
//! stacks of fixed-size chunks until they close, so that a long list costs
//! its members once more while it closes and no more after.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::map::Entry;
use serde_json::{Map, Number, Value};

use super::parse::key_twice;

/// The members of the free-form lists and objects still open.
#[derive(Default)]
pub(crate) struct FreeReader {
    items: Chunked<Value>,
    members: Chunked<(String, Value)>,
}

impl FreeReader {
    /// Reads the rest of a list.
    pub(crate) fn list<'de, A: SeqAccess<'de>>(&mut self, mut seq: A) -> Result<Value, A::Error> {
        let start = self.items.len;
        while let Some(item) = seq.next_element_seed(ValueSeed(&mut *self))? {
            self.items.push(item);
        }
        let (count, items) = self.items.drain_from(start);
        let mut list = Vec::with_capacity(count);
        list.extend(items);
        Ok(Value::Array(list))
    }

    /// Reads the rest of an object.
    pub(crate) fn object<'de, A: MapAccess<'de>>(&mut self, mut map: A) -> Result<Value, A::Error> {
        let start = self.members.len;
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(ValueSeed(&mut *self))?;
            self.members.push((key, value));
        }
        let (count, members) = self.members.drain_from(start);
        let mut object = Map::with_capacity(count);
        for (key, value) in members {
            match object.entry(key) {
                Entry::Vacant(entry) => {
                    entry.insert(value);
                }
                Entry::Occupied(entry) => return Err(key_twice(entry.key())),
            }
        }
        Ok(Value::Object(object))
    }
}

/// How many values one chunk of a stack holds.
const CHUNK: usize = 1024;

/// A stack kept in chunks of [`CHUNK`] values (all full but the last): it
/// never holds twice what it needs as a growing vector would, and it frees
/// each chunk as its values move out.
struct Chunked<T> {
    chunks: Vec<Vec<T>>,
    len: usize,
}

impl<T> Default for Chunked<T> {
    fn default() -> Self {
        Self {
            chunks: Vec::new(),
            len: 0,
        }
    }
}

impl<T> Chunked<T> {
    fn push(&mut self, value: T) {
        match self.chunks.last_mut() {
            Some(chunk) if chunk.len() < CHUNK => chunk.push(value),
            _ => {
                let mut chunk = Vec::with_capacity(CHUNK);
                chunk.push(value);
                self.chunks.push(chunk);
            }
        }
        self.len += 1;
    }

    /// How many values are from `start` on, and those values, moved out in order.
    fn drain_from(&mut self, start: usize) -> (usize, impl Iterator<Item = T>) {
        let count = self.len - start;
        self.len = start;
        let mut tail = self.chunks.split_off(start / CHUNK);
        if let Some(first) = tail.first_mut() {
            let ours = first.split_off(start % CHUNK);
            let kept = std::mem::replace(first, ours);
            if !kept.is_empty() {
                self.chunks.push(kept);
            }
        }
        (count, tail.into_iter().flatten())
    }
}

/// Reads one free-form value.
struct ValueSeed<'r>(&'r mut FreeReader);

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<Value, E> {
        Number::from_f64(value)
            .map(Value::Number)
            .ok_or_else(|| E::custom("a number that is not finite"))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Value, A::Error> {
        self.0.list(seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Value, A::Error> {
        self.0.object(map)
    }
}
