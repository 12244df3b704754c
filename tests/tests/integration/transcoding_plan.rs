//! Each method's transcoding plan in the model: path fields, query
//! parameters (messages flattened, recursion cut, maps and lists of
//! messages left out) and body, worked out once.

use apigen::model::{Api, BodyRef, Method, Shape};

const SPEC: &str = r#"
api:
  name: plan
  title: Plan API
  version: v1
  description: "Methods whose requests split into path, query and body."
  base_url: https://plan.example.com
  crate_name: plan-v1
  crate_version: 0.0.1
resources:
  things:
    description: "Things."
    methods:
      list:
        description: "Lists things."
        http: { get: "/v1/{parent=shelves/*}/things" }
        request: ListThingsRequest
        response: Thing
      update:
        description: "Changes a thing."
        http: { patch: "/v1/{thing.name=things/*}", body: thing }
        request: UpdateThingRequest
        response: Thing
      create:
        description: "Makes a thing."
        http: { post: "/v1/things", body: "*" }
        request: UpdateThingRequest
        response: Thing
messages:
  Filter:
    description: "A filter."
    fields:
      kind: { type: string, description: "A kind." }
      tags: { type: string, repeated: true, description: "Tags." }
      labels: { type: string, map: string, description: "Labels." }
      inner: { type: Filter, description: "A filter inside, which repeats no parameter." }
  Thing:
    description: "A thing."
    fields:
      name: { type: string, description: "Its name." }
  ListThingsRequest:
    description: "Which things."
    fields:
      parent: { type: string, description: "The shelf." }
      pageSize: { type: int32, description: "How many." }
      filter: { type: Filter, description: "Which ones." }
      examples: { type: Thing, repeated: true, description: "Never a parameter." }
  UpdateThingRequest:
    description: "A change."
    fields:
      thing: { type: Thing, description: "The thing." }
      updateMask: { type: google.protobuf.FieldMask, description: "What changes." }
"#;

fn api() -> Api {
    let spec = apigen::spec::load_sources(vec![("plan.yaml".to_owned(), SPEC.to_owned())], "");
    apigen::resolve::resolve(&spec).unwrap_or_else(|diagnostics| panic!("{diagnostics}"))
}

fn method<'a>(api: &'a Api, id: &str) -> &'a Method {
    api.methods()
        .find(|method| method.id == id)
        .unwrap_or_else(|| panic!("no method {id}"))
}

fn query(method: &Method) -> Vec<&str> {
    method
        .http
        .query
        .iter()
        .map(|param| param.name.as_str())
        .collect()
}

#[test]
fn fields_outside_path_and_body_go_to_the_query_flattened() {
    let api = api();
    let list = method(&api, "things.list");
    assert_eq!(
        query(list),
        ["pageSize", "filter.kind", "filter.tags"],
        "the map, the recursive filter and the list of messages are no parameters"
    );
    assert_eq!(list.http.body, BodyRef::None);
    assert_eq!(list.http.path_fields.len(), 1);
    assert_eq!(list.http.path_fields[0].setters, ["set_parent"]);
    let tags = &list.http.query[2].field;
    assert_eq!(tags.shape, Shape::Repeated);
    assert_eq!(list.http.path.to_string(), "/v1/{parent=shelves/*}/things");
}

#[test]
fn the_body_and_the_path_take_their_fields_out_of_the_query() {
    let api = api();
    let update = method(&api, "things.update");
    assert_eq!(query(update), ["updateMask"]);
    assert_eq!(update.http.body, BodyRef::Field("thing".to_owned()));
    assert_eq!(
        update.http.path_fields[0].setters,
        ["set_thing", "set_name"]
    );
    let create = method(&api, "things.create");
    assert!(query(create).is_empty(), "{:?}", query(create));
    assert_eq!(create.http.body, BodyRef::All);
}
