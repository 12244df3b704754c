//! Methods: each checked against its request and response types and lowered
//! with the Rust names it becomes. The HTTP binding, the kind of call and the
//! wait helper are checked in the submodules.

mod http;
mod kinds;
mod settings;
mod wait;

use super::rust_names::Namespace;
use super::suggest::{self, Expected};
use super::types::TypeIndex;
use crate::annotate::{self, Messages};
use crate::diagnostic::{Diagnostics, Reported};
use crate::model::{self, MethodKind, Verb};
use crate::names::{self, reserved};
use crate::spec::{self, Text};
use http::resolve_http;
use kinds::method_kind;
use settings::method_settings;
pub use settings::InheritedRetry;

/// The names every method takes in the whole generated crate: its binding
/// constant and its methods on the server's `Service` trait.
pub struct MethodNames {
    constants: Namespace,
    service: Namespace,
}

impl Default for MethodNames {
    fn default() -> Self {
        Self {
            constants: Namespace::new("constant", &[]),
            service: Namespace::new("server method", &[reserved::SERVICE_METHODS]),
        }
    }
}

/// Lowers a resource's methods. `handle` holds the names already taken on
/// the resource's handle (its child resources' accessors); `global`, the
/// names taken across the crate; `api_retry`, the API's retry policy that
/// a method's own one inherits from.
pub fn resolve_methods(
    resource: &spec::Resource,
    handle: &mut Namespace,
    global: &mut MethodNames,
    (index, messages): (&TypeIndex<'_>, &Messages<'_>),
    api_retry: InheritedRetry<'_>,
    diagnostics: &mut Diagnostics,
) -> Vec<model::Method> {
    let mut methods = Vec::new();
    for method in &resource.methods {
        if !names::is_lower_camel(&method.name.value) {
            diagnostics.push(
                method
                    .name
                    .at
                    .error(format!(
                        "`{}` is not a valid method name",
                        method.name.value
                    ))
                    .with_help(
                        "method names are lowerCamelCase, as in the REST view, e.g. `batchCreate`",
                    ),
            );
            continue;
        }
        let rust_name = names::snake(&method.name.value);
        let Ok(resolved) = resolve_method(
            resource,
            method,
            rust_name,
            (index, messages),
            api_retry,
            diagnostics,
        ) else {
            continue; // reported: the spec does not generate
        };
        let mut ok = true;
        for (name, text) in generated_names(&resolved, method) {
            ok &= handle.claim(&name, text, "rename the method", diagnostics);
        }
        let id = Text {
            value: resolved.id.clone(),
            at: method.name.at.clone(),
        };
        let fix = "rename the method or its resource";
        if ok
            && global
                .constants
                .claim(&resolved.binding_const, &id, fix, diagnostics)
        {
            global
                .service
                .claim(&resolved.handler, &id, fix, diagnostics);
            if let MethodKind::MediaUpload { media_handler, .. } = &resolved.kind {
                global.service.claim(media_handler, &id, fix, diagnostics);
            }
        }
        methods.push(resolved);
    }
    methods
}

/// Every Rust method a spec method turns into, with the spec text it came from.
fn generated_names<'s>(method: &model::Method, spec: &'s spec::Method) -> Vec<(String, &'s Text)> {
    let name = &method.rust_name;
    let mut names = vec![(name.clone(), &spec.name)];
    match &method.kind {
        MethodKind::Paged {
            pages_method,
            items_method,
            ..
        } => {
            names.push((pages_method.clone(), &spec.name));
            names.push((items_method.clone(), &spec.name));
        }
        MethodKind::MediaUpload { media_method, .. } => {
            names.push((media_method.clone(), &spec.name))
        }
        MethodKind::Unary { .. }
        | MethodKind::ServerStreaming { .. }
        | MethodKind::LongRunning(_) => {}
    }
    if let (
        MethodKind::Unary {
            wait: Some(helper), ..
        },
        Some(wait),
    ) = (&method.kind, &spec.wait)
    {
        names.push((helper.rust_name.clone(), &wait.name));
    }
    names
}

/// Lowers one method: its request and answer, its kind of call and its HTTP binding.
fn resolve_method(
    resource: &spec::Resource,
    method: &spec::Method,
    rust_name: String,
    (index, messages): (&TypeIndex<'_>, &Messages<'_>),
    api_retry: InheritedRetry<'_>,
    diagnostics: &mut Diagnostics,
) -> Result<model::Method, Reported> {
    let request = message_ref(&method.request, Expected::Message, index, diagnostics);
    let response = answer_ref(&method.response, index, diagnostics);
    let id = format!("{}.{}", resource.name.value, method.name.value);
    let binding_const = names::binding_const(&id);
    let handler = binding_const.to_lowercase();
    let kind = response.and_then(|response| {
        method_kind(method, (&rust_name, &handler), response, index, diagnostics)
    });
    let http = request.and_then(|request| resolve_http(&method.http, request, index, diagnostics));
    let settings = method_settings(method, &id, api_retry, diagnostics);
    let (request, kind, (wire_path, body, path_fields), settings) =
        (request?, kind?, http?, settings?);
    let verb = method.http.verb;
    let request = index.declared_path(&request.name);
    let http = annotate::plan(wire_path, path_fields, body, &request.spec_name, messages);
    Ok(model::Method {
        binding_const,
        handler,
        idempotent: method
            .idempotent
            .unwrap_or(matches!(verb, Verb::Get | Verb::Put | Verb::Delete)),
        settings,
        id,
        rust_name,
        description: method.description.value.clone(),
        deprecated: method.deprecated,
        verb,
        spec_path: method.http.path.value.clone(),
        http,
        request,
        kind,
    })
}

/// What a method (or an operation) answers, as declared.
#[derive(Clone, Copy)]
enum Answer<'s> {
    /// `google.protobuf.Empty`.
    Empty,
    /// A message of the spec.
    Message(&'s spec::Message),
}

impl Answer<'_> {
    /// The model's form of the answer.
    fn lower(self, index: &TypeIndex<'_>) -> model::Response {
        match self {
            Answer::Empty => model::Response::Empty,
            Answer::Message(message) => {
                model::Response::Message(index.declared_path(&message.name))
            }
        }
    }
}

/// The answer a `response:` names: a message, or `google.protobuf.Empty`.
fn answer_ref<'s>(
    text: &Text,
    index: &TypeIndex<'s>,
    diagnostics: &mut Diagnostics,
) -> Result<Answer<'s>, Reported> {
    if text.value == EMPTY {
        return Ok(Answer::Empty);
    }
    message_ref(text, Expected::Response, index, diagnostics).map(Answer::Message)
}

/// The spec name of the empty answer.
const EMPTY: &str = "google.protobuf.Empty";

/// The proof for a required value that is missing: the reader reported it.
fn missing(text: &Text, diagnostics: &mut Diagnostics) -> Reported {
    diagnostics.reported_before(|| text.at.error("a value is missing here"))
}

/// The message a request, response or operation type names; `expected`
/// says which, for the suggestion when it names nothing.
fn message_ref<'s>(
    text: &Text,
    expected: Expected,
    index: &TypeIndex<'s>,
    diagnostics: &mut Diagnostics,
) -> Result<&'s spec::Message, Reported> {
    match index.message(&text.value) {
        Some(message) => Ok(message),
        None if index.contains(&text.value) => Err(diagnostics.report(
            text.at
                .error(format!(
                    "`{}` is an enum; requests and responses are messages",
                    text.value
                ))
                .with_help("name a message, e.g. one with the enum as a field"),
        )),
        None if !index.reports_unknown(&text.value) => Err(missing(text, diagnostics)),
        None => {
            let diagnostic = text.at.error(format!("unknown message `{}`", text.value));
            let help = suggest::type_name(&text.value, index.message_names(), expected)
                .unwrap_or_else(|| match expected {
                    Expected::Response => "declare it under `messages:` in a spec file, or answer nothing with `google.protobuf.Empty`".to_owned(),
                    _ => "declare it under `messages:` in a spec file".to_owned(),
                });
            Err(diagnostics.report(diagnostic.with_help(help)))
        }
    }
}

/// Finds a field by JSON name, or by the proto name whose JSON form it is.
fn find_field<'s>(message: &'s spec::Message, name: &str) -> Option<&'s spec::Field> {
    let json = names::proto_to_json(name);
    message
        .fields
        .iter()
        .find(|field| field.name.value == name || field.name.value == json)
}
