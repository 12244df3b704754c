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

fn run(args: Vec<String>) -> Result<ExitCode, String> {
    let mut args = args.into_iter();
    let task = args.next().ok_or_else(|| USAGE.to_owned())?;
    if task == "import" {
        let import = apigen_cli::ImportArgs::parse_from(args)?;
        print!(
            "{}",
            apigen_cli::import(import, &apigen_cli::Config::default())?
        );
        return Ok(ExitCode::SUCCESS);
    }
    let root = repo_root();
    let (mut spec, mut out, mut base, mut deny_breaking) = (None, None, None, false);
    let mut runs = 5;
    while let Some(flag) = args.next() {
        if flag == "--deny-breaking" {
            deny_breaking = true;
            continue;
        }
        let value = args
            .next()
            .ok_or_else(|| format!("`{flag}` needs a value\n{USAGE}"))?;
        match flag.as_str() {
            "--spec" => spec = Some(absolute(&value)?),
            "--out" => out = Some(absolute(&value)?),
            "--base" => base = Some(value),
            "--runs" => {
                runs = value
                    .parse()
                    .ok()
                    .filter(|runs| *runs > 0)
                    .ok_or_else(|| format!("`--runs` takes a positive number, not `{value}`"))?
            }
            _ => return Err(format!("unknown option `{flag}`\n{USAGE}")),
        }
    }
    if task == "bench-compile" {
        print!("{}", bench_compile(runs, base.as_deref())?);
        return Ok(ExitCode::SUCCESS);
    }
    // The crates to work on: the one named, or every crate the repository
    // generates, and then the runtime's shipped types too.
    let everything = spec.is_none() && out.is_none();
    let outputs: Vec<(PathBuf, PathBuf)> = match (spec, out.clone()) {
        (Some(spec), Some(out)) => vec![(spec, out)],
        (Some(spec), None) => vec![(spec, root.join("generated"))],
        (None, Some(out)) => vec![(root.join("spec"), out)],
        (None, None) => OUTPUTS
            .iter()
            .map(|(spec, out)| (root.join(spec), root.join(out)))
            .collect(),
    };
    let spec = outputs[0].0.clone();
    if task == "diff" {
        let (report, breaking) = diff(&spec, base.as_deref())?;
        print!("{report}");
        if breaking && deny_breaking {
            eprintln!("breaking API changes found (--deny-breaking)");
            return Ok(ExitCode::FAILURE);
        }
        return Ok(ExitCode::SUCCESS);
    }
    if task == "openapi" {
        let document = openapi(&spec)?;
        match out {
            Some(path) => {
                std::fs::write(&path, document)
                    .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
                eprintln!("wrote {}", display(&path));
            }
            None => print!("{document}"),
        }
        return Ok(ExitCode::SUCCESS);
    }
    match task.as_str() {
        "generate" => {
            if everything {
                println!("{RUNTIME_TYPES}: {}", generate_runtime_types()?);
            }
            for (spec, out) in &outputs {
                let summary = generate(spec, out)?;
                println!("{}: {summary}", display(out));
            }
            Ok(ExitCode::SUCCESS)
        }
        "check" => {
            let mut stale = false;
            let runtime_types = everything
                .then(|| check_runtime_types().map(|diff| (RUNTIME_TYPES.to_owned(), diff)))
                .into_iter();
            let crates = outputs
                .iter()
                .map(|(spec, out)| Ok((display(out), check(spec, out)?)));
            for checked in runtime_types.chain(crates) {
                let (out, diff) = checked?;
                match diff {
                    None => println!("{out} is up to date"),
                    Some(diff) => {
                        print!("{diff}");
                        eprintln!(
                            "{out} is stale: run `cargo xtask generate` and commit the result"
                        );
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
        other => Err(format!("unknown task `{other}`\n{USAGE}")),
    }
}
