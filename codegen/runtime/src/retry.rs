//! When and how long to wait before trying a failed call again.
//!
//! A failure is retried when it is transient and retrying is safe: a request
//! that cannot have been applied (the connection was never made, or the
//! server answered 429) is always safe to send again; any other transient
//! failure (a timeout, a dropped connection, 5xx) only for idempotent methods.
//!
//! A server may ask for a wait (`Retry-After`, a `RetryInfo` detail), but no
//! longer than the policy's `max_server_delay`: a longer ask, or one that
//! would pass the deadline, ends the call at once with the server's error,
//! whose `retry_delay()` tells what it asked for.

use std::time::Duration;

use crate::error::Error;

/// How a call is retried.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in total, the first one included; 1 turns retries off.
    pub max_attempts: u32,
    /// The wait before the first retry (before jitter).
    pub initial_backoff: Duration,
    /// The longest wait between attempts (before jitter).
    pub max_backoff: Duration,
    /// How much the wait grows after each attempt.
    pub multiplier: f64,
    /// The longest a call may take, all attempts and waits included.
    pub deadline: Option<Duration>,
    /// The longest wait a server may ask for before a retry; a longer ask
    /// ends the call with the server's error at once. Generated clients set
    /// it to `max_backoff`.
    pub max_server_delay: Duration,
    /// HTTP statuses worth retrying.
    pub retryable_statuses: &'static [u16],
}

/// Statuses after which the server has certainly not applied the request.
const NOT_APPLIED_STATUSES: &[u16] = &[429];

impl RetryPolicy {
    /// Never retry.
    pub const NONE: RetryPolicy = RetryPolicy {
        max_attempts: 1,
        initial_backoff: Duration::ZERO,
        max_backoff: Duration::ZERO,
        multiplier: 1.0,
        deadline: None,
        max_server_delay: Duration::ZERO,
        retryable_statuses: &[],
    };

    /// The same policy with another number of attempts.
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts.max(1);
        self
    }

    /// The same policy with an overall deadline.
    pub fn with_deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// The same policy with other backoff times.
    pub fn with_backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max;
        self
    }

    /// The same policy with another limit on the waits a server may ask for.
    pub fn with_max_server_delay(mut self, max: Duration) -> Self {
        self.max_server_delay = max;
        self
    }

    /// Whether `error` is a transient failure under this policy.
    pub fn is_transient(&self, error: &Error) -> bool {
        self.safety(error).is_some()
    }

    /// How long to wait before attempt `attempt + 1`, or `None` to give up.
    ///
    /// `elapsed` is the time since the call started. The wait is what the
    /// server asked for in `error` (`Retry-After` or a RetryInfo detail), if
    /// it is no longer than `max_server_delay`, else the backoff.
    pub(crate) fn next_delay(
        &self,
        attempt: u32,
        elapsed: Duration,
        error: &Error,
        idempotent: bool,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        match self.safety(error)? {
            Safety::NotApplied => {}
            Safety::MaybeApplied if idempotent => {}
            Safety::MaybeApplied => return None,
        }
        let delay = match error.retry_delay() {
            Some(asked) if asked > self.max_server_delay => return None,
            Some(asked) => asked,
            None => self.backoff(attempt),
        };
        match self.deadline {
            Some(deadline) if elapsed.saturating_add(delay) >= deadline => None,
            _ => Some(delay),
        }
    }

    /// Exponential backoff with "equal jitter": a random wait between half and all of the step.
    fn backoff(&self, attempt: u32) -> Duration {
        let exponent = i32::try_from(attempt.saturating_sub(1)).unwrap_or(i32::MAX);
        let step = self.initial_backoff.as_secs_f64() * self.multiplier.powi(exponent);
        let step = step.min(self.max_backoff.as_secs_f64()).max(0.0);
        Duration::try_from_secs_f64(step * (0.5 + fastrand::f64() / 2.0))
            .unwrap_or(self.max_backoff)
    }

    fn safety(&self, error: &Error) -> Option<Safety> {
        match error {
            Error::Transport(error) if error.is_connect() => Some(Safety::NotApplied),
            Error::Transport(error)
                if error.is_request() || error.is_body() || error.is_decode() =>
            {
                Some(Safety::MaybeApplied)
            }
            Error::Timeout { .. } => Some(Safety::MaybeApplied),
            Error::Api(error) if NOT_APPLIED_STATUSES.contains(&error.http_status) => {
                Some(Safety::NotApplied)
            }
            Error::Api(error) if self.retryable_statuses.contains(&error.http_status) => {
                Some(Safety::MaybeApplied)
            }
            _ => None,
        }
    }
}

enum Safety {
    NotApplied,
    MaybeApplied,
}

/// Reads a `Retry-After` value: seconds, or an HTTP date.
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(std::time::SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ApiError;

    const POLICY: RetryPolicy = RetryPolicy {
        max_attempts: 4,
        initial_backoff: Duration::from_millis(100),
        max_backoff: Duration::from_millis(300),
        multiplier: 2.0,
        deadline: Some(Duration::from_secs(5)),
        max_server_delay: Duration::from_secs(3),
        retryable_statuses: &[429, 500, 503],
    };

    fn api(status: u16) -> Error {
        Error::Api(Box::new(ApiError::from_response("m", status, b"{}")))
    }

    #[test]
    fn backs_off_exponentially_with_jitter_up_to_the_cap() {
        for attempt in 1..=3 {
            let delay = POLICY
                .next_delay(attempt, Duration::ZERO, &api(503), true)
                .unwrap();
            let step = [100, 200, 300][attempt as usize - 1];
            assert!(
                delay >= Duration::from_millis(step / 2) && delay <= Duration::from_millis(step),
                "{delay:?}"
            );
        }
        assert_eq!(POLICY.next_delay(4, Duration::ZERO, &api(503), true), None);
    }

    #[test]
    fn only_retries_what_is_safe() {
        assert!(POLICY
            .next_delay(1, Duration::ZERO, &api(429), false)
            .is_some());
        assert_eq!(POLICY.next_delay(1, Duration::ZERO, &api(503), false), None);
        assert_eq!(POLICY.next_delay(1, Duration::ZERO, &api(400), true), None);
        let refused = Error::InvalidRequest("x".into());
        assert_eq!(POLICY.next_delay(1, Duration::ZERO, &refused, true), None);
    }

    /// A 429 whose `Retry-After` asks for `asked`.
    fn asking(asked: Duration) -> Error {
        let mut error = ApiError::from_response("m", 429, b"{}");
        error.retry_after = Some(asked);
        Error::Api(Box::new(error))
    }

    #[test]
    fn honours_the_server_delay_and_the_deadline() {
        let asked = Duration::from_secs(2);
        assert_eq!(
            POLICY.next_delay(1, Duration::ZERO, &asking(asked), true),
            Some(asked)
        );
        assert_eq!(
            POLICY.next_delay(1, Duration::from_secs(4), &asking(asked), true),
            None
        );
    }

    #[test]
    fn gives_up_at_once_when_the_server_asks_for_more_than_the_cap() {
        let no_cap = POLICY.with_max_server_delay(Duration::MAX);
        for asked in [Duration::from_secs(4), Duration::from_secs(u64::MAX)] {
            let error = asking(asked);
            assert_eq!(POLICY.next_delay(1, Duration::ZERO, &error, true), None);
            assert_eq!(
                no_cap.next_delay(1, Duration::from_secs(1), &error, true),
                None
            );
            assert_eq!(error.retry_delay(), Some(asked));
        }
    }

    #[test]
    fn backoff_settings_that_make_no_sense_give_no_panic() {
        let odd = RetryPolicy {
            multiplier: -3.0,
            deadline: None,
            ..POLICY.with_backoff(Duration::from_secs(u64::MAX), Duration::MAX)
        };
        for attempt in 1..=3 {
            let delay = odd.next_delay(attempt, Duration::MAX, &api(503), true);
            assert!(delay.is_some(), "attempt {attempt} is retried");
        }
    }

    #[test]
    fn reads_retry_after_in_both_forms() {
        assert_eq!(parse_retry_after("7"), Some(Duration::from_secs(7)));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon"), None);
    }
}
