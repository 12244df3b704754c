//! Imports protos into a new spec folder, or over an existing one, the call
//! `apigen import` will make:
//!
//! `cargo run -p apigen-import --example import -- --proto-path PROTOS --out SPEC [--service NAME] [--descriptions empty] [--prune] [--service-config JSON] FILE.proto…`

use std::path::PathBuf;
use std::process::ExitCode;

use apigen_import::{import, Descriptions, ImportOptions};

fn main() -> ExitCode {
    let mut options = ImportOptions::default();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().unwrap_or_default();
        match arg.as_str() {
            "--proto-path" => options.proto_paths.push(PathBuf::from(value())),
            "--out" => options.out_dir = PathBuf::from(value()),
            "--service" => options.services.push(value()),
            "--prune" => options.prune = true,
            "--service-config" => options.service_config = Some(PathBuf::from(value())),
            "--descriptions" => {
                options.descriptions = match value().as_str() {
                    "empty" => Descriptions::Empty,
                    _ => Descriptions::Proto,
                }
            }
            _ => options.files.push(arg),
        }
    }
    match import(&options) {
        Ok(report) => {
            for file in &report.files {
                println!("wrote {}", options.out_dir.join(file).display());
            }
            for added in &report.added {
                println!("added {added}");
            }
            let left = match options.prune {
                true => "removed",
                false => "left in place",
            };
            for removed in &report.removed {
                println!("no longer in the protos ({left}): {removed}");
            }
            for changed in &report.changed {
                println!("changed (left as written): {changed}");
            }
            for note in &report.library {
                println!("common Google types: {note}");
            }
            for skipped in &report.skipped {
                println!("skipped {skipped}");
            }
            ExitCode::SUCCESS
        }
        Err(problems) => {
            eprintln!("{problems}");
            ExitCode::FAILURE
        }
    }
}
