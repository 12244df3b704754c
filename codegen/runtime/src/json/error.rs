//! The error of a decode that failed: what is wrong, and where in the JSON.

use std::fmt;

/// JSON that does not fit the type it is decoded as.
///
/// Its display names the JSON path of the culprit, e.g.
/// `candidates[0].content.parts[1].inlineData.data: invalid base64: …`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    /// Path segments, innermost first: they are added while the decoder unwinds.
    path: Vec<Segment>,
    message: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Segment {
    Key(String),
    Index(usize),
}

impl DecodeError {
    /// An error at the value being decoded.
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self {
            path: Vec::new(),
            message: message.into(),
        }
    }

    /// The same error, seen from the object that holds it under `key`.
    pub(crate) fn at_key(mut self, key: &str) -> Self {
        self.path.push(Segment::Key(key.to_owned()));
        self
    }

    /// The same error, seen from the list that holds it at `index`.
    pub(crate) fn at_index(mut self, index: usize) -> Self {
        self.path.push(Segment::Index(index));
        self
    }

    /// The JSON path of the culprit, e.g. `candidates[0].content`; empty for the top level.
    pub fn path(&self) -> String {
        let mut path = String::new();
        for segment in self.path.iter().rev() {
            match segment {
                Segment::Key(key) => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(key);
                }
                Segment::Index(index) => {
                    path.push('[');
                    path.push_str(&index.to_string());
                    path.push(']');
                }
            }
        }
        path
    }

    /// What is wrong, without the path.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path(), self.message)
        }
    }
}

impl std::error::Error for DecodeError {}

/// The error for a value of the wrong JSON type.
pub(crate) fn expected(what: &str, value: &super::Node<'_>) -> DecodeError {
    DecodeError::new(format!("expected {what}, found {}", value.kind()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_path_reads_from_the_outside_in() {
        let error = DecodeError::new("invalid base64")
            .at_key("data")
            .at_key("inlineData")
            .at_index(1)
            .at_key("parts")
            .at_key("content")
            .at_index(0)
            .at_key("candidates");
        assert_eq!(
            error.to_string(),
            "candidates[0].content.parts[1].inlineData.data: invalid base64"
        );
        assert_eq!(DecodeError::new("bad").to_string(), "bad");
    }
}
