//! Methods: HTTP bindings checked against their request types.

use apigen_runtime::path_template::{PathTemplate, PatternSegment};

use super::types::TypeIndex;
use super::unknown;
use crate::diagnostic::Diagnostics;
use crate::model::{self, BodyRef, MethodKind, Scalar};
use crate::names;
use crate::spec::{self, Text};

/// Lowers a resource's methods; `children` are its child resources (their accessors share the namespace).
pub fn resolve_methods(
    resource: &spec::Resource,
    children: &[model::Child],
    index: &TypeIndex<'_>,
    diagnostics: &mut Diagnostics,
) -> Vec<model::Method> {
    let mut taken: Vec<(String, &Text)> = Vec::new();
    let mut methods = Vec::new();
    for method in &resource.methods {
        let rust_name = names::snake(&method.name.value);
        if !names::is_identifier(&rust_name) || names::is_unusable_keyword(&rust_name) {
            diagnostics.push(method.name.at.error(format!(
                "`{}` cannot be a Rust method name",
                method.name.value
            )));
            continue;
        }
        let Some(resolved) = resolve_method(resource, method, rust_name, index, diagnostics) else {
            continue;
        };
        for (name, text) in generated_names(&resolved, method) {
            if children.iter().any(|child| child.accessor == name) {
                diagnostics.push(text.at.error(format!(
                    "method `{name}` has the name of a child resource's accessor"
                )));
            } else if let Some((_, first)) = taken.iter().find(|(taken, _)| *taken == name) {
                diagnostics.push(text.at.error(format!(
                    "`{}` and `{}` both become the Rust method `{name}`",
                    text.value, first.value
                )));
            } else {
                taken.push((name, text));
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
        MethodKind::Paged { .. } => {
            names.push((format!("{name}_pages"), &spec.name));
            names.push((format!("{name}_items"), &spec.name));
        }
        MethodKind::MediaUpload { .. } => names.push((format!("{name}_media"), &spec.name)),
        _ => {}
    }
    if let (Some(helper), Some(wait)) = (&method.wait, &spec.wait) {
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
) -> Option<model::Method> {
    let request = message_ref(&method.request, index, diagnostics);
    let response = if method.response.value == "google.protobuf.Empty" {
        Some(None)
    } else {
        message_ref(&method.response, index, diagnostics)
            .map(|message| Some(message.name.value.clone()))
    };
    let kind = method_kind(method, index, diagnostics);
    let wait = match &method.wait {
        Some(wait) => Some(wait_helper(wait, method, index, diagnostics)?),
        None => None,
    };
    let request = request?;
    let (wire_path, body, path_fields) = resolve_http(&method.http, request, index, diagnostics)?;
    let verb = method.http.verb.value.to_uppercase();
    let id = format!("{}.{}", resource.name.value, method.name.value);
    Some(model::Method {
        binding_const: names::binding_const(&id),
        idempotent: method
            .idempotent
            .unwrap_or(matches!(verb.as_str(), "GET" | "PUT" | "DELETE")),
        id,
        rust_name,
        description: method.description.value.clone(),
        deprecated: method.deprecated,
        verb,
        spec_path: method.http.path.value.clone(),
        wire_path,
        body,
        path_fields,
        request: request.name.value.clone(),
        response: response?,
        kind: kind?,
        wait,
    })
}

/// Checks a `wait:` declaration against the response type.
fn wait_helper(
    wait: &spec::Wait,
    method: &spec::Method,
    index: &TypeIndex<'_>,
    diagnostics: &mut Diagnostics,
) -> Option<model::WaitHelper> {
    let rust_name = names::snake(&wait.name.value);
    if !names::is_identifier(&rust_name) || names::is_keyword(&rust_name) {
        diagnostics.push(wait.name.at.error(format!(
            "`{}` cannot be a Rust method name",
            wait.name.value
        )));
        return None;
    }
    let response = index.message(&method.response.value)?;
    let Some(field) = find_field(response, &wait.field.value) else {
        let candidates = response
            .fields
            .iter()
            .map(|field| field.name.value.as_str());
        let message = format!(
            "`{}` is not a field of `{}`",
            wait.field.value, response.name.value
        );
        diagnostics.push(unknown(&wait.field, message, candidates));
        return None;
    };
    let Some(enumeration) = index.enumeration(&field.type_name.value) else {
        diagnostics.push(wait.field.at.error(format!(
            "`{}` must be an enum field to wait on",
            wait.field.value
        )));
        return None;
    };
    if field.repeated || field.map_key.is_some() || field.optional {
        diagnostics.push(wait.field.at.error(format!(
            "`{}` must be a single, non-optional enum field",
            wait.field.value
        )));
        return None;
    }
    let variants = super::types::variant_names(enumeration);
    let wire = enumeration
        .values
        .iter()
        .map(|value| value.name.value.as_str());
    let mut pending = Vec::new();
    for value in &wait.pending {
        match wire.clone().position(|name| name == value.value) {
            Some(position) => pending.push(variants[position].clone()),
            None => {
                let message = format!(
                    "`{}` is not a value of `{}`",
                    value.value, enumeration.name.value
                );
                diagnostics.push(unknown(value, message, wire.clone()));
            }
        }
    }
    if pending.is_empty() {
        diagnostics.push(wait.at.error("`while` needs at least one value"));
        return None;
    }
    Some(model::WaitHelper {
        rust_name,
        field: index.rust_field_name(field),
        field_json: field.name.value.clone(),
        enum_type: enumeration.name.value.clone(),
        pending,
        pending_wire: wait
            .pending
            .iter()
            .map(|value| value.value.clone())
            .collect(),
    })
}

fn message_ref<'s>(
    text: &Text,
    index: &TypeIndex<'s>,
    diagnostics: &mut Diagnostics,
) -> Option<&'s spec::Message> {
    match index.message(&text.value) {
        Some(message) => Some(message),
        None if index.contains(&text.value) => {
            diagnostics.push(text.at.error(format!(
                "`{}` is an enum; requests and responses are messages",
                text.value
            )));
            None
        }
        None => {
            diagnostics.push(
                unknown(text, format!("unknown message `{}`", text.value), [])
                    .with_help("declare it under `messages:` in a spec file"),
            );
            None
        }
    }
}

/// Checks the template, path variables and body against the request message.
fn resolve_http(
    http: &spec::Http,
    request: &spec::Message,
    index: &TypeIndex<'_>,
    diagnostics: &mut Diagnostics,
) -> Option<(String, BodyRef, Vec<model::PathField>)> {
    let template = match PathTemplate::parse(&http.path.value) {
        Ok(template) => template,
        Err(error) => {
            let at = at_offset(&http.path, error.offset);
            diagnostics.push(at.error(format!("the path template does not parse: {}", error.message)).with_help(
                "templates look like `/v1/{name=things/*}:verb`; variables are `{field}` or `{field=pattern}`",
            ));
            return None;
        }
    };
    let mut ok = true;
    let mut path_fields = Vec::new();
    let mut variables = template.variables();
    let wire = template.map_field_paths(|path| {
        match (json_path(path, request, index), variables.next()) {
            (Ok(walk), variable) => {
                let pattern = variable.map_or(&[][..], |variable| &variable.pattern);
                path_fields.push(model::PathField {
                    example: example_value(pattern, &walk.json),
                    setters: walk.setters,
                    messages: walk.messages,
                });
                walk.json
            }
            (Err(problem), _) => {
                ok = false;
                let field = path.join(".");
                let offset = http
                    .path
                    .value
                    .find(&format!("{{{field}"))
                    .map_or(0, |start| start + 1);
                diagnostics.push(
                    at_offset(&http.path, offset)
                        .error(format!("path variable `{field}`: {problem}")),
                );
                path.to_vec()
            }
        }
    });
    let body = match http.body.as_ref().map(|body| body.value.as_str()) {
        None => BodyRef::None,
        Some("*") => BodyRef::All,
        Some(name) => match find_field(request, name) {
            Some(field) => BodyRef::Field(field.name.value.clone()),
            None => {
                let candidates = request.fields.iter().map(|field| field.name.value.as_str());
                diagnostics.push(unknown(
                    http.body.as_ref()?,
                    format!(
                        "the body `{name}` is not a field of `{}`",
                        request.name.value
                    ),
                    candidates,
                ));
                ok = false;
                BodyRef::None
            }
        },
    };
    if body != BodyRef::None && matches!(http.verb.value.as_str(), "get" | "delete") {
        diagnostics.push(http.at.error(format!(
            "a `{}` binding cannot have a body",
            http.verb.value
        )));
        ok = false;
    }
    ok.then(|| (wire.to_string(), body, path_fields))
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

/// The place `offset` bytes into a scalar, skipping its opening quote if it has one.
fn at_offset(text: &Text, offset: usize) -> spec::At {
    let mut at = text.at.clone();
    let rest = at
        .loc
        .line_text()
        .get(at.loc.pos.column.saturating_sub(1)..)
        .unwrap_or("");
    let quote = usize::from(rest.starts_with(['"', '\'']));
    at.loc.pos.column += quote + offset;
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

/// A path variable's field, reached from the request.
struct FieldWalk {
    /// The JSON name of each field on the way.
    json: Vec<String>,
    /// The setter of each field on the way.
    setters: Vec<String>,
    /// The message type of each field on the way but the last.
    messages: Vec<String>,
}

/// Resolves a dotted variable path to JSON names; the leaf must be a single string.
fn json_path(
    path: &[String],
    request: &spec::Message,
    index: &TypeIndex<'_>,
) -> Result<FieldWalk, String> {
    let mut message = request;
    let mut walk = FieldWalk {
        json: Vec::new(),
        setters: Vec::new(),
        messages: Vec::new(),
    };
    for (position, segment) in path.iter().enumerate() {
        let field = find_field(message, segment).ok_or_else(|| {
            let hint = crate::diagnostic::did_you_mean(
                segment,
                message.fields.iter().map(|field| field.name.value.as_str()),
            );
            format!(
                "`{}` has no field `{segment}`{}",
                message.name.value,
                hint.map(|hint| format!("; {hint}")).unwrap_or_default()
            )
        })?;
        walk.json.push(field.name.value.clone());
        walk.setters
            .push(format!("set_{}", index.rust_field_name(field)));
        if field.repeated || field.map_key.is_some() {
            return Err(format!("field `{segment}` is a list or map"));
        }
        if position + 1 == path.len() {
            if Scalar::from_spec(&field.type_name.value) != Some(Scalar::String) {
                return Err(format!("field `{segment}` must be a string"));
            }
        } else {
            message = index
                .message(&field.type_name.value)
                .ok_or_else(|| format!("field `{segment}` is not a message"))?;
            walk.messages.push(message.name.value.clone());
        }
    }
    Ok(walk)
}

fn method_kind(
    method: &spec::Method,
    index: &TypeIndex<'_>,
    diagnostics: &mut Diagnostics,
) -> Option<MethodKind> {
    let declared = [
        method.streaming.is_some(),
        method.paging_items.is_some(),
        method.long_running.is_some(),
        method.media_upload_path.is_some(),
    ];
    if declared.iter().filter(|&&set| set).count() > 1 {
        diagnostics.push(method.at.error(
            "a method can be only one of `streaming`, `paging`, `long_running` and `media_upload`",
        ));
        return None;
    }
    if let Some(streaming) = &method.streaming {
        if streaming.value != "server" {
            diagnostics.push(
                streaming
                    .at
                    .error(format!("unknown streaming kind `{}`", streaming.value))
                    .with_help("only `server` is supported"),
            );
            return None;
        }
        return Some(MethodKind::ServerStreaming);
    }
    if let Some(items) = &method.paging_items {
        return paging(items, method, index, diagnostics);
    }
    if let Some(lro) = &method.long_running {
        let response = message_ref(&lro.response, index, diagnostics);
        let metadata = message_ref(&lro.metadata, index, diagnostics);
        return Some(MethodKind::LongRunning {
            response: response?.name.value.clone(),
            metadata: metadata?.name.value.clone(),
            poll_id: lro.poll.value.clone(),
            poll_const: names::binding_const(&lro.poll.value),
            poll_module: String::new(),
        });
    }
    if let Some(path) = &method.media_upload_path {
        if let Err(error) = PathTemplate::parse(&path.value) {
            diagnostics.push(
                path.at
                    .error(format!("the upload path does not parse: {}", error.message)),
            );
            return None;
        }
        return Some(MethodKind::MediaUpload {
            upload_path: path.value.clone(),
        });
    }
    Some(MethodKind::Unary)
}

/// Checks a `paging:` declaration: the token fields and the repeated items field.
fn paging(
    items: &Text,
    method: &spec::Method,
    index: &TypeIndex<'_>,
    diagnostics: &mut Diagnostics,
) -> Option<MethodKind> {
    let request = index.message(&method.request.value)?;
    let response = index.message(&method.response.value)?;
    let mut token_fields = Vec::new();
    for (message, name) in [(request, "pageToken"), (response, "nextPageToken")] {
        match find_field(message, name) {
            Some(field) if is_plain_string(field) => {
                token_fields.push(index.rust_field_name(field))
            }
            Some(field) => diagnostics.push(field.name.at.error(format!(
                "`{name}` must be a plain (not optional, not repeated) string"
            ))),
            None => diagnostics.push(items.at.error(format!(
                "a paged method needs `{name}` on `{}`",
                message.name.value
            ))),
        }
    }
    let items_field = match find_field(response, &items.value) {
        Some(field) if field.repeated => field,
        Some(_) => {
            diagnostics.push(
                items
                    .at
                    .error(format!("`{}` must be a repeated field", items.value)),
            );
            return None;
        }
        None => {
            let message = format!(
                "`{}` is not a field of `{}`",
                items.value, response.name.value
            );
            diagnostics.push(unknown(
                items,
                message,
                response.fields.iter().map(|f| f.name.value.as_str()),
            ));
            return None;
        }
    };
    let [page_token, next_page_token] = <[String; 2]>::try_from(token_fields).ok()?;
    Some(MethodKind::Paged {
        items: items.value.clone(),
        items_rust: index.rust_field_name(items_field),
        item_type: index.peek_type(&items_field.type_name)?,
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
