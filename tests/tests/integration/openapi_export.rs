//! `cargo xtask openapi` writes an OpenAPI 3.1 document that an OpenAPI
//! library reads, with every method and every type of the spec.

use std::collections::BTreeSet;

fn document() -> (String, oas3::OpenApiV3Spec) {
    let text = xtask::openapi(&xtask::repo_root().join("spec")).unwrap();
    let spec = oas3::from_json(&text).unwrap_or_else(|error| panic!("not OpenAPI 3.1: {error}"));
    (text, spec)
}

#[test]
fn every_method_is_an_operation_named_by_its_rest_id() {
    let (_, spec) = document();
    let api = xtask::load_api(&xtask::repo_root().join("spec")).unwrap();
    let expected: BTreeSet<String> = api
        .client_modules
        .iter()
        .flat_map(|module| &module.resources)
        .flat_map(|resource| &resource.methods)
        .map(|method| method.id.clone())
        .collect();
    let found: BTreeSet<String> = spec
        .operations()
        .filter_map(|(_, _, operation)| operation.operation_id.clone())
        .collect();
    assert_eq!(found, expected);
    assert_eq!(found.len(), 64);
    for id in [
        "corpora.documents.query",
        "media.upload",
        "tunedModels.operations.get",
        "models.streamGenerateContent",
    ] {
        assert!(found.contains(id), "{id}");
    }
}

#[test]
fn every_type_is_a_schema_with_json_names_and_forms() {
    let (text, spec) = document();
    let api = xtask::load_api(&xtask::repo_root().join("spec")).unwrap();
    let schemas = &spec.components.as_ref().unwrap().schemas;
    for module in &api.type_modules {
        for name in module
            .messages
            .iter()
            .map(|m| &m.path.spec_name)
            .chain(module.enums.iter().map(|e| &e.path.spec_name))
        {
            assert!(schemas.contains_key(name), "missing schema {name}");
        }
    }
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let file = &value["components"]["schemas"]["File"]["properties"];
    assert_eq!(file["sizeBytes"]["type"], "string");
    assert_eq!(file["sizeBytes"]["format"], "int64");
    assert_eq!(file["sha256Hash"]["contentEncoding"], "base64");
    assert_eq!(file["createTime"]["format"], "date-time");
    let config = &value["components"]["schemas"]["GenerationConfig"]["properties"];
    assert!(
        config.get("_responseJsonSchema").is_some() && config.get("responseJsonSchema").is_some()
    );
    let cached = &value["components"]["schemas"]["CachedContent"];
    assert_eq!(cached["allOf"][0]["oneOf"][0]["required"][0], "expireTime");
    assert_eq!(
        value["components"]["schemas"]["HarmCategory"]["enum"][0],
        "HARM_CATEGORY_UNSPECIFIED"
    );
}

#[test]
fn servers_security_and_multi_segment_names_are_described() {
    let (text, _) = document();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["openapi"], "3.1.0");
    assert_eq!(
        value["servers"][0]["url"],
        "https://generativelanguage.googleapis.com"
    );
    assert_eq!(
        value["components"]["securitySchemes"]["apiKey"]["name"],
        "x-goog-api-key"
    );
    let query =
        &value["paths"]["/v1beta/corpora/{corporaId}/documents/{documentsId}:query"]["post"];
    assert_eq!(query["operationId"], "corpora.documents.query");
    assert_eq!(
        query["x-resource-fields"]["name"],
        serde_json::json!(["corpora", "{corporaId}", "documents", "{documentsId}"])
    );
    let list = &value["paths"]["/v1beta/corpora/{corporaId}/documents"]["get"];
    let names: Vec<&str> = list["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["corporaId", "pageSize", "pageToken"]);
    let patch = &value["paths"]["/v1beta/cachedContents/{cachedContentsId}"]["patch"];
    let names: Vec<&str> = patch["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["cachedContentsId", "updateMask"]);
}

#[test]
fn shared_types_the_api_uses_are_schemas_under_their_full_names() {
    let (text, _) = document();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let schemas = value["components"]["schemas"].as_object().unwrap();
    assert_eq!(
        schemas["File"]["properties"]["error"]["$ref"],
        "#/components/schemas/google.rpc.Status"
    );
    let status = &schemas["google.rpc.Status"]["properties"];
    assert_eq!(status["code"]["type"], "integer");
    assert_eq!(status["details"]["type"], "array");
    // Shared types nothing in the API names are left out.
    assert!(!schemas.contains_key("google.rpc.BadRequest"));
    assert!(!schemas.contains_key("Status"));
}

#[test]
fn a_methods_own_retry_policy_and_timeout_are_extensions() {
    let text = xtask::openapi(&xtask::repo_root().join("tests/fixtures/edge")).unwrap();
    let document: serde_json::Value = serde_json::from_str(&text).unwrap();
    let paths = &document["paths"];
    let page = &paths["/v1/shelves/{shelvesId}/books/{booksId}/pages/{pagesId}"]["get"];
    assert_eq!(page["operationId"], "shelves.books.pages.get");
    // The method's `max_attempts`, and the API's policy for the rest.
    assert_eq!(
        page["x-retry"],
        serde_json::json!({
            "statuses": [503],
            "max_attempts": 3,
            "initial_backoff": "20ms",
            "max_backoff": "20ms",
            "multiplier": 1.0,
            "deadline": "300ms",
            "max_server_delay": "60s",
        })
    );
    assert!(page.get("x-timeout").is_none(), "{page}");
    let media = &paths["/v1/media/{mediaId}"]["get"];
    assert_eq!(media["x-retry"], "none");
    assert_eq!(media["x-timeout"], "200ms");
    let job = &paths["/v1/jobs/{jobsId}"]["get"];
    assert!(
        job.get("x-retry").is_none() && job.get("x-timeout").is_none(),
        "{job}"
    );
}
