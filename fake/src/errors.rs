//! The error answers shared by every resource.

use gemini_v1beta::server::ServerError;

/// NOT_FOUND for the `kind` named `name`.
pub(crate) fn not_found(kind: &str, name: &str) -> ServerError {
    ServerError::not_found(format!("{kind} {name:?} was not found"))
}

/// ALREADY_EXISTS for the `kind` named `name`.
pub(crate) fn already_exists(kind: &str, name: &str) -> ServerError {
    ServerError::already_exists(format!("{kind} {name:?} already exists"))
}

/// INVALID_ARGUMENT for a missing required field.
pub(crate) fn required(field: &str) -> ServerError {
    ServerError::invalid_argument(format!("{field} is required"))
}

/// INVALID_ARGUMENT unless `text` has at most `max` characters.
pub(crate) fn check_len(field: &str, text: &str, max: usize) -> Result<(), ServerError> {
    let len = text.chars().count();
    if len > max {
        return Err(ServerError::invalid_argument(format!(
            "{field} has {len} characters; at most {max} are allowed"
        )));
    }
    Ok(())
}
