//! Every Cloud Tasks method once, with the request Google's HTTP/JSON
//! transcoding makes of it, written out by hand from the protos' bindings:
//! path variables from the (nested) name field, three and four levels deep;
//! `body: "*"` puts every other field in the JSON body; `body: "queue"` puts
//! the queue alone in the body and the rest (`updateMask`) in the query;
//! bodiless calls put every set field in the query (enums by name).

use apigen_tests::RecordingServer;
use cloud_tasks_v2::server::{router, Service};
use cloud_tasks_v2::types::*;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

use super::{client, TOKEN_HEADER};
use crate::method_table::{assert_covers, check_client, check_server, serve, Case, Recorder, Wire};

type Row = Case<cloud_tasks_v2::Client>;

const LOCATION: &str = "projects/acme/locations/us-east1";
const QUEUE: &str = "projects/acme/locations/us-east1/queues/mail";
const TASK: &str = "projects/acme/locations/us-east1/queues/mail/tasks/welcome-42";

/// A typed request from its JSON form.
fn typed<T: DeserializeOwned>(json: Value) -> T {
    serde_json::from_value(json).expect("the request's JSON decodes")
}

/// A queue with every kind of setting.
fn queue(name: &str) -> Value {
    json!({
        "name": name,
        "appEngineRoutingOverride": {"service": "worker", "version": "v7"},
        "rateLimits": {"maxDispatchesPerSecond": 12.5, "maxConcurrentDispatches": 40},
        "retryConfig": {
            "maxAttempts": 7,
            "maxRetryDuration": "3600s",
            "minBackoff": "0.100s",
            "maxBackoff": "30s",
            "maxDoublings": 4,
        },
        "state": "RUNNING",
        "purgeTime": "2026-12-01T08:30:00.250Z",
        "stackdriverLoggingConfig": {"samplingRatio": 0.25},
    })
}

/// A task that calls an HTTP worker with an OIDC token.
fn task(name: &str) -> Value {
    json!({
        "name": name,
        "httpRequest": {
            "url": "https://worker.example.com/mail",
            "httpMethod": "PUT",
            "headers": {"Content-Type": "application/json", "X-Trace": "a,b"},
            "body": "eyJ0byI6ImFuYSJ9",
            "oidcToken": {"serviceAccountEmail": "mailer@acme.iam.gserviceaccount.com", "audience": "worker"},
        },
        "scheduleTime": "2026-12-06T15:00:00Z",
        "dispatchDeadline": "600s",
        "view": "FULL",
    })
}

/// A policy with a conditional binding.
fn policy() -> Value {
    json!({
        "version": 3,
        "bindings": [
            {"role": "roles/cloudtasks.enqueuer", "members": ["user:ana@example.com", "group:mail@example.com"]},
            {
                "role": "roles/cloudtasks.viewer",
                "members": ["allAuthenticatedUsers"],
                "condition": {"expression": "request.time < timestamp('2027-01-01T00:00:00Z')", "title": "until 2027"},
            },
        ],
        "auditConfigs": [{"service": "allServices", "auditLogConfigs": [{"logType": "DATA_READ", "exemptedMembers": ["user:ops@example.com"]}]}],
        "etag": "BwXhqDzNpSQ=",
    })
}

/// What the recording and generated servers answer to method `id`.
fn answer(id: &str, request: &Value) -> Value {
    let name = request["name"].as_str().unwrap_or_default();
    match id {
        "projects.locations.list" => json!({
            "locations": [{
                "name": LOCATION,
                "locationId": "us-east1",
                "displayName": "South Carolina",
                "labels": {"cloud.googleapis.com/region": "us-east1"},
            }],
            "nextPageToken": "p2",
        }),
        "projects.locations.get" => json!({"name": name, "locationId": "us-east1"}),
        "projects.locations.queues.list" => {
            json!({"queues": [queue(QUEUE)], "nextPageToken": "q2"})
        }
        "projects.locations.queues.create" | "projects.locations.queues.patch" => {
            request["queue"].clone()
        }
        "projects.locations.queues.get"
        | "projects.locations.queues.purge"
        | "projects.locations.queues.pause"
        | "projects.locations.queues.resume" => queue(name),
        "projects.locations.queues.delete" | "projects.locations.queues.tasks.delete" => {
            Value::Null
        }
        "projects.locations.queues.getIamPolicy" | "projects.locations.queues.setIamPolicy" => {
            policy()
        }
        "projects.locations.queues.testIamPermissions" => {
            json!({"permissions": ["cloudtasks.tasks.create"]})
        }
        "projects.locations.queues.tasks.list" => json!({"tasks": [task(TASK)]}),
        "projects.locations.queues.tasks.get" | "projects.locations.queues.tasks.run" => task(name),
        "projects.locations.queues.tasks.create" => request["task"].clone(),
        other => panic!("Cloud Tasks has no method {other}"),
    }
}

fn cases() -> Vec<Row> {
    let queue_path = format!("/v2/{QUEUE}");
    let task_path = format!("/v2/{TASK}");
    let by_name = |name: &str| json!({"name": name});
    vec![
        Row::new(
            "projects.locations.list",
            typed::<ListLocationsRequest>(json!({"name": "projects/acme", "filter": "displayName=tokyo", "pageSize": 5, "pageToken": "p2"})),
            |c, r| async move { c.projects().locations().list(r).await },
            Wire::get("/v2/projects/acme/locations")
                .query(&[("filter", "displayName=tokyo"), ("pageSize", "5"), ("pageToken", "p2")]),
        ),
        Row::new(
            "projects.locations.get",
            typed::<GetLocationRequest>(by_name(LOCATION)),
            |c, r| async move { c.projects().locations().get(r).await },
            Wire::get(&format!("/v2/{LOCATION}")),
        ),
        Row::new(
            "projects.locations.queues.list",
            typed::<ListQueuesRequest>(json!({"parent": LOCATION, "filter": "state: PAUSED", "pageSize": 100})),
            |c, r| async move { c.projects().locations().queues().list(r).await },
            Wire::get(&format!("/v2/{LOCATION}/queues")).query(&[("filter", "state: PAUSED"), ("pageSize", "100")]),
        ),
        Row::new(
            "projects.locations.queues.get",
            typed::<GetQueueRequest>(by_name(QUEUE)),
            |c, r| async move { c.projects().locations().queues().get(r).await },
            Wire::get(&queue_path),
        ),
        Row::new(
            "projects.locations.queues.create",
            typed::<CreateQueueRequest>(json!({"parent": LOCATION, "queue": queue(QUEUE)})),
            |c, r| async move { c.projects().locations().queues().create(r).await },
            Wire::post(&format!("/v2/{LOCATION}/queues"), queue(QUEUE)),
        ),
        Row::new(
            "projects.locations.queues.patch",
            typed::<UpdateQueueRequest>(json!({
                "queue": {"name": QUEUE, "rateLimits": {"maxDispatchesPerSecond": 3.0}, "retryConfig": {"maxAttempts": -1}},
                "updateMask": "rateLimits.maxDispatchesPerSecond,retryConfig.maxAttempts",
            })),
            |c, r| async move { c.projects().locations().queues().patch(r).await },
            Wire::patch(
                &queue_path,
                json!({"name": QUEUE, "rateLimits": {"maxDispatchesPerSecond": 3.0}, "retryConfig": {"maxAttempts": -1}}),
            )
            .query(&[("updateMask", "rateLimits.maxDispatchesPerSecond,retryConfig.maxAttempts")]),
        ),
        Row::new(
            "projects.locations.queues.delete",
            typed::<DeleteQueueRequest>(by_name(QUEUE)),
            |c, r| async move { c.projects().locations().queues().delete(r).await },
            Wire::delete(&queue_path),
        ),
        Row::new(
            "projects.locations.queues.purge",
            typed::<PurgeQueueRequest>(by_name(QUEUE)),
            |c, r| async move { c.projects().locations().queues().purge(r).await },
            Wire::post(&format!("{queue_path}:purge"), json!({})),
        ),
        Row::new(
            "projects.locations.queues.pause",
            typed::<PauseQueueRequest>(by_name(QUEUE)),
            |c, r| async move { c.projects().locations().queues().pause(r).await },
            Wire::post(&format!("{queue_path}:pause"), json!({})),
        ),
        Row::new(
            "projects.locations.queues.resume",
            typed::<ResumeQueueRequest>(by_name(QUEUE)),
            |c, r| async move { c.projects().locations().queues().resume(r).await },
            Wire::post(&format!("{queue_path}:resume"), json!({})),
        ),
        Row::new(
            "projects.locations.queues.getIamPolicy",
            typed::<GetIamPolicyRequest>(json!({"resource": QUEUE, "options": {"requestedPolicyVersion": 3}})),
            |c, r| async move { c.projects().locations().queues().get_iam_policy(r).await },
            Wire::post(&format!("{queue_path}:getIamPolicy"), json!({"options": {"requestedPolicyVersion": 3}})),
        ),
        Row::new(
            "projects.locations.queues.setIamPolicy",
            typed::<SetIamPolicyRequest>(json!({"resource": QUEUE, "policy": policy(), "updateMask": "bindings,etag"})),
            |c, r| async move { c.projects().locations().queues().set_iam_policy(r).await },
            Wire::post(&format!("{queue_path}:setIamPolicy"), json!({"policy": policy(), "updateMask": "bindings,etag"})),
        ),
        Row::new(
            "projects.locations.queues.testIamPermissions",
            typed::<TestIamPermissionsRequest>(json!({"resource": QUEUE, "permissions": ["cloudtasks.tasks.create", "cloudtasks.queues.delete"]})),
            |c, r| async move { c.projects().locations().queues().test_iam_permissions(r).await },
            Wire::post(
                &format!("{queue_path}:testIamPermissions"),
                json!({"permissions": ["cloudtasks.tasks.create", "cloudtasks.queues.delete"]}),
            ),
        ),
        Row::new(
            "projects.locations.queues.tasks.list",
            typed::<ListTasksRequest>(json!({"parent": QUEUE, "responseView": "FULL", "pageSize": 50, "pageToken": "t/2"})),
            |c, r| async move { c.projects().locations().queues().tasks().list(r).await },
            Wire::get(&format!("{queue_path}/tasks"))
                .query(&[("pageSize", "50"), ("pageToken", "t/2"), ("responseView", "FULL")]),
        ),
        Row::new(
            "projects.locations.queues.tasks.get",
            typed::<GetTaskRequest>(json!({"name": TASK, "responseView": "BASIC"})),
            |c, r| async move { c.projects().locations().queues().tasks().get(r).await },
            Wire::get(&task_path).query(&[("responseView", "BASIC")]),
        ),
        Row::new(
            "projects.locations.queues.tasks.create",
            typed::<CreateTaskRequest>(json!({"parent": QUEUE, "task": task(TASK), "responseView": "FULL"})),
            |c, r| async move { c.projects().locations().queues().tasks().create(r).await },
            Wire::post(&format!("{queue_path}/tasks"), json!({"task": task(TASK), "responseView": "FULL"})),
        ),
        Row::new(
            "projects.locations.queues.tasks.delete",
            typed::<DeleteTaskRequest>(by_name(TASK)),
            |c, r| async move { c.projects().locations().queues().tasks().delete(r).await },
            Wire::delete(&task_path),
        ),
        Row::new(
            "projects.locations.queues.tasks.run",
            typed::<RunTaskRequest>(json!({"name": TASK, "responseView": "BASIC"})),
            |c, r| async move { c.projects().locations().queues().tasks().run(r).await },
            Wire::post(&format!("{task_path}:run"), json!({"responseView": "BASIC"})),
        ),
    ]
}

/// Records every request and answers [`answer`].
#[derive(Clone)]
struct Recording(Recorder);

macro_rules! recorded {
    ($($method:ident($request:ty) -> $response:ty = $how:ident($id:literal);)*) => {
        impl Service for Recording {
            $(
                async fn $method(&self, request: $request) -> Result<$response, apigen_runtime::server::ServerError> {
                    self.0.$how($id, &request)
                }
            )*
        }
    };
}

recorded! {
    projects_locations_list(ListLocationsRequest) -> ListLocationsResponse = answer("projects.locations.list");
    projects_locations_get(GetLocationRequest) -> Location = answer("projects.locations.get");
    projects_locations_queues_list(ListQueuesRequest) -> ListQueuesResponse = answer("projects.locations.queues.list");
    projects_locations_queues_get(GetQueueRequest) -> Queue = answer("projects.locations.queues.get");
    projects_locations_queues_create(CreateQueueRequest) -> Queue = answer("projects.locations.queues.create");
    projects_locations_queues_patch(UpdateQueueRequest) -> Queue = answer("projects.locations.queues.patch");
    projects_locations_queues_delete(DeleteQueueRequest) -> () = nothing("projects.locations.queues.delete");
    projects_locations_queues_purge(PurgeQueueRequest) -> Queue = answer("projects.locations.queues.purge");
    projects_locations_queues_pause(PauseQueueRequest) -> Queue = answer("projects.locations.queues.pause");
    projects_locations_queues_resume(ResumeQueueRequest) -> Queue = answer("projects.locations.queues.resume");
    projects_locations_queues_get_iam_policy(GetIamPolicyRequest) -> Policy = answer("projects.locations.queues.getIamPolicy");
    projects_locations_queues_set_iam_policy(SetIamPolicyRequest) -> Policy = answer("projects.locations.queues.setIamPolicy");
    projects_locations_queues_test_iam_permissions(TestIamPermissionsRequest) -> TestIamPermissionsResponse = answer("projects.locations.queues.testIamPermissions");
    projects_locations_queues_tasks_list(ListTasksRequest) -> ListTasksResponse = answer("projects.locations.queues.tasks.list");
    projects_locations_queues_tasks_get(GetTaskRequest) -> Task = answer("projects.locations.queues.tasks.get");
    projects_locations_queues_tasks_create(CreateTaskRequest) -> Task = answer("projects.locations.queues.tasks.create");
    projects_locations_queues_tasks_delete(DeleteTaskRequest) -> () = nothing("projects.locations.queues.tasks.delete");
    projects_locations_queues_tasks_run(RunTaskRequest) -> Task = answer("projects.locations.queues.tasks.run");
}

#[test]
fn the_cloud_tasks_table_covers_every_method_and_no_other() {
    assert_covers(&cases(), "examples/cloud-tasks/spec");
}

/// The generated client sends each method's transcoded request, with its token.
#[tokio::test]
async fn cloud_tasks_client_sends_every_transcoded_request() {
    let connect = |server: &RecordingServer| client(&server.base_url());
    check_client(&cases(), connect, answer, TOKEN_HEADER).await;
}

/// The generated server decodes each transcoded request into the typed
/// request, and the generated client's calls go through it and back.
#[tokio::test]
async fn cloud_tasks_server_decodes_every_transcoded_request() {
    let recorder = Recorder::new(answer);
    let base = serve(router(Recording(recorder.clone()))).await;
    check_server(&cases(), &base, || client(&base), &recorder, TOKEN_HEADER).await;
}
