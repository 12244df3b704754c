//! Importing over an existing spec: the hand-written zoo spec after the
//! protos gained a field, an enum value, a method and a service and lost a
//! field. Exactly those are added, as lines after their proto predecessor;
//! every hand-written line stays; the removal is reported, and with
//! pruning, carried out.

use std::path::{Path, PathBuf};

use apigen_import::compare::compare_dirs;
use apigen_import::{import, Descriptions, ImportOptions};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

fn edit(path: &Path, old: &str, new: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(old), "{} has no {old:?}", path.display());
    std::fs::write(path, text.replacen(old, new, 1)).unwrap();
}

fn options(protos: &Path, out: &Path, files: &[&str]) -> ImportOptions {
    ImportOptions {
        proto_paths: vec![protos.to_owned()],
        files: files.iter().map(|file| (*file).to_owned()).collect(),
        services: Vec::new(),
        out_dir: out.to_owned(),
        descriptions: Descriptions::Proto,
        prune: false,
        service_config: None,
    }
}

const FILES: [&str; 4] = [
    "zoo/v1/animals.proto",
    "zoo/v1/zoo_service.proto",
    "zoo/v1/aquarium.proto",
    "google/longrunning/operations.proto",
];

/// The zoo protos with a new field, value, method and service, and
/// without `Menu.next_feed`.
fn grown_protos(dir: &Path) -> PathBuf {
    let protos = dir.join("protos");
    copy_tree(&fixtures().join("zoo-protos"), &protos);
    let animals = protos.join("zoo/v1/animals.proto");
    edit(
        &animals,
        "  optional Menu treats = 12;\n",
        "  optional Menu treats = 12;\n  // Years since birth.\n  int32 age = 13;\n",
    );
    edit(
        &animals,
        "  ZEBRA = 2;\n",
        "  ZEBRA = 2;\n  // A giraffe.\n  GIRAFFE = 3;\n",
    );
    edit(&animals, "  google.protobuf.Duration next_feed = 2;\n", "");
    let service = protos.join("zoo/v1/zoo_service.proto");
    edit(
        &service,
        "  // Only over gRPC",
        "  // Weighs an animal.\n  rpc WeighAnimal(GetAnimalRequest) returns (Animal) {\n    option (google.api.http) = {\n      post: \"/v1/{name=enclosures/*/animals/*}:weigh\"\n      body: \"*\"\n    };\n  }\n\n  // Only over gRPC",
    );
    std::fs::write(
        protos.join("zoo/v1/aquarium.proto"),
        "syntax = \"proto3\";\npackage zoo.v1;\nimport \"google/api/annotations.proto\";\n\n// Looks after the fish.\nservice Aquarium {\n  // Fetches one tank.\n  rpc GetTank(GetTankRequest) returns (Tank) {\n    option (google.api.http) = { get: \"/v1/{name=tanks/*}\" };\n  }\n}\n\n// Asks for a tank.\nmessage GetTankRequest {\n  string name = 1;\n}\n\n// A fish tank.\nmessage Tank {\n  string name = 1;\n  int32 litres = 2;\n}\n",
    )
    .unwrap();
    protos
}

#[test]
fn an_update_adds_exactly_what_the_protos_gained_and_keeps_every_written_line() {
    let dir = tempfile::tempdir().unwrap();
    let protos = grown_protos(dir.path());
    let spec = dir.path().join("spec");
    copy_tree(&fixtures().join("zoo-spec"), &spec);
    let before =
        |file: &str| std::fs::read_to_string(fixtures().join("zoo-spec").join(file)).unwrap();

    let report =
        import(&options(&protos, &spec, &FILES)).unwrap_or_else(|problems| panic!("{problems}"));
    assert_eq!(
        report.added,
        [
            "enums.Species.values.GIRAFFE",
            "messages.Animal.fields.age",
            "messages.GetTankRequest",
            "messages.Tank",
            "resources.enclosures.animals.methods.weigh",
            "resources.tanks",
        ]
    );
    assert_eq!(report.removed, ["messages.Menu.fields.nextFeed"]);
    assert_eq!(
        report.files,
        [
            "resources/enclosures.yaml",
            "resources/tanks.yaml",
            "types/animals.yaml",
            "types/aquarium.yaml",
        ]
    );

    // Every line written by hand is still there, in order; only lines were added.
    for file in ["resources/enclosures.yaml", "types/animals.yaml"] {
        let after = std::fs::read_to_string(spec.join(file)).unwrap();
        let mut added = after.lines().collect::<Vec<_>>();
        for line in before(file).lines() {
            let at = added.iter().position(|candidate| *candidate == line);
            added.remove(at.unwrap_or_else(|| panic!("{file} lost {line:?}")));
        }
        assert!(!added.is_empty(), "{file} gained nothing");
    }
    let animals = std::fs::read_to_string(spec.join("types/animals.yaml")).unwrap();
    assert!(
        animals.contains(
            "      treats: { type: Menu, optional: true, number: 12, description: \"Treats.\" }
      age:
        type: int32
        number: 13
        description: \"Years since birth.\"
      care:"
        ),
        "{animals}"
    );
    assert!(
        animals.contains("      ZEBRA: \"A zebra.\"\n      GIRAFFE: \"A giraffe.\"\n      OKAPI:"),
        "{animals}"
    );
    let resources = std::fs::read_to_string(spec.join("resources/enclosures.yaml")).unwrap();
    assert!(resources.contains("        long_running: { response: Animal, metadata: Menu, poll: operations.get }\n      weigh:\n        description: \"Weighs an animal.\"\n"), "{resources}");

    // Structurally the update is the fresh import, but for the field left in place.
    let fresh = dir.path().join("fresh");
    import(&options(&protos, &fresh, &FILES)).unwrap();
    let differences: Vec<String> = compare_dirs(&fresh, &spec)
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        differences,
        ["Menu.nextFeed: only on the right (optional google.protobuf.Duration (proto next_feed))"]
    );

    // And `diff` calls the update compatible.
    let load =
        |dir: &Path| apigen::resolve::resolve(&apigen::spec::load_dir(dir, "spec/")).unwrap();
    let changes = apigen::changes::compare(&load(&fixtures().join("zoo-spec")), &load(&spec));
    assert!(
        changes.iter().all(|change| !change.breaking),
        "{changes:#?}"
    );
    let mut names: Vec<&str> = changes.iter().map(|change| change.name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "Animal.age",
            "GetTankRequest",
            "Species.GIRAFFE",
            "Tank",
            "enclosures.animals.weigh",
            "tanks",
            "tanks.get",
        ]
    );
}

#[test]
fn an_update_with_nothing_new_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("spec");
    copy_tree(&fixtures().join("zoo-spec"), &spec);
    let files = [
        "zoo/v1/animals.proto",
        "zoo/v1/zoo_service.proto",
        "google/longrunning/operations.proto",
    ];
    let report = import(&options(&fixtures().join("zoo-protos"), &spec, &files)).unwrap();
    assert!(
        report.files.is_empty()
            && report.added.is_empty()
            && report.removed.is_empty()
            && report.changed.is_empty(),
        "{report:#?}"
    );
}

/// A field's type and number and a method's binding that the protos now
/// state otherwise are reported as changed, and the spec keeps what it says.
#[test]
fn changed_facts_are_reported_and_left_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let protos = dir.path().join("protos");
    copy_tree(&fixtures().join("zoo-protos"), &protos);
    edit(
        &protos.join("zoo/v1/animals.proto"),
        "  optional int64 weight_grams = 3;\n",
        "  optional int32 weight_grams = 13;\n",
    );
    edit(
        &protos.join("zoo/v1/zoo_service.proto"),
        "      get: \"/v1/{name=enclosures/*/animals/*}\"\n",
        "      get: \"/v2/{name=enclosures/*/animals/*}\"\n",
    );
    let spec = dir.path().join("spec");
    copy_tree(&fixtures().join("zoo-spec"), &spec);
    let before = std::fs::read_to_string(spec.join("types/animals.yaml")).unwrap();
    let files = [
        "zoo/v1/animals.proto",
        "zoo/v1/zoo_service.proto",
        "google/longrunning/operations.proto",
    ];
    let report = import(&options(&protos, &spec, &files)).unwrap();
    assert_eq!(
        report.changed,
        [
            "messages.Animal.fields.weightGrams.number: 3 in the spec, 13 in the protos",
            "messages.Animal.fields.weightGrams.type: int64 in the spec, int32 in the protos",
            "resources.enclosures.animals.methods.get.http: \
             get: /v1/{name=enclosures/*/animals/*} in the spec, \
             get: /v2/{name=enclosures/*/animals/*} in the protos",
        ],
        "{report:#?}"
    );
    assert!(report.files.is_empty(), "{report:#?}");
    assert_eq!(
        std::fs::read_to_string(spec.join("types/animals.yaml")).unwrap(),
        before
    );
}

#[test]
fn a_spec_file_that_does_not_parse_stops_the_update() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("spec");
    copy_tree(&fixtures().join("zoo-spec"), &spec);
    std::fs::write(spec.join("types/broken.yaml"), "messages:\n  A: [\n").unwrap();
    let before = std::fs::read_to_string(spec.join("types/animals.yaml")).unwrap();
    let files = ["zoo/v1/animals.proto", "zoo/v1/aquarium.proto"];
    let protos = grown_protos(dir.path());
    let problems = import(&options(&protos, &spec, &files))
        .unwrap_err()
        .to_string();
    assert!(problems.contains("types/broken.yaml"), "{problems}");
    assert!(
        problems.contains("cannot update a file that does not parse"),
        "{problems}"
    );
    assert_eq!(
        std::fs::read_to_string(spec.join("types/animals.yaml")).unwrap(),
        before
    );
    assert!(!spec.join("types/aquarium.yaml").exists());
}

#[test]
fn adding_to_a_mapping_written_on_one_line_is_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("spec");
    copy_tree(&fixtures().join("zoo-spec"), &spec);
    edit(
        &spec.join("types/zoo_service.yaml"),
        "    fields:\n      bites: { type: int32, number: 1, description: \"Bites so far.\" }\n",
        "    fields: { bites: { type: int32, number: 1, description: \"Bites so far.\" } }\n",
    );
    let protos = dir.path().join("protos");
    copy_tree(&fixtures().join("zoo-protos"), &protos);
    edit(
        &protos.join("zoo/v1/zoo_service.proto"),
        "  int32 bites = 1;\n",
        "  int32 bites = 1;\n  int32 sips = 2;\n",
    );
    let files = [
        "zoo/v1/animals.proto",
        "zoo/v1/zoo_service.proto",
        "google/longrunning/operations.proto",
    ];
    let problems = import(&options(&protos, &spec, &files))
        .unwrap_err()
        .to_string();
    assert!(
        problems.contains("cannot add `sips` to a mapping written on one line"),
        "{problems}"
    );
    assert!(problems.contains("types/zoo_service.yaml:"), "{problems}");
}

/// Cuts the text from `from` up to (not including) `to` out of the file.
fn cut(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    let start = text.find(from).unwrap_or_else(|| panic!("no {from:?}"));
    let end = start
        + text[start..]
            .find(to)
            .unwrap_or_else(|| panic!("no {to:?}"));
    std::fs::write(path, format!("{}{}", &text[..start], &text[end..])).unwrap();
}

/// The zoo protos without a message, a field, an enum value, two methods
/// and (with its only method) the `keepers` resource.
fn shrunk_protos(dir: &Path) -> PathBuf {
    let protos = dir.join("protos");
    copy_tree(&fixtures().join("zoo-protos"), &protos);
    let animals = protos.join("zoo/v1/animals.proto");
    edit(&animals, "  google.protobuf.Duration next_feed = 2;\n", "");
    edit(&animals, "  ZEBRA = 2;\n", "");
    cut(
        &animals,
        "// Every scalar and well-known type",
        "// Kinds of animals.",
    );
    let service = protos.join("zoo/v1/zoo_service.proto");
    cut(&service, "  rpc DeleteAnimal(", "  rpc ReplaceMenu(");
    cut(&service, "  rpc CountKinds(", "  // Only over gRPC");
    protos
}

const ZOO: [&str; 3] = [
    "zoo/v1/animals.proto",
    "zoo/v1/zoo_service.proto",
    "google/longrunning/operations.proto",
];

#[test]
fn pruning_removes_what_the_protos_lost_and_keeps_every_other_line() {
    let dir = tempfile::tempdir().unwrap();
    let protos = shrunk_protos(dir.path());
    let spec = dir.path().join("spec");
    copy_tree(&fixtures().join("zoo-spec"), &spec);
    let pruning = ImportOptions {
        prune: true,
        ..options(&protos, &spec, &ZOO)
    };
    let report = import(&pruning).unwrap_or_else(|problems| panic!("{problems}"));
    let removed = [
        "enums.Species.values.ZEBRA",
        "messages.Kinds (types/animals.yaml)",
        "messages.Menu.fields.nextFeed",
        "resources.enclosures.animals.methods.delete",
        "resources.enclosures.methods.countKinds",
        "resources.keepers (resources/keepers.yaml)",
    ];
    assert_eq!(report.removed, removed, "{report:#?}");
    assert!(report.added.is_empty(), "{report:#?}");
    assert_eq!(
        report.files,
        [
            "resources/enclosures.yaml",
            "resources/keepers.yaml",
            "types/animals.yaml"
        ]
    );

    // Only lines were taken out: what is left is in the order it was written.
    for file in &report.files {
        let before = std::fs::read_to_string(fixtures().join("zoo-spec").join(file)).unwrap();
        let after = std::fs::read_to_string(spec.join(file)).unwrap();
        let mut rest = before.lines();
        for line in after.lines().filter(|line| !line.ends_with(" {}")) {
            assert!(
                rest.any(|candidate| candidate == line),
                "{file} gained or moved {line:?}:\n{after}"
            );
        }
    }
    let animals = std::fs::read_to_string(spec.join("types/animals.yaml")).unwrap();
    assert!(
        animals.contains("      SPECIES_LION: \"A lion.\"\n      OKAPI:"),
        "{animals}"
    );
    assert!(
        !animals.contains("Kinds:") && !animals.contains("nextFeed"),
        "{animals}"
    );
    // A file whose declarations are all gone keeps an empty section.
    assert_eq!(
        std::fs::read_to_string(spec.join("resources/keepers.yaml")).unwrap(),
        "resources: {}\n"
    );

    // The pruned spec is structurally a fresh import of the same protos, and loads.
    let fresh = dir.path().join("fresh");
    import(&options(&protos, &fresh, &ZOO)).unwrap();
    let differences = compare_dirs(&fresh, &spec).unwrap();
    assert!(differences.is_empty(), "{differences:#?}");
    apigen::resolve::resolve(&apigen::spec::load_dir(&spec, "spec/"))
        .unwrap_or_else(|problems| panic!("{problems}"));

    // Without pruning, the same removals are only reported.
    let kept = dir.path().join("kept");
    copy_tree(&fixtures().join("zoo-spec"), &kept);
    let report = import(&options(&protos, &kept, &ZOO)).unwrap();
    assert_eq!(report.removed, removed);
    assert!(report.files.is_empty(), "{report:#?}");
}

#[test]
fn pruning_from_a_mapping_written_on_one_line_is_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("spec");
    copy_tree(&fixtures().join("zoo-spec"), &spec);
    edit(
        &spec.join("types/animals.yaml"),
        "    fields:\n      items: { type: string, repeated: true, number: 1, description: \"Dishes.\" }\n      nextFeed: { type: google.protobuf.Duration, number: 2, description: \"Time to the next feed.\" }\n",
        "    fields: { items: { type: string, repeated: true, number: 1 }, nextFeed: { type: google.protobuf.Duration, number: 2 } }\n",
    );
    let before = std::fs::read_to_string(spec.join("types/animals.yaml")).unwrap();
    let protos = shrunk_protos(dir.path());
    let pruning = ImportOptions {
        prune: true,
        ..options(&protos, &spec, &ZOO)
    };
    let problems = import(&pruning).unwrap_err().to_string();
    assert!(
        problems.contains("cannot prune an entry of a mapping written on one line"),
        "{problems}"
    );
    assert!(problems.contains("types/animals.yaml:"), "{problems}");
    assert_eq!(
        std::fs::read_to_string(spec.join("types/animals.yaml")).unwrap(),
        before
    );
}

/// The zoo spec's `Species` values after an update, as written.
fn species_values(spec: &Path) -> String {
    let animals = std::fs::read_to_string(spec.join("types/animals.yaml")).unwrap();
    let start = animals.find("  Species:").unwrap();
    animals[start..]
        .lines()
        .skip(3)
        .take_while(|line| line.starts_with("      "))
        .map(|line| format!("{}\n", line.trim()))
        .collect()
}

#[test]
fn a_value_added_in_the_middle_of_an_enum_moves_no_other_number() {
    let dir = tempfile::tempdir().unwrap();
    let protos = dir.path().join("protos");
    copy_tree(&fixtures().join("zoo-protos"), &protos);
    // In file order after the lion, in number order after the quagga; one
    // whose number follows the zebra's; and the okapi renumbered.
    edit(
        &protos.join("zoo/v1/animals.proto"),
        "  SPECIES_LION = 1;\n  ZEBRA = 2;\n  OKAPI = 7;\n",
        "  SPECIES_LION = 1;\n  // A tiger.\n  TIGER = 9;\n  ZEBRA = 2;\n  // An ibex.\n  IBEX = 3;\n  OKAPI = 6;\n",
    );
    let spec = dir.path().join("spec");
    copy_tree(&fixtures().join("zoo-spec"), &spec);

    let report =
        import(&options(&protos, &spec, &ZOO)).unwrap_or_else(|problems| panic!("{problems}"));
    assert_eq!(
        report.added,
        ["enums.Species.values.IBEX", "enums.Species.values.TIGER"]
    );
    assert_eq!(
        report.changed,
        ["enums.Species.values.OKAPI.number: 7 in the spec, 6 in the protos"]
    );
    assert_eq!(
        species_values(&spec),
        concat!(
            "SPECIES_UNSPECIFIED: \"Not set.\"\n",
            "SPECIES_LION: \"A lion.\"\n",
            "TIGER: { number: 9, description: \"A tiger.\" }\n",
            "ZEBRA: { number: 2, description: \"A zebra.\" }\n",
            "IBEX: \"An ibex.\"\n",
            "OKAPI: { number: 7, description: \"An okapi.\" }\n",
            "QUAGGA: { number: 8, description: \"A quagga.\", deprecated: true }\n",
        )
    );
    apigen::resolve::resolve(&apigen::spec::load_dir(&spec, "spec/"))
        .unwrap_or_else(|problems| panic!("{problems}"));
}

#[test]
fn pruning_a_value_in_the_middle_of_an_enum_moves_no_other_number() {
    let dir = tempfile::tempdir().unwrap();
    let protos = dir.path().join("protos");
    copy_tree(&fixtures().join("zoo-protos"), &protos);
    edit(
        &protos.join("zoo/v1/animals.proto"),
        "  // A lion.\n  SPECIES_LION = 1;\n",
        "",
    );
    let spec = dir.path().join("spec");
    copy_tree(&fixtures().join("zoo-spec"), &spec);
    // A hand-written block value and a trailing comment stay as they are.
    edit(
        &spec.join("types/animals.yaml"),
        "      ZEBRA: \"A zebra.\"\n",
        "      ZEBRA:   # striped\n        description: \"A zebra.\"\n",
    );

    let pruning = ImportOptions {
        prune: true,
        ..options(&protos, &spec, &ZOO)
    };
    let report = import(&pruning).unwrap_or_else(|problems| panic!("{problems}"));
    assert_eq!(report.removed, ["enums.Species.values.SPECIES_LION"]);
    assert!(report.changed.is_empty(), "{report:#?}");
    assert_eq!(
        species_values(&spec),
        concat!(
            "SPECIES_UNSPECIFIED: \"Not set.\"\n",
            "ZEBRA:   # striped\n",
            "number: 2\n",
            "description: \"A zebra.\"\n",
            "OKAPI: { number: 7, description: \"An okapi.\" }\n",
            "QUAGGA: { number: 8, description: \"A quagga.\", deprecated: true }\n",
        )
    );
    let fresh = dir.path().join("fresh");
    import(&options(&protos, &fresh, &ZOO)).unwrap();
    let differences = compare_dirs(&fresh, &spec).unwrap();
    assert!(differences.is_empty(), "{differences:#?}");
}

#[test]
fn a_number_that_must_be_written_into_a_value_over_several_lines_is_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    let protos = dir.path().join("protos");
    copy_tree(&fixtures().join("zoo-protos"), &protos);
    edit(
        &protos.join("zoo/v1/animals.proto"),
        "  SPECIES_LION = 1;\n",
        "  SPECIES_LION = 1;\n  TIGER = 9;\n",
    );
    let spec = dir.path().join("spec");
    copy_tree(&fixtures().join("zoo-spec"), &spec);
    edit(
        &spec.join("types/animals.yaml"),
        "      ZEBRA: \"A zebra.\"\n",
        "      ZEBRA: \"A\n        zebra.\"\n",
    );
    let problems = import(&options(&protos, &spec, &ZOO))
        .unwrap_err()
        .to_string();
    assert!(problems.contains("types/animals.yaml:"), "{problems}");
    assert!(problems.contains("ZEBRA: { number: 2"), "{problems}");
    assert!(!std::fs::read_to_string(spec.join("types/animals.yaml"))
        .unwrap()
        .contains("TIGER"));
}

#[test]
fn an_update_gives_files_without_a_package_the_package_of_their_proto_file() {
    let dir = tempfile::tempdir().unwrap();
    let protos = fixtures().join("zoo-protos");
    let spec = dir.path().join("spec");
    copy_tree(&fixtures().join("zoo-spec"), &spec);
    edit(&spec.join("api.yaml"), "  package: zoo.v1\n", "");
    edit(
        &spec.join("types/care.yaml"),
        "package: zoo.care.v1\n\n",
        "",
    );

    let report =
        import(&options(&protos, &spec, &ZOO)).unwrap_or_else(|problems| panic!("{problems}"));
    assert_eq!(report.added, ["api.package", "package (types/care.yaml)"]);
    assert!(report.changed.is_empty(), "{report:#?}");
    // Exactly the lines taken out are back, where they were.
    for file in ["api.yaml", "types/care.yaml"] {
        assert_eq!(
            std::fs::read_to_string(spec.join(file)).unwrap(),
            std::fs::read_to_string(fixtures().join("zoo-spec").join(file)).unwrap(),
            "{file}"
        );
    }
}

#[test]
fn a_file_mixing_packages_or_naming_another_one_is_reported_not_changed() {
    let dir = tempfile::tempdir().unwrap();
    let protos = fixtures().join("zoo-protos");
    let spec = dir.path().join("spec");
    copy_tree(&fixtures().join("zoo-spec"), &spec);
    // `Menu` (package zoo.v1) moved by hand into the file of zoo.care.v1.
    let animals = std::fs::read_to_string(spec.join("types/animals.yaml")).unwrap();
    let start = animals.find("  Menu:\n").unwrap();
    let end = start + animals[start..].find("  Kinds:\n").unwrap();
    std::fs::write(
        spec.join("types/animals.yaml"),
        format!("{}{}", &animals[..start], &animals[end..]),
    )
    .unwrap();
    let care = std::fs::read_to_string(spec.join("types/care.yaml")).unwrap();
    let care = care.replace("package: zoo.care.v1\n\n", "") + &animals[start..end];
    std::fs::write(spec.join("types/care.yaml"), &care).unwrap();
    edit(
        &spec.join("api.yaml"),
        "package: zoo.v1\n",
        "package: zoo.v2\n",
    );

    let report =
        import(&options(&protos, &spec, &ZOO)).unwrap_or_else(|problems| panic!("{problems}"));
    assert!(report.added.is_empty(), "{report:#?}");
    assert_eq!(
        report.changed,
        [
            "api.package: zoo.v2 in the spec, zoo.v1 in the protos",
            "package (types/care.yaml): none in the spec, zoo.care.v1 in the protos (not added: the file also declares types of other proto files)",
        ]
    );
    assert_eq!(
        std::fs::read_to_string(spec.join("types/care.yaml")).unwrap(),
        care
    );
}
