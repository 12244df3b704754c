//! Query parameters back into a JSON tree (the server side of transcoding):
//! `pageSize=5&filter.tags=a&filter.tags=b` becomes
//! `{"filter": {"tags": ["a", "b"]}, "pageSize": "5"}`. Every value stays
//! text; the codec's query mode reads it as whatever the field needs, and
//! refuses a name that is not a field path of the request.

use std::collections::BTreeMap;

use super::ServerError;
use crate::json::{Arena, Node};

/// The most dotted parts a parameter name may have. Request messages nest
/// far less than this; the bound keeps a hostile name (`a.a.a.…`) from
/// building a tree deeper than the decoder may walk.
pub(crate) const MAX_NAME_PARTS: usize = 32;

/// Google's system parameters: any method accepts them, and none is a
/// field of a request message (`alt=sse` asks for server-sent events).
const SYSTEM_PARAMETERS: &[&str] = &[
    "alt",
    "$alt",
    "key",
    "fields",
    "$fields",
    "prettyPrint",
    "$prettyPrint",
    "quotaUser",
    "$quotaUser",
    "callback",
    "$callback",
    "access_token",
    "$.xgafv",
    "upload_protocol",
    "uploadType",
];

/// The query parameters by name part, each holding its values or the parameters nested in it.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct QueryTree {
    entries: BTreeMap<String, Entry>,
}

#[derive(Debug, PartialEq)]
enum Entry {
    Values(Vec<String>),
    Nested(QueryTree),
}

impl QueryTree {
    /// Reads a raw query string: dotted names nest, a repeated name gathers
    /// its values. System parameters are left out.
    pub(crate) fn parse(query: &str) -> Result<Self, ServerError> {
        let mut root = Self::default();
        for (name, value) in form_urlencoded::parse(query.as_bytes()) {
            if SYSTEM_PARAMETERS.contains(&name.as_ref()) {
                continue;
            }
            let parts: Vec<&str> = name.split('.').collect();
            if parts.len() > MAX_NAME_PARTS {
                return Err(bad_name(
                    &name,
                    &format!("nests more than {MAX_NAME_PARTS} fields deep"),
                ));
            }
            if parts.iter().any(|part| part.is_empty()) {
                return Err(bad_name(&name, "has an empty name part"));
            }
            root.insert(&parts, value.into_owned())
                .map_err(|()| bad_name(&name, "is both a value and a message"))?;
        }
        Ok(root)
    }

    /// Adds `value` under the name `parts`; `Err` when a part already holds
    /// values where this name needs a message, or the other way round.
    fn insert(&mut self, parts: &[&str], value: String) -> Result<(), ()> {
        let Some((first, rest)) = parts.split_first() else {
            return Err(());
        };
        let entry = self.entries.entry((*first).to_owned()).or_insert_with(|| {
            if rest.is_empty() {
                Entry::Values(Vec::new())
            } else {
                Entry::Nested(QueryTree::default())
            }
        });
        match (entry, rest.is_empty()) {
            (Entry::Values(values), true) => {
                values.push(value);
                Ok(())
            }
            (Entry::Nested(inner), false) => inner.insert(rest, value),
            _ => Err(()),
        }
    }

    /// The parameters as the entries of a JSON object, borrowing their text:
    /// one value as a string, several as a list of strings.
    pub(crate) fn entries<'a>(&'a self, arena: &'a Arena) -> &'a [(&'a str, Node<'a>)] {
        arena.alloc_slice_fill_iter(self.entries.iter().map(|(name, entry)| {
            let node = match entry {
                Entry::Values(values) if values.len() == 1 => Node::Str(&values[0]),
                Entry::Values(values) => Node::List(
                    arena.alloc_slice_fill_iter(values.iter().map(|value| Node::Str(value))),
                ),
                Entry::Nested(inner) => Node::Object(inner.entries(arena)),
            };
            (name.as_str(), node)
        }))
    }
}

/// 400 for the parameter `name`, shortened when it is long.
fn bad_name(name: &str, problem: &str) -> ServerError {
    const SHOWN: usize = 80;
    let shown = match name.char_indices().nth(SHOWN) {
        Some((end, _)) => format!("{}…", &name[..end]),
        None => name.to_owned(),
    };
    ServerError::invalid_argument(format!("query parameter `{shown}` {problem}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(query: &str) -> Result<serde_json::Value, String> {
        let tree = QueryTree::parse(query).map_err(|error| error.status.message)?;
        let arena = Arena::new();
        Ok(Node::Object(tree.entries(&arena)).to_value())
    }

    #[test]
    fn nests_dotted_names_and_lists_repeated_ones() {
        assert_eq!(
            json("pageSize=5&alt=sse&key=k&filter.tags=a&filter.tags=b&filter.on=true&q=a%20b"),
            Ok(
                serde_json::json!({"pageSize": "5", "filter": {"tags": ["a", "b"], "on": "true"}, "q": "a b"})
            )
        );
    }

    #[test]
    fn refuses_a_name_that_is_both_a_value_and_a_message() {
        for query in ["a=1&a.b=2", "a.b=2&a=1", "a..b=1", ".a=1", "=1"] {
            assert!(json(query).is_err(), "{query}");
        }
    }

    #[test]
    fn refuses_a_name_nested_too_deep_and_shortens_it() {
        let deep = vec!["a"; 1200].join(".");
        let error = json(&format!("{deep}=1")).unwrap_err();
        assert!(error.contains("nests more than 32 fields deep"), "{error}");
        assert!(error.len() < 200, "{error}");
        let deepest = vec!["a"; MAX_NAME_PARTS].join(".");
        assert!(json(&format!("{deepest}=1")).is_ok());
    }
}
