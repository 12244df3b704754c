//! A method's own retry policy and timeout from the spec (the edge crate's
//! `shelves.books.pages.get` makes three attempts; `media.get` makes one,
//! with a 200 ms limit on it), against a local server: what a call of that
//! method uses, and what still beats it.

use std::time::{Duration, Instant};

use apigen_runtime::ClientBuilder;
use apigen_tests::{RecordingServer, Reply};
use edge_v1::types::JobRequest;
use edge_v1::{CallOptions, Client, Error, RetryPolicy};

/// A server that answers every request 503, after `pause`.
async fn busy_server(pause: Duration) -> RecordingServer {
    RecordingServer::start(move |_| {
        let busy = Reply::Json(
            503,
            serde_json::json!({"error": {"code": 503, "message": "busy"}}),
        );
        Reply::After(pause, Box::new(busy))
    })
    .await
}

/// A builder for a client of `server`.
fn client_of(server: &RecordingServer) -> ClientBuilder<Client> {
    Client::builder().base_url(server.base_url())
}

/// A policy that retries 503 up to `attempts` times, at once.
fn quick_retries(attempts: u32) -> RetryPolicy {
    RetryPolicy {
        retryable_statuses: &[503],
        ..RetryPolicy::NONE
    }
    .with_max_attempts(attempts)
}

/// How many requests one call of `shelves.books.pages.get` by `client`
/// sends to the busy `server` before it gives up with the last 503.
async fn page_attempts(client: &Client, server: &RecordingServer) -> usize {
    let page = JobRequest::new().set_name("shelves/s/books/b/pages/p");
    let error = client
        .shelves()
        .books()
        .pages()
        .get(page)
        .await
        .unwrap_err();
    assert_eq!(error.http_status(), Some(503), "{error:?}");
    server.take().len()
}

#[tokio::test]
async fn a_method_with_its_own_policy_makes_its_own_number_of_attempts() {
    let server = busy_server(Duration::ZERO).await;
    let client = client_of(&server).build().unwrap();
    // The API's policy alone (deadline 300 ms, 20 ms waits) would make many more.
    assert_eq!(page_attempts(&client, &server).await, 3);
}

#[tokio::test]
async fn the_client_wide_policy_does_not_replace_a_methods_own() {
    let server = busy_server(Duration::ZERO).await;
    let client = client_of(&server).retry(quick_retries(6)).build().unwrap();
    assert_eq!(page_attempts(&client, &server).await, 3);
    // A method without a policy of its own takes the client's.
    client
        .jobs()
        .delete(JobRequest::new().set_name("jobs/j"))
        .await
        .unwrap_err();
    assert_eq!(server.take().len(), 6);
}

#[tokio::test]
async fn a_per_call_policy_beats_the_methods_own() {
    let server = busy_server(Duration::ZERO).await;
    let client = client_of(&server).build().unwrap();
    let once = client.with_options(CallOptions::default().retry(RetryPolicy::NONE));
    assert_eq!(page_attempts(&once, &server).await, 1);
    let five = client.with_options(CallOptions::default().retry(quick_retries(5)));
    assert_eq!(page_attempts(&five, &server).await, 5);
}

#[tokio::test]
async fn retry_none_makes_one_attempt_where_the_api_would_retry() {
    let server = busy_server(Duration::ZERO).await;
    let client = client_of(&server).build().unwrap();
    let request = JobRequest::new().set_name("media/m");
    let error = client.media().get(request).await.unwrap_err();
    assert_eq!(error.http_status(), Some(503), "{error:?}");
    assert_eq!(server.take().len(), 1);
}

#[tokio::test]
async fn a_method_timeout_ends_a_slow_call_even_under_a_longer_client_timeout() {
    let server = busy_server(Duration::from_secs(5)).await;
    let client = client_of(&server)
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let started = Instant::now();
    let error = client
        .media()
        .get(JobRequest::new().set_name("media/m"))
        .await
        .unwrap_err();
    match error {
        Error::Timeout { method_id, after } => {
            assert_eq!(method_id, "media.get");
            assert_eq!(after, Some(Duration::from_millis(200)));
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_per_call_timeout_beats_the_methods_own() {
    let server = RecordingServer::start(|_| {
        let job = Reply::Json(200, serde_json::json!({"name": "media/m"}));
        Reply::After(Duration::from_millis(400), Box::new(job))
    })
    .await;
    let client = client_of(&server).build().unwrap();
    let patient = CallOptions::default().timeout(Duration::from_secs(5));
    let job = client
        .with_options(patient)
        .media()
        .get(JobRequest::new().set_name("media/m"))
        .await
        .unwrap();
    assert_eq!(job.name, "media/m");
}
