//! How tuning jobs progress with the fake's clock: each takes the same
//! time, its steps spread evenly over it.

use std::collections::BTreeMap;
use std::time::Duration;

use gemini_v1beta::types::{CreateTunedModelMetadata, TuningSnapshot};
use gemini_v1beta::Timestamp;

use crate::wire_time;

/// How long a tuning job takes, unless the fake is told otherwise: one
/// second, so a client polling the system clock sees it run and finish quickly.
pub(crate) const DEFAULT_TUNING_TIME: Duration = Duration::from_secs(1);
/// The longest a tuning job may take: 10,000 years, the longest span the
/// API's `Duration` can name.
const MAX_TUNING_TIME: Duration = Duration::from_secs(315_576_000_000);
/// The most tuning snapshots kept per model.
const MAX_SNAPSHOTS: i32 = 1000;

/// The time tuning jobs take and the jobs still running.
#[derive(Debug)]
pub(crate) struct Tuning {
    duration: Duration,
    /// Running jobs by tuned model name.
    pub(crate) running: BTreeMap<String, Job>,
}

impl Default for Tuning {
    fn default() -> Self {
        Self {
            duration: DEFAULT_TUNING_TIME,
            running: BTreeMap::new(),
        }
    }
}

impl Tuning {
    /// How long each job started from now on takes.
    pub(crate) fn duration(&self) -> Duration {
        self.duration
    }

    /// Jobs started from now on take `duration` (at most 10,000 years).
    pub(crate) fn set_duration(&mut self, duration: Duration) {
        self.duration = duration.min(MAX_TUNING_TIME);
    }
}

/// A running tuning job.
#[derive(Debug)]
pub(crate) struct Job {
    /// The operation that tracks it.
    pub(crate) operation: String,
    /// Its model's name, total steps and the steps done when last looked at.
    pub(crate) metadata: CreateTunedModelMetadata,
    /// When it started.
    pub(crate) start: Timestamp,
    /// How long it takes.
    pub(crate) duration: Duration,
    /// Epochs over the training data, to number the snapshots.
    pub(crate) epochs: i32,
}

impl Job {
    /// When it finishes.
    pub(crate) fn end(&self) -> Timestamp {
        wire_time::add(self.start, self.duration.into())
    }

    /// The steps done by `now`: the total spread evenly over the job's time.
    pub(crate) fn steps_done(&self, now: Timestamp) -> i32 {
        let total = i128::from(self.metadata.total_steps);
        let span = i128::try_from(self.duration.as_nanos()).unwrap_or(i128::MAX);
        let elapsed = wire_time::nanos_between(self.start, now);
        let done = if elapsed >= span {
            total
        } else {
            // 0 <= elapsed < span here, and the product fits: 2^31 steps
            // times at most 2^69 nanoseconds.
            total * elapsed.max(0) / span
        };
        i32::try_from(done).unwrap_or(self.metadata.total_steps)
    }

    /// The metadata after `steps` steps, with a snapshot of each (at most 1000).
    pub(crate) fn progress(&self, steps: i32) -> CreateTunedModelMetadata {
        let total = self.metadata.total_steps.max(1);
        let mut metadata = self.metadata.clone();
        metadata.completed_steps = steps;
        metadata.completed_percent = (f64::from(steps) * 100.0 / f64::from(total)) as f32;
        metadata.snapshots = self.snapshots(steps);
        metadata
    }

    /// A snapshot per step done (at most 1000), with falling loss, each
    /// computed at its share of the job's time.
    fn snapshots(&self, steps: i32) -> Vec<TuningSnapshot> {
        let total = self.metadata.total_steps.max(1);
        let per_epoch = (total / self.epochs.max(1)).max(1);
        (1..=steps.clamp(0, MAX_SNAPSHOTS))
            .map(|step| {
                let share = self.duration.as_nanos() * step as u128 / total as u128;
                let offset = Duration::from_nanos(u64::try_from(share).unwrap_or(u64::MAX));
                TuningSnapshot::new()
                    .set_step(step)
                    .set_epoch((step - 1) / per_epoch + 1)
                    .set_mean_loss(2.0 / (1.0 + step as f32))
                    .set_compute_time(wire_time::add(self.start, offset.into()))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(total_steps: i32, seconds: u64) -> Job {
        Job {
            operation: "tunedModels/m/operations/o".into(),
            metadata: CreateTunedModelMetadata::new()
                .set_tuned_model("tunedModels/m")
                .set_total_steps(total_steps),
            start: Timestamp::new(100, 0),
            duration: Duration::from_secs(seconds),
            epochs: 2,
        }
    }

    #[test]
    fn steps_spread_over_the_time() {
        let job = job(4, 8);
        let at = |seconds| job.steps_done(Timestamp::new(seconds, 0));
        assert_eq!(
            [at(99), at(100), at(101), at(102), at(107), at(108), at(500)],
            [0, 0, 0, 1, 3, 4, 4]
        );
        assert_eq!(job.end(), Timestamp::new(108, 0));
        let half = job.progress(2);
        assert_eq!((half.completed_steps, half.completed_percent), (2, 50.0));
        let times: Vec<_> = half.snapshots.iter().map(|s| s.compute_time).collect();
        assert_eq!(
            times,
            [Some(Timestamp::new(102, 0)), Some(Timestamp::new(104, 0))]
        );
        assert_eq!(half.snapshots[1].epoch, 1);
    }

    #[test]
    fn a_job_of_no_time_is_done_at_once() {
        assert_eq!(job(4, 0).steps_done(Timestamp::new(100, 0)), 4);
    }

    #[test]
    fn extreme_jobs_do_not_overflow() {
        let long = job(i32::MAX, 315_576_000_000);
        assert_eq!(long.steps_done(Timestamp::new(1100, 0)), 6);
        assert_eq!(long.progress(3).snapshots.len(), 3);
        assert_eq!(job(i32::MAX, 1).progress(i32::MAX).snapshots.len(), 1000);
    }
}
