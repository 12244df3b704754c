//! Mappings: keys checked for repeats and plain names, unknown and missing
//! keys reported, and `name: {…}` entries read one by one.

use std::collections::HashMap;

use super::{entry_kind, example, key_of, scalar, MapView, Reader};
use crate::diagnostic::did_you_mean;
use crate::spec::Text;
use crate::yaml::{Node, Typed, Value};

impl Reader<'_> {
    /// The mapping at `node`, its keys checked for repeats and plain names;
    /// anything else is reported.
    pub(in crate::spec::read) fn mapping<'n>(
        &mut self,
        node: &'n Node,
        element: &str,
    ) -> Option<MapView<'n>> {
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
    pub(in crate::spec::read) fn entry_mapping<'n>(
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

    /// A section read with `read`, when the key is there.
    pub(in crate::spec::read) fn section<T>(
        &mut self,
        view: &mut MapView<'_>,
        key: &str,
        read: impl FnOnce(&mut Self, &Node, &str) -> Option<T>,
    ) -> Option<T> {
        let element = view.child(key);
        let node = view.take(key)?;
        read(self, node, &element)
    }

    /// Reports every key of `view` that was not read.
    pub(in crate::spec::read) fn finish(&mut self, view: MapView<'_>, known: &[&str]) {
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

    /// Reports `key` missing from `view`, unless a misspelt key stands for it
    /// or the section was cut short.
    pub(in crate::spec::read) fn missing(&mut self, view: &MapView<'_>, key: &str) {
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

    /// Reads `name: {...}` entries of a mapping with `read` for each. When
    /// `record` is given, the names (after that prefix) of entries that
    /// could not be read are recorded as unreadable.
    pub(in crate::spec::read) fn named_entries<T>(
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
