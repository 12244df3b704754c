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

mod query;

use crate::binding::{Binding, Body, BoundField};
use crate::json::{self, Arena, FieldWriter, JsonValue, Kind, Message, Node};
use crate::Error;
use query::Pairs;

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

/// Runs `write_fields` on a [`Splitter`] for `binding` and builds the
/// parts: also for a request written field by field, e.g. the poll of an
/// operation, which has only its name.
pub(crate) fn split(
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
pub(crate) struct Splitter<'p> {
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

    /// Keeps the first error of the request.
    fn fail(&mut self, error: impl std::fmt::Display) {
        let method_id = self.method_id;
        self.failure
            .get_or_insert_with(|| Error::InvalidRequest(format!("{method_id}: {error}")));
    }

    /// Walks a field into query parameters (when `to_query`) and the text
    /// of the path variables bound in it, straight from its value.
    fn walk<K: Kind>(
        &mut self,
        name: &str,
        value: &K::Value,
        bound: Option<&BoundField>,
        to_query: bool,
    ) {
        let variables = bound.map_or_else(Vec::new, |bound| {
            let variables = bound.variables.iter();
            variables.map(|(index, path)| (*index, &path[..])).collect()
        });
        let mut sink = query::Sink {
            query: to_query.then_some(&mut self.query),
            values: &mut self.values,
        };
        let walked = K::serialize(value, Pairs::new(&mut sink, name.to_owned(), variables));
        if let Err(error) = walked {
            self.fail(error);
        }
    }

    /// A `*` body's field with bound fields below it: its JSON without
    /// them, through a parse of its text (no binding of the APIs at hand
    /// has one; the common case, a field bound whole, goes through `walk`).
    fn body_member_without<K: Kind>(&mut self, name: &str, value: &K::Value, bound: &BoundField) {
        let mut text = Vec::new();
        K::encode(value, &mut text);
        let arena = Arena::new();
        let node = match json::parse(&text, &arena) {
            Ok(node) => node,
            Err(error) => {
                return self.fail(format!("field `{name}` did not encode as JSON: {error}"))
            }
        };
        for (index, field_path) in &bound.variables {
            if let Some(Node::Str(text)) = lookup(node, field_path) {
                self.values[*index] = Some(text.to_owned());
            }
        }
        let paths: Vec<&[String]> = bound.variables.iter().map(|(_, path)| &path[..]).collect();
        if let Some(rest) = strip(node, &paths, &arena) {
            self.body_member(name, |out| json::write_node(rest, out));
        }
    }
}

impl FieldWriter for Splitter<'_> {
    fn member<K: Kind>(&mut self, name: &str, value: &K::Value) {
        let bound = self.bound.iter().find(|field| field.name == name);
        match (self.body_mode, bound) {
            (Body::Field(body), _) if body == name => {
                self.body_empty = false;
                K::encode(value, &mut self.body);
                if bound.is_some() {
                    self.walk::<K>(name, value, bound, false);
                }
            }
            (Body::All, None) => self.body_member(name, |out| K::encode(value, out)),
            (Body::All, Some(bound)) if bound.is_whole() => {
                self.walk::<K>(name, value, Some(bound), false);
            }
            (Body::All, Some(bound)) => self.body_member_without::<K>(name, value, bound),
            (Body::None | Body::Field(_), _) => self.walk::<K>(name, value, bound, true),
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::binding::LazyTemplate;
    use crate::Verb;
    use serde_json::{json, Value};

    /// Splits a request given as a JSON object, each member written as a field.
    fn transcode(binding: &Binding, request: Value) -> Result<HttpParts, Error> {
        let Value::Object(fields) = request else {
            panic!("the test requests are JSON objects, not {request}");
        };
        split(binding, |out| {
            for (name, value) in &fields {
                out.member::<JsonValue>(name, value);
            }
        })
    }

    static PATCH: Binding = Binding {
        method_id: "shelves.patch",
        verb: Verb::Patch,
        path: LazyTemplate::new("/v1beta/{shelf.name=shelves/*}"),
        body: Body::Field("shelf"),
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
            json!({"shelf": {"name": "shelves/c1", "displayName": "x"}, "updateMask": "displayName"}),
        )
        .unwrap();
        assert_eq!(parts.path, "/v1beta/shelves/c1");
        assert_eq!(
            parts.query,
            vec![("updateMask".to_owned(), "displayName".to_owned())]
        );
        assert_eq!(
            body(&parts),
            Some(json!({"name": "shelves/c1", "displayName": "x"}))
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
            method_id: "shelves.query",
            verb: Verb::Post,
            path: LazyTemplate::new("/v1beta/{name=shelves/*}:query"),
            body: Body::All,
            idempotent: false,
        };
        let parts = transcode(&query, json!({"name": "shelves/c", "query": "q"})).unwrap();
        assert_eq!(parts.path, "/v1beta/shelves/c:query");
        assert_eq!(body(&parts), Some(json!({"query": "q"})));
    }

    #[test]
    fn missing_or_mismatched_path_fields_are_errors() {
        let error = transcode(&PATCH, json!({"shelf": {"name": "files/x"}})).unwrap_err();
        assert!(error.to_string().contains("shelf.name"), "{error}");
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
    fn messages_in_a_query_list_are_refused() {
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
        let error = transcode(&list, json!({"grid": [["a"], ["b"]]})).unwrap_err();
        assert!(
            error.to_string().contains("`grid` holds messages"),
            "{error}"
        );
    }

    #[test]
    fn a_query_field_gives_its_bound_field_to_the_path_and_the_rest_to_the_query() {
        let list = Binding {
            method_id: "x.list",
            verb: Verb::Get,
            path: LazyTemplate::new("/v1/{thing.name=things/*}/parts"),
            body: Body::None,
            idempotent: true,
        };
        let parts = transcode(
            &list,
            json!({"thing": {"name": "things/t", "tags": {"k": 1}}, "ids": [1, 2]}),
        )
        .unwrap();
        assert_eq!(parts.path, "/v1/things/t/parts");
        assert_eq!(
            parts.query,
            vec![
                ("ids".to_owned(), "1".to_owned()),
                ("ids".to_owned(), "2".to_owned()),
                ("thing.tags.k".to_owned(), "1".to_owned()),
            ]
        );
    }

    #[test]
    fn a_bound_field_that_is_not_text_fills_no_variable() {
        let get = Binding {
            method_id: "x.get",
            verb: Verb::Get,
            path: LazyTemplate::new("/v1/{name=*}"),
            body: Body::None,
            idempotent: true,
        };
        for name in [json!(7), json!(["a"]), json!({"a": "b"})] {
            let error = transcode(&get, json!({ "name": name })).unwrap_err();
            assert!(error.to_string().contains("name"), "{error}");
        }
        let parts = transcode(&get, json!({"name": "t-1"})).unwrap();
        assert_eq!(parts.path, "/v1/t-1");
        assert!(parts.query.is_empty());
    }

    #[test]
    fn an_unset_body_field_is_an_empty_object() {
        let parts = transcode(&PATCH, json!({"shelf": {"name": "shelves/c1"}})).unwrap();
        assert_eq!(body(&parts), Some(json!({"name": "shelves/c1"})));
        let create = Binding {
            method_id: "shelves.create",
            verb: Verb::Post,
            path: LazyTemplate::new("/v1beta/shelves"),
            body: Body::Field("shelf"),
            idempotent: false,
        };
        let parts = transcode(&create, json!({})).unwrap();
        assert_eq!(parts.body.as_deref(), Some(&b"{}"[..]));
    }
}
