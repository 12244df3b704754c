//! The structural comparison finds what a generated crate would change,
//! and ignores what it would not (descriptions, layout, order).

use std::path::{Path, PathBuf};

use apigen_import::compare::compare_dirs;

fn zoo_spec() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/zoo-spec")
}

/// A copy of the zoo spec with `edit` applied to the text of `file`.
fn edited(file: &str, edit: impl Fn(&str) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["", "types", "resources"] {
        std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        for entry in std::fs::read_dir(zoo_spec().join(sub)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                let relative = path.strip_prefix(zoo_spec()).unwrap();
                let mut text = std::fs::read_to_string(&path).unwrap();
                if relative == Path::new(file) {
                    text = edit(&text);
                }
                std::fs::write(dir.path().join(relative), text).unwrap();
            }
        }
    }
    dir
}

fn differences(file: &str, edit: impl Fn(&str) -> String) -> Vec<String> {
    let copy = edited(file, edit);
    compare_dirs(&zoo_spec(), copy.path())
        .unwrap_or_else(|problems| panic!("{problems}"))
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn descriptions_do_not_count() {
    let found = differences("types/animals.yaml", |text| {
        text.replace("\"A lion.\"", "\"A big cat.\"")
    });
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn a_field_type_a_number_and_an_enum_value_count() {
    let found = differences("types/animals.yaml", |text| {
        text.replace(
            "aFloat: { type: float, number: 2",
            "aFloat: { type: double, number: 2",
        )
        .replace("number: 536870911", "number: 27")
        .replace("OKAPI: { number: 7", "OKAPI: { number: 9")
    });
    assert_eq!(
        found,
        [
            "Kinds.aFloat: left: float (proto a_float); right: double (proto a_float)",
            "Kinds.blobs (number): left: 536870911; right: 27",
            "Species.OKAPI: left: number 7; right: number 9",
        ]
    );
}

#[test]
fn a_number_recorded_on_one_side_only_does_not_count() {
    let found = differences("types/zoo_service.yaml", |text| {
        text.replace(
            "number: 1, description: \"Bites so far.\"",
            "description: \"Bites so far.\"",
        )
    });
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn a_binding_a_kind_and_a_missing_method_count() {
    let found = differences("resources/enclosures.yaml", |text| {
        let text = text.replace(
            "\"/v1/{name=enclosures/*/animals/*}:feed\"",
            "\"/v1/{name=enclosures/*/animals/*}:eat\"",
        );
        let text = text.replace("        streaming: server\n", "");
        text.replace("      update:\n", "      replace:\n")
    });
    assert_eq!(
        found,
        [
            "enclosures.animals.feed: left: post /v1/{name=enclosures/*/animals/*}:feed body *, request FeedRequest, server-streaming → FeedEvent; right: post /v1/{name=enclosures/*/animals/*}:eat body *, request FeedRequest, plain → FeedEvent",
            "enclosures.menus.replace: only on the right (put /v1/{name=enclosures/*/menus/*} body menu, request ReplaceMenuRequest, plain → Menu, idempotent)",
            "enclosures.menus.update: only on the left (put /v1/{name=enclosures/*/menus/*} body menu, request ReplaceMenuRequest, plain → Menu, idempotent)",
        ]
    );
}

#[test]
fn a_spec_with_errors_is_reported_not_compared() {
    let copy = edited("types/animals.yaml", |text| {
        text.replace("type: Species,", "type: Specie,")
    });
    let problems = compare_dirs(&zoo_spec(), copy.path())
        .unwrap_err()
        .to_string();
    assert!(problems.contains("Specie"), "{problems}");
}
