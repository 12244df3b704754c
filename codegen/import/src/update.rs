//! Importing over an existing spec folder: what a person wrote stays as it
//! is (descriptions, `rust_name`s, `wait:`, `media_upload`, retry settings,
//! comments, layout, order), new declarations, fields, oneofs, enum
//! values, resources and methods are spliced in as text after the element
//! that precedes them in the protos, and what the protos no longer have is
//! reported, and removed only when pruning (with the blank lines and comments
//! that lead to it). A service config's retry settings are merged the same
//! way (see `settings`). A fact that differs (a field's type or number, a
//! method's HTTP binding) is reported as changed and left as written, for a
//! person to decide. An update without pruning therefore only adds lines,
//! except that an enum value whose number would move, because a value was
//! added or removed before it, gets its number written next to it.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use apigen::diagnostic::{Loc, SourceFile};
use apigen::yaml::{self, Node as Yaml, Value};
use apigen::{Diagnostic, Diagnostics};

use crate::numbers;
use crate::render::{entry_text, Node, SpecFileOut};

mod settings;

/// Keys whose mappings hold named declarations that an import may add to.
const COLLECTIONS: [&str; 7] = [
    "messages",
    "enums",
    "resources",
    "fields",
    "oneofs",
    "values",
    "methods",
];
/// Keys whose values are facts of the protos: when the spec says otherwise,
/// the difference is reported as a change.
const FACTS: [&str; 6] = ["type", "number", "repeated", "optional", "map", "http"];
/// The top-level keys of declarations.
const SECTIONS: [&str; 3] = ["messages", "enums", "resources"];

/// The outcome of merging an import into existing files.
pub(crate) struct Merged {
    /// The new text of every file that changes or is new, by relative path.
    pub files: BTreeMap<String, String>,
    /// Elements added, as spec element paths (`messages.Animal.fields.age`), sorted.
    pub added: Vec<String>,
    /// Elements the protos no longer have (removed when pruning), sorted.
    pub removed: Vec<String>,
    /// Facts the protos state otherwise than the spec, each with both versions, sorted.
    pub changed: Vec<String>,
    /// The files removed whole, each with its package (a copy of a package
    /// the generator's library covers), in path order.
    pub deleted: Vec<(String, String)>,
}

/// One existing spec file: its text, lines and tree, and the text to add.
struct File {
    path: String,
    text: String,
    root: Yaml,
    /// Text to insert before a line (0-based), in the order it was added.
    inserts: BTreeMap<usize, String>,
    /// Lines whose `{}` (an empty flow mapping) is opened to take entries.
    opened: BTreeSet<usize>,
    /// Lines (0-based) of pruned entries, left out of the new text.
    deleted: BTreeSet<usize>,
    /// Lines of keys whose mapping lost every entry, written `{}` now.
    emptied: BTreeSet<usize>,
    /// Lines of keys whose mapping gained an entry.
    grown: BTreeSet<usize>,
    /// Lines rewritten whole (an enum value given its number), with their new text.
    edited: BTreeMap<usize, String>,
}

impl File {
    fn lines(&self) -> Vec<&str> {
        self.text.split_inclusive('\n').collect()
    }

    fn insert(&mut self, line: usize, text: &str) {
        self.inserts.entry(line).or_default().push_str(text);
    }

    fn changes(&self) -> bool {
        !(self.inserts.is_empty()
            && self.opened.is_empty()
            && self.deleted.is_empty()
            && self.edited.is_empty())
    }

    /// Writes `number` into the enum value `key: value`: a line of its own
    /// in a block mapping, into the line otherwise. False when the value
    /// spreads over several lines in another way.
    fn pin(&mut self, key: &Yaml, value: &Yaml, number: i64) -> bool {
        if let Some((first, _)) = entries(value).first() {
            if first.pos.line != key.pos.line {
                let indent = " ".repeat(first.pos.column - 1);
                self.insert(first.pos.line - 1, &format!("{indent}number: {number}\n"));
                return true;
            }
        }
        if self.after(key) != key.pos.line {
            return false;
        }
        let line = self.lines()[key.pos.line - 1];
        match numbers::pinned_line(line, key, value, number) {
            Some(line) => {
                self.edited.insert(key.pos.line - 1, line);
                true
            }
            None => false,
        }
    }

    /// Prunes the entries of the mapping under `key` that are `gone`, each
    /// with the blank lines and comments that lead to it (the first one with
    /// the blank lines that follow it instead); a mapping left with no
    /// entries is written `{}`.
    fn prune(&mut self, key: &Yaml, siblings: &[(Yaml, Yaml)], gone: &[bool]) {
        for (at, (child, _)) in siblings.iter().enumerate() {
            if !gone[at] {
                continue;
            }
            let end = self.after(child);
            let start = match at {
                0 => child.pos.line - 1,
                _ => self.after(&siblings[at - 1].0),
            };
            let mut end_with_blanks = end;
            if at == 0 {
                let lines = self.lines();
                let limit = siblings.get(1).map_or(end, |(next, _)| next.pos.line - 1);
                while end_with_blanks < limit && lines[end_with_blanks].trim().is_empty() {
                    end_with_blanks += 1;
                }
            }
            self.deleted.extend(start..end_with_blanks);
        }
        if gone.iter().all(|gone| *gone) && !self.grown.contains(&key.pos.line) {
            self.emptied.insert(key.pos.line - 1);
        }
    }

    /// Writes the entry `name: node` into its mapping at `place`: after the
    /// entry it follows, else before the first, else into the empty mapping.
    fn insert_entry(&mut self, place: &Place, name: &str, node: &Node) {
        let key = place.key;
        let indent = place
            .first
            .map_or(key.pos.column + 1, |first| first.pos.column - 1);
        let mut text = entry_text(indent, name, node);
        let at = match (place.previous, place.first) {
            (Some(previous), _) => {
                if place.section {
                    text.insert(0, '\n');
                }
                self.after(previous)
            }
            (None, Some(first)) => {
                if place.section {
                    text.push('\n');
                }
                first.pos.line - 1
            }
            (None, None) => {
                self.opened.insert(key.pos.line - 1);
                key.pos.line
            }
        };
        self.insert(at, &text);
        self.grown.insert(key.pos.line);
    }

    /// Where the text after the entry whose key is `key` goes: after its
    /// last line, before the blank lines and comments that lead to the next one.
    fn after(&self, key: &Yaml) -> usize {
        let lines = self.lines();
        let column = key.pos.column - 1;
        let skip = |line: &str| line.trim().is_empty() || line.trim_start().starts_with('#');
        let mut at = key.pos.line;
        while at < lines.len() {
            let line = lines[at];
            if !skip(line) && line.len() - line.trim_start().len() <= column {
                break;
            }
            at += 1;
        }
        while at > key.pos.line && skip(lines[at - 1]) {
            at -= 1;
        }
        at
    }

    /// The new text of the file.
    fn spliced(&self) -> String {
        let mut out = String::new();
        let lines = self.lines();
        for (index, line) in lines.iter().enumerate() {
            if let Some(text) = self.inserts.get(&index) {
                out.push_str(text);
            }
            if self.deleted.contains(&index) {
                continue;
            }
            if self.opened.contains(&index) {
                out.push_str(&format!(
                    "{}\n",
                    line.trim_end().trim_end_matches("{}").trim_end()
                ));
            } else if let Some(edited) = self.edited.get(&index) {
                out.push_str(edited);
            } else if self.emptied.contains(&index) {
                out.push_str(&format!("{} {{}}\n", line.trim_end()));
            } else {
                out.push_str(line);
            }
        }
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        if let Some(text) = self.inserts.get(&lines.len()) {
            out.push_str(text);
        }
        out
    }

    fn problem(&self, at: &Yaml, element: &str, message: impl Into<String>) -> Diagnostic {
        let loc = Loc {
            file: Arc::new(SourceFile::new(self.path.clone(), self.text.clone())),
            pos: at.pos,
        };
        Diagnostic::new(&loc, element, message)
    }
}

/// Where a new entry of a mapping goes.
struct Place<'a> {
    /// The mapping's key.
    key: &'a Yaml,
    /// The key of the mapping's first entry, when it has one.
    first: Option<&'a Yaml>,
    /// The key of the entry the new one follows, when it follows one.
    previous: Option<&'a Yaml>,
    /// Whether the mapping is a top-level section, whose entries stand apart by a blank line.
    section: bool,
}

fn key_text(node: &Yaml) -> &str {
    match &node.value {
        Value::Scalar { text, .. } => text,
        _ => "",
    }
}

fn entries(node: &Yaml) -> &[(Yaml, Yaml)] {
    match &node.value {
        Value::Mapping(entries) => entries,
        _ => &[],
    }
}

/// A spec value as comparable text: a scalar's text, a mapping's
/// `key: value` pairs in order.
fn yaml_fact(node: &Yaml) -> String {
    match &node.value {
        Value::Scalar { text, .. } => text.clone(),
        Value::Mapping(entries) => entries
            .iter()
            .map(|(key, value)| format!("{}: {}", key_text(key), yaml_fact(value)))
            .collect::<Vec<_>>()
            .join(", "),
        Value::Sequence(items) => items.iter().map(yaml_fact).collect::<Vec<_>>().join(", "),
    }
}

/// An imported value as comparable text, in [`yaml_fact`]'s form.
fn node_fact(node: &Node) -> String {
    match node {
        Node::Text(text) | Node::Plain(text) => text.clone(),
        Node::Words(words) | Node::Numbers(words) => words.join(", "),
        Node::Block(entries) | Node::Flow(entries) => entries
            .iter()
            .map(|(key, value)| format!("{key}: {}", node_fact(value)))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// The plain value of `key` among `entries` (`package: zoo.v1`).
fn plain_entry(entries: &[(String, Node)], key: &str) -> Option<String> {
    entries.iter().find_map(|(name, node)| match node {
        Node::Plain(text) if name == key => Some(text.clone()),
        _ => None,
    })
}

/// A type's name without its package (`google.rpc.Status` is `Status`):
/// the segments up to the first that starts in uppercase. Well-known types
/// keep their full name.
fn without_package(name: &str) -> &str {
    if name.starts_with("google.protobuf.") {
        return name;
    }
    let mut rest = name;
    while let Some((segment, after)) = rest.split_once('.') {
        if !segment.starts_with(|c: char| c.is_ascii_lowercase()) {
            break;
        }
        rest = after;
    }
    rest
}

fn blocks(node: &Node) -> &[(String, Node)] {
    match node {
        Node::Block(entries) => entries,
        _ => &[],
    }
}

/// The merge in progress.
struct Merger {
    /// Whether elements the protos no longer have are removed from the spec.
    prune: bool,
    /// Whether a service config was read: then the API's and the methods'
    /// retry settings are merged too.
    settings: bool,
    /// The packages whose files are removed whole, with their declarations.
    dropped: BTreeSet<String>,
    /// The files removed whole, with their package.
    deleted: Vec<(String, String)>,
    files: Vec<File>,
    added: Vec<String>,
    removed: Vec<String>,
    changed: Vec<String>,
    problems: Diagnostics,
}

/// Merges the `imported` files into the `existing` ones (relative path and
/// text); with `prune`, what the protos no longer have is removed, and so
/// are the files of the `dropped` packages. With `settings` (a service
/// config was read), the retry settings are merged too.
pub(crate) fn merge(
    existing: Vec<(String, String)>,
    imported: &[SpecFileOut],
    prune: bool,
    dropped: &BTreeSet<String>,
    settings: bool,
) -> Result<Merged, Diagnostics> {
    let mut merger = Merger::open(existing, prune)?;
    merger.dropped = dropped.clone();
    merger.settings = settings;
    let (new_files, imported_names) = merger.take_imported(imported);
    merger.packages(imported, &imported_names);
    merger.report_removed(&imported_names);
    if !merger.problems.0.is_empty() {
        return Err(merger.problems);
    }
    let mut files: BTreeMap<String, String> = merger
        .files
        .iter()
        .filter(|file| !merger.deleted.iter().any(|(path, _)| *path == file.path))
        .filter(|file| file.changes())
        .map(|file| (file.path.clone(), file.spliced()))
        .collect();
    files.extend(
        new_files
            .into_values()
            .map(|file| (file.path.clone(), file.text())),
    );
    merger.added.sort();
    merger.removed.sort();
    merger.changed.sort();
    merger.changed.dedup();
    Ok(Merged {
        files,
        added: merger.added,
        removed: merger.removed,
        changed: merger.changed,
        deleted: merger.deleted,
    })
}

impl Merger {
    /// Parses the spec's files; one that does not parse is a problem, and
    /// nothing is merged then.
    fn open(existing: Vec<(String, String)>, prune: bool) -> Result<Self, Diagnostics> {
        let mut merger = Merger {
            prune,
            settings: false,
            dropped: BTreeSet::new(),
            deleted: Vec::new(),
            files: Vec::new(),
            added: Vec::new(),
            removed: Vec::new(),
            changed: Vec::new(),
            problems: Diagnostics::default(),
        };
        for (path, text) in existing {
            let document = yaml::parse(&text);
            let file = File {
                path,
                text,
                root: document.root,
                inserts: BTreeMap::new(),
                opened: BTreeSet::new(),
                deleted: BTreeSet::new(),
                emptied: BTreeSet::new(),
                grown: BTreeSet::new(),
                edited: BTreeMap::new(),
            };
            if let Some(error) = document.error {
                let at = Yaml {
                    value: Value::Mapping(Vec::new()),
                    pos: error.pos,
                };
                merger.problems.push(file.problem(
                    &at,
                    "",
                    format!(
                        "cannot update a file that does not parse: {}",
                        error.message
                    ),
                ));
            }
            merger.files.push(file);
        }
        match merger.problems.0.is_empty() {
            true => Ok(merger),
            false => Err(merger.problems),
        }
    }

    /// Records what the imported files declare against the spec's files:
    /// known declarations compared, new ones placed, and new files for the
    /// rest; gives the new files and every imported (section, name).
    fn take_imported(
        &mut self,
        imported: &[SpecFileOut],
    ) -> (BTreeMap<String, SpecFileOut>, BTreeSet<(String, String)>) {
        let mut new_files = BTreeMap::new();
        let mut imported_names = BTreeSet::new();
        for file in imported.iter().filter(|file| file.path != "api.yaml") {
            let mut fresh = Vec::new();
            for (section, node) in &file.top {
                let mut new_entries = Vec::new();
                for (name, entry) in blocks(node) {
                    imported_names.insert((section.clone(), name.clone()));
                    match self.find(section, name) {
                        Some((index, key, value)) => {
                            self.record(index, &key, &value, entry, &format!("{section}.{name}"))
                        }
                        None => new_entries.push((name.clone(), entry.clone())),
                    }
                }
                if !new_entries.is_empty() {
                    fresh.push((section.clone(), new_entries, blocks(node).to_vec()));
                }
            }
            for (section, new_entries, order) in fresh {
                match self.files.iter().position(|known| known.path == file.path) {
                    Some(index) => self.add_declarations(index, &section, &new_entries, &order),
                    None => {
                        for (name, _) in &new_entries {
                            self.added.push(format!("{section}.{name}"));
                        }
                        let out: &mut SpecFileOut = new_files
                            .entry(file.path.clone())
                            .or_insert_with(|| SpecFileOut {
                                path: file.path.clone(),
                                top: file
                                    .top
                                    .iter()
                                    .filter(|(key, _)| key == "package")
                                    .cloned()
                                    .collect(),
                            });
                        out.top.push((section, Node::Block(new_entries)));
                    }
                }
            }
        }
        (new_files, imported_names)
    }

    /// Reports the declarations of the spec's files that the import no
    /// longer has, and removes them when pruning.
    fn report_removed(&mut self, imported_names: &BTreeSet<(String, String)>) {
        for index in 0..self.files.len() {
            let package = entries(&self.files[index].root)
                .iter()
                .find(|(key, _)| key_text(key) == "package")
                .map(|(_, value)| key_text(value).to_owned());
            let dropped = package.filter(|package| self.dropped.contains(package));
            let sections: Vec<(Yaml, Yaml)> = entries(&self.files[index].root)
                .iter()
                .filter(|(section, _)| SECTIONS.contains(&key_text(section)))
                .cloned()
                .collect();
            for (section, node) in sections {
                let declarations = entries(&node);
                let gone: Vec<bool> = declarations
                    .iter()
                    .map(|(name, _)| {
                        !imported_names
                            .contains(&(key_text(&section).to_owned(), key_text(name).to_owned()))
                    })
                    .collect();
                for ((name, _), _) in declarations.iter().zip(&gone).filter(|(_, gone)| **gone) {
                    self.removed.push(format!(
                        "{}.{} ({})",
                        key_text(&section),
                        key_text(name),
                        self.files[index].path
                    ));
                }
                if dropped.is_none() {
                    self.prune_entries(index, &section, &node, &gone, key_text(&section));
                }
            }
            if let Some(package) = dropped {
                self.deleted.push((self.files[index].path.clone(), package));
            }
        }
    }
}

impl Merger {
    /// With pruning, removes the entries of the mapping `value` (under
    /// `key`) that are `gone`; a mapping written on one line cannot lose one.
    fn prune_entries(
        &mut self,
        index: usize,
        key: &Yaml,
        value: &Yaml,
        gone: &[bool],
        element: &str,
    ) {
        if !self.prune || !gone.contains(&true) {
            return;
        }
        let siblings = entries(value);
        if siblings
            .first()
            .is_some_and(|(first, _)| first.pos.line == key.pos.line)
        {
            let problem = self.files[index]
                .problem(
                    key,
                    element,
                    "cannot prune an entry of a mapping written on one line",
                )
                .with_help("write the mapping as a block, one entry per line");
            self.problems.push(problem);
            return;
        }
        self.files[index].prune(key, siblings, gone);
    }

    /// Carries out the numbering `plan` of the enum values `existing`: pins
    /// the numbers that would move, reports the numbers the protos changed.
    fn keep_numbers(
        &mut self,
        index: usize,
        existing: &[(Yaml, Yaml)],
        plan: &numbers::Plan,
        element: &str,
    ) {
        for &(at, number) in &plan.pins {
            let (key, value) = &existing[at];
            if !self.files[index].pin(key, value, number) {
                let name = key_text(key);
                let problem = self.files[index]
                    .problem(
                        key,
                        &format!("{element}.{name}"),
                        format!("a value was added or removed before `{name}`, so its number {number} must be written next to it, but its value spreads over several lines"),
                    )
                    .with_help(format!("write `{name}: {{ number: {number}, description: \"...\" }}` and import again"));
                self.problems.push(problem);
            }
        }
        for (name, spec, proto) in &plan.renumbered {
            self.changed.push(format!(
                "{element}.{name}.number: {spec} in the spec, {proto} in the protos"
            ));
        }
    }

    /// Gives `api:` the API's package and each existing types file the
    /// package of its proto file when it has none yet (and all its
    /// declarations come from that file: a file mixing packages is reported,
    /// not changed); a package written otherwise is reported as changed.
    fn packages(&mut self, imported: &[SpecFileOut], imported_names: &BTreeSet<(String, String)>) {
        for file in imported {
            let Some(index) = self.files.iter().position(|known| known.path == file.path) else {
                continue;
            };
            if file.path == "api.yaml" {
                let api = file.top.iter().find(|(key, _)| key == "api");
                let api = api.map(|(_, api)| blocks(api)).unwrap_or_default();
                self.api_package(index, plain_entry(api, "package"));
                if self.settings {
                    let retry = api.iter().find(|(key, _)| key == "retry");
                    self.api_retry(index, retry.map(|(_, node)| node));
                }
                continue;
            }
            let Some(package) = plain_entry(&file.top, "package") else {
                continue;
            };
            let element = format!("package ({})", file.path);
            let root = self.files[index].root.clone();
            if self.package_written(&root, &element, &package) {
                continue;
            }
            // The declarations of this imported file; another one's in the spec file mixes packages.
            let ours: BTreeSet<(String, String)> = file
                .top
                .iter()
                .flat_map(|(section, node)| {
                    blocks(node)
                        .iter()
                        .map(|(name, _)| (section.clone(), name.clone()))
                })
                .collect();
            let mixed = entries(&root)
                .iter()
                .filter(|(section, _)| SECTIONS.contains(&key_text(section)))
                .flat_map(|(section, node)| {
                    entries(node)
                        .iter()
                        .map(|(name, _)| (key_text(section).to_owned(), key_text(name).to_owned()))
                })
                .any(|name| imported_names.contains(&name) && !ours.contains(&name));
            if mixed {
                self.changed.push(format!(
                    "{element}: none in the spec, {package} in the protos (not added: the file also declares types of other proto files)"
                ));
                continue;
            }
            if let Some((first, _)) = entries(&root).first() {
                self.files[index].insert(first.pos.line - 1, &format!("package: {package}\n\n"));
                self.added.push(element);
            }
        }
    }

    /// Gives the `api:` mapping of file `index` the API's `package` (after
    /// its description) when it has none.
    fn api_package(&mut self, index: usize, package: Option<String>) {
        let Some(package) = package else { return };
        let root = self.files[index].root.clone();
        let Some((_, api)) = entries(&root)
            .iter()
            .find(|(key, _)| key_text(key) == "api")
        else {
            return;
        };
        if self.package_written(api, "api.package", &package) {
            return;
        }
        let anchor = entries(api)
            .iter()
            .find(|(key, _)| key_text(key) == "description")
            .or_else(|| entries(api).last());
        if let Some((anchor, _)) = anchor {
            let file = &mut self.files[index];
            let at = file.after(anchor);
            let indent = " ".repeat(anchor.pos.column - 1);
            file.insert(at, &format!("{indent}package: {package}\n"));
            self.added.push("api.package".to_owned());
        }
    }

    /// Whether `mapping` has a `package:` (reported as changed when it is not `package`).
    fn package_written(&mut self, mapping: &Yaml, element: &str, package: &str) -> bool {
        let written = entries(mapping)
            .iter()
            .find(|(key, _)| key_text(key) == "package")
            .map(|(_, value)| key_text(value));
        if let Some(written) = written.filter(|written| *written != package) {
            self.changed.push(format!(
                "{element}: {written} in the spec, {package} in the protos"
            ));
        }
        written.is_some()
    }

    /// The file, key and value of a top-level declaration, wherever it is.
    fn find(&self, section: &str, name: &str) -> Option<(usize, Yaml, Yaml)> {
        self.files.iter().enumerate().find_map(|(index, file)| {
            let declarations = entries(&file.root)
                .iter()
                .find(|(key, _)| key_text(key) == section)?;
            let (key, value) = entries(&declarations.1)
                .iter()
                .find(|(key, _)| key_text(key) == name)?;
            Some((index, key.clone(), value.clone()))
        })
    }

    /// New top-level declarations of an existing file, into its section
    /// (which is added at the end when the file has none yet).
    fn add_declarations(
        &mut self,
        index: usize,
        section: &str,
        new_entries: &[(String, Node)],
        order: &[(String, Node)],
    ) {
        let found = entries(&self.files[index].root)
            .iter()
            .find(|(key, _)| key_text(key) == section)
            .cloned();
        match found {
            Some((key, value)) => self.collection(index, &key, &value, order, section, true),
            None => {
                let file = &mut self.files[index];
                let end = file.lines().len();
                let mut text = String::from("\n");
                text.push_str(
                    &SpecFileOut {
                        path: String::new(),
                        top: vec![(section.to_owned(), Node::Block(new_entries.to_vec()))],
                    }
                    .text(),
                );
                file.insert(end, &text);
                for (name, _) in new_entries {
                    self.added.push(format!("{section}.{name}"));
                }
            }
        }
    }

    /// A declaration that exists: only its collections may gain entries;
    /// facts that differ are reported.
    fn record(&mut self, index: usize, key: &Yaml, value: &Yaml, imported: &Node, element: &str) {
        self.compare_facts(value, imported, element);
        for (name, node) in blocks(imported) {
            if !COLLECTIONS.contains(&name.as_str()) {
                continue;
            }
            let element = format!("{element}.{name}");
            match entries(value)
                .iter()
                .find(|(child, _)| key_text(child) == name)
                .cloned()
            {
                Some((child_key, child)) => {
                    self.collection(index, &child_key, &child, blocks(node), &element, false)
                }
                None if !blocks(node).is_empty() => {
                    let file = &mut self.files[index];
                    let at = file.after(key);
                    let text = entry_text(key.pos.column + 1, name, node);
                    file.insert(at, &text);
                    for (entry, _) in blocks(node) {
                        self.added.push(format!("{element}.{entry}"));
                    }
                }
                None => {}
            }
        }
    }

    /// Reports each of [`FACTS`] that the spec's `value` and the `imported`
    /// declaration state differently: a missing `repeated` or `optional` is
    /// false, a missing `number` follows from the order and is not compared.
    fn compare_facts(&mut self, value: &Yaml, imported: &Node, element: &str) {
        for fact in FACTS {
            let written = entries(value)
                .iter()
                .find(|(key, _)| key_text(key) == fact)
                .map(|(_, value)| yaml_fact(value));
            let proto = blocks(imported)
                .iter()
                .find(|(key, _)| key == fact)
                .map(|(_, node)| node_fact(node));
            let (written, proto) = match fact {
                // A number may be left out where it follows from the order.
                "number" if written.is_none() || proto.is_none() => continue,
                // A type of another package may be named without it.
                "type" => (
                    written.map(|name| without_package(&name).to_owned()),
                    proto.map(|name| without_package(&name).to_owned()),
                ),
                "repeated" | "optional" => (
                    Some(written.unwrap_or_else(|| "false".to_owned())),
                    Some(proto.unwrap_or_else(|| "false".to_owned())),
                ),
                _ => (written, proto),
            };
            if written != proto {
                let show = |fact: Option<String>| fact.unwrap_or_else(|| "(none)".to_owned());
                self.changed.push(format!(
                    "{element}.{fact}: {} in the spec, {} in the protos",
                    show(written),
                    show(proto)
                ));
            }
        }
    }

    /// A mapping of named entries: existing ones are merged, new ones go
    /// after the entry that precedes them in `imported`, missing ones are reported.
    fn collection(
        &mut self,
        index: usize,
        key: &Yaml,
        value: &Yaml,
        imported: &[(String, Node)],
        element: &str,
        section: bool,
    ) {
        let existing: Vec<(Yaml, Yaml)> = entries(value).to_vec();
        let gone: Vec<bool> = existing
            .iter()
            .map(|(known, _)| !imported.iter().any(|(name, _)| name == key_text(known)))
            .collect();
        let kept: Vec<bool> = gone.iter().map(|gone| !(*gone && self.prune)).collect();
        let numbering = (key_text(key) == "values" && !section)
            .then(|| numbers::plan(&existing, imported, &kept));
        let mut previous: Option<Yaml> = None;
        for (name, node) in imported {
            let node = numbering
                .as_ref()
                .and_then(|plan| plan.new_values.get(name))
                .unwrap_or(node);
            let child = format!("{element}.{name}");
            match existing.iter().find(|(known, _)| key_text(known) == name) {
                Some((child_key, child_value)) => {
                    self.record(index, child_key, child_value, node, &child);
                    if self.settings && key_text(key) == "methods" {
                        self.method_settings(index, child_key, child_value, node, &child);
                    }
                    previous = Some(child_key.clone());
                }
                None => {
                    let place = Place {
                        key,
                        first: existing.first().map(|(first, _)| first),
                        previous: previous.as_ref(),
                        section,
                    };
                    self.add_entry(index, &place, name, node, element);
                }
            }
        }
        // Declarations may live in any file: they are pruned once all are merged.
        if !section {
            if let Some(plan) = numbering {
                self.keep_numbers(index, &existing, &plan, element);
            }
            for ((known, _), _) in existing.iter().zip(&gone).filter(|(_, gone)| **gone) {
                self.removed.push(format!("{element}.{}", key_text(known)));
            }
            self.prune_entries(index, key, value, &gone, element);
        }
    }

    /// Adds the new entry `name: node` to the mapping at `place` in file
    /// `index`; a mapping written on one line cannot take one.
    fn add_entry(&mut self, index: usize, place: &Place, name: &str, node: &Node, element: &str) {
        let key = place.key;
        let flow = place
            .first
            .is_some_and(|first| first.pos.line == key.pos.line);
        if flow {
            let problem = self.files[index]
                .problem(
                    key,
                    element,
                    format!("cannot add `{name}` to a mapping written on one line"),
                )
                .with_help("write the mapping as a block, one entry per line");
            self.problems.push(problem);
            return;
        }
        self.files[index].insert_entry(place, name, node);
        self.added.push(format!("{element}.{name}"));
    }
}
