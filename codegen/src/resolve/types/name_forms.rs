//! The form each name must have: type names and their `rust_name`s in
//! UpperCamelCase, JSON and proto field names, snake_case field `rust_name`s,
//! proto names that name one field.

use crate::diagnostic::{Diagnostics, Reported};
use crate::names;
use crate::spec::{self, Text};

/// `^[A-Za-z_][A-Za-z0-9_]*$`: proto field names and enum value names.
pub(super) fn is_proto_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A proto name may not stand for another field: decoders accept both names.
pub(super) fn check_proto_names(message: &spec::Message, diagnostics: &mut Diagnostics) {
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
pub(super) fn check_type_name(name: &Text, diagnostics: &mut Diagnostics) -> bool {
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
            "start each part with a capital letter, then ASCII letters and digits; a nested type is `Parent.Child`",
        ),
    });
    false
}

/// Reports a type's `rust_name` that is not one UpperCamelCase Rust type
/// name; returns whether it is.
pub(super) fn check_type_rust_name(given: &Text, diagnostics: &mut Diagnostics) -> bool {
    let value = given.value.as_str();
    if names::is_upper_camel(value) {
        return true;
    }
    let help = match names::fix_upper_camel(value) {
        Some(fixed) => format!("write it as `{fixed}`"),
        None => "start it with a capital letter, then ASCII letters and digits; the module it is nested in follows its parent".to_owned(),
    };
    diagnostics.push(
        given
            .at
            .error(format!("`{value}` is not an UpperCamelCase Rust type name"))
            .with_help(help),
    );
    false
}

/// `^[A-Za-z0-9_]+$`: a JSON field (or oneof) name as the format allows it.
pub(super) fn is_json_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Reports a field or oneof name the format does not allow.
pub(super) fn check_json_name(
    name: &Text,
    what: &str,
    diagnostics: &mut Diagnostics,
) -> Result<(), Reported> {
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
pub(super) fn check_rust_name(given: &Text, diagnostics: &mut Diagnostics) -> Result<(), Reported> {
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
