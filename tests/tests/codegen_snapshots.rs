//! Snapshots of what the generator writes for a small spec that uses every
//! feature of the format, one snapshot per generated file, so a reviewer sees
//! exactly which part of the output a generator change touches.

use std::path::Path;

use apigen::Options;

#[test]
fn zoo_spec_generates_the_expected_files() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/zoo");
    let options = Options {
        runtime_dependency: "{ path = \"../runtime\" }".to_owned(),
        spec_label: "zoo/".to_owned(),
    };
    let files = apigen::generate(&spec, &options).unwrap_or_else(|error| panic!("{error}"));
    let paths: Vec<&str> = files.iter().map(|file| file.path.as_str()).collect();
    insta::assert_debug_snapshot!("zoo_file_list", paths);
    for file in &files {
        let name = format!("zoo_{}", file.path.replace(['/', '.'], "_"));
        insta::assert_snapshot!(name, file.contents);
    }
}

#[test]
fn generation_is_deterministic() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/zoo");
    let options = Options {
        runtime_dependency: "{ path = \"../runtime\" }".to_owned(),
        spec_label: "zoo/".to_owned(),
    };
    let first = apigen::generate(&spec, &options).unwrap_or_else(|error| panic!("{error}"));
    let second = apigen::generate(&spec, &options).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(first, second);
}
