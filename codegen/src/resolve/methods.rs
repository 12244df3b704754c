//! Methods: HTTP bindings checked against their request types.

use apigen_runtime::path_template::PathTemplate;

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
    let mut rust_names: Vec<(String, &Text)> = Vec::new();
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
        if let Some((_, first)) = rust_names.iter().find(|(name, _)| *name == rust_name) {
            diagnostics.push(method.name.at.error(format!(
                "`{}` and `{}` both become the Rust method `{rust_name}`",
                method.name.value, first.value
            )));
            continue;
        }
        if children.iter().any(|child| child.accessor == rust_name) {
            diagnostics.push(method.name.at.error(format!(
                "method `{rust_name}` has the name of a child resource's accessor"
            )));
            continue;
        }
        rust_names.push((rust_name.clone(), &method.name));
        if let Some(resolved) = resolve_method(resource, method, rust_name, index, diagnostics) {
            methods.push(resolved);
        }
    }
    methods
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
    let request = request?;
    let (wire_path, body) = resolve_http(&method.http, request, index, diagnostics)?;
    Some(model::Method {
        id: format!("{}.{}", resource.name.value, method.name.value),
        rust_name,
        description: method.description.value.clone(),
        deprecated: method.deprecated,
        verb: method.http.verb.value.to_uppercase(),
        spec_path: method.http.path.value.clone(),
        wire_path,
        body,
        request: request.name.value.clone(),
        response: response?,
        kind: kind?,
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
) -> Option<(String, BodyRef)> {
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
    let wire = template.map_field_paths(|path| match json_path(path, request, index) {
        Ok(json) => json,
        Err(problem) => {
            ok = false;
            let field = path.join(".");
            let offset = http
                .path
                .value
                .find(&format!("{{{field}"))
                .map_or(0, |start| start + 1);
            diagnostics.push(
                at_offset(&http.path, offset).error(format!("path variable `{field}`: {problem}")),
            );
            path.to_vec()
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
    ok.then(|| (wire.to_string(), body))
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

/// Resolves a dotted variable path to JSON names; the leaf must be a single string.
fn json_path(
    path: &[String],
    request: &spec::Message,
    index: &TypeIndex<'_>,
) -> Result<Vec<String>, String> {
    let mut message = request;
    let mut json = Vec::new();
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
        json.push(field.name.value.clone());
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
        }
    }
    Ok(json)
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
        let request = index.message(&method.request.value)?;
        let response = index.message(&method.response.value)?;
        let mut ok = true;
        for (message, field) in [(request, "pageToken"), (response, "nextPageToken")] {
            if find_field(message, field).is_none() {
                diagnostics.push(items.at.error(format!(
                    "a paged method needs `{field}` on `{}`",
                    message.name.value
                )));
                ok = false;
            }
        }
        match find_field(response, &items.value) {
            Some(field) if field.repeated => {}
            Some(_) => {
                diagnostics.push(
                    items
                        .at
                        .error(format!("`{}` must be a repeated field", items.value)),
                );
                ok = false;
            }
            None => {
                diagnostics.push(unknown(
                    items,
                    format!(
                        "`{}` is not a field of `{}`",
                        items.value, response.name.value
                    ),
                    response.fields.iter().map(|f| f.name.value.as_str()),
                ));
                ok = false;
            }
        }
        return ok.then(|| MethodKind::Paged {
            items: items.value.clone(),
        });
    }
    if let Some(lro) = &method.long_running {
        let response = message_ref(&lro.response, index, diagnostics);
        let metadata = message_ref(&lro.metadata, index, diagnostics);
        return Some(MethodKind::LongRunning {
            response: response?.name.value.clone(),
            metadata: metadata?.name.value.clone(),
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
