//! Scripted answers: what a test queues for a model, to be answered by its
//! next `generateContent` or `streamGenerateContent` calls, in order,
//! instead of the stand-in reply. Queues belong to a [`Scope`]: shared by
//! every caller, or one API key's, or one `x-fake-session`'s. From Rust
//! with [`crate::Fake::script`] and [`crate::Fake::script_for`]; from JSON
//! with [`crate::Fake::load_script`] (the binary's `--script FILE`) or
//! over HTTP (see [`crate::admin`]).

use std::collections::{BTreeMap, VecDeque};

use gemini_v1beta::runtime::status::{Detail, ErrorInfo};
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

    /// 400 INVALID_ARGUMENT with a `google.rpc.ErrorInfo` of reason
    /// `API_KEY_INVALID`: what the API (and the fake) answers a wrong key.
    pub fn api_key_invalid() -> Self {
        Self::error(crate::keys::invalid_key())
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

/// Whose scripted answers a queue holds. A request draws from its
/// session's queue for the model first, then its API key's, then the
/// shared one, so callers with their own scope never take each other's answers.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    /// Every caller's: answered when a caller's own queues have nothing for the model.
    Shared,
    /// The requests that carry this API key.
    ApiKey(String),
    /// The requests that carry this `x-fake-session` header.
    Session(String),
}

/// The queued answers, by scope and model name.
#[derive(Debug, Default)]
pub(crate) struct Queues(BTreeMap<(Scope, String), VecDeque<Scripted>>);

impl Queues {
    /// Queues `answers` for `model` in `scope`, after those already queued there.
    pub(crate) fn push(
        &mut self,
        scope: Scope,
        model: &str,
        answers: impl IntoIterator<Item = Scripted>,
    ) {
        self.0
            .entry((scope, full_model_name(model)))
            .or_default()
            .extend(answers);
    }

    /// The next answer for `model` in the first of `scopes` that has one.
    pub(crate) fn pop(&mut self, scopes: &[Scope], model: &str) -> Option<Scripted> {
        scopes.iter().find_map(|scope| {
            self.0
                .get_mut(&(scope.clone(), model.to_owned()))
                .and_then(VecDeque::pop_front)
        })
    }

    /// Drops every answer queued in `scope`.
    pub(crate) fn clear(&mut self, scope: &Scope) {
        self.0.retain(|(queued, _), _| queued != scope);
    }

    /// How many answers `scope` still holds, by model (models with none left out).
    pub(crate) fn counts(&self, scope: &Scope) -> BTreeMap<String, usize> {
        self.0
            .iter()
            .filter(|((queued, _), answers)| queued == scope && !answers.is_empty())
            .map(|((_, model), answers)| (model.clone(), answers.len()))
            .collect()
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

/// An error in a script file: an HTTP status, a message, for 429 a retry
/// delay, and optionally the `google.rpc.ErrorInfo` fields (`reason`, and
/// `domain`, `googleapis.com` unless given, and `metadata`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ErrorEntry {
    code: u16,
    #[serde(default)]
    message: String,
    retry_delay: Option<Duration>,
    reason: Option<String>,
    domain: Option<String>,
    metadata: Option<BTreeMap<String, String>>,
}

/// The error for an HTTP status the script names, with its details.
fn error_for(entry: ErrorEntry) -> Result<ServerError, String> {
    let message = entry.message;
    let mut error = match entry.code {
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
    match (
        entry.reason,
        entry.domain.is_some() || entry.metadata.is_some(),
    ) {
        (Some(reason), _) => {
            error = error.with_detail(Detail::ErrorInfo(ErrorInfo {
                reason,
                domain: entry.domain.unwrap_or_else(|| "googleapis.com".to_owned()),
                metadata: entry.metadata.unwrap_or_default(),
                ..ErrorInfo::default()
            }))
        }
        (None, true) => return Err("an error's domain or metadata needs a reason".to_owned()),
        (None, false) => {}
    }
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

/// The sections of a script that hold other scopes' answers.
const SESSIONS: &str = "sessions";
const API_KEYS: &str = "apiKeys";

/// Reads a script: a JSON object from model name to the list of its
/// answers (queued in `scope`), and optionally `"sessions"` and `"apiKeys"`,
/// each an object from a session id or key to such an object of its own.
pub(crate) fn parse(
    json: &str,
    scope: &Scope,
) -> Result<Vec<(Scope, String, Vec<Scripted>)>, ScriptError> {
    let top: BTreeMap<String, serde_json::Value> = serde_json::from_str(json).map_err(|error| {
        ScriptError(format!(
            "a script is a JSON object from model name to a list of answers: {error}"
        ))
    })?;
    let mut script = Vec::new();
    for (name, value) in top {
        let (make_scope, label): (fn(String) -> Scope, _) = match name.as_str() {
            SESSIONS => (Scope::Session, SESSIONS),
            API_KEYS => (Scope::ApiKey, API_KEYS),
            _ => {
                let answers = answers(&name, value)?;
                script.push((scope.clone(), name, answers));
                continue;
            }
        };
        let owners: BTreeMap<String, BTreeMap<String, serde_json::Value>> =
            serde_json::from_value(value).map_err(|error| {
                ScriptError(format!(
                    "{label} is an object from {label} to an object from model name to \
                     a list of answers: {error}"
                ))
            })?;
        for (owner, models) in owners {
            if owner.is_empty() {
                return Err(ScriptError(format!("{label}: an empty name")));
            }
            let owner_scope = make_scope(owner.clone());
            for (model, list) in models {
                let answers = answers(&format!("{label}.{owner}.{model}"), list)?;
                script.push((owner_scope.clone(), model, answers));
            }
        }
    }
    Ok(script)
}

/// The answers `value` lists for the model at `path` (named in errors).
fn answers(path: &str, value: serde_json::Value) -> Result<Vec<Scripted>, ScriptError> {
    let entries: Vec<Entry> = serde_json::from_value(value)
        .map_err(|error| ScriptError(format!("{path}: a list of answers: {error}")))?;
    entries
        .into_iter()
        .enumerate()
        .map(|(index, entry)| {
            Scripted::try_from(entry)
                .map_err(|problem| ScriptError(format!("{path}[{index}]: {problem}")))
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
            &Scope::Shared,
        )
        .unwrap();
        assert_eq!(script.len(), 1);
        let (scope, model, answers) = &script[0];
        assert_eq!(
            (scope, model.as_str(), answers.len()),
            (&Scope::Shared, "gemini-2.0-flash", 5)
        );
        assert_eq!(answers[0].cut_after, Some(1));
        match &answers[3].outcome {
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
            r#"{"m": [{"error": {"code": 400, "domain": "d"}}]}"#,
            r#"{"sessions": []}"#,
            r#"{"sessions": {"": {"m": []}}}"#,
            r#"{"apiKeys": {"k": {"m": [{"text": 1}]}}}"#,
        ] {
            assert!(parse(bad, &Scope::Shared).is_err(), "{bad}");
        }
    }

    #[test]
    fn sections_queue_in_their_scopes_and_errors_carry_error_info() {
        let script = parse(
            r#"{"m": [{"text": "mine"}],
                "sessions": {"s1": {"m": [{"text": "s1's"}]}},
                "apiKeys": {"k1": {"m": [{"error": {"code": 400, "reason": "API_KEY_INVALID",
                                                    "metadata": {"service": "x"}}}]}}}"#,
            &Scope::ApiKey("caller".into()),
        )
        .unwrap();
        let scopes: Vec<&Scope> = script.iter().map(|(scope, _, _)| scope).collect();
        assert_eq!(
            scopes,
            [
                &Scope::ApiKey("k1".into()),
                &Scope::ApiKey("caller".into()),
                &Scope::Session("s1".into())
            ]
        );
        let Outcome::Error(error) = &script[0].2[0].outcome else {
            panic!("not an error")
        };
        let info = error.status.details.iter().find_map(|detail| match detail {
            Detail::ErrorInfo(info) => Some(info),
            _ => None,
        });
        let info = info.expect("an ErrorInfo");
        assert_eq!(
            (
                info.reason.as_str(),
                info.domain.as_str(),
                info.metadata["service"].as_str()
            ),
            ("API_KEY_INVALID", "googleapis.com", "x")
        );
    }

    #[test]
    fn a_caller_draws_from_its_own_scopes_first() {
        let mut queues = Queues::default();
        let session = Scope::Session("s".into());
        queues.push(Scope::Shared, "m", [Scripted::text("shared")]);
        queues.push(session.clone(), "models/m", [Scripted::text("own")]);
        let scopes = [session.clone(), Scope::Shared];
        assert_eq!(queues.counts(&session).get("models/m"), Some(&1));
        assert!(queues.pop(&scopes, "models/m").is_some());
        assert!(queues.counts(&session).is_empty());
        assert!(queues
            .pop(std::slice::from_ref(&session), "models/m")
            .is_none());
        assert!(queues.pop(&scopes, "models/m").is_some());
        queues.push(session.clone(), "m", [Scripted::text("again")]);
        queues.clear(&session);
        assert!(queues.pop(&scopes, "models/m").is_none());
    }
}
