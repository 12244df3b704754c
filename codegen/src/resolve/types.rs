//! Messages, fields, oneofs and enums: type references, Rust names and their collisions.

use std::collections::{BTreeMap, HashMap};

use super::rust_names::Namespace;
use super::suggest;
use crate::diagnostic::Diagnostics;
use crate::model::{self, Scalar, Shape, TypeRef, WellKnown};
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

/// Field behaviours the format knows.
const BEHAVIORS: &[&str] = &[
    "required",
    "optional",
    "output_only",
    "input_only",
    "immutable",
    "identifier",
    "unordered_list",
    "non_empty_default",
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

/// Every message and enum by name.
pub struct TypeIndex<'s> {
    types: BTreeMap<&'s str, Declared<'s>>,
    spec: &'s Spec,
}

impl<'s> TypeIndex<'s> {
    /// Indexes the spec's types, reporting duplicate and badly formed names,
    /// and every Rust type name (declared types and oneof enums) that collides.
    pub fn build(spec: &'s Spec, diagnostics: &mut Diagnostics) -> Self {
        let mut types: BTreeMap<&'s str, Declared<'s>> = BTreeMap::new();
        let mut rust_types = Namespace::new("type", RESERVED_TYPES);
        let messages = spec.files.iter().flat_map(|file| &file.messages);
        let declared = spec.files.iter().flat_map(|file| {
            let messages = file
                .messages
                .iter()
                .map(|message| (&message.name, Declared::Message(message)));
            let enums = file
                .enums
                .iter()
                .map(|enumeration| (&enumeration.name, Declared::Enum(enumeration)));
            messages.chain(enums)
        });
        for (name, item) in declared {
            if let Some(first) = types.get(name.value.as_str()) {
                diagnostics.push(
                    name.at
                        .error(format!("type `{}` is declared twice", name.value))
                        .with_note(&first.at().loc, "first declared here")
                        .with_help("rename one of them, or remove one"),
                );
                continue;
            }
            if check_type_name(name, diagnostics) {
                rust_types.claim(&name.value, name, "rename the type", diagnostics);
            }
            types.insert(&name.value, item);
        }
        // A message with oneofs gets a module of its name for their enums (`part::Data`).
        let mut modules = Namespace::new("module", &[]);
        for message in messages.filter(|message| !message.oneofs.is_empty()) {
            if names::is_upper_camel(&message.name.value) {
                modules.claim(
                    &names::snake(&message.name.value),
                    &message.name,
                    "rename the message: the module of its oneof enums is its name in snake_case",
                    diagnostics,
                );
            }
        }
        Self { types, spec }
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
            .filter(|(_, declared)| matches!(declared, Declared::Message(_)))
            .map(|(name, _)| *name)
    }

    /// The message with this name.
    pub fn message(&self, name: &str) -> Option<&'s spec::Message> {
        match self.types.get(name) {
            Some(Declared::Message(message)) => Some(message),
            _ => None,
        }
    }

    /// The enum with this name.
    pub fn enumeration(&self, name: &str) -> Option<&'s spec::Enum> {
        match self.types.get(name) {
            Some(Declared::Enum(enumeration)) => Some(enumeration),
            _ => None,
        }
    }

    /// The type a name refers to, without reporting anything (callers that
    /// need the error already got it when the field was resolved).
    pub fn peek_type(&self, text: &Text) -> Option<TypeRef> {
        self.resolve_type(text, &mut Diagnostics::default())
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
    pub fn resolve_type(&self, text: &Text, diagnostics: &mut Diagnostics) -> Option<TypeRef> {
        let name = text.value.as_str();
        if let Some(scalar) = Scalar::from_spec(name) {
            return Some(TypeRef::Scalar(scalar));
        }
        if let Some(known) = WellKnown::from_spec(name) {
            return Some(TypeRef::WellKnown(known));
        }
        match self.types.get(name) {
            Some(Declared::Message(_)) => Some(TypeRef::Message(name.to_owned())),
            Some(Declared::Enum(_)) => Some(TypeRef::Enum(name.to_owned())),
            None if !self.reports_unknown(name) => None,
            None => {
                let diagnostic = text.at.error(format!("unknown type `{name}`"));
                diagnostics.push(match suggest::type_name(name, self.names(), suggest::Expected::AnyType) {
                    Some(help) => diagnostic.with_help(help),
                    None => diagnostic.with_help(
                        "use a scalar (`string`, `int32`, …), a `google.protobuf.…` type, or a message or enum declared in the spec",
                    ),
                });
                None
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
            if let Some(resolved) = self.resolve_field(field, &mut rust_fields, diagnostics) {
                methods.claim(&resolved.setter, &field.name, SETTER_FIX, diagnostics);
                fields.push(resolved);
            }
        }
        let mut oneofs = Vec::new();
        for oneof in &message.oneofs {
            if !check_json_name(&oneof.name, "oneof", diagnostics) {
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
                if !check_json_name(&member.name, "field", diagnostics) {
                    continue;
                }
                let Some(ty) = self.resolve_type(&member.type_name, diagnostics) else {
                    continue;
                };
                let (rust_name, source) = match &member.rust_name {
                    Some(given) if check_rust_name(given, diagnostics) => {
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
                rust_type: names::upper_camel(&oneof.name.value),
                description: oneof.description.value.clone(),
                variants,
            });
        }
        check_proto_names(message, diagnostics);
        model::Message {
            name: message.name.value.clone(),
            module: names::snake(&message.name.value),
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
    ) -> Option<model::Field> {
        let json_ok = check_json_name(&field.name, "field", diagnostics);
        let ty = self.resolve_type(&field.type_name, diagnostics);
        for behavior in &field.behaviors {
            if !BEHAVIORS.contains(&behavior.value.as_str()) {
                let diagnostic = behavior
                    .at
                    .error(format!("unknown field behavior `{}`", behavior.value));
                diagnostics.push(
                    match crate::diagnostic::did_you_mean(
                        &behavior.value,
                        BEHAVIORS.iter().copied(),
                    ) {
                        Some(help) => diagnostic.with_help(help),
                        None => {
                            diagnostic.with_help(format!("use one of: {}", BEHAVIORS.join(", ")))
                        }
                    },
                );
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
                    diagnostics.push(
                        key.at
                            .error(format!("`{}` cannot be a map key", key.value))
                            .with_help("use string, an integer type or bool"),
                    );
                    return None;
                }
            },
            (None, true, false) => Shape::Repeated,
            (None, false, optional) => Shape::Single {
                presence: optional || !matches!(ty, Some(TypeRef::Scalar(_) | TypeRef::Enum(_))),
            },
            _ => {
                diagnostics.push(
                    field
                        .at
                        .error("a field can be only one of `repeated`, `map` and `optional`")
                        .with_help("keep one of them"),
                );
                return None;
            }
        };
        let ty = ty?;
        if matches!(shape, Shape::Map(_))
            && matches!(
                ty,
                TypeRef::Scalar(Scalar::Int64 | Scalar::Uint64 | Scalar::Bytes)
            )
        {
            diagnostics.push(
                field
                    .type_name
                    .at
                    .error("maps of int64, uint64 or bytes values are not supported yet")
                    .with_help("wrap the value in a message, or use a list of key-value messages"),
            );
            return None;
        }
        let (rust_name, source) = match &field.rust_name {
            Some(given) => {
                if !check_rust_name(given, diagnostics) {
                    return None;
                }
                (given.value.clone(), given)
            }
            None if json_ok => (names::snake(&field.name.value), &field.name),
            None => return None,
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
            return None;
        }
        Some(model::Field {
            json_name: field.name.value.clone(),
            proto_name: proto_name(field, diagnostics),
            setter: format!("set_{rust_name}"),
            rust_name,
            ty,
            shape,
            boxed: false,
            behaviors: field
                .behaviors
                .iter()
                .map(|behavior| behavior.value.clone())
                .collect(),
            description: field.description.value.clone(),
            deprecated: field.deprecated,
        })
    }
}

impl Declared<'_> {
    fn at(&self) -> &At {
        match self {
            Declared::Message(message) => &message.name.at,
            Declared::Enum(enumeration) => &enumeration.name.at,
        }
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

/// Reports a type name that is not UpperCamelCase; returns whether it is.
fn check_type_name(name: &Text, diagnostics: &mut Diagnostics) -> bool {
    let value = name.value.as_str();
    if names::is_upper_camel(value) {
        return true;
    }
    let diagnostic = name
        .at
        .error(format!("type name `{value}` is not UpperCamelCase"));
    diagnostics.push(match names::fix_upper_camel(value) {
        Some(fixed) => diagnostic.with_help(format!("write it as `{fixed}`")),
        None => diagnostic.with_help(
            "start with a capital letter, then letters and digits with no two capitals in a row",
        ),
    });
    false
}

/// `^[A-Za-z0-9_]+$`: a JSON field (or oneof) name as the format allows it.
fn is_json_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Reports a field or oneof name the format does not allow; returns whether it is allowed.
fn check_json_name(name: &Text, what: &str, diagnostics: &mut Diagnostics) -> bool {
    if is_json_name(&name.value) {
        return true;
    }
    diagnostics.push(
        name.at
            .error(format!("`{}` is not a valid {what} name", name.value))
            .with_help("use ASCII letters, digits and `_`"),
    );
    false
}

/// Reports a `rust_name` that is not snake_case (`^[a-z_][a-z0-9_]*$`); returns whether it is.
fn check_rust_name(given: &Text, diagnostics: &mut Diagnostics) -> bool {
    let value = &given.value;
    let snake = value.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !snake {
        diagnostics.push(
            given
                .at
                .error(format!("`{value}` is not a snake_case Rust name"))
                .with_help(format!(
                    "use lowercase letters, digits and `_`, e.g. `{}`",
                    names::usable_name(&names::snake(value), false)
                )),
        );
    }
    snake
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
pub fn resolve_enum(enumeration: &spec::Enum, diagnostics: &mut Diagnostics) -> model::Enum {
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
        name: enumeration.name.value.clone(),
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
