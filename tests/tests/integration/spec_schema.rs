//! `spec/spec.schema.json` describes the spec format for editors, and the
//! generator must agree with it: every spec file of the repository and every
//! accepted fixture passes both; every broken fixture whose mistake is in the
//! shape of a file fails both, and every other broken fixture (a mistake that
//! spans files or needs the generator's own knowledge) fails only the
//! generator.

use std::fs;
use std::path::{Path, PathBuf};

use apigen::yaml::{self, Node, Typed, Value as Yaml};
use apigen::{GenerateError, Options};
use serde_json::{Map, Number, Value};

/// The broken fixtures whose mistake the schema sees too.
const SCHEMA_LEVEL: &[&str] = &[
    "api_cut_by_syntax_error",
    "auth_declares_nothing",
    "bad_base_url",
    "bad_duration",
    "bad_enum_rust_name",
    "bad_header_name",
    "bad_license",
    "bad_oauth_scopes",
    "bad_package_name",
    "bad_map_key",
    "bad_retry_settings",
    "bad_rust_name",
    "body_is_empty",
    "bom_and_unknown_key",
    "crate_version_not_semver",
    "duplicate_field",
    "duplicate_method",
    "empty_enum",
    "empty_methods",
    "empty_oauth_scopes",
    "empty_oneof",
    "empty_values_at_end",
    "entry_without_name",
    "field_written_as_its_type",
    "invalid_utf8",
    "list_written_as_text",
    "merge_conflict",
    "method_retry_and_timeout_values",
    "method_retry_over_a_broken_api_policy",
    "misspelt_top_level_key",
    "nested_type_name_not_camel",
    "multiplier_quoted",
    "number_where_text_belongs",
    "old_api_key_keys",
    "oneof_member_repeated",
    "repeated_and_optional",
    "retry_without_bound",
    "rust_type_in_own_spec",
    "several_errors",
    "several_files",
    "syntax_error_hides_declarations",
    "two_kinds_of_call",
    "two_verbs",
    "type_name_not_camel",
    "type_rust_name_not_camel",
    "unclosed_list",
    "unknown_behavior",
    "unknown_key",
    "unknown_streaming_kind",
    "unquoted_colon",
    "wait_without_values",
    "wrong_value_kind",
    "yaml_alias",
    "yaml_missing_colon",
    "yaml_syntax",
    "yaml_tab",
];

/// YAML as JSON, the way a YAML-aware editor sees it: scalars typed by the
/// YAML core schema (unquoted `true`, numbers and `null` are not text).
fn to_json(node: &Node) -> Value {
    match (&node.value, node.typed()) {
        (_, Some(Typed::Null)) => Value::Null,
        (_, Some(Typed::Bool(value))) => Value::Bool(value),
        (_, Some(Typed::Int(value))) => Value::from(value),
        (Yaml::Scalar { text, .. }, Some(Typed::Float(value))) => Number::from_f64(value)
            .map(Value::Number)
            .unwrap_or_else(|| Value::String(text.clone())),
        (Yaml::Scalar { text, .. }, _) => Value::String(text.clone()),
        (Yaml::Sequence(items), _) => Value::Array(items.iter().map(to_json).collect()),
        (Yaml::Mapping(entries), _) => {
            let mut object = Map::new();
            for (key, value) in entries {
                if let Yaml::Scalar { text, .. } = &key.value {
                    object.insert(text.clone(), to_json(value));
                }
            }
            Value::Object(object)
        }
    }
}

/// A key that appears twice in one mapping (YAML requires keys to be unique).
fn repeated_key(node: &Node) -> Option<String> {
    match &node.value {
        Yaml::Scalar { .. } => None,
        Yaml::Sequence(items) => items.iter().find_map(repeated_key),
        Yaml::Mapping(entries) => {
            let mut seen = std::collections::HashSet::new();
            entries.iter().find_map(|(key, value)| match &key.value {
                Yaml::Scalar { text, .. } if !seen.insert(text.as_str()) => Some(text.clone()),
                _ => repeated_key(value),
            })
        }
    }
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "yaml") {
            out.push(path);
        }
    }
}

fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(
        &fs::read_to_string(xtask::repo_root().join("spec/spec.schema.json")).unwrap(),
    )
    .unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

/// What an editor would flag in the file: not UTF-8, not YAML, or not the schema.
fn problems(validator: &jsonschema::Validator, path: &Path) -> Vec<String> {
    let Ok(text) = String::from_utf8(fs::read(path).unwrap()) else {
        return vec!["not UTF-8".to_owned()];
    };
    let document = yaml::parse(&text);
    if let Some(error) = document.error {
        return vec![format!("not YAML: {}", error.message)];
    }
    if let Some(key) = repeated_key(&document.root) {
        return vec![format!(
            "not YAML: the key `{key}` appears twice in a mapping"
        )];
    }
    validator
        .iter_errors(&to_json(&document.root))
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect()
}

fn fixtures(kind: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(kind);
    let mut cases: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    cases.sort();
    cases
}

fn name(case: &Path) -> String {
    case.file_stem().unwrap().to_string_lossy().into_owned()
}

#[test]
fn every_spec_file_validates_against_the_schema() {
    let validator = validator();
    let mut files = Vec::new();
    yaml_files(&xtask::repo_root().join("spec"), &mut files);
    for test_spec in [
        "fixtures/zoo",
        "fixtures/edge",
        "../codegen/import/tests/fixtures/zoo-spec",
    ] {
        yaml_files(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join(test_spec),
            &mut files,
        );
    }
    assert!(files.len() > 25);
    for file in files {
        let problems = problems(&validator, &file);
        assert!(problems.is_empty(), "{}: {problems:#?}", file.display());
    }
}

#[test]
fn accepted_fixtures_pass_the_schema_and_generate() {
    let validator = validator();
    let cases = fixtures("accepted");
    assert!(cases.len() >= 5, "found {}", cases.len());
    for case in cases {
        let problems = problems(&validator, &case);
        assert!(problems.is_empty(), "{}: {problems:#?}", case.display());
        let scratch = tempfile::tempdir().unwrap();
        fs::copy(&case, scratch.path().join(case.file_name().unwrap())).unwrap();
        let options = Options::new("accepted/");
        match apigen::generate(scratch.path(), &options) {
            Ok(files) => {
                for file in files.iter().filter(|file| file.path.ends_with(".rs")) {
                    syn::parse_file(&file.contents)
                        .unwrap_or_else(|error| panic!("{}: {}: {error}", name(&case), file.path));
                }
            }
            Err(GenerateError::Spec(diagnostics)) => {
                panic!("{} should generate:\n{diagnostics}", name(&case))
            }
            Err(other) => panic!("{}: {other}", name(&case)),
        }
    }
}

#[test]
fn the_schema_refuses_exactly_the_broken_fixtures_of_its_kind() {
    let validator = validator();
    let cases = fixtures("broken");
    let unknown: Vec<&&str> = SCHEMA_LEVEL
        .iter()
        .filter(|listed| !cases.iter().any(|case| name(case) == **listed))
        .collect();
    assert!(unknown.is_empty(), "listed but not fixtures: {unknown:?}");
    let mut disagreements = Vec::new();
    for case in cases {
        let name = name(&case);
        let mut files = Vec::new();
        if case.is_dir() {
            yaml_files(&case, &mut files);
        } else {
            files.push(case.clone());
        }
        let problems: Vec<String> = files
            .iter()
            .flat_map(|file| problems(&validator, file))
            .collect();
        match (SCHEMA_LEVEL.contains(&name.as_str()), problems.is_empty()) {
            (true, true) => disagreements.push(format!("{name}: the schema accepts it")),
            (false, false) => disagreements.push(format!(
                "{name}: the schema refuses it (list it in SCHEMA_LEVEL): {problems:?}"
            )),
            _ => {}
        }
    }
    assert!(disagreements.is_empty(), "{disagreements:#?}");
}
