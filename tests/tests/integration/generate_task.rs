//! The `cargo xtask generate` / `check` tasks: the committed crate is current,
//! output is written atomically, and a broken spec leaves the output untouched.

use std::fs;
use std::path::{Path, PathBuf};

use crate::files::copy_tree;

fn repo() -> PathBuf {
    xtask::repo_root()
}

/// Every file below `dir` with its contents, for comparing trees.
fn snapshot_tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        for entry in fs::read_dir(&next).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push((
                    path.strip_prefix(dir).unwrap().to_path_buf(),
                    fs::read(&path).unwrap(),
                ));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn committed_generated_crate_matches_the_spec() {
    if let Some(diff) = xtask::check(&repo().join("spec"), &repo().join("generated")).unwrap() {
        panic!("generated/ is stale; run `cargo xtask generate`:\n{diff}");
    }
}

#[test]
fn generate_writes_then_reports_up_to_date() {
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join("out");
    let spec = repo().join("tests/fixtures/zoo");
    let first = xtask::generate(&spec, &out).unwrap();
    assert!(
        first.starts_with("0 changed, 11 added, 0 removed"),
        "{first}"
    );
    let second = xtask::generate(&spec, &out).unwrap();
    assert!(second.starts_with("up to date (11 files"), "{second}");
    assert_eq!(xtask::check(&spec, &out).unwrap(), None);

    fs::write(out.join("src/stray.rs"), "// not generated\n").unwrap();
    fs::write(out.join("src/lib.rs"), "// edited by hand\n").unwrap();
    let diff = xtask::check(&spec, &out)
        .unwrap()
        .expect("the edits make the output stale");
    assert!(diff.contains("-// edited by hand"), "{diff}");
    assert!(
        diff.contains("src/stray.rs (not generated; would be removed)"),
        "{diff}"
    );
    let third = xtask::generate(&spec, &out).unwrap();
    assert!(
        third.starts_with("1 changed, 0 added, 1 removed"),
        "{third}"
    );
    assert!(!out.join("src/stray.rs").exists());
}

#[test]
fn a_broken_spec_leaves_the_output_untouched() {
    let scratch = tempfile::tempdir().unwrap();
    let spec = scratch.path().join("spec");
    let out = scratch.path().join("out");
    copy_tree(&repo().join("tests/fixtures/zoo"), &spec);
    xtask::generate(&spec, &out).unwrap();
    let before = snapshot_tree(&out);

    let animals = spec.join("types/animals.yaml");
    let text = fs::read_to_string(&animals)
        .unwrap()
        .replace("type: Menu", "type: Menuu");
    fs::write(&animals, text).unwrap();
    let error = xtask::generate(&spec, &out).unwrap_err();
    assert!(error.contains("unknown type `Menuu`"), "{error}");
    assert!(error.contains("did you mean `Menu`?"), "{error}");
    assert!(error.ends_with("nothing was written"), "{error}");
    assert_eq!(snapshot_tree(&out), before);
    let leftovers: Vec<_> = fs::read_dir(scratch.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        2,
        "no staging folders are left behind: {leftovers:?}"
    );
}
