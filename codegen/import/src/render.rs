//! The YAML the importer writes: a small ordered document model and its
//! text, in the layout of the hand-written specs (block mappings, flow
//! mappings for `http:` and friends, quoted descriptions, a blank line
//! between top-level declarations).

use crate::protos::Selection;
use crate::settings::RetryKeys;
use crate::PLACEHOLDER;

/// The entries of a mapping, in order.
pub(crate) type Entries = Vec<(String, Node)>;

/// A YAML value as the importer writes it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Node {
    /// A block mapping, in insertion order (`{}` when empty).
    Block(Vec<(String, Node)>),
    /// A flow mapping on one line: `{ post: "/v1/x", body: "*" }`.
    Flow(Vec<(String, Node)>),
    /// A flow list of plain words: `[required, immutable]`.
    Words(Vec<String>),
    /// A flow list of numbers: `[503, 504]`.
    Numbers(Vec<String>),
    /// Text, always double-quoted.
    Text(String),
    /// A plain scalar (a name, a number, `true`), written as is.
    Plain(String),
}

/// An entry that sets a flag: `deprecated: true`.
pub(crate) fn flag(key: &str) -> (String, Node) {
    (key.to_owned(), Node::Plain("true".to_owned()))
}

/// One spec file: its path in the folder and its top-level mapping.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct SpecFileOut {
    /// Relative path, e.g. `types/content.yaml`.
    pub path: String,
    /// The top-level keys (`api`, `resources`, `messages`, `enums`).
    pub top: Vec<(String, Node)>,
}

impl SpecFileOut {
    /// The file's YAML text.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for (key, node) in &self.top {
            write_entry(&mut out, 0, key, node, key != "api");
            // The package stands apart from the declarations it names.
            if key == "package" {
                out.push('\n');
            }
        }
        out
    }
}

/// A key, quoted when YAML would read it as something other than this text.
fn key(name: &str) -> String {
    let plain = name
        .chars()
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        && !matches!(
            name.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
        );
    if plain {
        name.to_owned()
    } else {
        quoted(name)
    }
}

/// A double-quoted YAML scalar (JSON string syntax, which YAML reads the same).
pub(crate) fn quoted(text: &str) -> String {
    serde_json::Value::String(text.to_owned()).to_string()
}

fn inline(node: &Node) -> String {
    match node {
        Node::Block(entries) | Node::Flow(entries) if entries.is_empty() => "{}".to_owned(),
        Node::Block(entries) | Node::Flow(entries) => {
            let inner: Vec<String> = entries
                .iter()
                .map(|(name, value)| format!("{}: {}", key(name), inline(value)))
                .collect();
            format!("{{ {} }}", inner.join(", "))
        }
        Node::Words(words) => {
            let words: Vec<String> = words.iter().map(|word| key(word)).collect();
            format!("[{}]", words.join(", "))
        }
        Node::Numbers(numbers) => format!("[{}]", numbers.join(", ")),
        Node::Text(text) => quoted(text),
        Node::Plain(text) => text.clone(),
    }
}

/// `key: value` indented by `indent` spaces; a block mapping's entries go
/// on the lines below. The entries of a top-level `section` are separated
/// by blank lines.
fn write_entry(out: &mut String, indent: usize, name: &str, node: &Node, section: bool) {
    let spaces = " ".repeat(indent);
    match node {
        Node::Block(entries) if !entries.is_empty() => {
            out.push_str(&format!("{spaces}{}:\n", key(name)));
            for (index, (child, value)) in entries.iter().enumerate() {
                if section && index > 0 {
                    out.push('\n');
                }
                write_entry(out, indent + 2, child, value, false);
            }
        }
        _ => out.push_str(&format!("{spaces}{}: {}\n", key(name), inline(node))),
    }
}

/// The text of one entry indented by `indent` spaces, for splicing into a file.
pub(crate) fn entry_text(indent: usize, name: &str, node: &Node) -> String {
    let mut out = String::new();
    write_entry(&mut out, indent, name, node, false);
    out
}

/// The `api:` file, from the package (`example.library.v1`
/// gives the name `library` and the version `v1`) and the
/// first service's `google.api.default_host`, with the API's `retry` policy
/// when a service config gives one.
pub(crate) fn api_file(selection: &Selection, retry: Option<&RetryKeys>) -> SpecFileOut {
    let mut parts: Vec<&str> = selection.package.split('.').collect();
    let version = match parts.last() {
        Some(last) if crate::naming::is_version(last) => parts.pop().unwrap_or("v1"),
        _ => "v1",
    };
    let name = parts.last().copied().unwrap_or("api").to_owned();
    let host = selection
        .services
        .first()
        .and_then(|service| crate::naming::default_host(&selection.compiled.pool, service))
        .unwrap_or_else(|| format!("{name}.example.com"));
    let mut api = vec![
        ("name".to_owned(), Node::Plain(name.clone())),
        ("title".to_owned(), Node::Text(format!("{name} API"))),
        ("version".to_owned(), Node::Plain(version.to_owned())),
        ("description".to_owned(), Node::Text(PLACEHOLDER.to_owned())),
        ("package".to_owned(), Node::Plain(selection.package.clone())),
        (
            "base_url".to_owned(),
            Node::Plain(format!("https://{host}")),
        ),
        (
            "crate_name".to_owned(),
            Node::Plain(format!("{name}-{version}")),
        ),
        ("crate_version".to_owned(), Node::Plain("0.1.0".to_owned())),
    ];
    if selection.package.is_empty() {
        api.retain(|(key, _)| key != "package");
    }
    if let Some(retry) = retry {
        api.push(("retry".to_owned(), Node::Block(retry.clone())));
    }
    SpecFileOut {
        path: "api.yaml".to_owned(),
        top: vec![("api".to_owned(), Node::Block(api))],
    }
}
