//! The spec's `number:` on fields, which import records: read and checked
//! by apigen, and a changed number is a breaking change in `diff`.

use apigen::changes::compare;
use apigen::model::Api;
use apigen::Diagnostics;

const API: &str = "api:
  name: n
  title: N
  version: v1
  description: \"Numbers.\"
  base_url: https://n.example.com
  crate_name: n-v1
  crate_version: 0.1.0
";

fn resolve(number: &str) -> Result<Api, Diagnostics> {
    let types = format!(
        "messages:
  Thing:
    description: \"A thing.\"
    fields:
      size: {{ type: int32, number: {number}, description: \"Its size.\" }}
"
    );
    let spec = apigen::spec::load_sources(
        vec![
            ("api.yaml".to_owned(), API.to_owned()),
            ("types/things.yaml".to_owned(), types),
        ],
        "spec/",
    );
    apigen::resolve::resolve(&spec)
}

#[test]
fn a_field_number_is_read_into_the_model() {
    let api = resolve("536870911").unwrap_or_else(|problems| panic!("{problems}"));
    let field = &api.type_modules[0].messages[0].fields[0];
    assert_eq!(field.number, Some(536_870_911));
}

#[test]
fn a_field_number_out_of_range_or_not_a_number_is_refused() {
    for (written, expected) in [
        (
            "0",
            "`number` must be a field number from 1 to 536870911, not 0",
        ),
        ("536870912", "not 536870912"),
        ("-1", "not -1"),
        ("\"3\"", "`number` must be a number, not text"),
        (
            "[3]",
            "`number` must be a field number from 1 to 536870911, not a list",
        ),
    ] {
        let problems = resolve(written).expect_err(written).to_string();
        assert!(problems.contains(expected), "{written}: {problems}");
        assert!(
            problems.contains("spec/types/things.yaml:5:"),
            "{written}: {problems}"
        );
    }
}

#[test]
fn a_changed_field_number_is_breaking_and_a_new_one_is_not_a_change() {
    let (three, four) = (resolve("3").unwrap(), resolve("4").unwrap());
    let changes = compare(&three, &four);
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(changes[0].name, "Thing.size");
    assert_eq!(changes[0].what, "field number 3 → 4");
    assert!(changes[0].breaking);

    let unnumbered = apigen::spec::load_sources(
        vec![
            ("api.yaml".to_owned(), API.to_owned()),
            (
                "types/things.yaml".to_owned(),
                "messages:\n  Thing:\n    description: \"A thing.\"\n    fields:\n      size: { type: int32, description: \"Its size.\" }\n".to_owned(),
            ),
        ],
        "spec/",
    );
    let unnumbered = apigen::resolve::resolve(&unnumbered).unwrap();
    assert!(compare(&unnumbered, &three).is_empty());
}
