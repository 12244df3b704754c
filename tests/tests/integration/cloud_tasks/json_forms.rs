//! The JSON forms of Cloud Tasks' types: bytes as base64, string maps,
//! Durations and Timestamps as strings, oneofs as one member, enums by name,
//! and an enum value this client does not know kept as it came. (No Cloud
//! Tasks field is a 64-bit integer; its `int32`s stay JSON numbers.)

use cloud_tasks_v2::types::*;
use cloud_tasks_v2::{Code, Duration, Timestamp};
use serde_json::{json, Value};

fn decode<T: serde::de::DeserializeOwned>(json: &Value) -> T {
    serde_json::from_value(json.clone()).expect("the JSON decodes")
}

#[test]
fn a_task_with_an_http_request_reads_and_writes_its_json_forms() {
    let wire = json!({
        "name": "projects/p/locations/l/queues/q/tasks/t",
        "httpRequest": {
            "url": "https://worker.example.com/",
            "httpMethod": "PATCH",
            "headers": {"Content-Type": "application/octet-stream", "X-Many": "a,b"},
            "body": "AAH+/w==",
            "oauthToken": {"serviceAccountEmail": "sa@p.iam.gserviceaccount.com", "scope": "https://www.googleapis.com/auth/cloud-platform"},
        },
        "scheduleTime": "2026-12-06T15:00:00.250Z",
        "dispatchDeadline": "1.500s",
        "dispatchCount": 2,
        "lastAttempt": {"responseStatus": {"code": 14, "message": "worker down"}},
        "view": "BASIC",
    });
    let task: Task = decode(&wire);
    let Some(task::MessageType::HttpRequest(request)) = &task.message_type else {
        panic!("no HTTP request in {task:?}");
    };
    assert_eq!(request.body, [0x00, 0x01, 0xfe, 0xff]);
    assert_eq!(request.http_method, HttpMethod::Patch);
    assert_eq!(request.headers["X-Many"], "a,b");
    match &request.authorization_header {
        Some(http_request::AuthorizationHeader::OauthToken(token)) => {
            assert_eq!(token.service_account_email, "sa@p.iam.gserviceaccount.com")
        }
        other => panic!("expected an OAuth token, got {other:?}"),
    }
    assert_eq!(
        task.dispatch_deadline,
        Some(Duration::from(std::time::Duration::from_millis(1500)))
    );
    assert_eq!(
        task.schedule_time,
        Some(Timestamp::new(1_796_569_200, 250_000_000))
    );
    assert_eq!(
        task.last_attempt
            .as_ref()
            .and_then(|attempt| attempt.response_status.as_ref())
            .map(|status| &status.code),
        Some(&Code::Unavailable)
    );
    assert_eq!(serde_json::to_value(&task).unwrap(), wire);
}

#[test]
fn an_unknown_queue_state_survives_a_round_trip() {
    let wire = json!({"name": "projects/p/locations/l/queues/q", "state": "DRAINING"});
    let queue: Queue = decode(&wire);
    assert!(
        matches!(queue.state, queue::State::UnknownValue(_)),
        "{:?}",
        queue.state
    );
    assert_eq!(serde_json::to_value(&queue).unwrap(), wire);
    let by_number: Queue = decode(&json!({"state": 9}));
    assert_eq!(
        serde_json::to_value(&by_number).unwrap(),
        json!({"state": 9})
    );
}

#[test]
fn retry_durations_and_policy_etags_keep_their_exact_forms() {
    let retry = json!({"maxAttempts": -1, "maxRetryDuration": "0s", "minBackoff": "0.100s", "maxBackoff": "3600s", "maxDoublings": 16});
    let config: RetryConfig = decode(&retry);
    assert_eq!(
        config.min_backoff,
        Some(Duration::from(std::time::Duration::from_millis(100)))
    );
    assert_eq!(config.max_attempts, -1);
    assert_eq!(serde_json::to_value(&config).unwrap(), retry);
    let policy = json!({"version": 3, "bindings": [{"role": "roles/owner", "members": ["user:a@example.com"]}], "etag": "BwXhqDzNpSQ="});
    let read: Policy = decode(&policy);
    assert_eq!(read.etag, [0x07, 0x05, 0xe1, 0xa8, 0x3c, 0xcd, 0xa5, 0x24]);
    assert_eq!(serde_json::to_value(&read).unwrap(), policy);
}
