//! The static description of how one API method maps onto HTTP.

use std::fmt;
use std::sync::OnceLock;

use crate::path_template::{PathTemplate, TemplateError};
use crate::Verb;

/// Which part of the request becomes the HTTP body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Body {
    /// No body: every field not bound in the path is a query parameter.
    None,
    /// `body: "*"`: every field not bound in the path goes in the JSON body.
    All,
    /// `body: "field"`: that field (by JSON name) is the body; the rest are query parameters.
    Field(&'static str),
}

/// A path template, parsed the first time it is used and kept from then
/// on, so that a `static` binding parses its template (and works out which
/// request fields it binds) once per process.
pub struct LazyTemplate {
    text: &'static str,
    parsed: OnceLock<Result<Bound, TemplateError>>,
}

/// A parsed template and the request fields its variables bind, grouped by
/// the top-level field they sit in: what the client needs to split each
/// request into path, query and body without looking at the template again.
#[derive(Debug)]
#[cfg_attr(not(feature = "client"), allow(dead_code))]
pub(crate) struct Bound {
    /// The parsed template.
    pub template: PathTemplate,
    /// One entry per top-level field that holds a bound field.
    pub fields: Vec<BoundField>,
}

/// A top-level request field that holds (or is) a path-bound field.
#[derive(Debug)]
#[cfg_attr(not(feature = "client"), allow(dead_code))]
pub(crate) struct BoundField {
    /// The field's JSON name.
    pub name: String,
    /// Each variable bound inside it: its position among the template's
    /// variables, and the field path below this field (empty when the
    /// variable binds this field itself).
    pub variables: Vec<(usize, Vec<String>)>,
}

#[cfg_attr(not(feature = "client"), allow(dead_code))]
impl BoundField {
    /// Whether the variables bind this field itself, not fields inside it.
    pub fn is_whole(&self) -> bool {
        self.variables.iter().all(|(_, path)| path.is_empty())
    }
}

impl Bound {
    fn new(template: PathTemplate) -> Self {
        let mut fields: Vec<BoundField> = Vec::new();
        for (index, variable) in template.variables().enumerate() {
            let Some((first, rest)) = variable.field_path.split_first() else {
                continue;
            };
            let entry = (index, rest.to_vec());
            match fields.iter_mut().find(|field| field.name == *first) {
                Some(field) => field.variables.push(entry),
                None => fields.push(BoundField {
                    name: first.clone(),
                    variables: vec![entry],
                }),
            }
        }
        Self { template, fields }
    }
}

impl LazyTemplate {
    /// The template `text`, not parsed yet.
    pub const fn new(text: &'static str) -> Self {
        Self {
            text,
            parsed: OnceLock::new(),
        }
    }

    /// The template as written.
    pub fn as_str(&self) -> &'static str {
        self.text
    }

    /// The parsed template (parsed on the first call).
    pub fn parsed(&self) -> Result<&PathTemplate, &TemplateError> {
        self.bound().map(|bound| &bound.template)
    }

    /// The parsed template with the fields it binds (worked out on the first call).
    pub(crate) fn bound(&self) -> Result<&Bound, &TemplateError> {
        self.parsed
            .get_or_init(|| PathTemplate::parse(self.text).map(Bound::new))
            .as_ref()
    }
}

impl fmt::Debug for LazyTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.text, f)
    }
}

impl PartialEq for LazyTemplate {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for LazyTemplate {}

/// How one API method is called over HTTP.
///
/// Variables in `path` name request fields by their JSON names, e.g.
/// `/v1beta/{readingList.name=readingLists/*}`.
#[derive(Debug, PartialEq, Eq)]
pub struct Binding {
    /// The REST method id, e.g. `shelves.books.query`; used in logs and errors.
    pub method_id: &'static str,
    /// The HTTP verb.
    pub verb: Verb,
    /// The path template.
    pub path: LazyTemplate,
    /// Where the body comes from.
    pub body: Body,
    /// Whether sending the request twice has the same effect as once, so
    /// that any transient failure may be retried.
    pub idempotent: bool,
}
