//! Finds and reads the spec files in a folder. A file that cannot be read
//! (missing permissions, not UTF-8, a merge conflict, broken YAML) is
//! reported and the others are still read, so one run finds every problem.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use super::read::read_file;
use super::source::{conflict_markers, decode};
use super::{Spec, SpecFile};
use crate::diagnostic::{Diagnostic, Diagnostics, Loc, SourceFile};
use crate::yaml::Pos;

/// Reads every `*.yaml` file below `dir` (in path order, so the result does
/// not depend on the file system's order). `display_prefix` is put before each
/// file's relative path in messages, e.g. `spec/`. Problems are in the
/// returned spec's [`Spec::problems`].
pub fn load_dir(dir: &Path, display_prefix: &str) -> Spec {
    let mut problems = Diagnostics::default();
    let mut paths = Vec::new();
    if let Err(error) = collect_yaml_files(dir, dir, &mut paths) {
        problems.push(file_problem(
            display_prefix,
            "",
            format!("cannot read the folder {}: {error}", dir.display()),
        ));
    } else if paths.is_empty() {
        problems.push(file_problem(
            display_prefix,
            "",
            format!("no spec files (*.yaml) in {}", dir.display()),
        ));
    }
    let mut sources = Vec::with_capacity(paths.len());
    for relative in paths {
        match std::fs::read(dir.join(&relative)) {
            Ok(bytes) => sources.push((relative, bytes)),
            Err(error) => problems.push(file_problem(
                display_prefix,
                &relative,
                format!("cannot read the file: {error}"),
            )),
        }
    }
    let complete = problems.0.is_empty();
    read_all(sources, display_prefix, problems, complete)
}

/// Reads spec files given as (relative path, text) pairs. They are sorted by
/// path first, so the result never depends on the order they come in.
pub fn load_sources(sources: Vec<(String, String)>, display_prefix: &str) -> Spec {
    let sources = sources
        .into_iter()
        .map(|(path, text)| (path, text.into_bytes()))
        .collect();
    read_all(sources, display_prefix, Diagnostics::default(), true)
}

fn read_all(
    mut sources: Vec<(String, Vec<u8>)>,
    display_prefix: &str,
    mut problems: Diagnostics,
    mut complete: bool,
) -> Spec {
    sources.sort_by(|a, b| a.0.cmp(&b.0));
    let mut api: Option<super::ApiInfo> = None;
    let mut files = Vec::with_capacity(sources.len());
    let mut unreadable = BTreeSet::new();
    for (relative, bytes) in sources {
        let (source, not_utf8) = decode(format!("{display_prefix}{relative}"), bytes);
        let conflicts = conflict_markers(&source);
        if not_utf8.is_some() || !conflicts.is_empty() {
            problems.0.extend(not_utf8);
            problems.0.extend(conflicts);
            complete = false;
            files.push(SpecFile {
                path: relative,
                package: None,
                shared: false,
                source,
                resources: Vec::new(),
                messages: Vec::new(),
                enums: Vec::new(),
            });
            continue;
        }
        let read = read_file(relative, &source, &mut problems, &mut unreadable);
        complete &= read.complete;
        if let Some(second) = read.api {
            match &api {
                Some(first) => problems.push(
                    second
                        .at
                        .error("a second `api:` section")
                        .with_note(&first.at.loc, "the first one")
                        .with_help("keep only one"),
                ),
                None => api = Some(second),
            }
        }
        files.push(read.file);
    }
    let mut spec = Spec {
        api,
        files,
        problems,
        complete,
        unreadable,
        shared_left_out: BTreeMap::new(),
    };
    super::shared::add_undeclared(&mut spec);
    spec
}

fn collect_yaml_files(root: &Path, dir: &Path, out: &mut Vec<String>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_yaml_files(root, &path, out)?;
        } else if path
            .extension()
            .is_some_and(|ext| ext == "yaml" || ext == "yml")
        {
            let relative = path.strip_prefix(root).unwrap_or(&path);
            let parts: Vec<_> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            out.push(parts.join("/"));
        }
    }
    Ok(())
}

/// A problem with a whole file (or the folder), shown at its start.
fn file_problem(display_prefix: &str, relative: &str, message: String) -> Diagnostic {
    let loc = Loc {
        file: Arc::new(SourceFile::new(
            format!("{display_prefix}{relative}"),
            String::new(),
        )),
        pos: Pos { line: 1, column: 1 },
    };
    Diagnostic::new(&loc, "", message)
}
