//! The one place that turns spec names into Rust identifiers: case
//! conversion, keyword escaping, and the names serde derives on its own.

pub mod reserved;

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
    /// The items (`self`: the module too, as `codec` and `status`).
    pub items: &'static [&'static str],
    /// Whether they belong to the HTTP client (the crate's `client` feature).
    pub client_only: bool,
}

/// Everything a generated crate re-exports from the runtime at its root.
pub const ROOT_EXPORTS: &[RootExport] = &[
    RootExport {
        module: "apigen_runtime::codec",
        items: &[
            "self",
            "DecodeError",
            "NotAnObject",
            "OpenEnum",
            "ParseEnumError",
            "UnknownEnumValue",
        ],
        client_only: false,
    },
    RootExport {
        module: "apigen_runtime::status",
        items: &["self", "Code", "Status"],
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
        items: &["ApiError", "Error", "ResponseStream", "SizeLimit"],
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

/// Why `name` cannot be written as a Rust identifier (plain or raw), or
/// `None` when it can. Every name the generator writes passes this first.
pub fn ident_problem(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        Some("it is empty")
    } else if name == "_" {
        Some("`_` alone is not a name")
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        Some("it starts with a digit")
    } else if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        Some("it has characters other than ASCII letters, digits and `_`")
    } else if is_unusable_keyword(name) {
        Some("it is a Rust keyword that cannot be a raw identifier")
    } else {
        None
    }
}

/// Whether `name` is lowerCamelCase as resource and method names are
/// written: `^[a-z][A-Za-z0-9]*$`.
pub fn is_lower_camel(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
}

/// Whether `name` is UpperCamelCase as type names are written:
/// `^[A-Z][A-Za-z0-9]*$`, a capital letter first, then letters and digits.
/// Acronyms may keep their capitals (`OAuthToken`, `HTTPRequest`): the name
/// is the wire name, and Rust's naming lints leave public types written so
/// alone.
pub fn is_upper_camel(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
}

/// The UpperCamelCase form of `name` that [`is_upper_camel`] accepts, when
/// there is one: `order_item` → `OrderItem`, `label` → `Label`.
pub fn fix_upper_camel(name: &str) -> Option<String> {
    let fixed = upper_camel(name);
    is_upper_camel(&fixed).then_some(fixed)
}

/// A usable name close to an unusable `name`: `1k` → `_1k` (or `V1k` for an
/// UpperCamelCase name), `self` → `self_`, `Self` → `SelfValue`.
pub fn usable_name(name: &str, upper: bool) -> String {
    let name: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    match (name.as_str(), upper) {
        ("" | "_", false) => "unnamed".to_owned(),
        ("" | "_", true) => "Unnamed".to_owned(),
        (_, false) if name.starts_with(|c: char| c.is_ascii_digit()) => format!("_{name}"),
        (_, true) if name.starts_with(|c: char| c.is_ascii_digit()) => format!("V{name}"),
        (_, false) if is_keyword(&name) => format!("{name}_"),
        (_, true) if is_keyword(&name) => format!("{name}Value"),
        _ => name,
    }
}

/// An identifier token, raw (`r#type`) when the name is a keyword.
pub fn ident(name: &str) -> Ident {
    if is_keyword(name) && !is_unusable_keyword(name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// `snake_case` for fields, methods and modules. A run of capitals is one
/// word, except that its last capital starts the next word when a lowercase
/// letter follows: `HTTPRequest` → `http_request`, `IAMPolicy` →
/// `iam_policy`, `OAuthToken` → `o_auth_token`.
pub fn snake(name: &str) -> String {
    name.to_snake_case()
}

/// The crate module of a package's generated shared types: its segments
/// joined by `_` (`google_iam_v1` for `google.iam.v1`).
pub fn package_module(package: &str) -> String {
    package.replace('.', "_")
}

/// `kebab-case`, for example resource ids in docs.
pub fn kebab(name: &str) -> String {
    name.to_kebab_case()
}

/// `SHOUTY_SNAKE_CASE`, the style of enum value names.
pub fn shouty_snake(name: &str) -> String {
    name.to_shouty_snake_case()
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

/// The proto field name whose default JSON name is `json`: `readingList` → `reading_list`.
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

/// Converts a proto field name (`reading_list`) to its default JSON name (`readingList`).
pub fn proto_to_json(name: &str) -> String {
    serde_camel(name)
}

/// The module-level constant that holds a method's binding: `shelves.books.query` → `SHELVES_BOOKS_QUERY`.
pub fn binding_const(method_id: &str) -> String {
    method_id
        .split('.')
        .map(|part| part.to_shouty_snake_case())
        .collect::<Vec<_>>()
        .join("_")
}

/// The Rust variant name of one of an enum's wire values: the enum's own
/// name (or a trailing part of it) is stripped when the value starts with
/// it and a letter follows, so `HARM_CATEGORY_HATE_SPEECH` of `HarmCategory`
/// becomes `HateSpeech` and `FINISH_REASON_UNSPECIFIED` of
/// `CandidateFinishReason` becomes `Unspecified`. The name depends on this
/// value alone, never on the others, so adding a value renames nothing;
/// two values that end up with one name are for the caller to report.
pub fn enum_variant(enum_name: &str, value: &str) -> String {
    let words = enum_name.to_shouty_snake_case();
    let words: Vec<&str> = words.split('_').collect();
    let stripped = (0..words.len()).find_map(|start| {
        let prefix = format!("{}_", words[start..].join("_"));
        value
            .strip_prefix(prefix.as_str())
            .filter(|rest| rest.starts_with(|c: char| c.is_ascii_alphabetic()))
    });
    upper_camel(stripped.unwrap_or(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_the_enum_name_from_values() {
        let variants = |values: &[&str]| -> Vec<String> {
            values
                .iter()
                .map(|value| enum_variant("HarmBlockThreshold", value))
                .collect()
        };
        assert_eq!(
            variants(&[
                "HARM_BLOCK_THRESHOLD_UNSPECIFIED",
                "BLOCK_LOW_AND_ABOVE",
                "OFF"
            ]),
            ["Unspecified", "BlockLowAndAbove", "Off"]
        );
        assert_eq!(
            enum_variant("CandidateFinishReason", "FINISH_REASON_UNSPECIFIED"),
            "Unspecified"
        );
        assert_eq!(enum_variant("Kind", "KIND_1"), "Kind1");
    }

    #[test]
    fn names_are_checked_before_they_are_written() {
        assert_eq!(ident_problem("1k"), Some("it starts with a digit"));
        assert!(ident_problem("Self").is_some());
        assert!(ident_problem("").is_some());
        assert_eq!(ident_problem("r#type"), ident_problem("a-b"));
        assert_eq!(ident_problem("type"), None);
        assert!(is_upper_camel("V1Beta"));
        assert!(is_upper_camel("ModelA"));
        assert!(is_upper_camel("OAuthToken"));
        assert!(!is_upper_camel("order"));
        assert!(!is_upper_camel("Order_Item"));
        assert_eq!(fix_upper_camel("order_item").as_deref(), Some("OrderItem"));
        assert_eq!(fix_upper_camel("1k"), None);
        assert_eq!(usable_name("1k", false), "_1k");
        assert_eq!(usable_name("Self", true), "SelfValue");
    }

    #[test]
    fn keywords_become_raw_identifiers() {
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("name").to_string(), "name");
        assert_eq!(serde_camel("sha256_hash"), "sha256Hash");
        assert_eq!(snake("_responseJsonSchema"), snake("responseJsonSchema"));
    }

    #[test]
    fn acronyms_in_type_names_have_one_snake_form() {
        assert_eq!(snake("OAuthToken"), "o_auth_token");
        assert_eq!(snake("HTTPRequest"), "http_request");
        assert_eq!(snake("IAMPolicy"), "iam_policy");
        assert_eq!(snake("HttpRequest"), snake("HTTPRequest"));
    }
}
