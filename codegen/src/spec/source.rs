//! A spec file's bytes as text: UTF-8 checked (an error names the line of
//! the first bad byte), a leading byte-order mark dropped, and merge-conflict
//! markers found before the YAML reader trips over them.

use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Loc, SourceFile};
use crate::yaml::Pos;

/// The file's text (without a byte-order mark; bad UTF-8 replaced by `�` so
/// its lines can be quoted) and, when it is not UTF-8, the problem.
pub(super) fn decode(name: String, mut bytes: Vec<u8>) -> (Arc<SourceFile>, Option<Diagnostic>) {
    if bytes.starts_with(BOM) {
        bytes.drain(..BOM.len());
    }
    match String::from_utf8(bytes) {
        Ok(text) => (Arc::new(SourceFile::new(name, text)), None),
        Err(error) => {
            let bytes = error.as_bytes();
            let valid = error.utf8_error().valid_up_to();
            let pos = end_of(&String::from_utf8_lossy(&bytes[..valid]));
            let bad = bytes[valid];
            let file = Arc::new(SourceFile::new(
                name,
                String::from_utf8_lossy(bytes).into_owned(),
            ));
            let loc = Loc {
                file: file.clone(),
                pos,
            };
            let diagnostic = Diagnostic::new(
                &loc,
                "",
                format!("the file is not UTF-8 text: byte 0x{bad:02X} here is not UTF-8"),
            )
            .with_help("save the file as UTF-8 (the byte is often a character typed in another encoding, such as Latin-1)");
            (file, Some(diagnostic))
        }
    }
}

/// UTF-8's byte-order mark, which some editors put at the start of a file.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The position just after `text`.
fn end_of(text: &str) -> Pos {
    let line = text.matches('\n').count() + 1;
    let last = text.rsplit('\n').next().unwrap_or("");
    Pos {
        line,
        column: last.chars().count() + 1,
    }
}

/// One diagnostic per unresolved merge conflict (`<<<<<<<` … `=======` … `>>>>>>>`).
pub(super) fn conflict_markers(file: &Arc<SourceFile>) -> Vec<Diagnostic> {
    let at = |line: usize| Loc {
        file: file.clone(),
        pos: Pos { line, column: 1 },
    };
    let marker = |text: &str, sign: char| {
        text.len() >= 7
            && text.chars().take(7).all(|c| c == sign)
            && text[7..].chars().next().is_none_or(|c| c.is_whitespace())
    };
    let mut diagnostics = Vec::new();
    let mut open: Option<Diagnostic> = None;
    for (index, text) in file.text.lines().enumerate() {
        let line = index + 1;
        if marker(text, '<') {
            diagnostics.extend(open.take());
            open = Some(
                Diagnostic::new(&at(line), "", "an unresolved merge conflict").with_help(
                    "keep the lines you want from each side and delete the three marker lines",
                ),
            );
        } else if let Some(conflict) = open.take() {
            if marker(text, '=') {
                open = Some(conflict.with_note(&at(line), "the other side starts here"));
            } else if marker(text, '>') {
                diagnostics.push(conflict.with_note(&at(line), "and ends here"));
            } else {
                open = Some(conflict);
            }
        } else if marker(text, '>') || marker(text, '=') {
            diagnostics.push(
                Diagnostic::new(&at(line), "", "a merge conflict marker")
                    .with_help("finish resolving the conflict and delete the marker line"),
            );
        }
    }
    diagnostics.extend(open);
    diagnostics
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_line_of_the_first_bad_byte() {
        let (file, problem) = decode("a.yaml".into(), b"a: 1\nb: caf\xe9\n".to_vec());
        let problem = problem.expect("not UTF-8");
        assert_eq!(problem.loc.pos, Pos { line: 2, column: 7 });
        assert_eq!(file.line(2), "b: caf\u{fffd}");
    }

    #[test]
    fn drops_a_byte_order_mark() {
        let (file, problem) = decode("a.yaml".into(), "\u{feff}api: 1\n".as_bytes().to_vec());
        assert!(problem.is_none());
        assert_eq!(file.text, "api: 1\n");
    }

    #[test]
    fn reports_a_conflict_once_with_its_three_markers() {
        let file = Arc::new(SourceFile::new(
            "a.yaml",
            "a: 1\n<<<<<<< HEAD\nb: 2\n=======\nb: 3\n>>>>>>> branch\n",
        ));
        let problems = conflict_markers(&file);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].loc.pos.line, 2);
        let lines: Vec<usize> = problems[0].notes.iter().map(|n| n.loc.pos.line).collect();
        assert_eq!(lines, [4, 6]);
    }
}
