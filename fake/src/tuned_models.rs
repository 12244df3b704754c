//! Tuned models and the long-running operations that create them.
//!
//! `tunedModels.create` stores the model in state CREATING and answers a
//! pending operation. Tuning runs on the fake's clock (see [`crate::tuning`]):
//! the operation's metadata and the model's snapshots count the steps done
//! so far; once the job's time ([`crate::Fake::tuning_time`], one second by
//! default; zero finishes at creation) has passed, the model is ACTIVE and
//! the operation done with the model as its `response`.

use gemini_v1beta::server::ServerError;
use gemini_v1beta::types::tuned_model::SourceModel;
use gemini_v1beta::types::*;
use gemini_v1beta::{Any, Timestamp};

use crate::errors::{already_exists, check_len, not_found, required};
use crate::mask::{self, WhenEmpty};
use crate::names;
use crate::paging::{self, Limits, ListCall};
use crate::state::State;
use crate::tuning::Job;

/// tunedModels.list: 10 by default, at most 1000.
const LIMITS: Limits = Limits {
    default: 10,
    max: 1000,
};
/// The type URL of a tuned model in an operation's `response`.
pub const TUNED_MODEL_TYPE: &str =
    "type.googleapis.com/google.ai.generativelanguage.v1beta.TunedModel";
/// The type URL of an operation's `metadata`.
pub const METADATA_TYPE: &str =
    "type.googleapis.com/google.ai.generativelanguage.v1beta.CreateTunedModelMetadata";
/// The longest display name of a tuned model.
const MAX_DISPLAY_NAME: usize = 40;
/// Defaults for unset hyperparameters.
const DEFAULT_EPOCHS: i32 = 5;
const DEFAULT_BATCH_SIZE: i32 = 4;
const DEFAULT_LEARNING_RATE: f32 = 0.001;
/// Fills unset hyperparameters with defaults and checks the rest; answers the total step count.
fn plan_tuning(task: &mut TuningTask) -> Result<i32, ServerError> {
    let examples = match task.training_data.as_ref().and_then(Dataset::examples) {
        Some(examples) if !examples.examples.is_empty() => examples.examples.len(),
        _ => {
            return Err(required(
                "tunedModel.tuningTask.trainingData.examples.examples",
            ))
        }
    };
    let hyper = task
        .hyperparameters
        .get_or_insert_with(Hyperparameters::new);
    let epochs = *hyper.epoch_count.get_or_insert(DEFAULT_EPOCHS);
    let batch = *hyper.batch_size.get_or_insert(DEFAULT_BATCH_SIZE);
    hyper
        .learning_rate_option
        .get_or_insert(hyperparameters::LearningRateOption::LearningRate(
            DEFAULT_LEARNING_RATE,
        ));
    if epochs <= 0 || batch <= 0 {
        return Err(ServerError::invalid_argument(
            "tunedModel.tuningTask.hyperparameters.epochCount and batchSize must be positive",
        ));
    }
    let batches = i32::try_from(examples.div_ceil(batch as usize)).unwrap_or(i32::MAX);
    Ok(batches.saturating_mul(epochs))
}

/// Readies a new model, named `name`, for tuning from `time`: its task
/// planned (the total step count answered), what the server sets written,
/// and what tuning fills in later (and the training data) cleared.
fn begin_tuning(model: &mut TunedModel, name: String, time: Timestamp) -> Result<i32, ServerError> {
    let task = (model.tuning_task.as_mut()).ok_or_else(|| required("tunedModel.tuningTask"))?;
    let total_steps = plan_tuning(task)?;
    task.start_time = Some(time);
    task.complete_time = None;
    task.snapshots.clear();
    task.training_data = None;
    model.name = name;
    model.state = tuned_model::State::Creating;
    model.create_time = Some(time);
    model.update_time = Some(time);
    model.unknown_fields.clear();
    Ok(total_steps)
}

fn metadata_any(metadata: &CreateTunedModelMetadata) -> Any {
    Any::encode(METADATA_TYPE, metadata)
}

/// What the API answers for a stored model: without the training data.
fn view(model: &TunedModel) -> TunedModel {
    let mut model = model.clone();
    if let Some(task) = model.tuning_task.as_mut() {
        task.training_data = None;
    }
    model
}

impl State {
    /// The base model that `model`'s source names, checked.
    fn base_model_of(&self, source: Option<&SourceModel>) -> Result<SourceModel, ServerError> {
        match source {
            Some(SourceModel::BaseModel(base)) => {
                if base
                    .strip_prefix("models/")
                    .is_some_and(|id| !id.is_empty())
                {
                    Ok(SourceModel::BaseModel(base.clone()))
                } else {
                    Err(ServerError::invalid_argument(format!(
                        "tunedModel.baseModel {base:?} must be models/MODEL"
                    )))
                }
            }
            Some(SourceModel::TunedModelSource(source)) => {
                let parent = self
                    .tuned_models
                    .get(&source.tuned_model)
                    .ok_or_else(|| not_found("tuned model", &source.tuned_model))?;
                let base_model = match &parent.source_model {
                    Some(SourceModel::BaseModel(base)) => base.clone(),
                    Some(SourceModel::TunedModelSource(grand)) => grand.base_model.clone(),
                    _ => String::new(),
                };
                Ok(SourceModel::TunedModelSource(
                    TunedModelSource::new()
                        .set_tuned_model(source.tuned_model.clone())
                        .set_base_model(base_model),
                ))
            }
            _ => Err(required(
                "tunedModel.baseModel (or tunedModel.tunedModelSource)",
            )),
        }
    }

    /// Starts tuning: stores the model in state CREATING and answers its pending operation.
    pub(crate) fn tuned_models_create(
        &mut self,
        request: CreateTunedModelRequest,
    ) -> Result<Operation, ServerError> {
        let mut model = request.tuned_model.ok_or_else(|| required("tunedModel"))?;
        check_len(
            "tunedModel.displayName",
            &model.display_name,
            MAX_DISPLAY_NAME,
        )?;
        let name = self.new_tuned_model_name(request.tuned_model_id, &model.display_name)?;
        model.source_model = Some(self.base_model_of(model.source_model.as_ref())?);
        let time = self.clock.now();
        let total_steps = begin_tuning(&mut model, name, time)?;
        self.start_tuning(model, total_steps, time)
    }

    /// The name of a new tuned model: `tunedModels/{id}` with the requested
    /// id when it is valid and free, else a free one made from the display name.
    fn new_tuned_model_name(
        &mut self,
        id: Option<String>,
        display_name: &str,
    ) -> Result<String, ServerError> {
        match id.filter(|id| !id.is_empty()) {
            Some(id) if names::is_valid_tuned_model_id(&id) => {
                let name = format!("tunedModels/{id}");
                if self.tuned_models.contains_key(&name) {
                    return Err(already_exists("tuned model", &name));
                }
                Ok(name)
            }
            Some(id) => Err(ServerError::invalid_argument(format!(
                "tunedModelId {id:?} must have 1 to 40 lowercase letters, digits or dashes, \
                 start with a letter and not end with a dash"
            ))),
            None => loop {
                let name = format!(
                    "tunedModels/{}",
                    names::id_from_display_name(&mut self.ids, display_name)
                );
                if !self.tuned_models.contains_key(&name) {
                    break Ok(name);
                }
            },
        }
    }

    /// Stores a new model with its tuning job (started at `time`) and the
    /// operation that tracks it; answers that operation after the job's first step.
    fn start_tuning(
        &mut self,
        model: TunedModel,
        total_steps: i32,
        time: Timestamp,
    ) -> Result<Operation, ServerError> {
        let name = model.name.clone();
        let epochs = (model.tuning_task.as_ref())
            .and_then(|task| task.hyperparameters.as_ref())
            .and_then(|hyper| hyper.epoch_count)
            .unwrap_or(DEFAULT_EPOCHS);
        let job = Job {
            operation: format!("{name}/operations/{}", names::new_id(&mut self.ids)),
            metadata: CreateTunedModelMetadata::new()
                .set_tuned_model(name.clone())
                .set_total_steps(total_steps),
            start: time,
            duration: self.tuning.duration(),
            epochs,
        };
        let operation = Operation::new()
            .set_name(job.operation.clone())
            .set_metadata(metadata_any(&job.metadata))
            .set_done(false);
        let operation_name = operation.name.clone();
        self.tuned_models.insert(name.clone(), model);
        self.operations.insert(operation_name.clone(), operation);
        self.tuning.running.insert(name, job);
        self.advance_tuning(time);
        self.operations
            .get(&operation_name)
            .cloned()
            .ok_or_else(|| not_found("operation", &operation_name))
    }

    /// Brings the running tuning jobs up to `now`: records their progress
    /// and finishes those whose time has passed.
    pub(crate) fn advance_tuning(&mut self, now: Timestamp) {
        let mut finished = Vec::new();
        for (name, job) in &mut self.tuning.running {
            let steps = job.steps_done(now);
            if steps == job.metadata.completed_steps && now < job.end() {
                continue;
            }
            job.metadata = job.progress(steps);
            let (Some(model), Some(operation)) = (
                self.tuned_models.get_mut(name),
                self.operations.get_mut(&job.operation),
            ) else {
                // Its model or operation is gone (deleting a model ends its job): drop it.
                finished.push(name.clone());
                continue;
            };
            let task = model.tuning_task.get_or_insert_with(TuningTask::new);
            task.snapshots = job.metadata.snapshots.clone();
            if now >= job.end() {
                let end = job.end();
                task.complete_time = Some(end);
                model.state = tuned_model::State::Active;
                model.update_time = Some(end);
                operation.done = true;
                operation.result = Some(operation::Result::Response(Any::encode(
                    TUNED_MODEL_TYPE,
                    &view(model),
                )));
                finished.push(name.clone());
            }
            operation.metadata = Some(metadata_any(&job.metadata));
        }
        for name in finished {
            self.tuning.running.remove(&name);
        }
    }

    /// The tuned model `name`.
    pub(crate) fn tuned_models_get(&self, name: &str) -> Result<TunedModel, ServerError> {
        self.tuned_models
            .get(name)
            .map(view)
            .ok_or_else(|| not_found("tuned model", name))
    }

    /// The tuned model `name` if it can answer prompts (is ACTIVE).
    pub(crate) fn active_tuned_model(&self, name: &str) -> Result<&TunedModel, ServerError> {
        let model = self
            .tuned_models
            .get(name)
            .ok_or_else(|| not_found("tuned model", name))?;
        if model.state != tuned_model::State::Active {
            return Err(ServerError::failed_precondition(format!(
                "tuned model {name:?} is not ACTIVE yet; wait until its tuning finishes"
            )));
        }
        Ok(model)
    }

    /// A page of the tuned models, filtered by `owner:me` (all) or `readers:everyone`.
    pub(crate) fn tuned_models_list(
        &self,
        request: &ListTunedModelsRequest,
    ) -> Result<ListTunedModelsResponse, ServerError> {
        let public_only = match request.filter.trim() {
            "" | "owner:me" => false,
            "readers:everyone" => true,
            other => {
                return Err(ServerError::invalid_argument(format!(
                    "filter {other:?} is not supported; use \"owner:me\" or \"readers:everyone\""
                )))
            }
        };
        let scope = format!("tunedModels.list {public_only}");
        let page = ListCall {
            scope: &scope,
            prefix: "",
            page_size: request.page_size,
            page_token: &request.page_token,
            limits: LIMITS,
        }
        .page(&self.tuned_models, |model| {
            !public_only || self.is_public(&model.name)
        })?;
        Ok(ListTunedModelsResponse::new()
            .set_tuned_models(page.items.into_iter().map(view))
            .set_next_page_token(page.next_page_token))
    }

    /// Whether a permission shares the tuned model `name` with everyone.
    fn is_public(&self, name: &str) -> bool {
        let prefix = names::children_prefix(name, "permissions");
        self.permissions
            .range(prefix.clone()..)
            .take_while(|(key, _)| key.starts_with(&prefix))
            .any(|(_, permission)| {
                permission.grantee_type == Some(permission::GranteeType::Everyone)
            })
    }

    /// Changes the masked fields of a tuned model (all writable ones when the mask is empty).
    pub(crate) fn tuned_models_patch(
        &mut self,
        request: UpdateTunedModelRequest,
    ) -> Result<TunedModel, ServerError> {
        let update = request.tuned_model.ok_or_else(|| required("tunedModel"))?;
        let fields = mask::fields(
            request.update_mask.as_ref(),
            &[
                "display_name",
                "description",
                "temperature",
                "top_p",
                "top_k",
                "reader_project_numbers",
            ],
            "tuned model",
            WhenEmpty::All,
        )?;
        let model = self
            .tuned_models
            .get_mut(&update.name)
            .ok_or_else(|| not_found("tuned model", &update.name))?;
        if fields.contains(&"display_name") {
            check_len(
                "tunedModel.displayName",
                &update.display_name,
                MAX_DISPLAY_NAME,
            )?;
        }
        for field in fields {
            match field {
                "display_name" => model.display_name = update.display_name.clone(),
                "description" => model.description = update.description.clone(),
                "temperature" => model.temperature = update.temperature,
                "top_p" => model.top_p = update.top_p,
                "top_k" => model.top_k = update.top_k,
                _ => model.reader_project_numbers = update.reader_project_numbers.clone(),
            }
        }
        model.update_time = Some(self.clock.now());
        Ok(view(model))
    }

    /// Deletes a tuned model with its permissions and operations.
    pub(crate) fn tuned_models_delete(&mut self, name: &str) -> Result<(), ServerError> {
        self.tuned_models
            .remove(name)
            .ok_or_else(|| not_found("tuned model", name))?;
        self.tuning.running.remove(name);
        State::remove_under(
            &mut self.permissions,
            &names::children_prefix(name, "permissions"),
        );
        State::remove_under(
            &mut self.operations,
            &names::children_prefix(name, "operations"),
        );
        Ok(())
    }

    /// Checks a transfer of ownership; the fake has one caller, so nothing changes.
    pub(crate) fn tuned_models_transfer_ownership(
        &self,
        request: &TransferOwnershipRequest,
    ) -> Result<TransferOwnershipResponse, ServerError> {
        if !self.tuned_models.contains_key(&request.name) {
            return Err(not_found("tuned model", &request.name));
        }
        if request.email_address.is_empty() {
            return Err(required("emailAddress"));
        }
        Ok(TransferOwnershipResponse::new())
    }

    /// The operation `name`.
    pub(crate) fn operations_get(&self, name: &str) -> Result<Operation, ServerError> {
        self.operations
            .get(name)
            .cloned()
            .ok_or_else(|| not_found("operation", name))
    }

    /// A page of a tuned model's operations.
    pub(crate) fn operations_list(
        &self,
        request: &ListOperationsRequest,
    ) -> Result<ListOperationsResponse, ServerError> {
        if !self.tuned_models.contains_key(&request.name) {
            return Err(not_found("tuned model", &request.name));
        }
        if !request.filter.is_empty() {
            return Err(ServerError::invalid_argument(format!(
                "filter {:?} is not supported by this server; leave it empty",
                request.filter
            )));
        }
        let prefix = names::children_prefix(&request.name, "operations");
        let page = ListCall {
            scope: "tunedModels.operations.list",
            prefix: &prefix,
            page_size: request.page_size,
            page_token: &request.page_token,
            limits: paging::COMMON,
        }
        .page(&self.operations, |_| true)?
        .cloned();
        Ok(ListOperationsResponse::new()
            .set_operations(page.items)
            .set_next_page_token(page.next_page_token))
    }
}
