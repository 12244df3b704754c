//! Comparing generated files with a folder, and replacing the folder in one step.
//! What Cargo itself puts in a crate folder ([`KEPT`]) is neither compared nor replaced.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

use apigen::GeneratedFile;
use similar::TextDiff;

/// What Cargo writes beside a crate that is a workspace of its own: kept as
/// it is when the folder is regenerated.
const KEPT: [&str; 2] = ["Cargo.lock", "target"];

/// Every file below `dir` by relative path (`/` separators), but [`KEPT`];
/// empty when `dir` does not exist.
fn read_tree(dir: &Path) -> io::Result<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    if dir.exists() {
        read_into(dir, dir, &mut out)?;
    }
    Ok(out)
}

/// The [`KEPT`] entries that are in `dir`.
fn kept(dir: &Path) -> Vec<&'static str> {
    KEPT.into_iter()
        .filter(|name| dir.join(name).exists())
        .collect()
}

/// Moves the entries `names` from the folder `from` to the folder `to`.
fn move_entries(names: &[&str], from: &Path, to: &Path) -> io::Result<()> {
    for name in names {
        std::fs::rename(from.join(name), to.join(name))?;
    }
    Ok(())
}

fn read_into(root: &Path, dir: &Path, out: &mut BTreeMap<String, String>) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if dir == root
            && KEPT
                .iter()
                .any(|name| path.file_name() == Some(name.as_ref()))
        {
            continue;
        }
        if path.is_dir() {
            read_into(root, &path, out)?;
        } else {
            let relative = path.strip_prefix(root).unwrap_or(&path);
            let key = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            out.insert(key, std::fs::read_to_string(&path).unwrap_or_default());
        }
    }
    Ok(())
}

/// A unified diff of `dir` against the generated files; empty when they match.
pub(crate) fn diff(dir: &Path, files: &[GeneratedFile]) -> io::Result<String> {
    let mut existing = read_tree(dir)?;
    let mut out = String::new();
    for file in files {
        let old = existing.remove(&file.path);
        if old.as_deref() == Some(file.contents.as_str()) {
            continue;
        }
        let old = old.unwrap_or_default();
        let text = TextDiff::from_lines(&old, &file.contents);
        let _ = write!(
            out,
            "{}",
            text.unified_diff()
                .header(&format!("a/{}", file.path), &format!("b/{}", file.path))
        );
    }
    for extra in existing.keys() {
        let _ = writeln!(
            out,
            "only in {}: {extra} (not generated; would be removed)",
            dir.display()
        );
    }
    Ok(out)
}

/// Replaces `dir` with exactly `files`. Nothing is touched when nothing changed;
/// otherwise the new tree is written beside `dir` and swapped in by renames, so
/// a failure part-way leaves the old tree in place.
pub(crate) fn write_atomically(dir: &Path, files: &[GeneratedFile]) -> Result<String, String> {
    let existing =
        read_tree(dir).map_err(|error| format!("cannot read {}: {error}", dir.display()))?;
    let mut changed = 0;
    let mut added = 0;
    for file in files {
        match existing.get(&file.path) {
            Some(old) if *old == file.contents => {}
            Some(_) => changed += 1,
            None => added += 1,
        }
    }
    let removed = existing
        .keys()
        .filter(|path| !files.iter().any(|file| &file.path == *path))
        .count();
    let lines: usize = files.iter().map(|file| file.contents.lines().count()).sum();
    let totals = format!("{} files, {lines} lines", files.len());
    if changed + added + removed == 0 {
        return Ok(format!("up to date ({totals})"));
    }

    let staging = sibling(dir, "new");
    let backup = sibling(dir, "old");
    let result = write_tree(&staging, files).and_then(|()| swap(dir, &staging, &backup));
    if let Err(error) = result {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(format!(
            "could not write {}: {error}; it was left as it was",
            dir.display()
        ));
    }
    Ok(format!(
        "{changed} changed, {added} added, {removed} removed ({totals})"
    ))
}

fn sibling(dir: &Path, what: &str) -> PathBuf {
    let name = dir
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    dir.with_file_name(format!(".{name}.{what}-{}", std::process::id()))
}

fn write_tree(root: &Path, files: &[GeneratedFile]) -> io::Result<()> {
    for file in files {
        let path = root.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, &file.contents)?;
    }
    Ok(())
}

/// Moves `dir` aside, moves `staging` into its place, brings back the
/// [`KEPT`] entries, then deletes the old tree.
fn swap(dir: &Path, staging: &Path, backup: &Path) -> io::Result<()> {
    let had_old = dir.exists();
    if had_old {
        std::fs::rename(dir, backup)?;
    }
    if let Err(error) = std::fs::rename(staging, dir) {
        if had_old {
            std::fs::rename(backup, dir)?;
        }
        return Err(error);
    }
    if had_old {
        move_entries(&kept(backup), backup, dir)?;
        std::fs::remove_dir_all(backup)?;
    }
    Ok(())
}
