//! JSON text to a [`Node`] tree through serde_json's parser, refusing what
//! serde_json's own `Value` lets through: an object that names a key twice.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

use serde::de::{Deserialize, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};

use super::{DecodeError, Node};

/// Parses JSON text; a key given twice in one object is an error.
pub(crate) fn parse(text: &[u8]) -> Result<Node<'_>, DecodeError> {
    serde_json::from_slice::<Node<'_>>(text)
        .map_err(|error| DecodeError::new(format!("invalid JSON: {error}")))
}

impl<'de: 'a, 'a> Deserialize<'de> for Node<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Node<'de>, E> {
        Ok(Node::Null)
    }

    fn visit_bool<E>(self, value: bool) -> Result<Node<'de>, E> {
        Ok(Node::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Node<'de>, E> {
        Ok(match u64::try_from(value) {
            Ok(value) => Node::Unsigned(value),
            Err(_) => Node::Signed(value),
        })
    }

    fn visit_u64<E>(self, value: u64) -> Result<Node<'de>, E> {
        Ok(Node::Unsigned(value))
    }

    fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<Node<'de>, E> {
        if value.is_finite() {
            Ok(Node::Float(value))
        } else {
            Err(E::custom("a number that is not finite"))
        }
    }

    fn visit_borrowed_str<E>(self, value: &'de str) -> Result<Node<'de>, E> {
        Ok(Node::Str(Cow::Borrowed(value)))
    }

    fn visit_str<E>(self, value: &str) -> Result<Node<'de>, E> {
        Ok(Node::Str(Cow::Owned(value.to_owned())))
    }

    fn visit_string<E>(self, value: String) -> Result<Node<'de>, E> {
        Ok(Node::Str(Cow::Owned(value)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node<'de>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(4).min(4096));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node<'de>, A::Error> {
        // serde_json gives no size hint; most objects of an API have a few keys.
        let mut entries: Vec<(Cow<'de, str>, Node<'de>)> =
            Vec::with_capacity(map.size_hint().unwrap_or(4).min(4096));
        while let Some(Key(key)) = map.next_key()? {
            let value = map.next_value()?;
            entries.push((key, value));
        }
        if let Some(key) = repeated_key(&entries) {
            return Err(A::Error::custom(format!("the key `{key}` appears twice")));
        }
        Ok(Node::Object(entries))
    }
}

/// A key that appears twice among `entries`, if any.
fn repeated_key<'e>(entries: &'e [(Cow<'_, str>, Node<'_>)]) -> Option<&'e str> {
    const SMALL: usize = 16;
    if entries.len() <= SMALL {
        entries.iter().enumerate().find_map(|(index, (key, _))| {
            entries[..index]
                .iter()
                .any(|(earlier, _)| earlier == key)
                .then_some(key.as_ref())
        })
    } else {
        let mut seen = HashSet::with_capacity(entries.len());
        entries
            .iter()
            .map(|(key, _)| key.as_ref())
            .find(|key| !seen.insert(*key))
    }
}

/// An object key, borrowed from the input when it has no escapes.
struct Key<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Key<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object key")
            }

            fn visit_borrowed_str<E>(self, value: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(value)))
            }

            fn visit_str<E>(self, value: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(value.to_owned())))
            }

            fn visit_string<E>(self, value: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(value)))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_a_key_given_twice_and_keeps_everything_else() {
        let error = parse(br#"{"a": {"text": "x", "text": "y"}}"#).unwrap_err();
        assert!(
            error.to_string().contains("the key `text` appears twice"),
            "{error}"
        );
        let many: String = (0..40).map(|i| format!("\"k{i}\": 1, ")).collect();
        let error = parse(format!("{{{many}\"k7\": 2}}").as_bytes()).unwrap_err();
        assert!(
            error.to_string().contains("the key `k7` appears twice"),
            "{error}"
        );
        let node = parse(br#"{"a": [1, -2, 2.5, "s\n", true, null, {}]}"#).unwrap();
        assert_eq!(
            node.into_value(),
            serde_json::json!({"a": [1, -2, 2.5, "s\n", true, null, {}]})
        );
    }

    #[test]
    fn borrows_plain_strings_and_keys() {
        let node = parse(br#"{"key": "plain", "k\u0065y2": "esc\u0061ped"}"#).unwrap();
        let Node::Object(entries) = node else {
            panic!("an object")
        };
        assert!(matches!(entries[0].0, Cow::Borrowed("key")));
        assert!(matches!(entries[0].1, Node::Str(Cow::Borrowed("plain"))));
        assert_eq!(entries[1].0, "key2");
        assert_eq!(entries[1].1, Node::Str(Cow::Owned("escaped".to_owned())));
    }
}
