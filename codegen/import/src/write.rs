//! Writing a spec folder all at once: the files go to a temporary folder
//! next to the target, which is renamed into place only when all are written.

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
/// empty) and returns their paths in order.
pub(crate) fn write_folder(dir: &Path, files: &[SpecFileOut]) -> Result<Vec<String>, Diagnostics> {
    if let Ok(mut entries) = std::fs::read_dir(dir) {
        if entries.next().is_some() {
            return Err(failure(
                dir,
                "the folder is not empty: import writes a new spec folder".to_owned(),
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
