//! `apigen diff` across a package moving between a spec's own files and the
//! Google packages shipped with apigen: types are the same by full name, so
//! the move alone is no change, and only real differences between the
//! spec's copy and the shipped type are reported.

use std::fs;

use apigen::changes::{compare, Change};
use apigen::model::Api;

/// A spec that names `google.type.LatLng` and `google.longrunning.Operation`
/// by full name, whether a file of its own declares them or not.
const API: &str = r#"
api:
  name: depot
  title: Depot API
  version: v1
  description: "Places and the work done at them."
  package: example.depot.v1
  base_url: https://depot.example.com/
  crate_name: depot-v1
  crate_version: 0.1.0
resources:
  places:
    description: "Places on the map."
    methods:
      get:
        description: "Fetches a place."
        http: { get: "/v1/{name=places/*}" }
        request: GetPlaceRequest
        response: Place
  operations:
    description: "Work that finishes later."
    methods:
      get:
        description: "Fetches an operation's state."
        http: { get: "/v1/{name=operations/*}" }
        request: GetPlaceRequest
        response: google.longrunning.Operation
messages:
  GetPlaceRequest:
    description: "Asks for one place."
    fields:
      name:
        type: string
        description: "Which place."
  Place:
    description: "A named point."
    fields:
      name:
        type: string
        description: "The place's name."
      position:
        type: google.type.LatLng
        description: "Where it is."
"#;

/// The spec's own copy of `google.longrunning.Operation`, as the shipped one.
const LONGRUNNING: &str = r#"
package: google.longrunning
messages:
  Operation:
    description: "Work in progress."
    fields:
      name:
        type: string
        description: "Its name."
      metadata:
        type: google.protobuf.Any
        description: "Its progress."
      done:
        type: bool
        description: "Whether it is over."
    oneofs:
      result:
        description: "How it ended."
        fields:
          error:
            type: google.rpc.Status
            description: "Why it failed."
          response:
            type: google.protobuf.Any
            description: "What it made."
"#;

/// The spec's own copy of `google.type.LatLng`, with `extra` after its fields.
fn google_type(extra: &str) -> String {
    format!(
        r#"
package: google.type
messages:
  LatLng:
    description: "A point on Earth."
    fields:
      latitude:
        type: double
        description: "Degrees north."
      longitude:
        type: double
        description: "Degrees east."
{extra}"#
    )
}

/// The API of [`API`] with the `(file, text)` type files.
fn api(types: &[(&str, &str)]) -> Api {
    load(API, types)
}

/// The API of a spec made of `api.yaml` and the `(file, text)` type files.
fn load(api_yaml: &str, types: &[(&str, &str)]) -> Api {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("api.yaml"), api_yaml).unwrap();
    for (file, text) in types {
        fs::write(dir.path().join(file), text).unwrap();
    }
    xtask::load_api(dir.path()).unwrap()
}

/// The spec with its own copies of both packages, `extra` in `LatLng`.
fn with_own_copies(extra: &str) -> Api {
    api(&[
        ("google_type.yaml", &google_type(extra)),
        ("longrunning.yaml", LONGRUNNING),
    ])
}

/// Each change as (element, name, what, breaking).
fn rows(changes: &[Change]) -> Vec<(&str, &str, &str, bool)> {
    changes
        .iter()
        .map(|change| {
            let (element, name) = (change.element, change.name.as_str());
            (element, name, change.what.as_str(), change.breaking)
        })
        .collect()
}

#[test]
fn dropping_copies_of_the_shipped_packages_is_no_change() {
    let changes = compare(&with_own_copies(""), &api(&[]));
    assert_eq!(rows(&changes), [], "{changes:#?}");
}

#[test]
fn a_field_only_the_copy_had_is_removed_when_the_shipped_type_takes_over() {
    let extra = "      altitude:\n        type: double\n        description: \"Metres up.\"\n";
    let changes = compare(&with_own_copies(extra), &api(&[]));
    assert_eq!(
        rows(&changes),
        [("field", "LatLng.altitude", "removed (field `double`)", true)]
    );
}

#[test]
fn a_field_number_or_rust_name_the_shipped_type_does_not_share_is_breaking() {
    let numbered = google_type("").replace(
        "      latitude:\n        type: double\n",
        "      latitude:\n        type: double\n        number: 7\n",
    );
    let renamed = numbered.replace("  LatLng:\n", "  LatLng:\n    rust_name: Coordinates\n");
    let old = api(&[
        ("google_type.yaml", &renamed),
        ("longrunning.yaml", LONGRUNNING),
    ]);
    let changes = compare(&old, &api(&[]));
    assert_eq!(
        rows(&changes),
        [
            ("field", "LatLng.latitude", "field number 7 → 1", true),
            (
                "type",
                "LatLng",
                "Rust path `types::Coordinates` → `types::LatLng`, `types::google_type::LatLng`",
                true
            ),
        ]
    );
}

#[test]
fn taking_a_shipped_package_into_the_spec_loses_its_package_paths() {
    let changes = compare(&api(&[]), &with_own_copies(""));
    assert_eq!(
        rows(&changes),
        [
            (
                "type",
                "google.longrunning.Operation",
                "Rust path `types::google_longrunning::Operation` → `types::Operation`",
                true
            ),
            (
                "type",
                "google.longrunning.Operation",
                "module `types::google_longrunning::operation` → `types::operation`",
                true
            ),
            (
                "type",
                "google.type.LatLng",
                "Rust path `types::google_type::LatLng` → `types::LatLng`",
                true
            ),
        ]
    );
}

#[test]
fn a_new_package_for_the_specs_own_types_changes_their_full_names_only() {
    let moved = API.replace("package: example.depot.v1", "package: example.depot.v2");
    let changes = compare(&api(&[]), &load(&moved, &[]));
    assert_eq!(
        rows(&changes),
        [
            (
                "type",
                "GetPlaceRequest",
                "full name `example.depot.v1.GetPlaceRequest` → `example.depot.v2.GetPlaceRequest`",
                false
            ),
            (
                "type",
                "Place",
                "full name `example.depot.v1.Place` → `example.depot.v2.Place`",
                false
            ),
        ]
    );
}
