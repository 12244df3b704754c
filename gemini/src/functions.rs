//! Rust functions the model may call: their declarations for the request,
//! and the run-and-answer step of the call–run–respond cycle.

use std::fmt;
use std::sync::Arc;

use gemini_v1beta::types::{FunctionCall, FunctionDeclaration, FunctionResponse, Part, Tool};
use schemars::{JsonSchema, SchemaGenerator};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Map, Value};

/// How many answers a chat asks for in one `send` before it gives up on a
/// model that keeps calling functions (the official SDKs' default too).
const DEFAULT_TURN_LIMIT: usize = 10;

type Run = dyn Fn(Value) -> Value + Send + Sync;

/// The functions an app lets the model call, each with its declaration;
/// give them to a chat with [`Chat::with_functions`](crate::Chat::with_functions).
#[derive(Clone)]
pub struct Functions {
    declarations: Vec<FunctionDeclaration>,
    runs: Vec<Arc<Run>>,
    turn_limit: usize,
}

impl Functions {
    /// No functions, and a limit of 10 model answers per `send`.
    pub fn new() -> Self {
        Self {
            declarations: Vec::new(),
            runs: Vec::new(),
            turn_limit: DEFAULT_TURN_LIMIT,
        }
    }

    /// Adds `function` as `name`: its arguments arrive deserialized as `A`,
    /// and their JSON Schema, derived from `A`'s [`JsonSchema`], is what the
    /// model is told to send. What it returns is sent back as the
    /// function's response (under `result` unless it is a JSON object);
    /// arguments that do not fit `A` are answered with an `error`, so the
    /// model can correct itself.
    pub fn add<A, R, F>(self, name: &str, description: &str, function: F) -> Self
    where
        A: DeserializeOwned + JsonSchema,
        R: Serialize,
        F: Fn(A) -> R + Send + Sync + 'static,
    {
        let mut schema = SchemaGenerator::default().into_root_schema_for::<A>();
        // Only the shape goes into the declaration, not the draft it follows.
        schema.remove("$schema");
        self.add_with_schema(name, description, schema.to_value(), function)
    }

    /// [`add`](Self::add) with the arguments' JSON Schema written out as
    /// `parameters`, for arguments whose type does not describe them (a
    /// `serde_json::Value`, say).
    pub fn add_with_schema<A, R, F>(
        mut self,
        name: &str,
        description: &str,
        parameters: Value,
        function: F,
    ) -> Self
    where
        A: DeserializeOwned,
        R: Serialize,
        F: Fn(A) -> R + Send + Sync + 'static,
    {
        self.declarations.push(
            FunctionDeclaration::new()
                .set_name(name)
                .set_description(description)
                .set_parameters_json_schema(parameters),
        );
        self.runs
            .push(Arc::new(move |args| match serde_json::from_value(args) {
                Ok(args) => serde_json::to_value(function(args))
                    .unwrap_or_else(|error| json!({ "error": error.to_string() })),
                Err(error) => json!({ "error": format!("bad arguments: {error}") }),
            }));
        self
    }

    /// At most `answers` model answers per `send`; past it, the last answer
    /// is returned with its calls unanswered.
    pub fn turn_limit(mut self, answers: usize) -> Self {
        self.turn_limit = answers;
        self
    }

    pub(crate) fn limit(&self) -> usize {
        self.turn_limit
    }

    /// The declarations as one tool, for a request put together by hand
    /// (a chat with these functions sends it itself).
    pub fn tool(&self) -> Tool {
        Tool::new().set_function_declarations(self.declarations.iter().cloned())
    }

    /// Runs the function `call` names and wraps its answer as a
    /// `functionResponse` part; an unknown name is answered with an error.
    pub(crate) fn respond(&self, call: &FunctionCall) -> Part {
        let args = Value::Object(call.args.clone().unwrap_or_default());
        let answer = match self
            .declarations
            .iter()
            .position(|known| known.name == call.name)
        {
            Some(index) => (self.runs[index])(args),
            None => json!({ "error": format!("no function named {:?}", call.name) }),
        };
        let response = match answer {
            Value::Object(object) => object,
            other => Map::from_iter([("result".to_owned(), other)]),
        };
        Part::new().set_function_response(
            FunctionResponse::new()
                .set_id(call.id.clone())
                .set_name(call.name.clone())
                .set_response(response),
        )
    }
}

impl Default for Functions {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for Functions {
    fn fmt(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self
            .declarations
            .iter()
            .map(|known| known.name.as_str())
            .collect();
        out.debug_struct("Functions")
            .field("names", &names)
            .field("turn_limit", &self.turn_limit)
            .finish()
    }
}
