//! Lowering a field: its type, its shape (single, repeated or map), its
//! behaviors and its Rust and proto names.

use super::name_forms::{check_json_name, check_rust_name, is_proto_name};
use super::TypeIndex;
use crate::diagnostic::{Diagnostics, Reported};
use crate::model::{self, Scalar, Shape, TypeRef};
use crate::names;
use crate::resolve::rust_names::Namespace;
use crate::spec::{self, Text};

impl<'s> TypeIndex<'s> {
    /// Lowers a field, claiming its Rust name in `rust_fields`; `Err` when
    /// it is refused (reported).
    pub(super) fn resolve_field(
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
        let shape = field_shape(field, &ty, diagnostics)?;
        let ty = ty?;
        check_map_value(field, &shape, &ty, diagnostics)?;
        let rust_name = claim_rust_name(field, json_ok, rust_fields, diagnostics)?;
        Ok(model::Field {
            json_name: field.name.value.clone(),
            number: field.number,
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

/// The field's proto name: the one given, else the snake_case form of its JSON name.
pub(super) fn proto_name(field: &spec::Field, diagnostics: &mut Diagnostics) -> String {
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

/// The field's shape from its `map`, `repeated` and `optional` keys (at most
/// one of them); a single field of a message or well-known type has presence.
fn field_shape(
    field: &spec::Field,
    ty: &Result<TypeRef, Reported>,
    diagnostics: &mut Diagnostics,
) -> Result<Shape, Reported> {
    Ok(match (&field.map_key, field.repeated, field.optional) {
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
    })
}

/// Reports a map whose values the JSON codec cannot carry yet.
fn check_map_value(
    field: &spec::Field,
    shape: &Shape,
    ty: &TypeRef,
    diagnostics: &mut Diagnostics,
) -> Result<(), Reported> {
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
    Ok(())
}

/// Claims the field's Rust name (its `rust_name`, or its JSON name in
/// snake_case) among the message's Rust fields.
fn claim_rust_name(
    field: &spec::Field,
    json_ok: Result<(), Reported>,
    rust_fields: &mut Namespace,
    diagnostics: &mut Diagnostics,
) -> Result<String, Reported> {
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
        return Err(diagnostics.reported_before(|| source.at.error("the field's name was refused")));
    }
    Ok(rust_name)
}
