//! `apigen`: generate a typed Rust client crate from a YAML API spec, check
//! that it is up to date, report the API changes between two specs, export
//! a spec as OpenAPI, or import an API's `.proto` files into a spec. Defaults come from `apigen.toml` in the working
//! directory when there is one.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use apigen_cli::{Config, ImportArgs, Job, WorkspaceMode};
use clap::{Args, Parser, Subcommand};

/// Typed Rust clients (and servers) from a declarative YAML API spec.
#[derive(Parser)]
#[command(name = "apigen", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate the crate (replacing its folder in one step, or not at all).
    Generate(Target),
    /// Exit non-zero, printing the diff, when the crate differs from what its spec generates.
    Check(Target),
    /// Print the API changes from one spec folder to another, as Markdown.
    Diff {
        /// The old spec folder.
        old: PathBuf,
        /// The new spec folder.
        new: PathBuf,
        /// Exit non-zero when a change is breaking.
        #[arg(long)]
        deny_breaking: bool,
    },
    /// Print the spec as an OpenAPI 3.1 document.
    Openapi {
        #[command(flatten)]
        spec: SpecArg,
        /// Write the document to this file instead.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Write a spec folder from `.proto` files, or update one: hand-written
    /// parts stay, new elements are added, removed ones are reported.
    Import(ImportArgs),
    /// Print the structural differences between two spec folders; exit
    /// non-zero when there are any.
    Compare {
        /// One spec folder.
        left: PathBuf,
        /// The other spec folder.
        right: PathBuf,
    },
}

/// The spec folder, as an argument or with `--spec`.
#[derive(Args)]
struct SpecArg {
    /// The spec folder [default: `spec` in apigen.toml, else `spec`].
    #[arg(value_name = "SPEC")]
    positional: Option<PathBuf>,
    /// The spec folder (the same as the argument).
    #[arg(long = "spec", value_name = "SPEC", conflicts_with = "positional")]
    flag: Option<PathBuf>,
}

impl SpecArg {
    fn resolve(self, config: &Config) -> PathBuf {
        self.positional
            .or(self.flag)
            .or_else(|| config.spec.clone())
            .unwrap_or_else(|| PathBuf::from("spec"))
    }
}

/// Which crate to generate or check.
#[derive(Args)]
struct Target {
    #[command(flatten)]
    spec: SpecArg,
    /// The crate folder [default: `out` in apigen.toml, else the spec's crate name in the working directory].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Whether the crate joins the Cargo workspace it lies in [default: auto:
    /// a member when that workspace lists it, else a workspace of its own].
    #[arg(long, value_enum)]
    workspace: Option<WorkspaceMode>,
}

impl Target {
    fn job(self, config: &Config) -> Result<Job, String> {
        let spec = self.spec.resolve(config);
        let out = match self.out.or_else(|| config.out.clone()) {
            Some(out) => out,
            None => {
                let api = apigen_cli::load_api(&spec, &format!("{}/", spec.display()))
                    .map_err(|problems| format!("{problems}\nnothing was written"))?;
                PathBuf::from(api.info.crate_name)
            }
        };
        let mut job = Job::new(spec, out).configured(config);
        if let Some(workspace) = self.workspace {
            job.workspace = workspace;
        }
        Ok(job)
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// Runs one command; `Err` carries the message to print.
fn run(command: Command) -> Result<ExitCode, String> {
    let config = Config::read(Path::new("."))?;
    match command {
        Command::Generate(target) => {
            let job = target.job(&config)?;
            let summary = apigen_cli::generate(&job)?;
            println!("{}: {summary}", job.out.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Check(target) => check(target, &config),
        Command::Diff {
            old,
            new,
            deny_breaking,
        } => diff(&old, &new, deny_breaking),
        Command::Openapi { spec, out } => openapi(spec.resolve(&config), out),
        Command::Import(args) => {
            print!("{}", apigen_cli::import(args, &config)?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Compare { left, right } => compare(&left, &right),
    }
}

/// `apigen check`: prints the diff and fails when the crate is stale.
fn check(target: Target, config: &Config) -> Result<ExitCode, String> {
    let job = target.job(config)?;
    let Some(diff) = apigen_cli::check(&job)? else {
        println!("{} is up to date", job.out.display());
        return Ok(ExitCode::SUCCESS);
    };
    print!("{diff}");
    eprintln!("{} is stale: run `apigen generate`", job.out.display());
    Ok(ExitCode::FAILURE)
}

/// `apigen diff`: prints the API changes; fails on a breaking one when `deny_breaking`.
fn diff(old: &Path, new: &Path, deny_breaking: bool) -> Result<ExitCode, String> {
    let (report, breaking) = apigen_cli::diff(old, new)?;
    print!("{report}");
    if breaking && deny_breaking {
        eprintln!("breaking API changes found (--deny-breaking)");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// `apigen openapi`: prints the document, or writes it to `out`.
fn openapi(spec: PathBuf, out: Option<PathBuf>) -> Result<ExitCode, String> {
    let document = apigen_cli::openapi(&spec, &format!("{}/", spec.display()))?;
    match out {
        Some(path) => {
            std::fs::write(&path, document)
                .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
            eprintln!("wrote {}", path.display());
        }
        None => print!("{document}"),
    }
    Ok(ExitCode::SUCCESS)
}

/// `apigen compare`: prints each structural difference; fails when there is one.
fn compare(left: &Path, right: &Path) -> Result<ExitCode, String> {
    let differences = apigen_cli::compare(left, right)?;
    for difference in &differences {
        println!("{difference}");
    }
    println!("{} differences", differences.len());
    Ok(match differences.is_empty() {
        true => ExitCode::SUCCESS,
        false => ExitCode::FAILURE,
    })
}
