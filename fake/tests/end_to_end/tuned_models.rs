//! Tuned models and their long-running operations.

use std::time::Duration;

use futures_util::TryStreamExt;
use gemini_v1beta::types::*;
use gemini_v1beta::{FieldMask, PollPolicy};

use gemini_fake::{Clock, Fake};

use crate::{expect_error, serve, start};

/// A request to tune `models/gemini-1.5-flash-001` on three examples.
pub fn tuning_request(id: Option<&str>) -> CreateTunedModelRequest {
    let examples = (0..3).map(|i| {
        TuningExample::new()
            .set_output(format!("{}", i + 1))
            .set_text_input(format!("{i}"))
    });
    let mut request = CreateTunedModelRequest::new().set_tuned_model(
        TunedModel::new()
            .set_display_name("Counter")
            .set_base_model("models/gemini-1.5-flash-001")
            .set_tuning_task(
                TuningTask::new()
                    .set_training_data(
                        Dataset::new().set_examples(TuningExamples::new().set_examples(examples)),
                    )
                    .set_hyperparameters(
                        Hyperparameters::new().set_epoch_count(2).set_batch_size(2),
                    ),
            ),
    );
    request.tuned_model_id = id.map(str::to_owned);
    request
}

fn fast() -> PollPolicy {
    PollPolicy {
        initial_delay: Duration::from_millis(5),
        ..Default::default()
    }
}

#[tokio::test]
async fn create_wait_get_list_patch_delete() {
    let (client, fake, _) = start().await;
    let models = client.tuned_models();

    let operation = models.create(tuning_request(None)).await.unwrap();
    assert!(!operation.is_done());
    let metadata = operation.metadata().unwrap().unwrap();
    assert!(
        metadata.tuned_model.starts_with("tunedModels/counter-"),
        "{}",
        metadata.tuned_model
    );
    assert_eq!(metadata.total_steps, 4, "2 epochs of 2 batches");
    assert_eq!(
        operation
            .name()
            .rsplit_once("/operations/")
            .map(|(model, _)| model),
        Some(metadata.tuned_model.as_str())
    );

    let creating = models
        .get(GetTunedModelRequest::new().set_name(metadata.tuned_model.clone()))
        .await
        .unwrap();
    assert_eq!(creating.state, tuned_model::State::Creating);
    assert!(
        creating
            .tuning_task
            .as_ref()
            .unwrap()
            .training_data
            .is_none(),
        "training data is not answered"
    );

    let operation_name = operation.name().to_owned();
    fake.clock().advance(Duration::from_secs(1));
    let model = operation.wait(fast()).await.unwrap();
    assert_eq!(model.name, metadata.tuned_model);
    assert_eq!(model.state, tuned_model::State::Active);
    let task = model.tuning_task.as_ref().unwrap();
    assert_eq!(task.snapshots.len(), 4);
    assert!(task.complete_time.is_some());
    assert_eq!(task.hyperparameters.as_ref().unwrap().epoch_count, Some(2));

    // The operation stays done, with the model as its response.
    let operations = models.operations();
    let listed = operations
        .list(ListOperationsRequest::new().set_name(model.name.clone()))
        .await
        .unwrap();
    assert_eq!(listed.operations.len(), 1);
    let done = &listed.operations[0];
    assert_eq!(done.name, operation_name);
    assert!(done.done);
    match &done.result {
        Some(operation::Result::Response(any)) => {
            assert_eq!(any.type_url, gemini_fake::TUNED_MODEL_TYPE);
            assert_eq!(
                any.decode::<TunedModel>().unwrap().state,
                tuned_model::State::Active
            );
        }
        other => panic!("expected a response, got {other:?}"),
    }
    let metadata: CreateTunedModelMetadata = done.metadata.as_ref().unwrap().decode().unwrap();
    assert_eq!(
        (metadata.completed_steps, metadata.completed_percent),
        (4, 100.0)
    );
    expect_error(
        operations
            .get(GetOperationRequest::new().set_name(format!("{}/operations/nope", model.name)))
            .await,
        "NOT_FOUND",
    );
    expect_error(
        operations
            .list(ListOperationsRequest::new().set_name("tunedModels/none"))
            .await,
        "NOT_FOUND",
    );

    let got = models
        .get(GetTunedModelRequest::new().set_name(model.name.clone()))
        .await
        .unwrap();
    assert_eq!(got, model);

    // Named models; the id must be free and valid.
    models.create(tuning_request(Some("second"))).await.unwrap();
    expect_error(
        models.create(tuning_request(Some("second"))).await,
        "ALREADY_EXISTS",
    );
    expect_error(
        models.create(tuning_request(Some("2nd"))).await,
        "INVALID_ARGUMENT",
    );
    let mut no_base = tuning_request(None);
    no_base.tuned_model.as_mut().unwrap().source_model = None;
    expect_error(models.create(no_base).await, "INVALID_ARGUMENT");
    let mut no_data = tuning_request(None);
    no_data
        .tuned_model
        .as_mut()
        .unwrap()
        .tuning_task
        .as_mut()
        .unwrap()
        .training_data = None;
    expect_error(models.create(no_data).await, "INVALID_ARGUMENT");

    let all: Vec<TunedModel> = models
        .list_items(ListTunedModelsRequest::new().set_page_size(1))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 2);

    let patched = models
        .patch(
            UpdateTunedModelRequest::new()
                .set_tuned_model(
                    TunedModel::new()
                        .set_name(model.name.clone())
                        .set_description("counts")
                        .set_display_name("ignored")
                        .set_temperature(0.5),
                )
                .set_update_mask(FieldMask::new(["description", "temperature"])),
        )
        .await
        .unwrap();
    assert_eq!(patched.description, "counts");
    assert_eq!(patched.temperature, Some(0.5));
    assert_eq!(patched.display_name, "Counter");
    let output_only = models
        .patch(
            UpdateTunedModelRequest::new()
                .set_tuned_model(TunedModel::new().set_name(model.name.clone()))
                .set_update_mask(FieldMask::new(["state"])),
        )
        .await;
    expect_error(output_only, "INVALID_ARGUMENT");

    models
        .delete(DeleteTunedModelRequest::new().set_name(model.name.clone()))
        .await
        .unwrap();
    let message = expect_error(
        models
            .get(GetTunedModelRequest::new().set_name(model.name.clone()))
            .await,
        "NOT_FOUND",
    );
    assert!(message.contains(&model.name), "{message}");
    expect_error(
        operations
            .get(GetOperationRequest::new().set_name(operation_name))
            .await,
        "NOT_FOUND",
    );
}

/// The metadata of the operation `name`.
async fn progress(client: &gemini_v1beta::Client, name: &str) -> (bool, CreateTunedModelMetadata) {
    let operation = client
        .tuned_models()
        .operations()
        .get(GetOperationRequest::new().set_name(name))
        .await
        .unwrap();
    let metadata = operation.metadata.as_ref().unwrap().decode().unwrap();
    (operation.done, metadata)
}

#[tokio::test]
async fn tuning_progresses_with_the_clock() {
    let fake = Fake::with_clock(Clock::manual()).tuning_time(Duration::from_secs(600));
    let (client, fake, _) = serve(fake).await;
    let models = client.tuned_models();
    let operation = models.create(tuning_request(Some("slow"))).await.unwrap();
    let name = operation.name().to_owned();
    let get = || GetTunedModelRequest::new().set_name("tunedModels/slow");
    let started = models.get(get()).await.unwrap();
    let start = started.tuning_task.as_ref().unwrap().start_time.unwrap();

    // Reads alone do not move it.
    for _ in 0..3 {
        let (done, metadata) = progress(&client, &name).await;
        assert!(!done);
        assert_eq!((metadata.completed_steps, metadata.total_steps), (0, 4));
    }

    // Halfway: two of four steps, with their snapshots, still CREATING.
    fake.clock().advance(Duration::from_secs(300));
    let (done, metadata) = progress(&client, &name).await;
    assert!(!done);
    assert_eq!(
        (metadata.completed_steps, metadata.completed_percent),
        (2, 50.0)
    );
    assert_eq!(metadata.snapshots.len(), 2);
    let halfway = models.get(get()).await.unwrap();
    assert_eq!(halfway.state, tuned_model::State::Creating);
    assert_eq!(halfway.tuning_task.as_ref().unwrap().snapshots.len(), 2);

    // A list sees the job finish too, at its start plus ten minutes.
    fake.clock().advance(Duration::from_secs(300));
    let listed = models.list(ListTunedModelsRequest::new()).await.unwrap();
    let model = &listed.tuned_models[0];
    assert_eq!(model.state, tuned_model::State::Active);
    let task = model.tuning_task.as_ref().unwrap();
    let complete = task.complete_time.unwrap();
    assert_eq!(
        (complete.seconds - start.seconds, complete.nanos),
        (600, start.nanos)
    );
    assert_eq!(task.snapshots.len(), 4);
    let (done, metadata) = progress(&client, &name).await;
    assert!(done);
    assert_eq!(metadata.completed_percent, 100.0);
    let generated = models
        .generate_content(
            GenerateContentRequest::new()
                .set_model("tunedModels/slow")
                .set_contents([Content::new().set_parts([Part::new().set_text("hi")])]),
        )
        .await;
    assert!(generated.is_ok(), "{generated:?}");
}

#[tokio::test]
async fn a_tuning_time_of_zero_finishes_at_creation() {
    let (client, _, _) = serve(Fake::new().tuning_time(Duration::ZERO)).await;
    let operation = client
        .tuned_models()
        .create(tuning_request(None))
        .await
        .unwrap();
    assert!(operation.is_done());
    let metadata = operation.metadata().unwrap().unwrap();
    assert_eq!(metadata.completed_steps, metadata.total_steps);
}

/// On the system clock a job runs by itself, and an app can still finish
/// it at once by moving the clock ahead.
#[tokio::test]
async fn on_the_system_clock_jobs_run_by_themselves_or_are_moved_ahead() {
    let (client, fake, _) = serve(Fake::new().tuning_time(Duration::from_millis(50))).await;
    let models = client.tuned_models();
    let quick = models.create(tuning_request(None)).await.unwrap();
    let model = quick.wait(fast()).await.unwrap();
    assert_eq!(model.state, tuned_model::State::Active);

    let fake = fake.tuning_time(Duration::from_secs(3600));
    let slow = models.create(tuning_request(None)).await.unwrap();
    assert!(!fake.clock().is_manual());
    fake.clock().advance(Duration::from_secs(3600));
    let (done, _) = progress(&client, slow.name()).await;
    assert!(done, "an hour ahead");
}
