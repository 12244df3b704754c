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

use super::node::Arena;
use super::parse::{key_twice, KeySeed};

/// The members of the free-form lists and objects still open.
#[derive(Default)]
pub(crate) struct FreeReader {
    items: Chunked<Value>,
    members: Chunked<(String, Value)>,
}

impl FreeReader {
    /// Reads the rest of a list. (Out of line, as `object`: inlined into
    /// the tree's loops, it made them too big for serde_json's to inline.)
    #[inline(never)]
    pub(crate) fn list<'de: 'a, 'a, A: SeqAccess<'de>>(
        &mut self,
        mut seq: A,
        arena: &'a Arena,
    ) -> Result<Value, A::Error> {
        let start = self.items.len;
        while let Some(item) = seq.next_element_seed(ValueSeed(&mut *self, arena))? {
            self.items.push(item);
        }
        let mut list = Vec::with_capacity(self.items.len - start);
        self.items.drain_from(start, |item| list.push(item));
        Ok(Value::Array(list))
    }

    /// Reads the rest of an object.
    #[inline(never)]
    pub(crate) fn object<'de: 'a, 'a, A: MapAccess<'de>>(
        &mut self,
        mut map: A,
        arena: &'a Arena,
    ) -> Result<Value, A::Error> {
        let start = self.members.len;
        // The tree's key reader: serde_json's key loop is compiled once for both.
        while let Some(key) = map.next_key_seed(KeySeed(arena))? {
            let value = map.next_value_seed(ValueSeed(&mut *self, arena))?;
            self.members.push((key.to_owned(), value));
        }
        let mut object = Map::with_capacity(self.members.len - start);
        let mut repeated = None;
        self.members
            .drain_from(start, |(key, value)| match object.entry(key) {
                Entry::Vacant(entry) => {
                    entry.insert(value);
                }
                Entry::Occupied(entry) => {
                    repeated.get_or_insert_with(|| entry.key().clone());
                }
            });
        match repeated {
            Some(key) => Err(key_twice(&key)),
            None => Ok(Value::Object(object)),
        }
    }
}

/// How many values one chunk of a stack holds.
const CHUNK: usize = 1024;

/// A stack kept in chunks of [`CHUNK`] values (all full but the last): it
/// never holds twice what it needs as a growing vector would, and it frees
/// the chunks of a long list or object as their values move out.
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

    /// Moves the values from `start` on out, in order, to `each`. Only
    /// the chunks after the first one touched are freed: the innermost
    /// list or object is mostly in the last chunk, which stays for the next.
    fn drain_from(&mut self, start: usize, mut each: impl FnMut(T)) {
        self.len = start;
        let first = start / CHUNK;
        if first >= self.chunks.len() {
            return;
        }
        let later = self.chunks.split_off(first + 1);
        for value in self.chunks[first].drain(start % CHUNK..) {
            each(value);
        }
        for chunk in later {
            for value in chunk {
                each(value);
            }
        }
    }
}

/// Reads one free-form value; keys with escapes pass through the arena.
struct ValueSeed<'r, 'a>(&'r mut FreeReader, &'a Arena);

impl<'de: 'a, 'a> DeserializeSeed<'de> for ValueSeed<'_, 'a> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de: 'a, 'a> Visitor<'de> for ValueSeed<'_, 'a> {
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
        self.0.list(seq, self.1)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Value, A::Error> {
        self.0.object(map, self.1)
    }
}
