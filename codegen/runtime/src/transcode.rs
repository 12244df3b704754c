//! Google's HTTP/JSON transcoding, client side: a request message (as JSON)
//! becomes a path, query parameters and an optional JSON body.
//!
//! The rules: each path variable takes the value of the request field it
//! names, which must fit the variable's pattern. With `body: "*"` every other
//! field goes in the body; with `body: "field"` that field is the body and the
//! remaining fields become query parameters; with no body every field not in
//! the path is a query parameter. Query parameters use JSON names; nested
//! messages become dotted names and repeated fields repeated keys.

use serde_json::{Map, Value};

use crate::binding::{Binding, Body};
use crate::Error;

/// A request split into its HTTP parts.
#[derive(Clone, Debug, PartialEq)]
pub struct HttpParts {
    /// The path with every variable filled in and percent-encoded.
    pub path: String,
    /// Query parameters, sorted by name so the same request always gives the same URL.
    pub query: Vec<(String, String)>,
    /// The JSON body, if the method has one.
    pub body: Option<Value>,
}

/// Splits `request` (a JSON object) into path, query and body as `binding` says.
pub fn transcode(binding: &Binding, request: Value) -> Result<HttpParts, Error> {
    let template = binding.path.parsed().map_err(|error| {
        Error::InvalidRequest(format!(
            "{}: bad path template {:?}: {error}",
            binding.method_id,
            binding.path.as_str()
        ))
    })?;
    let mut fields = match request {
        Value::Object(fields) => fields,
        other => {
            return Err(Error::InvalidRequest(format!(
                "{}: the request must encode as a JSON object, not {other}",
                binding.method_id
            )))
        }
    };

    let mut bound = Vec::new();
    let path = {
        let lookup =
            |variable: &crate::path_template::Variable| match lookup(&fields, &variable.field_path)
            {
                Some(Value::String(text)) => Some(text.as_str()),
                _ => None,
            };
        template
            .expand(lookup)
            .map_err(|error| Error::InvalidRequest(format!("{}: {error}", binding.method_id)))?
    };
    for variable in template.variables() {
        bound.push(variable.field_path.clone());
    }

    let body = match binding.body {
        Body::None => None,
        Body::All => {
            for field_path in &bound {
                remove(&mut fields, field_path);
            }
            return Ok(HttpParts {
                path,
                query: Vec::new(),
                body: Some(Value::Object(fields)),
            });
        }
        Body::Field(name) => Some(
            fields
                .remove(name)
                .unwrap_or_else(|| Value::Object(Map::new())),
        ),
    };
    for field_path in &bound {
        remove(&mut fields, field_path);
    }
    let mut query = Vec::new();
    for (name, value) in fields {
        push_query(binding, &name, value, &mut query)?;
    }
    // Sorted whatever order the JSON map keeps (serde_json's `preserve_order`
    // may be on); the sort is stable, so repeated values keep their order.
    query.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(HttpParts { path, query, body })
}

fn lookup<'a>(fields: &'a Map<String, Value>, path: &[String]) -> Option<&'a Value> {
    let (first, rest) = path.split_first()?;
    let value = fields.get(first)?;
    if rest.is_empty() {
        return Some(value);
    }
    match value {
        Value::Object(inner) => lookup(inner, rest),
        _ => None,
    }
}

/// Removes a bound field; drops parent objects that end up empty.
fn remove(fields: &mut Map<String, Value>, path: &[String]) {
    let Some((first, rest)) = path.split_first() else {
        return;
    };
    if rest.is_empty() {
        fields.remove(first);
        return;
    }
    if let Some(Value::Object(inner)) = fields.get_mut(first) {
        remove(inner, rest);
        if inner.is_empty() {
            fields.remove(first);
        }
    }
}

fn push_query(
    binding: &Binding,
    name: &str,
    value: Value,
    query: &mut Vec<(String, String)>,
) -> Result<(), Error> {
    match value {
        Value::Null => {}
        Value::Object(inner) => {
            for (key, value) in inner {
                push_query(binding, &format!("{name}.{key}"), value, query)?;
            }
        }
        Value::Array(items) => {
            for item in items {
                match item {
                    Value::Array(_) | Value::Object(_) => {
                        return Err(Error::InvalidRequest(format!(
                            "{}: field `{name}` holds messages and cannot be sent as a query parameter",
                            binding.method_id
                        )))
                    }
                    scalar => push_query(binding, name, scalar, query)?,
                }
            }
        }
        Value::String(text) => query.push((name.to_owned(), text)),
        Value::Bool(flag) => query.push((name.to_owned(), flag.to_string())),
        Value::Number(number) => query.push((name.to_owned(), number.to_string())),
    }
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
            parts.body,
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
        assert_eq!(parts.body, Some(json!({"query": "q"})));
    }

    #[test]
    fn missing_or_mismatched_path_fields_are_errors() {
        let error = transcode(&PATCH, json!({"corpus": {"name": "files/x"}})).unwrap_err();
        assert!(error.to_string().contains("corpus.name"), "{error}");
        assert!(transcode(&PATCH, json!({})).is_err());
    }
}
