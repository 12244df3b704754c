//! The generic layer under the schema: typed getters over the YAML tree
//! (text, flags, numbers, lists, named entries) that report each problem at
//! its place with a fix, and the unknown- and missing-key checks. It knows
//! nothing of what a spec file contains; the sibling modules do.

use std::collections::{BTreeSet, HashMap};
use std::ops::RangeInclusive;
use std::sync::Arc;

use super::super::{fixes, At, Text};
use crate::diagnostic::{did_you_mean, Diagnostic, Diagnostics, Loc, SourceFile};
use crate::yaml::{Node, Typed, Value};

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

    /// The mapping at `node`, its keys checked for repeats and plain names;
    /// anything else is reported.
    pub(super) fn mapping<'n>(&mut self, node: &'n Node, element: &str) -> Option<MapView<'n>> {
        let Value::Mapping(entries) = &node.value else {
            let diagnostic = match node.typed() {
                Some(Typed::Null) => self.empty_mapping(node, element),
                _ if element.is_empty() => self
                    .problem(
                        node,
                        element,
                        format!("a spec file is a mapping of `api`, `resources`, `messages` and `enums`, not {}", node.kind_name()),
                    )
                    .with_help("start the file with one of them, e.g. `messages:` at the left margin, and indent its entries below it"),
                _ => self
                    .problem(
                        node,
                        element,
                        format!(
                            "`{}` must be a mapping (`key: value` lines), not {}",
                            key_of(element),
                            node.kind_name()
                        ),
                    )
                    .with_help(format!(
                        "write `{}:` alone on its line and its entries below it, indented",
                        key_of(element)
                    )),
            };
            self.report(diagnostic);
            return None;
        };
        let mut index: HashMap<&str, usize> = HashMap::with_capacity(entries.len());
        for (position, (key, _)) in entries.iter().enumerate() {
            match scalar(key) {
                Some(text) => {
                    if let Some(&first) = index.get(text) {
                        let what = entry_kind(element);
                        let diagnostic = self
                            .problem(key, element, format!("{what} `{text}` appears twice"))
                            .with_note(&self.at(&entries[first].0, element).loc, "first here")
                            .with_help("remove one of them, or rename one");
                        self.report(diagnostic);
                    } else {
                        index.insert(text, position);
                    }
                }
                None => {
                    let diagnostic = self
                        .problem(
                            key,
                            element,
                            format!("a key must be a plain name, not {}", key.kind_name()),
                        )
                        .with_help("write the key as a name followed by `:`");
                    self.report(diagnostic);
                }
            }
        }
        Some(MapView {
            entries,
            index,
            used: vec![false; entries.len()],
            element: element.to_owned(),
            at: self.at(node, element),
        })
    }

    /// The mapping under a named entry; problems with the entry as a whole point at its name.
    pub(super) fn entry_mapping<'n>(
        &mut self,
        name: &Text,
        node: &'n Node,
        shape: &str,
    ) -> Option<MapView<'n>> {
        if !matches!(node.value, Value::Mapping(_)) {
            let key = &name.value;
            let diagnostic = match node.typed() {
                Some(Typed::Null) => name.at.error(format!("`{key}` is empty")),
                _ => name.at.error(format!(
                    "`{key}` must be a mapping, not {}",
                    node.kind_name()
                )),
            };
            self.report(diagnostic.with_help(format!("write it as `{key}: {shape}`")));
            return None;
        }
        let mut view = self.mapping(node, &name.at.element)?;
        view.at = name.at.clone();
        Some(view)
    }

    /// Reports every key of `view` that was not read.
    pub(super) fn finish(&mut self, view: MapView<'_>, known: &[&str]) {
        for (position, ((key, _), &used)) in view.entries.iter().zip(&view.used).enumerate() {
            if used {
                continue;
            }
            let Some(name) = scalar(key) else { continue };
            if view.index.get(name) != Some(&position) {
                continue; // a repeated key, already reported
            }
            let mut diagnostic = self
                .at(key, &view.child(name))
                .error(format!("unknown key `{name}`"));
            diagnostic = match did_you_mean(name, known.iter().copied()) {
                Some(help) => diagnostic.with_help(help),
                None => diagnostic.with_help(format!("expected one of: {}", known.join(", "))),
            };
            self.report(diagnostic);
        }
    }

    /// Text: a string that is not empty and hides no control characters.
    pub(super) fn text(&mut self, node: &Node, element: &str) -> Option<Text> {
        let key = key_of(element);
        let problem = match node.typed() {
            Some(Typed::Str("")) | Some(Typed::Null) => self.empty(node, element),
            Some(Typed::Str(text)) => return self.visible(node, element, text),
            Some(Typed::Bool(_) | Typed::Int(_) | Typed::Float(_)) => {
                let text = scalar(node).unwrap_or_default();
                self.problem(
                    node,
                    element,
                    format!("`{key}` must be text, not {}", node.kind_name()),
                )
                .with_help(format!("put it in quotes: `\"{text}\"`"))
            }
            None => self
                .problem(
                    node,
                    element,
                    format!("`{key}` must be text, not {}", node.kind_name()),
                )
                .with_help(fixes::text_instead_of(key, node)),
        };
        self.report(problem);
        None
    }

    /// Any scalar as written (a number too), for values whose form is checked next.
    pub(super) fn written(&mut self, node: &Node, element: &str) -> Option<Text> {
        match node.typed() {
            Some(Typed::Null | Typed::Str("")) => {
                let problem = self.empty(node, element);
                self.report(problem);
                None
            }
            Some(_) => self.visible(node, element, scalar(node).unwrap_or_default()),
            None => self.text(node, element),
        }
    }

    /// `text`, unless it hides a control character (reported on the character).
    pub(super) fn visible(&mut self, node: &Node, element: &str, text: &str) -> Option<Text> {
        if let Some((before, hidden)) = hidden_char(text) {
            let mut at = self.at(node, element);
            // On the character itself, when the text is on one line.
            let line: Vec<char> = at.loc.line_text().chars().collect();
            let start = at.loc.pos.column.saturating_sub(1);
            let quoted = matches!(line.get(start), Some('"' | '\''));
            let column = start + usize::from(quoted) + before;
            if line.get(column) == Some(&hidden) {
                at.loc.pos.column = column + 1;
            }
            let problem = at
                .error(format!(
                    "`{}` contains the invisible character U+{:04X}",
                    key_of(element),
                    u32::from(hidden)
                ))
                .with_help("delete it: generated code must not carry it");
            self.report(problem);
            return None;
        }
        Some(Text {
            value: text.to_owned(),
            at: self.at(node, element),
        })
    }

    /// A value of a set form: `valid` decides, `help` says what a good one looks like.
    pub(super) fn formed(
        &mut self,
        node: &Node,
        element: &str,
        valid: fn(&str) -> bool,
        what: &str,
        help: &str,
    ) -> Option<Text> {
        let text = self.written(node, element)?;
        if valid(&text.value) {
            return Some(text);
        }
        let problem = text
            .at
            .error(format!("`{}` is not {what}", text.value))
            .with_help(help.to_owned());
        self.report(problem);
        None
    }

    /// Reports `key` missing from `view`, unless a misspelt key stands for it
    /// or the section was cut short.
    pub(super) fn missing(&mut self, view: &MapView<'_>, key: &str) {
        if self.quiet_missing {
            return;
        }
        // A misspelt key is reported as unknown, with this one as its fix.
        let misspelt = view
            .entries
            .iter()
            .filter_map(|(key, _)| scalar(key))
            .any(|written| !view.index.contains_key(key) && did_you_mean(written, [key]).is_some());
        if misspelt {
            return;
        }
        let diagnostic = view.at.error(format!("missing `{key}`"));
        self.report(match example(key) {
            Some(example) => diagnostic.with_help(format!("add `{example}`")),
            None => diagnostic,
        });
    }

    /// Required text; when missing or unusable (already reported), an empty placeholder.
    pub(super) fn required_text(&mut self, view: &mut MapView<'_>, key: &str) -> Text {
        let element = view.child(key);
        match view.take(key) {
            Some(node) => self.text(node, &element),
            None => {
                self.missing(view, key);
                None
            }
        }
        .unwrap_or_else(|| Text {
            value: String::new(),
            at: view.at.clone(),
        })
    }

    /// Text, when the key is there.
    pub(super) fn optional_text(&mut self, view: &mut MapView<'_>, key: &str) -> Option<Text> {
        let element = view.child(key);
        view.take(key).and_then(|node| self.text(node, &element))
    }

    /// A required value of a set form (see [`Self::formed`]); a missing one is reported.
    pub(super) fn required_formed(
        &mut self,
        view: &mut MapView<'_>,
        key: &str,
        valid: fn(&str) -> bool,
        what: &str,
        help: &str,
    ) -> Option<Text> {
        let element = view.child(key);
        match view.take(key) {
            Some(node) => self.formed(node, &element, valid, what, help),
            None => {
                self.missing(view, key);
                None
            }
        }
    }

    /// A `true`/`false` flag; absent means false.
    pub(super) fn flag(&mut self, view: &mut MapView<'_>, key: &str) -> bool {
        self.optional_flag(view, key).unwrap_or(false)
    }

    /// A `true`/`false` flag, when the key is there.
    pub(super) fn optional_flag(&mut self, view: &mut MapView<'_>, key: &str) -> Option<bool> {
        let element = view.child(key);
        let node = view.take(key)?;
        if let Some(Typed::Bool(value)) = node.typed() {
            return Some(value);
        }
        let problem = self
            .problem(
                node,
                &element,
                format!(
                    "`{key}` must be `true` or `false`, not {}",
                    node.kind_name()
                ),
            )
            .with_help(format!("write `{key}: true` or `{key}: false`, unquoted"));
        self.report(problem);
        None
    }

    /// A list, each item read with `item`; nothing when the key is absent.
    pub(super) fn list<T>(
        &mut self,
        view: &mut MapView<'_>,
        key: &str,
        item: impl FnMut(&mut Self, &Node, &str) -> Option<T>,
    ) -> Vec<T> {
        let element = view.child(key);
        match view.take(key) {
            Some(node) => self.items(node, &element, item),
            None => Vec::new(),
        }
    }

    /// The items of a list node; anything else is reported, with the list it may have meant.
    pub(super) fn items<T>(
        &mut self,
        node: &Node,
        element: &str,
        mut item: impl FnMut(&mut Self, &Node, &str) -> Option<T>,
    ) -> Vec<T> {
        if let Value::Sequence(items) = &node.value {
            return items
                .iter()
                .enumerate()
                .filter_map(|(index, node)| item(self, node, &format!("{element}[{index}]")))
                .collect();
        }
        let key = key_of(element);
        let meant = match node.typed() {
            Some(Typed::Str(text)) => text
                .split(',')
                .map(str::trim)
                .filter(|item| !item.is_empty())
                .collect::<Vec<_>>()
                .join(", "),
            _ => "a, b".to_owned(),
        };
        let problem = self
            .problem(
                node,
                element,
                format!("`{key}` must be a list, not {}", node.kind_name()),
            )
            .with_help(format!("write it as a list: `{key}: [{meant}]`"));
        self.report(problem);
        Vec::new()
    }

    /// A list of texts; nothing when the key is absent.
    pub(super) fn text_list(&mut self, view: &mut MapView<'_>, key: &str) -> Vec<Text> {
        self.list(view, key, |reader, node, element| {
            reader.text(node, element)
        })
    }

    /// One text, or a list of them.
    pub(super) fn text_or_list(&mut self, view: &mut MapView<'_>, key: &str) -> Vec<Text> {
        let element = view.child(key);
        match view.take(key) {
            Some(node) if matches!(node.value, Value::Scalar { .. }) => {
                self.text(node, &element).into_iter().collect()
            }
            Some(node) => self.items(node, &element, |reader, node, element| {
                reader.text(node, element)
            }),
            None => Vec::new(),
        }
    }

    /// A whole number in `range`; `what` describes the range for the message.
    pub(super) fn integer(
        &mut self,
        node: &Node,
        element: &str,
        range: RangeInclusive<i64>,
        what: &str,
    ) -> Option<i64> {
        let key = key_of(element);
        let problem = match node.typed() {
            Some(Typed::Int(value)) if range.contains(&value) => return Some(value),
            Some(Typed::Int(value)) => self
                .problem(
                    node,
                    element,
                    format!("`{key}` must be {what}, not {value}"),
                )
                .with_help(fixes::whole_number(&range)),
            Some(Typed::Str(text)) if text.trim().parse::<f64>().is_ok() => self
                .problem(node, element, format!("`{key}` must be a number, not text"))
                .with_help(format!("remove the quotes: `{}`", text.trim())),
            _ => self
                .problem(
                    node,
                    element,
                    format!("`{key}` must be {what}, not {}", node.kind_name()),
                )
                .with_help(fixes::whole_number(&range)),
        };
        self.report(problem);
        None
    }

    /// Reads `name: {...}` entries of a mapping with `read` for each. When
    /// `record` is given, the names (after that prefix) of entries that
    /// could not be read are recorded as unreadable.
    pub(super) fn named_entries<T>(
        &mut self,
        node: &Node,
        element: &str,
        record: Option<&str>,
        read: fn(&mut Self, Text, &Node) -> Option<T>,
    ) -> Vec<T> {
        let Some(view) = self.mapping(node, element) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (position, (key, value)) in view.entries.iter().enumerate() {
            let Some(name) = scalar(key) else { continue };
            if view.index.get(name) != Some(&position) {
                continue; // a repeated name, already reported
            }
            if name.trim().is_empty() {
                let kind = entry_kind(element);
                let problem = self
                    .problem(key, element, format!("this {kind} has no name"))
                    .with_help(format!("write the {kind}'s name before the `:`"));
                self.report(problem);
                continue;
            }
            let text = Text {
                value: name.to_owned(),
                at: self.at(key, &view.child(name)),
            };
            match read(self, text, value) {
                Some(item) => out.push(item),
                None => {
                    if let Some(prefix) = record {
                        self.unreadable.insert(format!("{prefix}{name}"));
                    }
                }
            }
        }
        out
    }
}
