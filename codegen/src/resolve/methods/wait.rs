//! Wait helpers: a `wait:` checked against the response's enum field and
//! the values that mean "not done yet".

use super::{find_field, missing, Answer, TypeIndex, EMPTY};
use crate::diagnostic::{Diagnostics, Reported};
use crate::model;
use crate::names;
use crate::resolve::unknown;
use crate::spec;

/// Checks a `wait:` declaration against the response type.
pub(super) fn wait_helper(
    wait: &spec::Wait,
    response: Answer<'_>,
    method: &spec::Method,
    index: &TypeIndex<'_>,
    diagnostics: &mut Diagnostics,
) -> Result<model::WaitHelper, Reported> {
    check_helper_name(wait, diagnostics)?;
    let rust_name = names::snake(&wait.name.value);
    let response = waited_message(wait, response, method, diagnostics)?;
    let (field, enumeration) = watched_field(wait, response, index, diagnostics)?;
    let pending = pending_variants(wait, enumeration, diagnostics)?;
    Ok(model::WaitHelper {
        response: index.declared_path(&response.name),
        rust_name,
        field: index.rust_field_name(field),
        field_json: field.name.value.clone(),
        enum_type: index.declared_path(&enumeration.name),
        pending,
        pending_wire: wait
            .pending
            .iter()
            .map(|value| value.value.clone())
            .collect(),
    })
}

/// Reports a helper name or field left empty (already reported when read),
/// and a helper name that is not lowerCamelCase.
fn check_helper_name(wait: &spec::Wait, diagnostics: &mut Diagnostics) -> Result<(), Reported> {
    if wait.name.value.is_empty() {
        return Err(missing(&wait.name, diagnostics));
    }
    if wait.field.value.is_empty() {
        return Err(missing(&wait.field, diagnostics));
    }
    if !names::is_lower_camel(&wait.name.value) {
        return Err(diagnostics.report(
            wait.name
                .at
                .error(format!("`{}` is not a valid helper name", wait.name.value))
                .with_help("name it in lowerCamelCase, e.g. `waitUntilActive`"),
        ));
    }
    Ok(())
}

/// The response message the helper polls; `google.protobuf.Empty` has no field to wait on.
fn waited_message<'s>(
    wait: &spec::Wait,
    response: Answer<'s>,
    method: &spec::Method,
    diagnostics: &mut Diagnostics,
) -> Result<&'s spec::Message, Reported> {
    let Answer::Message(response) = response else {
        return Err(diagnostics.report(
            wait.name
                .at
                .error(format!(
                    "`{}` waits on a field of the response, and `{EMPTY}` has none",
                    wait.name.value
                ))
                .with_note(&method.response.at.loc, "the response")
                .with_help("drop `wait:`, or answer a message with an enum field to wait on"),
        ));
    };
    Ok(response)
}

/// The field the helper watches, with its enum: a single, non-optional enum field of the response.
fn watched_field<'s>(
    wait: &spec::Wait,
    response: &'s spec::Message,
    index: &TypeIndex<'s>,
    diagnostics: &mut Diagnostics,
) -> Result<(&'s spec::Field, &'s spec::Enum), Reported> {
    let Some(field) = find_field(response, &wait.field.value) else {
        if !response.intact {
            return Err(missing(&wait.field, diagnostics));
        }
        let candidates = response
            .fields
            .iter()
            .map(|field| field.name.value.as_str());
        let message = format!(
            "`{}` is not a field of `{}`",
            wait.field.value, response.name.value
        );
        return Err(diagnostics.report(unknown(&wait.field, message, candidates)));
    };
    let Some(enumeration) = index.enumeration(&field.type_name.value) else {
        return Err(diagnostics.report(
            wait.field
                .at
                .error(format!(
                    "`{}` must be an enum field to wait on",
                    wait.field.value
                ))
                .with_note(&field.type_name.at.loc, "its type")
                .with_help("wait on a field whose type is an enum, such as a `state`"),
        ));
    };
    if field.repeated || field.map_key.is_some() || field.optional {
        return Err(diagnostics.report(
            wait.field
                .at
                .error(format!(
                    "`{}` must be a single, non-optional enum field",
                    wait.field.value
                ))
                .with_note(&field.at.loc, "the field")
                .with_help("wait on one enum value: drop `repeated`, `map` or `optional` there"),
        ));
    }
    Ok((field, enumeration))
}

/// The Rust variants of the `while:` values, each a value of the watched enum.
fn pending_variants(
    wait: &spec::Wait,
    enumeration: &spec::Enum,
    diagnostics: &mut Diagnostics,
) -> Result<Vec<String>, Reported> {
    let wire = enumeration
        .values
        .iter()
        .map(|value| value.name.value.as_str());
    let mut pending = Vec::new();
    let mut failed = None;
    for value in &wait.pending {
        match enumeration
            .values
            .iter()
            .find(|declared| declared.name.value == value.value)
        {
            Some(declared) => {
                pending.push(crate::resolve::types::variant_name(enumeration, declared))
            }
            None => {
                let message = format!(
                    "`{}` is not a value of `{}`",
                    value.value, enumeration.name.value
                );
                failed = Some(diagnostics.report(unknown(value, message, wire.clone())));
            }
        }
    }
    if let Some(reported) = failed {
        return Err(reported);
    }
    if pending.is_empty() {
        // An empty `while:` is refused when it is read.
        return Err(
            diagnostics.reported_before(|| wait.name.at.error("`wait:` names no value to wait on"))
        );
    }
    Ok(pending)
}
