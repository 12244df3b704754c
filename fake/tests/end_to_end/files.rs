//! Uploads (resumable through the client, and the protocol's edge cases by hand) and files.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures_util::TryStreamExt;
use gemini_v1beta::types::*;
use gemini_v1beta::Media;

use crate::{expect_error, start};

#[tokio::test]
async fn resumable_upload_then_get_list_delete() {
    let (client, fake, base_url) = start().await;
    let bytes: Vec<u8> = (0..1_000_003u32).map(|i| (i % 251) as u8).collect();
    let reports = Arc::new(AtomicU64::new(0));
    let counter = reports.clone();
    let media = Media::from_bytes(bytes.clone(), "text/plain")
        .chunk_size(262144)
        .on_progress(move |_| {
            counter.fetch_add(1, Ordering::Relaxed);
        });
    let request = CreateFileRequest::new().set_file(File::new().set_display_name("big notes"));
    let file = client
        .media()
        .upload_media(request, media)
        .await
        .unwrap()
        .file
        .unwrap();
    assert!(file.name.starts_with("files/"), "{}", file.name);
    assert_eq!(file.display_name, "big notes");
    assert_eq!(file.mime_type, "text/plain");
    assert_eq!(file.size_bytes, 1_000_003);
    assert_eq!(file.state, file::State::Active);
    assert_eq!(file.source, file::Source::Uploaded);
    assert_eq!(file.sha256_hash.len(), 32);
    assert_eq!(file.uri, format!("{base_url}/v1beta/{}", file.name));
    assert!(file.create_time.is_some() && file.expiration_time > file.create_time);
    assert_eq!(reports.load(Ordering::Relaxed), 4, "four chunks");
    assert_eq!(
        fake.file_bytes(&file.name).as_deref(),
        Some(bytes.as_slice())
    );

    let got = client
        .files()
        .get(GetFileRequest::new().set_name(file.name.clone()))
        .await
        .unwrap();
    assert_eq!(got, file);

    // A second upload with a caller-given name, in one chunk.
    let named = client
        .media()
        .upload_media(
            CreateFileRequest::new().set_file(File::new().set_name("files/small-one")),
            Media::from_bytes(b"tiny".to_vec(), "text/plain"),
        )
        .await
        .unwrap()
        .file
        .unwrap();
    assert_eq!(named.name, "files/small-one");
    let taken = client
        .media()
        .upload_media(
            CreateFileRequest::new().set_file(File::new().set_name("files/small-one")),
            Media::from_bytes(b"again".to_vec(), "text/plain"),
        )
        .await;
    expect_error(taken, "ALREADY_EXISTS");
    // Metadata only, through media.upload on /v1beta/files.
    let empty = client
        .media()
        .upload(CreateFileRequest::new().set_file(File::new().set_display_name("empty")))
        .await
        .unwrap()
        .file
        .unwrap();
    assert_eq!(empty.size_bytes, 0);
    assert_eq!(empty.state, file::State::Active);

    let page = client
        .files()
        .list(ListFilesRequest::new().set_page_size(2))
        .await
        .unwrap();
    assert_eq!(page.files.len(), 2);
    assert!(!page.next_page_token.is_empty());
    let all: Vec<File> = client
        .files()
        .list_items(ListFilesRequest::new().set_page_size(2))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 3);

    client
        .files()
        .delete(DeleteFileRequest::new().set_name(file.name.clone()))
        .await
        .unwrap();
    let message = expect_error(
        client
            .files()
            .get(GetFileRequest::new().set_name(file.name.clone()))
            .await,
        "NOT_FOUND",
    );
    assert!(message.contains(&file.name), "{message}");
    expect_error(
        client
            .files()
            .delete(DeleteFileRequest::new().set_name(file.name.clone()))
            .await,
        "NOT_FOUND",
    );
    assert_eq!(fake.file_bytes(&file.name), None);
}

/// The protocol by hand: query, a wrong offset, a chunk off the granularity, finalize, cancel.
#[tokio::test]
async fn upload_protocol_by_hand() {
    let (_, fake, base_url) = start().await;
    let http = crate::http();
    let upload_url = format!("{base_url}/upload/v1beta/files");
    let header = |response: &reqwest::Response, name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };

    let start = http
        .post(&upload_url)
        .header("x-goog-upload-protocol", "resumable")
        .header("x-goog-upload-command", "start")
        .header("x-goog-upload-header-content-length", "262154")
        .header("x-goog-upload-header-content-type", "application/pdf")
        .body(r#"{"file": {"displayName": "by hand"}}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(start.status(), 200);
    assert_eq!(header(&start, "x-goog-upload-status"), "active");
    assert_eq!(header(&start, "x-goog-upload-chunk-granularity"), "262144");
    let session = header(&start, "x-goog-upload-url");
    assert!(session.starts_with(&upload_url), "{session}");

    let send = |command: &'static str, offset: Option<u64>, body: Vec<u8>| {
        let mut request = http
            .post(&session)
            .header("x-goog-upload-command", command)
            .body(body);
        if let Some(offset) = offset {
            request = request.header("x-goog-upload-offset", offset.to_string());
        }
        request.send()
    };
    let query = send("query", None, Vec::new()).await.unwrap();
    assert_eq!(header(&query, "x-goog-upload-size-received"), "0");

    let off_grid = send("upload", Some(0), vec![1; 1000]).await.unwrap();
    assert_eq!(off_grid.status(), 400);
    let body: serde_json::Value = off_grid.json().await.unwrap();
    assert_eq!(body["error"]["status"], "INVALID_ARGUMENT");

    let first = send("upload", Some(0), vec![7; 262144]).await.unwrap();
    assert_eq!(first.status(), 200);
    assert_eq!(header(&first, "x-goog-upload-status"), "active");
    assert_eq!(header(&first, "x-goog-upload-size-received"), "262144");

    let wrong_offset = send("upload", Some(5), vec![8; 10]).await.unwrap();
    assert_eq!(wrong_offset.status(), 400);
    assert_eq!(
        header(&wrong_offset, "x-goog-upload-status"),
        "final",
        "errors carry the status too, or SDKs resend"
    );

    let short = send("upload, finalize", Some(262144), vec![8; 3])
        .await
        .unwrap();
    assert_eq!(short.status(), 400, "fewer bytes than announced");
    let query = send("query", None, Vec::new()).await.unwrap();
    assert_eq!(
        header(&query, "x-goog-upload-size-received"),
        "262144",
        "a refused request keeps nothing"
    );
    let rest = send("upload", Some(262144), vec![9; 10]).await;
    assert_eq!(
        rest.unwrap().status(),
        400,
        "10 bytes are off the granularity"
    );
    let last = send("upload, finalize", Some(262144), vec![9; 10])
        .await
        .unwrap();
    assert_eq!(last.status(), 200);
    assert_eq!(header(&last, "x-goog-upload-status"), "final");
    let body: serde_json::Value = last.json().await.unwrap();
    assert_eq!(body["file"]["sizeBytes"], "262154");
    assert_eq!(body["file"]["mimeType"], "application/pdf");
    assert_eq!(body["file"]["state"], "ACTIVE");
    let name = body["file"]["name"].as_str().unwrap().to_owned();
    assert_eq!(fake.file_bytes(&name).map(|b| b.len()), Some(262154));

    // After the end, a query answers the file again.
    let query = send("query", None, Vec::new()).await.unwrap();
    assert_eq!(header(&query, "x-goog-upload-status"), "final");
    let again: serde_json::Value = query.json().await.unwrap();
    assert_eq!(again["file"]["name"], name.as_str());

    // Cancel, then the session is gone.
    let start = http
        .post(&upload_url)
        .header("x-goog-upload-protocol", "resumable")
        .header("x-goog-upload-command", "start")
        .send()
        .await
        .unwrap();
    let other = header(&start, "x-goog-upload-url");
    let cancel = http
        .post(&other)
        .header("x-goog-upload-command", "cancel")
        .send()
        .await
        .unwrap();
    assert_eq!(header(&cancel, "x-goog-upload-status"), "cancelled");
    let gone = http
        .post(&other)
        .header("x-goog-upload-command", "query")
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), 404);
    assert_eq!(header(&gone, "x-goog-upload-status"), "cancelled");

    // raw: one request.
    let raw = http
        .post(&upload_url)
        .header("x-goog-upload-protocol", "raw")
        .header("content-type", "image/png")
        .body(vec![1, 2, 3])
        .send()
        .await
        .unwrap();
    let body: serde_json::Value = raw.json().await.unwrap();
    assert_eq!(body["file"]["sizeBytes"], "3");
    assert_eq!(body["file"]["mimeType"], "image/png");

    // Errors in the API's shape.
    let no_protocol = http.post(&upload_url).send().await.unwrap();
    assert_eq!(no_protocol.status(), 400);
    let wrong_verb = http.get(&upload_url).send().await.unwrap();
    assert_eq!(wrong_verb.status(), 405);
    let body: serde_json::Value = wrong_verb.json().await.unwrap();
    assert_eq!(body["error"]["code"], 405);
}

/// The JS SDK sends `{}` as the body of a DELETE: accepted as no body.
#[tokio::test]
async fn a_delete_with_an_empty_json_body_is_served() {
    let (client, _, base_url) = start().await;
    let file = client
        .media()
        .upload(CreateFileRequest::new())
        .await
        .unwrap()
        .file
        .unwrap();
    let http = crate::http();
    let deleted = http
        .delete(format!("{base_url}/v1beta/{}", file.name))
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 200);
    let refused = http
        .delete(format!("{base_url}/v1beta/{}", file.name))
        .body(r#"{"name": "x"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 400, "a real body is still refused");
}

/// Files expire 48 hours after their upload and upload sessions an hour
/// after their last request, both by the fake's clock.
#[tokio::test]
async fn files_and_idle_upload_sessions_expire_by_the_clock() {
    let (client, fake, base_url) = start().await;
    let file = client
        .media()
        .upload_media(
            CreateFileRequest::new(),
            Media::from_bytes(b"short-lived".to_vec(), "text/plain"),
        )
        .await
        .unwrap()
        .file
        .unwrap();
    let http = crate::http();
    let session_url = |start: &reqwest::Response| {
        start.headers()["x-goog-upload-url"]
            .to_str()
            .unwrap()
            .to_owned()
    };
    let start_session = || {
        http.post(format!("{base_url}/upload/v1beta/files"))
            .header("x-goog-upload-protocol", "resumable")
            .header("x-goog-upload-command", "start")
            .send()
    };
    let query = |url: String| {
        http.post(url)
            .header("x-goog-upload-command", "query")
            .send()
    };
    let idle = session_url(&start_session().await.unwrap());
    let busy = session_url(&start_session().await.unwrap());

    fake.clock().advance(Duration::from_secs(59 * 60));
    assert_eq!(query(busy.clone()).await.unwrap().status(), 200);
    fake.clock().advance(Duration::from_secs(60));
    let expired = query(idle).await.unwrap();
    assert_eq!(expired.status(), 404, "idle for an hour");
    assert_eq!(expired.headers()["x-goog-upload-status"], "cancelled");
    assert_eq!(
        query(busy).await.unwrap().status(),
        200,
        "touched a minute ago"
    );

    let files = client.files();
    let get = || files.get(GetFileRequest::new().set_name(file.name.clone()));
    fake.clock().advance(Duration::from_secs(47 * 3600 - 1));
    assert_eq!(get().await.unwrap(), file);
    fake.clock().advance(Duration::from_secs(1));
    expect_error(get().await, "NOT_FOUND");
    assert_eq!(fake.file_bytes(&file.name), None);
    let listed = files.list(ListFilesRequest::new()).await.unwrap();
    assert!(listed.files.is_empty());
}

#[tokio::test]
async fn a_file_is_processing_for_the_processing_time_and_unusable_until_active() {
    let fake = gemini_fake::Fake::with_clock(gemini_fake::Clock::manual())
        .processing_time(Duration::from_secs(10));
    let (client, fake, _) = crate::serve(fake).await;
    let file = client
        .media()
        .upload_media(
            CreateFileRequest::new(),
            Media::from_bytes(b"a few bytes".to_vec(), "text/plain"),
        )
        .await
        .unwrap()
        .file
        .unwrap();
    assert_eq!(file.state, file::State::Processing);
    let ask = || {
        GenerateContentRequest::new()
            .set_model("models/gemini-2.0-flash")
            .set_contents([Content::new().set_role("user").set_parts([
                Part::new().set_file_data(
                    FileData::new()
                        .set_file_uri(file.uri.clone())
                        .set_mime_type("text/plain"),
                ),
                Part::new().set_text("What is in it?"),
            ])])
    };
    let message = expect_error(
        client.models().generate_content(ask()).await,
        "FAILED_PRECONDITION",
    );
    let id = file.name.strip_prefix("files/").unwrap();
    assert!(
        message.contains(id) && message.contains("not in an ACTIVE state"),
        "{message}"
    );

    fake.clock().advance(Duration::from_secs(9));
    let get = GetFileRequest::new().set_name(file.name.clone());
    let still = client.files().get(get.clone()).await.unwrap();
    assert_eq!(still.state, file::State::Processing);
    fake.clock().advance(Duration::from_secs(1));
    let policy = gemini_v1beta::PollPolicy {
        initial_delay: Duration::from_millis(1),
        ..Default::default()
    };
    let active = client.files().wait_until_active(get, policy).await.unwrap();
    assert_eq!(active.state, file::State::Active);
    assert_eq!(
        active.update_time,
        file.create_time
            .map(|time| gemini_v1beta::Timestamp::new(time.seconds + 10, time.nanos))
    );
    let listed: Vec<File> = client
        .files()
        .list_items(ListFilesRequest::new())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(listed[0].state, file::State::Active);
    let answer = client.models().generate_content(ask()).await.unwrap();
    assert_eq!(answer.candidates.len(), 1);
}
