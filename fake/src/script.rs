//! Scripted answers: what a test queues for a model, to be answered by its
//! next `generateContent` or `streamGenerateContent` calls, in order,
//! instead of the stand-in reply. From Rust with [`crate::Fake::script`];
//! from a JSON file with [`crate::Fake::load_script`] (the binary's
//! `--script FILE`).

use std::collections::{BTreeMap, HashMap, VecDeque};

use gemini_v1beta::server::ServerError;
use gemini_v1beta::types::{
    candidate, generate_content_response, generate_content_response::prompt_feedback::BlockReason,
    generate_content_response::UsageMetadata, safety_rating, Candidate, Content, FunctionCall,
    GenerateContentResponse, HarmCategory, Part, SafetyRating,
};
use gemini_v1beta::Duration;
use serde::Deserialize;

/// One scripted answer for a model: a response or an error, and for
/// streams where to cut the connection.
#[derive(Clone, Debug)]
pub struct Scripted {
    pub(crate) outcome: Outcome,
    pub(crate) cut_after: Option<usize>,
}

/// What a scripted answer answers.
#[derive(Clone, Debug)]
pub(crate) enum Outcome {
    /// This response; its `usageMetadata`, when unset, is counted from the request.
    Response(Box<GenerateContentResponse>),
    /// This error, before anything is streamed.
    Error(ServerError),
}

impl Scripted {
    /// Answers exactly `response` (with `usageMetadata` counted by the
    /// fake's rule when the response has none).
    pub fn response(response: GenerateContentResponse) -> Self {
        Self {
            outcome: Outcome::Response(Box::new(response)),
            cut_after: None,
        }
    }

    /// A model turn of `parts`, finished with STOP.
    fn model_turn(parts: Vec<Part>) -> Self {
        Self::response(
            GenerateContentResponse::new().set_candidates([Candidate::new()
                .set_index(0)
                .set_content(Content::new().set_parts(parts).set_role("model"))
                .set_finish_reason(candidate::FinishReason::Stop)]),
        )
    }

    /// Replies `text`.
    pub fn text(text: impl Into<String>) -> Self {
        Self::model_turn(vec![Part::new().set_text(text)])
    }

    /// Asks the caller to call the function `name` with `args` (a JSON
    /// object; any other value is sent as no arguments).
    pub fn function_call(name: impl Into<String>, args: serde_json::Value) -> Self {
        let mut call = FunctionCall::new().set_name(name);
        if let serde_json::Value::Object(args) = args {
            call = call.set_args(args);
        }
        Self::model_turn(vec![Part::new().set_function_call(call)])
    }

    /// Blocks the prompt: no candidates, and `promptFeedback` with `reason`
    /// and (for SAFETY) a blocked dangerous-content rating.
    pub fn blocked(reason: BlockReason) -> Self {
        let safety_ratings = if reason == BlockReason::Safety {
            vec![SafetyRating::new()
                .set_category(HarmCategory::DangerousContent)
                .set_probability(safety_rating::HarmProbability::High)
                .set_blocked(true)]
        } else {
            Vec::new()
        };
        Self::response(
            GenerateContentResponse::new().set_prompt_feedback(
                generate_content_response::PromptFeedback::new()
                    .set_block_reason(reason)
                    .set_safety_ratings(safety_ratings),
            ),
        )
    }

    /// Answers `error` (with its details) instead of a response.
    pub fn error(error: ServerError) -> Self {
        Self {
            outcome: Outcome::Error(error),
            cut_after: None,
        }
    }

    /// 429 RESOURCE_EXHAUSTED with a `google.rpc.RetryInfo` asking to wait `retry_delay`.
    pub fn rate_limited(retry_delay: Duration) -> Self {
        let error =
            ServerError::resource_exhausted("Resource has been exhausted (e.g. check quota).");
        Self::error(error.with_retry_info(retry_delay))
    }

    /// Answers these token counts instead of counting them.
    pub fn usage(mut self, usage: UsageMetadata) -> Self {
        if let Outcome::Response(response) = &mut self.outcome {
            response.usage_metadata = Some(usage);
        }
        self
    }

    /// In a stream, sends only the first `events` events, then cuts the
    /// connection. `generateContent` answers the whole response regardless.
    pub fn cut_after(mut self, events: usize) -> Self {
        self.cut_after = Some(events);
        self
    }
}

/// The queued answers, by model name.
#[derive(Debug, Default)]
pub(crate) struct Queues(HashMap<String, VecDeque<Scripted>>);

impl Queues {
    /// Queues `answers` after those already queued for `model`.
    pub(crate) fn push(&mut self, model: &str, answers: impl IntoIterator<Item = Scripted>) {
        self.0
            .entry(full_model_name(model))
            .or_default()
            .extend(answers);
    }

    /// The next answer queued for `model`, if any.
    pub(crate) fn pop(&mut self, model: &str) -> Option<Scripted> {
        self.0.get_mut(model).and_then(VecDeque::pop_front)
    }
}

/// `models/NAME` for a bare `NAME`, as the SDKs accept it; other names unchanged.
fn full_model_name(model: &str) -> String {
    if model.contains('/') {
        model.to_owned()
    } else {
        format!("models/{model}")
    }
}

/// A script that could not be read, with the reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptError(String);

impl std::fmt::Display for ScriptError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ScriptError {}

/// One answer in a script file: exactly one of `text`, `functionCall`,
/// `blocked`, `response` or `error`, and optionally `usageMetadata` and `cutAfter`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Entry {
    text: Option<String>,
    function_call: Option<FunctionCall>,
    blocked: Option<BlockReason>,
    response: Option<GenerateContentResponse>,
    error: Option<ErrorEntry>,
    usage_metadata: Option<UsageMetadata>,
    cut_after: Option<usize>,
}

/// An error in a script file: an HTTP status, a message, and for 429 a retry delay.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ErrorEntry {
    code: u16,
    #[serde(default)]
    message: String,
    retry_delay: Option<Duration>,
}

/// The error for an HTTP status the script names.
fn error_for(entry: ErrorEntry) -> Result<ServerError, String> {
    let message = entry.message;
    let error = match entry.code {
        400 => ServerError::invalid_argument(message),
        401 => ServerError::unauthenticated(message),
        403 => ServerError::permission_denied(message),
        404 => ServerError::not_found(message),
        429 => ServerError::resource_exhausted(message),
        500 => ServerError::internal(message),
        503 => ServerError::unavailable(message),
        other => {
            return Err(format!(
                "error code {other} is not one of 400, 401, 403, 404, 429, 500, 503"
            ))
        }
    };
    match entry.retry_delay {
        None => Ok(error),
        Some(delay) => Ok(error.with_retry_info(delay)),
    }
}

impl TryFrom<Entry> for Scripted {
    type Error = String;

    fn try_from(entry: Entry) -> Result<Self, String> {
        let mut answers = Vec::new();
        if let Some(text) = entry.text {
            answers.push(Scripted::text(text));
        }
        if let Some(call) = entry.function_call {
            let args = call.args.map(serde_json::Value::Object);
            answers.push(Scripted::function_call(call.name, args.unwrap_or_default()));
        }
        if let Some(reason) = entry.blocked {
            answers.push(Scripted::blocked(reason));
        }
        if let Some(response) = entry.response {
            answers.push(Scripted::response(response));
        }
        if let Some(error) = entry.error {
            answers.push(Scripted::error(error_for(error)?));
        }
        let mut answer = match answers.len() {
            1 => answers.remove(0),
            n => {
                return Err(format!(
                    "an answer needs exactly one of text, functionCall, blocked, response, error; this one has {n}"
                ))
            }
        };
        if let Some(usage) = entry.usage_metadata {
            answer = answer.usage(usage);
        }
        if let Some(events) = entry.cut_after {
            answer = answer.cut_after(events);
        }
        Ok(answer)
    }
}

/// Reads a script: a JSON object from model name to the list of its answers.
pub(crate) fn parse(json: &str) -> Result<Vec<(String, Vec<Scripted>)>, ScriptError> {
    let models: BTreeMap<String, Vec<Entry>> = serde_json::from_str(json).map_err(|error| {
        ScriptError(format!(
            "a script is a JSON object from model name to a list of answers: {error}"
        ))
    })?;
    models
        .into_iter()
        .map(|(model, entries)| {
            let answers = entries
                .into_iter()
                .enumerate()
                .map(|(index, entry)| {
                    Scripted::try_from(entry)
                        .map_err(|problem| ScriptError(format!("{model}[{index}]: {problem}")))
                })
                .collect::<Result<Vec<_>, _>>()?;
            Ok((model, answers))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use gemini_v1beta::runtime::Code;

    use super::*;

    #[test]
    fn reads_every_kind_of_answer_and_refuses_mistakes() {
        let script = parse(
            r#"{"gemini-2.0-flash": [
                {"text": "hi", "cutAfter": 1},
                {"functionCall": {"name": "f", "args": {"x": 1}}},
                {"blocked": "SAFETY"},
                {"error": {"code": 429, "message": "slow down", "retryDelay": "2s"}},
                {"response": {"candidates": []}, "usageMetadata": {"totalTokenCount": 3}}
            ]}"#,
        )
        .unwrap();
        assert_eq!(script.len(), 1);
        assert_eq!(script[0].1.len(), 5);
        assert_eq!(script[0].1[0].cut_after, Some(1));
        match &script[0].1[3].outcome {
            Outcome::Error(error) => {
                assert_eq!(
                    (error.code, &error.status.code),
                    (429, &Code::ResourceExhausted)
                );
                assert_eq!(
                    error.status.retry_delay(),
                    Some(std::time::Duration::from_secs(2))
                );
            }
            other => panic!("{other:?}"),
        }
        for bad in [
            "[]",
            r#"{"m": [{"text": "a", "blocked": "SAFETY"}]}"#,
            r#"{"m": [{}]}"#,
            r#"{"m": [{"txt": "a"}]}"#,
            r#"{"m": [{"error": {"code": 418}}]}"#,
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        let mut queues = Queues::default();
        queues.push("gemini-2.0-flash", script.into_iter().flat_map(|(_, a)| a));
        assert!(queues.pop("models/gemini-2.0-flash").is_some());
    }
}
