//! Errors about a spec: each names the file, line, column and spec element,
//! quotes the line, says what is wrong and, where it can, how to fix it.
//! A problem that involves two places (a name declared twice, two names that
//! become one Rust name) shows both.

use std::fmt;
use std::sync::Arc;

use crate::yaml::Pos;

/// A spec file's name (as shown to people) and text.
#[derive(Debug, PartialEq, Eq)]
pub struct SourceFile {
    /// The path as shown in messages, e.g. `spec/types/content.yaml`.
    pub name: String,
    /// The file's text.
    pub text: String,
    /// Where each line starts in `text`, so quoting a line costs no scan.
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// A file with this name (as shown in messages) and text.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        Self {
            name: name.into(),
            text,
            line_starts,
        }
    }

    /// The text of a line (1-based), without its line break; empty past the end.
    pub fn line(&self, line: usize) -> &str {
        let Some(&start) = self.line_starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |next| next - 1);
        self.text[start..end].trim_end_matches('\r')
    }
}

/// A place in a spec file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Loc {
    /// The file.
    pub file: Arc<SourceFile>,
    /// The position in it.
    pub pos: Pos,
}

impl Loc {
    /// The text of the line this place is on.
    pub fn line_text(&self) -> &str {
        self.file.line(self.pos.line)
    }
}

/// Another place that belongs to a problem, with what it is, e.g. the first
/// of two declarations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// Where it is.
    pub loc: Loc,
    /// What it is, e.g. `first declared here`.
    pub label: String,
}

/// One problem found in a spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where it is.
    pub loc: Loc,
    /// The spec element, as a dotted path, e.g. `resources.shelves.methods.query.http`.
    pub element: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when there is something useful to say.
    pub help: Option<String>,
    /// Other places involved, shown after the main one.
    pub notes: Vec<Note>,
}

impl Diagnostic {
    /// A diagnostic without help text.
    pub fn new(loc: &Loc, element: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            loc: loc.clone(),
            element: element.into(),
            message: message.into(),
            help: None,
            notes: Vec::new(),
        }
    }

    /// Adds a hint on how to fix the problem.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Shows another place that belongs to the problem, with a label.
    pub fn with_note(mut self, loc: &Loc, label: impl Into<String>) -> Self {
        self.notes.push(Note {
            loc: loc.clone(),
            label: label.into(),
        });
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let width = std::iter::once(&self.loc)
            .chain(self.notes.iter().map(|note| &note.loc))
            .map(|loc| loc.pos.line.to_string().len())
            .max()
            .unwrap_or(1);
        let gutter = " ".repeat(width);
        let Pos { line, column } = self.loc.pos;
        writeln!(f, "error: {}", self.message)?;
        write!(f, "{gutter}--> {}:{line}:{column}", self.loc.file.name)?;
        if !self.element.is_empty() {
            write!(f, " ({})", self.element)?;
        }
        writeln!(f)?;
        quote_line(f, &self.loc, width, "^", "")?;
        for note in &self.notes {
            let Pos { line, column } = note.loc.pos;
            write!(f, "\n{gutter}::: {}:{line}:{column}\n", note.loc.file.name)?;
            quote_line(f, &note.loc, width, "-", &note.label)?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n{gutter} = help: {help}")?;
        }
        Ok(())
    }
}

/// The quoted line of `loc` with a marker under its column and an optional label.
fn quote_line(
    f: &mut fmt::Formatter<'_>,
    loc: &Loc,
    width: usize,
    marker: &str,
    label: &str,
) -> fmt::Result {
    let gutter = " ".repeat(width);
    let text = loc.line_text();
    // The caret goes under the column's character, whatever the width of those before it.
    let indent: String = text
        .chars()
        .take(loc.pos.column.saturating_sub(1))
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    let missing = loc.pos.column.saturating_sub(1) - indent.chars().count();
    writeln!(f, "{gutter} |")?;
    writeln!(f, "{:>width$} | {text}", loc.pos.line)?;
    write!(f, "{gutter} | {indent}{}{marker}", " ".repeat(missing))?;
    if !label.is_empty() {
        write!(f, " {label}")?;
    }
    Ok(())
}

/// Every problem found in one run, in file order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

/// Proof that a problem is on record: only [`Diagnostics`] makes one, after
/// a problem was pushed, so a check that fails with `Err(Reported)` cannot
/// fail silently, and a spec with a dropped element never generates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[must_use]
pub struct Reported(());

impl Diagnostics {
    /// Adds a problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// Adds a problem and returns the proof that it is on record.
    pub fn report(&mut self, diagnostic: Diagnostic) -> Reported {
        self.push(diagnostic);
        Reported(())
    }

    /// The proof for a problem reported elsewhere (a declaration that could
    /// not be read, a value already found missing); when none is on record,
    /// `unchecked` is reported instead, so nothing is ever dropped unsaid.
    pub fn reported_before(&mut self, unchecked: impl FnOnce() -> Diagnostic) -> Reported {
        if self.0.is_empty() {
            self.push(unchecked());
        }
        Reported(())
    }

    /// `Ok(value)` when nothing was found, otherwise the sorted problems.
    pub fn into_result<T>(mut self, value: T) -> Result<T, Diagnostics> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            self.0
                .sort_by(|a, b| (&a.loc.file.name, a.loc.pos).cmp(&(&b.loc.file.name, b.loc.pos)));
            self.0.dedup();
            Err(self)
        }
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, diagnostic) in self.0.iter().enumerate() {
            if index > 0 {
                f.write_str("\n\n")?;
            }
            write!(f, "{diagnostic}")?;
        }
        let count = self.0.len();
        write!(
            f,
            "\n\n{count} error{} in the spec",
            if count == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for Diagnostics {}

/// The candidate closest to `wrong`, when it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let limit = (wrong.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|candidate| {
            (
                edit_distance(&wrong.to_lowercase(), &candidate.to_lowercase()),
                candidate,
            )
        })
        .filter(|(distance, _)| *distance <= limit)
        .min()
        .map(|(_, candidate)| format!("did you mean `{candidate}`?"))
}

/// Edit distance over characters, counting a swap of two neighbours as one edit
/// (optimal string alignment), so `Itme` is one edit from `Item`.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![(0..=b.len()).collect::<Vec<usize>>()];
    for i in 1..=a.len() {
        let mut row = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            row[j] = (rows[i - 1][j] + 1)
                .min(row[j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                row[j] = row[j].min(rows[i - 2][j - 2] + 1);
            }
        }
        rows.push(row);
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(
            did_you_mean("Contnt", ["Content", "Part"]).as_deref(),
            Some("did you mean `Content`?")
        );
        assert_eq!(did_you_mean("Zebra", ["Content", "Part"]), None);
        assert_eq!(
            did_you_mean("Itme", ["Item"]).as_deref(),
            Some("did you mean `Item`?")
        );
    }

    #[test]
    fn renders_file_line_and_caret() {
        let file = Arc::new(SourceFile::new("spec/a.yaml", "x:\n  type: Contnt\n"));
        let diagnostic = Diagnostic::new(
            &Loc {
                file,
                pos: Pos { line: 2, column: 9 },
            },
            "messages.X.type",
            "unknown type `Contnt`",
        )
        .with_help("did you mean `Content`?");
        assert_eq!(
            diagnostic.to_string(),
            "error: unknown type `Contnt`\n --> spec/a.yaml:2:9 (messages.X.type)\n  |\n2 |   type: Contnt\n  |         ^\n  = help: did you mean `Content`?"
        );
    }
}

#[cfg(test)]
mod note_tests {
    use super::*;

    #[test]
    fn shows_a_second_place_under_the_first() {
        let file = Arc::new(SourceFile::new("a.yaml", "A:\n  x: 1\nA:\n"));
        let at = |line| Loc {
            file: file.clone(),
            pos: Pos { line, column: 1 },
        };
        let diagnostic = Diagnostic::new(&at(3), "messages.A", "type `A` is declared twice")
            .with_note(&at(1), "first declared here")
            .with_help("rename one");
        assert_eq!(
            diagnostic.to_string(),
            "error: type `A` is declared twice\n --> a.yaml:3:1 (messages.A)\n  |\n3 | A:\n  | ^\n ::: a.yaml:1:1\n  |\n1 | A:\n  | - first declared here\n  = help: rename one"
        );
    }

    #[test]
    fn lines_are_found_without_their_breaks() {
        let file = SourceFile::new("a.yaml", "one\r\ntwo\n");
        assert_eq!(file.line(1), "one");
        assert_eq!(file.line(2), "two");
        assert_eq!(file.line(3), "");
        assert_eq!(file.line(0), "");
    }
}
