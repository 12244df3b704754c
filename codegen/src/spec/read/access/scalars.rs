//! Scalars: text that hides no control characters, values of a set form,
//! flags and whole numbers, each problem reported at its place with a fix.

use std::ops::RangeInclusive;

use super::{hidden_char, key_of, scalar, MapView, Reader};
use crate::spec::{fixes, Text};
use crate::yaml::{Node, Typed};

impl Reader<'_> {
    /// Text: a string that is not empty and hides no control characters.
    pub(in crate::spec::read) fn text(&mut self, node: &Node, element: &str) -> Option<Text> {
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
    pub(in crate::spec::read) fn written(&mut self, node: &Node, element: &str) -> Option<Text> {
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
    pub(in crate::spec::read) fn visible(
        &mut self,
        node: &Node,
        element: &str,
        text: &str,
    ) -> Option<Text> {
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
    pub(in crate::spec::read) fn formed(
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

    /// Required text; when missing or unusable (already reported), an empty placeholder.
    pub(in crate::spec::read) fn required_text(
        &mut self,
        view: &mut MapView<'_>,
        key: &str,
    ) -> Text {
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
    pub(in crate::spec::read) fn optional_text(
        &mut self,
        view: &mut MapView<'_>,
        key: &str,
    ) -> Option<Text> {
        self.section(view, key, Self::text)
    }

    /// A required value of a set form (see [`Self::formed`]); a missing one is reported.
    pub(in crate::spec::read) fn required_formed(
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
    pub(in crate::spec::read) fn flag(&mut self, view: &mut MapView<'_>, key: &str) -> bool {
        self.optional_flag(view, key).unwrap_or(false)
    }

    /// A `true`/`false` flag, when the key is there.
    pub(in crate::spec::read) fn optional_flag(
        &mut self,
        view: &mut MapView<'_>,
        key: &str,
    ) -> Option<bool> {
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

    /// A whole number in `range`; `what` describes the range for the message.
    pub(in crate::spec::read) fn integer(
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
}
