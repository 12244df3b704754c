//! An in-memory fake of the Gemini API (v1beta), for tests: cached
//! contents, corpora with their documents, chunks and permissions, files
//! (including Google's resumable upload protocol), tuned models with their
//! operations and permissions, a model catalog, and deterministic stand-in
//! models for generation, token counting and embeddings, whose answers a
//! test can script ([`Fake::script`]).
//!
//! Time-dependent behaviour (cache and file expiry, create and update
//! times, file processing, tuning progress, upload session expiry) reads one [`Clock`]: the
//! system clock by default, or a manual one a test moves
//! ([`Fake::with_clock`], [`Fake::clock`]). The ids it makes up come from
//! one random generator, which [`Fake::seed`] fixes.
//!
//! It checks API keys as the API does: it accepts [`DEFAULT_API_KEY`]
//! unless given others ([`Fake::api_keys`]); a request without a key
//! (in the `x-goog-api-key` header or the `key` query parameter) answers
//! 403 PERMISSION_DENIED, one with another key 400 INVALID_ARGUMENT with
//! an `API_KEY_INVALID` `google.rpc.ErrorInfo`.
//!
//! Scripted answers belong to a [`Scope`]: shared, one API key's, or one
//! [`SESSION_HEADER`]'s, so callers on one fake never take each other's;
//! they can be loaded and reset over HTTP at [`SCRIPTS_PATH`] while it runs.
//!
//! It serves the API's HTTP/JSON surface through the generated
//! [`gemini_v1beta::server::router`], so the generated client or the
//! official SDKs talk to it as to the real API: also at `/v1/` for the
//! methods the API serves there, and `streamGenerateContent` as one JSON
//! array unless `alt=sse` asks for events. Methods it does not
//! implement (semantic queries, the legacy text and chat methods,
//! generateAnswer) answer 501. Uploads go through the generated router's
//! resumable upload endpoint, with the runtime's limits on sessions.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
//! let base_url = format!("http://{}", listener.local_addr()?);
//! tokio::spawn(gemini_fake::Fake::new().serve(listener));
//! let client = gemini_v1beta::Client::builder()
//!     .api_key(gemini_fake::DEFAULT_API_KEY)
//!     .base_url(&base_url)
//!     .build()?;
//! # let _ = client;
//! # Ok(())
//! # }
//! ```

#![warn(missing_docs)]

use std::convert::Infallible;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use gemini_v1beta::server::axum::Router;
pub use gemini_v1beta::server::ServerLimits;

mod admin;
mod cached_contents;
mod caller;
mod catalog;
mod clock;
mod embedding;
mod errors;
mod files;
mod generation;
mod inference;
mod keys;
mod mask;
mod names;
mod paging;
mod permissions;
mod retriever;
mod script;
mod service;
mod state;
mod stream_array;
mod tokens;
mod tuned_models;
mod tuning;
mod upload;
mod v1;
mod wire_time;

pub use admin::SCRIPTS_PATH;
pub use caller::SESSION_HEADER;
pub use clock::Clock;
pub use keys::DEFAULT_API_KEY;
pub use script::{Scope, ScriptError, Scripted};
pub use tuned_models::{METADATA_TYPE, TUNED_MODEL_TYPE};
pub use upload::CHUNK_GRANULARITY;

use keys::ApiKeys;
use state::State;

/// The longest processing time: a year (the API's timestamps end in 9999).
const MAX_PROCESSING_TIME: Duration = Duration::from_secs(365 * 24 * 3600);

/// The fake API. Clones share one state, so a test can keep a clone to look
/// inside (e.g. [`Fake::file_bytes`]) while another one serves.
#[derive(Clone, Default)]
pub struct Fake {
    state: Arc<Mutex<State>>,
}

impl Fake {
    /// A fake with no resources, on the system clock.
    pub fn new() -> Self {
        Self::default()
    }

    /// A fake with no resources that tells the time by `clock`, e.g.
    /// [`Clock::manual`] for a test that moves time itself.
    pub fn with_clock(clock: Clock) -> Self {
        let fake = Self::new();
        fake.lock().clock = clock;
        fake
    }

    /// The clock the fake tells the time by; [`Clock::advance`] on it moves
    /// the fake's time (expiring caches, finishing tuning jobs, …).
    pub fn clock(&self) -> Clock {
        self.lock().clock.clone()
    }

    /// Draws the ids the fake makes up from now on (file, cache, operation,
    /// … names) from a generator seeded with `seed`: two fakes with the same
    /// seed that get the same requests make up the same ids.
    pub fn seed(self, seed: u64) -> Self {
        self.lock().ids = fastrand::Rng::with_seed(seed);
        self
    }

    /// Tuning jobs created from now on take `time` on the fake's clock
    /// (one second by default; zero finishes them at creation).
    pub fn tuning_time(self, time: Duration) -> Self {
        self.lock().tuning.set_duration(time);
        self
    }

    /// Files uploaded from now on stay PROCESSING for `time` on the fake's
    /// clock, then turn ACTIVE (zero, the default: ACTIVE at once). A
    /// prompt that uses a file before it is ACTIVE is refused, as by the API.
    pub fn processing_time(self, time: Duration) -> Self {
        self.lock().file_processing = time.min(MAX_PROCESSING_TIME);
        self
    }

    /// Accepts exactly `keys` as API keys from now on, instead of
    /// [`DEFAULT_API_KEY`] (none at all: every request is refused).
    pub fn api_keys<K: Into<String>>(self, keys: impl IntoIterator<Item = K>) -> Self {
        self.lock().api_keys = ApiKeys::new(keys.into_iter().map(Into::into).collect());
        self
    }

    /// The HTTP routes: the generated API router answered by this fake
    /// (uploads included), with the default [`ServerLimits`], taking the API
    /// key from the `key` query parameter as well as from the
    /// `x-goog-api-key` header; the `v1` twins of the methods the API serves
    /// at `v1`; `streamGenerateContent` as a JSON array without `alt=sse`;
    /// and the admin endpoint [`SCRIPTS_PATH`].
    pub fn router(&self) -> Router {
        self.router_with(ServerLimits::default())
    }

    /// Like [`Fake::router`], with the API's methods served within `limits`.
    pub fn router_with(&self, limits: ServerLimits) -> Router {
        use axum::middleware::{from_fn, map_request};
        gemini_v1beta::server::router_with(self.clone(), limits)
            .merge(admin::router(self.clone()))
            .layer(from_fn(caller::scoped))
            .layer(from_fn(stream_array::json_array))
            .layer(from_fn(v1::serve_v1))
            .layer(map_request(keys::key_from_query))
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

    /// Queues `answers` for `model` (`models/NAME`, a bare `NAME`, or
    /// `tunedModels/NAME`) in the shared scope: its next `generateContent`
    /// or `streamGenerateContent` calls answer them in order, after any
    /// already queued, instead of the stand-in reply, unless the caller's
    /// own scope has answers for it. The model need not be in the catalog.
    pub fn script(&self, model: &str, answers: impl IntoIterator<Item = Scripted>) {
        self.script_for(Scope::Shared, model, answers);
    }

    /// Like [`Fake::script`], for the callers of `scope` only: the requests
    /// with that API key or [`SESSION_HEADER`]. They take these answers
    /// before the shared ones; no other caller sees them.
    pub fn script_for(
        &self,
        scope: Scope,
        model: &str,
        answers: impl IntoIterator<Item = Scripted>,
    ) {
        self.lock().scripts.push(scope, model, answers);
    }

    /// Drops every answer queued in `scope`.
    pub fn reset_scripts(&self, scope: &Scope) {
        self.lock().scripts.clear(scope);
    }

    /// Queues the answers of a JSON script in the shared scope: an object
    /// from model name to a list of answers, each `{"text": …}`,
    /// `{"functionCall": {"name", "args"}}`, `{"blocked": "SAFETY"}`,
    /// `{"response": GenerateContentResponse}` or `{"error": {"code",
    /// "message", "retryDelay", "reason", "domain", "metadata"}}`, with
    /// optional `"usageMetadata"` and `"cutAfter": EVENTS`; and optionally
    /// `"sessions"` and `"apiKeys"`, objects from a session id or key to
    /// such an object of that scope's own. Nothing is queued if any of it is wrong.
    pub fn load_script(&self, json: &str) -> Result<(), ScriptError> {
        self.queue(script::parse(json, &Scope::Shared)?);
        Ok(())
    }

    /// Queues a parsed script's answers, each in its scope.
    fn queue(&self, script: Vec<(Scope, String, Vec<Scripted>)>) {
        let mut state = self.lock();
        for (scope, model, answers) in script {
            state.scripts.push(scope, &model, answers);
        }
    }

    /// The bytes of the uploaded file `name` (e.g. `files/abc`), if it exists.
    pub fn file_bytes(&self, name: &str) -> Option<Vec<u8>> {
        self.lock()
            .files
            .get(name)
            .map(|stored| stored.bytes.clone())
    }

    /// The state, brought up to the clock's present, even if a panic
    /// elsewhere poisoned the lock (every change is made whole or not at
    /// all, so the state stays consistent).
    fn lock(&self) -> MutexGuard<'_, State> {
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        state.catch_up();
        state
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
            .field("tuned_models", &state.tuned_models.len())
            .field("operations", &state.operations.len())
            .finish()
    }
}
