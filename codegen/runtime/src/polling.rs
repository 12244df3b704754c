//! Waiting for work that finishes later: long-running operations
//! (`google.longrunning.Operation`) and resources that settle into a state.

use std::marker::PhantomData;
use std::time::{Duration, Instant};

use crate::binding::Binding;
use crate::error::{ApiError, Error};
use crate::json::{self, FieldWriter as _, Message};
use crate::transcode;
use crate::transport::{decode_json, Transport};
use crate::types::google_longrunning::{operation, Operation};

/// How often and how long to poll.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PollPolicy {
    /// Wait before the first poll.
    pub initial_delay: Duration,
    /// Longest wait between polls.
    pub max_delay: Duration,
    /// How much the wait grows after each poll.
    pub multiplier: f64,
    /// Give up after this long (`None`: never).
    pub timeout: Option<Duration>,
}

impl Default for PollPolicy {
    /// 1 s, growing by half each time up to 30 s, for at most an hour.
    fn default() -> Self {
        Self {
            initial_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(30),
            multiplier: 1.5,
            timeout: Some(Duration::from_secs(3600)),
        }
    }
}

impl PollPolicy {
    fn start(&self) -> Poller {
        Poller {
            policy: *self,
            started: Instant::now(),
            delay: self.initial_delay,
        }
    }
}

/// The waits of one polling loop.
struct Poller {
    policy: PollPolicy,
    started: Instant,
    delay: Duration,
}

impl Poller {
    /// Sleeps until the next poll, or fails when the policy's timeout would pass.
    async fn pause(&mut self, method_id: &'static str) -> Result<(), Error> {
        if let Some(timeout) = self.policy.timeout {
            if self.started.elapsed().saturating_add(self.delay) > timeout {
                return Err(Error::Timeout {
                    method_id,
                    after: Some(timeout),
                });
            }
        }
        tokio::time::sleep(self.delay).await;
        let grown = self.delay.as_secs_f64() * self.policy.multiplier;
        let grown = grown.min(self.policy.max_delay.as_secs_f64()).max(0.0);
        self.delay = Duration::try_from_secs_f64(grown).unwrap_or(self.policy.max_delay);
        Ok(())
    }
}

/// A long-running operation whose result is an `R` and whose progress
/// metadata is an `M`. Poll it with [`LongRunning::refresh`] or wait for the
/// end with [`LongRunning::wait`].
pub struct LongRunning<R, M> {
    transport: Transport,
    poll: &'static Binding,
    state: Operation,
    _types: PhantomData<fn() -> (R, M)>,
}

impl<R, M> std::fmt::Debug for LongRunning<R, M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LongRunning")
            .field("name", &self.state.name)
            .field("done", &self.state.done)
            .finish()
    }
}

impl<R: Message, M: Message> LongRunning<R, M> {
    /// The operation as the server last described it.
    pub fn operation(&self) -> &Operation {
        &self.state
    }

    /// The operation's resource name, e.g. `shelves/x/operations/y`.
    pub fn name(&self) -> &str {
        &self.state.name
    }

    /// Whether the operation has finished (with a result or an error).
    pub fn is_done(&self) -> bool {
        self.state.done
    }

    /// The latest progress metadata, decoded.
    pub fn metadata(&self) -> Result<Option<M>, Error> {
        self.state
            .metadata
            .as_ref()
            .map(|any| {
                any.decode().map_err(|error| {
                    Error::InvalidResponse(format!(
                        "operation {} metadata: {error}",
                        self.state.name
                    ))
                })
            })
            .transpose()
    }

    /// The outcome, once done: the typed result or the operation's error.
    pub fn result(&self) -> Option<Result<R, Error>> {
        if !self.state.done {
            return None;
        }
        let decoded = match &self.state.result {
            Some(operation::Result::Response(any)) => any.decode(),
            None => json::from_object(&serde_json::Map::new()),
            Some(operation::Result::Error(status)) => {
                let error = ApiError::from_operation(self.poll.method_id, status.clone());
                return Some(Err(Error::OperationFailed {
                    operation: self.state.name.clone(),
                    error: Box::new(error),
                }));
            }
        };
        Some(decoded.map_err(|error| {
            Error::InvalidResponse(format!("operation {} response: {error}", self.state.name))
        }))
    }

    /// Fetches the operation's current state.
    pub async fn refresh(&mut self) -> Result<(), Error> {
        // The poll's request has one field, the operation's name.
        let request = transcode::split(self.poll, |out| {
            out.member::<json::Str>("name", &self.state.name);
        })?;
        let answer = self.transport.fetch(self.poll, request).await?;
        self.state = decode_json(self.poll.method_id, &answer.body)?;
        Ok(())
    }

    /// Polls until the operation is done and returns its outcome.
    pub async fn wait(mut self, policy: PollPolicy) -> Result<R, Error> {
        let mut poller = policy.start();
        loop {
            if let Some(outcome) = self.result() {
                return outcome;
            }
            poller.pause(self.poll.method_id).await?;
            self.refresh().await?;
        }
    }
}

impl Transport {
    /// Calls a method that answers a long-running operation.
    pub async fn call_long_running<Req: Message, R: Message, M: Message>(
        &self,
        binding: &Binding,
        request: &Req,
        poll: &'static Binding,
    ) -> Result<LongRunning<R, M>, Error> {
        let state: Operation = self.call(binding, request).await?;
        Ok(LongRunning {
            // The starting method's own settings are not the poll method's.
            transport: self.client_wide(),
            poll,
            state,
            _types: PhantomData,
        })
    }

    /// Calls a method again and again until `pending` says the answer has settled.
    pub async fn call_until<Req: Message, Resp: Message>(
        &self,
        binding: &Binding,
        request: &Req,
        pending: fn(&Resp) -> bool,
        policy: PollPolicy,
    ) -> Result<Resp, Error> {
        let mut poller = policy.start();
        loop {
            let response: Resp = self.call(binding, request).await?;
            if !pending(&response) {
                return Ok(response);
            }
            poller.pause(binding.method_id).await?;
        }
    }
}

#[cfg(test)]
mod tests {
    use futures_util::FutureExt;

    use super::*;

    #[test]
    fn a_wait_past_the_timeout_fails_at_once_without_overflow() {
        let policy = PollPolicy {
            initial_delay: Duration::MAX,
            timeout: Some(Duration::from_secs(1)),
            ..PollPolicy::default()
        };
        let outcome = policy.start().pause("m").now_or_never();
        assert!(
            matches!(outcome, Some(Err(Error::Timeout { .. }))),
            "{outcome:?}"
        );
    }
}
