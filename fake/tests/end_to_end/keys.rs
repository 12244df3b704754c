//! API keys: checked as the API does, for ordinary methods and uploads alike.

use gemini_fake::{Fake, DEFAULT_API_KEY};
use gemini_v1beta::runtime::Code;
use gemini_v1beta::types::*;
use gemini_v1beta::{Client, Error, Media, RetryPolicy};

/// A fake accepting `keys` (the default key when `None`), served on 127.0.0.1.
async fn serve(keys: Option<&[&str]>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    let fake = match keys {
        Some(keys) => Fake::new().api_keys(keys.iter().copied()),
        None => Fake::new(),
    };
    tokio::spawn(fake.serve(listener));
    base_url
}

fn client(base_url: &str, key: &str) -> Client {
    Client::builder()
        .api_key(key)
        .base_url(base_url)
        .retry(RetryPolicy::NONE)
        .build()
        .unwrap()
}

/// Asserts `error` is the API's answer to a wrong key, details included.
#[track_caller]
fn assert_invalid_key(error: Error) {
    let api = error.api_error().expect("an API error");
    assert_eq!(
        (api.http_status, &api.status.code),
        (400, &Code::InvalidArgument)
    );
    assert_eq!(error.reason(), Some("API_KEY_INVALID"));
    let info = api
        .status
        .error_info()
        .unwrap_or_else(|| panic!("no ErrorInfo in {:?}", api.status.details));
    assert_eq!(info.domain, "googleapis.com");
    assert_eq!(
        info.metadata["service"],
        "generativelanguage.googleapis.com"
    );
}

#[tokio::test]
async fn the_default_key_is_accepted_and_a_wrong_one_is_refused_with_error_info() {
    let base_url = serve(None).await;
    let models = client(&base_url, DEFAULT_API_KEY)
        .models()
        .list(ListModelsRequest::new())
        .await
        .unwrap();
    assert!(!models.models.is_empty());

    let wrong = client(&base_url, "not-the-key");
    assert_invalid_key(
        wrong
            .models()
            .list(ListModelsRequest::new())
            .await
            .unwrap_err(),
    );
    let upload = wrong
        .media()
        .upload_media(
            CreateFileRequest::new(),
            Media::from_bytes(b"bytes".to_vec(), "text/plain"),
        )
        .await;
    assert_invalid_key(upload.unwrap_err());
}

#[tokio::test]
async fn no_key_is_permission_denied_for_methods_and_uploads() {
    let base_url = serve(None).await;
    let http = reqwest::Client::new();
    let listed = http
        .get(format!("{base_url}/v1beta/models"))
        .send()
        .await
        .unwrap();
    assert_eq!(listed.status(), 403);
    let body: serde_json::Value = listed.json().await.unwrap();
    assert_eq!(body["error"]["status"], "PERMISSION_DENIED");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("API key"),
        "{body}"
    );

    let start = http
        .post(format!("{base_url}/upload/v1beta/files"))
        .header("x-goog-upload-protocol", "resumable")
        .header("x-goog-upload-command", "start")
        .send()
        .await
        .unwrap();
    assert_eq!(start.status(), 403);
    assert_eq!(start.headers()["x-goog-upload-status"], "final");
    assert!(start.headers().get("x-goog-upload-url").is_none());
}

#[tokio::test]
async fn keys_given_replace_the_default_and_may_come_in_the_query() {
    let base_url = serve(Some(&["first", "second"])).await;
    for key in ["first", "second"] {
        client(&base_url, key)
            .models()
            .list(ListModelsRequest::new())
            .await
            .unwrap();
    }
    assert_invalid_key(
        client(&base_url, DEFAULT_API_KEY)
            .models()
            .list(ListModelsRequest::new())
            .await
            .unwrap_err(),
    );

    let http = reqwest::Client::new();
    let by_query = http
        .get(format!("{base_url}/v1beta/models?key=second&pageSize=1"))
        .send()
        .await
        .unwrap();
    assert_eq!(by_query.status(), 200, "the key parameter is not a field");
    let page: serde_json::Value = by_query.json().await.unwrap();
    assert_eq!(page["models"].as_array().map(Vec::len), Some(1));
    let wrong = http
        .get(format!("{base_url}/v1beta/models?key=third"))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 400);

    // A raw upload, keyed by the query parameter.
    let raw = http
        .post(format!("{base_url}/upload/v1beta/files?key=first"))
        .header("x-goog-upload-protocol", "raw")
        .header("content-type", "text/plain")
        .body("hello")
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 200);
    let body: serde_json::Value = raw.json().await.unwrap();
    assert_eq!(body["file"]["sizeBytes"], "5");
}

#[tokio::test]
async fn an_empty_key_list_refuses_every_key() {
    let base_url = serve(Some(&[])).await;
    assert_invalid_key(
        client(&base_url, DEFAULT_API_KEY)
            .models()
            .list(ListModelsRequest::new())
            .await
            .unwrap_err(),
    );
}

/// A started session's URL is its credential: the Python SDK sends the
/// chunks without the key, as Google's servers allow.
#[tokio::test]
async fn chunks_on_a_session_url_need_no_key() {
    let base_url = serve(None).await;
    let started = crate::http()
        .post(format!("{base_url}/upload/v1beta/files"))
        .header("x-goog-upload-protocol", "resumable")
        .header("x-goog-upload-command", "start")
        .header("x-goog-upload-header-content-length", "3")
        .send()
        .await
        .unwrap();
    assert_eq!(started.status(), 200);
    let session = started.headers()["x-goog-upload-url"].to_str().unwrap();
    let done = reqwest::Client::new()
        .post(session)
        .header("x-goog-upload-command", "upload, finalize")
        .header("x-goog-upload-offset", "0")
        .body("abc")
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 200);
    assert_eq!(done.headers()["x-goog-upload-status"], "final");
    let guessed = format!("{base_url}/upload/v1beta/files?upload_id=0");
    let gone = reqwest::Client::new()
        .post(guessed)
        .header("x-goog-upload-command", "query")
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), 404);
}
