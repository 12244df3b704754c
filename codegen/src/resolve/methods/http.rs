//! HTTP bindings: the path template parsed, each path variable walked to a
//! string field of the request, and the body checked against the request
//! and the verb.

use apigen_runtime::path_template::{PathTemplate, PatternSegment};

use super::{find_field, missing, TypeIndex};
use crate::diagnostic::{Diagnostics, Loc, Reported};
use crate::model::{self, BodyRef, Scalar, Verb};
use crate::names;
use crate::resolve::unknown;
use crate::spec::{self, Text};

/// Checks the template, path variables and body against the request message.
pub(super) fn resolve_http(
    http: &spec::Http,
    request: &spec::Message,
    index: &TypeIndex<'_>,
    diagnostics: &mut Diagnostics,
) -> Result<(PathTemplate, BodyRef, Vec<model::PathField>), Reported> {
    let path = &http.path;
    let template = parse_template(path, diagnostics)?;
    // Set when a variable or the body does not fit.
    let mut failed = None;
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
                failed = Some(variable_problem(path, field_path, problem, diagnostics));
                field_path.to_vec()
            }
        }
    });
    let (body, body_failed) = body_ref(http, request, &bound, diagnostics);
    failed = body_failed.or(failed);
    if let Err(reported) = check_body_verb(http, &body, diagnostics) {
        failed = Some(reported);
    }
    match failed {
        Some(reported) => Err(reported),
        None => Ok((wire, body, path_fields)),
    }
}

/// A value that fits a variable's pattern, for doc examples: each `*` after
/// a collection name becomes `my-` and the name in the singular
/// (`publishers/*/books/*` → `publishers/my-publisher/books/my-book`).
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
pub(super) fn at_offset(text: &Text, offset: usize) -> spec::At {
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
            return Err(no_such_field(message, segment));
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

/// The binding's path template, or its parse error at the place it is.
fn parse_template(path: &Text, diagnostics: &mut Diagnostics) -> Result<PathTemplate, Reported> {
    PathTemplate::parse(&path.value).map_err(|error| {
        let at = at_offset(path, error.offset);
        diagnostics.report(at.error(format!("the path template does not parse: {}", error.message)).with_help(
            "templates look like `/v1/{name=things/*}:verb`; variables are `{field}` or `{field=pattern}`",
        ))
    })
}

/// Where the variable of `field` (its field path as written) is written in the path.
fn variable_at(path: &Text, field: &str) -> spec::At {
    let offset = [format!("{{{field}}}"), format!("{{{field}=")]
        .iter()
        .filter_map(|written| path.value.find(written.as_str()))
        .min()
        .map_or(0, |start| start + 1);
    at_offset(path, offset)
}

/// What the body is: nothing, the whole request (`*`) or one field of it,
/// which must not be a path variable (`bound`: each variable's JSON path and
/// its field path as written). The second value is set when it does not fit.
fn body_ref(
    http: &spec::Http,
    request: &spec::Message,
    bound: &[(Vec<String>, String)],
    diagnostics: &mut Diagnostics,
) -> (BodyRef, Option<Reported>) {
    let mut failed = None;
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
                        .with_note(&variable_at(&http.path, written).loc, "bound here")
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
    (body, failed)
}

/// Reports a body on a GET or DELETE binding.
fn check_body_verb(
    http: &spec::Http,
    body: &BodyRef,
    diagnostics: &mut Diagnostics,
) -> Result<(), Reported> {
    if *body == BodyRef::None || !matches!(http.verb, Verb::Get | Verb::Delete) {
        return Ok(());
    }
    let mut diagnostic = http.at.error(format!(
        "a `{}` binding cannot have a body",
        model::verb_key(http.verb)
    ));
    if let Some(body) = &http.body {
        diagnostic = diagnostic
            .with_note(&body.at.loc, "the body")
            .with_help("remove the body: every field not in the path is sent as a query parameter");
    }
    Err(diagnostics.report(diagnostic))
}

/// Reports a path variable whose field does not fit (`None`: a message on
/// the way could not be read, which was reported then).
fn variable_problem(
    path: &Text,
    field_path: &[String],
    problem: Option<PathProblem>,
    diagnostics: &mut Diagnostics,
) -> Reported {
    let field = field_path.join(".");
    match problem {
        Some(problem) => {
            let mut diagnostic = variable_at(path, &field)
                .error(format!("path variable `{field}`: {}", problem.message))
                .with_help(problem.help);
            if let Some(declared) = &problem.field {
                diagnostic = diagnostic.with_note(declared, "the field");
            }
            diagnostics.report(diagnostic)
        }
        None => diagnostics.reported_before(|| {
            variable_at(path, &field).error(format!("path variable `{field}` was not checked"))
        }),
    }
}

/// The problem of a path segment that names no field of `message`; `None`
/// when the message could not be read (reported then).
fn no_such_field(message: &spec::Message, segment: &str) -> Option<PathProblem> {
    if !message.intact {
        return None;
    }
    let hint = crate::diagnostic::did_you_mean(
        segment,
        message.fields.iter().map(|field| field.name.value.as_str()),
    );
    Some(PathProblem {
        message: format!("`{}` has no field `{segment}`", message.name.value),
        help: hint.unwrap_or_else(|| {
            format!(
                "add the field to `{}`, or bind a field it has",
                message.name.value
            )
        }),
        field: None,
    })
}
