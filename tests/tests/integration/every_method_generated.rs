//! No declared method silently vanishes: for every spec the checker accepts,
//! each method of the spec is in the generated client and server (see
//! `method_oracle`). Random specs mix every kind of call with every kind of
//! answer (`google.protobuf.Empty` included), `wait:` helpers, and resources
//! with and without methods; the committed specs are checked the same way,
//! and so is the oracle itself, against a crate with a method cut out.

use apigen::spec::Spec;
use apigen::{GeneratedFile, Options};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

use super::method_oracle::missing_methods;

const TYPES: &str = r#"
messages:
  Thing:
    description: "A thing."
    fields:
      name: { type: string, description: "Its name." }
      state: { type: State, description: "Where it is." }
  ThingRequest:
    description: "Names a thing."
    fields:
      name: { type: string, description: "Which one." }
      pageToken: { type: string, description: "Where a page starts." }
  ListThingsResponse:
    description: "A page of things."
    fields:
      things: { type: Thing, repeated: true, description: "The things." }
      nextPageToken: { type: string, description: "The next page." }
  Operation:
    description: "Work that finishes later."
    fields:
      name: { type: string, description: "Its name." }
      done: { type: bool, description: "Whether it has finished." }
  Progress:
    description: "How far it is."
    fields:
      percent: { type: int32, description: "Done, in percent." }
enums:
  State:
    description: "Where a thing is."
    values:
      STATE_UNSPECIFIED: "Not known."
      RUNNING: "Working."
      DONE: "Finished."
"#;

/// The kind of call a random method declares.
#[derive(Clone, Copy, Debug)]
enum Kind {
    Plain,
    Streaming,
    Paging,
    LongRunning { empty_result: bool },
    Upload,
}

/// One random method.
#[derive(Clone, Debug)]
struct RandomMethod {
    resource: &'static str,
    name: &'static str,
    verb: &'static str,
    response: &'static str,
    kind: Kind,
    wait: bool,
}

fn method() -> impl Strategy<Value = RandomMethod> {
    let kind = prop_oneof![
        Just(Kind::Plain),
        Just(Kind::Streaming),
        Just(Kind::Paging),
        any::<bool>().prop_map(|empty_result| Kind::LongRunning { empty_result }),
        Just(Kind::Upload),
    ];
    (
        select(&["things", "things.parts", "others"][..]),
        select(&["get", "list", "watch", "create", "delete", "runAll"][..]),
        select(&["get", "post", "delete"][..]),
        select(
            &[
                "google.protobuf.Empty",
                "Thing",
                "ListThingsResponse",
                "Operation",
            ][..],
        ),
        kind,
        prop::bool::weighted(0.2),
    )
        .prop_map(
            |(resource, name, verb, response, kind, wait)| RandomMethod {
                resource,
                name,
                verb,
                response,
                kind,
                wait,
            },
        )
}

/// The spec text: the types, an operations resource to poll with, the three
/// resources (those without methods declare `methods: {}`), the methods.
fn spec_text(methods: &[RandomMethod]) -> String {
    let mut text = String::from(
        "api:\n  name: prop\n  title: Prop API\n  version: v1\n  description: \"Random methods.\"\n  base_url: https://prop.example.com\n  crate_name: prop-v1\n  crate_version: 0.0.1\n",
    );
    text.push_str(TYPES);
    text.push_str("resources:\n  operations:\n    description: \"Operations.\"\n    methods:\n      get:\n        description: \"Polls.\"\n        http: { get: \"/v1/{name=operations/*}\" }\n        request: ThingRequest\n        response: Operation\n");
    for resource in ["things", "things.parts", "others"] {
        text.push_str(&format!(
            "  {resource}:\n    description: \"Resource {resource}.\"\n    methods:"
        ));
        let mine: Vec<&RandomMethod> = methods.iter().filter(|m| m.resource == resource).collect();
        if mine.is_empty() {
            text.push_str(" {}\n");
            continue;
        }
        text.push('\n');
        for method in mine {
            text.push_str(&method_text(method));
        }
    }
    text
}

fn method_text(method: &RandomMethod) -> String {
    let path = format!(
        "/v1/{{name={}/*}}:{}",
        method.resource.replace('.', "/*/"),
        method.name
    );
    let body = if method.verb == "post" {
        ", body: \"*\""
    } else {
        ""
    };
    let mut text = format!(
        "      {}:\n        description: \"A method.\"\n        http: {{ {}: \"{path}\"{body} }}\n        request: ThingRequest\n        response: {}\n",
        method.name, method.verb, method.response
    );
    let kind = match method.kind {
        Kind::Plain => String::new(),
        Kind::Streaming => "streaming: server".to_owned(),
        Kind::Paging => "paging: { items: things }".to_owned(),
        Kind::LongRunning { empty_result } => {
            let result = if empty_result {
                "google.protobuf.Empty"
            } else {
                "Thing"
            };
            format!(
                "long_running: {{ response: {result}, metadata: Progress, poll: operations.get }}"
            )
        }
        Kind::Upload => format!("media_upload: {{ path: /upload/v1/{} }}", method.name),
    };
    if !kind.is_empty() {
        text.push_str(&format!("        {kind}\n"));
    }
    if method.wait {
        text.push_str("        wait: { name: waitUntilDone, field: state, while: [RUNNING] }\n");
    }
    text
}

fn options() -> Options {
    Options::new("prop/")
}

/// Checks one spec; `Ok(true)` when it was accepted (and everything is there).
fn check(spec: &Spec) -> Result<bool, TestCaseError> {
    let api = match apigen::resolve::resolve(spec) {
        Ok(api) => api,
        Err(diagnostics) => {
            prop_assert!(!diagnostics.0.is_empty(), "refused without a reason");
            return Ok(false);
        }
    };
    let files = apigen::emit::emit(&api, &options())
        .map_err(|error| TestCaseError::fail(format!("an accepted spec must emit: {error}")))?;
    let missing = missing_methods(spec, &files);
    prop_assert!(missing.is_empty(), "methods vanished: {missing:#?}");
    Ok(true)
}

#[test]
fn every_method_of_an_accepted_random_spec_is_generated() {
    let cases = 192;
    let config = Config {
        failure_persistence: None,
        ..Config::with_cases(cases)
    };
    let mut runner = TestRunner::new(config);
    let accepted = std::cell::Cell::new(0);
    runner
        .run(&prop::collection::vec(method(), 1..6), |methods| {
            let text = spec_text(&methods);
            let spec = apigen::spec::load_sources(vec![("prop.yaml".to_owned(), text)], "prop/");
            if check(&spec)? {
                accepted.set(accepted.get() + 1);
            }
            Ok(())
        })
        .unwrap();
    // Enough of the random specs pass the checker for the property to say something.
    assert!(
        accepted.get() >= cases / 8,
        "only {} of {cases} accepted",
        accepted.get()
    );
}

/// The committed specs: the API, the zoo and the edge cases.
fn committed_specs() -> Vec<Spec> {
    let root = xtask::repo_root();
    xtask::OUTPUTS
        .iter()
        .map(|(spec, _)| apigen::spec::load_dir(&root.join(spec), ""))
        .collect()
}

#[test]
fn every_method_of_the_committed_specs_is_generated() {
    for spec in committed_specs() {
        assert!(matches!(check(&spec), Ok(true)), "{:?}", check(&spec));
    }
}

#[test]
fn the_oracle_finds_a_method_cut_out_of_the_client_or_the_server() {
    let spec = apigen::spec::load_dir(&xtask::repo_root().join("tests/fixtures/edge"), "");
    let api = apigen::resolve::resolve(&spec).unwrap();
    let files = apigen::emit::emit(&api, &options()).unwrap();
    let cut = |path: &str, from: &str, to: &str| -> Vec<GeneratedFile> {
        files
            .iter()
            .map(|file| GeneratedFile {
                path: file.path.clone(),
                contents: if file.path == path {
                    file.contents.replacen(from, to, 1)
                } else {
                    file.contents.clone()
                },
            })
            .collect()
    };
    let client = cut(
        "src/client/jobs.rs",
        "pub async fn purge(",
        "pub async fn purged(",
    );
    assert_eq!(
        missing_methods(&spec, &client),
        ["`jobs.purge`: no client method `purge` calls `JOBS_PURGE`"]
    );
    let server = cut(
        "src/server.rs",
        "fn jobs_attach_media(",
        "fn jobs_attached(",
    );
    assert_eq!(
        missing_methods(&spec, &server),
        ["`jobs.attach`: the `Service` trait has no `jobs_attach_media`"]
    );
    let items = cut(
        "src/client/jobs.rs",
        "pub fn list_items(",
        "pub fn list_all(",
    );
    assert_eq!(
        missing_methods(&spec, &items),
        ["`jobs.list`: the client has no `list_items` next to `list`"]
    );
}
