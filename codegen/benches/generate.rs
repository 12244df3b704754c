//! Generation speed on the repository's own spec (`cargo bench -p apigen`):
//! load → check → emit → format, in-process, and each phase alone.
//! Each figure is the median of 30 runs with the spread (min–max).

use std::path::Path;
use std::time::{Duration, Instant};

use apigen::Options;

const RUNS: usize = 30;

fn main() {
    let spec_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let options = Options {
        runtime_dependency: "{ path = \"../codegen/runtime\" }".to_owned(),
        spec_label: "spec/".to_owned(),
    };

    let spec = apigen::spec::load_dir(&spec_dir, "spec/");
    let api = apigen::resolve::resolve(&spec).unwrap();
    let files = apigen::emit::emit(&api, &options).unwrap();
    let lines: usize = files.iter().map(|file| file.contents.lines().count()).sum();
    println!(
        "spec: {} files; output: {} files, {lines} lines",
        spec.files.len(),
        files.len()
    );

    report(
        "load (read + parse YAML)",
        time(|| drop(apigen::spec::load_dir(&spec_dir, "spec/"))),
    );
    report(
        "check and resolve",
        time(|| drop(apigen::resolve::resolve(&spec).unwrap())),
    );
    report(
        "emit and format",
        time(|| drop(apigen::emit::emit(&api, &options).unwrap())),
    );
    report(
        "whole pipeline",
        time(|| drop(apigen::generate(&spec_dir, &options).unwrap())),
    );
}

fn time(mut work: impl FnMut()) -> Vec<Duration> {
    work();
    (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            work();
            started.elapsed()
        })
        .collect()
}

fn report(what: &str, mut samples: Vec<Duration>) {
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
