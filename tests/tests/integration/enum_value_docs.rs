//! Enum values may leave out their description: the generated variant then
//! says what it is sent as, and no variant gets an empty doc line.

use std::fs;
use std::path::Path;

use apigen::Options;

/// The generated Rust of `fixtures/accepted/{name}`, all files joined.
fn generated(name: &str) -> String {
    let case = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/accepted")
        .join(name);
    let scratch = tempfile::tempdir().unwrap();
    fs::copy(&case, scratch.path().join(name)).unwrap();
    let files = apigen::generate(scratch.path(), &Options::new("accepted/")).unwrap();
    files
        .iter()
        .filter(|file| file.path.ends_with(".rs"))
        .map(|file| file.contents.as_str())
        .collect()
}

/// The doc lines right above `variant,` in `code`.
fn docs_of(code: &str, variant: &str) -> Vec<String> {
    let lines: Vec<&str> = code.lines().map(str::trim).collect();
    let at = lines
        .iter()
        .position(|line| *line == format!("{variant},"))
        .unwrap_or_else(|| panic!("no variant {variant}"));
    let mut docs: Vec<String> = lines[..at]
        .iter()
        .rev()
        .skip_while(|line| line.starts_with("#["))
        .take_while(|line| line.starts_with("///"))
        .map(|line| (*line).to_owned())
        .collect();
    docs.reverse();
    docs
}

#[test]
fn a_value_without_a_description_is_documented_by_its_wire_name() {
    let code = generated("enum_values_without_description.yaml");
    assert_eq!(docs_of(&code, "Unspecified"), ["/// Not set."]);
    assert_eq!(docs_of(&code, "Red"), ["/// The value `RED` on the wire."]);
    assert_eq!(
        docs_of(&code, "Green"),
        ["/// The value `GREEN` on the wire."]
    );
}
