//! The common Google types the generator ships (`google.type`,
//! `google.iam.v1`, …): the importer names them by full name instead of
//! writing them, declares a package itself only when the library lacks a
//! type the protos need (or the library's copy names a package the spec
//! declares), and says so; an update neither adds nor reports library types.

use std::path::{Path, PathBuf};

use apigen_import::compare::compare_dirs;
use apigen_import::{import, Descriptions, ImportOptions, ImportReport};

fn zoo_protos() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/zoo-protos")
}

/// A zoo file of package `zoo.v1` that imports `imports` and declares
/// `Visit` with `fields` (proto field lines).
fn visits_proto(imports: &[&str], fields: &[&str]) -> String {
    let mut text = String::from("syntax = \"proto3\";\npackage zoo.v1;\n");
    for import in imports {
        text.push_str(&format!("import \"{import}\";\n"));
    }
    text.push_str("// A visit to the zoo.\nmessage Visit {\n");
    for field in fields {
        text.push_str(&format!("  // A fact of the visit.\n  {field}\n"));
    }
    text.push_str("}\n");
    text
}

/// Writes `zoo/v1/visits.proto` below `dir` and imports it into `dir/spec`.
fn import_visits(dir: &Path, proto: &str, prune: bool) -> ImportReport {
    let protos = dir.join("protos");
    std::fs::create_dir_all(protos.join("zoo/v1")).unwrap();
    std::fs::write(protos.join("zoo/v1/visits.proto"), proto).unwrap();
    let options = ImportOptions {
        proto_paths: vec![protos, zoo_protos()],
        files: vec!["zoo/v1/visits.proto".to_owned()],
        services: Vec::new(),
        out_dir: dir.join("spec"),
        descriptions: Descriptions::Proto,
        prune,
        service_config: None,
    };
    import(&options).unwrap_or_else(|problems| panic!("{problems}"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// The written spec loads and checks (the generator finds the library's types).
fn assert_checks(spec: &Path) {
    compare_dirs(spec, spec).unwrap_or_else(|problems| panic!("{problems}"));
}

#[test]
fn a_shipped_type_is_named_by_full_name_and_an_update_says_nothing_of_it() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("spec");
    let day = "google.type.Date day = 1;";
    let report = import_visits(
        dir.path(),
        &visits_proto(&["google/type/date.proto"], &[day]),
        false,
    );
    assert_eq!(report.files, ["api.yaml", "types/visits.yaml"]);
    assert!(report.library.is_empty(), "{:?}", report.library);
    assert!(read(&spec.join("types/visits.yaml")).contains("type: google.type.Date"));
    assert_checks(&spec);

    let grown = visits_proto(&["google/type/date.proto"], &[day, "string note = 2;"]);
    let report = import_visits(dir.path(), &grown, false);
    assert_eq!(report.files, ["types/visits.yaml"]);
    assert_eq!(report.added, ["messages.Visit.fields.note"]);
    assert!(report.removed.is_empty() && report.changed.is_empty());
    assert!(report.library.is_empty(), "{:?}", report.library);

    let again = import_visits(dir.path(), &grown, true);
    assert_eq!(again, ImportReport::default());
}

#[test]
fn a_type_the_library_lacks_makes_the_spec_declare_its_package_and_the_report_say_why() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("spec");
    let proto = visits_proto(
        &["google/type/date.proto", "google/type/timeofday.proto"],
        &[
            "google.type.Date day = 1;",
            "google.type.TimeOfDay opens = 2;",
        ],
    );
    let report = import_visits(dir.path(), &proto, false);
    assert_eq!(
        report.files,
        ["api.yaml", "types/google_type.yaml", "types/visits.yaml"]
    );
    assert_eq!(
        report.library,
        ["google.type: declared in the spec, as the generator's library lacks `google.type.TimeOfDay`, which the protos need"]
    );
    let own = read(&spec.join("types/google_type.yaml"));
    assert!(own.starts_with("package: google.type\n"), "{own}");
    assert!(
        own.contains("  Date:\n") && own.contains("  TimeOfDay:\n"),
        "{own}"
    );
    assert_checks(&spec);

    // Imported again, the package is the spec's own: nothing to say.
    assert_eq!(
        import_visits(dir.path(), &proto, false),
        ImportReport::default()
    );
}

#[test]
fn a_library_package_that_names_a_declared_one_is_declared_too() {
    let dir = tempfile::tempdir().unwrap();
    let proto = visits_proto(
        &["google/iam/v1/policy.proto", "google/type/timeofday.proto"],
        &[
            "google.iam.v1.Policy policy = 1;",
            "google.type.TimeOfDay opens = 2;",
        ],
    );
    let report = import_visits(dir.path(), &proto, false);
    assert_eq!(
        report.files,
        [
            "api.yaml",
            "types/google_iam.yaml",
            "types/google_type.yaml",
            "types/visits.yaml"
        ]
    );
    assert_eq!(
        report.library,
        [
            "google.iam.v1: declared in the spec, as the library's copy names types of `google.type`, which the spec declares",
            "google.type: declared in the spec, as the generator's library lacks `google.type.TimeOfDay`, which the protos need",
        ]
    );
    let spec = dir.path().join("spec");
    assert!(read(&spec.join("types/google_type.yaml")).contains("  Expr:\n"));
    assert_checks(&spec);
}

#[test]
fn a_declared_copy_the_library_covers_stays_and_goes_only_when_pruning() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("spec");
    let both = visits_proto(
        &["google/type/date.proto", "google/type/timeofday.proto"],
        &[
            "google.type.Date day = 1;",
            "google.type.TimeOfDay opens = 2;",
        ],
    );
    import_visits(dir.path(), &both, false);
    let day_only = visits_proto(&["google/type/date.proto"], &["google.type.Date day = 1;"]);

    let report = import_visits(dir.path(), &day_only, false);
    assert_eq!(
        report.removed,
        [
            "messages.TimeOfDay (types/google_type.yaml)",
            "messages.Visit.fields.opens"
        ]
    );
    assert!(report.library.is_empty(), "{:?}", report.library);
    assert!(spec.join("types/google_type.yaml").exists());

    let report = import_visits(dir.path(), &day_only, true);
    assert_eq!(
        report.library,
        ["google.type: types/google_type.yaml removed, as the generator's library has every type of it the protos need"]
    );
    assert_eq!(
        report.removed,
        [
            "messages.Date (types/google_type.yaml)",
            "messages.TimeOfDay (types/google_type.yaml)",
            "messages.Visit.fields.opens"
        ]
    );
    assert!(!spec.join("types/google_type.yaml").exists());
    assert!(read(&spec.join("types/visits.yaml")).contains("type: google.type.Date"));
    assert_checks(&spec);
}

#[test]
fn a_declared_copy_and_the_library_compare_equal() {
    let dir = tempfile::tempdir().unwrap();
    let own = dir.path().join("own");
    let proto = visits_proto(
        &["google/type/date.proto", "google/type/timeofday.proto"],
        &[
            "google.type.Date day = 1;",
            "google.type.TimeOfDay opens = 2;",
        ],
    );
    import_visits(&own, &proto, false);
    let library = dir.path().join("library");
    let day_only = visits_proto(&["google/type/date.proto"], &["google.type.Date day = 1;"]);
    import_visits(&library, &day_only, false);
    let differences = compare_dirs(&own.join("spec"), &library.join("spec")).unwrap();
    let elements: Vec<String> = (differences.iter())
        .map(|difference| difference.element.clone())
        .collect();
    // `Date` and the field naming it agree; the unshipped type and its field do not.
    assert_eq!(
        elements,
        [
            "Visit.opens",
            "google.type.TimeOfDay (message)",
            "google.type.TimeOfDay.hours",
            "google.type.TimeOfDay.minutes",
        ],
        "{differences:#?}"
    );
}
