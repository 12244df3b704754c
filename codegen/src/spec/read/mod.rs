//! Turns one file's YAML tree into spec declarations, checking what the JSON
//! Schema checks: unknown and missing keys, values of the wrong kind or form,
//! empty values. Each problem is reported at its place with a fix; what
//! could be read is returned, and what could not is named in `unreadable`.

mod access;
mod api;
mod auth;
mod resources;
mod retry;
mod types;

use std::collections::BTreeSet;
use std::sync::Arc;

use super::ApiInfo;
use super::SpecFile;
use crate::diagnostic::{Diagnostic, Diagnostics, Loc, SourceFile};
use crate::yaml::{self, Typed, Value};
use access::{scalar, Reader};

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
        package: None,
        shared: false,
        source: source.clone(),
        resources: Vec::new(),
        messages: Vec::new(),
        enums: Vec::new(),
    };
    let document = yaml::parse(&source.text);
    let complete = document.error.is_none();
    if let Some(error) = document.error {
        problems.push(syntax_problem(source, error));
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
    let api = if root.typed() == Some(Typed::Null) {
        None
    } else {
        reader.sections(root, cut_section, &mut file)
    };
    FileRead {
        api,
        file,
        complete,
    }
}

/// A YAML syntax error as a diagnostic at its place.
fn syntax_problem(source: &Arc<SourceFile>, error: yaml::SyntaxError) -> Diagnostic {
    let loc = Loc {
        file: source.clone(),
        pos: error.pos,
    };
    let diagnostic = Diagnostic::new(&loc, "", error.message);
    match error.help {
        Some(help) => diagnostic.with_help(help),
        None => diagnostic,
    }
}

impl Reader<'_> {
    /// The file's sections (`api`, `package`, `resources`, `messages`, `enums`): the
    /// declarations go into `file`, and the `api:` section is returned.
    /// `cut_section` is the section a syntax error cut short, if any.
    fn sections(
        &mut self,
        root: &yaml::Node,
        cut_section: Option<&str>,
        file: &mut SpecFile,
    ) -> Option<ApiInfo> {
        let mut top = self.mapping(root, "")?;
        let mut api = None;
        if let Some(node) = top.take("api") {
            self.quiet_missing = cut_section == Some("api");
            api = self.api(node);
            self.quiet_missing = false;
        }
        file.package = self.package(&mut top);
        if let Some(node) = top.take("resources") {
            file.resources = self.named_entries(node, "resources", Some(""), Reader::resource);
        }
        if let Some(node) = top.take("messages") {
            file.messages = self.named_entries(node, "messages", Some(""), Reader::message);
        }
        if let Some(node) = top.take("enums") {
            file.enums = self.named_entries(node, "enums", Some(""), Reader::enumeration);
        }
        self.finish(top, &["api", "package", "resources", "messages", "enums"]);
        api
    }
}
