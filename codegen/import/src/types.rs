//! Messages and enums: which ones the spec needs (those of the imported
//! files and everything they and the methods reach), and their spec form.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use apigen::model::{Behavior, WellKnown};
use apigen::Diagnostics;
use prost_reflect::{
    EnumDescriptor, FieldDescriptor, FileDescriptor, Kind, MessageDescriptor, Value,
};

use crate::locate::{description, problem};
use crate::naming::{oneof_name, option_value, spec_type, type_file, type_reference};
use crate::protos::Selection;
use crate::render::{flag, Entries, Node, SpecFileOut};
use crate::Descriptions;

/// A message or enum, by its full proto name.
#[derive(Clone)]
enum Declared {
    Message(MessageDescriptor),
    Enum(EnumDescriptor),
}

impl Declared {
    /// The type's full proto name.
    fn full_name(&self) -> &str {
        match self {
            Declared::Message(message) => message.full_name(),
            Declared::Enum(enumeration) => enumeration.full_name(),
        }
    }

    /// The type's proto package.
    fn package_name(&self) -> &str {
        match self {
            Declared::Message(message) => message.package_name(),
            Declared::Enum(enumeration) => enumeration.package_name(),
        }
    }

    /// The message the type is nested in, when it is.
    fn parent_message(&self) -> Option<MessageDescriptor> {
        match self {
            Declared::Message(message) => message.parent_message(),
            Declared::Enum(enumeration) => enumeration.parent_message(),
        }
    }

    /// The proto file that declares the type, and the type's path in it.
    fn location(&self) -> (FileDescriptor, Vec<i32>) {
        match self {
            Declared::Message(message) => (message.parent_file(), message.path().to_vec()),
            Declared::Enum(enumeration) => (enumeration.parent_file(), enumeration.path().to_vec()),
        }
    }
}

/// One types file being built: its path, package, messages and enums.
struct TypesFile {
    path: String,
    package: String,
    messages: Entries,
    enums: Entries,
}

impl TypesFile {
    /// The spec file; one of another package than the API's says its `package:`.
    fn into_spec_file(self, api_package: &str) -> SpecFileOut {
        let mut top = Vec::new();
        // Files of the API's package take it from `api.package`.
        if !self.package.is_empty() && self.package != api_package {
            top.push(("package".to_owned(), Node::Plain(self.package)));
        }
        if !self.messages.is_empty() {
            top.push(("messages".to_owned(), Node::Block(self.messages)));
        }
        if !self.enums.is_empty() {
            top.push(("enums".to_owned(), Node::Block(self.enums)));
        }
        SpecFileOut {
            path: self.path,
            top,
        }
    }
}

/// The types files: every message and enum the spec needs, grouped by the
/// spec file of their proto file, in proto order, nested types after their parent.
pub(crate) fn type_files(
    selection: &Selection,
    needed: &BTreeMap<String, String>,
    mode: Descriptions,
    problems: &mut Diagnostics,
) -> Vec<SpecFileOut> {
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let mut files: Vec<TypesFile> = Vec::new();
    for file in selection.compiled.pool.files() {
        let path = type_file(&file, &selection.package);
        for declared in declared_in(&file) {
            if !needed.contains_key(declared.full_name()) {
                continue;
            }
            let name = spec_type(declared.full_name(), declared.package_name());
            if !claim_name(selection, &mut names, &name, &declared, problems) {
                continue;
            }
            let types_file = types_file(&mut files, &path, declared.package_name());
            match declared {
                Declared::Message(message) => {
                    let node = message_node(selection, &message, mode, problems);
                    types_file.messages.push((name, node));
                }
                Declared::Enum(enumeration) => {
                    types_file.enums.push((name, enum_node(&enumeration, mode)))
                }
            }
        }
    }
    (files.into_iter())
        .map(|file| file.into_spec_file(&selection.package))
        .collect()
}

/// Records `name` as the spec type of `declared`; when another type has
/// it already, reports the clash (the spec has one namespace) and says no.
fn claim_name(
    selection: &Selection,
    names: &mut BTreeMap<String, String>,
    name: &str,
    declared: &Declared,
    problems: &mut Diagnostics,
) -> bool {
    let full = declared.full_name();
    let Some(other) = names.insert(name.to_owned(), full.to_owned()) else {
        return true;
    };
    let (file, at) = declared.location();
    problems.push(problem(
        &selection.compiled,
        &file,
        &at,
        full,
        format!(
        "`{full}` and `{other}` would both be the spec type `{name}`: the spec has one namespace"
    ),
    ));
    false
}

/// The types file at `path`, started (in `package`) when it is the first type of it.
fn types_file<'a>(files: &'a mut Vec<TypesFile>, path: &str, package: &str) -> &'a mut TypesFile {
    let index = match files.iter().position(|file| file.path == path) {
        Some(index) => index,
        None => {
            files.push(TypesFile {
                path: path.to_owned(),
                package: package.to_owned(),
                messages: Vec::new(),
                enums: Vec::new(),
            });
            files.len() - 1
        }
    };
    &mut files[index]
}

/// A proto file's messages (each followed by its nested types) and then its enums.
fn declared_in(file: &FileDescriptor) -> Vec<Declared> {
    let mut order = Vec::new();
    for message in file.messages() {
        walk(Declared::Message(message), &mut order);
    }
    order.extend(file.enums().map(Declared::Enum));
    order
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
    let mut queue = roots(selection, library);
    let mut reach = Reach {
        declared: BTreeMap::new(),
        from_library: BTreeMap::new(),
    };
    while let Some(declared) = queue.pop() {
        let full = declared.full_name().to_owned();
        let package = declared.package_name().to_owned();
        if full.starts_with("google.protobuf.") || reach.declared.contains_key(&full) {
            continue;
        }
        if library.contains(&package) && apigen::spec::shared::shipped_type(&full) {
            reach.from_library.insert(full, package);
            continue;
        }
        reach.declared.insert(full, package);
        queue.extend(declared.parent_message().map(Declared::Message));
        if let Declared::Message(message) = declared {
            queue.extend(field_types(&message));
        }
    }
    let pool = &selection.compiled.pool;
    reach.declared.retain(|name, _| {
        pool.get_message_by_name(name)
            .is_none_or(|message| !message.is_map_entry())
    });
    reach
}

/// Where the search for needed types starts: the types of the imported
/// files not taken from the `library`, and the methods' requests,
/// responses and operation types.
fn roots(selection: &Selection, library: &BTreeSet<String>) -> Vec<Declared> {
    let own_files = (selection.files.iter()).filter(|file| !library.contains(file.package_name()));
    let mut roots: Vec<Declared> = own_files.flat_map(declared_in).collect();
    for service in &selection.services {
        for method in service.methods() {
            roots.push(Declared::Message(method.input()));
            roots.push(Declared::Message(method.output()));
            let operation = crate::methods::operation_types(&selection.compiled.pool, &method);
            if let Some((response, metadata)) = operation {
                roots.extend(
                    [response, metadata]
                        .into_iter()
                        .flatten()
                        .map(Declared::Message),
                );
            }
        }
    }
    roots
}

/// The messages and enums a message's fields hold (a map's values).
fn field_types(message: &MessageDescriptor) -> Vec<Declared> {
    (message.fields())
        .filter_map(|field| match value_field(&field).kind() {
            Kind::Message(child) => Some(Declared::Message(child)),
            Kind::Enum(child) => Some(Declared::Enum(child)),
            _ => None,
        })
        .collect()
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
    let options = message.descriptor_proto().options.as_ref();
    if options.and_then(|options| options.deprecated) == Some(true) {
        entries.push(flag("deprecated"));
    }
    let (fields, oneofs) = member_nodes(selection, message, mode, problems);
    if !fields.is_empty() {
        entries.push(("fields".to_owned(), Node::Block(fields)));
    }
    if !oneofs.is_empty() {
        let oneofs = oneofs.into_iter().map(OneofOut::entry).collect();
        entries.push(("oneofs".to_owned(), Node::Block(oneofs)));
    }
    Node::Block(entries)
}

/// A oneof of a message being written: its spec name, members and description.
struct OneofOut {
    name: String,
    members: Entries,
    description: String,
}

impl OneofOut {
    /// The oneof's entry in `oneofs:`: its description and its member fields.
    fn entry(self) -> (String, Node) {
        let body = vec![
            ("description".to_owned(), Node::Text(self.description)),
            ("fields".to_owned(), Node::Block(self.members)),
        ];
        (self.name, Node::Block(body))
    }
}

/// A message's fields in spec form: those outside a oneof, and its oneofs
/// (a proto3 `optional`'s synthetic oneof is no oneof of the spec).
fn member_nodes(
    selection: &Selection,
    message: &MessageDescriptor,
    mode: Descriptions,
    problems: &mut Diagnostics,
) -> (Entries, Vec<OneofOut>) {
    let mut fields = Vec::new();
    let mut oneofs: Vec<OneofOut> = Vec::new();
    let renamed = rust_renames(message);
    for field in message.fields() {
        let rust_name = renamed.get(field.json_name()).cloned();
        let entry = (
            field.json_name().to_owned(),
            field_node(selection, &field, rust_name, mode, problems),
        );
        let Some(oneof) = (field.containing_oneof()).filter(|oneof| !oneof.is_synthetic()) else {
            fields.push(entry);
            continue;
        };
        let name = oneof_name(oneof.name());
        match oneofs.iter_mut().find(|known| known.name == name) {
            Some(known) => known.members.push(entry),
            None => oneofs.push(OneofOut {
                name,
                members: vec![entry],
                description: description(&message.parent_file(), oneof.path(), mode),
            }),
        }
    }
    (fields, oneofs)
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
    entries.extend(shape_entry(field));
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
    let options = field.field_descriptor_proto().options.as_ref();
    if options.and_then(|options| options.deprecated) == Some(true) {
        entries.push(flag("deprecated"));
    }
    Node::Block(entries)
}

/// A field's shape, when it is not a single value: `map:` with the key's
/// type, `repeated: true`, or proto3 `optional: true`.
fn shape_entry(field: &FieldDescriptor) -> Option<(String, Node)> {
    if field.is_map() {
        let key = (field.kind().as_message())
            .map(|entry| entry.map_entry_key_field().kind())
            .and_then(|kind| scalar(&kind));
        Some((
            "map".to_owned(),
            Node::Plain(key.unwrap_or("string").to_owned()),
        ))
    } else if field.is_list() {
        Some(flag("repeated"))
    } else if field.field_descriptor_proto().proto3_optional == Some(true) {
        Some(flag("optional"))
    } else {
        None
    }
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
                long.push(flag("deprecated"));
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
