//! Timing shared by the benchmarks: run a piece of work several times, then
//! print the median and the spread.

use std::time::{Duration, Instant};

/// Runs `work` once to warm up, then `runs` times; returns each run's time.
pub fn time(runs: usize, mut work: impl FnMut()) -> Vec<Duration> {
    work();
    (0..runs)
        .map(|_| {
            let started = Instant::now();
            work();
            started.elapsed()
        })
        .collect()
}

/// Prints `what: median … ms (min …, max …, N runs)`.
pub fn report(what: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let ms = |duration: Duration| duration.as_secs_f64() * 1000.0;
    println!(
        "{what}: median {:.2} ms (min {:.2}, max {:.2}, {} runs)",
        ms(samples[samples.len() / 2]),
        ms(samples[0]),
        ms(samples[samples.len() - 1]),
        samples.len()
    );
}
