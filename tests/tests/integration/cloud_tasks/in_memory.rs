//! A small in-memory Cloud Tasks behind the generated server: queues and
//! their tasks, IAM policies and locations, kept in maps. The generated
//! client drives it over loopback through a queue's and a task's life.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use apigen_runtime::server::ServerError;
use cloud_tasks_v2::server::{router, Service};
use cloud_tasks_v2::types::*;
use cloud_tasks_v2::{Code, FieldMask};
use futures_util::TryStreamExt;

use super::client;
use crate::method_table::serve;

const PROJECT: &str = "projects/acme";
const LOCATION: &str = "projects/acme/locations/europe-west1";

/// What the service holds.
#[derive(Default)]
struct State {
    queues: BTreeMap<String, Queue>,
    tasks: BTreeMap<String, Task>,
    policies: BTreeMap<String, Policy>,
}

/// The service: its state behind a lock.
#[derive(Clone, Default)]
struct Tasks(Arc<Mutex<State>>);

impl Tasks {
    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.0.lock().unwrap()
    }

    /// Applies `change` to the queue `name`; the changed queue.
    fn change_queue(
        &self,
        name: &str,
        change: impl FnOnce(&mut Queue),
    ) -> Result<Queue, ServerError> {
        let mut state = self.state();
        let queue = state.queues.get_mut(name).ok_or_else(|| missing(name))?;
        change(queue);
        Ok(queue.clone())
    }
}

fn missing(name: &str) -> ServerError {
    ServerError::not_found(format!("{name} does not exist"))
}

fn location(id: &str) -> Location {
    Location::new()
        .set_name(format!("{PROJECT}/locations/{id}"))
        .set_location_id(id)
}

impl Service for Tasks {
    async fn projects_locations_list(
        &self,
        request: ListLocationsRequest,
    ) -> Result<ListLocationsResponse, ServerError> {
        if request.name != PROJECT {
            return Err(missing(&request.name));
        }
        Ok(ListLocationsResponse::new()
            .set_locations([location("europe-west1"), location("us-east1")]))
    }

    async fn projects_locations_get(
        &self,
        request: GetLocationRequest,
    ) -> Result<Location, ServerError> {
        let id = request.name.rsplit('/').next().unwrap_or_default();
        Ok(location(id))
    }

    async fn projects_locations_queues_list(
        &self,
        request: ListQueuesRequest,
    ) -> Result<ListQueuesResponse, ServerError> {
        let prefix = format!("{}/queues/", request.parent);
        let queues: Vec<Queue> = self
            .state()
            .queues
            .values()
            .filter(|queue| queue.name.starts_with(&prefix))
            .cloned()
            .collect();
        Ok(ListQueuesResponse::new().set_queues(queues))
    }

    async fn projects_locations_queues_get(
        &self,
        request: GetQueueRequest,
    ) -> Result<Queue, ServerError> {
        self.state()
            .queues
            .get(&request.name)
            .cloned()
            .ok_or_else(|| missing(&request.name))
    }

    async fn projects_locations_queues_create(
        &self,
        request: CreateQueueRequest,
    ) -> Result<Queue, ServerError> {
        let mut queue = request
            .queue
            .ok_or_else(|| ServerError::invalid_argument("queue is required"))?;
        if !queue
            .name
            .starts_with(&format!("{}/queues/", request.parent))
        {
            return Err(ServerError::invalid_argument(format!(
                "{} is not a queue of {}",
                queue.name, request.parent
            )));
        }
        queue.state = queue::State::Running;
        let mut state = self.state();
        if state.queues.contains_key(&queue.name) {
            return Err(ServerError::already_exists(format!(
                "{} exists",
                queue.name
            )));
        }
        state.queues.insert(queue.name.clone(), queue.clone());
        Ok(queue)
    }

    async fn projects_locations_queues_patch(
        &self,
        request: UpdateQueueRequest,
    ) -> Result<Queue, ServerError> {
        let update = request.queue.unwrap_or_default();
        let paths = request
            .update_mask
            .map(|mask| mask.paths)
            .unwrap_or_default();
        self.change_queue(&update.name.clone(), |queue| {
            for path in paths {
                match path.as_str() {
                    "rate_limits" => queue.rate_limits = update.rate_limits.clone(),
                    "retry_config" => queue.retry_config = update.retry_config.clone(),
                    _ => {}
                }
            }
        })
    }

    async fn projects_locations_queues_delete(
        &self,
        request: DeleteQueueRequest,
    ) -> Result<(), ServerError> {
        let mut state = self.state();
        state
            .queues
            .remove(&request.name)
            .ok_or_else(|| missing(&request.name))?;
        let prefix = format!("{}/tasks/", request.name);
        state.tasks.retain(|name, _| !name.starts_with(&prefix));
        Ok(())
    }

    async fn projects_locations_queues_purge(
        &self,
        request: PurgeQueueRequest,
    ) -> Result<Queue, ServerError> {
        let prefix = format!("{}/tasks/", request.name);
        self.state()
            .tasks
            .retain(|name, _| !name.starts_with(&prefix));
        self.change_queue(&request.name, |_| {})
    }

    async fn projects_locations_queues_pause(
        &self,
        request: PauseQueueRequest,
    ) -> Result<Queue, ServerError> {
        self.change_queue(&request.name, |queue| queue.state = queue::State::Paused)
    }

    async fn projects_locations_queues_resume(
        &self,
        request: ResumeQueueRequest,
    ) -> Result<Queue, ServerError> {
        self.change_queue(&request.name, |queue| queue.state = queue::State::Running)
    }

    async fn projects_locations_queues_get_iam_policy(
        &self,
        request: GetIamPolicyRequest,
    ) -> Result<Policy, ServerError> {
        Ok(self
            .state()
            .policies
            .get(&request.resource)
            .cloned()
            .unwrap_or_default())
    }

    async fn projects_locations_queues_set_iam_policy(
        &self,
        request: SetIamPolicyRequest,
    ) -> Result<Policy, ServerError> {
        let mut policy = request.policy.unwrap_or_default();
        policy.etag = format!("etag-{}", policy.bindings.len()).into_bytes();
        self.state()
            .policies
            .insert(request.resource, policy.clone());
        Ok(policy)
    }

    async fn projects_locations_queues_test_iam_permissions(
        &self,
        request: TestIamPermissionsRequest,
    ) -> Result<TestIamPermissionsResponse, ServerError> {
        // Anyone bound to a role holds the `get` permissions, nothing more.
        let bound = self
            .state()
            .policies
            .get(&request.resource)
            .is_some_and(|policy| !policy.bindings.is_empty());
        let held = request
            .permissions
            .into_iter()
            .filter(|permission| bound && permission.ends_with(".get"));
        Ok(TestIamPermissionsResponse::new().set_permissions(held))
    }

    async fn projects_locations_queues_tasks_list(
        &self,
        request: ListTasksRequest,
    ) -> Result<ListTasksResponse, ServerError> {
        let prefix = format!("{}/tasks/", request.parent);
        let tasks: Vec<Task> = self
            .state()
            .tasks
            .values()
            .filter(|task| task.name.starts_with(&prefix))
            .cloned()
            .collect();
        Ok(ListTasksResponse::new().set_tasks(tasks))
    }

    async fn projects_locations_queues_tasks_get(
        &self,
        request: GetTaskRequest,
    ) -> Result<Task, ServerError> {
        self.state()
            .tasks
            .get(&request.name)
            .cloned()
            .ok_or_else(|| missing(&request.name))
    }

    async fn projects_locations_queues_tasks_create(
        &self,
        request: CreateTaskRequest,
    ) -> Result<Task, ServerError> {
        let mut state = self.state();
        if !state.queues.contains_key(&request.parent) {
            return Err(missing(&request.parent));
        }
        let mut task = request
            .task
            .ok_or_else(|| ServerError::invalid_argument("task is required"))?;
        if task.name.is_empty() {
            task.name = format!("{}/tasks/{}", request.parent, state.tasks.len() + 1);
        }
        task.view = request.response_view;
        state.tasks.insert(task.name.clone(), task.clone());
        Ok(task)
    }

    async fn projects_locations_queues_tasks_delete(
        &self,
        request: DeleteTaskRequest,
    ) -> Result<(), ServerError> {
        self.state()
            .tasks
            .remove(&request.name)
            .ok_or_else(|| missing(&request.name))?;
        Ok(())
    }

    async fn projects_locations_queues_tasks_run(
        &self,
        request: RunTaskRequest,
    ) -> Result<Task, ServerError> {
        let mut state = self.state();
        let task = state
            .tasks
            .get_mut(&request.name)
            .ok_or_else(|| missing(&request.name))?;
        task.dispatch_count += 1;
        Ok(task.clone())
    }
}

#[tokio::test]
async fn an_in_memory_cloud_tasks_serves_the_generated_client() {
    let client = client(&serve(router(Tasks::default())).await);
    let queues = client.projects().locations().queues();
    let tasks = queues.tasks();

    // Locations (the mixin).
    let locations = client
        .projects()
        .locations()
        .list(ListLocationsRequest::new().set_name(PROJECT))
        .await
        .unwrap();
    let ids: Vec<&str> = locations
        .locations
        .iter()
        .map(|location| location.location_id.as_str())
        .collect();
    assert_eq!(ids, ["europe-west1", "us-east1"]);
    let here = client
        .projects()
        .locations()
        .get(GetLocationRequest::new().set_name(LOCATION))
        .await
        .unwrap();
    assert_eq!(here.name, LOCATION);

    // A queue's life: create, update by mask, pause, resume.
    let name = format!("{LOCATION}/queues/mail");
    let created = queues
        .create(
            CreateQueueRequest::new().set_parent(LOCATION).set_queue(
                Queue::new()
                    .set_name(&name)
                    .set_rate_limits(RateLimits::new().set_max_dispatches_per_second(5.0)),
            ),
        )
        .await
        .unwrap();
    assert_eq!(created.state, queue::State::Running);
    let again = queues
        .create(
            CreateQueueRequest::new()
                .set_parent(LOCATION)
                .set_queue(Queue::new().set_name(&name)),
        )
        .await;
    assert_eq!(again.unwrap_err().code(), Some(&Code::AlreadyExists));
    let patched = queues
        .patch(
            UpdateQueueRequest::new()
                .set_queue(
                    Queue::new()
                        .set_name(&name)
                        .set_retry_config(RetryConfig::new().set_max_attempts(3)),
                )
                .set_update_mask(FieldMask::new(["retry_config"])),
        )
        .await
        .unwrap();
    assert_eq!(
        patched.retry_config.map(|retry| retry.max_attempts),
        Some(3)
    );
    assert_eq!(
        patched
            .rate_limits
            .map(|rate| rate.max_dispatches_per_second),
        Some(5.0)
    );
    let paused = queues
        .pause(PauseQueueRequest::new().set_name(&name))
        .await
        .unwrap();
    assert_eq!(paused.state, queue::State::Paused);
    let resumed = queues
        .resume(ResumeQueueRequest::new().set_name(&name))
        .await
        .unwrap();
    assert_eq!(resumed.state, queue::State::Running);
    let listed = queues
        .list(ListQueuesRequest::new().set_parent(LOCATION))
        .await
        .unwrap();
    assert_eq!(listed.queues, [resumed]);

    // Tasks: create (named and not), list, get, run, delete, purge.
    let request = HttpRequest::new()
        .set_url("https://worker.example.com/send")
        .set_body(b"hello".to_vec());
    let named = format!("{name}/tasks/welcome");
    let welcome = tasks
        .create(
            CreateTaskRequest::new()
                .set_parent(&name)
                .set_task(
                    Task::new()
                        .set_name(&named)
                        .set_http_request(request.clone()),
                )
                .set_response_view(task::View::Full),
        )
        .await
        .unwrap();
    assert_eq!(welcome.view, task::View::Full);
    let unnamed = tasks
        .create(
            CreateTaskRequest::new()
                .set_parent(&name)
                .set_task(Task::new().set_http_request(request)),
        )
        .await
        .unwrap();
    assert!(
        unnamed.name.starts_with(&format!("{name}/tasks/")),
        "{}",
        unnamed.name
    );
    let items: Vec<Task> = tasks
        .list_items(ListTasksRequest::new().set_parent(&name))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 2);
    let run = tasks
        .run(RunTaskRequest::new().set_name(&named))
        .await
        .unwrap();
    assert_eq!(run.dispatch_count, 1);
    let fetched = tasks
        .get(GetTaskRequest::new().set_name(&named))
        .await
        .unwrap();
    assert_eq!(fetched, run);
    match fetched.message_type {
        Some(task::MessageType::HttpRequest(sent)) => assert_eq!(sent.body, b"hello"),
        other => panic!("the task lost its HTTP request: {other:?}"),
    }
    tasks
        .delete(DeleteTaskRequest::new().set_name(&named))
        .await
        .unwrap();
    let gone = tasks
        .get(GetTaskRequest::new().set_name(&named))
        .await
        .unwrap_err();
    assert_eq!(gone.code(), Some(&Code::NotFound));
    queues
        .purge(PurgeQueueRequest::new().set_name(&name))
        .await
        .unwrap();
    let left = tasks
        .list(ListTasksRequest::new().set_parent(&name))
        .await
        .unwrap();
    assert!(left.tasks.is_empty(), "{:?}", left.tasks);

    // IAM: empty until set, then read back, and permissions tested.
    let empty = queues
        .get_iam_policy(GetIamPolicyRequest::new().set_resource(&name))
        .await
        .unwrap();
    assert!(empty.bindings.is_empty());
    let binding = Binding::new()
        .set_role("roles/cloudtasks.viewer")
        .set_members(["user:ana@example.com"])
        .set_condition(Expr::new().set_expression("request.time.getHours(\"UTC\") < 18"));
    let set = queues
        .set_iam_policy(
            SetIamPolicyRequest::new()
                .set_resource(&name)
                .set_policy(Policy::new().set_version(3).set_bindings([binding])),
        )
        .await
        .unwrap();
    assert_eq!(set.etag, b"etag-1");
    let read = queues
        .get_iam_policy(GetIamPolicyRequest::new().set_resource(&name))
        .await
        .unwrap();
    assert_eq!(read, set);
    let held = queues
        .test_iam_permissions(
            TestIamPermissionsRequest::new()
                .set_resource(&name)
                .set_permissions(["cloudtasks.queues.get", "cloudtasks.queues.delete"]),
        )
        .await
        .unwrap();
    assert_eq!(held.permissions, ["cloudtasks.queues.get"]);

    // Deleting the queue takes it away.
    queues
        .delete(DeleteQueueRequest::new().set_name(&name))
        .await
        .unwrap();
    let missing = queues
        .get(GetQueueRequest::new().set_name(&name))
        .await
        .unwrap_err();
    assert_eq!(missing.code(), Some(&Code::NotFound));
}
