//! The one clock the whole fake tells the time by: the system clock, or a
//! manual clock that stands still until a test moves it.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use gemini_v1beta::Timestamp;

use crate::wire_time;

/// The furthest a clock can be moved ahead: 10,000 years, the longest span
/// the API's `Duration` can name (any further and no timestamp could be written).
const MAX_ADVANCE: Duration = Duration::from_secs(315_576_000_000);

/// The time the fake goes by: cache expiry, create and update times, file
/// expiry, tuning progress and upload session expiry all read it.
///
/// A clock is a handle: clones share one time, so a test can keep one and
/// [`Clock::advance`] it while the fake serves. Every clock can be moved
/// ahead; the system clock keeps running from there, a manual clock stands
/// still between moves.
#[derive(Clone)]
pub struct Clock(Arc<Inner>);

struct Inner {
    /// Where a manual clock stands (as wall time and as a monotonic
    /// instant); `None` for the system clock.
    frozen: Option<(SystemTime, Instant)>,
    /// How far [`Clock::advance`] has moved the clock, in all.
    advanced: Mutex<Duration>,
}

impl Clock {
    /// The system clock (the default of [`crate::Fake::new`]).
    pub fn system() -> Self {
        Self::with_source(None)
    }

    /// A manual clock at the current system time, standing still until
    /// [`Clock::advance`] moves it.
    pub fn manual() -> Self {
        Self::manual_at(SystemTime::now())
    }

    /// A manual clock at `start`, standing still until [`Clock::advance`]
    /// moves it; with a fixed start (and [`crate::Fake::seed`]) two runs
    /// answer the same times and names.
    pub fn manual_at(start: SystemTime) -> Self {
        Self::with_source(Some((start, Instant::now())))
    }

    fn with_source(frozen: Option<(SystemTime, Instant)>) -> Self {
        Self(Arc::new(Inner {
            frozen,
            advanced: Mutex::new(Duration::ZERO),
        }))
    }

    /// Moves the clock ahead by `by` (at most 10,000 years in all).
    pub fn advance(&self, by: Duration) {
        let mut advanced = self.advanced();
        *advanced = advanced.saturating_add(by).min(MAX_ADVANCE);
    }

    /// Whether this is a manual clock.
    pub fn is_manual(&self) -> bool {
        self.0.frozen.is_some()
    }

    /// The current time, no later than the last second a timestamp can name
    /// (9999-12-31T23:59:59Z).
    pub fn now(&self) -> Timestamp {
        let base = self.0.frozen.map_or_else(SystemTime::now, |(at, _)| at);
        let time = base
            .checked_add(*self.advanced())
            .map_or(wire_time::LATEST, Timestamp::from);
        time.min(wire_time::LATEST)
    }

    /// The current monotonic instant, for the upload sessions' idle time.
    pub fn instant(&self) -> Instant {
        let base = self.0.frozen.map_or_else(Instant::now, |(_, at)| at);
        let advanced = *self.advanced();
        base.checked_add(advanced).unwrap_or(base)
    }

    /// How far the clock has been moved; the lock cannot stay poisoned (a
    /// `Duration` is whole or not written).
    fn advanced(&self) -> std::sync::MutexGuard<'_, Duration> {
        self.0
            .advanced
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Default for Clock {
    /// The system clock.
    fn default() -> Self {
        Self::system()
    }
}

impl fmt::Debug for Clock {
    /// Its kind and the time it tells.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = if self.is_manual() { "manual" } else { "system" };
        write!(f, "Clock({kind}, {})", self.now())
    }
}
