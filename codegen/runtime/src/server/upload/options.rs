//! How an upload endpoint keeps its sessions: limits, idle time, the clock,
//! and the protocol variants it accepts.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::server::ServerError;

/// A session no request has touched for this long is dropped: one hour, far
/// longer than any client waits between retries of a chunk, short enough
/// that the memory of abandoned uploads comes back within the hour.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(60 * 60);
/// At most this many sessions are open: 1,000. Finished ones are kept
/// until they expire, so that a client can query them again, but give way
/// to new sessions when the cap is reached.
pub const DEFAULT_MAX_SESSIONS: usize = 1_000;
/// A session may hold at most this many bytes: 2 GiB, room for one large
/// uploaded file.
pub const DEFAULT_MAX_SESSION_BYTES: u64 = 2 * 1024 * 1024 * 1024;
/// All sessions together may hold at most this many bytes: 4 GiB.
pub const DEFAULT_MAX_TOTAL_BYTES: u64 = 4 * 1024 * 1024 * 1024;
/// Every chunk but the last must be a multiple of this many bytes: 256 KiB,
/// as Google's servers ask.
pub const DEFAULT_CHUNK_GRANULARITY: usize = 256 * 1024;

/// Checks a new session's metadata (the JSON body of `start`).
type StartCheck = Arc<dyn Fn(&Value) -> Result<(), ServerError> + Send + Sync>;
/// Tells the time.
type Clock = Arc<dyn Fn() -> Instant + Send + Sync>;

/// Limits and behaviours of a resumable upload endpoint; the defaults are
/// the `DEFAULT_*` constants of this module, raw uploads and a bare
/// `finalize` are refused, and the system clock tells the time.
///
/// Sessions are kept in memory and dropped when idle: there is no
/// background task, each request sweeps the expired ones first.
#[derive(Clone)]
pub struct UploadOptions {
    pub(super) idle_timeout: Duration,
    pub(super) max_sessions: usize,
    pub(super) max_session_bytes: u64,
    pub(super) max_total_bytes: u64,
    pub(super) chunk_granularity: usize,
    pub(super) accept_raw: bool,
    pub(super) accept_bare_finalize: bool,
    pub(super) check_at_start: Option<StartCheck>,
    pub(super) clock: Clock,
}

impl Default for UploadOptions {
    fn default() -> Self {
        Self {
            idle_timeout: DEFAULT_IDLE_TIMEOUT,
            max_sessions: DEFAULT_MAX_SESSIONS,
            max_session_bytes: DEFAULT_MAX_SESSION_BYTES,
            max_total_bytes: DEFAULT_MAX_TOTAL_BYTES,
            chunk_granularity: DEFAULT_CHUNK_GRANULARITY,
            accept_raw: false,
            accept_bare_finalize: false,
            check_at_start: None,
            clock: Arc::new(Instant::now),
        }
    }
}

impl UploadOptions {
    /// The defaults.
    pub fn new() -> Self {
        Self::default()
    }

    /// Drops a session once no request has touched it for `timeout`; its id
    /// then answers 404 NOT_FOUND.
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.idle_timeout = timeout;
        self
    }

    /// Refuses to start a session while `max` are open (429 RESOURCE_EXHAUSTED).
    pub fn max_sessions(mut self, max: usize) -> Self {
        self.max_sessions = max;
        self
    }

    /// Refuses a session more than `max` bytes, announced or sent (413).
    pub fn max_session_bytes(mut self, max: u64) -> Self {
        self.max_session_bytes = max;
        self
    }

    /// Refuses a chunk that would make all sessions together hold more
    /// than `max` bytes (429 RESOURCE_EXHAUSTED).
    pub fn max_total_bytes(mut self, max: u64) -> Self {
        self.max_total_bytes = max;
        self
    }

    /// Every chunk but the last must be a multiple of `bytes` (0 or 1: any size).
    pub fn chunk_granularity(mut self, bytes: usize) -> Self {
        self.chunk_granularity = bytes;
        self
    }

    /// Accepts `x-goog-upload-protocol: raw`: the whole media in one
    /// request, with no metadata, its type in `content-type`.
    pub fn accept_raw(mut self, accept: bool) -> Self {
        self.accept_raw = accept;
        self
    }

    /// Accepts `finalize` alone, without bytes, to end an upload whose
    /// bytes were all sent (and to ask again for the answer of a finished one).
    pub fn accept_bare_finalize(mut self, accept: bool) -> Self {
        self.accept_bare_finalize = accept;
        self
    }

    /// Runs `check` on the metadata (the JSON body of `start`, `{}` when
    /// empty) before a session opens, so that a client learns of metadata
    /// the method would refuse before it sends the bytes. The metadata is
    /// always decoded as the method's request at start.
    pub fn check_at_start(
        mut self,
        check: impl Fn(&Value) -> Result<(), ServerError> + Send + Sync + 'static,
    ) -> Self {
        self.check_at_start = Some(Arc::new(check));
        self
    }

    /// Tells the time with `now` instead of the system clock, e.g. a clock
    /// a test moves forward to expire sessions without waiting.
    pub fn clock(mut self, now: impl Fn() -> Instant + Send + Sync + 'static) -> Self {
        self.clock = Arc::new(now);
        self
    }
}

impl fmt::Debug for UploadOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UploadOptions")
            .field("idle_timeout", &self.idle_timeout)
            .field("max_sessions", &self.max_sessions)
            .field("max_session_bytes", &self.max_session_bytes)
            .field("max_total_bytes", &self.max_total_bytes)
            .field("chunk_granularity", &self.chunk_granularity)
            .field("accept_raw", &self.accept_raw)
            .field("accept_bare_finalize", &self.accept_bare_finalize)
            .field("check_at_start", &self.check_at_start.is_some())
            .finish_non_exhaustive()
    }
}
