//! Reads YAML into a small tree that remembers the line and column of every
//! node, so that every later error can point at the spec text. This is the
//! only module that knows which YAML library is used: its syntax errors are
//! put in our own words (in `explain`), at the place that needs the fix.

mod explain;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// How deeply collections may nest; specs need fewer than ten levels.
const MAX_DEPTH: usize = 64;

/// A 1-based line and column in a spec file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
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
    /// Where it starts. An empty value (`key:` with nothing after it) is placed at its key.
    pub pos: Pos,
}

/// The three shapes a YAML node can take.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// Plain or quoted text; `quoted` tells whether it was written in quotes.
    /// An empty value is plain text `""`.
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

/// What a scalar means under YAML's core schema, as YAML-aware editors and
/// JSON Schema validators read it: quoted text is always a string.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Typed<'a> {
    /// Nothing, `~` or `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A whole number (decimal, `0x` hex or `0o` octal) that fits an `i64`.
    Int(i64),
    /// Any other number, including whole numbers too large for an `i64`.
    Float(f64),
    /// Text.
    Str(&'a str),
}

impl Node {
    /// A short name for the node's kind, for error messages.
    pub fn kind_name(&self) -> &'static str {
        match &self.value {
            Value::Scalar { .. } => match self.typed() {
                Some(Typed::Null) => "nothing",
                Some(Typed::Bool(_)) => "true or false",
                Some(Typed::Int(_) | Typed::Float(_)) => "a number",
                _ => "text",
            },
            Value::Sequence(_) => "a list",
            Value::Mapping(_) => "a mapping",
        }
    }

    /// What a scalar means (see [`Typed`]); `None` for lists and mappings.
    pub fn typed(&self) -> Option<Typed<'_>> {
        match &self.value {
            Value::Scalar { text, quoted: true } => Some(Typed::Str(text)),
            Value::Scalar {
                text,
                quoted: false,
            } => Some(core_schema(text)),
            _ => None,
        }
    }
}

/// The YAML 1.2 core schema's reading of an unquoted scalar.
fn core_schema(text: &str) -> Typed<'_> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Typed::Null,
        "true" | "True" | "TRUE" => return Typed::Bool(true),
        "false" | "False" | "FALSE" => return Typed::Bool(false),
        ".nan" | ".NaN" | ".NAN" => return Typed::Float(f64::NAN),
        _ => {}
    }
    let (negative, unsigned) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") {
        return Typed::Float(if negative {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        });
    }
    let radix = |prefix: &str, radix: u32| {
        let digits = text.strip_prefix(prefix)?;
        let valid = !digits.is_empty() && digits.chars().all(|c| c.is_digit(radix));
        valid.then(|| {
            i64::from_str_radix(digits, radix).map_or(Typed::Float(f64::INFINITY), Typed::Int)
        })
    };
    if let Some(number) = radix("0x", 16).or_else(|| radix("0o", 8)) {
        return number;
    }
    if !unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit()) {
        return text
            .parse::<i64>()
            .map_or_else(|_| Typed::Float(text.parse().unwrap_or(0.0)), Typed::Int);
    }
    if is_core_float(unsigned) {
        return Typed::Float(text.parse().unwrap_or(0.0));
    }
    Typed::Str(text)
}

/// `(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, the core schema's float without its sign.
fn is_core_float(text: &str) -> bool {
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => (&text[..at], Some(&text[at + 1..])),
        None => (text, None),
    };
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, fraction)) => {
            digits(whole) && digits(fraction) && !(whole.is_empty() && fraction.is_empty())
        }
        None => !mantissa.is_empty() && digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|exponent| {
        let exponent = exponent.strip_prefix(['-', '+']).unwrap_or(exponent);
        !exponent.is_empty() && digits(exponent)
    });
    mantissa_ok && exponent_ok
}

/// A YAML syntax error, in our words, at the place to fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// Where the problem is.
    pub pos: Pos,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when we can tell.
    pub help: Option<String>,
}

/// What could be read of one YAML document.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// The tree. After a syntax error it holds what came before the error,
    /// without the entry that was being read when it happened.
    pub root: Node,
    /// The syntax error that cut the document short, if any.
    pub error: Option<SyntaxError>,
}

/// Parses one YAML document. An empty document is an empty mapping; a
/// leading byte-order mark is skipped (positions count from after it).
pub fn parse(text: &str) -> Document {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut builder = TreeBuilder::default();
    let mut parser = Parser::new_from_str(text);
    let library_error = parser.load(&mut builder, false).err();
    let error = builder.error.take().or_else(|| {
        library_error
            .map(|error| explain::explain(text, pos_of(error.marker()), error.info(), &builder))
    });
    if error.is_some() {
        builder.salvage();
    }
    let root = builder.root.unwrap_or(Node {
        value: Value::Mapping(Vec::new()),
        pos: Pos { line: 1, column: 1 },
    });
    Document { root, error }
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
    error: Option<SyntaxError>,
}

impl TreeBuilder {
    fn attach(&mut self, mut node: Node) {
        let Some(parent) = self.stack.last_mut() else {
            self.root = Some(node);
            return;
        };
        let empty = matches!(&node.value, Value::Scalar { text, quoted: false } if text.is_empty());
        match &mut parent.value {
            Value::Sequence(items) => {
                if empty {
                    node.pos = parent.pos;
                }
                items.push(node);
            }
            Value::Mapping(entries) => {
                let Some(slot) = self.keys.last_mut() else {
                    return;
                };
                match slot.take() {
                    None => *slot = Some(node),
                    Some(key) => {
                        if empty {
                            node.pos = key.pos;
                        }
                        entries.push((key, node));
                    }
                }
            }
            Value::Scalar { .. } => {}
        }
    }

    fn open(&mut self, value: Value, pos: Pos) {
        if self.stack.len() >= MAX_DEPTH {
            self.error = Some(SyntaxError {
                pos,
                message: "lists and mappings nested too deeply".to_owned(),
                help: Some(format!("a spec nests fewer than {MAX_DEPTH} levels")),
            });
            return;
        }
        if matches!(value, Value::Mapping(_)) {
            self.keys.push(None);
        }
        self.stack.push(Node { value, pos });
    }

    fn close(&mut self) {
        let Some(mut node) = self.stack.pop() else {
            return;
        };
        if let Value::Mapping(entries) = &node.value {
            self.keys.pop();
            // A block mapping's start event comes after its first key; the key is where it starts.
            if let Some((key, _)) = entries.first() {
                node.pos = node.pos.min(key.pos);
            }
        }
        self.attach(node);
    }

    /// The innermost open `[...]` or `{...}`: its opening bracket and where
    /// it is. Block collections start with a key or `-`, flow ones with
    /// their bracket, so `char_at` (the text's character at a position) tells them apart.
    fn innermost_flow(&self, char_at: impl Fn(Pos) -> Option<char>) -> Option<(char, Pos)> {
        self.stack.iter().rev().find_map(|node| {
            char_at(node.pos)
                .filter(|c| matches!(c, '[' | '{'))
                .map(|c| (c, node.pos))
        })
    }

    /// After an error: closes what is open, keeping the sections of the root
    /// (with their finished entries) and dropping the entry being read, so
    /// that nothing half-read looks like a mistake of its own.
    fn salvage(&mut self) {
        let top_is_mapping = |stack: &[Node]| {
            matches!(
                stack.last().map(|node| &node.value),
                Some(Value::Mapping(_))
            )
        };
        while self.stack.len() > 2 {
            if top_is_mapping(&self.stack) {
                self.keys.pop();
            }
            self.stack.pop();
            // The parent's waiting key was the dropped node's.
            if top_is_mapping(&self.stack) {
                if let Some(slot) = self.keys.last_mut() {
                    *slot = None;
                }
            }
        }
        // So is a key whose value was being read, and a text value just
        // before the error, which may have run on into it (`key` missing its `:`).
        if top_is_mapping(&self.stack) {
            if let Some(slot) = self.keys.last_mut() {
                *slot = None;
            }
            if let Some(Node {
                value: Value::Mapping(entries),
                ..
            }) = self.stack.last_mut()
            {
                if entries
                    .last()
                    .is_some_and(|(_, value)| matches!(value.value, Value::Scalar { .. }))
                {
                    entries.pop();
                }
            }
        }
        while !self.stack.is_empty() {
            self.close();
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
            Event::SequenceStart(..) => self.open(Value::Sequence(Vec::new()), pos),
            Event::MappingStart(..) => self.open(Value::Mapping(Vec::new()), pos),
            Event::SequenceEnd | Event::MappingEnd => self.close(),
            Event::Alias(_) => {
                self.error = Some(SyntaxError {
                    pos,
                    message: "anchors and aliases (`*name`) are not supported in specs".to_owned(),
                    help: Some("write the value out in full".to_owned()),
                });
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

    fn entries(node: &Node) -> &[(Node, Node)] {
        match &node.value {
            Value::Mapping(entries) => entries,
            _ => panic!("not a mapping: {node:?}"),
        }
    }

    #[test]
    fn keeps_order_and_positions() {
        let document = parse("b: 1\na:\n  - x\n  - 'y'\n");
        assert_eq!(document.error, None);
        let entries = entries(&document.root);
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
    fn empty_values_and_mappings_are_placed_at_their_keys() {
        let document = parse("a:\n  values:\n\nb:");
        let a = entries(&document.root);
        assert_eq!(a[0].1.pos, Pos { line: 2, column: 3 });
        assert_eq!(entries(&a[0].1)[0].1.pos, Pos { line: 2, column: 3 });
        assert_eq!(a[1].1.pos, Pos { line: 4, column: 1 });
        assert_eq!(a[1].1.typed(), Some(Typed::Null));
    }

    #[test]
    fn reads_scalars_by_the_core_schema() {
        let typed = core_schema;
        assert_eq!(typed("~"), Typed::Null);
        assert_eq!(typed("True"), Typed::Bool(true));
        assert_eq!(typed("-12"), Typed::Int(-12));
        assert_eq!(typed("0x1f"), Typed::Int(31));
        assert_eq!(typed("1.5e3"), Typed::Float(1500.0));
        assert_eq!(typed(".5"), Typed::Float(0.5));
        assert_eq!(typed("0.1.0"), Typed::Str("0.1.0"));
        assert_eq!(typed("yes"), Typed::Str("yes"));
        assert_eq!(typed("1e"), Typed::Str("1e"));
        assert_eq!(typed("inf"), Typed::Str("inf"));
        assert_eq!(typed("."), Typed::Str("."));
    }

    #[test]
    fn a_byte_order_mark_is_not_part_of_the_first_key() {
        let document = parse("\u{feff}api: 1\n");
        assert_eq!(
            entries(&document.root)[0].0.value,
            Value::Scalar {
                text: "api".to_owned(),
                quoted: false
            }
        );
    }

    #[test]
    fn keeps_what_came_before_a_syntax_error() {
        let document = parse("a: 1\nb:\n  c:\n    d: \"open\n  e: 2\n");
        let error = document.error.expect("an error");
        assert_eq!(error.message, "this quoted text is not closed");
        // The section `b` stays; the half-read `c` does not.
        let root = entries(&document.root);
        assert_eq!(root.len(), 2);
        assert!(entries(&root[1].1).is_empty());
    }

    #[test]
    fn points_at_the_line_missing_its_colon() {
        let error = parse("messages:\n  Order\n    description: x\n")
            .error
            .expect("an error");
        assert_eq!(error.pos, Pos { line: 2, column: 3 });
        assert_eq!(error.message, "`Order` is missing its `:`");
    }

    #[test]
    fn an_unclosed_list_is_reported_where_it_opens() {
        let error = parse("a: [1, 2\nb: 3\n").error.expect("an error");
        assert_eq!(error.pos, Pos { line: 1, column: 4 });
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = format!("a: {}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(parse(&text).error.is_some());
        let mut block = String::new();
        for depth in 0..200 {
            block.push_str(&format!("{}k{depth}:\n", " ".repeat(depth)));
        }
        assert!(parse(&block).error.is_some());
    }
}
