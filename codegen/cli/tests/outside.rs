//! The `apigen` command as a user outside this repository runs it (the steps
//! of the README's "Your own API"): generate the zoo spec's crate in a
//! folder outside any workspace, and inside another workspace, then build
//! each with Cargo. Until `apigen-runtime` is on crates.io, a
//! `[patch.crates-io]` in `.cargo/config.toml` points it at this checkout;
//! builds go to this repository's `target/`, so dependencies are reused.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            fs::copy(&path, &target).unwrap();
        }
    }
}

/// A scratch folder holding the zoo spec as `spec/`, and a Cargo
/// configuration that finds the runtime in this checkout and builds with
/// the repository's profile settings.
fn project() -> tempfile::TempDir {
    let scratch = tempfile::tempdir().unwrap();
    copy_tree(
        &repo().join("tests/fixtures/zoo"),
        &scratch.path().join("spec"),
    );
    let profile = fs::read_to_string(repo().join(".cargo/config.toml")).unwrap();
    let runtime = repo().join("codegen/runtime").canonicalize().unwrap();
    fs::create_dir_all(scratch.path().join(".cargo")).unwrap();
    fs::write(
        scratch.path().join(".cargo/config.toml"),
        format!("{profile}\n[patch.crates-io]\napigen-runtime = {{ path = {runtime:?} }}\n"),
    )
    .unwrap();
    scratch
}

fn apigen(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_apigen"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// `cargo build --offline` in `dir`, with the repository's lock file beside
/// `workspace_root`'s manifest so the versions it is tested with are used.
fn cargo_build(dir: &Path, workspace_root: &Path) {
    fs::copy(repo().join("Cargo.lock"), workspace_root.join("Cargo.lock")).unwrap();
    let output = Command::new(env!("CARGO"))
        .args(["build", "--offline", "--quiet"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", repo().join("target"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "cargo build failed:\n{}",
        text(&output)
    );
}

/// Every generated file, checked for machine paths.
fn assert_no_machine_paths(dir: &Path, places: &[&Path]) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            assert_no_machine_paths(&path, places);
        } else if path.file_name().unwrap() != "Cargo.lock" {
            let contents = fs::read_to_string(&path).unwrap();
            for place in places {
                let place = place.to_string_lossy();
                assert!(
                    !contents.contains(&*place),
                    "{} names {place}",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn outside_any_workspace_the_crate_builds_on_its_own() {
    let project = project();
    let dir = project.path();
    let output = apigen(dir, &["generate"]);
    assert!(output.status.success(), "{}", text(&output));
    let out = dir.join("zoo-v1");
    let manifest = fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(
        manifest.contains("apigen-runtime = { version = \"0.1.0\", default-features"),
        "{manifest}"
    );
    assert!(manifest.contains("\n[workspace]\n"), "{manifest}");
    assert_no_machine_paths(&out, &[dir, &repo().canonicalize().unwrap()]);
    cargo_build(&out, &out);

    // What Cargo wrote beside the crate stays through a check and a regeneration.
    let output = apigen(dir, &["check"]);
    assert!(output.status.success(), "{}", text(&output));
    fs::write(out.join("src/lib.rs"), "// edited by hand\n").unwrap();
    fs::create_dir_all(out.join("target")).unwrap();
    let output = apigen(dir, &["check", "spec", "--out", "zoo-v1"]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(
        text(&output).contains("-// edited by hand"),
        "{}",
        text(&output)
    );
}

#[test]
fn inside_another_workspace_it_stands_alone_or_joins() {
    let project = project();
    let dir = project.path();
    let workspace = |members: &str| {
        fs::write(
            dir.join("Cargo.toml"),
            format!("[workspace]\nresolver = \"2\"\nmembers = [{members}]\n"),
        )
        .unwrap()
    };
    let out = dir.join("clients/zoo");

    // Not listed: a workspace of its own, and a note on how to join instead.
    workspace("");
    let output = apigen(dir, &["generate", "--spec", "spec", "--out", "clients/zoo"]);
    assert!(output.status.success(), "{}", text(&output));
    assert!(
        text(&output).contains("add \"clients/zoo\" to `members`"),
        "{}",
        text(&output)
    );
    assert!(fs::read_to_string(out.join("Cargo.toml"))
        .unwrap()
        .contains("\n[workspace]\n"));
    cargo_build(&out, &out);

    // Run from elsewhere, the note still names the folder as `members` would.
    let output = apigen(
        &dir.join("spec"),
        &["generate", ".", "--out", "../clients/zoo"],
    );
    assert!(
        text(&output).contains("add \"clients/zoo\" to `members`"),
        "{}",
        text(&output)
    );

    // Listed (by a glob): a member, built from the workspace's root.
    workspace("\"clients/*\"");
    fs::remove_file(out.join("Cargo.lock")).unwrap();
    let output = apigen(dir, &["generate", "spec", "--out", "clients/zoo"]);
    assert!(output.status.success(), "{}", text(&output));
    assert!(!text(&output).contains("note:"), "{}", text(&output));
    assert!(!fs::read_to_string(out.join("Cargo.toml"))
        .unwrap()
        .contains("[workspace]"));
    cargo_build(dir, dir);

    // Forced either way by the flag.
    let output = apigen(
        dir,
        &[
            "check",
            "spec",
            "--out",
            "clients/zoo",
            "--workspace",
            "standalone",
        ],
    );
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(text(&output).contains("+[workspace]"), "{}", text(&output));
}

#[test]
fn bad_input_is_refused_and_nothing_is_written() {
    let project = project();
    let dir = project.path();
    let output = apigen(dir, &["generate", "no-such-spec", "--out", "out"]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(text(&output).contains("no-such-spec"), "{}", text(&output));
    assert!(!dir.join("out").exists());

    // A crate folder that holds the spec would delete it.
    for out in [".", "spec", ".."] {
        let output = apigen(dir, &["generate", "spec/", "--out", out]);
        assert_eq!(output.status.code(), Some(1), "{}", text(&output));
        assert!(
            text(&output).contains("holds the spec folder"),
            "{}",
            text(&output)
        );
    }
    assert!(dir.join("spec/api.yaml").is_file());
    let output = apigen(dir, &["generate", "--out", ""]);
    assert!(!output.status.success(), "{}", text(&output));
    assert!(text(&output).contains("--out"), "{}", text(&output));

    fs::write(dir.join("spec/api.yaml"), "name: [unclosed\n").unwrap();
    let output = apigen(dir, &["generate", "--out", "out"]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(
        text(&output).contains("spec/api.yaml:"),
        "{}",
        text(&output)
    );
    assert!(!dir.join("out").exists());

    fs::write(
        dir.join("apigen.toml"),
        "spec = \"spec\"\nflavour = \"sweet\"\n",
    )
    .unwrap();
    let output = apigen(dir, &["openapi"]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(
        text(&output).contains("apigen.toml") && text(&output).contains("flavour"),
        "{}",
        text(&output)
    );
}

#[test]
fn apigen_toml_gives_the_defaults() {
    let project = project();
    let dir = project.path();
    fs::write(
        dir.join("apigen.toml"),
        "spec = \"spec\"\nout = \"crates/zoo\"\n",
    )
    .unwrap();
    let output = apigen(dir, &["generate"]);
    assert!(output.status.success(), "{}", text(&output));
    assert!(dir.join("crates/zoo/src/lib.rs").is_file());
    let output = apigen(dir, &["check"]);
    assert!(output.status.success(), "{}", text(&output));
}

#[test]
fn diff_reports_changes_between_two_spec_folders() {
    let project = project();
    let dir = project.path();
    copy_tree(&dir.join("spec"), &dir.join("old"));
    let animals = dir.join("spec/types/animals.yaml");
    let text_before = fs::read_to_string(&animals).unwrap();
    let zebra = text_before
        .lines()
        .find(|line| line.trim_start().starts_with("ZEBRA"))
        .expect("the zoo has zebras");
    fs::write(&animals, text_before.replace(&format!("{zebra}\n"), "")).unwrap();
    let output = apigen(dir, &["diff", "old", "spec"]);
    assert!(output.status.success(), "{}", text(&output));
    assert!(
        text(&output).contains("`Species.ZEBRA` | removed"),
        "{}",
        text(&output)
    );
    let output = apigen(dir, &["diff", "old", "spec", "--deny-breaking"]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
}
