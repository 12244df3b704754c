//! The API's wire behaviour the SDKs rely on: `streamGenerateContent` as
//! one JSON array without `alt=sse` (events with it), and the `/v1/` paths
//! of the methods the API serves at `v1`.

use serde_json::{json, Value};

use crate::{http, start};

const STREAM: &str = "/v1beta/models/gemini-2.0-flash:streamGenerateContent";

fn prompt(text: &str) -> Value {
    json!({"contents": [{"role": "user", "parts": [{"text": text}]}]})
}

/// The texts of the responses in `array`.
fn texts(array: &Value) -> Vec<&str> {
    array
        .as_array()
        .unwrap()
        .iter()
        .map(|response| {
            response["candidates"][0]["content"]["parts"][0]["text"]
                .as_str()
                .unwrap()
        })
        .collect()
}

#[tokio::test]
async fn a_stream_without_alt_sse_is_one_json_array() {
    let (_, _, base_url) = start().await;
    let response = http()
        .post(format!("{base_url}{STREAM}"))
        .json(&prompt("one two three"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "application/json",
        "{:?}",
        response.headers()
    );
    let body = response.text().await.unwrap();
    assert!(body.starts_with("[{") && body.ends_with("}]"), "{body}");
    let array: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(texts(&array), ["one ", "two ", "three"]);
    assert!(array
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["usageMetadata"].is_object()));

    let events = http()
        .post(format!("{base_url}{STREAM}?alt=sse"))
        .json(&prompt("one two three"))
        .send()
        .await
        .unwrap();
    assert_eq!(events.headers()["content-type"], "text/event-stream");
    let body = events.text().await.unwrap();
    assert_eq!(body.matches("data: ").count(), 3, "{body}");
}

#[tokio::test]
async fn a_stream_error_without_alt_sse_is_an_array_of_the_error() {
    let (_, _, base_url) = start().await;
    let response = http()
        .post(format!(
            "{base_url}/v1beta/models/no-such-model:streamGenerateContent"
        ))
        .json(&prompt("hi"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 404);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body[0]["error"]["status"], "NOT_FOUND", "{body}");
    // With alt=sse the error stays a plain error object.
    let response = http()
        .post(format!(
            "{base_url}/v1beta/models/no-such-model:streamGenerateContent?alt=sse"
        ))
        .json(&prompt("hi"))
        .send()
        .await
        .unwrap();
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["status"], "NOT_FOUND", "{body}");
}

#[tokio::test]
async fn v1_serves_the_stable_methods() {
    let (_, _, base_url) = start().await;
    let v1 = |path: &str| format!("{base_url}/v1/{path}");
    let models: Value = http()
        .get(v1("models?pageSize=2"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(models["models"].as_array().unwrap().len(), 2, "{models}");
    let model: Value = http()
        .get(v1("models/gemini-2.0-flash"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(model["name"], "models/gemini-2.0-flash");

    let answer: Value = http()
        .post(v1("models/gemini-2.0-flash:generateContent"))
        .json(&prompt("over v1"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(texts(&json!([answer])), ["over v1"]);
    assert_eq!(answer["modelVersion"], "gemini-2.0-flash");

    let streamed: Value = http()
        .post(v1("models/gemini-2.0-flash:streamGenerateContent"))
        .json(&prompt("a b c"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(texts(&streamed), ["a ", "b ", "c"]);

    let counted: Value = http()
        .post(v1("models/gemini-2.0-flash:countTokens"))
        .json(&prompt("12345678"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(counted["totalTokens"], 2);

    let embedded: Value = http()
        .post(v1("models/text-embedding-004:embedContent"))
        .json(&json!({"content": {"parts": [{"text": "cat"}]}, "outputDimensionality": 4}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(embedded["embedding"]["values"].as_array().unwrap().len(), 4);
}

#[tokio::test]
async fn v1_refuses_what_the_api_serves_only_at_v1beta() {
    let (_, _, base_url) = start().await;
    for (verb, path) in [
        (reqwest::Method::GET, "/v1/files"),
        (reqwest::Method::POST, "/v1/cachedContents"),
        (reqwest::Method::GET, "/v1/corpora"),
        (reqwest::Method::GET, "/v1/tunedModels/t"),
        (
            reqwest::Method::POST,
            "/v1/models/gemini-2.0-flash:generateAnswer",
        ),
        (reqwest::Method::GET, "/v1/"),
    ] {
        let response = http()
            .request(verb, format!("{base_url}{path}"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 404, "{path}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["status"], "NOT_FOUND", "{path}: {body}");
    }
    // A v1 path still needs a key, and a wrong verb is 405 as at v1beta.
    let response = reqwest::Client::new()
        .get(format!("{base_url}/v1/models"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 403);
    let response = http()
        .delete(format!("{base_url}/v1/models/gemini-2.0-flash"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 405);
}
