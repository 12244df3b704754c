//! The YAML library's syntax errors in our words, moved to the culprit
//! where the text shows it (an unclosed bracket, a key missing its `:`, …).

use super::{Pos, SyntaxError, TreeBuilder, MAX_DEPTH};

/// Puts the YAML library's message in our words and moves it to the culprit where the text shows it.
pub(super) fn explain(text: &str, pos: Pos, message: &str, builder: &TreeBuilder) -> SyntaxError {
    let lines = Lines(text.lines().collect());
    explain_text(&lines, pos, message)
        .or_else(|| explain_flow(&lines, message, builder))
        .or_else(|| explain_mapping_value(&lines, pos, message))
        .or_else(|| explain_structure(&lines, pos, message))
        .unwrap_or_else(|| syntax_error(pos, &format!("invalid YAML: {message}"), ""))
}

/// The lines of the text, numbered from 1 as positions are.
struct Lines<'t>(Vec<&'t str>);

impl Lines<'_> {
    /// The text of a line; empty past the end.
    fn text(&self, line: usize) -> &str {
        self.0.get(line.wrapping_sub(1)).copied().unwrap_or("")
    }

    /// The position of a line's first character that is not a space.
    fn first_char(&self, line: usize) -> Pos {
        Pos {
            line,
            column: self.text(line).len() - self.text(line).trim_start().len() + 1,
        }
    }

    /// The character at `pos`, if there is one.
    fn char_at(&self, pos: Pos) -> Option<char> {
        self.text(pos.line)
            .chars()
            .nth(pos.column.saturating_sub(1))
    }
}

/// A syntax error; an empty `help` means none.
fn syntax_error(pos: Pos, message: &str, help: &str) -> SyntaxError {
    SyntaxError {
        pos,
        message: message.to_owned(),
        help: (!help.is_empty()).then(|| help.to_owned()),
    }
}

/// Problems in the text itself: tabs, unclosed quotes, text after a closing quote, bad escapes.
fn explain_text(lines: &Lines<'_>, pos: Pos, message: &str) -> Option<SyntaxError> {
    if message.contains("tab") {
        let line = lines.text(pos.line);
        let column = line
            .find('\t')
            .map_or(pos.column, |at| line[..at].chars().count() + 1);
        return Some(syntax_error(
            Pos {
                line: pos.line,
                column,
            },
            "a tab character: YAML indents with spaces only",
            "replace the tab with spaces",
        ));
    }
    if message.contains("quoted scalar, found unexpected end of stream")
        || message.contains("invalid indentation in quoted scalar")
    {
        return Some(syntax_error(
            pos,
            "this quoted text is not closed",
            "add the closing quote at the end of the text",
        ));
    }
    if message.contains("invalid trailing content after") {
        return Some(syntax_error(
            pos,
            "text after the closing quote",
            "a quote inside quoted text ends it: write `\\\"` inside \"...\", `''` inside '...', or quote with the other kind",
        ));
    }
    if message.contains("unknown escape character")
        || message.contains("expected hexadecimal number")
        || message.contains("invalid Unicode character escape")
    {
        return Some(syntax_error(
            pos,
            "an unknown `\\` escape in double-quoted text",
            "write `\\\\` for a backslash, or use single quotes, which have no escapes",
        ));
    }
    None
}

/// An unclosed `[` or `{`, found at its opening bracket.
fn explain_flow(lines: &Lines<'_>, message: &str, builder: &TreeBuilder) -> Option<SyntaxError> {
    let flow_problem = ["flow sequence", "flow mapping", "illegal placement of ':'"]
        .iter()
        .any(|kind| message.contains(kind));
    if !flow_problem {
        return None;
    }
    let (open, at) = builder.innermost_flow(|pos| lines.char_at(pos))?;
    let close = if open == '[' { ']' } else { '}' };
    Some(syntax_error(
        at,
        &format!("this `{open}` is not closed"),
        &format!("close it with `{close}`, and separate its items with `,`"),
    ))
}

/// "mapping values are not allowed": a second `: ` on a line, a key above
/// missing its `:`, or a line indented too far.
fn explain_mapping_value(lines: &Lines<'_>, pos: Pos, message: &str) -> Option<SyntaxError> {
    if !message.contains("mapping values are not allowed") {
        return None;
    }
    let previous = (1..pos.line)
        .rev()
        .find(|&line| !lines.text(line).trim().is_empty());
    let same_line_key = lines
        .text(pos.line)
        .chars()
        .take(pos.column.saturating_sub(1))
        .collect::<String>()
        .contains(": ");
    if same_line_key {
        return Some(syntax_error(
            pos,
            "a second `: ` on one line",
            "text that contains `: ` must be quoted, e.g. `description: \"Note: ...\"`",
        ));
    }
    if let Some(previous) = previous {
        let above = lines.text(previous).trim();
        if !above.contains(':') && !above.starts_with(['-', '#']) {
            return Some(syntax_error(
                lines.first_char(previous),
                &format!("`{above}` is missing its `:`"),
                &format!("write `{above}:`"),
            ));
        }
    }
    Some(syntax_error(
        lines.first_char(pos.line),
        "this line is indented more than the key it belongs to",
        "indent it like the keys next to it",
    ))
}

/// Problems with the structure: a value starting with a reserved
/// character, list and mapping lines mixed, a missing value, deep nesting.
fn explain_structure(lines: &Lines<'_>, pos: Pos, message: &str) -> Option<SyntaxError> {
    if message.starts_with("unexpected character") {
        let found = lines
            .text(pos.line)
            .chars()
            .nth(pos.column - 1)
            .unwrap_or(' ');
        return Some(syntax_error(
            pos,
            &format!("unquoted text cannot start with `{found}`"),
            "put the value in quotes",
        ));
    }
    if message.contains("did not find expected '-' indicator") {
        return Some(syntax_error(
            lines.first_char(pos.line),
            "a `key: value` line inside a list",
            "start it with `- ` to make it an item, or indent it to belong to one",
        ));
    }
    if message.contains("block mapping, did not find expected key") {
        let at = lines.first_char(pos.line);
        let found = lines.text(pos.line).trim_start();
        if found.starts_with("- ") || found == "-" {
            return Some(syntax_error(
                at,
                "a list item where a `key: value` line was expected",
                "give the list a key (`key:` on the line above, with the items indented under it)",
            ));
        }
        if at.line == pos.line && at.column < pos.column {
            return Some(syntax_error(
                at,
                "this line's indentation does not match the lines above it",
                "indent keys of one mapping by the same number of spaces",
            ));
        }
        return Some(syntax_error(
            pos,
            "unexpected text where a `key: value` line was expected",
            "",
        ));
    }
    if message.contains("did not find expected node content") {
        return Some(syntax_error(
            pos,
            "a value is missing here",
            "remove the extra `,` or write the value",
        ));
    }
    if message.contains("recursion limit") {
        return Some(syntax_error(
            pos,
            "lists and mappings nested too deeply",
            &format!("a spec nests fewer than {MAX_DEPTH} levels"),
        ));
    }
    None
}
