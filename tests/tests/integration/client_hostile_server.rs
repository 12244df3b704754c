//! A hostile server against the generated client, on loopback: it can
//! neither take the API key, a bearer token or a request body to another origin, nor make
//! a call wait for days, nor exhaust the client's memory, nor hang it.
//! A second listener on another port plays "another origin".

use std::time::{Duration, Instant};

use apigen_tests::{RecordingServer, Reply};
use axum::body::{Body, Bytes};
use axum::http::Response;
use axum::Router;
use futures_util::{stream, StreamExt};
use gemini_v1beta::client::CONFIG;
use gemini_v1beta::types::{
    CountTokensRequest, CreateFileRequest, File, GenerateContentRequest, GetModelRequest,
};
use gemini_v1beta::SizeLimit;
use gemini_v1beta::{Client, Error, Media, RetryPolicy};
use serde_json::json;

const KEY: &str = "hostile-test-key-42";
const TOKEN: &str = "hostile-test-token-43";
/// Longer than any of these tests may take to give an error "at once".
const PROMPTLY: Duration = Duration::from_secs(2);

fn client_for(base_url: &str) -> Client {
    Client::builder()
        .api_key(KEY)
        .base_url(base_url)
        .build()
        .unwrap()
}

fn get_model() -> GetModelRequest {
    GetModelRequest::new().set_name("models/m")
}

fn count_tokens() -> CountTokensRequest {
    CountTokensRequest::new().set_model("models/m")
}

/// A server that answers every request `status` with a `location` header.
async fn redirecting(status: u16, location: String) -> RecordingServer {
    RecordingServer::start(move |_| {
        Reply::JsonWithHeaders(status, vec![("location", location.clone())], json!({}))
    })
    .await
}

/// Serves `app` on a loopback port for the rest of the test; its base URL.
async fn serve(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

/// A server answering every request 200 with a body from `body()`, sent as it comes.
async fn streaming_server<S>(content_type: &'static str, body: fn() -> S) -> String
where
    S: futures_util::Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static,
{
    let app = Router::new().fallback(move || async move {
        Response::builder()
            .header("content-type", content_type)
            .body(Body::from_stream(body()))
            .unwrap()
    });
    serve(app).await
}

/// Repeats `piece` forever.
fn endless(piece: Bytes) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> {
    stream::repeat(piece).map(Ok)
}

/// An endless run of `x`, 64 KiB at a time.
fn endless_xs() -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> {
    endless(Bytes::from(vec![b'x'; 64 * 1024]))
}

fn assert_no_key(error: &Error) {
    for text in [error.to_string(), format!("{error:?}")] {
        assert!(!text.contains(KEY), "the key leaked: {text}");
    }
}

/// A redirect to another origin, for each redirect status, ends the call
/// with `Error::CrossOrigin`: the credential (`header: secret`) went to the
/// base URL's origin only, and the other origin saw nothing.
async fn redirect_elsewhere_is_refused(client: fn(&str) -> Client, header: &str, secret: &str) {
    let other = RecordingServer::start(|_| Reply::Json(200, json!({"totalTokens": 1}))).await;
    for status in [301, 302, 307, 308] {
        let location = format!("{}/v1beta/models/m:countTokens", other.base_url());
        let server = redirecting(status, location).await;
        let started = Instant::now();
        let error = client(&server.base_url())
            .models()
            .count_tokens(count_tokens())
            .await
            .unwrap_err();
        match &error {
            Error::CrossOrigin { via, origin, .. } => {
                assert_eq!(*via, "a redirect");
                assert_eq!(*origin, other.base_url());
            }
            other => panic!("{status}: expected CrossOrigin, got {other:?}"),
        }
        assert!(!error.is_retryable());
        assert!(started.elapsed() < PROMPTLY);
        for text in [error.to_string(), format!("{error:?}")] {
            assert!(!text.contains(secret), "the secret leaked: {text}");
        }
        let sent = server.take();
        assert_eq!(sent.len(), 1, "{status}: sent once, not retried");
        assert_eq!(sent[0].headers[header], secret);
        assert!(sent[0].body.is_some(), "countTokens has a body");
        assert_eq!(
            other.take(),
            vec![],
            "{status}: the other origin saw nothing"
        );
    }
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_refused_and_nothing_reaches_it() {
    redirect_elsewhere_is_refused(client_for, "x-goog-api-key", KEY).await;
}

#[tokio::test]
async fn a_redirect_to_another_origin_keeps_the_bearer_token_home() {
    let with_token = |base_url: &str| {
        Client::builder()
            .bearer_token(TOKEN)
            .base_url(base_url)
            .build()
            .unwrap()
    };
    redirect_elsewhere_is_refused(with_token, "authorization", &format!("Bearer {TOKEN}")).await;
}

#[tokio::test]
async fn a_redirect_within_the_origin_is_followed_with_the_key() {
    let server = RecordingServer::start(|request| {
        if request.path.ends_with("/moved") {
            Reply::Json(200, json!({"name": "models/m"}))
        } else {
            Reply::JsonWithHeaders(307, vec![("location", "/moved".to_owned())], json!({}))
        }
    })
    .await;
    let model = client_for(&server.base_url())
        .models()
        .get(get_model())
        .await
        .unwrap();
    assert_eq!(model.name, "models/m");
    let sent = server.take();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[1].path, "/moved");
    assert_eq!(sent[1].headers["x-goog-api-key"], KEY);
}

#[tokio::test]
async fn an_upload_url_on_another_origin_is_refused_before_any_chunk() {
    let other = RecordingServer::start(|_| Reply::Json(200, json!({"file": {}}))).await;
    let session_url = format!("{}/upload/session", other.base_url());
    let server = RecordingServer::start(move |_| {
        Reply::JsonWithHeaders(
            200,
            vec![
                ("x-goog-upload-status", "active".to_owned()),
                ("x-goog-upload-url", session_url.clone()),
            ],
            json!({}),
        )
    })
    .await;
    let request = CreateFileRequest::new().set_file(File::new().set_display_name("f"));
    let media = Media::from_bytes(vec![7u8; 1000], "application/octet-stream");
    let error = client_for(&server.base_url())
        .media()
        .upload_media(request, media)
        .await
        .unwrap_err();
    match &error {
        Error::CrossOrigin { via, origin, .. } => {
            assert_eq!(*via, "an upload URL");
            assert_eq!(*origin, other.base_url());
        }
        other => panic!("expected CrossOrigin, got {other:?}"),
    }
    assert_no_key(&error);
    assert_eq!(server.take().len(), 1, "only the start request");
    assert_eq!(other.take(), vec![], "no chunk went to the other origin");
}

/// Asks for a model from a server that answers `reply` to everything; the
/// error, which must come at once.
async fn error_at_once(client: impl FnOnce(&str) -> Client, reply: Reply) -> (Error, usize) {
    let server = RecordingServer::start(move |_| reply.clone()).await;
    let started = Instant::now();
    let error = client(&server.base_url())
        .models()
        .get(get_model())
        .await
        .unwrap_err();
    assert!(
        started.elapsed() < PROMPTLY,
        "waited {:?} for {error}",
        started.elapsed()
    );
    (error, server.take().len())
}

fn retry_after(status: u16, seconds: &str) -> Reply {
    Reply::JsonWithHeaders(
        status,
        vec![("retry-after", seconds.to_owned())],
        json!({"error": {"code": status}}),
    )
}

#[tokio::test]
async fn a_retry_after_longer_than_the_cap_ends_the_call_at_once() {
    let (error, requests) = error_at_once(client_for, retry_after(503, "999999")).await;
    assert_eq!(error.http_status(), Some(503));
    assert_eq!(error.retry_delay(), Some(Duration::from_secs(999_999)));
    assert_eq!(requests, 1);
}

#[tokio::test]
async fn a_ten_day_retry_info_ends_the_call_at_once() {
    let body = json!({"error": {"code": 429, "status": "RESOURCE_EXHAUSTED", "details": [
        {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "864000s"}
    ]}});
    let (error, requests) = error_at_once(client_for, Reply::Json(429, body)).await;
    assert_eq!(error.http_status(), Some(429));
    assert_eq!(error.retry_delay(), Some(Duration::from_secs(864_000)));
    assert_eq!(requests, 1);
}

#[tokio::test]
async fn the_largest_retry_after_with_a_deadline_ends_the_call_at_once_without_overflow() {
    let asked = u64::MAX.to_string();
    let with_deadline = |base: &str| {
        Client::builder()
            .api_key(KEY)
            .base_url(base)
            .retry(
                CONFIG
                    .retry
                    .with_deadline(Duration::from_secs(60))
                    .with_max_server_delay(Duration::MAX),
            )
            .build()
            .unwrap()
    };
    let (error, requests) = error_at_once(with_deadline, retry_after(429, &asked)).await;
    assert_eq!(error.retry_delay(), Some(Duration::from_secs(u64::MAX)));
    assert_eq!(requests, 1);
}

#[tokio::test]
async fn a_retry_after_within_the_cap_is_still_waited_for() {
    let server = RecordingServer::start({
        let calls = std::sync::atomic::AtomicUsize::new(0);
        move |_| match calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst) {
            0 => retry_after(429, "1"),
            _ => Reply::Json(200, json!({"name": "models/m"})),
        }
    })
    .await;
    let capped = RetryPolicy {
        max_server_delay: Duration::from_secs(1),
        ..CONFIG.retry
    };
    let client = Client::builder()
        .api_key(KEY)
        .base_url(server.base_url())
        .retry(capped)
        .build()
        .unwrap();
    let started = Instant::now();
    client.models().get(get_model()).await.unwrap();
    assert!(started.elapsed() >= Duration::from_secs(1));
    assert_eq!(server.take().len(), 2);
}

fn stream_request() -> GenerateContentRequest {
    GenerateContentRequest::new().set_model("models/m")
}

#[tokio::test]
async fn an_endless_event_line_ends_the_stream_at_the_line_limit() {
    let base = streaming_server("text/event-stream", || {
        stream::iter([Ok(Bytes::from_static(b"data: "))]).chain(endless_xs())
    })
    .await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(&base)
        .max_event_line(1 << 20)
        .build()
        .unwrap();
    let mut stream = client
        .models()
        .stream_generate_content(stream_request())
        .await
        .unwrap();
    let error = stream.next().await.unwrap().unwrap_err();
    match error {
        Error::TooLarge { limit, .. } => assert_eq!(limit, SizeLimit::EventLine(1 << 20)),
        other => panic!("expected TooLarge, got {other:?}"),
    }
    assert!(
        stream.next().await.is_none(),
        "the stream ends after the error"
    );
}

#[tokio::test]
async fn an_event_of_many_lines_ends_the_stream_at_the_event_limit() {
    let base = streaming_server("text/event-stream", || {
        endless(Bytes::from(format!("data: {}\n", "y".repeat(1000))))
    })
    .await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(&base)
        .max_event_size(100_000)
        .build()
        .unwrap();
    let mut stream = client
        .models()
        .stream_generate_content(stream_request())
        .await
        .unwrap();
    match stream.next().await.unwrap().unwrap_err() {
        Error::TooLarge { limit, .. } => assert_eq!(limit, SizeLimit::Event(100_000)),
        other => panic!("expected TooLarge, got {other:?}"),
    }
}

fn small_bodies(base: &str) -> Client {
    Client::builder()
        .api_key(KEY)
        .base_url(base)
        .max_body_size(1 << 20)
        .build()
        .unwrap()
}

fn assert_body_too_large(error: &Error) {
    match error {
        Error::TooLarge { limit, .. } => assert_eq!(*limit, SizeLimit::Body(1 << 20)),
        other => panic!("expected TooLarge, got {other:?}"),
    }
}

#[tokio::test]
async fn a_unary_body_over_the_limit_is_refused() {
    let big = format!("{{\"name\": \"{}\"}}", "n".repeat(2 << 20));
    let (error, requests) =
        error_at_once(small_bodies, Reply::Raw(200, "application/json", big)).await;
    assert_body_too_large(&error);
    assert_eq!(requests, 1, "not retried");

    let (error, _) = error_at_once(
        small_bodies,
        Reply::Raw(500, "text/html", "e".repeat(2 << 20)),
    )
    .await;
    assert_body_too_large(&error);

    let just_fits = format!("{{\"name\": \"{}\"}}", "n".repeat((1 << 20) - 20));
    let server =
        RecordingServer::start(move |_| Reply::Raw(200, "application/json", just_fits.clone()))
            .await;
    let model = small_bodies(&server.base_url())
        .models()
        .get(get_model())
        .await
        .unwrap();
    assert_eq!(model.name.len(), (1 << 20) - 20);
}

#[tokio::test]
async fn an_endless_unary_body_without_a_length_is_cut_at_the_limit() {
    let base = streaming_server("application/json", endless_xs).await;
    let started = Instant::now();
    let error = small_bodies(&base)
        .models()
        .get(get_model())
        .await
        .unwrap_err();
    assert_body_too_large(&error);
    assert!(started.elapsed() < PROMPTLY);
}

fn short_read_timeout(base: &str) -> Client {
    Client::builder()
        .api_key(KEY)
        .base_url(base)
        .read_timeout(Duration::from_millis(300))
        .retry(RetryPolicy::NONE)
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let silent = Reply::After(
        Duration::from_secs(3600),
        Box::new(Reply::Json(200, json!({}))),
    );
    let (error, _) = error_at_once(short_read_timeout, silent).await;
    match error {
        Error::Timeout { after, .. } => assert_eq!(after, Some(Duration::from_millis(300))),
        other => panic!("expected Timeout, got {other:?}"),
    }
}

/// A stream that sends one event and then nothing, without closing.
fn one_event_then_idle() -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> {
    let event = Bytes::from_static(b"data: {\"responseId\": \"r1\"}\n\n");
    stream::iter([Ok(event)]).chain(stream::pending())
}

#[tokio::test]
async fn an_idle_stream_times_out_under_the_read_timeout_and_under_a_call_timeout() {
    let base = streaming_server("text/event-stream", one_event_then_idle).await;
    let with_call_timeout = Client::builder()
        .api_key(KEY)
        .base_url(&base)
        .timeout(Duration::from_millis(500))
        .build()
        .unwrap();
    for (client, after) in [
        (short_read_timeout(&base), Duration::from_millis(300)),
        (with_call_timeout, Duration::from_millis(500)),
    ] {
        let started = Instant::now();
        let mut stream = client
            .models()
            .stream_generate_content(stream_request())
            .await
            .unwrap();
        let first = stream.next().await.unwrap().unwrap();
        assert_eq!(first.response_id, "r1");
        match stream.next().await.unwrap().unwrap_err() {
            Error::Timeout { after: seen, .. } => assert_eq!(seen, Some(after)),
            other => panic!("expected Timeout, got {other:?}"),
        }
        assert!(started.elapsed() < PROMPTLY);
    }
}

#[tokio::test]
async fn a_slow_stream_that_keeps_sending_outlives_the_read_timeout() {
    // Six events 100 ms apart: 600 ms in all, under a 300 ms read timeout.
    let base = streaming_server("text/event-stream", || {
        stream::iter(0..6).then(|index| async move {
            tokio::time::sleep(Duration::from_millis(100)).await;
            Ok(Bytes::from(format!(
                "data: {{\"responseId\": \"{index}\"}}\n\n"
            )))
        })
    })
    .await;
    let client = short_read_timeout(&base);
    let stream = client
        .models()
        .stream_generate_content(stream_request())
        .await
        .unwrap();
    let ids: Vec<String> = stream.map(|item| item.unwrap().response_id).collect().await;
    assert_eq!(ids, ["0", "1", "2", "3", "4", "5"]);
}

#[tokio::test]
async fn timeouts_on_a_caller_s_http_client_are_a_configuration_error() {
    let error = Client::builder()
        .http_client(reqwest::Client::new())
        .read_timeout(Duration::from_secs(1))
        .build()
        .unwrap_err();
    assert!(matches!(error, Error::Config(_)), "{error:?}");
}

#[test]
fn a_spec_without_max_server_delay_lets_a_server_ask_for_a_minute() {
    // `spec/api.yaml` leaves `retry.max_server_delay` out: real rate limits
    // ask for 20 to 60 s, longer than the 10 s backoff.
    assert_eq!(CONFIG.retry.max_server_delay, Duration::from_secs(60));
    assert!(CONFIG.retry.max_server_delay > CONFIG.retry.max_backoff);
}
