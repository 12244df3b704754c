//! Broken specs give errors that name the file, line, column and spec element,
//! quote the line, and say what to do. Each file in `fixtures/broken/` is one
//! spec, and so is each folder (for mistakes that span files); its full
//! error text is a snapshot.

use std::fs;
use std::path::Path;

use apigen::{GenerateError, Options};

fn errors_for(case: &Path) -> String {
    let scratch = tempfile::tempdir().unwrap();
    let label = if case.is_dir() {
        for entry in fs::read_dir(case).unwrap() {
            let path = entry.unwrap().path();
            fs::copy(&path, scratch.path().join(path.file_name().unwrap())).unwrap();
        }
        format!("broken/{}/", case.file_name().unwrap().to_string_lossy())
    } else {
        fs::copy(case, scratch.path().join(case.file_name().unwrap())).unwrap();
        "broken/".to_owned()
    };
    let options = Options::new(label);
    match apigen::generate(scratch.path(), &options) {
        Ok(_) => panic!("{} should not generate", case.display()),
        Err(GenerateError::Spec(diagnostics)) => diagnostics.to_string(),
        Err(other) => panic!("{} failed outside the spec checks: {other}", case.display()),
    }
}

#[test]
fn every_broken_spec_gets_a_located_error() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/broken");
    let mut cases: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 25,
        "expected the whole corpus, found {}",
        cases.len()
    );
    for case in cases {
        let name = case.file_stem().unwrap().to_string_lossy().into_owned();
        let text = errors_for(&case);
        let place = if case.is_dir() {
            format!("broken/{name}/")
        } else {
            format!("broken/{name}.yaml:")
        };
        assert!(
            text.contains(&place),
            "{name}: the error names no file and line:\n{text}"
        );
        insta::assert_snapshot!(name, text);
    }
}
