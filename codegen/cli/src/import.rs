//! `apigen import` and `apigen compare`: bring an API's `.proto` files into
//! a spec folder (new, or updated in place), and compare two spec folders
//! structurally. `cargo xtask import` parses the same arguments.

use std::path::{Path, PathBuf};

use apigen_import::{Descriptions, ImportOptions, ImportReport};
use clap::{Args, Parser, ValueEnum};

use crate::Config;

/// The arguments of `apigen import`.
#[derive(Args, Debug)]
pub struct ImportArgs {
    /// The proto files to import, relative to a `--proto-path` folder
    /// (`acme/zoo/v1/zoo_service.proto`).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<String>,
    /// A folder that proto files and their imports are looked up in (repeatable, in order).
    #[arg(long = "proto-path", short = 'I', value_name = "DIR", required = true)]
    pub proto_paths: Vec<PathBuf>,
    /// Import only this service, by name or full name (repeatable) [default: every service of FILE].
    #[arg(long = "service", value_name = "NAME")]
    pub services: Vec<String>,
    /// The spec folder to write or update [default: `spec` in apigen.toml, else `spec`].
    #[arg(long, value_name = "SPEC")]
    pub out: Option<PathBuf>,
    /// Where the descriptions of new elements come from.
    #[arg(long, value_enum, default_value_t = DescriptionSource::Proto)]
    pub descriptions: DescriptionSource,
    /// Remove from the spec what the protos no longer have (without it, such elements are only reported).
    #[arg(long)]
    pub prune: bool,
    /// A gRPC service config (`*_grpc_service_config.json`) whose retry policies and timeouts become the spec's `retry`, `timeout` and `idempotent` settings.
    #[arg(long = "service-config", value_name = "JSON")]
    pub service_config: Option<PathBuf>,
}

/// The `--descriptions` choices.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DescriptionSource {
    /// The proto's leading comment.
    Proto,
    /// A placeholder, for people to write their own.
    Empty,
}

/// `apigen import`'s arguments on their own, for callers that are not the
/// `apigen` command (`cargo xtask import`).
#[derive(Parser, Debug)]
#[command(name = "import")]
struct ImportCommand {
    #[command(flatten)]
    args: ImportArgs,
}

impl ImportArgs {
    /// Parses `apigen import`'s arguments (without the program name); the
    /// error is clap's usage message.
    pub fn parse_from(args: impl IntoIterator<Item = String>) -> Result<Self, String> {
        let program = std::iter::once("import".to_owned());
        ImportCommand::try_parse_from(program.chain(args))
            .map(|command| command.args)
            .map_err(|error| error.render().to_string())
    }

    fn options(self, config: &Config) -> ImportOptions {
        let out_dir = self
            .out
            .or_else(|| config.spec.clone())
            .unwrap_or_else(|| PathBuf::from("spec"));
        ImportOptions {
            proto_paths: self.proto_paths,
            files: self.files,
            services: self.services,
            out_dir,
            descriptions: match self.descriptions {
                DescriptionSource::Proto => Descriptions::Proto,
                DescriptionSource::Empty => Descriptions::Empty,
            },
            prune: self.prune,
            service_config: self.service_config,
        }
    }
}

/// Imports the protos into the spec folder and returns what was done, one
/// line each (written files; added, removed, changed and skipped elements). Proto
/// problems are the error, every one located; then nothing is written.
pub fn import(args: ImportArgs, config: &Config) -> Result<String, String> {
    let options = args.options(config);
    let report = apigen_import::import(&options)
        .map_err(|problems| format!("{problems}\nnothing was written"))?;
    Ok(import_summary(&options.out_dir, &report, options.prune))
}

fn import_summary(out_dir: &Path, report: &ImportReport, pruned: bool) -> String {
    let mut lines: Vec<String> = Vec::new();
    lines.extend(
        report
            .files
            .iter()
            .map(|file| format!("wrote {}", out_dir.join(file).display())),
    );
    lines.extend(report.added.iter().map(|added| format!("added {added}")));
    let removal = match pruned {
        true => "removed from the protos and the spec",
        false => "removed from the protos (left in the spec)",
    };
    lines.extend(
        report
            .removed
            .iter()
            .map(|removed| format!("{removal} {removed}")),
    );
    lines.extend(
        report
            .changed
            .iter()
            .map(|changed| format!("changed (left as written) {changed}")),
    );
    lines.extend(
        report
            .library
            .iter()
            .map(|note| format!("common Google types: {note}")),
    );
    if lines.is_empty() {
        lines.push(format!(
            "{} is up to date with the protos",
            out_dir.display()
        ));
    }
    lines.extend(
        report
            .skipped
            .iter()
            .map(|skipped| format!("skipped {skipped}")),
    );
    lines.iter().map(|line| format!("{line}\n")).collect()
}

/// The structural differences between two spec folders (types, fields,
/// numbers, enum values, methods and their HTTP bindings), one a line;
/// empty when they agree.
pub fn compare(left: &Path, right: &Path) -> Result<Vec<String>, String> {
    let differences = apigen_import::compare::compare_dirs(left, right)
        .map_err(|problems| problems.to_string())?;
    Ok(differences.iter().map(ToString::to_string).collect())
}
