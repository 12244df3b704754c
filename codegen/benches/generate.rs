//! Generation speed on the repository's own spec (`cargo bench -p apigen-codegen`):
//! load → check → emit → format, in-process, and each phase alone.
//! Each figure is the median of 30 runs with the spread (min–max).

use std::path::Path;

use apigen::Options;

mod timing;

use timing::{report, time};

const RUNS: usize = 30;

fn main() {
    let spec_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let options = Options::new("spec/");

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
        time(RUNS, || drop(apigen::spec::load_dir(&spec_dir, "spec/"))),
    );
    report(
        "check and resolve",
        time(RUNS, || drop(apigen::resolve::resolve(&spec).unwrap())),
    );
    report(
        "emit and format",
        time(RUNS, || drop(apigen::emit::emit(&api, &options).unwrap())),
    );
    report(
        "whole pipeline",
        time(RUNS, || {
            drop(apigen::generate(&spec_dir, &options).unwrap())
        }),
    );
}
