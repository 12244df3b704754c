//! `spec/spec.schema.json` describes the spec format for editors: every spec
//! file of the repository validates against it, and format typos do not.

use std::fs;
use std::path::{Path, PathBuf};

use apigen::yaml::{self, Node, Value as Yaml};
use serde_json::{Map, Number, Value};

/// YAML as JSON, the way a YAML-aware editor sees it: unquoted `true`,
/// `false` and numbers are typed, everything else is text.
fn to_json(node: &Node) -> Value {
    match &node.value {
        Yaml::Scalar { text, quoted: true } => Value::String(text.clone()),
        Yaml::Scalar {
            text,
            quoted: false,
        } => match text.as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            "null" | "~" => Value::Null,
            _ => text
                .parse::<i64>()
                .map(Value::from)
                .ok()
                .or_else(|| {
                    text.parse::<f64>()
                        .ok()
                        .and_then(Number::from_f64)
                        .map(Value::Number)
                })
                .unwrap_or_else(|| Value::String(text.clone())),
        },
        Yaml::Sequence(items) => Value::Array(items.iter().map(to_json).collect()),
        Yaml::Mapping(entries) => {
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

fn problems(validator: &jsonschema::Validator, path: &Path) -> Vec<String> {
    let document = to_json(&yaml::parse(&fs::read_to_string(path).unwrap()).unwrap());
    validator
        .iter_errors(&document)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect()
}

#[test]
fn every_spec_file_validates_against_the_schema() {
    let validator = validator();
    let mut files = Vec::new();
    yaml_files(&xtask::repo_root().join("spec"), &mut files);
    yaml_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/zoo"),
        &mut files,
    );
    assert!(files.len() > 25);
    for file in files {
        let problems = problems(&validator, &file);
        assert!(problems.is_empty(), "{}: {problems:#?}", file.display());
    }
}

#[test]
fn format_mistakes_fail_validation() {
    let validator = validator();
    let broken = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/broken");
    for case in [
        "unknown_key",
        "misspelt_top_level_key",
        "two_verbs",
        "unknown_behavior",
        "unknown_streaming_kind",
        "two_kinds_of_call",
        "bad_base_url",
    ] {
        let problems = problems(&validator, &broken.join(format!("{case}.yaml")));
        assert!(!problems.is_empty(), "{case} should not validate");
    }
}
