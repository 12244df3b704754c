//! Messages, fields, oneofs and enums: type references, Rust names and their collisions.

use std::collections::BTreeMap;

use super::unknown;
use crate::diagnostic::Diagnostics;
use crate::model::{self, Scalar, Shape, TypeRef, WellKnown};
use crate::names;
use crate::spec::{self, At, Spec, Text};

/// Type names Rust code relies on; a spec type may not shadow them.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Box", "Default", "Err", "None", "Ok", "Option", "Result", "Self", "Some", "String", "Vec",
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
pub const UNKNOWN_FIELDS: &str = "unknown_fields";

/// The Rust variant every enum has for values it does not know.
pub const UNKNOWN_VARIANT: &str = "UnknownValue";

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
}

impl<'s> TypeIndex<'s> {
    /// Indexes the spec's types, reporting duplicate and badly formed names.
    pub fn build(spec: &'s Spec, diagnostics: &mut Diagnostics) -> Self {
        let mut types: BTreeMap<&'s str, Declared<'s>> = BTreeMap::new();
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
            check_type_name(name, diagnostics);
            if let Some(first) = types.get(name.value.as_str()) {
                let first = first.at();
                diagnostics.push(
                    name.at
                        .error(format!("type `{}` is declared twice", name.value))
                        .with_help(format!(
                            "the first is at {}:{}",
                            first.loc.file.name, first.loc.pos.line
                        )),
                );
                continue;
            }
            types.insert(&name.value, item);
        }
        Self { types }
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
            None => {
                let candidates = self
                    .types
                    .keys()
                    .copied()
                    .chain(Scalar::SPEC_NAMES.iter().copied())
                    .chain(WellKnown::SPEC_NAMES.iter().copied());
                diagnostics.push(unknown(text, format!("unknown type `{name}`"), candidates));
                None
            }
        }
    }

    /// Lowers a message, reporting bad fields and name collisions.
    pub fn resolve_message(
        &self,
        message: &spec::Message,
        diagnostics: &mut Diagnostics,
    ) -> model::Message {
        let mut names = FieldNames::default();
        let mut methods = MethodNames::default();
        let mut fields = Vec::new();
        for field in &message.fields {
            if let Some(resolved) = self.resolve_field(field, diagnostics) {
                // A field whose name is taken already has its error; its setter would repeat it.
                if names.claim(&field.name, &resolved.rust_name, "field", diagnostics) {
                    methods.claim(&resolved.setter, &field.name, diagnostics);
                }
                fields.push(resolved);
            }
        }
        let mut oneofs = Vec::new();
        for oneof in &message.oneofs {
            let rust_field = names::snake(&oneof.name.value);
            let rust_type = names::upper_camel(&oneof.name.value);
            let setter = format!("set_{rust_field}");
            if names.claim_rust(&oneof.name, &rust_field, diagnostics) {
                methods.claim(&setter, &oneof.name, diagnostics);
            }
            let mut variants = Vec::new();
            for member in &oneof.fields {
                if member.repeated || member.map_key.is_some() {
                    diagnostics.push(
                        member
                            .at
                            .error("a oneof member cannot be repeated or a map"),
                    );
                    continue;
                }
                if names.json.contains_key(member.name.value.as_str()) {
                    let first = &names.json[member.name.value.as_str()];
                    diagnostics.push(
                        member
                            .name
                            .at
                            .error(format!(
                                "oneof member `{}` is also a field of this message",
                                member.name.value
                            ))
                            .with_help(format!(
                                "the other is at line {}; remove one of them",
                                first.loc.pos.line
                            )),
                    );
                    continue;
                }
                names
                    .json
                    .insert(member.name.value.clone(), member.name.at.clone());
                check_json_name(&member.name, diagnostics);
                let Some(ty) = self.resolve_type(&member.type_name, diagnostics) else {
                    continue;
                };
                let rust_name = names::upper_camel(&member.name.value);
                if variants
                    .iter()
                    .any(|variant: &model::Variant| variant.rust_name == rust_name)
                {
                    diagnostics.push(member.name.at.error(format!(
                        "two members of this oneof become the variant `{rust_name}`"
                    )));
                }
                let accessor = names::snake(&member.name.value);
                let setter = format!("set_{accessor}");
                methods.claim(&setter, &member.name, diagnostics);
                methods.claim(&accessor, &member.name, diagnostics);
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
                rust_type,
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
        field: &spec::Field,
        diagnostics: &mut Diagnostics,
    ) -> Option<model::Field> {
        check_json_name(&field.name, diagnostics);
        let ty = self.resolve_type(&field.type_name, diagnostics);
        for behavior in &field.behaviors {
            if !BEHAVIORS.contains(&behavior.value.as_str()) {
                diagnostics.push(unknown(
                    behavior,
                    format!("unknown field behavior `{}`", behavior.value),
                    BEHAVIORS.iter().copied(),
                ));
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
                        .error("a field can be only one of `repeated`, `map` and `optional`"),
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
                    .error("maps of int64, uint64 or bytes values are not supported yet"),
            );
            return None;
        }
        let rust_name = match &field.rust_name {
            Some(given) => {
                if !names::is_identifier(&given.value)
                    || given.value != names::snake(&given.value)
                    || names::is_unusable_keyword(&given.value)
                {
                    diagnostics.push(given.at.error(format!(
                        "`{}` is not a snake_case Rust identifier",
                        given.value
                    )));
                }
                given.value.clone()
            }
            None => {
                let derived = names::snake(&field.name.value);
                if names::is_unusable_keyword(&derived) || !names::is_identifier(&derived) {
                    diagnostics.push(
                        field
                            .name
                            .at
                            .error(format!(
                                "`{}` cannot be a Rust field name",
                                field.name.value
                            ))
                            .with_help("give the field a `rust_name`"),
                    );
                }
                derived
            }
        };
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

/// The methods a message gets (`new`, setters, oneof accessors), each
/// claimed once, with where its spec name was written.
#[derive(Default)]
struct MethodNames(BTreeMap<String, At>);

impl MethodNames {
    fn claim(&mut self, method: &str, name: &Text, diagnostics: &mut Diagnostics) {
        if method == "new" {
            diagnostics.push(
                name.at
                    .error(format!(
                        "`{}` would become the method `new`, which every message has already",
                        name.value
                    ))
                    .with_help("rename the oneof member (its accessor is named after it)"),
            );
            return;
        }
        if let Some(first) = self.0.get(method) {
            diagnostics.push(
                name.at
                    .error(format!(
                        "`{}` would become the method `{method}`, which another field or oneof member of this message gets too",
                        name.value
                    ))
                    .with_help(format!(
                        "the other is at line {}; rename one of them, or give the field a `rust_name`",
                        first.loc.pos.line
                    )),
            );
            return;
        }
        self.0.insert(method.to_owned(), name.at.clone());
    }
}

/// The JSON and Rust names taken so far in one message.
#[derive(Default)]
struct FieldNames {
    json: BTreeMap<String, At>,
    rust: BTreeMap<String, (String, At)>,
}

impl FieldNames {
    /// Claims both names of a field; false (with an error) when one is taken.
    fn claim(
        &mut self,
        json: &Text,
        rust: &str,
        what: &str,
        diagnostics: &mut Diagnostics,
    ) -> bool {
        if let Some(first) = self.json.get(json.value.as_str()) {
            diagnostics.push(
                json.at
                    .error(format!("{what} `{}` is declared twice", json.value))
                    .with_help(format!("the first is at line {}", first.loc.pos.line)),
            );
            return false;
        }
        self.json.insert(json.value.clone(), json.at.clone());
        self.claim_rust(json, rust, diagnostics)
    }

    /// Claims a Rust field name; false (with an error) when it is taken.
    fn claim_rust(&mut self, name: &Text, rust: &str, diagnostics: &mut Diagnostics) -> bool {
        if rust == UNKNOWN_FIELDS {
            diagnostics.push(
                name.at.error(format!("`{}` would become the Rust field `{UNKNOWN_FIELDS}`, which holds unknown JSON fields", name.value))
                    .with_help("give it another `rust_name`"),
            );
            return false;
        }
        if let Some((first, _)) = self.rust.get(rust) {
            diagnostics.push(
                name.at
                    .error(format!(
                        "`{}` and `{first}` both become the Rust field `{rust}`",
                        name.value
                    ))
                    .with_help(format!(
                        "give one of them a `rust_name`, e.g. `rust_name: {rust}_2`"
                    )),
            );
            return false;
        }
        self.rust
            .insert(rust.to_owned(), (name.value.clone(), name.at.clone()));
        true
    }
}

/// The field's proto name: the one given, else the snake_case form of its JSON name.
fn proto_name(field: &spec::Field, diagnostics: &mut Diagnostics) -> String {
    match &field.proto_name {
        Some(given) => {
            if !names::is_identifier(&given.value) {
                diagnostics.push(
                    given
                        .at
                        .error(format!("`{}` is not a valid proto field name", given.value)),
                );
            }
            given.value.clone()
        }
        None => names::json_to_proto(&field.name.value),
    }
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
                    .with_help(format!(
                        "the other is at line {}; give each field its own proto name",
                        other.name.at.loc.pos.line
                    )),
            );
        }
    }
}

fn check_type_name(name: &Text, diagnostics: &mut Diagnostics) {
    let value = name.value.as_str();
    if !names::is_identifier(value) || names::upper_camel(value) != value {
        diagnostics.push(
            name.at
                .error(format!("type name `{value}` is not UpperCamelCase"))
                .with_help(format!("write it as `{}`", names::upper_camel(value))),
        );
    } else if RESERVED_TYPE_NAMES.contains(&value) {
        diagnostics.push(
            name.at
                .error(format!(
                    "type name `{value}` would shadow Rust's own `{value}`"
                ))
                .with_help("rename the type"),
        );
    }
}

fn check_json_name(name: &Text, diagnostics: &mut Diagnostics) {
    let valid = !name.value.is_empty()
        && name
            .value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid {
        diagnostics.push(
            name.at
                .error(format!("`{}` is not a valid JSON field name", name.value))
                .with_help("use letters, digits and `_`"),
        );
    }
}

/// The Rust variant name of each of an enum's values, in order.
pub fn variant_names(enumeration: &spec::Enum) -> Vec<String> {
    let wire: Vec<&str> = enumeration
        .values
        .iter()
        .map(|value| value.name.value.as_str())
        .collect();
    names::enum_variants(&enumeration.name.value, &wire)
}

/// Lowers an enum, reporting duplicate values and reserved names.
pub fn resolve_enum(enumeration: &spec::Enum, diagnostics: &mut Diagnostics) -> model::Enum {
    if enumeration.values.is_empty() {
        diagnostics.push(enumeration.at.error("an enum needs at least one value"));
    }
    let mut seen: BTreeMap<&str, &At> = BTreeMap::new();
    for value in &enumeration.values {
        if let Some(first) = seen.insert(&value.name.value, &value.name.at) {
            diagnostics.push(
                value
                    .name
                    .at
                    .error(format!("value `{}` is declared twice", value.name.value))
                    .with_help(format!("the first is at line {}", first.loc.pos.line)),
            );
        }
        if !names::is_identifier(&value.name.value) {
            diagnostics.push(value.name.at.error(format!(
                "`{}` is not a valid enum value name",
                value.name.value
            )));
        }
    }
    let numbers = enum_numbers(enumeration, diagnostics);
    let variants = variant_names(enumeration);
    for (value, variant) in enumeration.values.iter().zip(&variants) {
        if variant == UNKNOWN_VARIANT {
            diagnostics.push(value.name.at.error(format!(
                "`{}` becomes the variant `{UNKNOWN_VARIANT}`, which holds unknown values",
                value.name.value
            )));
        }
    }
    model::Enum {
        name: enumeration.name.value.clone(),
        description: enumeration.description.value.clone(),
        values: enumeration
            .values
            .iter()
            .zip(variants)
            .zip(numbers)
            .map(|((value, rust_name), number)| model::EnumValue {
                wire_name: value.name.value.clone(),
                number,
                rust_name,
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
                diagnostics.push(value.name.at.error(format!(
                    "`{}` would be numbered past the largest 32-bit integer",
                    value.name.value
                )));
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
            diagnostics.push(
                value
                    .name
                    .at
                    .error(format!(
                        "`{}` and `{}` both have the number {number}",
                        first.value, value.name.value
                    ))
                    .with_help(format!(
                        "`{}` is at line {}; give this value `{{ number: N, description: … }}` with a free number",
                        first.value, first.at.loc.pos.line
                    )),
            );
        }
        numbers.push(number);
        next = number.checked_add(1);
    }
    numbers
}
