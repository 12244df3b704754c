//! A `Service` helper for the servers under test: records each decoded
//! request and answers what the table says.

use std::fmt::Debug;
use std::sync::{Arc, Mutex};

use apigen_runtime::server::{ServerError, ServerStream};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use super::{unknown_parts, Answers};

/// The requests a service received, as `(method id, request as JSON)`, and
/// the table's answers to them.
#[derive(Clone)]
pub struct Recorder {
    seen: Arc<Mutex<Vec<(String, Value)>>>,
    answers: Answers,
}

impl Recorder {
    /// A recorder that answers what `answers` says.
    pub fn new(answers: Answers) -> Self {
        Self {
            seen: Arc::default(),
            answers,
        }
    }

    /// Records `request` for method `id`; an error if it holds something its
    /// type does not know (a request field the server failed to place).
    pub fn record<Req: Serialize + Debug>(
        &self,
        id: &str,
        request: &Req,
    ) -> Result<Value, ServerError> {
        let value = serde_json::to_value(request).expect("a decoded request encodes");
        self.seen
            .lock()
            .unwrap()
            .push((id.to_owned(), value.clone()));
        match unknown_parts(&format!("{request:?}")) {
            Some(unknown) => Err(ServerError::internal(format!(
                "{id}: the decoded request has unknown parts: {unknown}"
            ))),
            None => Ok(value),
        }
    }

    /// Every request recorded so far, oldest first; clears the record.
    pub fn take(&self) -> Vec<(String, Value)> {
        std::mem::take(&mut *self.seen.lock().unwrap())
    }

    /// The table's answer to method `id` with `request` (as JSON).
    pub fn answer_to(&self, id: &str, request: &Value) -> Value {
        (self.answers)(id, request)
    }

    /// Records the request and answers the table's answer, decoded as `Resp`.
    pub fn answer<Req, Resp>(&self, id: &str, request: &Req) -> Result<Resp, ServerError>
    where
        Req: Serialize + Debug,
        Resp: DeserializeOwned + Debug,
    {
        let request = self.record(id, request)?;
        let answer: Resp =
            serde_json::from_value(self.answer_to(id, &request)).map_err(|error| {
                ServerError::internal(format!("{id}: the canned answer does not decode: {error}"))
            })?;
        match unknown_parts(&format!("{answer:?}")) {
            Some(unknown) => Err(ServerError::internal(format!(
                "{id}: the canned answer has unknown parts: {unknown}"
            ))),
            None => Ok(answer),
        }
    }

    /// Records the request of a method that answers nothing.
    pub fn nothing<Req: Serialize + Debug>(
        &self,
        id: &str,
        request: &Req,
    ) -> Result<(), ServerError> {
        self.record(id, request).map(drop)
    }

    /// Records the request and streams the table's events.
    pub fn stream<Req, Item>(
        &self,
        id: &str,
        request: &Req,
    ) -> Result<ServerStream<Item>, ServerError>
    where
        Req: Serialize + Debug,
        Item: DeserializeOwned + Debug + Send + 'static,
    {
        let events: Vec<Item> = self.answer(id, request)?;
        Ok(Box::pin(futures_util::stream::iter(
            events.into_iter().map(Ok),
        )))
    }
}
