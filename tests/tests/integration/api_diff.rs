//! `cargo xtask diff`: the API change report between a git revision of the
//! spec and the working tree, each change classified as compatible or breaking.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::files::copy_tree;

/// A temporary git repository holding the zoo spec, committed once.
struct Repo {
    _dir: tempfile::TempDir,
    spec: PathBuf,
}

impl Repo {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let spec = dir.path().join("spec");
        copy_tree(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/zoo"),
            &spec,
        );
        let repo = Self { _dir: dir, spec };
        repo.git(&["init", "-q", "-b", "main"]);
        repo.git(&["add", "."]);
        repo.git(&[
            "-c",
            "user.name=test",
            "-c",
            "user.email=test@example.com",
            "commit",
            "-q",
            "-m",
            "zoo",
        ]);
        repo
    }

    fn git(&self, args: &[&str]) {
        let status = Command::new("git")
            .arg("-C")
            .arg(self.spec.parent().unwrap())
            .args(args)
            .status()
            .unwrap();
        assert!(status.success(), "git {args:?}");
    }

    /// Replaces `old` with `new` in a spec file.
    fn edit(&self, file: &str, old: &str, new: &str) {
        let path = self.spec.join(file);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(old), "{file} has no {old:?}");
        fs::write(&path, text.replacen(old, new, 1)).unwrap();
    }

    /// The report against the default base (the merge base with `main`).
    fn diff(&self) -> (String, bool) {
        xtask::diff(&self.spec, None).unwrap()
    }
}

#[test]
fn an_unchanged_spec_reports_no_changes() {
    let repo = Repo::new();
    let (report, breaking) = repo.diff();
    assert!(report.contains("No changes to the API."), "{report}");
    assert!(!breaking);
}

#[test]
fn compatible_additions_are_not_breaking() {
    let repo = Repo::new();
    repo.edit("types/animals.yaml", "      nextFeed:\n", "      portions:\n        type: int32\n        description: \"Per meal.\"\n      nextFeed:\n");
    repo.edit(
        "types/animals.yaml",
        "      ZEBRA: \"A zebra.\"",
        "      ZEBRA: \"A zebra.\"\n      TIGER: \"A tiger.\"",
    );
    repo.edit(
        "resources/operations.yaml",
        "resources:\n",
        "resources:\n  keepers:\n    description: \"People.\"\n\n",
    );
    let (report, breaking) = repo.diff();
    assert!(!breaking, "{report}");
    assert!(report.contains("**0 breaking**, 3 compatible."), "{report}");
    assert!(
        report.contains("| resource | `keepers` | added |"),
        "{report}"
    );
    assert!(
        report.contains("| field | `Menu.portions` | added (field `int32`) |"),
        "{report}"
    );
    assert!(
        report.contains("| enum value | `Species.TIGER` | added |"),
        "{report}"
    );
}

#[test]
fn removals_type_changes_new_required_fields_and_moved_paths_are_breaking() {
    let repo = Repo::new();
    // A removed method, a changed path, a removed enum value, a changed field type,
    // a field that became required, a new required field, and a compatible addition.
    repo.edit(
        "resources/enclosures.yaml",
        "      delete:\n        description: \"Removes an animal.\"\n        http: { delete: \"/v1/{name=enclosures/*/animals/*}\" }\n        request: GetAnimalRequest\n        response: google.protobuf.Empty\n",
        "",
    );
    repo.edit(
        "resources/enclosures.yaml",
        "http: { get: \"/v1/{name=enclosures/*/animals/*}\" }",
        "http: { get: \"/v2/{name=enclosures/*/animals/*}\" }",
    );
    repo.edit("types/animals.yaml", "      ZEBRA: \"A zebra.\"\n", "");
    repo.edit(
        "types/animals.yaml",
        "      tags:\n        type: string",
        "      tags:\n        type: int32",
    );
    repo.edit(
        "types/requests.yaml",
        "      portions:\n        type: int32\n",
        "      portions:\n        type: int32\n        behavior: [required]\n",
    );
    repo.edit(
        "types/requests.yaml",
        "  FeedEvent:",
        "  Treat:\n    description: \"Something nice.\"\n\n  FeedEvent:",
    );
    repo.edit("types/requests.yaml", "      portions:\n", "      keeper:\n        type: string\n        behavior: [required]\n        description: \"Who feeds.\"\n      portions:\n");
    let (report, breaking) = xtask::diff(&repo.spec, Some("main")).unwrap();
    assert!(breaking);
    assert_eq!(repo.diff().1, breaking);
    insta::assert_snapshot!("breaking_changes_report", report);
}

#[test]
fn a_changed_operation_result_or_metadata_type_is_breaking() {
    let repo = Repo::new();
    repo.edit(
        "resources/enclosures.yaml",
        "long_running: { response: Animal, metadata: Menu,",
        "long_running: { response: google.protobuf.Empty, metadata: Animal,",
    );
    let (report, breaking) = repo.diff();
    assert!(breaking);
    for change in [
        "| method | `enclosures.animals.relocate` | operation result type `Animal` → `google.protobuf.Empty` |",
        "| method | `enclosures.animals.relocate` | operation metadata type `Menu` → `Animal` |",
    ] {
        assert!(report.contains(change), "{report}");
    }
}

#[test]
fn a_request_field_moving_out_of_the_query_string_is_breaking() {
    let repo = Repo::new();
    // With the whole request as the body, `updateMask` leaves the query string.
    repo.edit(
        "resources/enclosures.yaml",
        "body: animal }",
        "body: \"*\" }",
    );
    let (report, breaking) = xtask::diff(&repo.spec, Some("main")).unwrap();
    assert!(breaking);
    insta::assert_snapshot!("query_field_moved_report", report);
}

#[test]
fn a_new_rust_name_for_a_type_is_breaking() {
    let repo = Repo::new();
    repo.edit(
        "types/animals.yaml",
        "  Animal:\n",
        "  Animal:\n    rust_name: Creature\n",
    );
    let (report, breaking) = repo.diff();
    assert!(breaking, "{report}");
    for change in [
        "| type | `Animal` | Rust path `types::Animal` → `types::Creature` |",
        "| type | `Animal.Menu` | Rust path `types::animal::Menu` → `types::creature::Menu` |",
    ] {
        assert!(report.contains(change), "{report}");
    }
}

#[test]
fn a_methods_own_retry_policy_or_timeout_is_a_compatible_change() {
    let repo = Repo::new();
    repo.edit(
        "resources/enclosures.yaml",
        "        wait: { name: waitUntilNamed,",
        "        retry: { max_attempts: 5 }\n        timeout: 30s\n        wait: { name: waitUntilNamed,",
    );
    let (report, breaking) = repo.diff();
    assert!(!breaking, "{report}");
    assert!(report.contains("**0 breaking**, 2 compatible."), "{report}");
    for change in [
        "| method | `enclosures.animals.get` | retry policy `the client's` → `statuses [429, 503], max_attempts 5, initial_backoff 250ms, max_backoff 2s, multiplier 2, deadline 30s, max_server_delay 1500ms` |",
        "| method | `enclosures.animals.get` | timeout `the client's` → `30s` |",
    ] {
        assert!(report.contains(change), "{report}");
    }
}
