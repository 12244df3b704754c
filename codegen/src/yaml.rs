//! Reads YAML into a small tree that remembers the line and column of every
//! node, so that every later error can point at the spec text. This is the
//! only module that knows which YAML library is used.

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// A 1-based line and column in a spec file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    /// Line, starting at 1.
    pub line: usize,
    /// Column, starting at 1.
    pub column: usize,
}

/// A YAML node and where it starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// What the node holds.
    pub value: Value,
    /// Where it starts.
    pub pos: Pos,
}

/// The three shapes a YAML node can take.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// Plain or quoted text; `quoted` tells whether it was written in quotes.
    Scalar {
        /// The text.
        text: String,
        /// True for `'...'` and `"..."` scalars.
        quoted: bool,
    },
    /// A `- item` list.
    Sequence(Vec<Node>),
    /// A `key: value` mapping, in file order.
    Mapping(Vec<(Node, Node)>),
}

impl Node {
    /// A short name for the node's kind, for error messages.
    pub fn kind_name(&self) -> &'static str {
        match &self.value {
            Value::Scalar { .. } => "a scalar",
            Value::Sequence(_) => "a list",
            Value::Mapping(_) => "a mapping",
        }
    }
}

/// A YAML syntax error with its position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// Where the parser stopped.
    pub pos: Pos,
    /// What the parser said.
    pub message: String,
}

/// Parses one YAML document. An empty document is an empty mapping.
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    let mut builder = TreeBuilder::default();
    let mut parser = Parser::new_from_str(text);
    parser
        .load(&mut builder, false)
        .map_err(|error| SyntaxError {
            pos: pos_of(error.marker()),
            message: error.info().to_owned(),
        })?;
    if let Some(message) = builder.error {
        return Err(SyntaxError {
            pos: builder.error_pos,
            message,
        });
    }
    Ok(builder.root.unwrap_or(Node {
        value: Value::Mapping(Vec::new()),
        pos: Pos { line: 1, column: 1 },
    }))
}

fn pos_of(marker: &Marker) -> Pos {
    Pos {
        line: marker.line(),
        column: marker.col() + 1,
    }
}

/// Collects parser events into [`Node`]s.
#[derive(Default)]
struct TreeBuilder {
    stack: Vec<Node>,
    keys: Vec<Option<Node>>,
    root: Option<Node>,
    error: Option<String>,
    error_pos: Pos,
}

impl TreeBuilder {
    fn attach(&mut self, node: Node) {
        let Some(parent) = self.stack.last_mut() else {
            self.root = Some(node);
            return;
        };
        match &mut parent.value {
            Value::Sequence(items) => items.push(node),
            Value::Mapping(entries) => {
                let slot = self
                    .keys
                    .last_mut()
                    .expect("a mapping always has a key slot");
                match slot.take() {
                    None => *slot = Some(node),
                    Some(key) => entries.push((key, node)),
                }
            }
            Value::Scalar { .. } => unreachable!("scalars are never on the stack"),
        }
    }
}

impl MarkedEventReceiver for TreeBuilder {
    fn on_event(&mut self, event: Event, marker: Marker) {
        if self.error.is_some() {
            return;
        }
        let pos = pos_of(&marker);
        match event {
            Event::Scalar(text, style, _, _) => {
                let quoted = matches!(
                    style,
                    TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted
                );
                self.attach(Node {
                    value: Value::Scalar { text, quoted },
                    pos,
                });
            }
            Event::SequenceStart(..) => self.stack.push(Node {
                value: Value::Sequence(Vec::new()),
                pos,
            }),
            Event::MappingStart(..) => {
                self.stack.push(Node {
                    value: Value::Mapping(Vec::new()),
                    pos,
                });
                self.keys.push(None);
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let node = self.stack.pop().expect("end events match start events");
                if matches!(node.value, Value::Mapping(_)) {
                    self.keys.pop();
                }
                self.attach(node);
            }
            Event::Alias(_) => {
                self.error =
                    Some("anchors and aliases (`*name`) are not supported in specs".to_owned());
                self.error_pos = pos;
            }
            Event::Nothing
            | Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart
            | Event::DocumentEnd => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_and_positions() {
        let node = parse("b: 1\na:\n  - x\n  - 'y'\n").unwrap();
        let Value::Mapping(entries) = node.value else {
            panic!("not a mapping")
        };
        let keys: Vec<_> = entries
            .iter()
            .map(|(key, _)| match &key.value {
                Value::Scalar { text, .. } => text.as_str(),
                _ => "",
            })
            .collect();
        assert_eq!(keys, ["b", "a"]);
        let Value::Sequence(items) = &entries[1].1.value else {
            panic!("not a list")
        };
        assert_eq!(items[1].pos, Pos { line: 4, column: 5 });
        assert_eq!(
            items[1].value,
            Value::Scalar {
                text: "y".to_owned(),
                quoted: true
            }
        );
    }

    #[test]
    fn reports_syntax_errors_with_a_position() {
        let error = parse("a: [1, 2\nb: 3\n").unwrap_err();
        assert!(error.pos.line >= 2, "{error:?}");
    }
}
