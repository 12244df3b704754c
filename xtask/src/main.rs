//! Project tasks, run as `cargo xtask <task>`:
//!
//! - `generate`: regenerate the client crate in `generated/` from `spec/`.
//! - `check`: fail, printing the diff, when `generated/` differs from what the spec gives.

mod files;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use apigen::{GenerateError, GeneratedFile, Options};

const USAGE: &str = "usage: cargo xtask <generate|check> [--spec DIR] [--out DIR]";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// Parsed command line.
struct Args {
    task: String,
    spec: PathBuf,
    out: PathBuf,
}

fn run(args: Vec<String>) -> Result<ExitCode, String> {
    let args = parse_args(args)?;
    let rendered = render(&args.spec, &args.out)?;
    match args.task.as_str() {
        "generate" => files::write_atomically(&args.out, &rendered).map(|summary| {
            println!("{}: {summary}", display(&args.out));
            ExitCode::SUCCESS
        }),
        "check" => {
            let stale = files::diff(&args.out, &rendered).map_err(|error| error.to_string())?;
            if stale.is_empty() {
                println!("{} is up to date", display(&args.out));
                Ok(ExitCode::SUCCESS)
            } else {
                print!("{stale}");
                eprintln!(
                    "{} is stale: run `cargo xtask generate` and commit the result",
                    display(&args.out)
                );
                Ok(ExitCode::FAILURE)
            }
        }
        other => Err(format!("unknown task `{other}`\n{USAGE}")),
    }
}

fn parse_args(args: Vec<String>) -> Result<Args, String> {
    let root = repo_root();
    let mut iter = args.into_iter();
    let task = iter.next().ok_or_else(|| USAGE.to_owned())?;
    let mut parsed = Args {
        task,
        spec: root.join("spec"),
        out: root.join("generated"),
    };
    while let Some(flag) = iter.next() {
        let value = iter
            .next()
            .ok_or_else(|| format!("`{flag}` needs a value\n{USAGE}"))?;
        match flag.as_str() {
            "--spec" => parsed.spec = PathBuf::from(value),
            "--out" => parsed.out = PathBuf::from(value),
            _ => return Err(format!("unknown option `{flag}`\n{USAGE}")),
        }
    }
    Ok(parsed)
}

/// The repository root: the parent of this crate's folder.
fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the repository")
        .to_path_buf()
}

/// A path as shown to people: relative to the repository when inside it.
fn display(path: &Path) -> String {
    let root = repo_root();
    path.strip_prefix(&root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Runs the generator; spec problems become the error text.
fn render(spec: &Path, out: &Path) -> Result<Vec<GeneratedFile>, String> {
    let root = repo_root();
    let runtime = root.join("codegen/runtime");
    let runtime_path = if out.parent() == Some(root.as_path()) || out == root.join("generated") {
        "../codegen/runtime".to_owned()
    } else {
        runtime.display().to_string()
    };
    let options = Options {
        runtime_dependency: format!("{{ path = \"{}\" }}", runtime_path.replace('\\', "/")),
        spec_label: format!("{}/", display(spec)),
    };
    apigen::generate(spec, &options).map_err(|error| match error {
        GenerateError::Spec(diagnostics) => format!("{diagnostics}\nnothing was written"),
        GenerateError::Emit(error) => format!("{error}\nnothing was written"),
    })
}
