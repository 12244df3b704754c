//! A method's transcoding plan: its path and body as checked, and the
//! request fields they leave to the query string, each with how it is sent.

use std::collections::{BTreeMap, BTreeSet};

use apigen_runtime::path_template::PathTemplate;

use crate::model::{
    BodyRef, Field, Message, PathField, QueryKind, QueryParam, Shape, Transcoding, TypeModule,
    TypeRef,
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
/// neither bound to the path nor the body goes to the query string, with
/// the kind that says how.
pub fn plan(
    path: PathTemplate,
    path_fields: Vec<PathField>,
    body: BodyRef,
    request: &str,
    messages: &Messages<'_>,
) -> Transcoding {
    // The top-level request fields that the path binds (`readingList` for `readingList.name`).
    let bound: BTreeSet<&str> = path
        .variables()
        .filter_map(|variable| variable.field_path.first().map(String::as_str))
        .collect();
    let in_body = |field: &Field| match &body {
        BodyRef::All => true,
        BodyRef::Field(name) => name == &field.json_name,
        BodyRef::None => false,
    };
    let query = messages
        .get(request)
        .into_iter()
        .flat_map(|message| &message.fields)
        .filter(|field| !in_body(field) && !bound.contains(field.json_name.as_str()))
        .map(|field| QueryParam {
            kind: query_kind(field),
            field: field.clone(),
        })
        .collect();
    Transcoding {
        path,
        path_fields,
        query,
        body,
    }
}

/// How a field goes into the query string, as the runtime sends it.
fn query_kind(field: &Field) -> QueryKind {
    match (&field.ty, &field.shape) {
        (_, Shape::Map(_)) => QueryKind::Map,
        (TypeRef::Message(_), Shape::Repeated) => QueryKind::MessageList,
        (TypeRef::Message(message), Shape::Single { .. }) => QueryKind::Message(message.clone()),
        _ => QueryKind::Value,
    }
}
