//! Methods: HTTP bindings checked against their request types, and the
//! Rust names each method becomes.

use apigen_runtime::path_template::{PathTemplate, PatternSegment};

use super::rust_names::Namespace;
use super::suggest::{self, Expected};
use super::types::TypeIndex;
use super::unknown;
use crate::diagnostic::{Diagnostics, Loc, Reported};
use crate::model::{self, BodyRef, MethodKind, Scalar, Verb};
use crate::names;
use crate::spec::{self, Text};

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
            service: Namespace::new(
                "server method",
                &[("authorize", "for the check before every method")],
            ),
        }
    }
}

/// Lowers a resource's methods. `handle` holds the names already taken on
/// the resource's handle (its child resources' accessors); `global`, the
/// names taken across the crate.
pub fn resolve_methods(
    resource: &spec::Resource,
    handle: &mut Namespace,
    global: &mut MethodNames,
    index: &TypeIndex<'_>,
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
        let Ok(resolved) = resolve_method(resource, method, rust_name, index, diagnostics) else {
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
        | MethodKind::LongRunning { .. } => {}
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

fn resolve_method(
    resource: &spec::Resource,
    method: &spec::Method,
    rust_name: String,
    index: &TypeIndex<'_>,
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
    let (request, kind, (wire_path, body, path_fields)) = (request?, kind?, http?);
    let verb = method.http.verb;
    Ok(model::Method {
        binding_const,
        handler,
        idempotent: method
            .idempotent
            .unwrap_or(matches!(verb, Verb::Get | Verb::Put | Verb::Delete)),
        id,
        rust_name,
        description: method.description.value.clone(),
        deprecated: method.deprecated,
        verb,
        spec_path: method.http.path.value.clone(),
        wire_path,
        body,
        path_fields,
        request: index.declared_path(&request.name),
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

/// Checks a `wait:` declaration against the response type.
fn wait_helper(
    wait: &spec::Wait,
    response: Answer<'_>,
    method: &spec::Method,
    index: &TypeIndex<'_>,
    diagnostics: &mut Diagnostics,
) -> Result<model::WaitHelper, Reported> {
    if wait.name.value.is_empty() {
        return Err(missing(&wait.name, diagnostics));
    }
    if wait.field.value.is_empty() {
        return Err(missing(&wait.field, diagnostics));
    }
    if !names::is_lower_camel(&wait.name.value) {
        return Err(diagnostics.report(
            wait.name
                .at
                .error(format!("`{}` is not a valid helper name", wait.name.value))
                .with_help("name it in lowerCamelCase, e.g. `waitUntilActive`"),
        ));
    }
    let rust_name = names::snake(&wait.name.value);
    let Answer::Message(response) = response else {
        return Err(diagnostics.report(
            wait.name
                .at
                .error(format!(
                    "`{}` waits on a field of the response, and `{EMPTY}` has none",
                    wait.name.value
                ))
                .with_note(&method.response.at.loc, "the response")
                .with_help("drop `wait:`, or answer a message with an enum field to wait on"),
        ));
    };
    let Some(field) = find_field(response, &wait.field.value) else {
        if !response.intact {
            return Err(missing(&wait.field, diagnostics));
        }
        let candidates = response
            .fields
            .iter()
            .map(|field| field.name.value.as_str());
        let message = format!(
            "`{}` is not a field of `{}`",
            wait.field.value, response.name.value
        );
        return Err(diagnostics.report(unknown(&wait.field, message, candidates)));
    };
    let Some(enumeration) = index.enumeration(&field.type_name.value) else {
        return Err(diagnostics.report(
            wait.field
                .at
                .error(format!(
                    "`{}` must be an enum field to wait on",
                    wait.field.value
                ))
                .with_note(&field.type_name.at.loc, "its type")
                .with_help("wait on a field whose type is an enum, such as a `state`"),
        ));
    };
    if field.repeated || field.map_key.is_some() || field.optional {
        return Err(diagnostics.report(
            wait.field
                .at
                .error(format!(
                    "`{}` must be a single, non-optional enum field",
                    wait.field.value
                ))
                .with_note(&field.at.loc, "the field")
                .with_help("wait on one enum value: drop `repeated`, `map` or `optional` there"),
        ));
    }
    let wire = enumeration
        .values
        .iter()
        .map(|value| value.name.value.as_str());
    let mut pending = Vec::new();
    let mut failed = None;
    for value in &wait.pending {
        match enumeration
            .values
            .iter()
            .find(|declared| declared.name.value == value.value)
        {
            Some(declared) => pending.push(super::types::variant_name(enumeration, declared)),
            None => {
                let message = format!(
                    "`{}` is not a value of `{}`",
                    value.value, enumeration.name.value
                );
                failed = Some(diagnostics.report(unknown(value, message, wire.clone())));
            }
        }
    }
    if let Some(reported) = failed {
        return Err(reported);
    }
    if pending.is_empty() {
        // An empty `while:` is refused when it is read.
        return Err(
            diagnostics.reported_before(|| wait.name.at.error("`wait:` names no value to wait on"))
        );
    }
    Ok(model::WaitHelper {
        response: index.declared_path(&response.name),
        rust_name,
        field: index.rust_field_name(field),
        field_json: field.name.value.clone(),
        enum_type: index.declared_path(&enumeration.name),
        pending,
        pending_wire: wait
            .pending
            .iter()
            .map(|value| value.value.clone())
            .collect(),
    })
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

/// Checks the template, path variables and body against the request message.
fn resolve_http(
    http: &spec::Http,
    request: &spec::Message,
    index: &TypeIndex<'_>,
    diagnostics: &mut Diagnostics,
) -> Result<(PathTemplate, BodyRef, Vec<model::PathField>), Reported> {
    let path = &http.path;
    let template = match PathTemplate::parse(&path.value) {
        Ok(template) => template,
        Err(error) => {
            let at = at_offset(path, error.offset);
            return Err(diagnostics.report(at.error(format!("the path template does not parse: {}", error.message)).with_help(
                "templates look like `/v1/{name=things/*}:verb`; variables are `{field}` or `{field=pattern}`",
            )));
        }
    };
    // Set when a variable or the body does not fit.
    let mut failed = None;
    // Where each variable is written, by its field path as written.
    let variable_at = |field: &str| {
        let offset = [format!("{{{field}}}"), format!("{{{field}=")]
            .iter()
            .filter_map(|written| path.value.find(written.as_str()))
            .min()
            .map_or(0, |start| start + 1);
        at_offset(path, offset)
    };
    let mut bound = Vec::new();
    let mut path_fields = Vec::new();
    let mut variables = template.variables();
    let wire = template.map_field_paths(|field_path| {
        match (json_path(field_path, request, index), variables.next()) {
            (Ok(walk), variable) => {
                let pattern = variable.map_or(&[][..], |variable| &variable.pattern);
                path_fields.push(model::PathField {
                    example: example_value(pattern, &walk.json),
                    setters: walk.setters,
                    messages: walk.messages,
                });
                bound.push((walk.json.clone(), field_path.join(".")));
                walk.json
            }
            (Err(problem), _) => {
                let field = field_path.join(".");
                failed = Some(match problem {
                    Some(problem) => {
                        let mut diagnostic = variable_at(&field)
                            .error(format!("path variable `{field}`: {}", problem.message))
                            .with_help(problem.help);
                        if let Some(declared) = &problem.field {
                            diagnostic = diagnostic.with_note(declared, "the field");
                        }
                        diagnostics.report(diagnostic)
                    }
                    None => diagnostics.reported_before(|| {
                        variable_at(&field)
                            .error(format!("path variable `{field}` was not checked"))
                    }),
                });
                field_path.to_vec()
            }
        }
    });
    let body = match http.body.as_ref() {
        None => BodyRef::None,
        Some(body) if body.value == "*" => BodyRef::All,
        Some(body) => match find_field(request, &body.value) {
            Some(field) => {
                if let Some((_, written)) = bound
                    .iter()
                    .find(|(json, _)| json.len() == 1 && json[0] == field.name.value)
                {
                    failed = Some(diagnostics.report(
                        body.at
                            .error(format!(
                                "the body `{}` is also a path variable, so the body would be just that string",
                                body.value
                            ))
                            .with_note(&variable_at(written).loc, "bound here")
                            .with_help("send the other fields as the body (`body: \"*\"`), or name a field that is not in the path"),
                    ));
                }
                BodyRef::Field(field.name.value.clone())
            }
            None => {
                failed = Some(if request.intact {
                    let candidates = request.fields.iter().map(|field| field.name.value.as_str());
                    diagnostics.report(unknown(
                        body,
                        format!(
                            "the body `{}` is not a field of `{}`",
                            body.value, request.name.value
                        ),
                        candidates,
                    ))
                } else {
                    missing(body, diagnostics)
                });
                BodyRef::None
            }
        },
    };
    if body != BodyRef::None && matches!(http.verb, Verb::Get | Verb::Delete) {
        let mut diagnostic = http.at.error(format!(
            "a `{}` binding cannot have a body",
            model::verb_key(http.verb)
        ));
        if let Some(body) = &http.body {
            diagnostic = diagnostic.with_note(&body.at.loc, "the body").with_help(
                "remove the body: every field not in the path is sent as a query parameter",
            );
        }
        failed = Some(diagnostics.report(diagnostic));
    }
    match failed {
        Some(reported) => Err(reported),
        None => Ok((wire, body, path_fields)),
    }
}

/// A value that fits a variable's pattern, for doc examples: each `*` after
/// a collection name becomes `my-` and the name in the singular
/// (`corpora/*/documents/*` → `corpora/my-corpus/documents/my-document`).
fn example_value(pattern: &[PatternSegment], json: &[String]) -> String {
    let mut previous = json.last().map_or("name", String::as_str);
    let mut parts = Vec::new();
    for segment in pattern {
        match segment {
            PatternSegment::Literal(text) => {
                previous = text;
                parts.push(text.clone());
            }
            PatternSegment::Star | PatternSegment::DoubleStar => {
                parts.push(format!("my-{}", names::kebab(&singular(previous))));
            }
        }
    }
    parts.join("/")
}

/// The singular of an English or Latin collection name, as REST APIs spell them.
fn singular(plural: &str) -> String {
    if let Some(stem) = plural.strip_suffix("ora") {
        format!("{stem}us")
    } else if let Some(stem) = plural.strip_suffix('s') {
        stem.to_owned()
    } else {
        plural.to_owned()
    }
}

/// The place `offset` bytes into a one-line scalar, after its opening quote if it has one.
fn at_offset(text: &Text, offset: usize) -> spec::At {
    let mut at = text.at.clone();
    let quote = at
        .loc
        .line_text()
        .chars()
        .nth(at.loc.pos.column.saturating_sub(1))
        .is_some_and(|c| c == '"' || c == '\'');
    let chars = text
        .value
        .get(..offset)
        .map_or(0, |before| before.chars().count());
    at.loc.pos.column += usize::from(quote) + chars;
    at
}

/// Finds a field by JSON name, or by the proto name whose JSON form it is.
fn find_field<'s>(message: &'s spec::Message, name: &str) -> Option<&'s spec::Field> {
    let json = names::proto_to_json(name);
    message
        .fields
        .iter()
        .find(|field| field.name.value == name || field.name.value == json)
}

/// Why a path variable does not fit its request, and how to fix it.
struct PathProblem {
    message: String,
    help: String,
    /// The field's declaration, when the problem is the field itself.
    field: Option<Loc>,
}

/// A path variable's field, reached from the request.
struct FieldWalk {
    /// The JSON name of each field on the way.
    json: Vec<String>,
    /// The setter of each field on the way.
    setters: Vec<String>,
    /// The message type of each field on the way but the last.
    messages: Vec<model::TypePath>,
}

/// Resolves a dotted variable path to JSON names (with the setters and
/// message types on the way); the leaf must be a single string.
/// `Err(None)` when the problem is a message that could not be read
/// (already reported).
fn json_path(
    path: &[String],
    request: &spec::Message,
    index: &TypeIndex<'_>,
) -> Result<FieldWalk, Option<PathProblem>> {
    let mut message = request;
    let mut walk = FieldWalk {
        json: Vec::new(),
        setters: Vec::new(),
        messages: Vec::new(),
    };
    for (position, segment) in path.iter().enumerate() {
        let Some(field) = find_field(message, segment) else {
            if !message.intact {
                return Err(None);
            }
            let hint = crate::diagnostic::did_you_mean(
                segment,
                message.fields.iter().map(|field| field.name.value.as_str()),
            );
            return Err(Some(PathProblem {
                message: format!("`{}` has no field `{segment}`", message.name.value),
                help: hint.unwrap_or_else(|| {
                    format!(
                        "add the field to `{}`, or bind a field it has",
                        message.name.value
                    )
                }),
                field: None,
            }));
        };
        walk.json.push(field.name.value.clone());
        walk.setters
            .push(format!("set_{}", index.rust_field_name(field)));
        let problem = |message: String, help: &str| {
            Err(Some(PathProblem {
                message,
                help: help.to_owned(),
                field: Some(field.name.at.loc.clone()),
            }))
        };
        // The binding is written with JSON names; the template must still parse.
        if field.name.value.starts_with(|c: char| c.is_ascii_digit()) {
            return problem(
                format!(
                    "field `{segment}` has the JSON name `{}`, which cannot be a path variable",
                    field.name.value
                ),
                "rename the field so that its JSON name starts with a letter, or bind another field",
            );
        }
        if field.repeated || field.map_key.is_some() {
            return problem(
                format!("field `{segment}` is a list or map"),
                "a path variable binds one string field",
            );
        }
        if position + 1 == path.len() {
            if Scalar::from_spec(&field.type_name.value) != Some(Scalar::String) {
                return problem(
                    format!("field `{segment}` must be a string"),
                    "bind a string field, such as the resource's `name`",
                );
            }
        } else {
            let Some(next) = index.message(&field.type_name.value) else {
                if field.type_name.value.is_empty()
                    || !index.reports_unknown(&field.type_name.value)
                {
                    return Err(None);
                }
                return problem(
                    format!("field `{segment}` is not a message"),
                    "only a message field has fields of its own",
                );
            };
            walk.messages.push(index.declared_path(&next.name));
            message = next;
        }
    }
    Ok(walk)
}

/// The kind of call with what it answers; `(rust_name, handler)` name the
/// helper methods it adds. A kind that cannot carry the answer is refused here.
fn method_kind(
    method: &spec::Method,
    (rust_name, handler): (&str, &str),
    response: Answer<'_>,
    index: &TypeIndex<'_>,
    diagnostics: &mut Diagnostics,
) -> Result<MethodKind, Reported> {
    // The kinds of call declared, in file order.
    let mut declared: Vec<(&str, &spec::At)> = [
        ("streaming", method.streaming.as_ref().map(|text| &text.at)),
        ("paging", method.paging_items.as_ref().map(|text| &text.at)),
        (
            "long_running",
            method.long_running.as_ref().map(|lro| &lro.at),
        ),
        (
            "media_upload",
            method.media_upload_path.as_ref().map(|text| &text.at),
        ),
    ]
    .into_iter()
    .filter_map(|(key, at)| Some((key, at?)))
    .collect();
    declared.sort_by_key(|(_, at)| at.loc.pos);
    if let [(first, first_at), (second, second_at), ..] = declared[..] {
        return Err(diagnostics.report(
            second_at
                .error(format!(
                    "a method can be only one of `streaming`, `paging`, `long_running` and `media_upload`; this one is `{first}` too"
                ))
                .with_note(&first_at.loc, format!("`{first}` is here"))
                .with_help(format!(
                    "keep either `{first}` or `{second}`, and make the other kind of call a method of its own"
                )),
        ));
    }
    if let (Some(wait), Some((key, at))) = (&method.wait, declared.first()) {
        return Err(diagnostics.report(
            wait.name
                .at
                .error(format!(
                    "`wait:` repeats a plain call, and this method is `{key}`"
                ))
                .with_note(&at.loc, format!("`{key}` is here"))
                .with_help(format!(
                    "drop `wait:`, or `{key}` and make the other kind of call a method of its own"
                )),
        ));
    }
    if let Some(streaming) = &method.streaming {
        return streamed(streaming, response, method, index, diagnostics);
    }
    if let Some(items) = &method.paging_items {
        return paging(items, method, response, rust_name, index, diagnostics);
    }
    if let Some(lro) = &method.long_running {
        return long_running(lro, method, response, index, diagnostics);
    }
    if let Some(path) = &method.media_upload_path {
        if path.value.is_empty() {
            return Err(missing(path, diagnostics));
        }
        if let Err(error) = PathTemplate::parse(&path.value) {
            return Err(diagnostics.report(
                at_offset(path, error.offset)
                    .error(format!("the upload path does not parse: {}", error.message))
                    .with_help("write the path the bytes go to, e.g. `/upload/v1/files`"),
            ));
        }
        return Ok(MethodKind::MediaUpload {
            response: response.lower(index),
            upload_path: path.value.clone(),
            media_method: format!("{rust_name}_media"),
            media_handler: format!("{handler}_media"),
        });
    }
    let wait = method
        .wait
        .as_ref()
        .map(|wait| wait_helper(wait, response, method, index, diagnostics))
        .transpose()?;
    Ok(MethodKind::Unary {
        response: response.lower(index),
        wait,
    })
}

/// Checks `streaming:`: only `server`, and a stream of messages.
fn streamed(
    streaming: &Text,
    response: Answer<'_>,
    method: &spec::Method,
    index: &TypeIndex<'_>,
    diagnostics: &mut Diagnostics,
) -> Result<MethodKind, Reported> {
    if streaming.value != "server" {
        return Err(diagnostics.report(
            streaming
                .at
                .error(format!("unknown streaming kind `{}`", streaming.value))
                .with_help("only `server` is supported"),
        ));
    }
    match response {
        Answer::Message(item) => Ok(MethodKind::ServerStreaming {
            item: index.declared_path(&item.name),
        }),
        Answer::Empty => Err(diagnostics.report(
            method
                .response
                .at
                .error(format!(
                    "a server stream of `{EMPTY}` would carry nothing in each event"
                ))
                .with_note(&streaming.at.loc, "`streaming` is here")
                .with_help("stream a message, or drop `streaming: server` to answer nothing once"),
        )),
    }
}

/// Checks `long_running:`: the method answers the operation message, whose
/// result is a message or `google.protobuf.Empty`, polled with a GET method
/// (checked once every method is resolved).
fn long_running(
    lro: &spec::LongRunning,
    method: &spec::Method,
    response: Answer<'_>,
    index: &TypeIndex<'_>,
    diagnostics: &mut Diagnostics,
) -> Result<MethodKind, Reported> {
    let result = answer_ref(&lro.response, index, diagnostics);
    let metadata = message_ref(&lro.metadata, Expected::Message, index, diagnostics);
    let operation = match response {
        Answer::Message(operation) => Ok(operation),
        Answer::Empty => Err(diagnostics.report(
            method
                .response
                .at
                .error(format!(
                    "a long-running method answers an operation, not `{EMPTY}`"
                ))
                .with_note(&lro.at.loc, "`long_running` is here")
                .with_help(format!(
                    "answer the Operation message here, and put an empty result in `long_running: {{ response: {EMPTY} }}`"
                )),
        )),
    };
    let (operation, result, metadata) = (operation?, result?, metadata?);
    Ok(MethodKind::LongRunning {
        operation: index.declared_path(&operation.name),
        result: result.lower(index),
        metadata: index.declared_path(&metadata.name),
        poll_id: lro.poll.value.clone(),
        poll_const: String::new(),
        poll_module: String::new(),
    })
}

/// Checks a `paging:` declaration: the token fields and the repeated items field.
fn paging(
    items: &Text,
    method: &spec::Method,
    response: Answer<'_>,
    rust_name: &str,
    index: &TypeIndex<'_>,
    diagnostics: &mut Diagnostics,
) -> Result<MethodKind, Reported> {
    let Answer::Message(response) = response else {
        return Err(diagnostics.report(
            method
                .response
                .at
                .error(format!(
                    "a paged method answers a page, and `{EMPTY}` has no items or `nextPageToken`"
                ))
                .with_note(&items.at.loc, "`paging` is here")
                .with_help("answer a message with the repeated items and `nextPageToken`, or drop `paging:`"),
        ));
    };
    // A request that is not a message is reported where the method is resolved.
    let request = index
        .message(&method.request.value)
        .ok_or_else(|| missing(&method.request, diagnostics))?;
    if items.value.is_empty() {
        return Err(missing(items, diagnostics));
    }
    let mut token_fields = Vec::new();
    let mut failed = None;
    for (message, name) in [(request, "pageToken"), (response, "nextPageToken")] {
        match find_field(message, name) {
            Some(field) if is_plain_string(field) => {
                token_fields.push(index.rust_field_name(field))
            }
            Some(field) => {
                failed = Some(
                    diagnostics.report(
                        field
                            .name
                            .at
                            .error(format!(
                                "`{name}` must be a plain (not optional, not repeated) string"
                            ))
                            .with_help(
                                "make it `type: string` without `optional`, `repeated` or `map`",
                            ),
                    ),
                )
            }
            None if !message.intact => failed = Some(missing(items, diagnostics)),
            None => {
                failed = Some(
                    diagnostics.report(
                        items
                            .at
                            .error(format!(
                                "a paged method needs `{name}` on `{}`",
                                message.name.value
                            ))
                            .with_note(
                                &message.name.at.loc,
                                format!("`{}` is declared here", message.name.value),
                            )
                            .with_help(format!(
                                "add `{name}: {{ type: string, description: \"…\" }}` to its fields"
                            )),
                    ),
                )
            }
        }
    }
    let items_field = match find_field(response, &items.value) {
        Some(field) if field.repeated => field,
        Some(_) => {
            return Err(diagnostics.report(
                items
                    .at
                    .error(format!("`{}` must be a repeated field", items.value))
                    .with_help("name the list of items in the response, e.g. `items: things`"),
            ));
        }
        None if !response.intact => return Err(missing(items, diagnostics)),
        None => {
            let message = format!(
                "`{}` is not a field of `{}`",
                items.value, response.name.value
            );
            return Err(diagnostics.report(unknown(
                items,
                message,
                response.fields.iter().map(|f| f.name.value.as_str()),
            )));
        }
    };
    if let Some(reported) = failed {
        return Err(reported);
    }
    let [page_token, next_page_token] =
        <[String; 2]>::try_from(token_fields).map_err(|_| missing(items, diagnostics))?;
    let item_type = index
        .peek_type(&items_field.type_name)
        .ok_or_else(|| missing(&items_field.type_name, diagnostics))?;
    Ok(MethodKind::Paged {
        response: index.declared_path(&response.name),
        pages_method: format!("{rust_name}_pages"),
        items_method: format!("{rust_name}_items"),
        items: items.value.clone(),
        items_rust: index.rust_field_name(items_field),
        item_type,
        page_token,
        next_page_token,
    })
}

fn is_plain_string(field: &spec::Field) -> bool {
    field.type_name.value == "string"
        && !field.repeated
        && !field.optional
        && field.map_key.is_none()
}
