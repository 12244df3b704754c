//! Importing the zoo protos with a gRPC service config of our own
//! (`tests/fixtures/zoo-protos/zoo_grpc_service_config.json`): its retry
//! policies and timeouts become the spec's settings, an update keeps the
//! ones a person set, and a broken config is a located error. The Cloud
//! Tasks example is its protos and service config imported.

use std::path::{Path, PathBuf};

use apigen_import::compare::compare_dirs;
use apigen_import::{import, ImportOptions};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn config() -> PathBuf {
    fixtures().join("zoo-protos/zoo_grpc_service_config.json")
}

fn options(out_dir: &Path, service_config: PathBuf) -> ImportOptions {
    ImportOptions {
        proto_paths: vec![fixtures().join("zoo-protos")],
        files: vec![
            "zoo/v1/animals.proto".to_owned(),
            "zoo/v1/zoo_service.proto".to_owned(),
            "google/longrunning/operations.proto".to_owned(),
        ],
        out_dir: out_dir.to_owned(),
        service_config: Some(service_config),
        ..ImportOptions::default()
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

fn edit(path: &Path, old: &str, new: &str) {
    let text = read(path);
    assert!(text.contains(old), "{} has no {old:?}", path.display());
    std::fs::write(path, text.replacen(old, new, 1)).unwrap();
}

/// The lines of the method `name:` of a resources file.
fn method(text: &str, name: &str) -> String {
    let key = format!("      {name}:");
    let mut lines = text.lines().skip_while(|line| *line != key);
    let head = lines
        .next()
        .unwrap_or_else(|| panic!("no method {name} in {text}"));
    let body: Vec<&str> = lines
        .take_while(|line| line.starts_with("        "))
        .collect();
    format!("{head}\n{}\n", body.join("\n"))
}

#[test]
fn a_fresh_import_writes_the_configs_retry_policies_and_timeouts() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("spec");
    let report = import(&options(&out, config())).unwrap_or_else(|problems| panic!("{problems}"));

    // The service-wide entry is the API's policy; its ABORTED (409, which
    // ALREADY_EXISTS also comes back as) cannot be told apart, so is left out.
    let api = read(&out.join("api.yaml"));
    assert!(
        api.ends_with(
            "  retry:\n    statuses: [429, 503]\n    max_attempts: 4\n    initial_backoff: 200ms\n    max_backoff: 5s\n    multiplier: 2\n    deadline: 30s\n"
        ),
        "{api}"
    );
    let enclosures = read(&out.join("resources/enclosures.yaml"));
    // Only the keys that differ from the API's.
    assert!(
        method(&enclosures, "get").ends_with("        retry: { max_attempts: 6, deadline: 60s }\n"),
        "{enclosures}"
    );
    // Not retried: one attempt, whose limit is the config's timeout.
    for name in ["create", "patch"] {
        assert!(
            method(&enclosures, name).ends_with("        retry: none\n        timeout: 10s\n"),
            "{enclosures}"
        );
    }
    // POST methods the config retries are safe to send twice.
    assert!(method(&enclosures, "countKinds").contains("        idempotent: true\n"));
    assert!(!method(&enclosures, "list").contains("retry"));
    assert!(!method(&enclosures, "delete").contains("idempotent"));
    // The config names no Operations method: those are not retried.
    let operations = read(&out.join("resources/operations.yaml"));
    assert!(
        method(&operations, "get").ends_with("        retry: none\n"),
        "{operations}"
    );

    let config = config().display().to_string();
    assert!(report.skipped.contains(&format!(
        "{config}:6: methodConfig[0].waitForReady: the spec has no form for it; left out"
    )));
    assert!(report.skipped.contains(&format!(
        "{config}:11: methodConfig[0].retryPolicy.retryableStatusCodes[2]: ABORTED comes back as HTTP 409, as ALREADY_EXISTS does, which the policy does not retry; left out of `statuses`"
    )));

    // The hand-written zoo spec has no retry settings: compare tells.
    let differences = compare_dirs(&fixtures().join("zoo-spec"), &out)
        .unwrap_or_else(|problems| panic!("{problems}"));
    let elements: Vec<&str> = differences
        .iter()
        .map(|difference| difference.element.as_str())
        .collect();
    assert_eq!(
        elements,
        [
            "api (retry)",
            "enclosures.animals.create",
            "enclosures.animals.feed",
            "enclosures.animals.get",
            "enclosures.animals.patch",
            "enclosures.animals.relocate",
            "enclosures.countKinds",
            "keepers.countKinds",
            "operations.get",
        ]
    );
    assert!(differences[3].what.ends_with(
        "right: get /v1/{name=enclosures/*/animals/*}, request GetAnimalRequest, plain → Animal, idempotent, retry statuses [429, 503], max_attempts 6, initial_backoff 200ms, max_backoff 5s, multiplier 2, deadline 60s, max_server_delay 60s"
    ));
}

#[test]
fn an_update_adds_missing_settings_and_keeps_the_ones_a_person_set() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("spec");
    import(&options(&out, config())).unwrap_or_else(|problems| panic!("{problems}"));
    let api = out.join("api.yaml");
    let enclosures = out.join("resources/enclosures.yaml");
    edit(
        &api,
        "    max_attempts: 4\n",
        "    max_attempts: 3   # ours\n",
    );
    edit(
        &api,
        "    initial_backoff: 200ms\n",
        "    initial_backoff: 0.2s\n",
    );
    edit(
        &enclosures,
        "        timeout: 10s\n",
        "        timeout: 15s\n",
    );
    edit(
        &enclosures,
        "        retry: { max_attempts: 6, deadline: 60s }\n",
        "",
    );
    let operations = out.join("resources/operations.yaml");
    edit(
        &operations,
        "        retry: none\n",
        "        timeout: 5s\n",
    );
    let hand_set = [read(&api), read(&enclosures), read(&operations)];

    let report = import(&options(&out, config())).unwrap_or_else(|problems| panic!("{problems}"));
    assert_eq!(
        report.added,
        [
            "resources.enclosures.animals.methods.get.retry",
            "resources.operations.methods.get.retry"
        ]
    );
    assert_eq!(
        report.changed,
        [
            "api.retry.max_attempts: 3 in the spec, 4 in the service config",
            "resources.enclosures.animals.methods.create.timeout: 15s in the spec, 10s in the service config",
            "resources.operations.methods.get.timeout: 5s in the spec, not set in the service config",
        ]
    );
    // What a person wrote stays, the same duration written otherwise too;
    // only the missing settings are added.
    assert_eq!(read(&api), hand_set[0]);
    assert!(method(&read(&enclosures), "get")
        .ends_with("        retry: { max_attempts: 6, deadline: 60s }\n"));
    assert_eq!(
        read(&enclosures).replace("        retry: { max_attempts: 6, deadline: 60s }\n", ""),
        hand_set[1]
    );
    assert_eq!(
        read(&operations),
        hand_set[2].replace(
            "        timeout: 5s\n",
            "        timeout: 5s\n        retry: none\n"
        )
    );

    let again = import(&options(&out, config())).unwrap_or_else(|problems| panic!("{problems}"));
    assert!(
        again.files.is_empty() && again.added.is_empty(),
        "{again:?}"
    );
}

#[test]
fn a_config_naming_an_unknown_method_is_a_located_error_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad_grpc_service_config.json");
    std::fs::write(
        &bad,
        "{\n  \"methodConfig\": [\n    {\n      \"name\": [\n        { \"service\": \"zoo.v1.Zoo\", \"method\": \"FeedLion\" },\n        { \"service\": \"zoo.v1.Aquarium\" }\n      ],\n      \"timeout\": \"ten seconds\"\n    }\n  ]\n}\n",
    )
    .unwrap();
    let out = dir.path().join("spec");
    let problems = import(&options(&out, bad.clone())).unwrap_err();
    let shown = bad.display().to_string();
    let located: Vec<(String, usize, String)> = (problems.0.iter())
        .map(|problem| {
            (
                problem.loc.file.name.clone(),
                problem.loc.pos.line,
                problem.message.clone(),
            )
        })
        .collect();
    assert_eq!(
        located,
        [
            (
                shown.clone(),
                5,
                "the service `zoo.v1.Zoo` has no method `FeedLion`".to_owned()
            ),
            (
                shown.clone(),
                6,
                "the protos declare no service `zoo.v1.Aquarium`".to_owned()
            ),
            (
                shown.clone(),
                8,
                "\"ten seconds\" is not a duration".to_owned()
            ),
        ]
    );
    assert!(problems.0[0]
        .help
        .as_deref()
        .unwrap_or_default()
        .contains("GetAnimal"));
    assert!(!out.exists());

    // Over an existing spec, nothing changes either.
    import(&options(&out, config())).unwrap_or_else(|problems| panic!("{problems}"));
    let before = read(&out.join("api.yaml"));
    std::fs::write(&bad, "{ \"methodConfig\": [ { \"name\": [] }, ] }").unwrap();
    let problems = import(&options(&out, bad)).unwrap_err();
    assert_eq!(problems.0.len(), 1);
    assert_eq!(
        (problems.0[0].loc.pos.line, problems.0[0].loc.pos.column),
        (1, 37)
    );
    assert!(
        problems.0[0]
            .message
            .starts_with("the service config is not JSON: trailing comma"),
        "{}",
        problems.0[0].message
    );
    assert_eq!(read(&out.join("api.yaml")), before);
}

#[test]
fn the_cloud_tasks_example_is_its_protos_and_service_config_imported() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/cloud-tasks");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("spec");
    let options = ImportOptions {
        proto_paths: vec![example.join("protos")],
        files: vec![
            "google/cloud/tasks/v2/cloudtasks.proto".to_owned(),
            "google/cloud/location/locations.proto".to_owned(),
        ],
        services: vec![
            "google.cloud.tasks.v2.CloudTasks".to_owned(),
            "google.cloud.location.Locations".to_owned(),
        ],
        out_dir: out.clone(),
        service_config: Some(example.join("protos/cloudtasks_grpc_service_config.json")),
        ..ImportOptions::default()
    };
    let report = import(&options).unwrap_or_else(|problems| panic!("{problems}"));
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    let differences =
        compare_dirs(&out, &example.join("spec")).unwrap_or_else(|problems| panic!("{problems}"));
    assert!(differences.is_empty(), "{differences:#?}");
}
