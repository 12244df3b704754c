//! Errors about a spec: each names the file, line, column and spec element,
//! quotes the line, and says what is wrong.

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
        self.file
            .text
            .lines()
            .nth(self.pos.line.saturating_sub(1))
            .unwrap_or("")
    }
}

/// One problem found in a spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where it is.
    pub loc: Loc,
    /// The spec element, as a dotted path, e.g. `resources.corpora.methods.query.http`.
    pub element: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when there is something useful to say.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic without help text.
    pub fn new(loc: &Loc, element: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            loc: loc.clone(),
            element: element.into(),
            message: message.into(),
            help: None,
        }
    }

    /// Adds a hint on how to fix the problem.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Pos { line, column } = self.loc.pos;
        let gutter = " ".repeat(line.to_string().len());
        writeln!(f, "error: {}", self.message)?;
        write!(f, "{gutter}--> {}:{line}:{column}", self.loc.file.name)?;
        if !self.element.is_empty() {
            write!(f, " ({})", self.element)?;
        }
        writeln!(f)?;
        writeln!(f, "{gutter} |")?;
        writeln!(f, "{line} | {}", self.loc.line_text())?;
        write!(f, "{gutter} | {}^", " ".repeat(column.saturating_sub(1)))?;
        if let Some(help) = &self.help {
            write!(f, "\n{gutter} = help: {help}")?;
        }
        Ok(())
    }
}

/// Every problem found in one run, in file order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Adds a problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
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
        let file = Arc::new(SourceFile {
            name: "spec/a.yaml".into(),
            text: "x:\n  type: Contnt\n".into(),
        });
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
