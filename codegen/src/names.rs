//! The one place that turns spec names into Rust identifiers: case
//! conversion, keyword escaping, and the names serde derives on its own.

use heck::{ToKebabCase, ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

/// Words reserved in every Rust edition this crate targets.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot be written as raw identifiers (`r#self` is not allowed).
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// A group of runtime items a generated crate re-exports at its root, on
/// one `use` line.
pub struct RootExport {
    /// The runtime module they come from.
    pub module: &'static str,
    /// The items.
    pub items: &'static [&'static str],
    /// Whether they belong to the HTTP client (the crate's `client` feature).
    pub client_only: bool,
}

/// Everything a generated crate re-exports from the runtime at its root.
pub const ROOT_EXPORTS: &[RootExport] = &[
    RootExport {
        module: "apigen_runtime::json",
        items: &["DecodeError", "OpenEnum", "UnknownEnumValue"],
        client_only: false,
    },
    RootExport {
        module: "apigen_runtime",
        items: &[
            "Any",
            "Duration",
            "Empty",
            "FieldMask",
            "Timestamp",
            "UnknownFields",
        ],
        client_only: false,
    },
    RootExport {
        module: "apigen_runtime",
        items: &["ApiError", "Error", "ResponseStream"],
        client_only: true,
    },
    RootExport {
        module: "apigen_runtime",
        items: &[
            "CallOptions",
            "RetryPolicy",
            "StaticToken",
            "TokenError",
            "TokenSource",
        ],
        client_only: true,
    },
    RootExport {
        module: "apigen_runtime",
        items: &[
            "LongRunning",
            "Media",
            "PageStream",
            "PollPolicy",
            "Progress",
        ],
        client_only: true,
    },
];

/// Whether the root of a generated crate has a type of this name already
/// (a runtime re-export, or the `Client`).
pub fn is_root_type(name: &str) -> bool {
    name == "Client"
        || ROOT_EXPORTS
            .iter()
            .any(|export| export.items.contains(&name))
}

/// Whether `name` is a Rust keyword.
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// Whether `name` is a keyword that no raw identifier can stand for.
pub fn is_unusable_keyword(name: &str) -> bool {
    NOT_RAW.contains(&name)
}

/// Whether `name` is a plain Rust identifier (ASCII letters, digits, `_`; not starting with a digit).
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name != "_"
}

/// An identifier token, raw (`r#type`) when the name is a keyword.
pub fn ident(name: &str) -> Ident {
    if is_keyword(name) && !is_unusable_keyword(name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// `snake_case` for fields, methods and modules.
pub fn snake(name: &str) -> String {
    name.to_snake_case()
}

/// `kebab-case`, for example resource ids in docs.
pub fn kebab(name: &str) -> String {
    name.to_kebab_case()
}

/// `UpperCamelCase` for types and variants.
pub fn upper_camel(name: &str) -> String {
    name.to_upper_camel_case()
}

/// The JSON name serde's `rename_all = "camelCase"` gives a snake_case field.
pub fn serde_camel(rust_name: &str) -> String {
    let mut out = String::with_capacity(rust_name.len());
    let mut upper = false;
    for c in rust_name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The proto field name whose default JSON name is `json`: `cachedContent` → `cached_content`.
pub fn json_to_proto(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 4);
    for c in json.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Converts a proto field name (`cached_content`) to its default JSON name (`cachedContent`).
pub fn proto_to_json(name: &str) -> String {
    serde_camel(name)
}

/// The module-level constant that holds a method's binding: `corpora.documents.query` → `CORPORA_DOCUMENTS_QUERY`.
pub fn binding_const(method_id: &str) -> String {
    method_id
        .split('.')
        .map(|part| part.to_shouty_snake_case())
        .collect::<Vec<_>>()
        .join("_")
}

/// Rust variant names for an enum's wire values.
///
/// The enum's own name (or a trailing part of it) is stripped from each value
/// where present: `HARM_CATEGORY_HATE_SPEECH` of `HarmCategory` becomes
/// `HateSpeech`, and `FINISH_REASON_UNSPECIFIED` of `CandidateFinishReason`
/// becomes `Unspecified`. If stripping makes two names equal, nothing is
/// stripped.
pub fn enum_variants(enum_name: &str, values: &[&str]) -> Vec<String> {
    let words = enum_name.to_shouty_snake_case();
    let words: Vec<&str> = words.split('_').collect();
    let prefixes: Vec<String> = (0..words.len())
        .map(|start| format!("{}_", words[start..].join("_")))
        .collect();
    let stripped: Vec<String> = values
        .iter()
        .map(|value| {
            let rest = prefixes
                .iter()
                .find_map(|prefix| value.strip_prefix(prefix.as_str()));
            match rest {
                Some(rest) if rest.starts_with(|c: char| c.is_ascii_alphabetic()) => {
                    upper_camel(rest)
                }
                _ => upper_camel(value),
            }
        })
        .collect();
    let mut sorted = stripped.clone();
    sorted.sort();
    sorted.dedup();
    if sorted.len() == stripped.len() {
        stripped
    } else {
        values.iter().map(|value| upper_camel(value)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_the_enum_name_from_values() {
        assert_eq!(
            enum_variants(
                "HarmBlockThreshold",
                &[
                    "HARM_BLOCK_THRESHOLD_UNSPECIFIED",
                    "BLOCK_LOW_AND_ABOVE",
                    "OFF"
                ]
            ),
            ["Unspecified", "BlockLowAndAbove", "Off"]
        );
        assert_eq!(
            enum_variants(
                "CandidateFinishReason",
                &["FINISH_REASON_UNSPECIFIED", "STOP"]
            ),
            ["Unspecified", "Stop"]
        );
    }

    #[test]
    fn keeps_full_names_when_stripping_collides() {
        assert_eq!(enum_variants("Kind", &["KIND_A", "A"]), ["KindA", "A"]);
    }

    #[test]
    fn keywords_become_raw_identifiers() {
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("name").to_string(), "name");
        assert_eq!(serde_camel("sha256_hash"), "sha256Hash");
        assert_eq!(snake("_responseJsonSchema"), snake("responseJsonSchema"));
    }
}
