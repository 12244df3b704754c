//! Where a proto element is written, and its leading comment, from the
//! files' source info.

use apigen::diagnostic::Loc;
use apigen::yaml::Pos;
use apigen::Diagnostic;
use prost_reflect::FileDescriptor;

use crate::protos::Compiled;
use crate::{Descriptions, PLACEHOLDER};

/// The source-info location of the element at `path` in `file`.
fn location<'a>(
    file: &'a FileDescriptor,
    path: &[i32],
) -> Option<&'a prost_types::source_code_info::Location> {
    file.file_descriptor_proto()
        .source_code_info
        .as_ref()?
        .location
        .iter()
        .find(|location| location.path == path)
}

/// A problem with the proto element at `path` of `file`, named `element`
/// (its full name), in the style of spec errors.
pub(crate) fn problem(
    compiled: &Compiled,
    file: &FileDescriptor,
    path: &[i32],
    element: &str,
    message: impl Into<String>,
) -> Diagnostic {
    let pos = location(file, path)
        .and_then(|location| {
            let line = usize::try_from(*location.span.first()?).ok()?;
            let column = usize::try_from(*location.span.get(1)?).ok()?;
            Some(Pos {
                line: line + 1,
                column: column + 1,
            })
        })
        .unwrap_or(Pos { line: 1, column: 1 });
    let loc = Loc {
        file: compiled.source(file.name()),
        pos,
    };
    Diagnostic::new(&loc, element, message)
}

/// The description of the element at `path`: its leading comment on one
/// line, or [`PLACEHOLDER`].
pub(crate) fn description(file: &FileDescriptor, path: &[i32], mode: Descriptions) -> String {
    let comment = match mode {
        Descriptions::Empty => None,
        Descriptions::Proto => {
            location(file, path).and_then(|location| location.leading_comments.as_deref())
        }
    };
    // One line, without what the spec refuses as hidden text (control
    // characters, bidirectional overrides).
    let visible: String = comment
        .unwrap_or_default()
        .chars()
        .filter(|&c| !matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let words: Vec<&str> = visible.split_whitespace().collect();
    if words.is_empty() {
        PLACEHOLDER.to_owned()
    } else {
        words.join(" ")
    }
}
