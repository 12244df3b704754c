//! Google's HTTP/JSON transcoding, client side: a request message becomes a
//! path, query parameters and an optional JSON body, encoded once, field by
//! field, straight into those parts.
//!
//! The rules: each path variable takes the value of the request field it
//! names, which must fit the variable's pattern. With `body: "*"` every other
//! field goes in the body; with `body: "field"` that field is the body and the
//! remaining fields become query parameters; with no body every field not in
//! the path is a query parameter. Query parameters use JSON names; nested
//! messages become dotted names and repeated fields repeated keys.

use serde_json::Value;

use crate::binding::{Binding, Body, BoundField};
use crate::json::{self, Arena, FieldWriter, JsonValue, Kind, Message, Node};
use crate::Error;

/// A request split into its HTTP parts.
#[derive(Clone, Debug, PartialEq)]
pub struct HttpParts {
    /// The path with every variable filled in and percent-encoded.
    pub path: String,
    /// Query parameters, sorted by name so the same request always gives the same URL.
    pub query: Vec<(String, String)>,
    /// The JSON body (text), if the method has one.
    pub body: Option<Vec<u8>>,
}

/// Splits `request` (a JSON object) into path, query and body as `binding` says.
pub fn transcode(binding: &Binding, request: Value) -> Result<HttpParts, Error> {
    let Value::Object(fields) = request else {
        return Err(Error::InvalidRequest(format!(
            "{}: the request must encode as a JSON object, not {request}",
            binding.method_id
        )));
    };
    split(binding, |out| {
        for (name, value) in &fields {
            out.member::<JsonValue>(name, value);
        }
    })
}

/// Encodes `request` once, straight into path, query and body as `binding`
/// says: what the client does with every request it sends.
pub fn encode<M: Message>(binding: &Binding, request: &M) -> Result<HttpParts, Error> {
    split(binding, |out| {
        request.encode_fields(out);
        for (name, value) in request.unknown_fields().into_iter().flatten() {
            out.member::<JsonValue>(name, value);
        }
    })
}

/// Runs `write_fields` on a [`Splitter`] for `binding` and builds the parts.
fn split(
    binding: &Binding,
    write_fields: impl FnOnce(&mut Splitter<'_>),
) -> Result<HttpParts, Error> {
    let bound = binding.path.bound().map_err(|error| {
        Error::InvalidRequest(format!(
            "{}: bad path template {:?}: {error}",
            binding.method_id,
            binding.path.as_str()
        ))
    })?;
    let mut splitter = Splitter {
        method_id: binding.method_id,
        bound: &bound.fields,
        body_mode: binding.body,
        values: vec![None; bound.template.variables().count()],
        body: match binding.body {
            Body::All => b"{".to_vec(),
            Body::None | Body::Field(_) => Vec::new(),
        },
        body_empty: true,
        query: Vec::new(),
        scratch: Vec::new(),
        failure: None,
    };
    write_fields(&mut splitter);
    // Variables come in the order the template lists them, which is the
    // order `expand` asks for them.
    let mut values = splitter.values.iter();
    let path = bound
        .template
        .expand(|_| values.next().and_then(|value| value.as_deref()))
        .map_err(|error| Error::InvalidRequest(format!("{}: {error}", binding.method_id)))?;
    if let Some(error) = splitter.failure {
        return Err(error);
    }
    let mut body = splitter.body;
    let body = match binding.body {
        Body::None => None,
        Body::All => {
            body.push(b'}');
            Some(body)
        }
        Body::Field(_) if splitter.body_empty => Some(b"{}".to_vec()),
        Body::Field(_) => Some(body),
    };
    let mut query = splitter.query;
    // Sorted by name; the sort is stable, so repeated values keep their order.
    query.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(HttpParts { path, query, body })
}

/// Takes a request's fields one by one and puts each where the binding
/// says: the body's fields straight into the body's JSON text, path-bound
/// fields' text aside for the template, every other set field into query
/// parameters.
struct Splitter<'p> {
    method_id: &'static str,
    bound: &'p [BoundField],
    body_mode: Body,
    /// The text of each template variable, in the template's order.
    values: Vec<Option<String>>,
    /// The body's JSON text so far (`{` and the members written, for `*`).
    body: Vec<u8>,
    /// Whether nothing has been written into `body` yet.
    body_empty: bool,
    query: Vec<(String, String)>,
    /// A field's JSON text, when it must be looked into.
    scratch: Vec<u8>,
    /// The first field that could not be placed.
    failure: Option<Error>,
}

impl Splitter<'_> {
    /// Adds a member to the `*` body; `write` writes its value.
    fn body_member(&mut self, name: &str, write: impl FnOnce(&mut Vec<u8>)) {
        if !self.body_empty {
            self.body.push(b',');
        }
        self.body_empty = false;
        json::write_str(name, &mut self.body);
        self.body.push(b':');
        write(&mut self.body);
    }

    /// Places a field that holds bound fields or goes in the query string,
    /// from its parsed JSON.
    fn place<'a>(
        &mut self,
        name: &str,
        node: Node<'a>,
        arena: &'a Arena,
        bound: Option<&BoundField>,
        is_body: bool,
    ) {
        let rest = match bound {
            Some(bound) => {
                for (index, field_path) in &bound.variables {
                    if let Some(Node::Str(text)) = lookup(node, field_path) {
                        self.values[*index] = Some(text.to_owned());
                    }
                }
                let paths: Vec<&[String]> =
                    bound.variables.iter().map(|(_, path)| &path[..]).collect();
                strip(node, &paths, arena)
            }
            None => Some(node),
        };
        let Some(rest) = rest.filter(|_| !is_body) else {
            return;
        };
        match self.body_mode {
            Body::All => self.body_member(name, |out| json::write_node(rest, out)),
            Body::None | Body::Field(_) => {
                if let Err(error) = push_query(name.to_owned(), rest, &mut self.query) {
                    self.failure.get_or_insert(Error::InvalidRequest(format!(
                        "{}: {error}",
                        self.method_id
                    )));
                }
            }
        }
    }
}

impl FieldWriter for Splitter<'_> {
    fn member<K: Kind>(&mut self, name: &str, value: &K::Value) {
        let bound = self.bound.iter().find(|field| field.name == name);
        let is_body = matches!(self.body_mode, Body::Field(field) if field == name);
        match (bound, self.body_mode) {
            (None, Body::All) => return self.body_member(name, |out| K::encode(value, out)),
            (None, Body::Field(_)) if is_body => {
                self.body_empty = false;
                return K::encode(value, &mut self.body);
            }
            _ => {}
        }
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        K::encode(value, &mut scratch);
        // The common case, a field bound whole that holds a plain string:
        // its text as written, with nothing to parse.
        if let (Some(bound), Some(text), false) = (bound, plain_string(&scratch), is_body) {
            if bound.variables.iter().all(|(_, path)| path.is_empty()) {
                for (index, _) in &bound.variables {
                    self.values[*index] = Some(text.to_owned());
                }
                self.scratch = scratch;
                return;
            }
        }
        if is_body {
            self.body_empty = false;
            self.body.extend_from_slice(&scratch);
        }
        let arena = Arena::new();
        match json::parse(&scratch, &arena) {
            Ok(node) => self.place(name, node, &arena, bound, is_body),
            Err(error) => {
                self.failure.get_or_insert(Error::InvalidRequest(format!(
                    "{}: field `{name}` did not encode as JSON: {error}",
                    self.method_id
                )));
            }
        }
        self.scratch = scratch;
    }
}

/// The text of `json` when it is a string without escapes.
fn plain_string(json: &[u8]) -> Option<&str> {
    let inner = json.strip_prefix(b"\"")?.strip_suffix(b"\"")?;
    if inner.contains(&b'\\') {
        return None;
    }
    std::str::from_utf8(inner).ok()
}

/// The value at `path` below `node`, if every step is an object that has it.
fn lookup<'a>(node: Node<'a>, path: &[String]) -> Option<Node<'a>> {
    let Some((first, rest)) = path.split_first() else {
        return Some(node);
    };
    let Node::Object(entries) = node else {
        return None;
    };
    let (_, value) = entries.iter().find(|(key, _)| key == first)?;
    lookup(*value, rest)
}

/// `node` without the bound fields at `paths`; objects left empty by that
/// are dropped too, and `None` means nothing is left.
fn strip<'a>(node: Node<'a>, paths: &[&[String]], arena: &'a Arena) -> Option<Node<'a>> {
    if paths.iter().any(|path| path.is_empty()) {
        return None;
    }
    let Node::Object(entries) = node else {
        return Some(node);
    };
    let kept: Vec<(&str, Node<'a>)> = entries
        .iter()
        .filter_map(|&(key, value)| {
            let below: Vec<&[String]> = paths
                .iter()
                .filter_map(|path| path.split_first())
                .filter(|(first, _)| first.as_str() == key)
                .map(|(_, rest)| rest)
                .collect();
            if below.is_empty() {
                return Some((key, value));
            }
            strip(value, &below, arena).map(|value| (key, value))
        })
        .collect();
    let kept = arena.alloc_slice_copy(&kept);
    (!kept.is_empty()).then_some(Node::Object(kept))
}

/// Adds `node` as query parameters named `name`: nested objects as dotted
/// names, lists as repeated parameters; `null` adds nothing.
fn push_query(
    name: String,
    node: Node<'_>,
    query: &mut Vec<(String, String)>,
) -> Result<(), String> {
    let text = match node {
        Node::Null => return Ok(()),
        Node::Object(entries) => {
            for &(key, value) in entries {
                push_query(format!("{name}.{key}"), value, query)?;
            }
            return Ok(());
        }
        Node::List(items) => {
            for &item in items {
                if matches!(item, Node::List(_) | Node::Object(_)) {
                    return Err(format!(
                        "field `{name}` holds messages and cannot be sent as a query parameter"
                    ));
                }
                push_query(name.clone(), item, query)?;
            }
            return Ok(());
        }
        Node::Str(text) => text.to_owned(),
        Node::Bool(flag) => flag.to_string(),
        Node::Unsigned(number) => number.to_string(),
        Node::Signed(number) => number.to_string(),
        Node::Float(number) => ryu::Buffer::new().format_finite(number).to_owned(),
        Node::Held(_) => {
            return Err(format!(
                "field `{name}` cannot be sent as a query parameter"
            ))
        }
    };
    query.push((name, text));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::binding::LazyTemplate;
    use crate::Verb;
    use serde_json::json;

    static PATCH: Binding = Binding {
        method_id: "corpora.patch",
        verb: Verb::Patch,
        path: LazyTemplate::new("/v1beta/{corpus.name=corpora/*}"),
        body: Body::Field("corpus"),
        idempotent: false,
    };

    /// The body, parsed.
    fn body(parts: &HttpParts) -> Option<Value> {
        let body = parts.body.as_ref()?;
        Some(serde_json::from_slice(body).expect("the body is JSON"))
    }

    #[test]
    fn body_field_keeps_the_resource_and_sends_the_rest_as_query() {
        let parts = transcode(
            &PATCH,
            json!({"corpus": {"name": "corpora/c1", "displayName": "x"}, "updateMask": "displayName"}),
        )
        .unwrap();
        assert_eq!(parts.path, "/v1beta/corpora/c1");
        assert_eq!(
            parts.query,
            vec![("updateMask".to_owned(), "displayName".to_owned())]
        );
        assert_eq!(
            body(&parts),
            Some(json!({"name": "corpora/c1", "displayName": "x"}))
        );
    }

    #[test]
    fn no_body_flattens_nested_and_repeated_fields() {
        let list = Binding {
            method_id: "x.list",
            verb: Verb::Get,
            path: LazyTemplate::new("/v1/{parent=things/*}/items"),
            body: Body::None,
            idempotent: true,
        };
        let parts = transcode(
            &list,
            json!({"parent": "things/t", "pageSize": 5, "filter": {"tags": ["a", "b"], "on": true}}),
        )
        .unwrap();
        assert_eq!(parts.path, "/v1/things/t/items");
        assert_eq!(
            parts.query,
            vec![
                ("filter.on".to_owned(), "true".to_owned()),
                ("filter.tags".to_owned(), "a".to_owned()),
                ("filter.tags".to_owned(), "b".to_owned()),
                ("pageSize".to_owned(), "5".to_owned()),
            ]
        );
        assert_eq!(parts.body, None);
    }

    #[test]
    fn star_body_excludes_path_fields() {
        let query = Binding {
            method_id: "corpora.query",
            verb: Verb::Post,
            path: LazyTemplate::new("/v1beta/{name=corpora/*}:query"),
            body: Body::All,
            idempotent: false,
        };
        let parts = transcode(&query, json!({"name": "corpora/c", "query": "q"})).unwrap();
        assert_eq!(parts.path, "/v1beta/corpora/c:query");
        assert_eq!(body(&parts), Some(json!({"query": "q"})));
    }

    #[test]
    fn missing_or_mismatched_path_fields_are_errors() {
        let error = transcode(&PATCH, json!({"corpus": {"name": "files/x"}})).unwrap_err();
        assert!(error.to_string().contains("corpus.name"), "{error}");
        assert!(transcode(&PATCH, json!({})).is_err());
    }

    #[test]
    fn star_body_drops_nested_path_fields_and_objects_they_empty() {
        let update = Binding {
            method_id: "x.update",
            verb: Verb::Post,
            path: LazyTemplate::new("/v1/{thing.name=things/*}/{thing.owner.id=*}:update"),
            body: Body::All,
            idempotent: false,
        };
        let parts = transcode(
            &update,
            json!({"thing": {"name": "things/t", "owner": {"id": "o"}, "size": 1.0}, "force": true}),
        )
        .unwrap();
        assert_eq!(parts.path, "/v1/things/t/o:update");
        assert_eq!(
            body(&parts),
            Some(json!({"thing": {"size": 1.0}, "force": true}))
        );
        let text = String::from_utf8(parts.body.unwrap()).unwrap();
        assert!(text.contains(r#""thing":{"size":1.0}"#), "{text}");
    }

    #[test]
    fn query_numbers_keep_their_json_text_and_nulls_are_left_out() {
        let list = Binding {
            method_id: "x.list",
            verb: Verb::Get,
            path: LazyTemplate::new("/v1/things"),
            body: Body::None,
            idempotent: true,
        };
        let parts = transcode(
            &list,
            json!({"ratio": 1.0, "small": 2.5e-7, "big": -18, "count": "9007199254740993", "gone": null}),
        )
        .unwrap();
        assert_eq!(
            parts.query,
            vec![
                ("big".to_owned(), "-18".to_owned()),
                ("count".to_owned(), "9007199254740993".to_owned()),
                ("ratio".to_owned(), "1.0".to_owned()),
                ("small".to_owned(), "2.5e-7".to_owned()),
            ]
        );
    }

    #[test]
    fn messages_in_a_query_list_and_non_objects_are_refused() {
        let list = Binding {
            method_id: "x.list",
            verb: Verb::Get,
            path: LazyTemplate::new("/v1/things"),
            body: Body::None,
            idempotent: true,
        };
        let error = transcode(&list, json!({"filters": [{"tag": "a"}]})).unwrap_err();
        assert!(
            error.to_string().contains("`filters` holds messages"),
            "{error}"
        );
        let error = transcode(&list, json!(["not", "an", "object"])).unwrap_err();
        assert!(error.to_string().contains("JSON object"), "{error}");
    }

    #[test]
    fn an_unset_body_field_is_an_empty_object() {
        let parts = transcode(&PATCH, json!({"corpus": {"name": "corpora/c1"}})).unwrap();
        assert_eq!(body(&parts), Some(json!({"name": "corpora/c1"})));
        let create = Binding {
            method_id: "corpora.create",
            verb: Verb::Post,
            path: LazyTemplate::new("/v1beta/corpora"),
            body: Body::Field("corpus"),
            idempotent: false,
        };
        let parts = transcode(&create, json!({})).unwrap();
        assert_eq!(parts.body.as_deref(), Some(&b"{}"[..]));
    }
}
