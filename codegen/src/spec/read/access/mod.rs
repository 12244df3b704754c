//! The generic layer under the schema: typed getters over the YAML tree
//! (text, flags, numbers, lists, named entries) that report each problem at
//! its place with a fix, and the unknown- and missing-key checks. It knows
//! nothing of what a spec file contains; the sibling modules do.

mod lists;
mod maps;
mod scalars;

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use super::super::At;
use crate::diagnostic::{Diagnostic, Diagnostics, Loc, SourceFile};
use crate::yaml::{Node, Value};

/// Reads one file's YAML tree, collecting its problems.
pub(super) struct Reader<'a> {
    /// The file being read.
    pub(super) source: &'a Arc<SourceFile>,
    /// Where problems go.
    pub(super) problems: &'a mut Diagnostics,
    /// Names of declarations that could not be read.
    pub(super) unreadable: &'a mut BTreeSet<String>,
    /// Set while reading a section a syntax error cut short.
    pub(super) quiet_missing: bool,
}

/// A mapping being read: remembers which keys were used.
pub(super) struct MapView<'n> {
    entries: &'n [(Node, Node)],
    index: HashMap<&'n str, usize>,
    used: Vec<bool>,
    element: String,
    /// Where the mapping is: problems with it as a whole point here.
    pub(super) at: At,
}

impl<'n> MapView<'n> {
    /// The value under `key`, marking the key as read.
    pub(super) fn take(&mut self, key: &str) -> Option<&'n Node> {
        let index = *self.index.get(key)?;
        self.used[index] = true;
        Some(&self.entries[index].1)
    }

    /// Whether the mapping has `key`, read or not.
    pub(super) fn has(&self, key: &str) -> bool {
        self.index.contains_key(key)
    }

    /// The element path of `key` under this mapping.
    pub(super) fn child(&self, key: &str) -> String {
        if self.element.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.element)
        }
    }
}

/// The text of a scalar node; `None` for a mapping or a list.
pub(super) fn scalar(node: &Node) -> Option<&str> {
    match &node.value {
        Value::Scalar { text, .. } => Some(text),
        _ => None,
    }
}

/// The key an element path ends in: `messages.A.fields.b.type` → `type`.
pub(super) fn key_of(element: &str) -> &str {
    element.rsplit('.').next().unwrap_or(element)
}

/// What the entries of a mapping are, by its key: `fields` → `field`.
pub(super) fn entry_kind(element: &str) -> &'static str {
    match key_of(element) {
        "resources" => "resource",
        "methods" => "method",
        "messages" => "message",
        "enums" => "enum",
        "fields" => "field",
        "oneofs" => "oneof",
        "values" => "value",
        _ => "key",
    }
}

/// An example line for a key, for "missing" and "empty" messages.
pub(super) fn example(key: &str) -> Option<&'static str> {
    Some(match key {
        "description" => "description: \"What it is, in one line.\"",
        "type" => "type: string",
        "http" => "http: { get: \"/v1/{name=things/*}\" }",
        "request" => "request: GetThingRequest",
        "response" => "response: Thing",
        "values" => "values: { THING_UNSPECIFIED: \"Not set.\" }",
        "fields" => "fields: { name: { type: string, description: \"Its name.\" } }",
        "items" => "items: things",
        "metadata" => "metadata: CreateThingMetadata",
        "poll" => "poll: things.operations.get",
        "path" => "path: /upload/v1/things",
        "name" => "name: waitUntilActive",
        "field" => "field: state",
        "title" => "title: Shop API",
        "version" => "version: v1",
        "base_url" => "base_url: https://shop.example.com",
        "crate_name" => "crate_name: shop-v1",
        "crate_version" => "crate_version: 0.1.0",
        "max_attempts" => "max_attempts: 5",
        "initial_backoff" => "initial_backoff: 1s",
        "max_backoff" => "max_backoff: 10s",
        "multiplier" => "multiplier: 1.3",
        "while" => "while: [CREATING]",
        _ => return None,
    })
}

/// A character that would break the generated code or hide what it says
/// (control characters other than tab and line break, and bidirectional
/// overrides), with the number of characters before it.
pub(super) fn hidden_char(text: &str) -> Option<(usize, char)> {
    text.chars().enumerate().find(|&(_, c)| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    })
}

impl Reader<'_> {
    /// Where `node` is, under the element path `element`.
    pub(super) fn at(&self, node: &Node, element: &str) -> At {
        At {
            loc: Loc {
                file: self.source.clone(),
                pos: node.pos,
            },
            element: element.to_owned(),
        }
    }

    /// A problem at `node`.
    pub(super) fn problem(
        &self,
        node: &Node,
        element: &str,
        message: impl Into<String>,
    ) -> Diagnostic {
        self.at(node, element).error(message)
    }

    /// Records a problem.
    pub(super) fn report(&mut self, diagnostic: Diagnostic) {
        self.problems.push(diagnostic);
    }

    /// The "is empty" problem of a key written without the entries it should hold.
    pub(super) fn empty_mapping(&self, node: &Node, element: &str) -> Diagnostic {
        let key = key_of(element);
        self.problem(node, element, format!("`{key}` is empty"))
            .with_help(format!(
                "write its entries under `{key}:`, indented, or remove it"
            ))
    }

    /// The "is empty" problem of a key written without a value.
    pub(super) fn empty(&self, node: &Node, element: &str) -> Diagnostic {
        let key = key_of(element);
        let diagnostic = self.problem(node, element, format!("`{key}` is empty"));
        match example(key) {
            Some(example) => diagnostic.with_help(format!("write e.g. `{example}`")),
            None => diagnostic.with_help(format!("write its value after `{key}:`, or remove it")),
        }
    }
}
