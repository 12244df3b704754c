//! Finds and reads the spec files in a folder.

use std::path::Path;
use std::sync::Arc;

use super::read::read_file;
use super::Spec;
use crate::diagnostic::{Diagnostic, Diagnostics, Loc, SourceFile};
use crate::yaml::Pos;

/// Reads every `*.yaml` file below `dir` (in path order, so the result does
/// not depend on the file system's order). `display_prefix` is put before each
/// file's relative path in messages, e.g. `spec/`.
pub fn load_dir(dir: &Path, display_prefix: &str) -> Result<Spec, Diagnostics> {
    let mut paths = Vec::new();
    let mut diagnostics = Diagnostics::default();
    collect_yaml_files(dir, dir, &mut paths)
        .map_err(|error| io_error(display_prefix, &dir.display().to_string(), error))?;
    if paths.is_empty() {
        let file = Arc::new(SourceFile {
            name: display_prefix.to_owned(),
            text: String::new(),
        });
        let loc = Loc {
            file,
            pos: Pos { line: 1, column: 1 },
        };
        diagnostics.push(Diagnostic::new(
            &loc,
            "",
            format!("no spec files (*.yaml) in {}", dir.display()),
        ));
        return diagnostics.into_result(Spec {
            api: None,
            files: Vec::new(),
        });
    }
    let mut sources = Vec::with_capacity(paths.len());
    for relative in paths {
        let text = std::fs::read_to_string(dir.join(&relative))
            .map_err(|error| io_error(display_prefix, &relative, error))?;
        sources.push((relative, text));
    }
    load_sources(sources, display_prefix)
}

/// Reads spec files given as (relative path, text) pairs. They are sorted by
/// path first, so the result never depends on the order they come in.
pub fn load_sources(
    mut sources: Vec<(String, String)>,
    display_prefix: &str,
) -> Result<Spec, Diagnostics> {
    sources.sort_by(|a, b| a.0.cmp(&b.0));
    let mut diagnostics = Diagnostics::default();
    let mut spec = Spec {
        api: None,
        files: Vec::new(),
    };
    for (relative, text) in sources {
        let source = Arc::new(SourceFile {
            name: format!("{display_prefix}{relative}"),
            text,
        });
        let (api, file) = read_file(relative, &source, &mut diagnostics);
        if let Some(api) = api {
            match &spec.api {
                Some(first) => {
                    diagnostics.push(api.at.error("a second `api:` section").with_help(format!(
                        "the first one is in {}:{}; keep only one",
                        first.at.loc.file.name, first.at.loc.pos.line
                    )))
                }
                None => spec.api = Some(api),
            }
        }
        spec.files.push(file);
    }
    diagnostics.into_result(spec)
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

fn io_error(display_prefix: &str, what: &str, error: std::io::Error) -> Diagnostics {
    let file = Arc::new(SourceFile {
        name: format!("{display_prefix}{what}"),
        text: String::new(),
    });
    let loc = Loc {
        file,
        pos: Pos { line: 1, column: 1 },
    };
    Diagnostics(vec![Diagnostic::new(
        &loc,
        "",
        format!("cannot read: {error}"),
    )])
}
