//! Compares two spec folders structurally and prints every difference:
//!
//! `cargo run -p apigen-import --example compare -- LEFT_SPEC RIGHT_SPEC`

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [left, right] = args.as_slice() else {
        eprintln!("usage: compare LEFT_SPEC RIGHT_SPEC");
        return ExitCode::FAILURE;
    };
    match apigen_import::compare::compare_dirs(Path::new(left), Path::new(right)) {
        Ok(differences) => {
            for difference in &differences {
                println!("{difference}");
            }
            println!("{} differences", differences.len());
            ExitCode::SUCCESS
        }
        Err(problems) => {
            eprintln!("{problems}");
            ExitCode::FAILURE
        }
    }
}
