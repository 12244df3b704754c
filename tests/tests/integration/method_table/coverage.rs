//! Whether a table and the spec of its crate agree.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::{cases, Case};

/// The HTTP binding of each method of the spec in `dir` (relative to the
/// repository), from its OpenAPI export: method id → (verb, path template
/// with one `{…}` per path segment variable, query parameter names).
fn spec_bindings(dir: &str) -> BTreeMap<String, (String, String, BTreeSet<String>)> {
    let text = xtask::openapi(&xtask::repo_root().join(dir)).expect("the spec exports");
    let document: Value = serde_json::from_str(&text).expect("the export is JSON");
    let mut bindings = BTreeMap::new();
    let paths = document["paths"].as_object().expect("the export has paths");
    for (template, operations) in paths {
        for (verb, operation) in operations.as_object().into_iter().flatten() {
            let Some(id) = operation["operationId"].as_str() else {
                continue;
            };
            let query = operation["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|parameter| parameter["in"] == "query")
                .filter_map(|parameter| parameter["name"].as_str().map(str::to_owned))
                .collect();
            let binding = (verb.to_uppercase(), template.clone(), query);
            bindings.insert(id.to_owned(), binding);
        }
    }
    bindings
}

/// Whether `path` fits `template`, segment by segment; a `{…}` stands for
/// one non-empty segment part.
fn fits(template: &str, path: &str) -> bool {
    let (template, path): (Vec<_>, Vec<_>) =
        (template.split('/').collect(), path.split('/').collect());
    template.len() == path.len()
        && template
            .iter()
            .zip(&path)
            .all(|(want, got)| match (want.find('{'), want.find('}')) {
                (Some(open), Some(close)) => {
                    let (prefix, suffix) = (&want[..open], &want[close + 1..]);
                    got.len() > prefix.len() + suffix.len()
                        && got.starts_with(prefix)
                        && got.ends_with(suffix)
                }
                _ => want == got,
            })
}

/// Panics unless the table and the spec in `dir` (relative to the
/// repository; the generated crate is generated from it, and `cargo xtask
/// check` keeps the two in step) agree: every method of the spec has a case,
/// every case names a method of it, and each case's wire form has the
/// method's verb, fits its path template and uses only its query parameters
/// (and `alt` for streams).
pub fn assert_covers<C>(cases: &[Case<C>], dir: &str) {
    let spec = spec_bindings(dir);
    let table: BTreeSet<&str> = cases.iter().map(|case| case.id).collect();
    let missing: Vec<_> = spec
        .keys()
        .filter(|id| !table.contains(id.as_str()))
        .collect();
    let mut problems: Vec<String> = missing
        .iter()
        .map(|id| format!("{id}: a method of {dir} without a case"))
        .collect();
    for case in cases {
        let Some((verb, template, query)) = spec.get(case.id) else {
            problems.push(format!("{}: a case for no method of {dir}", case.id));
            continue;
        };
        let wire = &case.wire;
        if wire.verb != verb || !fits(template, &wire.path) {
            problems.push(format!(
                "{}: the wire form {} {} is not the binding {verb} {template}",
                case.id, wire.verb, wire.path
            ));
        }
        let unknown: Vec<_> = wire
            .query
            .iter()
            .map(|(name, _)| name)
            .filter(|name| *name != "alt" && !query.contains(*name))
            .collect();
        if !unknown.is_empty() {
            problems.push(format!(
                "{}: query parameters {unknown:?} are not the method's",
                case.id
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "the table disagrees with {dir}:\n{}",
        problems.join("\n")
    );
}

/// Every Gemini method has a case, and every case is a Gemini binding.
#[test]
fn the_gemini_table_covers_every_method_and_no_other() {
    assert_covers(&cases(), "spec");
    assert_eq!(spec_bindings("spec").len(), 64);
}
