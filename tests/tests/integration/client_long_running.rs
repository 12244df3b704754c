//! Long-running operations (`tunedModels.create`) and waiting for a file to
//! leave PROCESSING (`files.wait_until_active`), through the public client.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use apigen_runtime::{Code, Detail};
use apigen_tests::{RecordingServer, Reply};
use gemini_v1beta::client::CONFIG;
use gemini_v1beta::types::{
    file, tuned_model, CreateTunedModelMetadata, CreateTunedModelRequest, GetFileRequest,
    TunedModel,
};
use gemini_v1beta::{Client, Error, PollPolicy, RetryPolicy};
use serde_json::{json, Value};

const OPERATION: &str = "tunedModels/t1/operations/op1";
const POLL_PATH: &str = "/v1beta/tunedModels/t1/operations/op1";
const METADATA_TYPE: &str =
    "type.googleapis.com/google.ai.generativelanguage.v1beta.CreateTunedModelMetadata";
const TUNED_MODEL_TYPE: &str = "type.googleapis.com/google.ai.generativelanguage.v1beta.TunedModel";

fn fast_polls() -> PollPolicy {
    PollPolicy {
        initial_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(20),
        multiplier: 1.5,
        timeout: Some(Duration::from_secs(10)),
    }
}

fn client(server: &RecordingServer) -> Client {
    Client::builder()
        .api_key("test-key")
        .base_url(server.base_url())
        .retry(RetryPolicy {
            initial_backoff: Duration::from_millis(10),
            max_backoff: Duration::from_millis(20),
            ..CONFIG.retry
        })
        .build()
        .unwrap()
}

fn metadata(completed_steps: i32) -> Value {
    json!({
        "@type": METADATA_TYPE,
        "tunedModel": "tunedModels/t1",
        "totalSteps": 10,
        "completedSteps": completed_steps,
        "completedPercent": completed_steps * 10,
    })
}

fn running(completed_steps: i32) -> Value {
    json!({"name": OPERATION, "metadata": metadata(completed_steps), "done": false})
}

fn succeeded() -> Value {
    json!({
        "name": OPERATION,
        "metadata": metadata(10),
        "done": true,
        "response": {
            "@type": TUNED_MODEL_TYPE,
            "name": "tunedModels/t1",
            "displayName": "my model",
            "baseModel": "models/gemini-1.5-flash-001-tuning",
            "state": "ACTIVE",
            "temperature": 0.5,
        },
    })
}

fn failed() -> Value {
    json!({
        "name": OPERATION,
        "metadata": metadata(3),
        "done": true,
        "error": {
            "code": 3,
            "message": "bad data",
            "details": [{
                "@type": "type.googleapis.com/google.rpc.BadRequest",
                "fieldViolations": [{"field": "tuningTask.trainingData", "description": "empty"}],
            }],
        },
    })
}

fn not_found() -> Reply {
    Reply::Json(
        404,
        json!({"error": {"code": 404, "message": "unexpected request", "status": "NOT_FOUND"}}),
    )
}

/// Answers the create with `created`, then each poll with the next of `polls`
/// (the last one again once they run out).
async fn operation_server(created: Value, polls: Vec<Value>) -> RecordingServer {
    let calls = AtomicUsize::new(0);
    RecordingServer::start(
        move |request| match (request.method.as_str(), request.path.as_str()) {
            ("POST", "/v1beta/tunedModels") => Reply::Json(200, created.clone()),
            ("GET", POLL_PATH) => {
                let call = calls.fetch_add(1, Ordering::SeqCst);
                let answer = polls.get(call).or(polls.last()).cloned();
                answer.map_or_else(not_found, |answer| Reply::Json(200, answer))
            }
            _ => not_found(),
        },
    )
    .await
}

fn create_request() -> CreateTunedModelRequest {
    CreateTunedModelRequest::new()
        .set_tuned_model_id("t1")
        .set_tuned_model(
            TunedModel::new()
                .set_display_name("my model")
                .set_base_model("models/gemini-1.5-flash-001-tuning"),
        )
}

fn expected_metadata(completed_steps: i32) -> CreateTunedModelMetadata {
    CreateTunedModelMetadata::new()
        .set_tuned_model("tunedModels/t1")
        .set_total_steps(10)
        .set_completed_steps(completed_steps)
        .set_completed_percent((completed_steps * 10) as f32)
}

/// Checks the create request and that every later request is a poll GET.
fn assert_create_then_polls(server: &RecordingServer, polls: usize) {
    let seen = server.take();
    assert_eq!(seen.len(), 1 + polls, "{seen:#?}");
    let create = &seen[0];
    assert_eq!(create.method, "POST");
    assert_eq!(create.path, "/v1beta/tunedModels");
    assert_eq!(
        create.query,
        vec![("tunedModelId".to_owned(), "t1".to_owned())]
    );
    assert_eq!(
        create.body,
        Some(json!({
            "displayName": "my model",
            "baseModel": "models/gemini-1.5-flash-001-tuning",
        }))
    );
    for poll in &seen[1..] {
        assert_eq!(poll.method, "GET");
        assert_eq!(poll.path, POLL_PATH);
        assert!(poll.query.is_empty(), "{:?}", poll.query);
        assert_eq!(poll.body, None);
        assert_eq!(
            poll.headers
                .get("x-goog-api-key")
                .and_then(|v| v.to_str().ok()),
            Some("test-key")
        );
    }
}

#[tokio::test]
async fn tuning_is_polled_until_the_operation_answers_the_tuned_model() {
    let server = operation_server(running(3), vec![running(7), succeeded()]).await;
    let client = client(&server);

    let mut operation = client
        .tuned_models()
        .create(create_request())
        .await
        .unwrap();

    assert_eq!(operation.name(), OPERATION);
    assert!(!operation.is_done());
    assert!(operation.result().is_none());
    assert_eq!(operation.metadata().unwrap(), Some(expected_metadata(3)));
    assert_create_then_polls(&server, 0);

    // One manual poll: still running, with newer metadata.
    operation.refresh().await.unwrap();
    assert!(!operation.is_done());
    assert!(operation.result().is_none());
    assert_eq!(operation.metadata().unwrap(), Some(expected_metadata(7)));

    let tuned = operation.wait(fast_polls()).await.unwrap();
    assert_eq!(
        tuned,
        TunedModel::new()
            .set_name("tunedModels/t1")
            .set_display_name("my model")
            .set_state(tuned_model::State::Active)
            .set_temperature(0.5)
            .set_base_model("models/gemini-1.5-flash-001-tuning")
    );
    // The create, the manual refresh, and the one poll of `wait`.
    let seen = server.take();
    assert_eq!(seen.len(), 2, "{seen:#?}");
    assert!(seen
        .iter()
        .all(|poll| poll.method == "GET" && poll.path == POLL_PATH && poll.query.is_empty()));
}

#[tokio::test]
async fn wait_alone_polls_through_a_running_answer() {
    let server = operation_server(running(3), vec![running(7), succeeded()]).await;
    let client = client(&server);

    let operation = client
        .tuned_models()
        .create(create_request())
        .await
        .unwrap();
    assert_eq!(operation.metadata().unwrap(), Some(expected_metadata(3)));
    let tuned = operation.wait(fast_polls()).await.unwrap();

    assert_eq!(tuned.name, "tunedModels/t1");
    assert_eq!(tuned.state, tuned_model::State::Active);
    assert!(
        tuned.unknown_fields.is_empty(),
        "{:?}",
        tuned.unknown_fields
    );
    assert_create_then_polls(&server, 2);
}

#[tokio::test]
async fn a_failed_operation_makes_wait_return_operation_failed() {
    let server = operation_server(running(1), vec![running(3), failed()]).await;
    let client = client(&server);

    let operation = client
        .tuned_models()
        .create(create_request())
        .await
        .unwrap();
    assert_eq!(operation.metadata().unwrap(), Some(expected_metadata(1)));
    let error = operation.wait(fast_polls()).await.unwrap_err();

    let Error::OperationFailed {
        operation,
        error: status,
    } = &error
    else {
        panic!("expected Error::OperationFailed, got {error:?}");
    };
    assert_eq!(operation, OPERATION);
    assert_eq!(status.code, 3);
    assert_eq!(status.status.code, Code::InvalidArgument);
    assert_eq!(status.status.message, "bad data");
    assert_eq!(error.code(), Some(&Code::InvalidArgument));
    let [Detail::BadRequest(request)] = error.details() else {
        panic!("expected one BadRequest, got {:?}", error.details());
    };
    assert_eq!(request.field_violations[0].field, "tuningTask.trainingData");
    assert!(error.to_string().contains("bad data"), "{error}");
    assert!(!error.is_retryable());
    assert_create_then_polls(&server, 2);
}

#[tokio::test]
async fn an_operation_done_at_creation_is_not_polled() {
    let server = operation_server(failed(), Vec::new()).await;
    let client = client(&server);

    let operation = client
        .tuned_models()
        .create(create_request())
        .await
        .unwrap();
    assert!(operation.is_done());
    assert!(matches!(
        operation.result(),
        Some(Err(Error::OperationFailed { .. }))
    ));
    let error = operation.wait(fast_polls()).await.unwrap_err();

    assert!(
        matches!(&error, Error::OperationFailed { error, .. } if error.code == 3 && error.status.message == "bad data"),
        "{error:?}"
    );
    assert_create_then_polls(&server, 0);
}

/// Answers `GET /v1beta/files/abc` with the next of `states` (the last one
/// again once they run out).
async fn file_server(states: Vec<&'static str>) -> RecordingServer {
    let calls = AtomicUsize::new(0);
    RecordingServer::start(move |request| {
        if request.method != "GET" || request.path != "/v1beta/files/abc" {
            return not_found();
        }
        let call = calls.fetch_add(1, Ordering::SeqCst);
        let state = states.get(call).or(states.last()).copied().unwrap();
        let mut file = json!({
            "name": "files/abc",
            "displayName": "talk",
            "mimeType": "video/mp4",
            "sizeBytes": "1234",
            "state": state,
            "uri": "https://generativelanguage.example/v1beta/files/abc",
        });
        if state == "FAILED" {
            file["error"] = json!({"code": 13, "message": "could not decode the video"});
        }
        Reply::Json(200, file)
    })
    .await
}

fn get_file() -> GetFileRequest {
    GetFileRequest::new().set_name("files/abc")
}

fn assert_file_gets(server: &RecordingServer, count: usize) {
    let seen = server.take();
    assert_eq!(seen.len(), count, "{seen:#?}");
    for get in &seen {
        assert_eq!(get.method, "GET");
        assert_eq!(get.path, "/v1beta/files/abc");
        assert!(get.query.is_empty(), "{:?}", get.query);
    }
}

#[tokio::test]
async fn wait_until_active_polls_while_the_file_is_processing() {
    let server = file_server(vec!["PROCESSING", "PROCESSING", "ACTIVE"]).await;
    let client = client(&server);

    let file = client
        .files()
        .wait_until_active(get_file(), fast_polls())
        .await
        .unwrap();

    assert_eq!(file.state, file::State::Active);
    assert_eq!(file.name, "files/abc");
    assert_eq!(file.size_bytes, 1234);
    assert_eq!(file.error, None);
    assert_file_gets(&server, 3);
}

#[tokio::test]
async fn wait_until_active_returns_a_failed_file() {
    let server = file_server(vec!["PROCESSING", "FAILED"]).await;
    let client = client(&server);

    let file = client
        .files()
        .wait_until_active(get_file(), fast_polls())
        .await
        .expect("a FAILED file is returned, not an error");

    assert_eq!(file.state, file::State::Failed);
    let status = file.error.expect("the failure's status");
    assert_eq!(status.code.number(), Some(13));
    assert_eq!(status.message, "could not decode the video");
    assert_file_gets(&server, 2);
}

#[tokio::test]
async fn wait_until_active_returns_at_once_for_an_active_file() {
    let server = file_server(vec!["ACTIVE"]).await;
    let client = client(&server);

    let file = client
        .files()
        .wait_until_active(get_file(), fast_polls())
        .await
        .unwrap();

    assert_eq!(file.state, file::State::Active);
    assert_file_gets(&server, 1);
}

#[tokio::test]
async fn wait_until_active_gives_up_after_the_policy_timeout() {
    let server = file_server(vec!["PROCESSING"]).await;
    let client = client(&server);
    let policy = PollPolicy {
        timeout: Some(Duration::from_millis(100)),
        ..fast_polls()
    };

    let error = client
        .files()
        .wait_until_active(get_file(), policy)
        .await
        .unwrap_err();

    assert!(
        matches!(
            error,
            Error::Timeout {
                method_id: "files.get",
                after: Some(after)
            } if after == Duration::from_millis(100)
        ),
        "{error:?}"
    );
    let gets = server.take().len();
    assert!((2..=12).contains(&gets), "{gets} GETs");
}
