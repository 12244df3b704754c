//! Turns one file's YAML tree into spec declarations, checking what the JSON
//! Schema checks: unknown and missing keys, values of the wrong kind or form,
//! empty values. Each problem is reported at its place with a fix; what
//! could be read is returned, and what could not is named in `unreadable`.

use std::collections::{BTreeSet, HashMap};
use std::ops::RangeInclusive;
use std::sync::Arc;

use super::{
    fixes, values, ApiInfo, At, Enum, EnumValue, Field, Http, LongRunning, Message, Method, Number,
    Oneof, Resource, Retry, SpecFile, Text, Wait,
};
use crate::diagnostic::{did_you_mean, Diagnostic, Diagnostics, Loc, SourceFile};
use crate::model::{verb_key, Verb};
use crate::yaml::{self, Node, Typed, Value};

/// What one file gave.
pub(super) struct FileRead {
    /// Its `api:` section, if it has one that could be read.
    pub api: Option<ApiInfo>,
    /// Its declarations.
    pub file: SpecFile,
    /// False when a YAML syntax error cut the file short.
    pub complete: bool,
}

/// Reads one spec file. Problems go to `problems`, names of declarations
/// that could not be read to `unreadable`.
pub(super) fn read_file(
    path: String,
    source: &Arc<SourceFile>,
    problems: &mut Diagnostics,
    unreadable: &mut BTreeSet<String>,
) -> FileRead {
    let mut file = SpecFile {
        path,
        source: source.clone(),
        resources: Vec::new(),
        messages: Vec::new(),
        enums: Vec::new(),
    };
    let document = yaml::parse(&source.text);
    let complete = document.error.is_none();
    if let Some(error) = document.error {
        let loc = Loc {
            file: source.clone(),
            pos: error.pos,
        };
        let diagnostic = Diagnostic::new(&loc, "", error.message);
        problems.push(match error.help {
            Some(help) => diagnostic.with_help(help),
            None => diagnostic,
        });
    }
    let root = &document.root;
    // The last section before a syntax error may have been cut short: what it
    // lacks is not reported missing. (Sections of named entries lose only the
    // entry being read, so the cut shows only in `api`.)
    let cut_section = match (&root.value, complete) {
        (Value::Mapping(entries), false) => entries.last().and_then(|(key, _)| scalar(key)),
        _ => None,
    };
    let mut reader = Reader {
        source,
        problems,
        unreadable,
        quiet_missing: false,
    };
    let mut api = None;
    if root.typed() == Some(Typed::Null) {
        return FileRead {
            api,
            file,
            complete,
        };
    }
    if let Some(mut top) = reader.mapping(root, "") {
        if let Some(node) = top.take("api") {
            reader.quiet_missing = cut_section == Some("api");
            api = reader.api(node);
            reader.quiet_missing = false;
        }
        if let Some(node) = top.take("resources") {
            file.resources = reader.named_entries(node, "resources", Some(""), Reader::resource);
        }
        if let Some(node) = top.take("messages") {
            file.messages = reader.named_entries(node, "messages", Some(""), Reader::message);
        }
        if let Some(node) = top.take("enums") {
            file.enums = reader.named_entries(node, "enums", Some(""), Reader::enumeration);
        }
        reader.finish(top, &["api", "resources", "messages", "enums"]);
    }
    FileRead {
        api,
        file,
        complete,
    }
}

struct Reader<'a> {
    source: &'a Arc<SourceFile>,
    problems: &'a mut Diagnostics,
    unreadable: &'a mut BTreeSet<String>,
    /// Set while reading a section a syntax error cut short.
    quiet_missing: bool,
}

/// A mapping being read: remembers which keys were used.
struct MapView<'n> {
    entries: &'n [(Node, Node)],
    index: HashMap<&'n str, usize>,
    used: Vec<bool>,
    element: String,
    at: At,
}

impl<'n> MapView<'n> {
    fn take(&mut self, key: &str) -> Option<&'n Node> {
        let index = *self.index.get(key)?;
        self.used[index] = true;
        Some(&self.entries[index].1)
    }

    fn child(&self, key: &str) -> String {
        if self.element.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.element)
        }
    }
}

fn scalar(node: &Node) -> Option<&str> {
    match &node.value {
        Value::Scalar { text, .. } => Some(text),
        _ => None,
    }
}

/// The key an element path ends in: `messages.A.fields.b.type` → `type`.
fn key_of(element: &str) -> &str {
    element.rsplit('.').next().unwrap_or(element)
}

/// What the entries of a mapping are, by its key: `fields` → `field`.
fn entry_kind(element: &str) -> &'static str {
    match key_of(element) {
        "resources" => "resource",
        "methods" => "method",
        "messages" => "message",
        "enums" => "enum",
        "fields" => "field",
        "oneofs" => "oneof",
        "values" => "value",
        _ => "key",
    }
}

/// An example line for a key, for "missing" and "empty" messages.
fn example(key: &str) -> Option<&'static str> {
    Some(match key {
        "description" => "description: \"What it is, in one line.\"",
        "type" => "type: string",
        "http" => "http: { get: \"/v1/{name=things/*}\" }",
        "request" => "request: GetThingRequest",
        "response" => "response: Thing",
        "values" => "values: { THING_UNSPECIFIED: \"Not set.\" }",
        "fields" => "fields: { name: { type: string, description: \"Its name.\" } }",
        "items" => "items: things",
        "metadata" => "metadata: CreateThingMetadata",
        "poll" => "poll: things.operations.get",
        "path" => "path: /upload/v1/things",
        "name" => "name: waitUntilActive",
        "field" => "field: state",
        "title" => "title: Shop API",
        "version" => "version: v1",
        "base_url" => "base_url: https://shop.example.com",
        "crate_name" => "crate_name: shop-v1",
        "crate_version" => "crate_version: 0.1.0",
        "max_attempts" => "max_attempts: 5",
        "initial_backoff" => "initial_backoff: 1s",
        "max_backoff" => "max_backoff: 10s",
        "multiplier" => "multiplier: 1.3",
        "while" => "while: [CREATING]",
        _ => return None,
    })
}

/// A character that would break the generated code or hide what it says
/// (control characters other than tab and line break, and bidirectional
/// overrides), with the number of characters before it.
fn hidden_char(text: &str) -> Option<(usize, char)> {
    text.chars().enumerate().find(|&(_, c)| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    })
}

impl Reader<'_> {
    fn at(&self, node: &Node, element: &str) -> At {
        At {
            loc: Loc {
                file: self.source.clone(),
                pos: node.pos,
            },
            element: element.to_owned(),
        }
    }

    fn problem(&self, node: &Node, element: &str, message: impl Into<String>) -> Diagnostic {
        self.at(node, element).error(message)
    }

    fn report(&mut self, diagnostic: Diagnostic) {
        self.problems.push(diagnostic);
    }

    /// The "is empty" problem of a key written without the entries it should hold.
    fn empty_mapping(&self, node: &Node, element: &str) -> Diagnostic {
        let key = key_of(element);
        self.problem(node, element, format!("`{key}` is empty"))
            .with_help(format!(
                "write its entries under `{key}:`, indented, or remove it"
            ))
    }

    /// The "is empty" problem of a key written without a value.
    fn empty(&self, node: &Node, element: &str) -> Diagnostic {
        let key = key_of(element);
        let diagnostic = self.problem(node, element, format!("`{key}` is empty"));
        match example(key) {
            Some(example) => diagnostic.with_help(format!("write e.g. `{example}`")),
            None => diagnostic.with_help(format!("write its value after `{key}:`, or remove it")),
        }
    }

    fn mapping<'n>(&mut self, node: &'n Node, element: &str) -> Option<MapView<'n>> {
        let Value::Mapping(entries) = &node.value else {
            let diagnostic = match node.typed() {
                Some(Typed::Null) => self.empty_mapping(node, element),
                _ if element.is_empty() => self
                    .problem(
                        node,
                        element,
                        format!("a spec file is a mapping of `api`, `resources`, `messages` and `enums`, not {}", node.kind_name()),
                    )
                    .with_help("start the file with one of them, e.g. `messages:` at the left margin, and indent its entries below it"),
                _ => self
                    .problem(
                        node,
                        element,
                        format!(
                            "`{}` must be a mapping (`key: value` lines), not {}",
                            key_of(element),
                            node.kind_name()
                        ),
                    )
                    .with_help(format!(
                        "write `{}:` alone on its line and its entries below it, indented",
                        key_of(element)
                    )),
            };
            self.report(diagnostic);
            return None;
        };
        let mut index: HashMap<&str, usize> = HashMap::with_capacity(entries.len());
        for (position, (key, _)) in entries.iter().enumerate() {
            match scalar(key) {
                Some(text) => {
                    if let Some(&first) = index.get(text) {
                        let what = entry_kind(element);
                        let diagnostic = self
                            .problem(key, element, format!("{what} `{text}` appears twice"))
                            .with_note(&self.at(&entries[first].0, element).loc, "first here")
                            .with_help("remove one of them, or rename one");
                        self.report(diagnostic);
                    } else {
                        index.insert(text, position);
                    }
                }
                None => {
                    let diagnostic = self
                        .problem(
                            key,
                            element,
                            format!("a key must be a plain name, not {}", key.kind_name()),
                        )
                        .with_help("write the key as a name followed by `:`");
                    self.report(diagnostic);
                }
            }
        }
        Some(MapView {
            entries,
            index,
            used: vec![false; entries.len()],
            element: element.to_owned(),
            at: self.at(node, element),
        })
    }

    /// The mapping under a named entry; problems with the entry as a whole point at its name.
    fn entry_mapping<'n>(
        &mut self,
        name: &Text,
        node: &'n Node,
        shape: &str,
    ) -> Option<MapView<'n>> {
        if !matches!(node.value, Value::Mapping(_)) {
            let key = &name.value;
            let diagnostic = match node.typed() {
                Some(Typed::Null) => name.at.error(format!("`{key}` is empty")),
                _ => name.at.error(format!(
                    "`{key}` must be a mapping, not {}",
                    node.kind_name()
                )),
            };
            self.report(diagnostic.with_help(format!("write it as `{key}: {shape}`")));
            return None;
        }
        let mut view = self.mapping(node, &name.at.element)?;
        view.at = name.at.clone();
        Some(view)
    }

    /// Reports every key of `view` that was not read.
    fn finish(&mut self, view: MapView<'_>, known: &[&str]) {
        for (position, ((key, _), &used)) in view.entries.iter().zip(&view.used).enumerate() {
            if used {
                continue;
            }
            let Some(name) = scalar(key) else { continue };
            if view.index.get(name) != Some(&position) {
                continue; // a repeated key, already reported
            }
            let mut diagnostic = self
                .at(key, &view.child(name))
                .error(format!("unknown key `{name}`"));
            diagnostic = match did_you_mean(name, known.iter().copied()) {
                Some(help) => diagnostic.with_help(help),
                None => diagnostic.with_help(format!("expected one of: {}", known.join(", "))),
            };
            self.report(diagnostic);
        }
    }

    /// Text: a string that is not empty and hides no control characters.
    fn text(&mut self, node: &Node, element: &str) -> Option<Text> {
        let key = key_of(element);
        let problem = match node.typed() {
            Some(Typed::Str("")) | Some(Typed::Null) => self.empty(node, element),
            Some(Typed::Str(text)) => return self.visible(node, element, text),
            Some(Typed::Bool(_) | Typed::Int(_) | Typed::Float(_)) => {
                let text = scalar(node).unwrap_or_default();
                self.problem(
                    node,
                    element,
                    format!("`{key}` must be text, not {}", node.kind_name()),
                )
                .with_help(format!("put it in quotes: `\"{text}\"`"))
            }
            None => self
                .problem(
                    node,
                    element,
                    format!("`{key}` must be text, not {}", node.kind_name()),
                )
                .with_help(fixes::text_instead_of(key, node)),
        };
        self.report(problem);
        None
    }

    /// Any scalar as written (a number too), for values whose form is checked next.
    fn written(&mut self, node: &Node, element: &str) -> Option<Text> {
        match node.typed() {
            Some(Typed::Null | Typed::Str("")) => {
                let problem = self.empty(node, element);
                self.report(problem);
                None
            }
            Some(_) => self.visible(node, element, scalar(node).unwrap_or_default()),
            None => self.text(node, element),
        }
    }

    fn visible(&mut self, node: &Node, element: &str, text: &str) -> Option<Text> {
        if let Some((before, hidden)) = hidden_char(text) {
            let mut at = self.at(node, element);
            // On the character itself, when the text is on one line.
            let line: Vec<char> = at.loc.line_text().chars().collect();
            let start = at.loc.pos.column.saturating_sub(1);
            let quoted = matches!(line.get(start), Some('"' | '\''));
            let column = start + usize::from(quoted) + before;
            if line.get(column) == Some(&hidden) {
                at.loc.pos.column = column + 1;
            }
            let problem = at
                .error(format!(
                    "`{}` contains the invisible character U+{:04X}",
                    key_of(element),
                    u32::from(hidden)
                ))
                .with_help("delete it: generated code must not carry it");
            self.report(problem);
            return None;
        }
        Some(Text {
            value: text.to_owned(),
            at: self.at(node, element),
        })
    }

    /// A value of a set form: `valid` decides, `help` says what a good one looks like.
    fn formed(
        &mut self,
        node: &Node,
        element: &str,
        valid: fn(&str) -> bool,
        what: &str,
        help: &str,
    ) -> Option<Text> {
        let text = self.written(node, element)?;
        if valid(&text.value) {
            return Some(text);
        }
        let problem = text
            .at
            .error(format!("`{}` is not {what}", text.value))
            .with_help(help.to_owned());
        self.report(problem);
        None
    }

    fn missing(&mut self, view: &MapView<'_>, key: &str) {
        if self.quiet_missing {
            return;
        }
        // A misspelt key is reported as unknown, with this one as its fix.
        let misspelt = view
            .entries
            .iter()
            .filter_map(|(key, _)| scalar(key))
            .any(|written| !view.index.contains_key(key) && did_you_mean(written, [key]).is_some());
        if misspelt {
            return;
        }
        let diagnostic = view.at.error(format!("missing `{key}`"));
        self.report(match example(key) {
            Some(example) => diagnostic.with_help(format!("add `{example}`")),
            None => diagnostic,
        });
    }

    /// Required text; when missing or unusable (already reported), an empty placeholder.
    fn required_text(&mut self, view: &mut MapView<'_>, key: &str) -> Text {
        let element = view.child(key);
        match view.take(key) {
            Some(node) => self.text(node, &element),
            None => {
                self.missing(view, key);
                None
            }
        }
        .unwrap_or_else(|| Text {
            value: String::new(),
            at: view.at.clone(),
        })
    }

    fn optional_text(&mut self, view: &mut MapView<'_>, key: &str) -> Option<Text> {
        let element = view.child(key);
        view.take(key).and_then(|node| self.text(node, &element))
    }

    fn required_formed(
        &mut self,
        view: &mut MapView<'_>,
        key: &str,
        valid: fn(&str) -> bool,
        what: &str,
        help: &str,
    ) -> Option<Text> {
        let element = view.child(key);
        match view.take(key) {
            Some(node) => self.formed(node, &element, valid, what, help),
            None => {
                self.missing(view, key);
                None
            }
        }
    }

    fn flag(&mut self, view: &mut MapView<'_>, key: &str) -> bool {
        self.optional_flag(view, key).unwrap_or(false)
    }

    fn optional_flag(&mut self, view: &mut MapView<'_>, key: &str) -> Option<bool> {
        let element = view.child(key);
        let node = view.take(key)?;
        if let Some(Typed::Bool(value)) = node.typed() {
            return Some(value);
        }
        let problem = self
            .problem(
                node,
                &element,
                format!(
                    "`{key}` must be `true` or `false`, not {}",
                    node.kind_name()
                ),
            )
            .with_help(format!("write `{key}: true` or `{key}: false`, unquoted"));
        self.report(problem);
        None
    }

    /// A list, each item read with `item`; nothing when the key is absent.
    fn list<T>(
        &mut self,
        view: &mut MapView<'_>,
        key: &str,
        item: impl FnMut(&mut Self, &Node, &str) -> Option<T>,
    ) -> Vec<T> {
        let element = view.child(key);
        match view.take(key) {
            Some(node) => self.items(node, &element, item),
            None => Vec::new(),
        }
    }

    /// The items of a list node; anything else is reported, with the list it may have meant.
    fn items<T>(
        &mut self,
        node: &Node,
        element: &str,
        mut item: impl FnMut(&mut Self, &Node, &str) -> Option<T>,
    ) -> Vec<T> {
        if let Value::Sequence(items) = &node.value {
            return items
                .iter()
                .enumerate()
                .filter_map(|(index, node)| item(self, node, &format!("{element}[{index}]")))
                .collect();
        }
        let key = key_of(element);
        let meant = match node.typed() {
            Some(Typed::Str(text)) => text
                .split(',')
                .map(str::trim)
                .filter(|item| !item.is_empty())
                .collect::<Vec<_>>()
                .join(", "),
            _ => "a, b".to_owned(),
        };
        let problem = self
            .problem(
                node,
                element,
                format!("`{key}` must be a list, not {}", node.kind_name()),
            )
            .with_help(format!("write it as a list: `{key}: [{meant}]`"));
        self.report(problem);
        Vec::new()
    }

    fn text_list(&mut self, view: &mut MapView<'_>, key: &str) -> Vec<Text> {
        self.list(view, key, |reader, node, element| {
            reader.text(node, element)
        })
    }

    /// One text, or a list of them.
    fn text_or_list(&mut self, view: &mut MapView<'_>, key: &str) -> Vec<Text> {
        let element = view.child(key);
        match view.take(key) {
            Some(node) if matches!(node.value, Value::Scalar { .. }) => {
                self.text(node, &element).into_iter().collect()
            }
            Some(node) => self.items(node, &element, |reader, node, element| {
                reader.text(node, element)
            }),
            None => Vec::new(),
        }
    }

    /// A whole number in `range`; `what` describes the range for the message.
    fn integer(
        &mut self,
        node: &Node,
        element: &str,
        range: RangeInclusive<i64>,
        what: &str,
    ) -> Option<i64> {
        let key = key_of(element);
        let problem = match node.typed() {
            Some(Typed::Int(value)) if range.contains(&value) => return Some(value),
            Some(Typed::Int(value)) => self
                .problem(
                    node,
                    element,
                    format!("`{key}` must be {what}, not {value}"),
                )
                .with_help(fixes::whole_number(&range)),
            Some(Typed::Str(text)) if text.trim().parse::<f64>().is_ok() => self
                .problem(node, element, format!("`{key}` must be a number, not text"))
                .with_help(format!("remove the quotes: `{}`", text.trim())),
            _ => self
                .problem(
                    node,
                    element,
                    format!("`{key}` must be {what}, not {}", node.kind_name()),
                )
                .with_help(fixes::whole_number(&range)),
        };
        self.report(problem);
        None
    }

    /// Reads `name: {...}` entries of a mapping with `read` for each. When
    /// `record` is given, the names (after that prefix) of entries that
    /// could not be read are recorded as unreadable.
    fn named_entries<T>(
        &mut self,
        node: &Node,
        element: &str,
        record: Option<&str>,
        read: fn(&mut Self, Text, &Node) -> Option<T>,
    ) -> Vec<T> {
        let Some(view) = self.mapping(node, element) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (position, (key, value)) in view.entries.iter().enumerate() {
            let Some(name) = scalar(key) else { continue };
            if view.index.get(name) != Some(&position) {
                continue; // a repeated name, already reported
            }
            if name.trim().is_empty() {
                let kind = entry_kind(element);
                let problem = self
                    .problem(key, element, format!("this {kind} has no name"))
                    .with_help(format!("write the {kind}'s name before the `:`"));
                self.report(problem);
                continue;
            }
            let text = Text {
                value: name.to_owned(),
                at: self.at(key, &view.child(name)),
            };
            match read(self, text, value) {
                Some(item) => out.push(item),
                None => {
                    if let Some(prefix) = record {
                        self.unreadable.insert(format!("{prefix}{name}"));
                    }
                }
            }
        }
        out
    }

    fn api(&mut self, node: &Node) -> Option<ApiInfo> {
        let Some(mut view) = self.mapping(node, "api") else {
            self.unreadable.insert(super::API_SECTION.to_owned());
            return None;
        };
        let name = self.required_text(&mut view, "name");
        let title = self.required_text(&mut view, "title");
        let version = self.required_text(&mut view, "version");
        let description = self.required_text(&mut view, "description");
        let base_url = self.required_formed(
            &mut view,
            "base_url",
            values::is_base_url,
            "a base URL",
            "write the scheme and host, and a path if there is one, e.g. `https://api.example.com`; no query or fragment",
        );
        let crate_name = self.required_formed(
            &mut view,
            "crate_name",
            values::is_crate_name,
            "a crate name",
            "use lowercase letters, digits, `-` and `_`, starting with a letter, e.g. `shop-v1`",
        );
        let crate_version = self.crate_version(&mut view);
        let api_key_header = view.take("api_key_header").and_then(|node| {
            self.formed(
                node,
                "api.api_key_header",
                values::is_header_name,
                "an HTTP header name",
                "use letters, digits and `-`, e.g. `x-api-key`",
            )
        });
        let api_key_env = self.list(&mut view, "api_key_env", |reader, node, element| {
            reader.formed(
                node,
                element,
                values::is_env_var,
                "an environment variable name",
                "use letters, digits and `_`, not starting with a digit, e.g. `SHOP_API_KEY`",
            )
        });
        let retry = match view.take("retry") {
            Some(node) => self.retry(node, &view.child("retry")),
            None => None,
        };
        let at = view.at.clone();
        let placeholder = |text: Option<Text>| {
            text.unwrap_or_else(|| Text {
                value: String::new(),
                at: at.clone(),
            })
        };
        let api = ApiInfo {
            name,
            title,
            version,
            description,
            base_url: placeholder(base_url),
            crate_name: placeholder(crate_name),
            crate_version: placeholder(crate_version),
            api_key_header,
            api_key_env,
            retry,
            at: at.clone(),
        };
        self.finish(
            view,
            &[
                "name",
                "title",
                "version",
                "description",
                "base_url",
                "crate_name",
                "crate_version",
                "api_key_header",
                "api_key_env",
                "retry",
            ],
        );
        Some(api)
    }

    /// The crate version: SemVer, as Cargo needs it (a number such as `0.2` is read as written).
    fn crate_version(&mut self, view: &mut MapView<'_>) -> Option<Text> {
        let element = view.child("crate_version");
        let Some(node) = view.take("crate_version") else {
            self.missing(view, "crate_version");
            return None;
        };
        let text = self.written(node, &element)?;
        if values::is_semver(&text.value) {
            return Some(text);
        }
        let problem = text
            .at
            .error(format!("`{}` is not a SemVer version", text.value))
            .with_help(semver_help(&text.value));
        self.report(problem);
        None
    }

    fn retry(&mut self, node: &Node, element: &str) -> Option<Retry> {
        let mut view = self.mapping(node, element)?;
        let before = self.problems.0.len();
        let statuses = self.list(&mut view, "statuses", |reader, node, element| {
            reader.integer(node, element, 100..=599, "an HTTP status (100 to 599)")
        });
        let max_attempts = match view.take("max_attempts") {
            Some(node) => self.integer(
                node,
                &view.child("max_attempts"),
                1..=i64::from(u32::MAX),
                "a number of attempts (1 or more)",
            ),
            None => {
                self.missing(&view, "max_attempts");
                None
            }
        };
        let duration = |reader: &mut Self, view: &mut MapView<'_>, key: &str, required: bool| {
            let element = view.child(key);
            let Some(node) = view.take(key) else {
                if required {
                    reader.missing(view, key);
                }
                return None;
            };
            let text = reader.formed(
                node,
                &element,
                |text| values::duration_millis(text).is_some(),
                "a duration",
                "write a number and its unit: `250ms`, `1s` or `1.5s` (at most three decimals)",
            )?;
            values::duration_millis(&text.value)
        };
        let initial_backoff_ms = duration(self, &mut view, "initial_backoff", true);
        let max_backoff_ms = duration(self, &mut view, "max_backoff", true);
        let multiplier = match view.take("multiplier") {
            Some(node) => self.multiplier(node, &view.child("multiplier")),
            None => {
                self.missing(&view, "multiplier");
                None
            }
        };
        let deadline_ms = duration(self, &mut view, "deadline", false);
        self.finish(
            view,
            &[
                "statuses",
                "max_attempts",
                "initial_backoff",
                "max_backoff",
                "multiplier",
                "deadline",
            ],
        );
        if self.problems.0.len() != before {
            return None;
        }
        Some(Retry {
            statuses: statuses
                .into_iter()
                .filter_map(|status| u16::try_from(status).ok())
                .collect(),
            max_attempts: u32::try_from(max_attempts?).ok()?,
            initial_backoff_ms: initial_backoff_ms?,
            max_backoff_ms: max_backoff_ms?,
            multiplier: multiplier?,
            deadline_ms,
        })
    }

    /// A finite number of at least 1, whole or not.
    fn multiplier(&mut self, node: &Node, element: &str) -> Option<f64> {
        let problem = match node.typed() {
            Some(Typed::Int(value)) if value >= 1 => return Some(value as f64),
            Some(Typed::Float(value)) if value.is_finite() && value >= 1.0 => return Some(value),
            Some(Typed::Str(text)) if text.trim().parse::<f64>().is_ok() => self
                .problem(node, element, "`multiplier` must be a number, not text")
                .with_help(format!("remove the quotes: `{}`", text.trim())),
            Some(Typed::Int(_) | Typed::Float(_)) => self
                .problem(
                    node,
                    element,
                    format!(
                        "`multiplier` must be at least 1, not {}",
                        scalar(node).unwrap_or_default()
                    ),
                )
                .with_help("the wait grows by this factor per attempt, e.g. `1.3`"),
            _ => self
                .problem(
                    node,
                    element,
                    format!("`multiplier` must be a number, not {}", node.kind_name()),
                )
                .with_help("the wait grows by this factor per attempt, e.g. `1.3`"),
        };
        self.report(problem);
        None
    }

    fn wait(&mut self, node: &Node, element: &str) -> Option<Wait> {
        let mut view = self.mapping(node, element)?;
        let name = self.required_text(&mut view, "name");
        let field = self.required_text(&mut view, "field");
        let pending = match view.take("while") {
            Some(list) => {
                if matches!(&list.value, Value::Sequence(items) if items.is_empty()) {
                    let diagnostic = self
                        .problem(list, &view.child("while"), "`while` needs at least one value")
                        .with_help("list the values that mean \"not done yet\", e.g. `while: [PROCESSING]`");
                    self.report(diagnostic);
                }
                self.items(list, &view.child("while"), |reader, node, element| {
                    reader.text(node, element)
                })
            }
            None => {
                self.missing(&view, "while");
                Vec::new()
            }
        };
        let at = view.at.clone();
        self.finish(view, &["name", "field", "while"]);
        Some(Wait {
            name,
            field,
            pending,
            at,
        })
    }

    fn resource(&mut self, name: Text, node: &Node) -> Option<Resource> {
        let mut view = self.entry_mapping(&name, node, "{ description: \"…\", methods: { … } }")?;
        let description = self.required_text(&mut view, "description");
        let methods = match view.take("methods") {
            Some(methods) => {
                let prefix = format!("{}.", name.value);
                self.named_entries(methods, &view.child("methods"), Some(&prefix), Self::method)
            }
            None => Vec::new(),
        };
        let at = view.at.clone();
        self.finish(view, &["description", "methods"]);
        Some(Resource {
            name,
            description,
            methods,
            at,
        })
    }

    fn method(&mut self, name: Text, node: &Node) -> Option<Method> {
        let mut view = self.entry_mapping(
            &name,
            node,
            "{ description: \"…\", http: { get: \"/v1/…\" }, request: …, response: … }",
        )?;
        let description = self.required_text(&mut view, "description");
        let http = match view.take("http") {
            Some(http) => self.http(http, &view.child("http")),
            None => {
                self.missing(&view, "http");
                None
            }
        };
        let request = self.required_text(&mut view, "request");
        let response = self.required_text(&mut view, "response");
        let streaming = self.optional_text(&mut view, "streaming");
        let paging_items = match view.take("paging") {
            Some(paging) => self
                .mapping(paging, &view.child("paging"))
                .map(|mut paging| {
                    let items = self.required_text(&mut paging, "items");
                    self.finish(paging, &["items"]);
                    items
                }),
            None => None,
        };
        let long_running = match view.take("long_running") {
            Some(lro) => self
                .mapping(lro, &view.child("long_running"))
                .map(|mut lro| {
                    let response = self.required_text(&mut lro, "response");
                    let metadata = self.required_text(&mut lro, "metadata");
                    let poll = self.required_text(&mut lro, "poll");
                    let at = lro.at.clone();
                    self.finish(lro, &["response", "metadata", "poll"]);
                    LongRunning {
                        response,
                        metadata,
                        poll,
                        at,
                    }
                }),
            None => None,
        };
        let media_upload_path = match view.take("media_upload") {
            Some(upload) => self
                .mapping(upload, &view.child("media_upload"))
                .map(|mut upload| {
                    let path = self.required_text(&mut upload, "path");
                    self.finish(upload, &["path"]);
                    path
                }),
            None => None,
        };
        let idempotent = self.optional_flag(&mut view, "idempotent");
        let wait = match view.take("wait") {
            Some(node) => self.wait(node, &view.child("wait")),
            None => None,
        };
        let deprecated = self.flag(&mut view, "deprecated");
        let at = view.at.clone();
        self.finish(
            view,
            &[
                "description",
                "http",
                "request",
                "response",
                "streaming",
                "paging",
                "long_running",
                "media_upload",
                "idempotent",
                "wait",
                "deprecated",
            ],
        );
        Some(Method {
            name,
            description,
            http: http?,
            request,
            response,
            streaming,
            paging_items,
            long_running,
            media_upload_path,
            idempotent,
            wait,
            deprecated,
            at,
        })
    }

    fn http(&mut self, node: &Node, element: &str) -> Option<Http> {
        let mut view = self.mapping(node, element)?;
        let mut binding: Option<(Verb, Text)> = None;
        let mut readable = true;
        for verb in Verb::ALL {
            let key = verb_key(verb);
            let Some(path_node) = view.take(key) else {
                continue;
            };
            let Some(path) = self.text(path_node, &view.child(key)) else {
                readable = false;
                continue;
            };
            if let Some((first, first_path)) = &binding {
                let diagnostic = path
                    .at
                    .error("an HTTP binding has exactly one verb")
                    .with_note(
                        &first_path.at.loc,
                        format!("`{}` is given here", verb_key(*first)),
                    )
                    .with_help("one method has one binding; keep one verb");
                self.report(diagnostic);
                continue;
            }
            binding = Some((verb, path));
        }
        let body = self.optional_text(&mut view, "body");
        let at = view.at.clone();
        let keys = Verb::ALL.map(verb_key);
        self.finish(view, &[&keys[..], &["body"]].concat());
        match binding {
            Some((verb, path)) => Some(Http {
                verb,
                path,
                body,
                at,
            }),
            None => {
                if readable {
                    self.report(
                        at.error("missing the verb and path")
                            .with_help("write e.g. `http: { get: \"/v1/{name=things/*}\" }`"),
                    );
                }
                None
            }
        }
    }

    fn message(&mut self, name: Text, node: &Node) -> Option<Message> {
        let before = self.problems.0.len();
        let mut view = self.entry_mapping(&name, node, "{ description: \"…\", fields: { … } }")?;
        let description = self.required_text(&mut view, "description");
        let resource_patterns = self.text_or_list(&mut view, "resource");
        let fields = match view.take("fields") {
            Some(fields) => self.named_entries(fields, &view.child("fields"), None, Self::field),
            None => Vec::new(),
        };
        let oneofs = match view.take("oneofs") {
            Some(oneofs) => self.named_entries(oneofs, &view.child("oneofs"), None, Self::oneof),
            None => Vec::new(),
        };
        let deprecated = self.flag(&mut view, "deprecated");
        let at = view.at.clone();
        self.finish(
            view,
            &["description", "resource", "fields", "oneofs", "deprecated"],
        );
        Some(Message {
            name,
            description,
            resource_patterns,
            fields,
            oneofs,
            deprecated,
            intact: self.problems.0.len() == before,
            at,
        })
    }

    fn oneof(&mut self, name: Text, node: &Node) -> Option<Oneof> {
        let mut view = self.entry_mapping(&name, node, "{ description: \"…\", fields: { … } }")?;
        let description = self.required_text(&mut view, "description");
        let fields = match view.take("fields") {
            Some(fields) => {
                let element = view.child("fields");
                if matches!(&fields.value, Value::Mapping(entries) if entries.is_empty()) {
                    let diagnostic = self
                        .problem(fields, &element, "a oneof needs at least one member")
                        .with_help("list its members under `fields:`, or remove the oneof");
                    self.report(diagnostic);
                }
                self.named_entries(fields, &element, None, Self::field)
            }
            None => {
                self.missing(&view, "fields");
                Vec::new()
            }
        };
        let at = view.at.clone();
        self.finish(view, &["description", "fields"]);
        Some(Oneof {
            name,
            description,
            fields,
            at,
        })
    }

    fn field(&mut self, name: Text, node: &Node) -> Option<Field> {
        let written_type = match node.typed() {
            Some(Typed::Str(text)) => text,
            _ => "string",
        };
        let shape = format!("{{ type: {written_type}, description: \"…\" }}");
        let mut view = self.entry_mapping(&name, node, &shape)?;
        let field = Field {
            type_name: self.required_text(&mut view, "type"),
            repeated: self.flag(&mut view, "repeated"),
            optional: self.flag(&mut view, "optional"),
            map_key: self.optional_text(&mut view, "map"),
            behaviors: self.text_list(&mut view, "behavior"),
            rust_name: self.optional_text(&mut view, "rust_name"),
            proto_name: self.optional_text(&mut view, "proto_name"),
            description: self.required_text(&mut view, "description"),
            deprecated: self.flag(&mut view, "deprecated"),
            at: view.at.clone(),
            name,
        };
        self.finish(
            view,
            &[
                "type",
                "repeated",
                "optional",
                "map",
                "behavior",
                "rust_name",
                "proto_name",
                "description",
                "deprecated",
            ],
        );
        Some(field)
    }

    fn enumeration(&mut self, name: Text, node: &Node) -> Option<Enum> {
        let mut view = self.entry_mapping(&name, node, "{ description: \"…\", values: { … } }")?;
        let description = self.required_text(&mut view, "description");
        let values = match view.take("values") {
            Some(values) => {
                let element = view.child("values");
                let empty = match &values.value {
                    Value::Mapping(entries) => entries.is_empty(),
                    _ => values.typed() == Some(Typed::Null),
                };
                if empty {
                    let diagnostic = self
                        .problem(values, &element, "an enum needs at least one value")
                        .with_help(format!(
                            "list them under `values:`, the default (number 0) first, e.g. `{}_UNSPECIFIED: \"Not set.\"`",
                            crate::names::shouty_snake(&name.value)
                        ));
                    self.report(diagnostic);
                    Vec::new()
                } else {
                    self.named_entries(values, &element, None, Self::enum_value)
                }
            }
            None => {
                self.missing(&view, "values");
                Vec::new()
            }
        };
        let at = view.at.clone();
        self.finish(view, &["description", "values"]);
        Some(Enum {
            name,
            description,
            values,
            at,
        })
    }

    /// `NAME: "description"`, or `NAME: { number: 10, rust_name: Ten, description: "…", deprecated: true }`.
    fn enum_value(&mut self, name: Text, node: &Node) -> Option<EnumValue> {
        match &node.value {
            Value::Mapping(_) => {}
            Value::Scalar { .. } if node.typed() == Some(Typed::Null) => {
                let diagnostic = name
                    .at
                    .error(format!("`{}` has no description", name.value))
                    .with_help(format!("write `{}: \"What it means.\"`", name.value));
                self.report(diagnostic);
                return None;
            }
            Value::Scalar { .. } => {
                let description = self.text(node, &name.at.element)?;
                return Some(EnumValue {
                    name,
                    number: None,
                    rust_name: None,
                    description,
                    deprecated: false,
                });
            }
            Value::Sequence(_) => {
                let diagnostic = name
                    .at
                    .error(format!("`{}` must be its description or a mapping, not a list", name.value))
                    .with_help(format!(
                        "write `{0}: \"What it means.\"` or `{0}: {{ number: 1, description: \"What it means.\" }}`",
                        name.value
                    ));
                self.report(diagnostic);
                return None;
            }
        }
        let mut view = self.mapping(node, &name.at.element)?;
        view.at = name.at.clone();
        let number = match view.take("number") {
            Some(node) => self
                .integer(
                    node,
                    &view.child("number"),
                    i64::from(i32::MIN)..=i64::from(i32::MAX),
                    "a 32-bit whole number",
                )
                .and_then(|value| {
                    Some(Number {
                        value: i32::try_from(value).ok()?,
                        at: self.at(node, &view.child("number")),
                    })
                }),
            None => None,
        };
        let rust_name = self.optional_text(&mut view, "rust_name");
        let description = self.required_text(&mut view, "description");
        let deprecated = self.flag(&mut view, "deprecated");
        self.finish(view, &["number", "rust_name", "description", "deprecated"]);
        Some(EnumValue {
            name,
            number,
            rust_name,
            description,
            deprecated,
        })
    }
}

/// How to write a version that is not SemVer: all three numbers, no `v`.
fn semver_help(text: &str) -> String {
    let bare = text.trim_start_matches(['v', 'V']);
    let parts: Vec<&str> = bare.split('.').collect();
    let mut fixed = bare.to_owned();
    for _ in parts.len()..3 {
        fixed.push_str(".0");
    }
    if values::is_semver(&fixed) {
        format!("write all three numbers, without a `v`: `{fixed}`")
    } else {
        "write MAJOR.MINOR.PATCH numbers, e.g. `0.1.0` (SemVer, as Cargo needs it)".to_owned()
    }
}
