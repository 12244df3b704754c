//! Each method's transcoding plan in the model: path fields, the request
//! fields left to the query string with how each is sent, and the body,
//! worked out once; the OpenAPI export flattens a message's fields from it.

use apigen::model::{Api, BodyRef, Method, QueryKind};

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

fn query(method: &Method) -> Vec<(&str, &QueryKind)> {
    method
        .http
        .query
        .iter()
        .map(|param| (param.field.json_name.as_str(), &param.kind))
        .collect()
}

#[test]
fn fields_outside_path_and_body_go_to_the_query_by_kind() {
    let api = api();
    let list = method(&api, "things.list");
    let filter = match &list.http.query[1].kind {
        QueryKind::Message(path) => path.clone(),
        other => panic!("filter is a message, not {other:?}"),
    };
    assert_eq!(filter.spec_name, "Filter");
    assert_eq!(
        query(list),
        [
            ("pageSize", &QueryKind::Value),
            ("filter", &QueryKind::Message(filter)),
            ("examples", &QueryKind::MessageList),
        ]
    );
    assert_eq!(list.http.body, BodyRef::None);
    assert_eq!(list.http.path_fields.len(), 1);
    assert_eq!(list.http.path_fields[0].setters, ["set_parent"]);
    assert_eq!(list.http.path.to_string(), "/v1/{parent=shelves/*}/things");
}

#[test]
fn openapi_flattens_a_query_message_and_ends_its_recursion() {
    let document = apigen::openapi::export(&api());
    let parameters = &document["paths"]["/v1/shelves/{shelvesId}/things"]["get"]["parameters"];
    let names: Vec<&str> = parameters
        .as_array()
        .unwrap()
        .iter()
        .filter(|parameter| parameter["in"] == "query")
        .map(|parameter| parameter["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["pageSize", "filter.kind", "filter.tags"],
        "the map, the recursive filter and the list of messages are no parameters"
    );
}

#[test]
fn the_body_and_the_path_take_their_fields_out_of_the_query() {
    let api = api();
    let update = method(&api, "things.update");
    assert_eq!(query(update), [("updateMask", &QueryKind::Value)]);
    assert_eq!(update.http.body, BodyRef::Field("thing".to_owned()));
    assert_eq!(
        update.http.path_fields[0].setters,
        ["set_thing", "set_name"]
    );
    let create = method(&api, "things.create");
    assert!(query(create).is_empty(), "{:?}", query(create));
    assert_eq!(create.http.body, BodyRef::All);
}
