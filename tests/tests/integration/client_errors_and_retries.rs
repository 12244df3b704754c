//! Errors, retries, credentials and per-call options, through the public client.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use apigen_runtime::{Code, Detail};
use apigen_tests::{RecordingServer, Reply};
use gemini_v1beta::client::CONFIG;
use gemini_v1beta::types::{
    Corpus, CountTokensRequest, CreateCorpusRequest, GetCorpusRequest, GetModelRequest,
};
use gemini_v1beta::{CallOptions, Client, Error, RetryPolicy, TokenSource};
use serde_json::json;

/// The API's retry policy with millisecond waits, so tests stay fast.
fn fast_retries() -> RetryPolicy {
    RetryPolicy {
        initial_backoff: Duration::from_millis(5),
        max_backoff: Duration::from_millis(10),
        ..CONFIG.retry
    }
}

fn client(server: &RecordingServer) -> Client {
    Client::builder()
        .api_key("secret-key-123")
        .base_url(server.base_url())
        .retry(fast_retries())
        .build()
        .unwrap()
}

/// A server answering `failures` in order, then `{"name": "models/m"}`.
async fn flaky(failures: Vec<Reply>) -> RecordingServer {
    let calls = AtomicUsize::new(0);
    RecordingServer::start(move |_| {
        let call = calls.fetch_add(1, Ordering::SeqCst);
        failures
            .get(call)
            .cloned()
            .unwrap_or_else(|| Reply::Json(200, json!({"name": "models/m"})))
    })
    .await
}

/// A request for `models/m`, the model every test here asks for.
fn get_model_m() -> GetModelRequest {
    GetModelRequest::new().set_name("models/m")
}

fn unavailable() -> Reply {
    Reply::Json(
        503,
        json!({"error": {"code": 503, "message": "overloaded", "status": "UNAVAILABLE"}}),
    )
}

#[tokio::test]
async fn a_503_with_retry_after_is_retried_after_the_asked_wait() {
    let server = flaky(vec![Reply::JsonWithHeaders(
        503,
        vec![("retry-after", "1".to_owned())],
        json!({"error": {"code": 503}}),
    )])
    .await;
    let started = Instant::now();
    let model = client(&server).models().get(get_model_m()).await.unwrap();
    assert_eq!(model.name, "models/m");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After was honoured: {:?}",
        started.elapsed()
    );
    assert_eq!(server.take().len(), 2);
}

#[tokio::test]
async fn retries_stop_after_the_policy_s_attempts() {
    let server = flaky(vec![unavailable(); 10]).await;
    let error = client(&server)
        .models()
        .get(get_model_m())
        .await
        .unwrap_err();
    assert_eq!(error.http_status(), Some(503));
    assert!(error.is_retryable());
    assert_eq!(server.take().len(), CONFIG.retry.max_attempts as usize);
}

#[tokio::test]
async fn a_non_idempotent_call_is_retried_only_when_it_cannot_have_been_applied() {
    let create = || CreateCorpusRequest::new().set_corpus(Corpus::new().set_display_name("c"));
    let server = flaky(vec![unavailable()]).await;
    let error = client(&server)
        .corpora()
        .create(create())
        .await
        .unwrap_err();
    assert_eq!(error.http_status(), Some(503));
    assert_eq!(
        server.take().len(),
        1,
        "a 503 on a create may have created the corpus: no retry"
    );

    let server = flaky(vec![Reply::Json(
        429,
        json!({"error": {"code": 429, "status": "RESOURCE_EXHAUSTED"}}),
    )])
    .await;
    client(&server).corpora().create(create()).await.unwrap();
    assert_eq!(
        server.take().len(),
        2,
        "a 429 means nothing was done: retried"
    );
}

#[tokio::test]
async fn a_side_effect_free_post_is_retried_like_a_get() {
    let server = flaky(vec![unavailable(), unavailable()]).await;
    client(&server)
        .models()
        .count_tokens(CountTokensRequest::new().set_model("models/m"))
        .await
        .unwrap();
    assert_eq!(server.take().len(), 3);
}

#[tokio::test]
async fn a_400_carries_the_whole_error_body() {
    let body = json!({"error": {
        "code": 400,
        "message": "API key not valid. Please pass a valid API key.",
        "status": "INVALID_ARGUMENT",
        "details": [
            {"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID", "domain": "googleapis.com"},
            {"@type": "type.googleapis.com/google.rpc.BadRequest", "fieldViolations": [{"field": "model", "description": "unknown"}]}
        ]
    }});
    let server = RecordingServer::start(move |_| Reply::Json(400, body.clone())).await;
    let error = client(&server)
        .models()
        .get(get_model_m())
        .await
        .unwrap_err();
    let api = error.api_error().expect("an API error");
    assert_eq!(
        (api.http_status, api.code, &api.status.code),
        (400, 400, &Code::InvalidArgument)
    );
    assert_eq!(api.method_id, "models.get");
    assert_eq!(error.details().len(), 2);
    assert_eq!(error.reason(), Some("API_KEY_INVALID"));
    assert!(
        matches!(&error.details()[1], Detail::BadRequest(request)
            if request.field_violations[0].field == "model"),
        "{:?}",
        error.details()
    );
    assert!(!error.is_retryable());
    assert_eq!(server.take().len(), 1);
    assert_eq!(error.to_string(), "models.get failed with HTTP 400 INVALID_ARGUMENT: API key not valid. Please pass a valid API key.");
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_decode_error_with_its_first_bytes() {
    let server = RecordingServer::start(|_| {
        Reply::Raw(
            200,
            "application/json",
            "{\"name\": \"models/m\", oops".to_owned(),
        )
    })
    .await;
    let error = client(&server)
        .models()
        .get(get_model_m())
        .await
        .unwrap_err();
    match &error {
        Error::Decode {
            method_id, snippet, ..
        } => {
            assert_eq!(*method_id, "models.get");
            assert_eq!(snippet, "{\"name\": \"models/m\", oops");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn an_html_error_page_is_kept_as_the_raw_body() {
    let server = RecordingServer::start(|_| {
        Reply::Raw(502, "text/html", "<html>Bad Gateway</html>".to_owned())
    })
    .await;
    let error = single_attempt(&server)
        .models()
        .get(get_model_m())
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some(&Code::Unavailable), "by its HTTP status");
    assert_eq!(
        error.api_error().unwrap().raw_body.as_deref(),
        Some("<html>Bad Gateway</html>")
    );
}

/// A client that makes one attempt, against `server`.
fn single_attempt(server: &RecordingServer) -> Client {
    Client::builder()
        .api_key("k")
        .base_url(server.base_url())
        .retry(RetryPolicy::NONE)
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_429_s_retry_info_is_typed_and_gives_the_retry_delay() {
    let body = json!({"error": {"code": 429, "message": "quota", "status": "RESOURCE_EXHAUSTED", "details": [
        {"@type": "type.googleapis.com/google.rpc.QuotaFailure", "violations": [{"subject": "project:p"}]},
        {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "2s"}
    ]}});
    let server = RecordingServer::start(move |_| Reply::Json(429, body.clone())).await;
    let error = single_attempt(&server)
        .models()
        .get(get_model_m())
        .await
        .unwrap_err();
    assert_eq!(error.retry_delay(), Some(Duration::from_secs(2)));
    assert_eq!(error.code(), Some(&Code::ResourceExhausted));
    assert_eq!(error.code().map(Code::http_status), Some(429));
    let [Detail::QuotaFailure(quota), Detail::RetryInfo(info)] = error.details() else {
        panic!(
            "expected a QuotaFailure and a RetryInfo, got {:?}",
            error.details()
        );
    };
    assert_eq!(quota.violations[0].subject, "project:p");
    assert_eq!(
        info.retry_delay,
        Some(apigen_runtime::Duration::from_secs(2))
    );
    assert_eq!(error.reason(), None);
}

#[tokio::test]
async fn unknown_and_malformed_details_and_codes_are_kept_as_they_came() {
    let body = json!({"error": {"code": 499, "message": "gone", "status": "SOMETHING_NEW", "details": [
        {"@type": "type.googleapis.com/google.rpc.RequestInfo", "requestId": "r-1"},
        {"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": 5},
        {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "-3s"}
    ]}});
    let server = RecordingServer::start(move |_| Reply::Json(499, body.clone())).await;
    let error = single_attempt(&server)
        .models()
        .get(get_model_m())
        .await
        .unwrap_err();
    let status = error.status().unwrap();
    assert_eq!(status.code.name(), Some("SOMETHING_NEW"));
    assert_eq!(status.code.number(), None);
    let [Detail::Other(request_info), Detail::Other(bad_info), Detail::RetryInfo(_)] =
        status.details.as_slice()
    else {
        panic!("unexpected details {:?}", status.details);
    };
    assert_eq!(request_info.fields["requestId"], "r-1");
    assert_eq!(bad_info.fields["reason"], 5);
    assert_eq!(error.reason(), None, "a malformed ErrorInfo has no reason");
    assert_eq!(error.retry_delay(), None, "a negative delay is no wait");
    assert_eq!(
        error.to_string(),
        "models.get failed with HTTP 499 SOMETHING_NEW: gone"
    );
}

#[tokio::test]
async fn an_error_without_a_status_name_takes_its_code_from_the_http_status() {
    let server = RecordingServer::start(|_| {
        Reply::Json(404, json!({"error": {"code": 404, "message": "no"}}))
    })
    .await;
    let error = single_attempt(&server)
        .models()
        .get(get_model_m())
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some(&Code::NotFound));
    assert!(error.details().is_empty());
}

#[tokio::test]
async fn names_that_would_leave_their_segment_are_refused_before_sending() {
    let server = RecordingServer::start(|_| Reply::Json(200, json!({}))).await;
    let client = client(&server);
    for name in [
        "corpora/a/b",
        "corpora/..",
        "corpora/a?admin=1",
        "corpora/a#x",
        "corpora/%2e%2e",
        "../corpora/a",
    ] {
        let error = client
            .corpora()
            .get(GetCorpusRequest::new().set_name(name))
            .await
            .unwrap_err();
        match error {
            Error::InvalidRequest(message) => assert!(message.contains("corpora/*"), "{message}"),
            other => panic!("{name}: expected InvalidRequest, got {other:?}"),
        }
    }
    assert!(server.take().is_empty(), "nothing reached the server");
}

#[tokio::test]
async fn the_api_key_never_appears_in_debug_or_error_text() {
    let server = RecordingServer::start(|_| {
        Reply::Json(
            401,
            json!({"error": {"code": 401, "message": "unauthenticated"}}),
        )
    })
    .await;
    let client = client(&server);
    let error = client.models().get(get_model_m()).await.unwrap_err();
    let builder = Client::builder().api_key("secret-key-123");
    let offline = Client::builder()
        .api_key("secret-key-123")
        .base_url("http://127.0.0.1:9")
        .retry(RetryPolicy::NONE)
        .build()
        .unwrap();
    let transport_error = offline.models().get(get_model_m()).await.unwrap_err();
    for text in [
        format!("{client:?}"),
        format!("{builder:?}"),
        format!("{error:?}"),
        error.to_string(),
        format!("{transport_error:?}"),
        transport_error.to_string(),
    ] {
        assert!(!text.contains("secret-key-123"), "the key leaked: {text}");
    }
    assert_eq!(server.take()[0].headers["x-goog-api-key"], "secret-key-123");
}

#[tokio::test]
async fn a_cloned_builder_makes_a_second_client_with_another_key() {
    let server = flaky(Vec::new()).await;
    let shared = Client::builder()
        .base_url(server.base_url())
        .user_agent("travel-app/1.0");
    let good = shared.clone().api_key("good-key").build().unwrap();
    let other = shared.api_key("other-key").build().unwrap();
    good.models().get(get_model_m()).await.unwrap();
    other.models().get(get_model_m()).await.unwrap();
    let sent = server.take();
    assert_eq!(sent[0].headers["x-goog-api-key"], "good-key");
    assert_eq!(sent[1].headers["x-goog-api-key"], "other-key");
    for request in &sent {
        assert!(request.headers["user-agent"]
            .to_str()
            .unwrap()
            .starts_with("travel-app/1.0"));
    }
}

/// A token source that counts how often it was asked.
struct CountingTokens(AtomicUsize);

impl TokenSource for CountingTokens {
    fn token(
        &self,
    ) -> std::pin::Pin<
        Box<
            dyn std::future::Future<Output = Result<String, gemini_v1beta::TokenError>> + Send + '_,
        >,
    > {
        let n = self.0.fetch_add(1, Ordering::SeqCst);
        Box::pin(async move { Ok(format!("token-{n}")) })
    }
}

#[tokio::test]
async fn a_token_source_is_asked_before_every_attempt() {
    let server = flaky(vec![unavailable()]).await;
    let client = Client::builder()
        .token_source(CountingTokens(AtomicUsize::new(0)))
        .base_url(server.base_url())
        .retry(fast_retries())
        .build()
        .unwrap();
    client.models().get(get_model_m()).await.unwrap();
    let sent = server.take();
    assert_eq!(sent[0].headers["authorization"], "Bearer token-0");
    assert_eq!(sent[1].headers["authorization"], "Bearer token-1");
    assert!(!sent[0].headers.contains_key("x-goog-api-key"));
    assert!(!format!("{client:?}").contains("token-"));
}

#[tokio::test]
async fn call_options_set_headers_and_a_timeout_for_one_client_value() {
    let server = RecordingServer::start(move |request| {
        let reply = Reply::Json(200, json!({"name": "models/m"}));
        if request.headers.contains_key("x-slow") {
            Reply::After(Duration::from_millis(500), Box::new(reply))
        } else {
            reply
        }
    })
    .await;
    let client = client(&server);
    let tagged =
        client.with_options(CallOptions::default().header("x-goog-user-project", "my-project"));
    tagged.models().get(get_model_m()).await.unwrap();
    assert_eq!(
        server.take()[0].headers["x-goog-user-project"],
        "my-project"
    );

    let hurried = client.with_options(
        CallOptions::default()
            .header("x-slow", "1")
            .timeout(Duration::from_millis(50))
            .retry(RetryPolicy::NONE),
    );
    let error = hurried.models().get(get_model_m()).await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::Timeout {
                method_id: "models.get",
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error.is_retryable());

    client.models().get(get_model_m()).await.unwrap();
    assert!(!server.take().iter().any(|request| request
        .headers
        .contains_key("x-goog-user-project")
        && request.headers.contains_key("x-slow")));
}
