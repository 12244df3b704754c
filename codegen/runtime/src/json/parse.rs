//! JSON text to a [`Node`] tree in an [`Arena`], through serde_json's
//! parser, refusing what serde_json's own `Value` lets through: an object
//! that names a key twice.
//!
//! The items of the lists and objects being read wait on two shared stacks
//! and move into the arena, as one slice, when their list or object closes:
//! one copy per value and no allocation per container.
//!
//! Given the [`Shape`] of the kind it reads, the parser reads the lists and
//! objects of free-form fields straight into `serde_json` values (held in
//! the tree for the decoder to take) instead of into the tree.

use std::collections::HashSet;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::free::FreeReader;
use super::node::Arena;
use super::shape::{Memo, Shape};
use super::{DecodeError, Node};

/// Parses JSON text as a plain tree; a key given twice in one object is an error.
#[cfg(any(feature = "client", feature = "server", test))]
pub(crate) fn parse<'a>(text: &'a [u8], arena: &'a Arena) -> Result<Node<'a>, DecodeError> {
    parse_as(text, arena, Shape::TREE)
}

/// Parses JSON text to be decoded as a kind of shape `shape`; a key given
/// twice in one object is an error.
pub(crate) fn parse_as<'a>(
    text: &'a [u8],
    arena: &'a Arena,
    shape: Shape,
) -> Result<Node<'a>, DecodeError> {
    let mut deserializer = serde_json::Deserializer::from_slice(text);
    read(&mut deserializer, arena, shape)
        .and_then(|node| deserializer.end().map(|()| node))
        .map_err(|error| DecodeError::new(format!("invalid JSON: {error}")))
}

/// Reads one JSON value of shape `shape` from any serde deserializer.
pub(crate) fn read<'de: 'a, 'a, D: Deserializer<'de>>(
    deserializer: D,
    arena: &'a Arena,
    shape: Shape,
) -> Result<Node<'a>, D::Error> {
    let mut builder = Builder {
        arena,
        items: Vec::new(),
        entries: Vec::new(),
        free: FreeReader::default(),
        memo: Memo::new(),
    };
    NodeSeed(&mut builder, Ahead::Known(shape)).deserialize(deserializer)
}

/// The error of an object that gives `key` twice.
pub(super) fn key_twice<E: serde::de::Error>(key: &str) -> E {
    E::custom(format!("the key `{key}` appears twice"))
}

/// The arena and the values of the lists and objects still open.
struct Builder<'a> {
    arena: &'a Arena,
    items: Vec<Node<'a>>,
    entries: Vec<(&'a str, Node<'a>)>,
    free: FreeReader,
    memo: Memo<'a>,
}

/// Reads one value into the builder's arena.
struct NodeSeed<'b, 'a>(&'b mut Builder<'a>, Ahead<'a>);

/// The shape of the value being read, worked out only when it turns out
/// to be a list or an object: asking a message for a member's kind is not
/// free, and most members are scalars.
#[derive(Clone, Copy)]
enum Ahead<'a> {
    /// This shape.
    Known(Shape),
    /// The member of this key of an object of this shape.
    Member(Shape, &'a str),
    /// An item of a list of this shape.
    Item(Shape),
}

impl<'a> Ahead<'a> {
    // Out of line: the tree's loops stay small (see `FreeReader::list`).
    #[inline(never)]
    fn shape(self, memo: &mut Memo<'a>) -> Shape {
        match self {
            Ahead::Known(shape) => shape,
            Ahead::Member(object, key) => memo.member(object, key),
            Ahead::Item(list) => list.item(),
        }
    }
}

impl<'de: 'a, 'a> DeserializeSeed<'de> for NodeSeed<'_, 'a> {
    type Value = Node<'a>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node<'a>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de: 'a, 'a> Visitor<'de> for NodeSeed<'_, 'a> {
    type Value = Node<'a>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Node<'a>, E> {
        Ok(Node::Null)
    }

    fn visit_bool<E>(self, value: bool) -> Result<Node<'a>, E> {
        Ok(Node::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Node<'a>, E> {
        Ok(match u64::try_from(value) {
            Ok(value) => Node::Unsigned(value),
            Err(_) => Node::Signed(value),
        })
    }

    fn visit_u64<E>(self, value: u64) -> Result<Node<'a>, E> {
        Ok(Node::Unsigned(value))
    }

    fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<Node<'a>, E> {
        if value.is_finite() {
            Ok(Node::Float(value))
        } else {
            Err(E::custom("a number that is not finite"))
        }
    }

    fn visit_borrowed_str<E>(self, value: &'de str) -> Result<Node<'a>, E> {
        Ok(Node::Str(value))
    }

    fn visit_str<E>(self, value: &str) -> Result<Node<'a>, E> {
        Ok(Node::Str(self.0.arena.alloc_str(value)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node<'a>, A::Error> {
        let NodeSeed(builder, ahead) = self;
        let shape = ahead.shape(&mut builder.memo);
        if shape.is_free() {
            let list = builder.free.list(seq, builder.arena)?;
            return Ok(Node::Held(builder.arena.hold(list)));
        }
        let start = builder.items.len();
        while let Some(item) = seq.next_element_seed(NodeSeed(&mut *builder, Ahead::Item(shape)))? {
            builder.items.push(item);
        }
        let items = builder.arena.alloc_slice_copy(&builder.items[start..]);
        builder.items.truncate(start);
        Ok(Node::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node<'a>, A::Error> {
        let NodeSeed(builder, ahead) = self;
        let shape = ahead.shape(&mut builder.memo);
        if shape.is_free() {
            let object = builder.free.object(map, builder.arena)?;
            return Ok(Node::Held(builder.arena.hold(object)));
        }
        let start = builder.entries.len();
        while let Some(key) = map.next_key_seed(KeySeed(builder.arena))? {
            let value = map.next_value_seed(NodeSeed(&mut *builder, Ahead::Member(shape, key)))?;
            builder.entries.push((key, value));
        }
        let entries = &builder.entries[start..];
        if let Some(key) = repeated_key(entries) {
            return Err(key_twice(key));
        }
        let entries = builder.arena.alloc_slice_copy(entries);
        builder.entries.truncate(start);
        Ok(Node::Object(entries))
    }
}

/// A key that appears twice among `entries`, if any.
fn repeated_key<'e>(entries: &[(&'e str, Node<'_>)]) -> Option<&'e str> {
    const SMALL: usize = 16;
    if entries.len() <= SMALL {
        entries.iter().enumerate().find_map(|(index, (key, _))| {
            entries[..index]
                .iter()
                .any(|(earlier, _)| earlier == key)
                .then_some(*key)
        })
    } else {
        let mut seen = HashSet::with_capacity(entries.len());
        entries
            .iter()
            .map(|(key, _)| *key)
            .find(|key| !seen.insert(*key))
    }
}

/// Reads an object key, borrowed from the input when it has no escapes.
pub(super) struct KeySeed<'a>(pub(super) &'a Arena);

impl<'de: 'a, 'a> DeserializeSeed<'de> for KeySeed<'a> {
    type Value = &'a str;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<&'a str, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de: 'a, 'a> Visitor<'de> for KeySeed<'a> {
    type Value = &'a str;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_borrowed_str<E>(self, value: &'de str) -> Result<&'a str, E> {
        Ok(value)
    }

    fn visit_str<E>(self, value: &str) -> Result<&'a str, E> {
        Ok(self.0.alloc_str(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_a_key_given_twice_and_keeps_everything_else() {
        let arena = Arena::new();
        let error = parse(br#"{"a": {"text": "x", "text": "y"}}"#, &arena).unwrap_err();
        assert!(
            error.to_string().contains("the key `text` appears twice"),
            "{error}"
        );
        let many: String = (0..40).map(|i| format!("\"k{i}\": 1, ")).collect();
        let error = parse(format!("{{{many}\"k7\": 2}}").as_bytes(), &arena).unwrap_err();
        assert!(
            error.to_string().contains("the key `k7` appears twice"),
            "{error}"
        );
        let node = parse(
            br#"{"a": [1, -2, 2.5, "s\n", true, null, {}, [[], [{"b": [3]}]]], "c": {"d": {}}}"#,
            &arena,
        )
        .unwrap();
        assert_eq!(
            node.to_value(),
            serde_json::json!({"a": [1, -2, 2.5, "s\n", true, null, {}, [[], [{"b": [3]}]]], "c": {"d": {}}})
        );
    }

    #[test]
    fn refuses_what_follows_the_value() {
        let arena = Arena::new();
        let error = parse(br#"{"a": 1} {"b": 2}"#, &arena).unwrap_err();
        assert!(error.to_string().contains("trailing characters"), "{error}");
    }

    #[test]
    fn borrows_plain_strings_and_keys() {
        let text = br#"{"key": "plain", "k\u0065y2": "esc\u0061ped"}"#;
        let arena = Arena::new();
        let Node::Object(entries) = parse(text, &arena).unwrap() else {
            panic!("an object")
        };
        let input = text.as_ptr_range();
        assert!(input.contains(&entries[0].0.as_ptr()));
        assert!(matches!(entries[0].1, Node::Str(plain) if input.contains(&plain.as_ptr())));
        assert_eq!(entries[1].0, "key2");
        assert_eq!(entries[1].1, Node::Str("escaped"));
        assert!(!input.contains(&entries[1].0.as_ptr()));
    }
}
