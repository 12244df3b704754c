//! RPCs with `google.api.http` bindings become REST methods, each binding
//! under the resource its path names (`/v1beta/{name=shelves/*}:archiveBooks`
//! is `shelves.archiveBooks`), with its kind of call.

use apigen::Diagnostics;
use heck::ToLowerCamelCase;
use prost_reflect::{DescriptorPool, MessageDescriptor, MethodDescriptor, Value};

use crate::locate::{description, problem};
use crate::naming::{is_version, option_value, resource_file, type_reference};
use crate::protos::Selection;
use crate::render::{flag, Node, SpecFileOut};
use crate::settings::Settings;
use crate::{Descriptions, PLACEHOLDER};

const OPERATION: &str = "google.longrunning.Operation";
const VERBS: [&str; 5] = ["get", "put", "post", "delete", "patch"];

/// The message a name in a method's options means: relative to the
/// method's package first, as protoc resolves it, then as a full name.
fn message_named(
    pool: &DescriptorPool,
    method: &MethodDescriptor,
    name: &str,
) -> Option<MessageDescriptor> {
    let package = method.parent_service().package_name().to_owned();
    pool.get_message_by_name(&format!("{package}.{name}"))
        .or_else(|| pool.get_message_by_name(name))
}

/// The `response_type` and `metadata_type` of a method's
/// `google.longrunning.operation_info`, as written, when it has one.
fn operation_info(pool: &DescriptorPool, method: &MethodDescriptor) -> Option<(String, String)> {
    let Value::Message(info) =
        option_value(pool, &method.options(), "google.longrunning.operation_info")?
    else {
        return None;
    };
    let text = |name: &str| {
        info.get_field_by_name(name)
            .and_then(|value| value.as_str().map(str::to_owned))
            .unwrap_or_default()
    };
    Some((text("response_type"), text("metadata_type")))
}

/// The messages a long-running method's operation resolves to and carries
/// as metadata, when the method has `operation_info`.
pub(crate) fn operation_types(
    pool: &DescriptorPool,
    method: &MethodDescriptor,
) -> Option<(Option<MessageDescriptor>, Option<MessageDescriptor>)> {
    let (response, metadata) = operation_info(pool, method)?;
    Some((
        message_named(pool, method, &response),
        message_named(pool, method, &metadata),
    ))
}

/// One binding of an RPC: its verb, path template and body.
struct Binding {
    verb: &'static str,
    path: String,
    body: String,
}

/// The bindings of an HTTP rule, the rule's own first, then its `additional_bindings`.
fn bindings(rule: &prost_reflect::DynamicMessage) -> Result<Vec<Binding>, String> {
    let verb = VERBS
        .iter()
        .find(|verb| rule.has_field_by_name(verb))
        .ok_or_else(|| "the binding has no get, put, post, delete or patch path (a `custom` verb has no spec form)".to_owned())?;
    let text = |name: &str| {
        rule.get_field_by_name(name)
            .and_then(|value| value.as_str().map(str::to_owned))
            .unwrap_or_default()
    };
    let mut all = vec![Binding {
        verb,
        path: text(verb),
        body: text("body"),
    }];
    if let Some(Value::List(more)) = rule.get_field_by_name("additional_bindings").as_deref() {
        for binding in more {
            if let Value::Message(binding) = binding {
                all.extend(bindings(binding)?);
            }
        }
    }
    Ok(all)
}

/// The segments of a path template with variables expanded to their
/// patterns (`{name=shelves/*}` is `shelves`, `*`; `{name}` is `*`), and its custom verb.
fn segments(path: &str) -> (Vec<String>, Option<String>) {
    let mut depth = 0;
    let mut verb_at = None;
    for (at, c) in path.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ':' if depth == 0 => verb_at = Some(at),
            '/' if depth == 0 => verb_at = None,
            _ => {}
        }
    }
    let (path, verb) = match verb_at {
        Some(at) => (&path[..at], Some(path[at + 1..].to_owned())),
        None => (path, None),
    };
    let mut out = Vec::new();
    let mut rest = path;
    while !rest.is_empty() {
        rest = rest.trim_start_matches('/');
        if let Some(variable) = rest.strip_prefix('{') {
            let end = variable.find('}').unwrap_or(variable.len());
            match variable[..end].split_once('=') {
                Some((_, pattern)) => out.extend(pattern.split('/').map(str::to_owned)),
                None => out.push("*".to_owned()),
            }
            rest = variable.get(end + 1..).unwrap_or("");
        } else {
            let end = rest.find('/').unwrap_or(rest.len());
            if end > 0 {
                out.push(rest[..end].to_owned());
            }
            rest = &rest[end..];
        }
    }
    (out, verb)
}

/// The resource a binding's path names and the REST method name, e.g.
/// `("shelves", "archiveBooks")`.
fn place(binding: &Binding, rpc: &str) -> Result<(String, String), String> {
    let (segments, custom) = segments(&binding.path);
    let resource_segments = match segments.first() {
        Some(first) if is_version(first) => &segments[1..],
        _ => &segments[..],
    };
    alternating(&binding.path, resource_segments)?;
    let collections: Vec<String> = resource_segments
        .iter()
        .filter(|segment| !segment.contains('*'))
        .map(|segment| segment.to_lower_camel_case())
        .collect();
    if collections.is_empty() {
        return Err(format!(
            "`{}` names no REST resource to put the method under",
            binding.path
        ));
    }
    let on_item = segments.last().is_some_and(|last| last.contains('*'));
    let name = match (custom, binding.verb, on_item) {
        (Some(custom), _, _) => custom.to_lower_camel_case(),
        (None, "get", true) => "get".to_owned(),
        (None, "get", false) => "list".to_owned(),
        (None, "post", false) => "create".to_owned(),
        (None, "patch", _) => "patch".to_owned(),
        (None, "put", _) => "update".to_owned(),
        (None, "delete", _) => "delete".to_owned(),
        _ => rpc.to_lower_camel_case(),
    };
    Ok((collections.join("."), name))
}

/// Checks that the collections of a resource path alternate with the
/// variables that pick one of their items (`shelves/*/books/*`): two
/// collections in a row (`shelves/books/*`) name no resource.
fn alternating(path: &str, segments: &[String]) -> Result<(), String> {
    let literal = |segment: &String| !segment.contains('*');
    match segments
        .windows(2)
        .find(|pair| literal(&pair[0]) && literal(&pair[1]))
    {
        Some(pair) => Err(format!(
            "the binding `{path}` has the collections `{}` and `{}` in a row: a resource path alternates collections and the variables that pick an item (`{}/*/{}`)",
            pair[0], pair[1], pair[0], pair[1]
        )),
        None => Ok(()),
    }
}

/// The items field of an AIP-158 list response: the request has
/// `page_token`, the response `next_page_token` and one repeated field (or,
/// beside repeated strings such as AIP-217's `unreachable`, one repeated message).
fn paging_items(method: &MethodDescriptor) -> Option<String> {
    method.input().get_field_by_name("page_token")?;
    let output = method.output();
    output.get_field_by_name("next_page_token")?;
    let repeated: Vec<_> = output.fields().filter(|field| field.is_list()).collect();
    let messages: Vec<_> = repeated
        .iter()
        .filter(|field| field.kind().as_message().is_some())
        .cloned()
        .collect();
    match (repeated.as_slice(), messages.as_slice()) {
        ([only], _) | (_, [only]) => Some(only.json_name().to_owned()),
        _ => None,
    }
}

/// A message's name in a resource file, which is in the API's `package`.
fn spec_message(message: &MessageDescriptor, package: &str) -> String {
    type_reference(message.full_name(), message.package_name(), package)
}

/// One REST method as the spec writes it, before its long-running `poll` is known.
struct RestMethod {
    resource: String,
    name: String,
    verb: &'static str,
    rpc: MethodDescriptor,
    entries: Vec<(String, Node)>,
    /// The operation result and metadata of a long-running method.
    operation: Option<(String, String)>,
}

/// The resources files: every binding of every imported RPC under its
/// resource, parents declared before children, in proto order, each with
/// the retry settings a service config gives it.
pub(crate) fn resources(
    selection: &Selection,
    settings: Option<&Settings>,
    mode: Descriptions,
    problems: &mut Diagnostics,
    skipped: &mut Vec<String>,
) -> Vec<SpecFileOut> {
    let mut methods: Vec<RestMethod> = Vec::new();
    for service in &selection.services {
        for rpc in service.methods() {
            let found = rpc_methods(selection, &rpc, mode, &methods);
            match found {
                Ok(Some(more)) => methods.extend(more),
                Ok(None) => skipped.push(format!(
                    "{}: no google.api.http binding, so no REST method",
                    rpc.full_name()
                )),
                Err(why) => {
                    for message in why {
                        problems.push(problem(
                            &selection.compiled,
                            &rpc.parent_file(),
                            rpc.path(),
                            rpc.full_name(),
                            message,
                        ));
                    }
                }
            }
        }
    }
    link_polls(selection, &mut methods, problems);
    if let Some(settings) = settings {
        for method in &mut methods {
            let entries = settings.method_entries(&method.rpc, method.verb);
            method.entries.extend(entries);
        }
    }
    group(methods)
}

/// The REST methods of one RPC, one per binding; `None` when it has no
/// `google.api.http` binding; otherwise what is wrong with it (among
/// others, a method name that one of `known` has already).
fn rpc_methods(
    selection: &Selection,
    rpc: &MethodDescriptor,
    mode: Descriptions,
    known: &[RestMethod],
) -> Result<Option<Vec<RestMethod>>, Vec<String>> {
    let pool = &selection.compiled.pool;
    let Some(Value::Message(rule)) = option_value(pool, &rpc.options(), "google.api.http") else {
        return Ok(None);
    };
    if rpc.is_client_streaming() {
        return Err(vec!["a client-streaming or bidirectional call has no spec form (the spec has `streaming: server` only)".to_owned()]);
    }
    let mut methods: Vec<RestMethod> = Vec::new();
    let mut problems = Vec::new();
    for binding in bindings(&rule).map_err(|why| vec![why])? {
        match rest_method(selection, rpc, binding, mode) {
            Ok(method) => {
                let twice = (known.iter().chain(&methods))
                    .any(|other| other.resource == method.resource && other.name == method.name);
                if twice {
                    problems.push(format!(
                        "`{}.{}` is bound twice: the spec needs one name per REST method",
                        method.resource, method.name
                    ));
                } else {
                    methods.push(method);
                }
            }
            Err(why) => problems.push(why),
        }
    }
    match problems.is_empty() {
        true => Ok(Some(methods)),
        false => Err(problems),
    }
}

/// Gives each long-running method its `long_running:` facts, polled by a
/// GET method answering an operation: the one under the method's own
/// resource's `operations` when there is one, the first otherwise.
fn link_polls(selection: &Selection, methods: &mut [RestMethod], problems: &mut Diagnostics) {
    let pollers: Vec<String> = methods
        .iter()
        .filter(|method| method.verb == "get" && method.rpc.output().full_name() == OPERATION)
        .map(|method| format!("{}.{}", method.resource, method.name))
        .collect();
    for method in methods {
        let Some((response, metadata)) = method.operation.take() else {
            continue;
        };
        let own = format!("{}.operations.", method.resource);
        let Some(poll) = pollers
            .iter()
            .find(|id| id.starts_with(&own))
            .or(pollers.first())
        else {
            problems.push(problem(&selection.compiled, &method.rpc.parent_file(), method.rpc.path(), method.rpc.full_name(),
                "no imported method polls this long-running call's operation")
                .with_help("import the google.longrunning.Operations service too (or a service with a GET method answering google.longrunning.Operation)"));
            continue;
        };
        let facts = vec![
            ("response".to_owned(), Node::Plain(response)),
            ("metadata".to_owned(), Node::Plain(metadata)),
            ("poll".to_owned(), Node::Plain(poll.clone())),
        ];
        method
            .entries
            .push(("long_running".to_owned(), Node::Flow(facts)));
    }
}

/// One binding of an RPC as a REST method.
fn rest_method(
    selection: &Selection,
    rpc: &MethodDescriptor,
    binding: Binding,
    mode: Descriptions,
) -> Result<RestMethod, String> {
    let (resource, name) = place(&binding, rpc.name())?;
    let mut entries = vec![
        (
            "description".to_owned(),
            Node::Text(description(&rpc.parent_file(), rpc.path(), mode)),
        ),
        ("http".to_owned(), http_node(&binding)),
        (
            "request".to_owned(),
            Node::Plain(spec_message(&rpc.input(), &selection.package)),
        ),
        (
            "response".to_owned(),
            Node::Plain(spec_message(&rpc.output(), &selection.package)),
        ),
    ];
    let operation = long_running_types(selection, rpc)?;
    if operation.is_none() {
        entries.extend(call_kind_entry(rpc));
    }
    let options = rpc.method_descriptor_proto().options.as_ref();
    if options.and_then(|options| options.deprecated) == Some(true) {
        entries.push(flag("deprecated"));
    }
    Ok(RestMethod {
        resource,
        name,
        verb: binding.verb,
        rpc: rpc.clone(),
        entries,
        operation,
    })
}

/// A binding's `http:` mapping: the verb with its path, and the body when there is one.
fn http_node(binding: &Binding) -> Node {
    let mut http = vec![(binding.verb.to_owned(), Node::Text(binding.path.clone()))];
    if !binding.body.is_empty() {
        http.push(("body".to_owned(), Node::Text(binding.body.clone())));
    }
    Node::Flow(http)
}

/// The spec names of a long-running RPC's result and metadata (`None` for
/// an RPC without `operation_info`), or why its `operation_info` is wrong.
fn long_running_types(
    selection: &Selection,
    rpc: &MethodDescriptor,
) -> Result<Option<(String, String)>, String> {
    let Some((response, metadata)) = operation_types(&selection.compiled.pool, rpc) else {
        return Ok(None);
    };
    if rpc.output().full_name() != OPERATION {
        return Err(format!(
            "has `operation_info` but answers `{}`, not `{OPERATION}`",
            rpc.output().full_name()
        ));
    }
    let (Some(response), Some(metadata)) = (response, metadata) else {
        return Err(
            "the `response_type` or `metadata_type` of its `operation_info` names no message"
                .to_owned(),
        );
    };
    Ok(Some((
        spec_message(&response, &selection.package),
        spec_message(&metadata, &selection.package),
    )))
}

/// How a call that is not long-running answers, when not at once:
/// `streaming: server`, or `paging:` with its items field.
fn call_kind_entry(rpc: &MethodDescriptor) -> Option<(String, Node)> {
    if rpc.is_server_streaming() {
        return Some(("streaming".to_owned(), Node::Plain("server".to_owned())));
    }
    let items = paging_items(rpc)?;
    Some((
        "paging".to_owned(),
        Node::Flow(vec![("items".to_owned(), Node::Plain(items))]),
    ))
}

/// Resources in order of first use, each parent before its children, grouped
/// into one file per top-level resource.
fn group(methods: Vec<RestMethod>) -> Vec<SpecFileOut> {
    let mut resources: Vec<(String, Vec<(String, Node)>)> = Vec::new();
    for method in methods {
        let parts: Vec<&str> = method.resource.split('.').collect();
        for depth in 1..=parts.len() {
            let name = parts[..depth].join(".");
            if !resources.iter().any(|(known, _)| *known == name) {
                resources.push((name, Vec::new()));
            }
        }
        if let Some((_, list)) = resources
            .iter_mut()
            .find(|(known, _)| *known == method.resource)
        {
            list.push((method.name, Node::Block(method.entries)));
        }
    }
    let mut files: Vec<SpecFileOut> = Vec::new();
    for (name, list) in resources {
        let node = Node::Block(vec![
            ("description".to_owned(), Node::Text(PLACEHOLDER.to_owned())),
            ("methods".to_owned(), Node::Block(list)),
        ]);
        let path = resource_file(&name);
        match files.iter_mut().find(|file| file.path == path) {
            Some(file) => {
                if let Some((_, Node::Block(entries))) = file.top.first_mut() {
                    entries.push((name, node));
                }
            }
            None => files.push(SpecFileOut {
                path,
                top: vec![("resources".to_owned(), Node::Block(vec![(name, node)]))],
            }),
        }
    }
    files
}
