//! Generated output changes as little as the spec does: one new field is a
//! few added lines in one file, and the order spec files are read in changes
//! nothing.

use std::fs;
use std::path::Path;

use apigen::{GeneratedFile, Options};
use similar::{ChangeTag, TextDiff};

fn options() -> Options {
    Options::new("zoo/")
}

/// The zoo spec as (relative path, text) pairs.
fn zoo_sources() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/zoo");
    let mut sources = Vec::new();
    for folder in ["", "types", "resources"] {
        for entry in fs::read_dir(root.join(folder)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|ext| ext == "yaml") {
                let relative = path
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                sources.push((relative, fs::read_to_string(&path).unwrap()));
            }
        }
    }
    sources
}

fn generate(sources: Vec<(String, String)>) -> Vec<GeneratedFile> {
    let spec = apigen::spec::load_sources(sources, "zoo/");
    let api = apigen::resolve::resolve(&spec).unwrap_or_else(|error| panic!("{error}"));
    apigen::emit::emit(&api, &options()).unwrap()
}

#[test]
fn adding_a_field_adds_only_that_field_s_lines() {
    let before = generate(zoo_sources());
    let mut sources = zoo_sources();
    let animals = sources
        .iter_mut()
        .find(|(path, _)| path == "types/animals.yaml")
        .unwrap();
    let anchor = "      nextFeed:\n";
    assert!(animals.1.contains(anchor));
    animals.1 = animals.1.replacen(
        anchor,
        "      portions:\n        type: int32\n        description: \"Portions per meal.\"\n      nextFeed:\n",
        1,
    );
    let after = generate(sources);

    assert_eq!(before.len(), after.len());
    let changed: Vec<(&GeneratedFile, &GeneratedFile)> = before
        .iter()
        .zip(&after)
        .filter(|(old, new)| old.contents != new.contents)
        .collect();
    assert_eq!(changed.len(), 1, "only one file changes");
    let (old, new) = changed[0];
    assert_eq!(new.path, "src/types/animals.rs");
    let diff = TextDiff::from_lines(&old.contents, &new.contents);
    let removed = diff
        .iter_all_changes()
        .filter(|change| change.tag() == ChangeTag::Delete)
        .count();
    let added: Vec<String> = diff
        .iter_all_changes()
        .filter(|change| change.tag() == ChangeTag::Insert)
        .map(|change| change.to_string())
        .collect();
    assert_eq!(removed, 0, "nothing else is rewritten");
    assert_eq!(
        added,
        [
            "    /// Portions per meal.\n",
            "    pub portions: i32,\n",
            "    /// Sets the `portions` field.\n",
            "    pub fn set_portions(mut self, value: impl Into<i32>) -> Self {\n",
            "        self.portions = value.into();\n",
            "        self\n",
            "    }\n",
            "\n",
            "        out.field(\"portions\", &self.portions);\n",
            "            \"portions\" => json::field::<json::Int32>(&mut self.portions, value, mode)?,\n",
            "        out.field::<json::Int32>(\"portions\", &self.portions);\n",
        ]
    );
}

#[test]
fn the_order_spec_files_are_read_in_changes_nothing() {
    let forward = generate(zoo_sources());
    let mut reversed_sources = zoo_sources();
    reversed_sources.reverse();
    assert_eq!(generate(reversed_sources), forward);
    let mut rotated = zoo_sources();
    rotated.rotate_left(2);
    assert_eq!(generate(rotated), forward);
}
