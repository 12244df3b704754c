//! Exports a checked API as an OpenAPI 3.1 document, so other tools can read
//! the same API: one operation per REST method (`operationId` is the method
//! id), schemas in the JSON names and forms the API uses.
//!
//! Multi-segment resource names cannot be one OpenAPI path parameter (a
//! parameter never holds `/`), so `{name=shelves/*/books/*}` becomes
//! `shelves/{shelvesId}/books/{booksId}`; the `x-resource-fields`
//! extension says which request field each run of segments forms. A method
//! with its own retry policy or timeout has `x-retry` and `x-timeout`.

use std::collections::{BTreeMap, BTreeSet};

use apigen_runtime::path_template::{PathTemplate, PatternSegment, Segment};
use serde_json::{json, Map, Value};

use crate::model::{
    verb_key, Api, Behavior, BodyRef, Field, Message, Method, MethodKind, MethodRetry, QueryKind,
    QueryParam, Response, Scalar, Shape, TypePath, TypeRef, WellKnown,
};
use crate::spec::values::duration_text;

/// The OpenAPI 3.1 document for `api`.
pub fn export(api: &Api) -> Value {
    let messages: BTreeMap<&str, &Message> = (api.type_modules.iter())
        .chain(&api.shared_types)
        .flat_map(|module| &module.messages)
        .map(|message| (message.path.spec_name.as_str(), message))
        .collect();
    let shared_used = api.shared_in_use();
    let mut schemas = Map::new();
    let own = api.type_modules.iter().map(|module| (module, true));
    for (module, own) in own.chain(api.shared_types.iter().map(|module| (module, false))) {
        let used = |path: &TypePath| own || shared_used.contains_key(path.spec_name.as_str());
        for message in module.messages.iter().filter(|message| used(&message.path)) {
            schemas.insert(message.path.spec_name.clone(), message_schema(message));
        }
        for enumeration in module
            .enums
            .iter()
            .filter(|enumeration| used(&enumeration.path))
        {
            let values: Vec<&str> = enumeration
                .values
                .iter()
                .map(|value| value.wire_name.as_str())
                .collect();
            schemas.insert(
                enumeration.path.spec_name.clone(),
                json!({"type": "string", "description": enumeration.description, "enum": values}),
            );
        }
    }
    schemas.insert("Error".to_owned(), error_schema());

    let mut paths: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    for method in api.methods() {
        let (path, path_parameters, resource_fields) = openapi_path(&method.http.path);
        let operation = operation(method, &messages, path_parameters, resource_fields);
        paths
            .entry(path)
            .or_default()
            .insert(verb_key(method.verb).to_owned(), operation);
    }

    let info = &api.info;
    let mut components = json!({"schemas": schemas});
    let mut document = json!({
        "openapi": "3.1.0",
        "info": {"title": info.title, "version": info.version, "description": info.description},
        "servers": [{"url": info.base_url}],
        "paths": paths,
    });
    if let Some(header) = info.auth.api_key.as_ref().map(|key| &key.header) {
        components["securitySchemes"] =
            json!({"apiKey": {"type": "apiKey", "in": "header", "name": header}});
        document["security"] = json!([{"apiKey": []}]);
    }
    document["components"] = components;
    document
}

/// The OpenAPI path for a wire template, its path parameters, and which
/// parameters form which request field.
fn openapi_path(template: &PathTemplate) -> (String, Vec<Value>, Map<String, Value>) {
    let mut path = String::new();
    let mut parameters = Vec::new();
    let mut fields = Map::new();
    let mut used = BTreeSet::new();
    for segment in template.segments() {
        match segment {
            Segment::Literal(literal) => {
                path.push('/');
                path.push_str(literal);
            }
            Segment::Variable(variable) => {
                let mut parts = Vec::new();
                let mut previous = "";
                for pattern in &variable.pattern {
                    path.push('/');
                    match pattern {
                        PatternSegment::Literal(literal) => {
                            path.push_str(literal);
                            parts.push(json!(literal));
                            previous = literal;
                        }
                        PatternSegment::Star | PatternSegment::DoubleStar => {
                            let base = if previous.is_empty() {
                                variable
                                    .field_path
                                    .last()
                                    .map(String::as_str)
                                    .unwrap_or("id")
                            } else {
                                previous
                            };
                            let mut name = format!("{base}Id");
                            while !used.insert(name.clone()) {
                                name.push('_');
                            }
                            path.push_str(&format!("{{{name}}}"));
                            let mut parameter = json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}});
                            if matches!(pattern, PatternSegment::DoubleStar) {
                                parameter["description"] =
                                    json!("One or more segments, `/`-separated.");
                                parameter["allowReserved"] = json!(true);
                            }
                            parameters.push(parameter);
                            parts.push(json!(format!("{{{name}}}")));
                        }
                    }
                }
                fields.insert(variable.field(), Value::Array(parts));
            }
        }
    }
    if let Some(verb) = template.verb() {
        path.push(':');
        path.push_str(verb);
    }
    (path, parameters, fields)
}

fn operation(
    method: &Method,
    messages: &BTreeMap<&str, &Message>,
    mut parameters: Vec<Value>,
    resource_fields: Map<String, Value>,
) -> Value {
    let request = messages.get(method.request.spec_name.as_str());
    let mut operation = json!({
        "operationId": method.id,
        "description": method.description,
        "x-resource-fields": resource_fields,
    });
    if method.deprecated {
        operation["deprecated"] = json!(true);
    }
    if let Some(body) = request_body(method, request.copied()) {
        operation["requestBody"] = body;
    }
    for param in &method.http.query {
        query_parameters(param, messages, &mut parameters);
    }
    if !parameters.is_empty() {
        operation["parameters"] = Value::Array(parameters);
    }
    operation["responses"] = responses(method);
    if let Some((key, extension)) = kind_extension(method) {
        operation[key] = extension;
    }
    if let Some(retry) = &method.settings.retry {
        operation["x-retry"] = retry_extension(retry);
    }
    if let Some(timeout) = method.settings.timeout_ms {
        operation["x-timeout"] = json!(duration_text(timeout));
    }
    operation
}

/// The `x-retry` extension of a method with its own retry policy: `"none"`,
/// or the whole policy (the API's keys filled in) in the spec's keys.
fn retry_extension(retry: &MethodRetry) -> Value {
    let policy = match retry {
        MethodRetry::Disabled => return json!("none"),
        MethodRetry::Policy(policy) => policy,
    };
    let mut extension = json!({
        "statuses": policy.statuses,
        "initial_backoff": duration_text(policy.initial_backoff_ms),
        "max_backoff": duration_text(policy.max_backoff_ms),
        "multiplier": policy.multiplier,
        "max_server_delay": duration_text(policy.max_server_delay_ms),
    });
    if let Some(attempts) = policy.max_attempts {
        extension["max_attempts"] = json!(attempts);
    }
    if let Some(deadline) = policy.deadline_ms {
        extension["deadline"] = json!(duration_text(deadline));
    }
    extension
}

/// The request body's schema: the whole request, one field of it, or none.
fn request_body(method: &Method, request: Option<&Message>) -> Option<Value> {
    let schema = match &method.http.body {
        BodyRef::All => schema_ref(&method.request.spec_name),
        BodyRef::Field(field) => request
            .and_then(|message| message.fields.iter().find(|f| &f.json_name == field))
            .map(field_schema)
            .unwrap_or_else(|| json!({})),
        BodyRef::None => return None,
    };
    Some(json!({"required": true, "content": {"application/json": {"schema": schema}}}))
}

/// The responses: what success carries, and the error.
fn responses(method: &Method) -> Value {
    let success = match (&method.kind, method.kind.wire_response()) {
        (_, Response::Empty) => json!({"description": "Done; the body is empty."}),
        (MethodKind::ServerStreaming { item }, _) => json!({
            "description": "A stream of messages as server-sent events (with `alt=sse`), each `data:` line one JSON message.",
            "content": {"text/event-stream": {"schema": schema_ref(&item.spec_name)}}
        }),
        (_, Response::Message(response)) => {
            json!({"description": "Success.", "content": {"application/json": {"schema": schema_ref(&response.spec_name)}}})
        }
    };
    json!({
        "200": success,
        "default": {"description": "An error.", "content": {"application/json": {"schema": schema_ref("Error")}}}
    })
}

/// The extension that describes the kind of call, with its key: paging,
/// long-running or media upload.
fn kind_extension(method: &Method) -> Option<(&'static str, Value)> {
    match &method.kind {
        MethodKind::Paged { items, .. } => Some(("x-paging", json!({"items": items}))),
        MethodKind::LongRunning(operation) => {
            let result = match &operation.result {
                Response::Empty => value_schema(&TypeRef::WellKnown(WellKnown::Empty)),
                Response::Message(path) => schema_ref(&path.spec_name),
            };
            let metadata = schema_ref(&operation.metadata.spec_name);
            Some((
                "x-long-running",
                json!({"response": result, "metadata": metadata, "poll": operation.poll_id}),
            ))
        }
        MethodKind::MediaUpload { upload_path, .. } => Some((
            "x-media-upload",
            json!({"path": upload_path, "protocol": "resumable"}),
        )),
        MethodKind::ServerStreaming { .. } | MethodKind::Unary { .. } => None,
    }
}

/// The OpenAPI parameters of a query field of the plan: a value directly
/// (a list repeats its name), a message's fields by their dotted names (each
/// message once per path, so recursive types end); maps and lists of
/// messages have no fixed parameters.
fn query_parameters(param: &QueryParam, messages: &BTreeMap<&str, &Message>, out: &mut Vec<Value>) {
    let field = &param.field;
    match &param.kind {
        QueryKind::Value => out.push(value_parameter(&field.json_name, field)),
        QueryKind::Message(message) => {
            let mut visiting = BTreeSet::new();
            message_parameters(&field.json_name, message, messages, &mut visiting, out);
        }
        QueryKind::Map | QueryKind::MessageList => {}
    }
}

/// The parameters of a message's fields below `prefix`.
fn message_parameters<'m>(
    prefix: &str,
    message: &TypePath,
    messages: &BTreeMap<&str, &'m Message>,
    visiting: &mut BTreeSet<&'m str>,
    out: &mut Vec<Value>,
) {
    let Some(message) = messages.get(message.spec_name.as_str()) else {
        return;
    };
    if !visiting.insert(&message.path.spec_name) {
        return;
    }
    for field in &message.fields {
        let name = format!("{prefix}.{}", field.json_name);
        match (&field.ty, &field.shape) {
            (TypeRef::Message(inner), Shape::Single { .. }) => {
                message_parameters(&name, inner, messages, visiting, out)
            }
            (TypeRef::Message(_), _) | (_, Shape::Map(_)) => {}
            _ => out.push(value_parameter(&name, field)),
        }
    }
    visiting.remove(message.path.spec_name.as_str());
}

/// One query parameter named `name` for a value field.
fn value_parameter(name: &str, field: &Field) -> Value {
    let mut parameter = json!({"name": name, "in": "query", "description": field.description, "schema": field_schema(field)});
    if matches!(field.shape, Shape::Repeated) {
        parameter["explode"] = json!(true);
    }
    parameter
}

fn message_schema(message: &Message) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for field in &message.fields {
        properties.insert(field.json_name.clone(), field_schema(field));
        if field.has(Behavior::Required) {
            required.push(field.json_name.clone());
        }
    }
    let mut groups = Vec::new();
    for oneof in &message.oneofs {
        let mut alternatives = Vec::new();
        for variant in &oneof.variants {
            let mut schema = value_schema(&variant.ty);
            schema["description"] = json!(variant.description);
            properties.insert(variant.json_name.clone(), schema);
            alternatives.push(json!({"required": [variant.json_name]}));
        }
        // At most one member: exactly one of them, or none.
        let none = json!({"not": {"anyOf": alternatives.clone()}});
        alternatives.push(none);
        groups.push(json!({"oneOf": alternatives, "description": oneof.description}));
    }
    let mut schema =
        json!({"type": "object", "description": message.description, "properties": properties});
    if !required.is_empty() {
        schema["required"] = json!(required);
    }
    if !groups.is_empty() {
        schema["allOf"] = Value::Array(groups);
    }
    if !message.resource_patterns.is_empty() {
        schema["x-resource-patterns"] = json!(message.resource_patterns);
    }
    schema
}

fn field_schema(field: &Field) -> Value {
    let value = value_schema(&field.ty);
    let mut schema = match &field.shape {
        Shape::Single { .. } => value,
        Shape::Repeated => json!({"type": "array", "items": value}),
        Shape::Map(_) => json!({"type": "object", "additionalProperties": value}),
    };
    if let Value::Object(object) = &mut schema {
        object.insert("description".to_owned(), json!(field.description));
        if field.has(Behavior::OutputOnly) {
            object.insert("readOnly".to_owned(), json!(true));
        }
        if field.has(Behavior::InputOnly) {
            object.insert("writeOnly".to_owned(), json!(true));
        }
        if field.deprecated {
            object.insert("deprecated".to_owned(), json!(true));
        }
    }
    schema
}

fn value_schema(ty: &TypeRef) -> Value {
    match ty {
        TypeRef::Scalar(scalar) => match scalar {
            Scalar::Double => json!({"type": "number", "format": "double"}),
            Scalar::Float => json!({"type": "number", "format": "float"}),
            Scalar::Int32 => json!({"type": "integer", "format": "int32"}),
            Scalar::Uint32 => json!({"type": "integer", "format": "uint32", "minimum": 0}),
            Scalar::Int64 => json!({"type": "string", "format": "int64"}),
            Scalar::Uint64 => json!({"type": "string", "format": "uint64"}),
            Scalar::Bool => json!({"type": "boolean"}),
            Scalar::String => json!({"type": "string"}),
            Scalar::Bytes => {
                json!({"type": "string", "format": "byte", "contentEncoding": "base64"})
            }
        },
        TypeRef::WellKnown(known) => match known {
            WellKnown::Timestamp => json!({"type": "string", "format": "date-time"}),
            WellKnown::Duration => {
                json!({"type": "string", "pattern": "^-?[0-9]+(\\.[0-9]{1,9})?s$"})
            }
            WellKnown::FieldMask => {
                json!({"type": "string", "description": "Comma-separated field paths in camelCase."})
            }
            WellKnown::Struct | WellKnown::Empty => json!({"type": "object"}),
            WellKnown::Value => json!({}),
            WellKnown::ListValue => json!({"type": "array"}),
            WellKnown::Any => {
                json!({"type": "object", "properties": {"@type": {"type": "string"}}, "required": ["@type"]})
            }
        },
        TypeRef::Message(path) | TypeRef::Enum(path) => schema_ref(&path.spec_name),
    }
}

fn schema_ref(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

fn error_schema() -> Value {
    json!({
        "type": "object",
        "description": "The error body of a failed call.",
        "properties": {"error": {"type": "object", "properties": {
            "code": {"type": "integer", "format": "int32"},
            "message": {"type": "string"},
            "status": {"type": "string"},
            "details": {"type": "array", "items": value_schema(&TypeRef::WellKnown(WellKnown::Any))}
        }}}
    })
}
