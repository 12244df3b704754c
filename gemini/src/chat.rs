//! A conversation that keeps its history, as the official SDKs' chats do:
//! a turn enters the history only with a successful, non-blocked answer.

use futures_util::StreamExt;
use gemini_v1beta::types::{Content, GenerateContentRequest, GenerateContentResponse, Part};
use gemini_v1beta::{Client, Error, ResponseStream};

use crate::contents::Contents;
use crate::functions::Functions;
use crate::model::model_name;
use crate::response::ResponseExt;

/// A chat with one model. Each `send` sends the whole history plus the new
/// message; a failed call, a blocked prompt or an empty answer leaves the
/// history as it was, so the message can be sent again.
#[derive(Clone, Debug)]
pub struct Chat {
    client: Client,
    model: String,
    history: Vec<Content>,
    functions: Option<Functions>,
}

impl Chat {
    /// A chat with `model` (with or without `models/`) and no history.
    pub fn new(client: Client, model: &str) -> Self {
        Self {
            client,
            model: model_name(model),
            history: Vec::new(),
            functions: None,
        }
    }

    /// Lets the model call `functions`: `send` runs the calls it asks for
    /// and answers them until the model answers in text (or the functions'
    /// turn limit is reached).
    pub fn with_functions(mut self, functions: Functions) -> Self {
        self.functions = Some(functions);
        self
    }

    /// The turns so far, the user's and the model's (function calls and
    /// their responses included), oldest first.
    pub fn history(&self) -> &[Content] {
        &self.history
    }

    /// Sends `message` (text, `(&file, "question")`, turns: see
    /// [`Contents`]) and returns the model's answer, running the functions
    /// it calls on the way when the chat has some.
    pub async fn send(
        &mut self,
        message: impl Into<Contents>,
    ) -> Result<GenerateContentResponse, Error> {
        let mut turns = message.into().into_vec();
        let mut answers_left = self.functions.as_ref().map_or(1, Functions::limit);
        loop {
            let request = self.request(&turns);
            let response = self.client.models().generate_content(request).await?;
            answers_left = answers_left.saturating_sub(1);
            let calls = response.function_calls();
            let functions = match &self.functions {
                Some(functions) if !calls.is_empty() => functions,
                _ => {
                    self.record(turns, &response);
                    return Ok(response);
                }
            };
            if answers_left == 0 {
                return Ok(response);
            }
            let answers: Vec<Part> = calls
                .into_iter()
                .map(|call| functions.respond(call))
                .collect();
            turns.extend(answer_content(&response));
            turns.push(Content::new().set_role("user").set_parts(answers));
        }
    }

    /// Sends `message` and streams the answer; the turn enters the history
    /// once the stream has ended without an error and with a non-empty,
    /// non-blocked answer. Functions are not run for a streamed answer.
    pub async fn send_stream(
        &mut self,
        message: impl Into<Contents>,
    ) -> Result<ChatStream<'_>, Error> {
        let turns = message.into().into_vec();
        let request = self.request(&turns);
        let inner = self
            .client
            .models()
            .stream_generate_content(request)
            .await?;
        Ok(ChatStream {
            chat: self,
            turns,
            inner,
            parts: Vec::new(),
            failed: false,
        })
    }

    fn request(&self, turns: &[Content]) -> GenerateContentRequest {
        let request = GenerateContentRequest::new()
            .set_model(self.model.clone())
            .set_contents(self.history.iter().chain(turns).cloned());
        match &self.functions {
            Some(functions) => request.set_tools([functions.tool()]),
            None => request,
        }
    }

    /// Keeps `turns` and the answer when the answer is a usable one.
    fn record(&mut self, turns: Vec<Content>, response: &GenerateContentResponse) {
        if let Some(answer) = answer_content(response) {
            self.history.extend(turns);
            self.history.push(answer);
        }
    }
}

/// A streamed answer of a [`Chat`]; read it with [`next`](Self::next).
#[derive(Debug)]
pub struct ChatStream<'chat> {
    chat: &'chat mut Chat,
    turns: Vec<Content>,
    inner: ResponseStream<GenerateContentResponse>,
    parts: Vec<Part>,
    failed: bool,
}

impl ChatStream<'_> {
    /// The next chunk of the answer (its text: [`ResponseExt::text`]);
    /// `None` at the end, when the turn enters the chat's history if the
    /// whole answer arrived.
    pub async fn next(&mut self) -> Option<Result<GenerateContentResponse, Error>> {
        match self.inner.next().await {
            Some(Ok(chunk)) => {
                match answer_content(&chunk) {
                    Some(content) => self.parts.extend(content.parts),
                    None => self.failed |= chunk.block_reason().is_some(),
                }
                Some(Ok(chunk))
            }
            Some(Err(error)) => {
                self.failed = true;
                Some(Err(error))
            }
            None => {
                if !self.failed && !self.parts.is_empty() {
                    let parts = std::mem::take(&mut self.parts);
                    self.chat.history.append(&mut self.turns);
                    self.chat
                        .history
                        .push(Content::new().set_role("model").set_parts(parts));
                }
                None
            }
        }
    }
}

/// The first candidate's content when it holds anything: the model's turn
/// for the history (role `model` whatever the server wrote).
fn answer_content(response: &GenerateContentResponse) -> Option<Content> {
    let content = response.candidates.first()?.content.as_ref()?;
    (!content.parts.is_empty()).then(|| content.clone().set_role("model"))
}
