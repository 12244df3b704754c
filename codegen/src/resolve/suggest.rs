//! "Did you mean" for type names: the full name of a well-known type written
//! short (`Timestamp` → `google.protobuf.Timestamp`), a scalar spelled as in
//! another language (`boolean` → `bool`), then the closest declared name.

use crate::diagnostic::did_you_mean;
use crate::model::{Scalar, WellKnown};

/// Scalar spellings from other languages and schemas, with the spec's name.
const SCALAR_ALIASES: &[(&str, &str)] = &[
    ("boolean", "bool"),
    ("int", "int32"),
    ("integer", "int32"),
    ("long", "int64"),
    ("short", "int32"),
    ("i32", "int32"),
    ("i64", "int64"),
    ("u32", "uint32"),
    ("u64", "uint64"),
    ("uint", "uint32"),
    ("f32", "float"),
    ("f64", "double"),
    ("float32", "float"),
    ("float64", "double"),
    ("number", "double"),
    ("str", "string"),
    ("text", "string"),
    ("byte", "bytes"),
    ("binary", "bytes"),
];

/// What may stand where a type name is unknown.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// A field's type: a scalar, a well-known type, a message or an enum.
    AnyType,
    /// A request: a message of the spec.
    Message,
    /// A response: a message of the spec or `google.protobuf.Empty`.
    Response,
}

/// A "did you mean" for the unknown type name `wrong`, given the declared names.
pub fn type_name<'a>(
    wrong: &str,
    declared: impl Iterator<Item = &'a str> + Clone,
    expected: Expected,
) -> Option<String> {
    let scalars = expected == Expected::AnyType;
    let lower = wrong.to_ascii_lowercase();
    let short = lower.rsplit('.').next().unwrap_or(&lower);
    if let Some(full) = WellKnown::SPEC_NAMES.iter().find(|full| {
        full.rsplit('.')
            .next()
            .is_some_and(|name| name.eq_ignore_ascii_case(short))
    }) {
        let usable =
            scalars || (expected == Expected::Response && *full == "google.protobuf.Empty");
        if usable {
            return Some(format!(
                "did you mean `{full}`? Well-known types are written in full"
            ));
        }
    }
    if scalars {
        if let Some((_, scalar)) = SCALAR_ALIASES.iter().find(|(alias, _)| *alias == lower) {
            return Some(format!("did you mean `{scalar}`?"));
        }
        if Scalar::from_spec(&lower).is_some() {
            return Some(format!(
                "did you mean `{lower}`? Scalars are written in lowercase"
            ));
        }
        did_you_mean(
            wrong,
            declared
                .chain(Scalar::SPEC_NAMES.iter().copied())
                .chain(WellKnown::SPEC_NAMES.iter().copied()),
        )
    } else {
        did_you_mean(wrong, declared)
    }
}

#[cfg(test)]
mod tests {
    use super::{type_name, Expected};

    #[test]
    fn suggests_full_names_aliases_and_close_names() {
        let declared = ["Content", "Part"];
        let help = |wrong: &str| {
            type_name(wrong, declared.iter().copied(), Expected::AnyType).unwrap_or_default()
        };
        assert!(help("Timestamp").contains("`google.protobuf.Timestamp`"));
        assert!(help("protobuf.Empty").contains("`google.protobuf.Empty`"));
        assert!(help("boolean").contains("`bool`"));
        assert!(help("String").contains("`string`"));
        assert!(help("Contnt").contains("`Content`"));
        assert_eq!(
            type_name("Zebra", declared.iter().copied(), Expected::AnyType),
            None
        );
        assert!(
            type_name("Empty", declared.iter().copied(), Expected::Response)
                .unwrap_or_default()
                .contains("google.protobuf.Empty")
        );
        assert_eq!(
            type_name("Empty", declared.iter().copied(), Expected::Message),
            None
        );
        assert_eq!(
            type_name("Contnt", declared.iter().copied(), Expected::Message).as_deref(),
            Some("did you mean `Content`?")
        );
    }
}
