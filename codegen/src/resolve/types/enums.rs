//! Lowering an enum: its values' names, Rust variants and numbers.

use std::collections::BTreeMap;

use super::name_forms::is_proto_name;
use super::TypeIndex;
use crate::diagnostic::Diagnostics;
use crate::model;
use crate::names::{self, reserved};
use crate::resolve::rust_names::Namespace;
use crate::spec::{self, Text};

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
    let mut variants = Namespace::new("variant", &[reserved::ENUM_VARIANTS]);
    for value in &enumeration.values {
        let Some(source) = variant_source(value, diagnostics) else {
            continue;
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
                description: value.description.as_ref().map(|text| text.value.clone()),
                deprecated: value.deprecated,
            })
            .collect(),
    }
}

/// The text a value's Rust variant comes from: its `rust_name`, else its
/// name. `None` when either is not allowed (reported).
fn variant_source<'v>(
    value: &'v spec::EnumValue,
    diagnostics: &mut Diagnostics,
) -> Option<&'v Text> {
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
        return None;
    }
    match &value.rust_name {
        Some(given) if names::is_upper_camel(&given.value) => Some(given),
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
            None
        }
        None => Some(&value.name),
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
            let at = number_at(value);
            diagnostics.push(
                at.error(format!(
                    "the first value, `{}`, must be number 0: it is the default",
                    value.name.value
                ))
                .with_help("put the value numbered 0 first"),
            );
        }
        if let Some(first) = taken.insert(number, &value.name) {
            let at = number_at(value);
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

/// Where a value's number is: the number written, else the value's name.
fn number_at(value: &spec::EnumValue) -> &spec::At {
    value
        .number
        .as_ref()
        .map_or(&value.name.at, |given| &given.at)
}
