//! Checking a large spec (`cargo bench -p apigen-codegen --bench large_spec`): a
//! synthetic spec of about 2 MB, whose messages all contain each other
//! through one long cycle of single fields (the worst case for the recursion
//! check), with many nested resources, is loaded and checked. Prints the median and spread of 5 runs.

use std::fmt::Write;

mod timing;

use timing::{report, time};

const RUNS: usize = 5;
const TARGET_BYTES: usize = 2 * 1024 * 1024;

fn main() {
    let sources = large_spec(TARGET_BYTES);
    let bytes: usize = sources.iter().map(|(_, text)| text.len()).sum();
    let spec = apigen::spec::load_sources(sources.clone(), "large/");
    let api = apigen::resolve::resolve(&spec).unwrap_or_else(|problems| panic!("{problems}"));
    let messages: usize = api.type_modules.iter().map(|m| m.messages.len()).sum();
    let methods: usize = api
        .client_modules
        .iter()
        .flat_map(|module| &module.resources)
        .map(|resource| resource.methods.len())
        .sum();
    println!(
        "large spec: {} files, {:.2} MB, {messages} messages, {methods} methods",
        sources.len(),
        bytes as f64 / 1_048_576.0
    );
    report(
        "load (read + parse YAML)",
        time(RUNS, || {
            drop(apigen::spec::load_sources(sources.clone(), "large/"))
        }),
    );
    report(
        "check and resolve",
        time(RUNS, || drop(apigen::resolve::resolve(&spec).unwrap())),
    );
    report(
        "load and check",
        time(RUNS, || {
            let spec = apigen::spec::load_sources(sources.clone(), "large/");
            drop(apigen::resolve::resolve(&spec).unwrap());
        }),
    );
}

/// Spec files of about `target` bytes in all: types files of 200 messages
/// each, then resource files, until the size is reached.
fn large_spec(target: usize) -> Vec<(String, String)> {
    let mut files = vec![("api.yaml".to_owned(), API.to_owned())];
    let mut size = API.len();
    // Three quarters types, one quarter resources.
    let type_files = (target * 3 / 4).div_ceil(types_file(0, 1).len());
    for file in 0..type_files {
        let text = types_file(file, type_files);
        size += text.len();
        files.push((format!("types/t{file}.yaml"), text));
    }
    let messages = type_files * PER_FILE;
    let mut resource = 0;
    while size < target {
        let text = resources_file(resource, messages);
        size += text.len();
        files.push((format!("resources/r{resource}.yaml"), text));
        resource += 1;
    }
    files
}

const PER_FILE: usize = 200;

const API: &str = "api:
  name: large
  title: Large API
  version: v1
  description: \"A large synthetic API.\"
  base_url: https://large.example.com
  crate_name: large-v1
  crate_version: 0.1.0
";

/// Messages `M{n}` whose single fields form one cycle through every message
/// of the spec (and a list field that points back), plus an enum; `files` is
/// the number of types files in all.
fn types_file(file: usize, files: usize) -> String {
    let mut text = String::from("messages:\n");
    for index in 0..PER_FILE {
        let n = file * PER_FILE + index;
        let _ = write!(
            text,
            "  M{n}:
    description: \"Message number {n}.\"
    fields:
      name:
        type: string
        description: \"Its resource name.\"
      pageToken:
        type: string
        description: \"A page token.\"
      nextPageToken:
        type: string
        description: \"The next page token.\"
      count:
        type: int64
        description: \"How many there are.\"
      state:
        type: State{file}
        description: \"Its state.\"
      next:
        type: M{next}
        description: \"The next one; the last one points back at the first.\"
      items:
        type: M{skip}
        repeated: true
        description: \"Some others.\"
    oneofs:
      choice:
        description: \"One of two.\"
        fields:
          text: {{ type: string, description: \"Some text.\" }}
          other: {{ type: M{other}, description: \"Another message.\" }}
",
            next = (n + 1) % (files * PER_FILE),
            skip = n / 2,
            other = n / 3,
        );
    }
    let _ = write!(
        text,
        "enums:
  State{file}:
    description: \"States of the messages in file {file}.\"
    values:
      STATE_UNSPECIFIED: \"Not set.\"
      ACTIVE: \"In use.\"
      DELETED: {{ number: 5, description: \"Gone.\" }}
"
    );
    text
}

/// A top-level resource with a chain of nested resources, each with methods.
fn resources_file(resource: usize, messages: usize) -> String {
    let mut text = String::from("resources:\n");
    let mut name = format!("things{resource}");
    for depth in 0..5 {
        if depth > 0 {
            name = format!("{name}.sub{depth}");
        }
        let request = (resource * 5 + depth) % messages;
        let _ = write!(
            text,
            "  {name}:
    description: \"Level {depth} of resource {resource}.\"
    methods:
      get:
        description: \"Fetches one.\"
        http: {{ get: \"/v1/{{name=things{resource}/*}}/level{depth}\" }}
        request: M{request}
        response: M{request}
      list:
        description: \"Lists them.\"
        http: {{ get: \"/v1/things{resource}/level{depth}\" }}
        request: M{request}
        response: M{request}
        paging: {{ items: items }}
      create:
        description: \"Creates one.\"
        http: {{ post: \"/v1/things{resource}/level{depth}\", body: \"*\" }}
        request: M{request}
        response: M{request}
      delete:
        description: \"Deletes one.\"
        http: {{ delete: \"/v1/{{name=things{resource}/*}}/level{depth}\" }}
        request: M{request}
        response: google.protobuf.Empty
"
        );
    }
    text
}
