//! Project tasks, run as `cargo xtask <task>`:
//!
//! - `generate`: regenerate the client crate in `generated/` from `spec/`.
//! - `check`: fail, printing the diff, when `generated/` differs from what the spec gives.
//! - `openapi`: print the spec as an OpenAPI 3.1 document (or write it with `--out FILE`).
//! - `bench-compile`: time `cargo check`, a debug and a release build of the generated crate alone.
//! - `diff`: print the API changes since a git revision as Markdown (`--base REV`,
//!   default the merge base with `main`); `--deny-breaking` fails on breaking changes.

use std::path::PathBuf;
use std::process::ExitCode;

use xtask::{bench_compile, check, diff, display, generate, openapi, repo_root};

const USAGE: &str = "usage: cargo xtask <generate|check|openapi|diff|bench-compile> [--spec DIR] [--out PATH] [--base REV] [--deny-breaking]";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Vec<String>) -> Result<ExitCode, String> {
    let mut args = args.into_iter();
    let task = args.next().ok_or_else(|| USAGE.to_owned())?;
    let root = repo_root();
    let (mut spec, mut out, mut base, mut deny_breaking) = (root.join("spec"), None, None, false);
    while let Some(flag) = args.next() {
        if flag == "--deny-breaking" {
            deny_breaking = true;
            continue;
        }
        let value = args
            .next()
            .ok_or_else(|| format!("`{flag}` needs a value\n{USAGE}"))?;
        match flag.as_str() {
            "--spec" => spec = PathBuf::from(value),
            "--out" => out = Some(PathBuf::from(value)),
            "--base" => base = Some(value),
            _ => return Err(format!("unknown option `{flag}`\n{USAGE}")),
        }
    }
    if task == "bench-compile" {
        print!("{}", bench_compile(5)?);
        return Ok(ExitCode::SUCCESS);
    }
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
    let out = out.unwrap_or_else(|| root.join("generated"));
    match task.as_str() {
        "generate" => {
            let summary = generate(&spec, &out)?;
            println!("{}: {summary}", display(&out));
            Ok(ExitCode::SUCCESS)
        }
        "check" => match check(&spec, &out)? {
            None => {
                println!("{} is up to date", display(&out));
                Ok(ExitCode::SUCCESS)
            }
            Some(diff) => {
                print!("{diff}");
                eprintln!(
                    "{} is stale: run `cargo xtask generate` and commit the result",
                    display(&out)
                );
                Ok(ExitCode::FAILURE)
            }
        },
        other => Err(format!("unknown task `{other}`\n{USAGE}")),
    }
}
