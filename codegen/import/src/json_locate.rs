//! Where a value of a JSON document is written, by its path of keys and
//! indexes, for pointing a problem at its line. The text has already been
//! read by serde_json, so it is known to be JSON.

use apigen::yaml::Pos;

/// One step into a JSON value: a key of an object or an index of an array.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Step {
    /// The value of this key.
    Key(String),
    /// The item at this index.
    Index(usize),
}

/// The position of the value at `path` in `text`; where the path leaves the
/// document, the position of the deepest value it reaches.
pub(crate) fn locate(text: &str, path: &[Step]) -> Pos {
    let mut cursor = Cursor { text, at: 0 };
    cursor.skip_space();
    for step in path {
        if !cursor.enter(step) {
            break;
        }
    }
    position(text, cursor.at)
}

/// The 1-based line and column of byte `at` of `text`.
fn position(text: &str, at: usize) -> Pos {
    let before = &text[..at.min(text.len())];
    let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
    Pos {
        line: before.matches('\n').count() + 1,
        column: before[line_start..].chars().count() + 1,
    }
}

/// A reading position in a JSON text.
struct Cursor<'a> {
    text: &'a str,
    at: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(|byte| byte.is_ascii_whitespace()) {
            self.at += 1;
        }
    }

    /// Skips `byte` (and the space after it) when it comes next.
    fn eat(&mut self, byte: u8) -> bool {
        let next = self.peek() == Some(byte);
        if next {
            self.at += 1;
            self.skip_space();
        }
        next
    }

    /// Moves to the value `step` names inside the value at the cursor;
    /// false when there is none (the cursor stays on the value then).
    fn enter(&mut self, step: &Step) -> bool {
        let start = self.at;
        let found = match step {
            Step::Key(wanted) if self.eat(b'{') => self.find_key(wanted),
            Step::Index(wanted) if self.eat(b'[') => self.find_index(*wanted),
            _ => false,
        };
        if !found {
            self.at = start;
        }
        found
    }

    fn find_key(&mut self, wanted: &str) -> bool {
        while self.peek() == Some(b'"') {
            let key_start = self.at;
            self.skip_string();
            let key: String =
                serde_json::from_str(&self.text[key_start..self.at]).unwrap_or_default();
            self.skip_space();
            self.eat(b':');
            if key == wanted {
                return true;
            }
            self.skip_value();
            self.eat(b',');
        }
        false
    }

    fn find_index(&mut self, wanted: usize) -> bool {
        let mut index = 0;
        while !matches!(self.peek(), None | Some(b']')) {
            if index == wanted {
                return true;
            }
            self.skip_value();
            self.eat(b',');
            index += 1;
        }
        false
    }

    fn skip_string(&mut self) {
        self.at += 1;
        while let Some(byte) = self.peek() {
            self.at += 1;
            match byte {
                b'\\' => self.at += 1,
                b'"' => return,
                _ => {}
            }
        }
    }

    /// Skips the value at the cursor and the space after it.
    fn skip_value(&mut self) {
        match self.peek() {
            Some(b'"') => self.skip_string(),
            Some(open @ (b'{' | b'[')) => {
                let close = if open == b'{' { b'}' } else { b']' };
                self.eat(open);
                while !matches!(self.peek(), None | Some(b'}' | b']')) {
                    if self.peek() == Some(b'"') && open == b'{' {
                        self.skip_string();
                        self.skip_space();
                        self.eat(b':');
                    }
                    self.skip_value();
                    self.eat(b',');
                }
                self.eat(close);
                return;
            }
            _ => {
                while self.peek().is_some_and(|byte| {
                    !matches!(byte, b',' | b'}' | b']') && !byte.is_ascii_whitespace()
                }) {
                    self.at += 1;
                }
            }
        }
        self.skip_space();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_values_by_key_and_index() {
        let text = "{\n  \"a\": [1, {\"b\": \"x\\\"y\"}],\n  \"c\": {\"d\": [true, \"here\"]}\n}\n";
        let path = [
            Step::Key("c".to_owned()),
            Step::Key("d".to_owned()),
            Step::Index(1),
        ];
        assert_eq!(
            locate(text, &path),
            Pos {
                line: 3,
                column: 21
            }
        );
        let path = [
            Step::Key("a".to_owned()),
            Step::Index(1),
            Step::Key("b".to_owned()),
        ];
        assert_eq!(
            locate(text, &path),
            Pos {
                line: 2,
                column: 18
            }
        );
    }

    #[test]
    fn a_path_that_leaves_the_document_stops_at_the_deepest_value() {
        let text = "{\"a\": {\"b\": 1}}";
        let path = [Step::Key("a".to_owned()), Step::Key("missing".to_owned())];
        assert_eq!(locate(text, &path), Pos { line: 1, column: 7 });
    }
}
