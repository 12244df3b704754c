//! `apigen_macros::server!` expands the server side from the spec at compile
//! time; a service implemented against it serves the generated client.

use apigen_runtime::server::ServerError;
use gemini_v1beta::types::{GetModelRequest, Model};

mod gemini {
    apigen_macros::server!("../spec", types = gemini_v1beta::types);
}

struct Models;

impl gemini::Service for Models {
    async fn models_get(&self, request: GetModelRequest) -> Result<Model, ServerError> {
        match request.name.as_str() {
            "models/gemini-2.0-flash" => Ok(Model {
                name: request.name,
                input_token_limit: 1_048_576,
                ..Default::default()
            }),
            other => Err(ServerError::not_found(format!("{other} does not exist"))),
        }
    }
}

#[tokio::test]
async fn a_macro_built_server_serves_the_client() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, gemini::router(Models)).await.unwrap() });
    let client = gemini_v1beta::Client::builder()
        .api_key("k")
        .base_url(base)
        .build()
        .unwrap();

    let model = client
        .models()
        .get(GetModelRequest {
            name: "models/gemini-2.0-flash".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(model.input_token_limit, 1_048_576);
    let missing = client
        .models()
        .get(GetModelRequest {
            name: "models/none".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(
        missing.api_error().unwrap().message,
        "models/none does not exist"
    );
    let unimplemented = client.models().list(Default::default()).await.unwrap_err();
    assert_eq!(unimplemented.http_status(), Some(501));
}
