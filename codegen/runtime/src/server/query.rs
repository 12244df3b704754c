//! Query parameters back into JSON (the server side of transcoding):
//! `pageSize=5&filter.tags=a&filter.tags=b` becomes
//! `{"pageSize": "5", "filter": {"tags": ["a", "b"]}}`. Every value stays
//! text; the codec's query mode reads it as whatever the field needs.

use serde_json::{Map, Value};

/// The query parameters as a JSON object: dotted names nest, a repeated name
/// becomes a list. `alt` (the response format) is not a request field.
pub(crate) fn query_json(query: &str) -> Result<Value, String> {
    let mut root = Map::new();
    for (name, value) in form_urlencoded::parse(query.as_bytes()) {
        if name == "alt" {
            continue;
        }
        let mut parts = name.split('.').peekable();
        let mut object = &mut root;
        while let Some(part) = parts.next() {
            if part.is_empty() {
                return Err(format!("query parameter `{name}` has an empty name part"));
            }
            let clash = || format!("query parameter `{name}` is both a value and a message");
            if parts.peek().is_none() {
                let text = Value::String(value.clone().into_owned());
                match object.get_mut(part) {
                    None => {
                        object.insert(part.to_owned(), text);
                    }
                    Some(Value::Array(items)) => items.push(text),
                    Some(Value::Object(_)) => return Err(clash()),
                    Some(single) => {
                        let first = std::mem::take(single);
                        *single = Value::Array(vec![first, text]);
                    }
                }
            } else {
                let inner = object
                    .entry(part.to_owned())
                    .or_insert_with(|| Value::Object(Map::new()));
                match inner {
                    Value::Object(inner) => object = inner,
                    _ => return Err(clash()),
                }
            }
        }
    }
    Ok(Value::Object(root))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nests_dotted_names_and_lists_repeated_ones() {
        let tree =
            query_json("pageSize=5&alt=sse&filter.tags=a&filter.tags=b&filter.on=true&q=a%20b")
                .unwrap();
        assert_eq!(
            tree,
            json!({"pageSize": "5", "filter": {"tags": ["a", "b"], "on": "true"}, "q": "a b"})
        );
    }

    #[test]
    fn refuses_a_name_that_is_both_a_value_and_a_message() {
        assert!(query_json("a=1&a.b=2").is_err());
        assert!(query_json("a.b=2&a=1").is_err());
        assert!(query_json("a..b=1").is_err());
    }
}
