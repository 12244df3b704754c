//! Importing the zoo protos (`tests/fixtures/zoo-protos/`, with minimal
//! google.api and google.longrunning files of our own) and what goes wrong
//! with broken ones.

use std::path::{Path, PathBuf};

use apigen_import::compare::compare_dirs;
use apigen_import::{import, Descriptions, ImportOptions, PLACEHOLDER};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn zoo_options(out_dir: &Path) -> ImportOptions {
    ImportOptions {
        proto_paths: vec![fixtures().join("zoo-protos")],
        files: vec![
            "zoo/v1/animals.proto".to_owned(),
            "zoo/v1/zoo_service.proto".to_owned(),
            "google/longrunning/operations.proto".to_owned(),
        ],
        services: Vec::new(),
        out_dir: out_dir.to_owned(),
        descriptions: Descriptions::Proto,
        prune: false,
        service_config: None,
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

#[test]
fn the_zoo_protos_import_to_the_hand_written_zoo_spec() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("spec");
    let report = import(&zoo_options(&out)).unwrap_or_else(|problems| panic!("{problems}"));
    assert_eq!(
        report.files,
        [
            "api.yaml",
            "resources/enclosures.yaml",
            "resources/keepers.yaml",
            "resources/operations.yaml",
            "types/animals.yaml",
            "types/care.yaml",
            "types/zoo_service.yaml",
        ]
    );
    assert_eq!(
        report.skipped,
        ["zoo.v1.Zoo.Chat: no google.api.http binding, so no REST method"]
    );
    assert!(report.library.is_empty(), "{:?}", report.library);
    let written = read(&out.join("resources/operations.yaml"));
    assert!(
        written.contains("response: google.longrunning.Operation"),
        "{written}"
    );
    let differences = compare_dirs(&fixtures().join("zoo-spec"), &out)
        .unwrap_or_else(|problems| panic!("{problems}"));
    assert!(differences.is_empty(), "{differences:#?}");
}

#[test]
fn descriptions_come_from_leading_comments_or_the_placeholder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("spec");
    import(&zoo_options(&out)).unwrap();
    let animals = read(&out.join("types/animals.yaml"));
    assert!(animals.contains("    description: \"An animal living in the zoo.\"\n"));
    assert!(animals.contains("      SPECIES_LION: \"A lion.\"\n"));
    assert!(animals.contains(&format!("      ZEBRA: \"{PLACEHOLDER}\"\n")));

    let empty = dir.path().join("empty");
    let options = ImportOptions {
        descriptions: Descriptions::Empty,
        ..zoo_options(&empty)
    };
    import(&options).unwrap();
    let animals = read(&empty.join("types/animals.yaml"));
    assert!(!animals.contains("An animal living in the zoo."));
    assert!(animals.contains(&format!("    description: \"{PLACEHOLDER}\"\n")));
}

#[test]
fn importing_twice_writes_the_same_text() {
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = (dir.path().join("a"), dir.path().join("b"));
    let report = import(&zoo_options(&first)).unwrap();
    import(&zoo_options(&second)).unwrap();
    for file in &report.files {
        assert_eq!(read(&first.join(file)), read(&second.join(file)), "{file}");
    }
}

#[test]
fn the_written_layout_is_the_hand_written_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("spec");
    import(&zoo_options(&out)).unwrap();
    let resources = read(&out.join("resources/enclosures.yaml"));
    let expected = "      relocate:
        description: \"Not described yet.\"
        http: { post: \"/v1/{name=enclosures/*/animals/*}:relocate\", body: \"*\" }
        request: GetAnimalRequest
        response: google.longrunning.Operation
        long_running: { response: Animal, metadata: Menu, poll: operations.get }

  enclosures.menus:
";
    assert!(resources.contains(expected), "{resources}");
    let api = read(&out.join("api.yaml"));
    assert!(api.starts_with("api:\n  name: zoo\n"), "{api}");
    assert!(
        api.contains("  base_url: https://zoo.example.com\n"),
        "{api}"
    );
}

/// The files of the API's own package are named after their proto file.
#[test]
fn one_service_can_be_picked() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("spec");
    let options = ImportOptions {
        files: vec!["google/longrunning/operations.proto".to_owned()],
        services: vec!["google.longrunning.Operations".to_owned()],
        ..zoo_options(&out)
    };
    let report = import(&options).unwrap_or_else(|problems| panic!("{problems}"));
    assert_eq!(
        report.files,
        [
            "api.yaml",
            "resources/operations.yaml",
            "types/operations.yaml"
        ]
    );
}

/// Writes `files` as protos of their own folder (with the zoo's google
/// files on the path) and imports `files[0]`, expecting it to fail; the
/// problems as text.
fn failed_import(files: &[(&str, &str)]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let protos = dir.path().join("protos");
    for (name, text) in files {
        let path = protos.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let out = dir.path().join("spec");
    let options = ImportOptions {
        proto_paths: vec![protos, fixtures().join("zoo-protos")],
        files: vec![files[0].0.to_owned()],
        ..zoo_options(&out)
    };
    let problems = import(&options).expect_err("the import should fail");
    assert!(!out.exists(), "nothing is written when there is a problem");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no staging folder is left"
    );
    problems.to_string()
}

#[test]
fn a_proto_that_does_not_parse_is_a_located_error() {
    let text = "syntax = \"proto3\";\npackage p.v1;\nmessage A {\n  string a = 1\n}\n";
    let problems = failed_import(&[("p/v1/a.proto", text)]);
    assert!(problems.contains("--> p/v1/a.proto:5:1"), "{problems}");
    assert!(problems.contains("expected ';'"), "{problems}");
}

#[test]
fn an_import_not_found_is_a_located_error() {
    let text = "syntax = \"proto3\";\npackage p.v1;\nimport \"p/v1/missing.proto\";\n";
    let problems = failed_import(&[("p/v1/a.proto", text)]);
    assert!(
        problems.contains("import 'p/v1/missing.proto' not found"),
        "{problems}"
    );
    assert!(problems.contains("--> p/v1/a.proto:3:1"), "{problems}");
}

const SERVICE_HEAD: &str = "syntax = \"proto3\";
package p.v1;
import \"google/api/annotations.proto\";
import \"google/protobuf/wrappers.proto\";
message R { string name = 1; }
";

#[test]
fn a_streaming_request_with_a_binding_says_which_call_and_why() {
    let text = format!(
        "{SERVICE_HEAD}service S {{
  rpc Up(stream R) returns (R) {{
    option (google.api.http) = {{ post: \"/v1/things\" body: \"*\" }};
  }}
}}
"
    );
    let problems = failed_import(&[("p/v1/s.proto", &text)]);
    assert!(
        problems.contains("--> p/v1/s.proto:7:3 (p.v1.S.Up)"),
        "{problems}"
    );
    assert!(problems.contains("client-streaming"), "{problems}");
}

#[test]
fn a_custom_verb_binding_and_a_pathless_binding_are_refused() {
    let text = format!(
        "{SERVICE_HEAD}service S {{
  rpc Odd(R) returns (R) {{
    option (google.api.http) = {{ custom {{ kind: \"HEAD\" path: \"/v1/things\" }} }};
  }}
  rpc Flat(R) returns (R) {{
    option (google.api.http) = {{ post: \"/v1:flat\" body: \"*\" }};
  }}
}}
"
    );
    let problems = failed_import(&[("p/v1/s.proto", &text)]);
    assert!(problems.contains("(p.v1.S.Odd)"), "{problems}");
    assert!(
        problems.contains("a `custom` verb has no spec form"),
        "{problems}"
    );
    assert!(problems.contains("(p.v1.S.Flat)"), "{problems}");
    assert!(problems.contains("names no REST resource"), "{problems}");
}

/// A mangled path that runs two collections together names no resource:
/// refused where the binding is, instead of becoming a resource of its own.
#[test]
fn a_path_whose_collections_do_not_alternate_with_variables_is_refused() {
    let text = format!(
        "{SERVICE_HEAD}service S {{
  rpc ListChunks(R) returns (R) {{
    option (google.api.http) = {{ get: \"/v1/{{parent=corpora/documents/*}}/chunks\" }};
  }}
}}
"
    );
    let problems = failed_import(&[("p/v1/s.proto", &text)]);
    assert!(problems.contains("p/v1/s.proto:"), "{problems}");
    assert!(problems.contains("(p.v1.S.ListChunks)"), "{problems}");
    assert!(
        problems.contains("the binding `/v1/{parent=corpora/documents/*}/chunks` has the collections `corpora` and `documents` in a row"),
        "{problems}"
    );
    assert!(problems.contains("(`corpora/*/documents`)"), "{problems}");
}

#[test]
fn a_type_the_spec_lacks_and_two_bindings_of_one_name_are_errors() {
    let text = format!(
        "{SERVICE_HEAD}message W {{ google.protobuf.Int32Value count = 1; }}
service S {{
  rpc GetW(R) returns (W) {{
    option (google.api.http) = {{ get: \"/v1/{{name=things/*}}\" }};
  }}
  rpc FetchW(R) returns (W) {{
    option (google.api.http) = {{ get: \"/v1/{{name=things/*}}\" }};
  }}
}}
"
    );
    let problems = failed_import(&[("p/v1/s.proto", &text)]);
    assert!(
        problems.contains("the spec has no `google.protobuf.Int32Value`"),
        "{problems}"
    );
    assert!(problems.contains("(p.v1.W.count)"), "{problems}");
    assert!(
        problems.contains("`things.get` is bound twice"),
        "{problems}"
    );
}

#[test]
fn a_long_running_call_without_a_polling_method_is_an_error() {
    let text = "syntax = \"proto3\";
package p.v1;
import \"google/api/annotations.proto\";
import \"google/longrunning/operations.proto\";
message R { string name = 1; }
service S {
  rpc Slow(R) returns (google.longrunning.Operation) {
    option (google.api.http) = { post: \"/v1/things\" body: \"*\" };
    option (google.longrunning.operation_info) = { response_type: \"R\" metadata_type: \"R\" };
  }
}
";
    let problems = failed_import(&[("p/v1/s.proto", text)]);
    assert!(problems.contains("no imported method polls"), "{problems}");
    assert!(problems.contains("(p.v1.S.Slow)"), "{problems}");
}

#[test]
fn an_unknown_service_lists_the_known_ones() {
    let dir = tempfile::tempdir().unwrap();
    let options = ImportOptions {
        services: vec!["Aquarium".to_owned()],
        ..zoo_options(&dir.path().join("spec"))
    };
    let problems = import(&options).unwrap_err().to_string();
    assert!(problems.contains("no service `Aquarium`"), "{problems}");
    assert!(
        problems.contains("services there: Zoo, Operations"),
        "{problems}"
    );
}

#[test]
fn a_folder_with_other_files_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("spec");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "keep me").unwrap();
    let problems = import(&zoo_options(&out)).unwrap_err().to_string();
    assert!(
        problems.contains("the folder holds files but no spec files"),
        "{problems}"
    );
    assert_eq!(read(&out.join("notes.txt")), "keep me");
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1);
}

#[test]
fn a_comment_becomes_one_line_without_hidden_characters() {
    let dir = tempfile::tempdir().unwrap();
    let protos = dir.path().join("protos");
    std::fs::create_dir_all(protos.join("p/v1")).unwrap();
    let text = "syntax = \"proto3\";\npackage p.v1;\n\n// First line,\n//   second\u{202e} line\u{7}.\nmessage Note {\n  string text = 1;\n}\n";
    std::fs::write(protos.join("p/v1/note.proto"), text).unwrap();
    let out = dir.path().join("spec");
    let options = ImportOptions {
        proto_paths: vec![protos],
        files: vec!["p/v1/note.proto".to_owned()],
        ..zoo_options(&out)
    };
    import(&options).unwrap_or_else(|problems| panic!("{problems}"));
    let note = read(&out.join("types/note.yaml"));
    assert!(
        note.contains("    description: \"First line, second line .\"\n"),
        "{note}"
    );
    let spec = apigen::spec::load_dir(&out, "spec/");
    apigen::resolve::resolve(&spec).unwrap_or_else(|problems| panic!("{problems}"));
}

#[test]
fn type_names_keep_their_acronyms_and_others_become_upper_camel_case() {
    let dir = tempfile::tempdir().unwrap();
    let protos = dir.path().join("protos");
    std::fs::create_dir_all(protos.join("p/v1")).unwrap();
    let text = "syntax = \"proto3\";\npackage p.v1;\n\nmessage URLProxy {\n  enum TLSMode {\n    TLS_MODE_UNSPECIFIED = 0;\n  }\n  TLSMode method = 1;\n}\n\nmessage Holder {\n  URLProxy proxy = 1;\n  URLProxy.TLSMode method = 2;\n  Old_style old = 3;\n}\n\nmessage Old_style {}\n";
    std::fs::write(protos.join("p/v1/proxy.proto"), text).unwrap();
    let out = dir.path().join("spec");
    let options = ImportOptions {
        proto_paths: vec![protos],
        files: vec!["p/v1/proxy.proto".to_owned()],
        ..zoo_options(&out)
    };
    import(&options).unwrap_or_else(|problems| panic!("{problems}"));
    let types = read(&out.join("types/proxy.yaml"));
    assert!(types.contains("\n  URLProxy:\n"), "{types}");
    assert!(types.contains("type: URLProxy\n"), "{types}");
    assert!(types.contains("type: URLProxy.TLSMode\n"), "{types}");
    assert!(types.contains("type: OldStyle\n"), "{types}");
    assert!(types.contains("\n  OldStyle:"), "{types}");
    let spec = apigen::spec::load_dir(&out, "spec/");
    apigen::resolve::resolve(&spec).unwrap_or_else(|problems| panic!("{problems}"));
}
