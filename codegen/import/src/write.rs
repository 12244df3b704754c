//! Writing a spec folder all at once: the files go to a temporary folder
//! next to the target, which is renamed into place only when all are written.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use apigen::diagnostic::{Loc, SourceFile};
use apigen::yaml::Pos;
use apigen::{Diagnostic, Diagnostics};

use crate::render::SpecFileOut;

fn failure(dir: &Path, message: String) -> Diagnostics {
    let loc = Loc {
        file: Arc::new(SourceFile::new(dir.display().to_string(), "")),
        pos: Pos { line: 1, column: 1 },
    };
    Diagnostics(vec![Diagnostic::new(&loc, "", message)])
}

/// Writes `files` as the new folder `dir` (which must not exist, or be
/// empty: a folder with spec files is updated instead) and returns their paths in order.
pub(crate) fn write_folder(dir: &Path, files: &[SpecFileOut]) -> Result<Vec<String>, Diagnostics> {
    if let Ok(mut entries) = std::fs::read_dir(dir) {
        if entries.next().is_some() {
            return Err(failure(
                dir,
                "the folder holds files but no spec files: import writes spec folders only"
                    .to_owned(),
            ));
        }
    }
    let name = dir
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let staging = dir.with_file_name(format!(".{name}.import-{}", std::process::id()));
    let result = stage(&staging, files).and_then(|()| {
        if dir.exists() {
            std::fs::remove_dir(dir)?;
        }
        std::fs::rename(&staging, dir)
    });
    if let Err(error) = result {
        // The staging folder is ours alone; nothing of it may stay behind.
        let _ = std::fs::remove_dir_all(&staging);
        return Err(failure(
            dir,
            format!("cannot write the spec folder: {error}"),
        ));
    }
    let mut paths: Vec<String> = files.iter().map(|file| file.path.clone()).collect();
    paths.sort();
    Ok(paths)
}

fn stage(staging: &Path, files: &[SpecFileOut]) -> std::io::Result<()> {
    for file in files {
        let path = staging.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, file.text())?;
    }
    Ok(())
}

/// Writes each of `files` (relative path and text) below `dir`, each through
/// a temporary file renamed over the old one, so none is left half written.
pub(crate) fn write_files(dir: &Path, files: &BTreeMap<String, String>) -> Result<(), Diagnostics> {
    for (relative, text) in files {
        let path = dir.join(relative);
        let staging = path.with_extension(format!("yaml.import-{}", std::process::id()));
        let result = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&staging, text))
            .and_then(|()| std::fs::rename(&staging, &path));
        if let Err(error) = result {
            // The staging file is ours alone; nothing of it may stay behind.
            let _ = std::fs::remove_file(&staging);
            return Err(failure(
                &path,
                format!("cannot write the spec file: {error}"),
            ));
        }
    }
    Ok(())
}

/// Every `*.yaml` file below `dir` as (relative path with `/`, text), in path order.
pub(crate) fn read_folder(dir: &Path) -> Result<Vec<(String, String)>, Diagnostics> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) -> std::io::Result<()> {
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.is_dir() {
                walk(root, &path, out)?;
            } else if path.extension().is_some_and(|ext| ext == "yaml") {
                let relative = path.strip_prefix(root).unwrap_or(&path);
                let relative = relative.to_string_lossy().replace('\\', "/");
                out.push((relative, std::fs::read_to_string(&path)?));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out)
        .map_err(|error| failure(dir, format!("cannot read the spec folder: {error}")))?;
    out.sort();
    Ok(out)
}

/// Removes each of the files `deleted` (relative path, with what it held) below `dir`.
pub(crate) fn remove_files(dir: &Path, deleted: &[(String, String)]) -> Result<(), Diagnostics> {
    for (relative, _) in deleted {
        let path = dir.join(relative);
        std::fs::remove_file(&path)
            .map_err(|error| failure(&path, format!("cannot remove the spec file: {error}")))?;
    }
    Ok(())
}
