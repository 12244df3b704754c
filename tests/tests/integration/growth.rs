//! The API grows without breaking its users: a program written against the
//! zoo crate still compiles once the spec adds a field, a oneof member and
//! an enum value (also to nested types), and `cargo xtask diff` calls each
//! addition compatible.
//!
//! The program is compiled by a nested `cargo check --offline` in its own
//! crate (so `#[non_exhaustive]` applies), against a crate of the committed
//! zoo types and one of the types generated from the grown spec, with the
//! runtime's `codec` feature only (no HTTP stack to build), in
//! `target/growth`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::files::copy_tree;

/// Code a user wrote against today's zoo crate: builders, a pattern with
/// `..`, a match on a oneof and on an enum, accessors and plain field reads.
const USER_CODE: &str = r#"
pub fn feed(animal: &types::Animal) -> String {
    match &animal.diet {
        Some(types::animal::Diet::Grams(grams)) => format!("{grams} g"),
        Some(types::animal::Diet::Menu(menu)) => menu.items.join(", "),
        Some(_) => "something new".to_owned(),
        None => "nothing".to_owned(),
    }
}

pub fn kind(animal: &types::Animal) -> &'static str {
    match animal.r#type {
        types::Species::Lion => "lion",
        types::Species::Zebra => "zebra",
        _ => "other",
    }
}

pub fn needs_care(checkup: &types::animal::Checkup) -> bool {
    match checkup.verdict {
        types::animal::checkup::Verdict::Healthy => false,
        types::animal::checkup::Verdict::Treat => true,
        _ => false,
    }
}

pub fn example() -> types::Animal {
    let menu = types::Menu::new().set_items(["hay", "carrots"]);
    let animal = types::Animal::new()
        .set_name("enclosures/e1/animals/a1")
        .set_type(types::Species::Zebra)
        .set_tags(["striped"])
        .set_attributes([("mood", "calm")])
        .set_menu(menu)
        .set_checkups([types::animal::Checkup::new()
            .set_verdict(types::animal::checkup::Verdict::Healthy)
            .set_plan(types::Menu::new())]);
    let types::Animal { name, tags, .. } = &animal;
    assert_eq!((name.as_str(), tags.len()), ("enclosures/e1/animals/a1", 1));
    assert!(animal.menu().is_some() && animal.grams().is_none());
    animal
}
"#;

/// The additions, each spliced in after a line of the zoo's `animals.yaml`.
const ADDITIONS: [(&str, &str); 5] = [
    (
        "        description: \"The current name field.\"\n",
        "      nickname:\n        type: string\n        description: \"Added later: what the keepers call it.\"\n",
    ),
    (
        "            description: \"A detailed menu.\"\n",
        "          plan:\n            type: string\n            description: \"Added later: the name of a feeding plan.\"\n",
    ),
    ("      ZEBRA: \"A zebra.\"\n", "      OKAPI: \"Added later: an okapi.\"\n"),
    (
        "      TREAT: \"Needs care.\"\n",
        "      REFER: \"Added later: send to a specialist.\"\n",
    ),
    (
        "        description: \"What the vet found.\"\n",
        "      notes:\n        type: string\n        description: \"Added later: the vet's notes.\"\n",
    ),
];

fn repo() -> PathBuf {
    xtask::repo_root()
}

/// Copies the zoo spec into `to` with the additions.
fn grown_spec(to: &Path) {
    copy_tree(&repo().join("tests/fixtures/zoo"), to);
    let animals = to.join("types/animals.yaml");
    let mut text = fs::read_to_string(&animals).unwrap();
    for (after, addition) in ADDITIONS {
        let at = text.find(after).expect("the zoo spec has the line") + after.len();
        text.insert_str(at, addition);
    }
    fs::write(animals, text).unwrap();
}

#[test]
fn additions_are_compatible_in_the_diff() {
    let scratch = tempfile::tempdir().unwrap();
    grown_spec(scratch.path());
    let before = xtask::load_api(&repo().join("tests/fixtures/zoo")).unwrap();
    let after = xtask::load_api(scratch.path()).unwrap();
    let changes = apigen::changes::compare(&before, &after);
    let added: Vec<(&str, &str, bool)> = changes
        .iter()
        .map(|change| (change.element, change.name.as_str(), change.breaking))
        .collect();
    assert_eq!(
        added,
        [
            ("enum value", "Animal.Checkup.Verdict.REFER", false),
            ("enum value", "Species.OKAPI", false),
            ("field", "Animal.Checkup.notes", false),
            ("field", "Animal.nickname", false),
            ("field", "Animal.plan", false),
        ],
        "{changes:#?}"
    );
}

#[test]
fn a_program_written_before_the_additions_still_compiles() {
    let scratch = tempfile::tempdir().unwrap();
    let spec = scratch.path().join("spec");
    grown_spec(&spec);
    let grown = scratch.path().join("zoo-grown");
    xtask::generate(&spec, &grown).unwrap();

    let workspace = scratch.path().join("workspace");
    let runtime = repo().join("codegen/runtime");
    let types_crate = |name: &str, generated: &Path| {
        let dir = workspace.join(name);
        fs::create_dir_all(dir.join("src")).unwrap();
        let manifest = format!(
            "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n\
             [dependencies]\n\
             apigen-runtime = {{ path = {runtime:?}, default-features = false, features = [\"codec\"] }}\n\
             serde_json = \"1\"\n"
        );
        fs::write(dir.join("Cargo.toml"), manifest).unwrap();
        let types = generated.join("src/types/mod.rs");
        fs::write(
            dir.join("src/lib.rs"),
            format!("#[path = {types:?}]\npub mod types;\n"),
        )
        .unwrap();
    };
    types_crate("today", &repo().join("tests/zoo"));
    types_crate("grown", &grown);
    let user = workspace.join("user");
    fs::create_dir_all(user.join("src")).unwrap();
    fs::write(
        user.join("Cargo.toml"),
        "[package]\nname = \"user\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n\
         [dependencies]\ntoday = { path = \"../today\" }\ngrown = { path = \"../grown\" }\n",
    )
    .unwrap();
    fs::write(user.join("src/user_code.rs"), USER_CODE).unwrap();
    fs::write(
        user.join("src/main.rs"),
        "mod with_today {\n    use today::types;\n    include!(\"user_code.rs\");\n}\n\n\
         mod with_grown {\n    use grown::types;\n    include!(\"user_code.rs\");\n}\n\n\
         fn main() {\n    let (today, grown) = (with_today::example(), with_grown::example());\n    \
         println!(\"{} {}\", with_today::feed(&today), with_grown::kind(&grown));\n}\n",
    )
    .unwrap();
    fs::write(
        workspace.join("Cargo.toml"),
        "[workspace]\nmembers = [\"today\", \"grown\", \"user\"]\nresolver = \"2\"\n",
    )
    .unwrap();
    // The repository's lock file, so the offline build finds the same versions.
    fs::copy(repo().join("Cargo.lock"), workspace.join("Cargo.lock")).unwrap();

    let output = Command::new(env!("CARGO"))
        .args(["check", "--offline", "--quiet"])
        .current_dir(&workspace)
        .env("CARGO_TARGET_DIR", repo().join("target/growth"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "the program no longer compiles:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
