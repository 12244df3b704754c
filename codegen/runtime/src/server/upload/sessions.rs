//! The open sessions of one upload endpoint: random ids, the bytes they
//! hold (counted, to cap them), and expiry of idle ones, swept on access.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::server::ServerError;

/// Random bytes in a session id: 128 bits, written as 32 hex digits.
const ID_BYTES: usize = 16;

/// One upload in progress, or finished and kept so that a `query` after a
/// lost answer gets the answer again.
#[derive(Debug)]
pub(super) struct Session {
    /// The metadata sent with `start`.
    pub(super) metadata: Value,
    /// The media's length announced with `start`, if any.
    pub(super) declared: Option<u64>,
    /// The media's MIME type.
    pub(super) mime_type: String,
    /// The bytes received so far.
    pub(super) data: Vec<u8>,
    /// The media's size and the method's answer, once finalized.
    pub(super) done: Option<(u64, Value)>,
    /// When a request last touched the session.
    last_used: Instant,
}

impl Session {
    /// A new session, touched `now`.
    pub(super) fn new(
        metadata: Value,
        declared: Option<u64>,
        mime_type: String,
        now: Instant,
    ) -> Self {
        Self {
            metadata,
            declared,
            mime_type,
            data: Vec::new(),
            done: None,
            last_used: now,
        }
    }
}

/// The sessions by id, and how many bytes they hold together.
#[derive(Debug, Default)]
pub(super) struct Sessions {
    by_id: HashMap<String, Session>,
    held: u64,
    /// No session expires before this (none when there are no sessions).
    next_expiry: Option<Instant>,
}

/// When a session touched at `last_used` expires (never, past the clock's range).
fn expiry(last_used: Instant, idle: Duration) -> Option<Instant> {
    last_used.checked_add(idle)
}

impl Sessions {
    /// Drops the sessions idle for `idle` or longer at `now`. Cheap when
    /// none is due: it only looks at them all when the earliest is.
    pub(super) fn sweep(&mut self, now: Instant, idle: Duration) {
        if self.next_expiry.is_none_or(|due| now < due) {
            return;
        }
        let mut freed = 0;
        self.by_id.retain(|_, session| {
            let alive = expiry(session.last_used, idle).is_none_or(|due| now < due);
            if !alive {
                freed += session.data.len() as u64;
            }
            alive
        });
        self.held -= freed;
        self.next_expiry = self
            .by_id
            .values()
            .filter_map(|session| expiry(session.last_used, idle))
            .min();
    }

    /// How many sessions are open.
    pub(super) fn len(&self) -> usize {
        self.by_id.len()
    }

    /// Drops the finished sessions (kept only to answer a `query` again),
    /// to make room for new ones.
    pub(super) fn drop_finished(&mut self) {
        self.by_id.retain(|_, session| session.done.is_none());
    }

    /// How many bytes all sessions hold.
    pub(super) fn held(&self) -> u64 {
        self.held
    }

    /// Opens `session` under a new random id, which it answers.
    pub(super) fn open(&mut self, session: Session, idle: Duration) -> Result<String, ServerError> {
        let mut bytes = [0u8; ID_BYTES];
        getrandom::fill(&mut bytes).map_err(|error| {
            ServerError::internal(format!("no random bytes for a session id: {error}"))
        })?;
        let id: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
        // Later sessions expire no earlier than the ones already open.
        if self.next_expiry.is_none() {
            self.next_expiry = expiry(session.last_used, idle);
        }
        self.by_id.insert(id.clone(), session);
        Ok(id)
    }

    /// The session `id`, touched `now`.
    pub(super) fn touch(&mut self, id: &str, now: Instant) -> Option<&mut Session> {
        let session = self.by_id.get_mut(id)?;
        session.last_used = now;
        Some(session)
    }

    /// Appends `bytes` to the session `id`.
    pub(super) fn append(&mut self, id: &str, bytes: &[u8]) {
        if let Some(session) = self.by_id.get_mut(id) {
            session.data.extend_from_slice(bytes);
            self.held += bytes.len() as u64;
        }
    }

    /// Takes the bytes of the session `id` out of it.
    pub(super) fn take_data(&mut self, id: &str) -> Vec<u8> {
        let data = self
            .by_id
            .get_mut(id)
            .map(|session| std::mem::take(&mut session.data))
            .unwrap_or_default();
        self.held -= data.len() as u64;
        data
    }

    /// Drops the session `id`, if it is open.
    pub(super) fn remove(&mut self, id: &str) {
        if let Some(session) = self.by_id.remove(id) {
            self.held -= session.data.len() as u64;
        }
    }
}
