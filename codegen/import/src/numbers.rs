//! The numbers of enum values in an updated spec. A value without `number`
//! has the number of the value before it plus one, so a value added in the
//! middle of an enum, or one pruned from it, would shift the values after
//! it. The plan keeps every number: a new value is written with its number
//! when the order does not give it, and an existing value whose number would
//! shift gets its number written next to it (its pin).

use std::collections::BTreeMap;

use apigen::yaml::{Node as Yaml, Value};

use crate::render::{quoted, Node};

/// What an enum's `values:` mapping needs so that no number moves.
#[derive(Debug, Default)]
pub(crate) struct Plan {
    /// The form each new value is written in, by name.
    pub new_values: BTreeMap<String, Node>,
    /// Existing values (index in the mapping) whose number must be written, with it.
    pub pins: Vec<(usize, i64)>,
    /// Existing values whose number differs from the proto's: name, spec's, proto's.
    pub renumbered: Vec<(String, i64, i64)>,
}

fn key_text(node: &Yaml) -> &str {
    match &node.value {
        Value::Scalar { text, .. } => text,
        _ => "",
    }
}

/// The number an imported value states, if it states one.
fn imported_number(node: &Node) -> Option<i64> {
    match node {
        Node::Flow(entries) => entries.iter().find_map(|(key, value)| match value {
            Node::Plain(number) if key == "number" => number.parse().ok(),
            _ => None,
        }),
        _ => None,
    }
}

/// The number a spec value states, if it states one.
fn written_number(value: &Yaml) -> Option<i64> {
    match &value.value {
        Value::Mapping(entries) => entries
            .iter()
            .find(|(key, _)| key_text(key) == "number")
            .and_then(|(_, number)| key_text(number).parse().ok()),
        _ => None,
    }
}

/// Each value with its number, following the order where none is written.
fn numbered<T>(values: &[T], stated: impl Fn(&T) -> Option<i64>) -> Vec<(i64, bool)> {
    let mut next = 0_i64;
    values
        .iter()
        .map(|value| {
            let written = stated(value);
            let number = written.unwrap_or(next);
            next = number.wrapping_add(1);
            (number, written.is_some())
        })
        .collect()
}

/// An imported value in the form its place gives it: short when `number`
/// follows from the order (and it is not deprecated), long with its number otherwise.
fn in_place(node: &Node, number: i64, implied: bool) -> Node {
    let mut long = match node {
        Node::Flow(entries) => entries.clone(),
        Node::Text(text) => vec![("description".to_owned(), Node::Text(text.clone()))],
        other => return other.clone(),
    };
    long.retain(|(key, _)| key != "number");
    match long.as_slice() {
        [(key, Node::Text(text))] if implied && key == "description" => Node::Text(text.clone()),
        _ => {
            long.insert(0, ("number".to_owned(), Node::Plain(number.to_string())));
            Node::Flow(long)
        }
    }
}

/// The plan for merging the `imported` values into the `existing` ones,
/// where `kept[i]` tells whether existing value `i` stays (it may be pruned).
/// New values go after the existing value that precedes them in `imported`.
pub(crate) fn plan(existing: &[(Yaml, Yaml)], imported: &[(String, Node)], kept: &[bool]) -> Plan {
    let proto = numbered(imported, |(_, node)| imported_number(node));
    let spec = numbered(existing, |(_, value)| written_number(value));
    let position = |name: &str| existing.iter().position(|(key, _)| key_text(key) == name);

    // The new values, each after the existing one it follows (None: before all).
    let mut after: BTreeMap<Option<usize>, Vec<usize>> = BTreeMap::new();
    let mut previous = None;
    for (at, (name, _)) in imported.iter().enumerate() {
        match position(name) {
            Some(index) => previous = Some(index),
            None => after.entry(previous).or_default().push(at),
        }
    }

    let mut plan = Plan::default();
    let mut next = 0_i64;
    let place_new = |plan: &mut Plan, next: &mut i64, anchor: Option<usize>| {
        for &at in after.get(&anchor).into_iter().flatten() {
            let (name, node) = &imported[at];
            let number = proto[at].0;
            plan.new_values
                .insert(name.clone(), in_place(node, number, number == *next));
            *next = number.wrapping_add(1);
        }
    };
    place_new(&mut plan, &mut next, None);
    for (index, (key, _)) in existing.iter().enumerate() {
        if kept[index] {
            let (number, written) = spec[index];
            if !written && number != next {
                plan.pins.push((index, number));
            }
            if let Some(at) = imported.iter().position(|(name, _)| name == key_text(key)) {
                if proto[at].0 != number {
                    plan.renumbered
                        .push((key_text(key).to_owned(), number, proto[at].0));
                }
            }
            next = number.wrapping_add(1);
        }
        place_new(&mut plan, &mut next, Some(index));
    }
    plan
}

/// The line of `key: value` with `number` written into the value, keeping
/// the rest of the line (a trailing comment); `None` when the value is not
/// on the key's line or spreads over several lines (a block mapping is
/// handled by its caller).
pub(crate) fn pinned_line(line: &str, key: &Yaml, value: &Yaml, number: i64) -> Option<String> {
    let byte = |column: usize| {
        line.char_indices()
            .nth(column - 1)
            .map_or(line.len(), |(at, _)| at)
    };
    if value.pos.line != key.pos.line {
        return None;
    }
    match &value.value {
        Value::Mapping(entries) => {
            let Some((first, _)) = entries.first() else {
                let open = byte(value.pos.column);
                let close = open + line[open..].find('}')? + 1;
                return Some(format!(
                    "{}{{ number: {number} }}{}",
                    &line[..open],
                    &line[close..]
                ));
            };
            if first.pos.line != key.pos.line {
                return None;
            }
            let at = byte(first.pos.column);
            Some(format!("{}number: {number}, {}", &line[..at], &line[at..]))
        }
        Value::Scalar {
            text,
            quoted: false,
        } if text.is_empty() => {
            let colon = byte(key.pos.column) + line[byte(key.pos.column)..].find(':')? + 1;
            Some(format!(
                "{} {{ number: {number} }}{}",
                &line[..colon],
                &line[colon..]
            ))
        }
        Value::Scalar {
            text,
            quoted: is_quoted,
        } => {
            let start = byte(value.pos.column);
            let end = start + scalar_len(&line[start..], *is_quoted)?;
            let description = match is_quoted {
                true => line[start..end].to_owned(),
                false => quoted(text),
            };
            Some(format!(
                "{}{{ number: {number}, description: {description} }}{}",
                &line[..start],
                &line[end..]
            ))
        }
        Value::Sequence(_) => None,
    }
}

/// The length in bytes of the scalar `rest` starts with, when it ends on
/// this line.
fn scalar_len(rest: &str, is_quoted: bool) -> Option<usize> {
    if !is_quoted {
        let end = rest.find(" #").unwrap_or(rest.len());
        return Some(rest[..end].trim_end().len());
    }
    let quote = rest.chars().next()?;
    let mut chars = rest.char_indices().skip(1).peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' if quote == '"' => {
                chars.next();
            }
            '\'' if quote == '\'' && chars.peek().is_some_and(|(_, c)| *c == '\'') => {
                chars.next();
            }
            c if c == quote => return Some(at + 1),
            _ => {}
        }
    }
    None
}
