//! A child resource's handle is written from its parent's module as the
//! model says: by its name when both files are one client module, through
//! `super::` (the re-exports of `client`) from another file's module.

use apigen::model::Api;

const API: &str = r#"
api:
  name: shelf
  title: Shelf API
  version: v1
  description: "Resources split over files."
  base_url: https://shelf.example.com
  crate_name: shelf-v1
  crate_version: 0.0.1
messages:
  Item:
    description: "An item."
    fields:
      name: { type: string, description: "Its name." }
"#;

const SHELVES: &str = r#"
resources:
  shelves:
    description: "Shelves."
    methods:
      get:
        description: "Fetches a shelf."
        http: { get: "/v1/{name=shelves/*}" }
        request: Item
        response: Item
  shelves.labels:
    description: "Labels, in the same file as their shelf."
    methods: {}
"#;

const BOOKS: &str = r#"
resources:
  shelves.books:
    description: "Books, in a file of their own."
    methods:
      get:
        description: "Fetches a book."
        http: { get: "/v1/{name=shelves/*/books/*}" }
        request: Item
        response: Item
"#;

fn api() -> Api {
    let sources = [
        ("api.yaml", API),
        ("shelves.yaml", SHELVES),
        ("books.yaml", BOOKS),
    ]
    .map(|(path, text)| (path.to_owned(), text.to_owned()))
    .to_vec();
    let spec = apigen::spec::load_sources(sources, "");
    apigen::resolve::resolve(&spec).unwrap_or_else(|diagnostics| panic!("{diagnostics}"))
}

#[test]
fn a_child_in_another_file_is_reached_through_super() {
    // Children come in file order: books.yaml before shelves.yaml.
    let api = api();
    let shelves = api
        .client_modules
        .iter()
        .flat_map(|module| &module.resources)
        .find(|resource| resource.rest_name == "shelves")
        .unwrap();
    let paths: Vec<(&str, &[String])> = shelves
        .children
        .iter()
        .map(|child| (child.accessor.as_str(), child.path.as_slice()))
        .collect();
    assert_eq!(
        paths,
        [
            (
                "books",
                &["super".to_owned(), "ShelvesBooks".to_owned()][..]
            ),
            ("labels", &["ShelvesLabels".to_owned()][..]),
        ]
    );
    let options = apigen::Options::new("spec/");
    let files = apigen::emit::emit(&api, &options).unwrap();
    let shelves_rs = files
        .iter()
        .find(|file| file.path == "src/client/shelves.rs")
        .unwrap();
    assert!(
        shelves_rs
            .contents
            .contains("super::ShelvesBooks::new(self.transport)"),
        "{}",
        shelves_rs.contents
    );
    assert!(shelves_rs
        .contents
        .contains("ShelvesLabels::new(self.transport)"));
}
