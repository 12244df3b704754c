//! A method's transcoding plan: its path and body as checked, and the
//! query parameters they leave, worked out once from the resolved messages.

use std::collections::{BTreeMap, BTreeSet};

use apigen_runtime::path_template::PathTemplate;

use crate::model::{
    BodyRef, Field, Message, PathField, QueryParam, Shape, Transcoding, TypeModule, TypeRef,
};

/// The resolved messages by spec name.
pub struct Messages<'m>(BTreeMap<&'m str, &'m Message>);

impl<'m> Messages<'m> {
    /// Indexes every message of `modules`.
    pub fn of(modules: &'m [TypeModule]) -> Self {
        Self(
            modules
                .iter()
                .flat_map(|module| &module.messages)
                .map(|message| (message.path.spec_name.as_str(), message))
                .collect(),
        )
    }

    /// The message named `spec_name`.
    pub fn get(&self, spec_name: &str) -> Option<&'m Message> {
        self.0.get(spec_name).copied()
    }
}

/// The plan for a request of type `request`: every top-level field that is
/// neither bound to the path nor the body goes to the query string.
pub fn plan(
    path: PathTemplate,
    path_fields: Vec<PathField>,
    body: BodyRef,
    request: &str,
    messages: &Messages<'_>,
) -> Transcoding {
    // The top-level request fields that the path binds (`cachedContent` for `cachedContent.name`).
    let bound: BTreeSet<&str> = path
        .variables()
        .filter_map(|variable| variable.field_path.first().map(String::as_str))
        .collect();
    let mut query = Vec::new();
    for field in messages
        .get(request)
        .into_iter()
        .flat_map(|message| &message.fields)
    {
        let in_body = match &body {
            BodyRef::All => true,
            BodyRef::Field(name) => name == &field.json_name,
            BodyRef::None => false,
        };
        if !in_body && !bound.contains(field.json_name.as_str()) {
            let mut visiting = BTreeSet::new();
            query_params(&field.json_name, field, messages, &mut visiting, &mut query);
        }
    }
    Transcoding {
        path,
        path_fields,
        query,
        body,
    }
}

/// The query parameters one field becomes: scalars and lists of scalars
/// directly, messages flattened into dotted names (each message once per
/// path, so recursive types end); maps and lists of messages none.
fn query_params<'m>(
    name: &str,
    field: &'m Field,
    messages: &Messages<'m>,
    visiting: &mut BTreeSet<&'m str>,
    out: &mut Vec<QueryParam>,
) {
    match (&field.ty, &field.shape) {
        (TypeRef::Message(message), Shape::Single { .. }) => {
            let Some(message) = messages.get(&message.spec_name) else {
                return;
            };
            if !visiting.insert(&message.path.spec_name) {
                return;
            }
            for inner in &message.fields {
                let name = format!("{name}.{}", inner.json_name);
                query_params(&name, inner, messages, visiting, out);
            }
            visiting.remove(message.path.spec_name.as_str());
        }
        (TypeRef::Message(_), _) | (_, Shape::Map(_)) => {}
        _ => out.push(QueryParam {
            name: name.to_owned(),
            field: field.clone(),
        }),
    }
}
