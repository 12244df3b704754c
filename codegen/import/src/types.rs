//! Messages and enums: which ones the spec needs (those of the imported
//! files and everything they and the methods reach), and their spec form.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use apigen::model::{Behavior, WellKnown};
use apigen::Diagnostics;
use prost_reflect::{EnumDescriptor, FieldDescriptor, Kind, MessageDescriptor, Value};

use crate::locate::{description, problem};
use crate::naming::{oneof_name, option_value, spec_type, type_file, type_reference};
use crate::protos::Selection;
use crate::render::{Entries, Node, SpecFileOut};
use crate::Descriptions;

/// A message or enum, by its full proto name.
#[derive(Clone)]
enum Declared {
    Message(MessageDescriptor),
    Enum(EnumDescriptor),
}

/// The types files: every message and enum the spec needs, grouped by the
/// spec file of their proto file, in proto order, nested types after their parent.
pub(crate) fn type_files(
    selection: &Selection,
    needed: &BTreeMap<String, String>,
    mode: Descriptions,
    problems: &mut Diagnostics,
) -> Vec<SpecFileOut> {
    let pool = &selection.compiled.pool;
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    // Each file's path, package, messages and enums.
    let mut files: Vec<(String, String, Entries, Entries)> = Vec::new();
    for file in pool.files() {
        let mut order = Vec::new();
        for message in file.messages() {
            walk(Declared::Message(message), &mut order);
        }
        order.extend(file.enums().map(Declared::Enum));
        let path = type_file(&file, &selection.package);
        for declared in order {
            let (full, package) = match &declared {
                Declared::Message(message) => (
                    message.full_name().to_owned(),
                    message.package_name().to_owned(),
                ),
                Declared::Enum(enumeration) => (
                    enumeration.full_name().to_owned(),
                    enumeration.package_name().to_owned(),
                ),
            };
            if !needed.contains_key(&full) {
                continue;
            }
            let name = spec_type(&full, &package);
            if let Some(other) = names.insert(name.clone(), full.clone()) {
                let (file, at) = match &declared {
                    Declared::Message(message) => (message.parent_file(), message.path().to_vec()),
                    Declared::Enum(enumeration) => {
                        (enumeration.parent_file(), enumeration.path().to_vec())
                    }
                };
                problems.push(problem(&selection.compiled, &file, &at, &full, format!(
                    "`{full}` and `{other}` would both be the spec type `{name}`: the spec has one namespace"
                )));
                continue;
            }
            let index = match files.iter().position(|(known, ..)| *known == path) {
                Some(index) => index,
                None => {
                    files.push((path.clone(), package, Vec::new(), Vec::new()));
                    files.len() - 1
                }
            };
            match declared {
                Declared::Message(message) => {
                    let node = message_node(selection, &message, mode, problems);
                    files[index].2.push((name, node));
                }
                Declared::Enum(enumeration) => {
                    files[index].3.push((name, enum_node(&enumeration, mode)))
                }
            }
        }
    }
    files
        .into_iter()
        .map(|(path, package, messages, enums)| {
            let mut top = Vec::new();
            // Files of the API's package take it from `api.package`.
            if !package.is_empty() && package != selection.package {
                top.push(("package".to_owned(), Node::Plain(package)));
            }
            if !messages.is_empty() {
                top.push(("messages".to_owned(), Node::Block(messages)));
            }
            if !enums.is_empty() {
                top.push(("enums".to_owned(), Node::Block(enums)));
            }
            SpecFileOut { path, top }
        })
        .collect()
}

/// A message, then its nested messages and enums, depth first (map entries left out).
fn walk(declared: Declared, order: &mut Vec<Declared>) {
    let Declared::Message(message) = &declared else {
        order.push(declared);
        return;
    };
    if message.is_map_entry() {
        return;
    }
    let message = message.clone();
    order.push(declared);
    for child in message.child_messages() {
        walk(Declared::Message(child), order);
    }
    order.extend(message.child_enums().map(Declared::Enum));
}

/// The types the protos reach: those the spec declares, and those it takes
/// from the generator's library.
pub(crate) struct Reach {
    /// The types the spec declares: full name and package.
    pub declared: BTreeMap<String, String>,
    /// The shipped types the spec names without declaring them: full name and package.
    pub from_library: BTreeMap<String, String>,
}

/// The types the spec needs: those of the imported files, the methods'
/// requests, responses and operation types, and what their fields reach,
/// with the parents of nested ones; well-known types and map entries are
/// left out. A shipped type of one of the `library` packages is taken from
/// the generator's library: it is not declared, nor followed further, and
/// an imported file of such a package adds only the types something reaches.
pub(crate) fn needed_types(selection: &Selection, library: &BTreeSet<String>) -> Reach {
    let pool = &selection.compiled.pool;
    let mut queue: Vec<Declared> = Vec::new();
    let own_files = (selection.files.iter()).filter(|file| !library.contains(file.package_name()));
    for file in own_files {
        for message in file.messages() {
            walk(Declared::Message(message), &mut queue);
        }
        queue.extend(file.enums().map(Declared::Enum));
    }
    for service in &selection.services {
        for method in service.methods() {
            queue.push(Declared::Message(method.input()));
            queue.push(Declared::Message(method.output()));
            if let Some((response, metadata)) = crate::methods::operation_types(pool, &method) {
                queue.extend(
                    [response, metadata]
                        .into_iter()
                        .flatten()
                        .map(Declared::Message),
                );
            }
        }
    }
    let mut reach = Reach {
        declared: BTreeMap::new(),
        from_library: BTreeMap::new(),
    };
    while let Some(declared) = queue.pop() {
        let (full, package, parent) = match &declared {
            Declared::Message(message) => (
                message.full_name().to_owned(),
                message.package_name().to_owned(),
                message.parent_message(),
            ),
            Declared::Enum(enumeration) => (
                enumeration.full_name().to_owned(),
                enumeration.package_name().to_owned(),
                enumeration.parent_message(),
            ),
        };
        if full.starts_with("google.protobuf.") || reach.declared.contains_key(&full) {
            continue;
        }
        if library.contains(&package) && apigen::spec::shared::shipped_type(&full) {
            reach.from_library.insert(full, package);
            continue;
        }
        reach.declared.insert(full, package);
        queue.extend(parent.map(Declared::Message));
        if let Declared::Message(message) = declared {
            for field in message.fields() {
                let field = value_field(&field);
                match field.kind() {
                    Kind::Message(child) => queue.push(Declared::Message(child)),
                    Kind::Enum(child) => queue.push(Declared::Enum(child)),
                    _ => {}
                }
            }
        }
    }
    reach.declared.retain(|name, _| {
        pool.get_message_by_name(name)
            .is_none_or(|message| !message.is_map_entry())
    });
    reach
}

/// For a map field, its entry's value field; the field itself otherwise.
fn value_field(field: &FieldDescriptor) -> FieldDescriptor {
    match field.kind() {
        Kind::Message(entry) if field.is_map() => entry.map_entry_value_field(),
        _ => field.clone(),
    }
}

/// A message's spec form.
fn message_node(
    selection: &Selection,
    message: &MessageDescriptor,
    mode: Descriptions,
    problems: &mut Diagnostics,
) -> Node {
    let file = message.parent_file();
    let mut entries = vec![(
        "description".to_owned(),
        Node::Text(description(&file, message.path(), mode)),
    )];
    let patterns = resource_patterns(selection, message);
    match patterns.as_slice() {
        [] => {}
        [one] => entries.push(("resource".to_owned(), Node::Text(one.clone()))),
        many => entries.push(("resource".to_owned(), Node::Words(many.to_vec()))),
    }
    if message
        .descriptor_proto()
        .options
        .as_ref()
        .and_then(|options| options.deprecated)
        == Some(true)
    {
        entries.push(("deprecated".to_owned(), Node::Plain("true".to_owned())));
    }
    let mut fields = Vec::new();
    let mut oneofs: Vec<(String, Entries, String)> = Vec::new();
    let renamed = rust_renames(message);
    for field in message.fields() {
        let rust_name = renamed.get(field.json_name()).cloned();
        let node = field_node(selection, &field, rust_name, mode, problems);
        match field
            .containing_oneof()
            .filter(|oneof| !oneof.is_synthetic())
        {
            Some(oneof) => {
                let name = oneof_name(oneof.name());
                match oneofs.iter_mut().find(|(known, _, _)| *known == name) {
                    Some((_, members, _)) => members.push((field.json_name().to_owned(), node)),
                    None => oneofs.push((
                        name,
                        vec![(field.json_name().to_owned(), node)],
                        description(&file, oneof.path(), mode),
                    )),
                }
            }
            None => fields.push((field.json_name().to_owned(), node)),
        }
    }
    if !fields.is_empty() {
        entries.push(("fields".to_owned(), Node::Block(fields)));
    }
    if !oneofs.is_empty() {
        let oneofs = oneofs
            .into_iter()
            .map(|(name, members, text)| {
                let body = vec![
                    ("description".to_owned(), Node::Text(text)),
                    ("fields".to_owned(), Node::Block(members)),
                ];
                (name, Node::Block(body))
            })
            .collect();
        entries.push(("oneofs".to_owned(), Node::Block(oneofs)));
    }
    Node::Block(entries)
}

/// Rust names for the fields whose JSON names become the same Rust name
/// as another's (`_responseJsonSchema` and `responseJsonSchema`): each one
/// that starts with `_` becomes `internal_…`, and when none does, every one
/// but the first gets its field number as a suffix.
fn rust_renames(message: &MessageDescriptor) -> HashMap<String, String> {
    let mut by_rust: BTreeMap<String, Vec<FieldDescriptor>> = BTreeMap::new();
    for field in message.fields() {
        by_rust
            .entry(apigen::names::snake(field.json_name()))
            .or_default()
            .push(field);
    }
    let mut renames = HashMap::new();
    for (rust, fields) in by_rust.into_iter().filter(|(_, fields)| fields.len() > 1) {
        let underscored: Vec<&FieldDescriptor> = fields
            .iter()
            .filter(|field| field.json_name().starts_with('_'))
            .collect();
        if underscored.is_empty() {
            for field in &fields[1..] {
                renames.insert(
                    field.json_name().to_owned(),
                    format!("{rust}_{}", field.number()),
                );
            }
        } else {
            for field in underscored {
                renames.insert(field.json_name().to_owned(), format!("internal_{rust}"));
            }
        }
    }
    renames
}

/// The `pattern`s of a message's `google.api.resource` option.
fn resource_patterns(selection: &Selection, message: &MessageDescriptor) -> Vec<String> {
    let Some(Value::Message(resource)) = option_value(
        &selection.compiled.pool,
        &message.options(),
        "google.api.resource",
    ) else {
        return Vec::new();
    };
    match resource.get_field_by_name("pattern").as_deref() {
        Some(Value::List(patterns)) => patterns
            .iter()
            .filter_map(|pattern| pattern.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

/// A scalar's spec name.
fn scalar(kind: &Kind) -> Option<&'static str> {
    Some(match kind {
        Kind::Double => "double",
        Kind::Float => "float",
        Kind::Int32 => "int32",
        Kind::Int64 => "int64",
        Kind::Uint32 => "uint32",
        Kind::Uint64 => "uint64",
        Kind::Sint32 => "sint32",
        Kind::Sint64 => "sint64",
        Kind::Fixed32 => "fixed32",
        Kind::Fixed64 => "fixed64",
        Kind::Sfixed32 => "sfixed32",
        Kind::Sfixed64 => "sfixed64",
        Kind::Bool => "bool",
        Kind::String => "string",
        Kind::Bytes => "bytes",
        Kind::Message(_) | Kind::Enum(_) => return None,
    })
}

/// The spec type of a value of this kind, named from a file in package
/// `from`, or why the spec has none.
fn type_name(kind: &Kind, from: &str) -> Result<String, String> {
    if let Some(name) = scalar(kind) {
        return Ok(name.to_owned());
    }
    let (full, package) = match kind {
        Kind::Message(message) => (message.full_name(), message.package_name()),
        Kind::Enum(enumeration) => (enumeration.full_name(), enumeration.package_name()),
        other => return Err(format!("the spec has no type for {other:?}")),
    };
    if full.starts_with("google.protobuf.") && WellKnown::from_spec(full).is_none() {
        return Err(format!(
            "the spec has no `{full}`; its well-known types are {}",
            WellKnown::SPEC_NAMES.join(", ")
        ));
    }
    Ok(type_reference(full, package, from))
}

/// The `google.api.field_behavior` values of a field, as spec names.
fn behaviors(selection: &Selection, field: &FieldDescriptor) -> Result<Vec<String>, String> {
    let pool = &selection.compiled.pool;
    let Some(Value::List(values)) =
        option_value(pool, &field.options(), "google.api.field_behavior")
    else {
        return Ok(Vec::new());
    };
    let enumeration =
        match crate::naming::extension(pool, "google.api.field_behavior").map(|ext| ext.kind()) {
            Some(Kind::Enum(enumeration)) => enumeration,
            _ => return Ok(Vec::new()),
        };
    let mut names = Vec::new();
    for value in values {
        let Some(number) = value.as_enum_number() else {
            continue;
        };
        let name = enumeration.get_value(number).map_or_else(
            || number.to_string(),
            |value| value.name().to_ascii_lowercase(),
        );
        if name == "field_behavior_unspecified" {
            continue;
        }
        if Behavior::from_spec(&name).is_none() {
            return Err(format!("the spec has no field behavior `{name}`"));
        }
        names.push(name);
    }
    Ok(names)
}

/// A field's spec form: type, shape, behaviours, names, number, description.
fn field_node(
    selection: &Selection,
    field: &FieldDescriptor,
    rust_name: Option<String>,
    mode: Descriptions,
    problems: &mut Diagnostics,
) -> Node {
    let file = field.parent_file();
    let report = |problems: &mut Diagnostics, message: String| {
        problems.push(problem(
            &selection.compiled,
            &file,
            field.path(),
            field.full_name(),
            message,
        ));
    };
    let mut entries = Vec::new();
    let value = value_field(field);
    match type_name(&value.kind(), field.parent_message().package_name()) {
        Ok(name) => entries.push(("type".to_owned(), Node::Plain(name))),
        Err(why) => report(problems, why),
    }
    if field.is_map() {
        let key = field
            .kind()
            .as_message()
            .map(|entry| entry.map_entry_key_field().kind())
            .and_then(|kind| scalar(&kind));
        entries.push((
            "map".to_owned(),
            Node::Plain(key.unwrap_or("string").to_owned()),
        ));
    } else if field.is_list() {
        entries.push(("repeated".to_owned(), Node::Plain("true".to_owned())));
    } else if field.field_descriptor_proto().proto3_optional == Some(true) {
        entries.push(("optional".to_owned(), Node::Plain("true".to_owned())));
    }
    match behaviors(selection, field) {
        Ok(names) if names.is_empty() => {}
        Ok(names) => entries.push(("behavior".to_owned(), Node::Words(names))),
        Err(why) => report(problems, why),
    }
    if apigen::names::json_to_proto(field.json_name()) != field.name() {
        entries.push((
            "proto_name".to_owned(),
            Node::Plain(field.name().to_owned()),
        ));
    }
    if let Some(rust_name) = rust_name {
        entries.push(("rust_name".to_owned(), Node::Plain(rust_name)));
    }
    entries.push(("number".to_owned(), Node::Plain(field.number().to_string())));
    entries.push((
        "description".to_owned(),
        Node::Text(description(&file, field.path(), mode)),
    ));
    if field
        .field_descriptor_proto()
        .options
        .as_ref()
        .and_then(|options| options.deprecated)
        == Some(true)
    {
        entries.push(("deprecated".to_owned(), Node::Plain("true".to_owned())));
    }
    Node::Block(entries)
}

/// An enum's spec form: values in order, in the short form when the number
/// follows the one before and the value is not deprecated.
fn enum_node(enumeration: &EnumDescriptor, mode: Descriptions) -> Node {
    let file = enumeration.parent_file();
    let mut values = Vec::new();
    let mut next = 0;
    // In the order the proto file declares them, which may differ from their numbers'.
    let declared = enumeration
        .enum_descriptor_proto()
        .value
        .iter()
        .filter_map(|value| enumeration.get_value_by_name(value.name()));
    for value in declared {
        let text = description(&file, value.path(), mode);
        let deprecated = value
            .enum_value_descriptor_proto()
            .options
            .as_ref()
            .and_then(|options| options.deprecated)
            == Some(true);
        let node = if value.number() == next && !deprecated {
            Node::Text(text)
        } else {
            let mut long = vec![
                ("number".to_owned(), Node::Plain(value.number().to_string())),
                ("description".to_owned(), Node::Text(text)),
            ];
            if deprecated {
                long.push(("deprecated".to_owned(), Node::Plain("true".to_owned())));
            }
            Node::Flow(long)
        };
        next = value.number().wrapping_add(1);
        values.push((value.name().to_owned(), node));
    }
    Node::Block(vec![
        (
            "description".to_owned(),
            Node::Text(description(&file, enumeration.path(), mode)),
        ),
        ("values".to_owned(), Node::Block(values)),
    ])
}
