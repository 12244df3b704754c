//! `apigen import` and `apigen compare` as a user runs them, on the zoo
//! protos of `apigen-import`'s fixtures: an import into an empty folder
//! equals the hand-written zoo spec, a second import changes nothing, and a
//! proto that does not parse is refused, located, with nothing written; a
//! field the protos lost is reported, and removed with `--prune`; a gRPC
//! service config gives the retry settings (`--service-config`).

mod common;

use common::{apigen, copy_tree};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../import/tests/fixtures")
}

const ZOO_FILES: [&str; 3] = [
    "zoo/v1/animals.proto",
    "zoo/v1/zoo_service.proto",
    "google/longrunning/operations.proto",
];

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// `apigen import --proto-path PROTOS [EXTRA…] ZOO_FILES…` run in `dir`.
fn import_zoo(dir: &Path, protos: &Path, extra: &[&str]) -> Output {
    let protos = protos.to_str().unwrap();
    let mut args = vec!["import", "--proto-path", protos];
    args.extend_from_slice(extra);
    args.extend_from_slice(&ZOO_FILES);
    apigen(dir, &args)
}

#[test]
fn importing_the_zoo_protos_gives_the_zoo_spec_and_a_second_import_changes_nothing() {
    let scratch = tempfile::tempdir().unwrap();
    let protos = fixtures().join("zoo-protos");
    let first = import_zoo(scratch.path(), &protos, &[]);
    assert!(first.status.success(), "{}", stderr(&first));
    let report = stdout(&first);
    assert!(report.contains("wrote spec/api.yaml\n"), "{report}");
    assert!(
        report.contains("wrote spec/types/animals.yaml\n"),
        "{report}"
    );
    assert!(
        report.contains("skipped zoo.v1.Zoo.Chat: no google.api.http binding"),
        "{report}"
    );

    let zoo_spec = fixtures().join("zoo-spec");
    let compare = apigen(
        scratch.path(),
        &["compare", zoo_spec.to_str().unwrap(), "spec"],
    );
    assert!(compare.status.success(), "{}", stdout(&compare));
    assert_eq!(stdout(&compare), "0 differences\n");

    let api = fs::read_to_string(scratch.path().join("spec/api.yaml")).unwrap();
    let again = import_zoo(scratch.path(), &protos, &[]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        stdout(&again).starts_with("spec is up to date with the protos\n"),
        "{}",
        stdout(&again)
    );
    assert_eq!(
        fs::read_to_string(scratch.path().join("spec/api.yaml")).unwrap(),
        api
    );
}

#[test]
fn the_spec_folder_comes_from_out_or_apigen_toml() {
    let scratch = tempfile::tempdir().unwrap();
    let protos = fixtures().join("zoo-protos");
    fs::write(scratch.path().join("apigen.toml"), "spec = \"api-spec\"\n").unwrap();
    let from_config = import_zoo(scratch.path(), &protos, &[]);
    assert!(from_config.status.success(), "{}", stderr(&from_config));
    assert!(scratch.path().join("api-spec/api.yaml").is_file());

    let from_flag = import_zoo(scratch.path(), &protos, &["--out", "elsewhere"]);
    assert!(from_flag.status.success(), "{}", stderr(&from_flag));
    assert!(scratch.path().join("elsewhere/api.yaml").is_file());
}

#[test]
fn compare_lists_each_difference_and_fails() {
    let scratch = tempfile::tempdir().unwrap();
    let protos = fixtures().join("zoo-protos");
    let imported = import_zoo(
        scratch.path(),
        &protos,
        &["--service", "google.longrunning.Operations"],
    );
    assert!(imported.status.success(), "{}", stderr(&imported));
    let zoo_spec = fixtures().join("zoo-spec");
    let compare = apigen(
        scratch.path(),
        &["compare", zoo_spec.to_str().unwrap(), "spec"],
    );
    assert!(!compare.status.success());
    let listing = stdout(&compare);
    let count = listing.lines().count() - 1;
    assert!(count > 0, "{listing}");
    assert!(
        listing.ends_with(&format!("\n{count} differences\n")),
        "{listing}"
    );
}

#[test]
fn a_proto_that_does_not_parse_is_refused_located_and_nothing_is_written() {
    let scratch = tempfile::tempdir().unwrap();
    let protos = scratch.path().join("protos");
    fs::create_dir_all(protos.join("broken")).unwrap();
    fs::write(
        protos.join("broken/shop.proto"),
        "syntax = \"proto3\";\npackage broken;\nmessage Shop {\n  string name = 1\n}\n",
    )
    .unwrap();
    let output = apigen(
        scratch.path(),
        &[
            "import",
            "--proto-path",
            protos.to_str().unwrap(),
            "broken/shop.proto",
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(message.contains("broken/shop.proto:5"), "{message}");
    assert!(message.contains("nothing was written"), "{message}");
    assert!(!scratch.path().join("spec").exists());
}

/// Copies the zoo protos into `dir` without the `next_feed` field of `Menu`.
fn zoo_protos_without_next_feed(dir: &Path) -> PathBuf {
    let protos = dir.join("protos");
    copy_tree(&fixtures().join("zoo-protos"), &protos);
    let animals = protos.join("zoo/v1/animals.proto");
    let text = fs::read_to_string(&animals).unwrap();
    let line = "  google.protobuf.Duration next_feed = 2;\n";
    assert!(text.contains(line));
    fs::write(&animals, text.replace(line, "")).unwrap();
    protos
}

#[test]
fn a_removed_field_is_reported_and_prune_takes_it_out_of_the_spec() {
    let scratch = tempfile::tempdir().unwrap();
    let protos = zoo_protos_without_next_feed(scratch.path());
    let spec = scratch.path().join("spec");
    let first = import_zoo(scratch.path(), &fixtures().join("zoo-protos"), &[]);
    assert!(first.status.success(), "{}", stderr(&first));
    let animals = spec.join("types/animals.yaml");
    let before = fs::read_to_string(&animals).unwrap();
    assert!(before.contains("nextFeed:"), "{before}");

    let reported = import_zoo(scratch.path(), &protos, &[]);
    assert!(reported.status.success(), "{}", stderr(&reported));
    assert!(
        stdout(&reported)
            .contains("removed from the protos (left in the spec) messages.Menu.fields.nextFeed"),
        "{}",
        stdout(&reported)
    );
    assert_eq!(fs::read_to_string(&animals).unwrap(), before);

    let pruned = import_zoo(scratch.path(), &protos, &["--prune"]);
    assert!(pruned.status.success(), "{}", stderr(&pruned));
    assert!(
        stdout(&pruned)
            .contains("removed from the protos and the spec messages.Menu.fields.nextFeed"),
        "{}",
        stdout(&pruned)
    );
    // Exactly the field's lines are gone.
    let mut expected = String::new();
    let mut in_field = false;
    for line in before.lines() {
        in_field = line == "      nextFeed:" || (in_field && line.starts_with("        "));
        if !in_field {
            expected.push_str(line);
            expected.push('\n');
        }
    }
    assert_ne!(expected, before);
    assert_eq!(fs::read_to_string(&animals).unwrap(), expected);
}

/// A proto needing a common Google type apigen's library lacks: the
/// import says which package the spec now declares, and why.
#[test]
fn a_type_the_library_lacks_is_reported_with_its_package() {
    let scratch = tempfile::tempdir().unwrap();
    let protos = scratch.path().join("protos");
    fs::create_dir_all(protos.join("zoo/v1")).unwrap();
    fs::write(
        protos.join("zoo/v1/hours.proto"),
        "syntax = \"proto3\";\npackage zoo.v1;\nimport \"google/type/timeofday.proto\";\n\
         // When the zoo opens.\nmessage Hours {\n  // The opening time.\n  google.type.TimeOfDay opens = 1;\n}\n",
    )
    .unwrap();
    let zoo_protos = fixtures().join("zoo-protos");
    let output = apigen(
        scratch.path(),
        &[
            "import",
            "-I",
            protos.to_str().unwrap(),
            "-I",
            zoo_protos.to_str().unwrap(),
            "zoo/v1/hours.proto",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let report = stdout(&output);
    assert!(
        report.contains("wrote spec/types/google_type.yaml\n"),
        "{report}"
    );
    assert!(
        report.contains("common Google types: google.type: declared in the spec, as the generator's library lacks `google.type.TimeOfDay`, which the protos need\n"),
        "{report}"
    );
}

#[test]
fn service_config_settings_are_imported_and_a_broken_config_is_refused() {
    let scratch = tempfile::tempdir().unwrap();
    let protos = fixtures().join("zoo-protos");
    let config = protos.join("zoo_grpc_service_config.json");
    let output = import_zoo(
        scratch.path(),
        &protos,
        &["--service-config", config.to_str().unwrap()],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let printed = stdout(&output);
    assert!(
        printed.contains("waitForReady: the spec has no form for it; left out"),
        "{printed}"
    );
    let api = fs::read_to_string(scratch.path().join("spec/api.yaml")).unwrap();
    assert!(
        api.contains("  retry:\n    statuses: [429, 503]\n"),
        "{api}"
    );

    let broken = scratch.path().join("broken.json");
    fs::write(&broken, "{\n  \"methodConfig\": [\n    { \"name\": [{ \"service\": \"zoo.v1.Aquarium\" }] }\n  ]\n}\n").unwrap();
    let elsewhere = scratch.path().join("elsewhere");
    fs::create_dir(&elsewhere).unwrap();
    let output = import_zoo(
        &elsewhere,
        &protos,
        &["--service-config", broken.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(message.contains("broken.json:3"), "{message}");
    assert!(
        message.contains("no service `zoo.v1.Aquarium`"),
        "{message}"
    );
    assert!(message.contains("nothing was written"), "{message}");
    assert!(!elsewhere.join("spec").exists());
}
