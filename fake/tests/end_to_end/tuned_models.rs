//! Tuned models and their long-running operations.

use std::time::Duration;

use futures_util::TryStreamExt;
use gemini_v1beta::types::*;
use gemini_v1beta::{FieldMask, PollPolicy};

use crate::{expect_error, start};

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
    let (client, _, _) = start().await;
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
