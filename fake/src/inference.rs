//! Prompts answered: `generateContent` and `streamGenerateContent` (of base
//! and tuned models) and `countTokens`. The prompt is the request's, after
//! the cached content it names; the answer is the next scripted one queued
//! for the model, else the stand-in reply (see [`crate::generation`]).

use gemini_v1beta::server::{ServerError, ServerStream};
use gemini_v1beta::types::{
    CountTokensRequest, CountTokensResponse, GenerateContentRequest, GenerateContentResponse,
};

use crate::caller;
use crate::catalog;
use crate::errors::required;
use crate::generation::{self, Prompt};
use crate::names;
use crate::script::Outcome;
use crate::state::State;

/// An answer to a prompt, and for streams where to cut the connection.
pub(crate) struct Generated {
    pub(crate) response: GenerateContentResponse,
    cut_after: Option<usize>,
}

impl Generated {
    /// The answer as stream events (see [`generation::stream_events`]), cut
    /// after the scripted number of events.
    pub(crate) fn into_stream(self) -> ServerStream<GenerateContentResponse> {
        let mut events: Vec<Result<_, ServerError>> = generation::stream_events(self.response)
            .into_iter()
            .map(Ok)
            .collect();
        if let Some(kept) = self.cut_after {
            events.truncate(kept);
            events.push(Err(ServerError::connection_cut(
                "the script cut this stream",
            )));
        }
        Box::pin(futures_util::stream::iter(events))
    }
}

impl State {
    /// The prompt of `request`: its cached content (which must be for the
    /// same model) first, then its own system instruction and contents
    /// (whose files must be ACTIVE).
    fn prompt(&mut self, request: &GenerateContentRequest) -> Result<Prompt, ServerError> {
        self.check_files_active(&request.contents)?;
        let cache_name = request.cached_content.as_deref().unwrap_or_default();
        if request.contents.is_empty() && cache_name.is_empty() {
            return Err(required("contents"));
        }
        if cache_name.is_empty() {
            return Ok(Prompt::new(request, Vec::new()));
        }
        let cache = self.cached_contents_stored(cache_name)?;
        if cache.model.as_deref() != Some(request.model.as_str()) {
            return Err(ServerError::invalid_argument(format!(
                "cached content {cache_name:?} is for {:?}, not for {:?}",
                cache.model.unwrap_or_default(),
                request.model
            )));
        }
        let cached = cache
            .system_instruction
            .into_iter()
            .chain(cache.contents)
            .collect();
        Ok(Prompt::new(request, cached))
    }

    /// The model version that answers for `model`, once it is known to generate.
    fn generating_model(&self, model: &str) -> Result<String, ServerError> {
        if model.starts_with("tunedModels/") {
            self.active_tuned_model(model)?;
            return Ok(model.to_owned());
        }
        let base = catalog::supporting(model, "generateContent")?;
        Ok(base.base_model_id.clone())
    }

    /// Answers `request`: the next scripted answer for its model in the
    /// caller's scopes, else the stand-in reply; either way with a new
    /// `responseId` and the answering `modelVersion` unless the script set them.
    pub(crate) fn generate(
        &mut self,
        request: &GenerateContentRequest,
    ) -> Result<Generated, ServerError> {
        let prompt = self.prompt(request)?;
        let mut generated = match self.scripts.pop(&caller::scopes(), &request.model) {
            Some(scripted) => {
                let mut response = match scripted.outcome {
                    Outcome::Error(error) => return Err(error),
                    Outcome::Response(response) => *response,
                };
                if response.usage_metadata.is_none() {
                    response.usage_metadata = Some(prompt.usage(&response));
                }
                if response.model_version.is_empty() {
                    response.model_version = scripted_version(&request.model);
                }
                Generated {
                    response,
                    cut_after: scripted.cut_after,
                }
            }
            None => {
                let version = self.generating_model(&request.model)?;
                Generated {
                    response: generation::reply(request, &prompt, &version),
                    cut_after: None,
                }
            }
        };
        if generated.response.response_id.is_empty() {
            generated.response.response_id = names::response_id(&mut self.ids);
        }
        Ok(generated)
    }

    /// Counts the tokens of `contents`, or of `generateContentRequest` (its cache included).
    pub(crate) fn count_tokens(
        &mut self,
        request: &CountTokensRequest,
    ) -> Result<CountTokensResponse, ServerError> {
        catalog::supporting(&request.model, "countTokens")?;
        let prompt = match &request.generate_content_request {
            Some(_) if !request.contents.is_empty() => {
                return Err(ServerError::invalid_argument(
                    "set contents or generateContentRequest, not both",
                ))
            }
            Some(inner) => {
                let mut inner = inner.clone();
                if inner.model.is_empty() {
                    inner.model = request.model.clone();
                }
                self.prompt(&inner)?
            }
            None => {
                let inner = GenerateContentRequest::new().set_contents(request.contents.clone());
                Prompt::new(&inner, Vec::new())
            }
        };
        let usage = prompt.usage(&GenerateContentResponse::new());
        Ok(CountTokensResponse::new()
            .set_total_tokens(usage.prompt_token_count)
            .set_cached_content_token_count(usage.cached_content_token_count))
    }
}

/// The `modelVersion` of a scripted answer for `model`: a base model's id
/// (the name without `models/`), a tuned model's full name.
fn scripted_version(model: &str) -> String {
    model.strip_prefix("models/").unwrap_or(model).to_owned()
}
