//! The edge-case crate (`tests/edge`, generated from `tests/fixtures/edge/`)
//! against its own generated server: the calls that answer
//! `google.protobuf.Empty` work end to end, above all a long-running
//! operation whose result is empty (`LongRunning<(), _>`), and an upload
//! that answers nothing; a client of an API that declares no `auth`; and a
//! retry policy bounded by its deadline alone.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use apigen_runtime::server::{ServerError, UploadedMedia};
use edge_v1::server::{router, Service};
use edge_v1::types::{AttachRequest, Job, JobRequest, Operation, Progress};
use edge_v1::{Any, Client, Empty, Error, LongRunning, Media, PollPolicy};

/// What the operation poll answers once the work is done.
#[derive(Clone, Copy)]
enum Outcome {
    /// `response` is an Any of `google.protobuf.Empty`.
    Empty,
    /// `done` without any `response`.
    Nothing,
    /// `response` is a job, whose fields an empty result cannot have.
    Job,
}

/// Answers the Empty calls and records what it received.
struct Jobs {
    outcome: Outcome,
    seen: Arc<Mutex<Vec<String>>>,
}

impl Jobs {
    fn record(&self, what: String) {
        self.seen.lock().unwrap().push(what);
    }
}

impl Service for Jobs {
    async fn jobs_purge(&self, request: JobRequest) -> Result<Operation, ServerError> {
        self.record(format!("purge {}", request.name));
        let metadata = Any::encode(
            "type.googleapis.com/edge.Progress",
            &Progress::new().set_percent(10),
        );
        Ok(Operation::new()
            .set_name("operations/purge-1")
            .set_metadata(metadata))
    }

    async fn operations_get(&self, request: JobRequest) -> Result<Operation, ServerError> {
        self.record(format!("poll {}", request.name));
        let operation = Operation::new().set_name(request.name).set_done(true);
        let empty = "type.googleapis.com/google.protobuf.Empty";
        Ok(match self.outcome {
            Outcome::Empty => operation.set_response(Any::encode(empty, &Empty {})),
            Outcome::Nothing => operation,
            Outcome::Job => {
                let job = Job::new().set_name("jobs/j1");
                operation.set_response(Any::encode("type.googleapis.com/edge.Job", &job))
            }
        })
    }

    async fn jobs_delete(&self, request: JobRequest) -> Result<(), ServerError> {
        self.record(format!("delete {}", request.name));
        Ok(())
    }

    async fn shelves_books_pages_get(&self, request: JobRequest) -> Result<(), ServerError> {
        self.record(format!("page {}", request.name));
        Ok(())
    }

    async fn jobs_attach_media(
        &self,
        request: AttachRequest,
        media: UploadedMedia,
    ) -> Result<(), ServerError> {
        self.record(format!(
            "attach {} {} {:?}",
            request.display_name, media.mime_type, media.bytes
        ));
        Ok(())
    }
}

async fn serve(outcome: Outcome) -> (Client, Arc<Mutex<Vec<String>>>) {
    let seen = Arc::default();
    let jobs = Jobs {
        outcome,
        seen: Arc::clone(&seen),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router(jobs)).await.unwrap() });
    let client = Client::builder().base_url(&base).build().unwrap();
    (client, seen)
}

fn fast_polls() -> PollPolicy {
    PollPolicy {
        initial_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(10),
        multiplier: 1.5,
        timeout: Some(Duration::from_secs(10)),
    }
}

async fn purge(client: &Client) -> LongRunning<(), Progress> {
    let request = JobRequest::new().set_name("jobs/j1");
    client.jobs().purge(request).await.unwrap()
}

#[tokio::test]
async fn an_empty_operation_result_waits_to_unit() {
    for outcome in [Outcome::Empty, Outcome::Nothing] {
        let (client, seen) = serve(outcome).await;
        let operation = purge(&client).await;
        assert_eq!(operation.name(), "operations/purge-1");
        assert!(!operation.is_done());
        let metadata = operation.metadata().unwrap().unwrap();
        assert_eq!(metadata.percent, 10);
        let () = operation.wait(fast_polls()).await.unwrap();
        assert_eq!(
            *seen.lock().unwrap(),
            ["purge jobs/j1", "poll operations/purge-1"]
        );
    }
}

#[tokio::test]
async fn a_job_where_the_result_is_empty_is_an_error_not_a_panic() {
    let (client, _) = serve(Outcome::Job).await;
    let error = purge(&client).await.wait(fast_polls()).await.unwrap_err();
    assert!(
        matches!(&error, Error::InvalidResponse(text) if text.contains("operations/purge-1")),
        "{error:?}"
    );
}

#[tokio::test]
async fn empty_answers_of_plain_calls_and_uploads_are_unit() {
    let (client, seen) = serve(Outcome::Empty).await;
    let request = JobRequest::new().set_name("jobs/j2");
    let () = client.jobs().delete(request).await.unwrap();
    let request = JobRequest::new().set_name("shelves/s/books/b/pages/p");
    let () = client.shelves().books().pages().get(request).await.unwrap();
    let metadata = AttachRequest::new().set_display_name("notes");
    let media = Media::from_bytes(b"hello".to_vec(), "text/plain");
    let () = client.jobs().attach_media(metadata, media).await.unwrap();
    assert_eq!(
        *seen.lock().unwrap(),
        [
            "delete jobs/j2",
            "page shelves/s/books/b/pages/p",
            "attach notes text/plain b\"hello\""
        ]
    );
}

#[test]
fn an_api_without_auth_builds_a_client_without_credentials_and_refuses_a_key() {
    // The edge spec declares no `auth`: nothing to find, nothing to refuse.
    Client::new().unwrap();
    let error = Client::builder().api_key("k").build().unwrap_err();
    assert!(
        matches!(&error, Error::Config(message) if message == "this API takes no API keys"),
        "{error:?}"
    );
}

#[test]
fn shared_google_rpc_types_are_the_runtimes_beside_the_specs_own_status() {
    let wire = serde_json::json!({
        "name": "jobs/7",
        "lastFailure": {
            "code": 5,
            "message": "no such shelf",
            "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "SHELF_GONE", "domain": "edge.example"}]
        },
        "failedField": {"field": "shelf", "description": "unknown shelf"},
        "lastCode": "NOT_FOUND"
    });
    let job: Job = serde_json::from_value(wire.clone()).unwrap();

    let failure: &apigen_runtime::Status = job.last_failure.as_ref().unwrap();
    assert_eq!(failure.code, apigen_runtime::Code::NotFound);
    assert_eq!(failure.error_info().unwrap().reason, "SHELF_GONE");
    assert_eq!(job.failed_field.as_ref().unwrap().field, "shelf");
    assert_eq!(job.last_code, edge_v1::types::Code::NotFound);
    // The spec's own `Status` keeps its name; the shared one is not re-exported over it.
    let own = edge_v1::types::Status::new().set_code(5);
    assert_eq!(own.code, 5);
    assert_eq!(serde_json::to_value(&job).unwrap(), wire);
}

#[tokio::test]
async fn a_retry_policy_with_only_a_deadline_retries_until_the_deadline() {
    let server = apigen_tests::RecordingServer::start(|_| {
        apigen_tests::Reply::Json(
            503,
            serde_json::json!({"error": {"code": 503, "message": "busy"}}),
        )
    })
    .await;
    let client = Client::builder()
        .base_url(server.base_url())
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let request = JobRequest::new().set_name("jobs/j");
    let error = client.jobs().delete(request).await.unwrap_err();
    let took = started.elapsed();
    assert_eq!(error.http_status(), Some(503), "{error:?}");
    // Waits of 10 to 20 ms within the spec's 300 ms deadline: many attempts,
    // more than any count a policy with `max_attempts` would usually give.
    let attempts = server.take().len();
    assert!(attempts >= 6, "only {attempts} attempts in {took:?}");
    assert!(
        took < Duration::from_millis(1500),
        "{took:?} for {attempts} attempts"
    );
}
