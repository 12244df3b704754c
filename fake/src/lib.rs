//! An in-memory fake of the Gemini API (v1beta), for tests: cached
//! contents, corpora with their documents, chunks and permissions, files
//! (including Google's resumable upload protocol), tuned models with their
//! operations and permissions, a model catalog, and deterministic stand-in
//! models for generation, token counting and embeddings, whose answers a
//! test can script ([`Fake::script`]).
//!
//! It serves the API's HTTP/JSON surface through the generated
//! [`gemini_v1beta::server::router`], so the generated client or the
//! official SDKs talk to it as to the real API. Methods it does not
//! implement (semantic queries, the legacy text and chat methods,
//! generateAnswer) answer 501.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
//! let base_url = format!("http://{}", listener.local_addr()?);
//! tokio::spawn(gemini_fake::Fake::new().serve(listener));
//! let client = gemini_v1beta::Client::builder().api_key("any").base_url(&base_url).build()?;
//! # let _ = client;
//! # Ok(())
//! # }
//! ```

#![warn(missing_docs)]

use std::convert::Infallible;
use std::sync::{Arc, Mutex, MutexGuard};

use gemini_v1beta::server::axum::Router;
pub use gemini_v1beta::server::ServerLimits;

mod cached_contents;
mod catalog;
mod clock;
mod embedding;
mod errors;
mod files;
mod generation;
mod inference;
mod mask;
mod names;
mod paging;
mod permissions;
mod retriever;
mod script;
mod service;
mod state;
mod tokens;
mod tuned_models;
mod upload;

pub use script::{ScriptError, Scripted};
pub use tuned_models::{METADATA_TYPE, TUNED_MODEL_TYPE};
pub use upload::CHUNK_GRANULARITY;

use state::State;

/// The fake API. Clones share one state, so a test can keep a clone to look
/// inside (e.g. [`Fake::file_bytes`]) while another one serves.
#[derive(Clone, Default)]
pub struct Fake {
    state: Arc<Mutex<State>>,
}

impl Fake {
    /// A fake with no resources.
    pub fn new() -> Self {
        Self::default()
    }

    /// The HTTP routes: the generated API router answered by this fake, plus
    /// `POST /upload/v1beta/files` for uploads, with the default [`ServerLimits`].
    pub fn router(&self) -> Router {
        self.router_with(ServerLimits::default())
    }

    /// Like [`Fake::router`], with the API's methods served within `limits`.
    pub fn router_with(&self, limits: ServerLimits) -> Router {
        gemini_v1beta::server::router_with(self.clone(), limits).merge(upload::routes(self.clone()))
    }

    /// Serves [`Fake::router`] on `listener`, with the default
    /// [`ServerLimits`], until the process ends.
    pub async fn serve(self, listener: tokio::net::TcpListener) -> Infallible {
        self.serve_with(listener, ServerLimits::default()).await
    }

    /// Serves the fake on `listener` within `limits` (the body limits, and
    /// the time a client may take to send a request's headers), until the
    /// process ends.
    pub async fn serve_with(
        self,
        listener: tokio::net::TcpListener,
        limits: ServerLimits,
    ) -> Infallible {
        if let Ok(address) = listener.local_addr() {
            self.lock().base_url = Some(format!("http://{address}"));
        }
        gemini_v1beta::server::serve(listener, self.router_with(limits.clone()), &limits).await
    }

    /// Tuning jobs created from now on finish on the `reads`-th read of the
    /// tuned model or of its operation, counted together (2 by default, so
    /// a poller sees CREATING once); 0 finishes them when they are created.
    pub fn set_tuning_reads(&self, reads: u32) {
        self.lock().tuning.reads_to_finish = reads;
    }

    /// Queues `answers` for `model` (`models/NAME`, a bare `NAME`, or
    /// `tunedModels/NAME`): its next `generateContent` or
    /// `streamGenerateContent` calls answer them in order, after any
    /// already queued, instead of the stand-in reply. The model need not be
    /// in the catalog.
    pub fn script(&self, model: &str, answers: impl IntoIterator<Item = Scripted>) {
        self.lock().scripts.push(model, answers);
    }

    /// Queues the answers of a JSON script: an object from model name to a
    /// list of answers, each `{"text": …}`, `{"functionCall": {"name", "args"}}`,
    /// `{"blocked": "SAFETY"}`, `{"response": GenerateContentResponse}` or
    /// `{"error": {"code", "message", "retryDelay"}}`, with optional
    /// `"usageMetadata"` and `"cutAfter": EVENTS`. Nothing is queued if any
    /// of it is wrong.
    pub fn load_script(&self, json: &str) -> Result<(), ScriptError> {
        let script = script::parse(json)?;
        let mut state = self.lock();
        for (model, answers) in script {
            state.scripts.push(&model, answers);
        }
        Ok(())
    }

    /// The bytes of the uploaded file `name` (e.g. `files/abc`), if it exists.
    pub fn file_bytes(&self, name: &str) -> Option<Vec<u8>> {
        self.lock()
            .files
            .get(name)
            .map(|stored| stored.bytes.clone())
    }

    /// The state, even if a panic elsewhere poisoned the lock (every change
    /// is made whole or not at all, so the state stays consistent).
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl std::fmt::Debug for Fake {
    /// How many resources of each kind the fake holds (not their contents).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = self.lock();
        f.debug_struct("Fake")
            .field("cached_contents", &state.cached_contents.len())
            .field("corpora", &state.corpora.len())
            .field("documents", &state.documents.len())
            .field("chunks", &state.chunks.len())
            .field("permissions", &state.permissions.len())
            .field("files", &state.files.len())
            .field("uploads", &state.uploads.len())
            .field("tuned_models", &state.tuned_models.len())
            .field("operations", &state.operations.len())
            .finish()
    }
}
