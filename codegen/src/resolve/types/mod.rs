//! Messages, fields, oneofs and enums: type references, Rust names and their collisions.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::rust_names::Namespace;
use super::suggest;
use crate::diagnostic::{Diagnostics, Reported};
use crate::model::{self, Scalar, Shape, TypePath, TypeRef, WellKnown};
use crate::names;
use crate::spec::{self, At, Spec, Text};

/// Type names the generated code relies on; a spec type may not shadow them.
const RESERVED_TYPES: &[(&str, &str)] = &[
    ("Box", "as Rust's own `Box`"),
    ("Default", "as Rust's own `Default`"),
    ("Err", "as Rust's own `Err`"),
    ("None", "as Rust's own `None`"),
    ("Ok", "as Rust's own `Ok`"),
    ("Option", "as Rust's own `Option`"),
    ("Result", "as Rust's own `Result`"),
    ("Self", "as Rust's own `Self`"),
    ("Some", "as Rust's own `Some`"),
    ("String", "as Rust's own `String`"),
    ("Vec", "as Rust's own `Vec`"),
];

/// The type names a module that holds only oneof enums uses: their members'
/// types. (`Result`, for one, is free there: `operation::Result`.)
const RESERVED_IN_ONEOF_MODULES: &[(&str, &str)] = &[
    ("Box", "as Rust's own `Box`"),
    ("Self", "as Rust's own `Self`"),
    ("String", "as Rust's own `String`"),
    ("Vec", "as Rust's own `Vec`"),
];

/// Module names the generated types files already use; a message module may
/// not hide them.
const RESERVED_MODULES: &[(&str, &str)] = &[
    ("json", "for the runtime's JSON codec"),
    ("apigen_runtime", "for the runtime crate"),
    ("serde_json", "for free-form JSON values"),
    ("std", "for Rust's standard library"),
];

/// The Rust field every message has for fields it does not know.
const RESERVED_FIELDS: &[(&str, &str)] = &[(
    "unknown_fields",
    "for the JSON fields a message does not know",
)];

/// The method every message has besides its setters and accessors.
const MESSAGE_METHODS: &[(&str, &str)] = &[("new", "for `Message::new()`")];

/// How to free a setter's name (`set_` and the field's Rust name).
const SETTER_FIX: &str =
    "rename one of them, or give the field a `rust_name`: its setter is `set_` and its Rust name";

/// How to free a oneof member's accessor (its Rust name in snake_case).
const ACCESSOR_FIX: &str =
    "give the oneof member a `rust_name`: its accessor is that name in snake_case";

/// How to free the name of a oneof's enum in its message's module.
const ONEOF_TYPE_FIX: &str = "rename the oneof or the nested type: the oneof's enum is its name in UpperCamelCase, in the message's module";

/// The Rust variant every enum has for values it does not know.
const RESERVED_VARIANTS: &[(&str, &str)] = &[("UnknownValue", "for values an enum does not know")];

/// What a type name refers to.
#[derive(Clone, Copy)]
pub enum Declared<'s> {
    /// A message.
    Message(&'s spec::Message),
    /// An enum.
    Enum(&'s spec::Enum),
}

/// Every message and enum by spec name, with its Rust path.
pub struct TypeIndex<'s> {
    types: BTreeMap<&'s str, (Declared<'s>, TypePath)>,
    /// The messages that get a module of their own (`part` for `Part`).
    /// The module of each message that gets one (`part` for `Part`): one
    /// with oneofs or nested types.
    message_modules: HashMap<&'s str, String>,
    spec: &'s Spec,
}

impl<'s> TypeIndex<'s> {
    /// Indexes the spec's types, reporting duplicate and badly formed names,
    /// nested types without their parent, and every Rust type or module name
    /// that collides in its module.
    pub fn build(spec: &'s Spec, diagnostics: &mut Diagnostics) -> Self {
        let mut declared: BTreeMap<&'s str, (Declared<'s>, &'s str)> = BTreeMap::new();
        for file in &spec.files {
            let messages = file
                .messages
                .iter()
                .map(|message| (&message.name, Declared::Message(message)));
            let enums = file
                .enums
                .iter()
                .map(|enumeration| (&enumeration.name, Declared::Enum(enumeration)));
            for (name, item) in messages.chain(enums) {
                if let Some((first, _)) = declared.get(name.value.as_str()) {
                    diagnostics.push(
                        name.at
                            .error(format!("type `{}` is declared twice", name.value))
                            .with_note(&first.at().loc, "first declared here")
                            .with_help("rename one of them, or remove one"),
                    );
                    continue;
                }
                declared.insert(&name.value, (item, &file.path));
            }
        }
        let mut types = BTreeMap::new();
        let mut children: HashSet<&str> = HashSet::new();
        // A type whose name is refused is still indexed, so that references
        // to it add no errors of their own; only the others claim Rust names.
        let mut refused: HashSet<&str> = HashSet::new();
        for (name, (item, file)) in &declared {
            let text = item.name();
            if !check_type_name(text, diagnostics) {
                refused.insert(name);
            } else if let Some((parent, _)) = name.rsplit_once('.') {
                match declared.get(parent) {
                    Some((Declared::Message(_), parent_file)) if parent_file == file => {
                        children.insert(parent);
                    }
                    found => {
                        diagnostics.push(nested_without_parent(text, parent, found.copied()));
                        refused.insert(name);
                    }
                }
            }
            let segments: Vec<&str> = name.split('.').collect();
            let (rust_name, parents) = segments.split_last().expect("split yields one part");
            let path = TypePath {
                spec_name: (*name).to_owned(),
                modules: parents.iter().map(|parent| names::snake(parent)).collect(),
                rust_name: (*rust_name).to_owned(),
            };
            types.insert(*name, (*item, path));
        }
        let message_modules = types
            .iter()
            .filter(|(name, (item, _))| match item {
                Declared::Message(message) => {
                    !message.oneofs.is_empty() || children.contains(*name)
                }
                Declared::Enum(_) => false,
            })
            .map(|(name, (_, path))| (*name, names::snake(&path.rust_name)))
            .collect();
        let index = Self {
            types,
            message_modules,
            spec,
        };
        index.check_module_names(&children, &refused, diagnostics);
        index
    }

    /// Claims, module by module, the Rust name of every type, oneof enum and
    /// message module that the module holds.
    fn check_module_names(
        &self,
        children: &HashSet<&str>,
        refused: &HashSet<&str>,
        diagnostics: &mut Diagnostics,
    ) {
        // Keyed by the enclosing message's spec name; "" for the top level.
        let mut types: HashMap<&str, Namespace> = HashMap::new();
        let mut modules: HashMap<&str, Namespace> = HashMap::new();
        let scope = |name: &'s str| name.rsplit_once('.').map_or("", |(parent, _)| parent);
        for (name, (item, path)) in &self.types {
            if refused.contains(name) {
                continue;
            }
            let parent = scope(name);
            module_types(&mut types, parent, children).claim(
                &path.rust_name,
                item.name(),
                type_fix(parent),
                diagnostics,
            );
            let Declared::Message(message) = item else {
                continue;
            };
            if let Some(module) = self.message_modules.get(name) {
                modules
                    .entry(parent)
                    .or_insert_with(|| Namespace::new("module", RESERVED_MODULES))
                    .claim(
                        module,
                        &message.name,
                        "rename the message: its module (for its oneof enums and nested types) is its name in snake_case",
                        diagnostics,
                    );
            }
            for oneof in &message.oneofs {
                if is_json_name(&oneof.name.value) {
                    module_types(&mut types, name, children).claim(
                        &oneof_type_name(oneof),
                        &oneof.name,
                        ONEOF_TYPE_FIX,
                        diagnostics,
                    );
                }
            }
        }
    }

    /// Whether a reference to `name` that finds nothing is a problem of its
    /// own (see [`Spec::reports_unknown`]).
    pub fn reports_unknown(&self, name: &str) -> bool {
        self.spec.reports_unknown(name)
    }

    /// Every declared type name.
    pub fn names(&self) -> impl Iterator<Item = &'s str> + Clone + '_ {
        self.types.keys().copied()
    }

    /// Every declared message name.
    pub fn message_names(&self) -> impl Iterator<Item = &'s str> + Clone + '_ {
        self.types
            .iter()
            .filter(|(_, (declared, _))| matches!(declared, Declared::Message(_)))
            .map(|(name, _)| *name)
    }

    /// The message with this name.
    pub fn message(&self, name: &str) -> Option<&'s spec::Message> {
        match self.types.get(name) {
            Some((Declared::Message(message), _)) => Some(message),
            _ => None,
        }
    }

    /// The enum with this name.
    pub fn enumeration(&self, name: &str) -> Option<&'s spec::Enum> {
        match self.types.get(name) {
            Some((Declared::Enum(enumeration), _)) => Some(enumeration),
            _ => None,
        }
    }

    /// The Rust path of the type with this spec name.
    pub fn path(&self, name: &str) -> Option<&TypePath> {
        self.types.get(name).map(|(_, path)| path)
    }

    /// The path of a declared type; for one whose name was refused (and
    /// reported), its spec name stands in, as the model is not used then.
    pub fn declared_path(&self, name: &Text) -> TypePath {
        self.path(&name.value).cloned().unwrap_or_else(|| TypePath {
            spec_name: name.value.clone(),
            modules: Vec::new(),
            rust_name: name.value.clone(),
        })
    }

    /// The type a name refers to, without reporting anything (callers that
    /// need the error already got it when the field was resolved).
    pub fn peek_type(&self, text: &Text) -> Option<TypeRef> {
        self.resolve_type(text, &mut Diagnostics::default()).ok()
    }

    /// The Rust name of a field: its `rust_name`, or the snake_case JSON name.
    pub fn rust_field_name(&self, field: &spec::Field) -> String {
        field.rust_name.as_ref().map_or_else(
            || names::snake(&field.name.value),
            |name| name.value.clone(),
        )
    }

    /// Whether a type of this name exists.
    pub fn contains(&self, name: &str) -> bool {
        self.types.contains_key(name)
    }

    /// Resolves a type name, or reports it as unknown.
    pub fn resolve_type(
        &self,
        text: &Text,
        diagnostics: &mut Diagnostics,
    ) -> Result<TypeRef, Reported> {
        let name = text.value.as_str();
        if let Some(scalar) = Scalar::from_spec(name) {
            return Ok(TypeRef::Scalar(scalar));
        }
        if let Some(known) = WellKnown::from_spec(name) {
            return Ok(TypeRef::WellKnown(known));
        }
        match self.types.get(name) {
            Some((Declared::Message(_), path)) => Ok(TypeRef::Message(path.clone())),
            Some((Declared::Enum(_), path)) => Ok(TypeRef::Enum(path.clone())),
            // Missing, or declared where the spec could not be read: reported when read.
            None if !self.reports_unknown(name) => Err(diagnostics
                .reported_before(|| text.at.error(format!("the type `{name}` was not read")))),
            None => {
                let diagnostic = text.at.error(format!("unknown type `{name}`"));
                Err(diagnostics.report(match suggest::type_name(name, self.names(), suggest::Expected::AnyType) {
                    Some(help) => diagnostic.with_help(help),
                    None => diagnostic.with_help(
                        "use a scalar (`string`, `int32`, …), a `google.protobuf.…` type, or a message or enum declared in the spec",
                    ),
                }))
            }
        }
    }

    /// Lowers a message, reporting bad fields and name collisions.
    pub fn resolve_message(
        &self,
        message: &'s spec::Message,
        diagnostics: &mut Diagnostics,
    ) -> model::Message {
        let mut json: HashMap<&str, &Text> = HashMap::new();
        let mut rust_fields = Namespace::new("Rust field", RESERVED_FIELDS);
        // Setters and oneof accessors; a field whose Rust name is refused
        // has its error already, and no setter to report again.
        let mut methods = Namespace::new("method", MESSAGE_METHODS);
        let mut fields = Vec::new();
        for field in &message.fields {
            json.insert(&field.name.value, &field.name);
            if let Ok(resolved) = self.resolve_field(field, &mut rust_fields, diagnostics) {
                methods.claim(&resolved.setter, &field.name, SETTER_FIX, diagnostics);
                fields.push(resolved);
            }
        }
        let mut oneofs = Vec::new();
        for oneof in &message.oneofs {
            if check_json_name(&oneof.name, "oneof", diagnostics).is_err() {
                continue;
            }
            let rust_field = names::snake(&oneof.name.value);
            let setter = format!("set_{rust_field}");
            if rust_fields.claim(
                &rust_field,
                &oneof.name,
                "rename the oneof: its Rust field is the snake_case form of its name",
                diagnostics,
            ) {
                methods.claim(&setter, &oneof.name, SETTER_FIX, diagnostics);
            }
            let mut rust_variants = Namespace::new("variant", &[]);
            let mut variants = Vec::new();
            for member in &oneof.fields {
                if member.repeated || member.map_key.is_some() {
                    diagnostics.push(
                        member
                            .at
                            .error("a oneof member cannot be repeated or a map")
                            .with_help("move it out of the oneof, or make it a single value"),
                    );
                    continue;
                }
                if let Some(first) = json.get(member.name.value.as_str()) {
                    diagnostics.push(
                        member
                            .name
                            .at
                            .error(format!(
                                "oneof member `{}` is also a field of this message",
                                member.name.value
                            ))
                            .with_note(&first.at.loc, "the field")
                            .with_help("remove one of them: in JSON both are keys of the message"),
                    );
                    continue;
                }
                json.insert(&member.name.value, &member.name);
                if check_json_name(&member.name, "field", diagnostics).is_err() {
                    continue;
                }
                let Ok(ty) = self.resolve_type(&member.type_name, diagnostics) else {
                    continue;
                };
                let (rust_name, source) = match &member.rust_name {
                    Some(given) if check_rust_name(given, diagnostics).is_ok() => {
                        (names::upper_camel(&given.value), given)
                    }
                    Some(_) => continue,
                    None => (names::upper_camel(&member.name.value), &member.name),
                };
                let variant_ok = rust_variants.claim(
                    &rust_name,
                    source,
                    &format!(
                        "give the member a `rust_name`, e.g. `rust_name: {}` (its variant is that name in UpperCamelCase)",
                        names::snake(&if rust_variants.contains(&rust_name) {
                            format!("{rust_name}2")
                        } else {
                            names::usable_name(&rust_name, true)
                        })
                    ),
                    diagnostics,
                );
                // The accessor and setter follow the variant, so a `rust_name` renames all three.
                let accessor = names::snake(&rust_name);
                let setter = format!("set_{accessor}");
                if variant_ok {
                    methods.claim(&setter, source, SETTER_FIX, diagnostics);
                    methods.claim(&accessor, source, ACCESSOR_FIX, diagnostics);
                }
                variants.push(model::Variant {
                    json_name: member.name.value.clone(),
                    proto_name: proto_name(member, diagnostics),
                    setter,
                    accessor,
                    rust_name,
                    ty,
                    boxed: false,
                    description: member.description.value.clone(),
                    deprecated: member.deprecated,
                });
            }
            oneofs.push(model::Oneof {
                name: oneof.name.value.clone(),
                setter,
                rust_field,
                rust_type: oneof_type_name(oneof),
                description: oneof.description.value.clone(),
                variants,
            });
        }
        check_proto_names(message, diagnostics);
        let path = self.declared_path(&message.name);
        model::Message {
            module: self
                .message_modules
                .get(message.name.value.as_str())
                .cloned(),
            path,
            description: message.description.value.clone(),
            deprecated: message.deprecated,
            resource_patterns: message
                .resource_patterns
                .iter()
                .map(|pattern| pattern.value.clone())
                .collect(),
            fields,
            oneofs,
        }
    }

    fn resolve_field(
        &self,
        field: &'s spec::Field,
        rust_fields: &mut Namespace,
        diagnostics: &mut Diagnostics,
    ) -> Result<model::Field, Reported> {
        let json_ok = check_json_name(&field.name, "field", diagnostics);
        let ty = self.resolve_type(&field.type_name, diagnostics);
        let mut behaviors = Vec::new();
        for behavior in &field.behaviors {
            match model::Behavior::from_spec(&behavior.value) {
                Some(known) => behaviors.push(known),
                None => diagnostics.push(unknown_behavior(behavior)),
            }
        }
        let shape = match (&field.map_key, field.repeated, field.optional) {
            (Some(key), false, false) => match Scalar::from_spec(&key.value) {
                Some(
                    scalar @ (Scalar::String
                    | Scalar::Int32
                    | Scalar::Int64
                    | Scalar::Uint32
                    | Scalar::Uint64
                    | Scalar::Bool),
                ) => Shape::Map(scalar),
                _ => {
                    return Err(diagnostics.report(
                        key.at
                            .error(format!("`{}` cannot be a map key", key.value))
                            .with_help("use string, an integer type or bool"),
                    ));
                }
            },
            (None, true, false) => Shape::Repeated,
            (None, false, optional) => Shape::Single {
                presence: optional || !matches!(ty, Ok(TypeRef::Scalar(_) | TypeRef::Enum(_))),
            },
            _ => {
                return Err(diagnostics.report(
                    field
                        .at
                        .error("a field can be only one of `repeated`, `map` and `optional`")
                        .with_help("keep one of them"),
                ));
            }
        };
        let ty = ty?;
        if matches!(shape, Shape::Map(_))
            && matches!(
                ty,
                TypeRef::Scalar(Scalar::Int64 | Scalar::Uint64 | Scalar::Bytes)
            )
        {
            return Err(diagnostics.report(
                field
                    .type_name
                    .at
                    .error("maps of int64, uint64 or bytes values are not supported yet")
                    .with_help("wrap the value in a message, or use a list of key-value messages"),
            ));
        }
        let (rust_name, source) = match &field.rust_name {
            Some(given) => {
                check_rust_name(given, diagnostics)?;
                (given.value.clone(), given)
            }
            None => {
                json_ok?;
                (names::snake(&field.name.value), &field.name)
            }
        };
        let fix = format!(
            "give the field a `rust_name`, e.g. `rust_name: {}`",
            if rust_fields.contains(&rust_name) {
                format!("{rust_name}_2")
            } else {
                names::usable_name(&rust_name, false)
            }
        );
        if !rust_fields.claim(&rust_name, source, &fix, diagnostics) {
            // The claim reported why.
            return Err(
                diagnostics.reported_before(|| source.at.error("the field's name was refused"))
            );
        }
        Ok(model::Field {
            json_name: field.name.value.clone(),
            proto_name: proto_name(field, diagnostics),
            setter: format!("set_{rust_name}"),
            rust_name,
            ty,
            shape,
            boxed: false,
            behaviors,
            description: field.description.value.clone(),
            deprecated: field.deprecated,
        })
    }
}

impl<'s> Declared<'s> {
    fn name(&self) -> &'s Text {
        match self {
            Declared::Message(message) => &message.name,
            Declared::Enum(enumeration) => &enumeration.name,
        }
    }

    fn at(&self) -> &'s At {
        &self.name().at
    }
}

/// The type namespace of the module of the message `scope` ("" for the top
/// level): a module of oneof enums only may use names such as `Result`,
/// which the code of a module with nested types (or the top level) uses.
fn module_types<'m, 's>(
    namespaces: &'m mut HashMap<&'s str, Namespace>,
    scope: &'s str,
    children: &HashSet<&str>,
) -> &'m mut Namespace {
    namespaces.entry(scope).or_insert_with(|| {
        let only_oneofs = !scope.is_empty() && !children.contains(scope);
        let reserved = if only_oneofs {
            RESERVED_IN_ONEOF_MODULES
        } else {
            RESERVED_TYPES
        };
        Namespace::new("type", reserved)
    })
}

/// How to free a type name in the module of `parent` ("" for the top level).
/// An unknown field behaviour, with the closest known one or the list.
fn unknown_behavior(behavior: &Text) -> crate::diagnostic::Diagnostic {
    let names = model::Behavior::ALL.map(|(name, _)| name);
    let diagnostic = behavior
        .at
        .error(format!("unknown field behavior `{}`", behavior.value));
    match crate::diagnostic::did_you_mean(&behavior.value, names) {
        Some(help) => diagnostic.with_help(help),
        None => diagnostic.with_help(format!("use one of: {}", names.join(", "))),
    }
}

fn type_fix(parent: &str) -> &'static str {
    if parent.is_empty() {
        "rename the type"
    } else {
        "rename the nested type or the oneof: in a message's module each needs a name of its own"
    }
}

/// The Rust enum of a oneof, in its message's module: its name in UpperCamelCase.
fn oneof_type_name(oneof: &spec::Oneof) -> String {
    names::upper_camel(&oneof.name.value)
}

/// A nested type (`Parent.Child`) whose parent is not a message of its file.
fn nested_without_parent(
    name: &Text,
    parent: &str,
    found: Option<(Declared<'_>, &str)>,
) -> crate::diagnostic::Diagnostic {
    let child = &name.value;
    match found {
        None => name
            .at
            .error(format!(
                "`{child}` is nested in `{parent}`, which is not declared"
            ))
            .with_help(format!(
                "declare the message `{parent}` in this file, or drop the `{parent}.` prefix"
            )),
        Some((Declared::Enum(enumeration), _)) => name
            .at
            .error(format!(
                "`{child}` is nested in `{parent}`, which is an enum"
            ))
            .with_note(&enumeration.name.at.loc, format!("`{parent}` is here"))
            .with_help(
                "only a message holds nested types: nest it in a message, or make it top-level",
            ),
        Some((Declared::Message(message), file)) => name
            .at
            .error(format!(
                "`{child}` is nested in `{parent}`, which is declared in another file ({file})"
            ))
            .with_note(&message.name.at.loc, format!("`{parent}` is here"))
            .with_help(format!(
                "move `{child}` into the file that declares `{parent}`"
            )),
    }
}

/// The field's proto name: the one given, else the snake_case form of its JSON name.
fn proto_name(field: &spec::Field, diagnostics: &mut Diagnostics) -> String {
    match &field.proto_name {
        Some(given) => {
            if !is_proto_name(&given.value) {
                diagnostics.push(
                    given
                        .at
                        .error(format!("`{}` is not a valid proto field name", given.value))
                        .with_help("use letters, digits and `_`, not starting with a digit"),
                );
            }
            given.value.clone()
        }
        None => names::json_to_proto(&field.name.value),
    }
}

/// `^[A-Za-z_][A-Za-z0-9_]*$`: proto field names and enum value names.
fn is_proto_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A proto name may not stand for another field: decoders accept both names.
fn check_proto_names(message: &spec::Message, diagnostics: &mut Diagnostics) {
    let fields: Vec<&spec::Field> = message
        .fields
        .iter()
        .chain(message.oneofs.iter().flat_map(|oneof| &oneof.fields))
        .collect();
    for field in &fields {
        let Some(given) = &field.proto_name else {
            continue;
        };
        let clash = fields.iter().find(|other| {
            other.name.value != field.name.value
                && (other.name.value == given.value
                    || other.proto_name.as_ref().map_or_else(
                        || names::json_to_proto(&other.name.value),
                        |name| name.value.clone(),
                    ) == given.value)
        });
        if let Some(other) = clash {
            diagnostics.push(
                given
                    .at
                    .error(format!(
                        "proto name `{}` also names the field `{}`",
                        given.value, other.name.value
                    ))
                    .with_note(&other.name.at.loc, "the other field")
                    .with_help("give each field its own proto name"),
            );
        }
    }
}

/// Reports a type name that is not UpperCamelCase (each part of a nested
/// type's dotted name); returns whether it is.
fn check_type_name(name: &Text, diagnostics: &mut Diagnostics) -> bool {
    let value = name.value.as_str();
    let Some(bad) = value.split('.').find(|part| !names::is_upper_camel(part)) else {
        return true;
    };
    let problem = if bad == value {
        format!("type name `{value}` is not UpperCamelCase")
    } else if bad.is_empty() {
        format!("type name `{value}` has an empty part")
    } else {
        format!("type name `{value}`: `{bad}` is not UpperCamelCase")
    };
    let diagnostic = name.at.error(problem);
    diagnostics.push(match names::fix_upper_camel(bad) {
        Some(fixed) if bad == value => diagnostic.with_help(format!("write it as `{fixed}`")),
        Some(fixed) if !bad.is_empty() => diagnostic.with_help(format!("write `{bad}` as `{fixed}`")),
        _ => diagnostic.with_help(
            "start each part with a capital letter, then letters and digits with no two capitals in a row; a nested type is `Parent.Child`",
        ),
    });
    false
}

/// `^[A-Za-z0-9_]+$`: a JSON field (or oneof) name as the format allows it.
fn is_json_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Reports a field or oneof name the format does not allow.
fn check_json_name(name: &Text, what: &str, diagnostics: &mut Diagnostics) -> Result<(), Reported> {
    if is_json_name(&name.value) {
        return Ok(());
    }
    Err(diagnostics.report(
        name.at
            .error(format!("`{}` is not a valid {what} name", name.value))
            .with_help("use ASCII letters, digits and `_`"),
    ))
}

/// Reports a `rust_name` that is not snake_case (`^[a-z_][a-z0-9_]*$`).
fn check_rust_name(given: &Text, diagnostics: &mut Diagnostics) -> Result<(), Reported> {
    let value = &given.value;
    let snake = value.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if snake {
        return Ok(());
    }
    Err(diagnostics.report(
        given
            .at
            .error(format!("`{value}` is not a snake_case Rust name"))
            .with_help(format!(
                "use lowercase letters, digits and `_`, e.g. `{}`",
                names::usable_name(&names::snake(value), false)
            )),
    ))
}

/// The Rust variant of an enum value: its `rust_name`, or the name derived
/// from its wire name ([`names::enum_variant`]).
pub fn variant_name(enumeration: &spec::Enum, value: &spec::EnumValue) -> String {
    match &value.rust_name {
        Some(given) => given.value.clone(),
        None => names::enum_variant(&enumeration.name.value, &value.name.value),
    }
}

/// Lowers an enum, reporting bad value names, variants that collide and numbers.
pub fn resolve_enum(
    index: &TypeIndex<'_>,
    enumeration: &spec::Enum,
    diagnostics: &mut Diagnostics,
) -> model::Enum {
    let mut variants = Namespace::new("variant", RESERVED_VARIANTS);
    for value in &enumeration.values {
        if !is_proto_name(&value.name.value) {
            diagnostics.push(
                value
                    .name
                    .at
                    .error(format!(
                        "`{}` is not a valid enum value name",
                        value.name.value
                    ))
                    .with_help("use ASCII letters, digits and `_`, e.g. `THING_ACTIVE`"),
            );
            continue;
        }
        let source = match &value.rust_name {
            Some(given) if names::is_upper_camel(&given.value) => given,
            Some(given) => {
                diagnostics.push(
                    given
                        .at
                        .error(format!(
                            "`{}` is not an UpperCamelCase Rust name",
                            given.value
                        ))
                        .with_help(format!(
                            "write e.g. `{}`",
                            names::fix_upper_camel(&given.value)
                                .unwrap_or_else(|| names::usable_name(&given.value, true))
                        )),
                );
                continue;
            }
            None => &value.name,
        };
        let rust = variant_name(enumeration, value);
        let suggestion = match names::ident_problem(&rust) {
            Some(_) => names::usable_name(&rust, true),
            None => format!("{rust}2"),
        };
        variants.claim(
            &rust,
            source,
            &format!(
                "give it its own Rust name: `{}: {{ rust_name: {suggestion}, description: \"…\" }}`",
                value.name.value
            ),
            diagnostics,
        );
    }
    let numbers = enum_numbers(enumeration, diagnostics);
    model::Enum {
        path: index.declared_path(&enumeration.name),
        description: enumeration.description.value.clone(),
        values: enumeration
            .values
            .iter()
            .zip(numbers)
            .map(|(value, number)| model::EnumValue {
                wire_name: value.name.value.clone(),
                number,
                rust_name: variant_name(enumeration, value),
                description: value.description.value.clone(),
                deprecated: value.deprecated,
            })
            .collect(),
    }
}

/// Each value's number: the one given, else the previous number plus one
/// (the first value is 0). Reports a first value that is not 0 and numbers
/// used twice.
fn enum_numbers(enumeration: &spec::Enum, diagnostics: &mut Diagnostics) -> Vec<i32> {
    let mut numbers = Vec::with_capacity(enumeration.values.len());
    let mut taken: BTreeMap<i32, &Text> = BTreeMap::new();
    let mut next = Some(0);
    for (index, value) in enumeration.values.iter().enumerate() {
        let number = match (&value.number, next) {
            (Some(given), _) => given.value,
            (None, Some(next)) => next,
            (None, None) => {
                diagnostics.push(
                    value
                        .name
                        .at
                        .error(format!(
                            "`{}` would be numbered past the largest 32-bit integer",
                            value.name.value
                        ))
                        .with_help("give it a free number with `{ number: N, description: … }`"),
                );
                0
            }
        };
        if index == 0 && number != 0 {
            let at = value
                .number
                .as_ref()
                .map_or(&value.name.at, |given| &given.at);
            diagnostics.push(
                at.error(format!(
                    "the first value, `{}`, must be number 0: it is the default",
                    value.name.value
                ))
                .with_help("put the value numbered 0 first"),
            );
        }
        if let Some(first) = taken.insert(number, &value.name) {
            let at = value
                .number
                .as_ref()
                .map_or(&value.name.at, |given| &given.at);
            diagnostics.push(
                at.error(format!(
                    "`{}` and `{}` both have the number {number}",
                    first.value, value.name.value
                ))
                .with_note(&first.at.loc, format!("`{}` is here", first.value))
                .with_help(format!(
                    "give `{}` a free number: `{}: {{ number: N, description: … }}`",
                    value.name.value, value.name.value
                )),
            );
        }
        numbers.push(number);
        next = number.checked_add(1);
    }
    numbers
}
