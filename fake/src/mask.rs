//! Update masks: which fields a patch changes.

use gemini_v1beta::server::ServerError;
use gemini_v1beta::FieldMask;

/// What an empty or missing mask means for a resource.
#[derive(Clone, Copy, Debug)]
pub(crate) enum WhenEmpty {
    /// The API requires a mask: refuse the request (INVALID_ARGUMENT).
    Refuse,
    /// Update every field the patch may change.
    All,
}

/// The fields of `allowed` (snake_case paths) that `mask` names. A path
/// outside `allowed` is refused with INVALID_ARGUMENT naming it and the
/// accepted ones.
pub(crate) fn fields(
    mask: Option<&FieldMask>,
    allowed: &[&'static str],
    resource: &str,
    when_empty: WhenEmpty,
) -> Result<Vec<&'static str>, ServerError> {
    let paths = mask.map(|mask| mask.paths.as_slice()).unwrap_or_default();
    if paths.is_empty() {
        return match when_empty {
            WhenEmpty::Refuse => Err(ServerError::invalid_argument(format!(
                "updateMask is required to update a {resource}; it may name {}",
                camel_list(allowed)
            ))),
            WhenEmpty::All => Ok(allowed.to_vec()),
        };
    }
    let mut chosen = Vec::new();
    for path in paths {
        match allowed.iter().find(|field| **field == path.as_str()) {
            Some(field) if !chosen.contains(field) => chosen.push(*field),
            Some(_) => {}
            None => {
                return Err(ServerError::invalid_argument(format!(
                "updateMask names {:?}, which cannot be updated on a {resource}; it may name {}",
                FieldMask::new([path.as_str()]).to_json_text(),
                camel_list(allowed)
            )))
            }
        }
    }
    Ok(chosen)
}

fn camel_list(fields: &[&str]) -> String {
    FieldMask::new(fields.iter().copied()).to_json_text()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks() {
        let allowed = ["display_name", "custom_metadata"];
        let mask = FieldMask::new(["displayName"]);
        assert_eq!(
            fields(Some(&mask), &allowed, "document", WhenEmpty::Refuse).unwrap(),
            vec!["display_name"]
        );
        assert!(fields(None, &allowed, "document", WhenEmpty::Refuse).is_err());
        assert_eq!(
            fields(None, &allowed, "x", WhenEmpty::All).unwrap(),
            allowed.to_vec()
        );
        let bad = FieldMask::new(["name"]);
        let error = fields(Some(&bad), &allowed, "document", WhenEmpty::Refuse).unwrap_err();
        assert!(error.status.message.contains("\"name\""), "{error}");
    }
}
