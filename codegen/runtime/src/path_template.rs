//! Google HTTP path templates such as `/v1beta/{name=shelves/*/books/*}:query`.
//!
//! A template is parsed once into literal segments and variables. Expanding a
//! template checks every variable value against its pattern, so a value can
//! never add, remove or escape a path segment.

use std::fmt;

/// A parsed path template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathTemplate {
    segments: Vec<Segment>,
    verb: Option<String>,
}

/// One `/`-separated piece of a template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    /// Text that must appear as is.
    Literal(String),
    /// A request field bound to one or more segments.
    Variable(Variable),
}

/// A `{field.path=pattern}` variable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variable {
    /// The dotted request field path, split at the dots.
    pub field_path: Vec<String>,
    /// What the value must look like; `*` when the template gives no pattern.
    pub pattern: Vec<PatternSegment>,
}

/// One segment of a variable's pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PatternSegment {
    /// Text that must appear as is, e.g. `shelves`.
    Literal(String),
    /// `*`: exactly one non-empty segment.
    Star,
    /// `**`: one or more segments; only allowed last.
    DoubleStar,
}

/// Why a template did not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateError {
    /// Byte offset in the template where the problem was found.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.message, self.offset)
    }
}

impl std::error::Error for TemplateError {}

/// Why a value could not be placed into a template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpandError {
    /// The dotted field path of the variable.
    pub field: String,
    /// The variable's pattern, e.g. `shelves/*`.
    pub pattern: String,
    /// The value that was given (empty when the field was missing).
    pub value: String,
    /// What is wrong with it.
    pub reason: String,
}

impl fmt::Display for ExpandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "field `{}` = {:?} does not fit the pattern `{}`: {}",
            self.field, self.value, self.pattern, self.reason
        )
    }
}

impl std::error::Error for ExpandError {}

impl PathTemplate {
    /// Parses a template. It must start with `/`; a custom verb follows the last `:`.
    pub fn parse(template: &str) -> Result<Self, TemplateError> {
        Parser {
            text: template,
            pos: 0,
        }
        .template()
    }

    /// The segments in order.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// The custom verb after `:`, if any (e.g. `query`).
    pub fn verb(&self) -> Option<&str> {
        self.verb.as_deref()
    }

    /// The variables in order of appearance.
    pub fn variables(&self) -> impl Iterator<Item = &Variable> {
        self.segments.iter().filter_map(|segment| match segment {
            Segment::Variable(variable) => Some(variable),
            Segment::Literal(_) => None,
        })
    }

    /// Returns the same template with every variable's field path renamed by `rename`.
    pub fn map_field_paths(&self, mut rename: impl FnMut(&[String]) -> Vec<String>) -> Self {
        let segments = self
            .segments
            .iter()
            .map(|segment| match segment {
                Segment::Variable(variable) => Segment::Variable(Variable {
                    field_path: rename(&variable.field_path),
                    pattern: variable.pattern.clone(),
                }),
                literal => literal.clone(),
            })
            .collect();
        Self {
            segments,
            verb: self.verb.clone(),
        }
    }

    /// Builds the concrete path, asking `value_of` for each variable's value.
    ///
    /// Each value is matched against its pattern segment by segment; the parts
    /// that `*` and `**` capture are percent-encoded.
    pub fn expand<'v>(
        &self,
        mut value_of: impl FnMut(&Variable) -> Option<&'v str>,
    ) -> Result<String, ExpandError> {
        let mut path = String::new();
        for segment in &self.segments {
            path.push('/');
            match segment {
                Segment::Literal(literal) => path.push_str(literal),
                Segment::Variable(variable) => {
                    let value = value_of(variable).unwrap_or("");
                    variable.write_value(value, &mut path)?;
                }
            }
        }
        if let Some(verb) = &self.verb {
            path.push(':');
            path.push_str(verb);
        }
        Ok(path)
    }
}

impl PathTemplate {
    /// Matches a concrete request path (as sent, percent-encoded) against the
    /// template and returns each variable's decoded value, in order, or `None`
    /// when the path does not fit. Literal segments and the custom verb must
    /// match exactly; a `*` capture is fully percent-decoded, while in a `**`
    /// capture an encoded `/` (`%2F`) stays encoded so it cannot become a
    /// segment boundary.
    pub fn match_path(&self, path: &str) -> Option<Vec<(&Variable, String)>> {
        let parts: Vec<&str> = self.segments_text(path)?.split('/').collect();
        let mut index = 0;
        let mut captures = Vec::new();
        for segment in &self.segments {
            match segment {
                Segment::Literal(literal) => {
                    if parts.get(index) != Some(&literal.as_str()) {
                        return None;
                    }
                    index += 1;
                }
                Segment::Variable(variable) => {
                    captures.push((variable, variable.capture(&parts, &mut index)?));
                }
            }
        }
        (index == parts.len()).then_some(captures)
    }

    /// The segments of a request path, without the leading `/` and the
    /// custom verb, or `None` when the path does not start with `/` or its
    /// verb is not the template's.
    fn segments_text<'p>(&self, path: &'p str) -> Option<&'p str> {
        let rest = path.strip_prefix('/')?;
        let last_segment = |text: &'p str| text.rsplit('/').next();
        match &self.verb {
            Some(verb) => {
                let (before, after) = rest.rsplit_once(':')?;
                let fits = after == verb && !last_segment(before).is_some_and(str::is_empty);
                fits.then_some(before)
            }
            // A `:` in the last segment starts a custom verb; a template without
            // one does not match (values never hold a raw `:`: `expand` encodes it).
            None => {
                let has_verb = last_segment(rest).is_some_and(|last| last.contains(':'));
                (!has_verb).then_some(rest)
            }
        }
    }
}

/// The value a `**` captures from the segments `rest`: at least one, none
/// empty, each decoded with an encoded `/` kept encoded.
fn capture_rest(rest: &[&str]) -> Option<String> {
    if rest.is_empty() {
        return None;
    }
    let mut pieces = Vec::new();
    for part in rest {
        if part.is_empty() {
            return None;
        }
        pieces.push(decode_segment(part, false)?);
    }
    Some(pieces.join("/"))
}

/// Percent-decodes one segment; `None` for a malformed escape or text that is not UTF-8.
/// With `slash` false an encoded `/` is kept encoded.
fn decode_segment(part: &str, slash: bool) -> Option<String> {
    let bytes = part.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            let byte = u8::from_str_radix(hex, 16).ok()?;
            if byte == b'/' && !slash {
                out.extend_from_slice(&bytes[i..i + 3]);
            } else {
                out.push(byte);
            }
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

impl Variable {
    /// Matches the path segments `parts` from `index` on against the
    /// pattern, moving `index` past them, and returns the decoded value.
    fn capture(&self, parts: &[&str], index: &mut usize) -> Option<String> {
        let mut value = String::new();
        for (position, pattern) in self.pattern.iter().enumerate() {
            if position > 0 {
                value.push('/');
            }
            match pattern {
                PatternSegment::Literal(literal) => {
                    if parts.get(*index) != Some(&literal.as_str()) {
                        return None;
                    }
                    value.push_str(literal);
                    *index += 1;
                }
                PatternSegment::Star => {
                    let part = parts.get(*index).filter(|part| !part.is_empty())?;
                    value.push_str(&decode_segment(part, true)?);
                    *index += 1;
                }
                PatternSegment::DoubleStar => {
                    // `**` is always the end of the template (the parser
                    // makes sure), so it takes every remaining segment.
                    value.push_str(&capture_rest(parts.get(*index..)?)?);
                    *index = parts.len();
                }
            }
        }
        Some(value)
    }

    /// The field path joined with dots, as written in the template.
    pub fn field(&self) -> String {
        self.field_path.join(".")
    }

    /// The pattern as written in the template, e.g. `shelves/*/books/*`.
    pub fn pattern_text(&self) -> String {
        self.pattern
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("/")
    }

    fn write_value(&self, value: &str, out: &mut String) -> Result<(), ExpandError> {
        let fail = |reason: &str| ExpandError {
            field: self.field(),
            pattern: self.pattern_text(),
            value: value.to_owned(),
            reason: reason.to_owned(),
        };
        if value.is_empty() {
            return Err(fail("the field is empty or missing"));
        }
        let parts: Vec<&str> = value.split('/').collect();
        let mut index = 0;
        for (position, pattern) in self.pattern.iter().enumerate() {
            if position > 0 {
                out.push('/');
            }
            match pattern {
                PatternSegment::Literal(literal) => {
                    if parts.get(index) != Some(&literal.as_str()) {
                        return Err(fail(&format!(
                            "expected `{literal}` as segment {}",
                            index + 1
                        )));
                    }
                    out.push_str(literal);
                    index += 1;
                }
                PatternSegment::Star => {
                    let part = parts.get(index).ok_or_else(|| fail("too few segments"))?;
                    check_captured_segment(part).map_err(|reason| fail(&reason))?;
                    encode_segment(part, out);
                    index += 1;
                }
                PatternSegment::DoubleStar => {
                    if index >= parts.len() {
                        return Err(fail("too few segments"));
                    }
                    for (n, part) in parts[index..].iter().enumerate() {
                        check_captured_segment(part).map_err(|reason| fail(&reason))?;
                        if n > 0 {
                            out.push('/');
                        }
                        encode_segment(part, out);
                    }
                    index = parts.len();
                }
            }
        }
        if index != parts.len() {
            return Err(fail("too many segments"));
        }
        Ok(())
    }
}

/// Rejects segment values that would change the meaning of the URL.
fn check_captured_segment(part: &str) -> Result<(), String> {
    if part.is_empty() {
        return Err("a segment is empty".to_owned());
    }
    if part == "." || part == ".." {
        return Err(format!("`{part}` is not allowed as a segment"));
    }
    if let Some(bad) = part
        .chars()
        .find(|c| matches!(c, '?' | '#' | '%') || c.is_control() || c.is_whitespace())
    {
        return Err(format!(
            "character {bad:?} is not allowed in a resource name"
        ));
    }
    Ok(())
}

/// Percent-encodes everything outside RFC 3986 `pchar` minus `/` (already split off).
fn encode_segment(part: &str, out: &mut String) {
    for byte in part.bytes() {
        let keep = byte.is_ascii_alphanumeric()
            || matches!(
                byte,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b'@'
            );
        if keep {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
}

impl fmt::Display for PatternSegment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PatternSegment::Literal(literal) => f.write_str(literal),
            PatternSegment::Star => f.write_str("*"),
            PatternSegment::DoubleStar => f.write_str("**"),
        }
    }
}

impl fmt::Display for PathTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for segment in &self.segments {
            f.write_str("/")?;
            match segment {
                Segment::Literal(literal) => f.write_str(literal)?,
                Segment::Variable(variable) => {
                    write!(f, "{{{}", variable.field())?;
                    if variable.pattern != [PatternSegment::Star] {
                        write!(f, "={}", variable.pattern_text())?;
                    }
                    f.write_str("}")?;
                }
            }
        }
        if let Some(verb) = &self.verb {
            write!(f, ":{verb}")?;
        }
        Ok(())
    }
}

/// A small recursive-descent parser over the template text.
struct Parser<'a> {
    text: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn error<T>(&self, message: impl Into<String>) -> Result<T, TemplateError> {
        self.error_at(self.pos, message)
    }

    fn error_at<T>(&self, offset: usize, message: impl Into<String>) -> Result<T, TemplateError> {
        Err(TemplateError {
            offset,
            message: message.into(),
        })
    }

    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn template(mut self) -> Result<PathTemplate, TemplateError> {
        if !self.eat('/') {
            return self.error("a path template must start with `/`");
        }
        let mut segments = Vec::new();
        let mut starts = Vec::new();
        loop {
            starts.push(self.pos);
            segments.push(self.segment()?);
            if !self.eat('/') {
                break;
            }
        }
        let verb = if self.eat(':') {
            let verb = self.literal()?;
            Some(verb)
        } else {
            None
        };
        if self.pos != self.text.len() {
            return self.error(format!("unexpected `{}`", self.peek().unwrap_or(' ')));
        }
        let last = segments.len() - 1;
        for (segment, &start) in segments[..last].iter().zip(&starts) {
            if let Segment::Variable(variable) = segment {
                if variable.pattern.contains(&PatternSegment::DoubleStar) {
                    let at = start + self.text[start..].find("**").unwrap_or(0);
                    return self.error_at(
                        at,
                        format!(
                            "`**` in `{}` must be at the end of the template",
                            variable.field()
                        ),
                    );
                }
            }
        }
        let mut seen = Vec::new();
        for (segment, &start) in segments.iter().zip(&starts) {
            if let Segment::Variable(variable) = segment {
                if seen.contains(&variable.field_path) {
                    return self.error_at(
                        start,
                        format!("variable `{}` appears twice", variable.field()),
                    );
                }
                seen.push(variable.field_path.clone());
            }
        }
        Ok(PathTemplate { segments, verb })
    }

    fn segment(&mut self) -> Result<Segment, TemplateError> {
        match self.peek() {
            Some('{') => {
                let start = self.pos;
                if !self.text[start..].contains('}') {
                    return self.error("this `{` is not closed");
                }
                self.pos += 1;
                let variable = self.variable()?;
                if !self.eat('}') {
                    let found = self.peek().unwrap_or(' ');
                    return self.error(format!(
                        "unexpected `{found}` in the variable; expected `}}` to close it"
                    ));
                }
                Ok(Segment::Variable(variable))
            }
            Some('*') => self.error("wildcards are only allowed inside a `{field=...}` variable"),
            _ => Ok(Segment::Literal(self.literal()?)),
        }
    }

    fn variable(&mut self) -> Result<Variable, TemplateError> {
        let mut field_path = vec![self.identifier()?];
        while self.eat('.') {
            field_path.push(self.identifier()?);
        }
        let pattern = if self.eat('=') {
            self.pattern()?
        } else {
            vec![PatternSegment::Star]
        };
        Ok(Variable {
            field_path,
            pattern,
        })
    }

    fn pattern(&mut self) -> Result<Vec<PatternSegment>, TemplateError> {
        let mut pattern = Vec::new();
        let mut last_start = self.pos;
        loop {
            let start = self.pos;
            let segment = if self.text[self.pos..].starts_with("**") {
                self.pos += 2;
                PatternSegment::DoubleStar
            } else if self.eat('*') {
                PatternSegment::Star
            } else {
                PatternSegment::Literal(self.literal()?)
            };
            if pattern.last() == Some(&PatternSegment::DoubleStar) {
                return self.error_at(last_start, "`**` must be the last segment of a pattern");
            }
            last_start = start;
            pattern.push(segment);
            if !self.eat('/') {
                return Ok(pattern);
            }
        }
    }

    fn identifier(&mut self) -> Result<String, TemplateError> {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if c.is_ascii_alphanumeric() || c == '_' {
                self.pos += 1;
            } else {
                break;
            }
        }
        if start == self.pos || self.text[start..].starts_with(|c: char| c.is_ascii_digit()) {
            self.pos = start;
            return self.error("expected a field name");
        }
        Ok(self.text[start..self.pos].to_owned())
    }

    fn literal(&mut self) -> Result<String, TemplateError> {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~') {
                self.pos += 1;
            } else {
                break;
            }
        }
        if start == self.pos {
            return match self.peek() {
                Some(c) => self.error(format!("unexpected `{c}`; expected a path segment")),
                None => self.error("the template ends where a path segment was expected"),
            };
        }
        Ok(self.text[start..self.pos].to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand(template: &str, value: &str) -> Result<String, ExpandError> {
        PathTemplate::parse(template)
            .unwrap()
            .expand(|_| Some(value))
    }

    #[test]
    fn parses_and_prints_back() {
        for text in [
            "/v1beta/{name=shelves/*/books/*}:query",
            "/v1beta/{shelf}:archiveBooks",
            "/v1beta/shelves",
            "/v1beta/{reading_list.name=readingLists/*}",
            "/v1/{name=projects/*/things/**}",
        ] {
            assert_eq!(PathTemplate::parse(text).unwrap().to_string(), text);
        }
    }

    #[test]
    fn rejects_broken_templates() {
        for (text, offset) in [
            ("v1/x", 0),
            ("/v1/{name=shelves/*", 4),
            ("/v1/{name=shelves/*:x}", 19),
            ("/v1/{=x}", 5),
            ("/v1/*", 4),
            ("/v1/{a=**/x}", 7),
            ("/v1/x:", 6),
            ("/v1/{a}/{a}", 8),
            ("/v1/{a=x/**}/{b=things/**}", 9),
        ] {
            let error = PathTemplate::parse(text).unwrap_err();
            assert_eq!(error.offset, offset, "{text}: {error}");
        }
    }

    #[test]
    fn expands_matching_values() {
        assert_eq!(
            expand(
                "/v1beta/{name=shelves/*/books/*}:query",
                "shelves/c1/books/d-2"
            )
            .unwrap(),
            "/v1beta/shelves/c1/books/d-2:query"
        );
        assert_eq!(
            expand("/v1/{name=things/**}", "things/a/b").unwrap(),
            "/v1/things/a/b"
        );
        assert_eq!(
            expand("/v1/{model=models/*}", "models/caf\u{e9}").unwrap(),
            "/v1/models/caf%C3%A9"
        );
    }

    #[test]
    fn matches_paths_back_to_their_variables() {
        let template = PathTemplate::parse("/v1beta/{name=shelves/*/books/*}:query").unwrap();
        let captures = template
            .match_path("/v1beta/shelves/c%201/books/d:query")
            .unwrap();
        assert_eq!(captures[0].0.field(), "name");
        assert_eq!(captures[0].1, "shelves/c 1/books/d");
        assert!(template.match_path("/v1beta/shelves/c/books/d").is_none());
        assert!(template
            .match_path("/v1beta/shelves/c/books/d:other")
            .is_none());
        assert!(template
            .match_path("/v1beta/shelves/c/books:query")
            .is_none());
        let plain = PathTemplate::parse("/v1beta/{name=shelves/*}").unwrap();
        assert!(
            plain.match_path("/v1beta/shelves/a:query").is_none(),
            "an unknown custom verb is not part of the name"
        );
        assert_eq!(
            plain.match_path("/v1beta/shelves/a%3Ab").unwrap()[0].1,
            "shelves/a:b"
        );
        let list = PathTemplate::parse("/v1beta/{parent=shelves/*}/books").unwrap();
        assert_eq!(
            list.match_path("/v1beta/shelves/x/books").unwrap()[0].1,
            "shelves/x"
        );
        let rest = PathTemplate::parse("/v1/{name=things/**}:tail").unwrap();
        assert_eq!(
            rest.match_path("/v1/things/a/b%2Fc:tail").unwrap()[0].1,
            "things/a/b%2Fc"
        );
        assert!(plain.match_path("/v1beta/shelves/%zz").is_none());
    }

    proptest::proptest! {
        /// Expanding a template and matching the path back gives the same values, for any values.
        #[test]
        fn expanding_then_matching_gives_the_values_back(
            first in "[^/]{1,12}",
            second in "[^/]{1,12}",
            rest in proptest::collection::vec("[^/]{1,8}", 1..4),
        ) {
            let template = PathTemplate::parse("/v1/{parent=shelves/*}/books/{name=docs/*/chunks/*}/{tail=**}:query").unwrap();
            let values = [format!("shelves/{first}"), format!("docs/{second}/chunks/{first}"), rest.join("/")];
            let lookup = |variable: &Variable| match variable.field().as_str() {
                "parent" => Some(values[0].as_str()),
                "name" => Some(values[1].as_str()),
                _ => Some(values[2].as_str()),
            };
            match template.expand(lookup) {
                Ok(path) => {
                    let captures = template.match_path(&path).expect("an expanded path matches its template");
                    let captured: Vec<String> = captures.into_iter().map(|(_, value)| value).collect();
                    proptest::prop_assert_eq!(captured, values.to_vec());
                }
                Err(error) => {
                    // Only values with characters a resource name may not hold are refused.
                    let bad = |text: &str| text.split('/').any(|part| part == "." || part == ".." || part.chars().any(|c| matches!(c, '?' | '#' | '%') || c.is_control() || c.is_whitespace()));
                    proptest::prop_assert!(values.iter().any(|value| bad(value)), "refused {:?}: {}", values, error);
                }
            }
        }
    }

    #[test]
    fn refuses_values_that_escape_their_segments() {
        let template = "/v1beta/{name=shelves/*}";
        for value in [
            "shelves/a/b",
            "shelves/..",
            "shelves/a?x=1",
            "shelves/a#f",
            "publishers/a",
            "shelves/",
            "",
            "shelves/%2F",
        ] {
            let error = expand(template, value).unwrap_err();
            assert_eq!(error.field, "name");
            assert_eq!(error.pattern, "shelves/*");
        }
    }
}
