//! Project tasks, run as `cargo xtask <task>`. `generate`, `check` and
//! `openapi` are the `apigen` command's (crate `apigen-cli`) with this
//! repository's settings; `diff` compares with a git revision instead of a
//! second spec folder.
//!
//! - `generate`: regenerate the client crate in `generated/` from `spec/`, the
//!   test specs' crates in `tests/zoo/` and `tests/edge/` from `tests/fixtures/zoo/`
//!   and `tests/fixtures/edge/`, Cloud Tasks', and the runtime's shipped Google
//!   types in `codegen/runtime/src/types/` (or one crate: `--spec DIR --out DIR`).
//! - `check`: fail, printing the diff, when a generated crate differs from what its spec gives.
//! - `openapi`: print the spec as an OpenAPI 3.1 document (or write it with `--out FILE`).
//! - `bench-compile`: time `cargo check`, a debug and a release build of the generated crate alone
//!   (`--base REV`: and of the crate at that revision, in turns, compared; `--runs N`, default 5).
//! - `diff`: print the API changes since a git revision as Markdown (`--base REV`,
//!   default the merge base with `main`); `--deny-breaking` fails on breaking changes.
//! - `import`: `apigen import` (same arguments): write or update a spec folder
//!   (`--out`, default `spec`) from `.proto` files found in `--proto-path` folders.

use std::path::PathBuf;
use std::process::ExitCode;

use xtask::{
    bench_compile, check, check_runtime_types, diff, display, generate, generate_runtime_types,
    openapi, repo_root, OUTPUTS, RUNTIME_TYPES,
};

const USAGE: &str = "usage: cargo xtask <generate|check|openapi|diff|bench-compile|import> [import: the arguments of `apigen import`] [--spec DIR] [--out PATH] [--base REV] [--runs N] [--deny-breaking]";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// A path given on the command line, made absolute against the working directory.
fn absolute(path: &str) -> Result<PathBuf, String> {
    std::path::absolute(path).map_err(|error| format!("bad path `{path}`: {error}"))
}

/// Runs the task the arguments name, with its options.
fn run(args: Vec<String>) -> Result<ExitCode, String> {
    let mut args = args.into_iter();
    let task = args.next().ok_or_else(|| USAGE.to_owned())?;
    if task == "import" {
        return import_task(args);
    }
    let options = Options::parse(args)?;
    match task.as_str() {
        "bench-compile" => {
            print!("{}", bench_compile(options.runs, options.base.as_deref())?);
            Ok(ExitCode::SUCCESS)
        }
        "diff" => diff_task(&options),
        "openapi" => openapi_task(&options),
        "generate" => generate_task(&options),
        "check" => check_task(&options),
        other => Err(format!("unknown task `{other}`\n{USAGE}")),
    }
}

/// The options that follow the task.
struct Options {
    /// `--spec`: the spec folder of the one crate to work on.
    spec: Option<PathBuf>,
    /// `--out`: the output folder of that crate, or the OpenAPI file.
    out: Option<PathBuf>,
    /// `--base`: the git revision to compare with.
    base: Option<String>,
    /// `--runs`: how many times `bench-compile` times each build.
    runs: usize,
    /// `--deny-breaking`: whether `diff` fails on breaking changes.
    deny_breaking: bool,
}

impl Options {
    /// Reads the options from the arguments after the task.
    fn parse(mut args: impl Iterator<Item = String>) -> Result<Self, String> {
        let mut options = Self {
            spec: None,
            out: None,
            base: None,
            runs: 5,
            deny_breaking: false,
        };
        while let Some(flag) = args.next() {
            if flag == "--deny-breaking" {
                options.deny_breaking = true;
                continue;
            }
            let value = args
                .next()
                .ok_or_else(|| format!("`{flag}` needs a value\n{USAGE}"))?;
            match flag.as_str() {
                "--spec" => options.spec = Some(absolute(&value)?),
                "--out" => options.out = Some(absolute(&value)?),
                "--base" => options.base = Some(value),
                "--runs" => {
                    options.runs =
                        value.parse().ok().filter(|runs| *runs > 0).ok_or_else(|| {
                            format!("`--runs` takes a positive number, not `{value}`")
                        })?
                }
                _ => return Err(format!("unknown option `{flag}`\n{USAGE}")),
            }
        }
        Ok(options)
    }

    /// Whether no crate is named, so that a task covers every crate the
    /// repository generates, and then the runtime's shipped types too.
    fn everything(&self) -> bool {
        self.spec.is_none() && self.out.is_none()
    }

    /// The crates to work on, each as its spec folder and its output folder:
    /// the one named, or every crate the repository generates.
    fn outputs(&self) -> Vec<(PathBuf, PathBuf)> {
        let root = repo_root();
        match (self.spec.clone(), self.out.clone()) {
            (Some(spec), Some(out)) => vec![(spec, out)],
            (Some(spec), None) => vec![(spec, root.join("generated"))],
            (None, Some(out)) => vec![(root.join("spec"), out)],
            (None, None) => OUTPUTS
                .iter()
                .map(|(spec, out)| (root.join(spec), root.join(out)))
                .collect(),
        }
    }

    /// The spec folder of the first crate to work on.
    fn spec(&self) -> PathBuf {
        self.outputs().swap_remove(0).0
    }
}

/// `import`: runs `apigen import` with the arguments after the task.
fn import_task(args: impl Iterator<Item = String>) -> Result<ExitCode, String> {
    let import = apigen_cli::ImportArgs::parse_from(args)?;
    print!(
        "{}",
        apigen_cli::import(import, &apigen_cli::Config::default())?
    );
    Ok(ExitCode::SUCCESS)
}

/// `diff`: prints the API changes since the base revision; fails on
/// breaking ones with `--deny-breaking`.
fn diff_task(options: &Options) -> Result<ExitCode, String> {
    let (report, breaking) = diff(&options.spec(), options.base.as_deref())?;
    print!("{report}");
    if breaking && options.deny_breaking {
        eprintln!("breaking API changes found (--deny-breaking)");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// `openapi`: prints the OpenAPI document, or writes it to `--out`.
fn openapi_task(options: &Options) -> Result<ExitCode, String> {
    let document = openapi(&options.spec())?;
    match &options.out {
        Some(path) => {
            std::fs::write(path, document)
                .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
            eprintln!("wrote {}", display(path));
        }
        None => print!("{document}"),
    }
    Ok(ExitCode::SUCCESS)
}

/// `generate`: regenerates every crate to work on.
fn generate_task(options: &Options) -> Result<ExitCode, String> {
    if options.everything() {
        println!("{RUNTIME_TYPES}: {}", generate_runtime_types()?);
    }
    for (spec, out) in &options.outputs() {
        let summary = generate(spec, out)?;
        println!("{}: {summary}", display(out));
    }
    Ok(ExitCode::SUCCESS)
}

/// `check`: fails, printing the diff, when a crate to work on is stale.
fn check_task(options: &Options) -> Result<ExitCode, String> {
    let mut stale = false;
    let runtime_types = (options.everything())
        .then(|| check_runtime_types().map(|diff| (RUNTIME_TYPES.to_owned(), diff)))
        .into_iter();
    let outputs = options.outputs();
    let crates = outputs
        .iter()
        .map(|(spec, out)| Ok((display(out), check(spec, out)?)));
    for checked in runtime_types.chain(crates) {
        let (out, diff) = checked?;
        match diff {
            None => println!("{out} is up to date"),
            Some(diff) => {
                print!("{diff}");
                eprintln!("{out} is stale: run `cargo xtask generate` and commit the result");
                stale = true;
            }
        }
    }
    Ok(if stale {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
