//! Requests in any JSON that the proto3 mapping allows, as other clients
//! (the official SDKs among them) send it, and what it forbids.

use crate::start;

/// A cache created with a `ttl` that is not a duration is refused, with the
/// field named, instead of silently taking the default lifetime.
#[tokio::test]
async fn a_garbage_ttl_is_a_400_that_names_the_field() {
    let (_, _, base_url) = start().await;
    let response = crate::http()
        .post(format!("{base_url}/v1beta/cachedContents"))
        .body(r#"{"model": "models/gemini-1.5-flash-001", "ttl": "ten minutes"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"]["status"], "INVALID_ARGUMENT");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains("ttl: invalid duration"), "{message}");
}

/// Two members of one oneof (`ttl` and `expireTime`) are refused.
#[tokio::test]
async fn two_members_of_one_oneof_are_refused() {
    let (_, _, base_url) = start().await;
    let response = crate::http()
        .post(format!("{base_url}/v1beta/cachedContents"))
        .body(r#"{"model": "m", "ttl": "60s", "expireTime": "2030-01-01T00:00:00Z"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: serde_json::Value = response.json().await.unwrap();
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains("oneof `expiration`"), "{message}");
}

/// Upload metadata in proto field names, exactly as the Python SDK sends it:
/// the display name and MIME type are kept.
#[tokio::test]
async fn snake_case_upload_metadata_keeps_the_display_name() {
    let (_, _, base_url) = start().await;
    let http = crate::http();
    let start = http
        .post(format!("{base_url}/upload/v1beta/files"))
        .header("x-goog-upload-protocol", "resumable")
        .header("x-goog-upload-command", "start")
        .header("x-goog-upload-header-content-length", "46")
        .header("x-goog-upload-header-content-type", "text/plain")
        .body(r#"{"file": {"display_name": "notes", "mime_type": "text/plain", "size_bytes": 46}}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(start.status(), 200);
    let session = start.headers()["x-goog-upload-url"]
        .to_str()
        .unwrap()
        .to_owned();
    let done = http
        .post(&session)
        .header("x-goog-upload-command", "upload, finalize")
        .header("x-goog-upload-offset", "0")
        .body(vec![b'x'; 46])
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 200);
    let body: serde_json::Value = done.json().await.unwrap();
    assert_eq!(body["file"]["displayName"], "notes");
    assert_eq!(body["file"]["mimeType"], "text/plain");
}

/// A corpus created with a proto field name, `null` for a field, and a
/// number given as a string.
#[tokio::test]
async fn proto_names_nulls_and_numeric_strings_are_read() {
    let (_, _, base_url) = start().await;
    let http = crate::http();
    let created = http
        .post(format!("{base_url}/v1beta/corpora"))
        .body(r#"{"display_name": "Notes", "name": null}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 200);
    let corpus: serde_json::Value = created.json().await.unwrap();
    assert_eq!(corpus["displayName"], "Notes");
    let listed = http
        .get(format!("{base_url}/v1beta/corpora?pageSize=1"))
        .send()
        .await
        .unwrap();
    assert_eq!(listed.status(), 200);
    let page: serde_json::Value = listed.json().await.unwrap();
    assert_eq!(page["corpora"][0]["displayName"], "Notes");
}
