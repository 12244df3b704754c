//! What the `apigen` command does, as a library (so `cargo xtask` and tests
//! call the same functions): generate a client crate from a spec folder and
//! write it in one step, check that a crate is up to date, compare two
//! versions of a spec, export a spec as OpenAPI, and import an API's protos
//! into a spec folder.

#![warn(missing_docs)]

mod config;
mod files;
mod import;
mod workspace;

use std::path::{Path, PathBuf};

use apigen::{GenerateError, GeneratedFile, Options};

pub use config::Config;
pub use import::{compare, import, DescriptionSource, ImportArgs};
pub use workspace::{Placement, WorkspaceMode};

/// One crate to generate: where its spec is, where it goes, and how.
#[derive(Clone, Debug)]
pub struct Job {
    /// The spec folder.
    pub spec: PathBuf,
    /// The crate folder (replaced as a whole).
    pub out: PathBuf,
    /// How the spec folder is named in diagnostics, e.g. `spec/`.
    pub spec_label: String,
    /// The `apigen-runtime` folder to depend on by a relative path beside its
    /// version; `None` for the version alone (from crates.io).
    pub runtime: Option<PathBuf>,
    /// Whether the crate joins the workspace it lies in.
    pub workspace: WorkspaceMode,
    /// The command the file headers give for regenerating the crate.
    pub regenerate: String,
}

impl Job {
    /// A job with the defaults: diagnostics name the spec folder as given,
    /// the runtime comes from crates.io, the crate joins an enclosing
    /// workspace only when listed there, and headers say `apigen generate`.
    pub fn new(spec: impl Into<PathBuf>, out: impl Into<PathBuf>) -> Self {
        let spec = spec.into();
        Self {
            spec_label: format!("{}/", spec.display().to_string().trim_end_matches('/')),
            spec,
            out: out.into(),
            runtime: None,
            workspace: WorkspaceMode::Auto,
            regenerate: "apigen generate".to_owned(),
        }
    }

    /// The job with the settings of `config` that shape the output: the
    /// workspace mode, the headers' regenerate command and the runtime path.
    pub fn configured(mut self, config: &Config) -> Self {
        if let Some(workspace) = config.workspace {
            self.workspace = workspace;
        }
        if let Some(regenerate) = &config.regenerate {
            self.regenerate.clone_from(regenerate);
        }
        if let Some(runtime) = &config.runtime {
            self.runtime = Some(runtime.clone());
        }
        self
    }

    /// The emitter's options for this job, and where the crate stands in
    /// relation to the workspace around it.
    pub fn options(&self) -> Result<(Options, Placement), String> {
        let out = absolute(&self.out)?;
        let placement = workspace::place(&out, self.workspace)?;
        let runtime_path = match &self.runtime {
            Some(runtime) => Some(relative_path(&out, &absolute(runtime)?)?),
            None => None,
        };
        let options = Options {
            runtime_path,
            regenerate: self.regenerate.clone(),
            standalone: placement.standalone(),
            ..Options::new(self.spec_label.clone())
        };
        Ok((options, placement))
    }
}

/// Runs the generator for `job`; spec problems become the error text.
pub fn render(job: &Job) -> Result<(Vec<GeneratedFile>, Placement), String> {
    spec_folder(&job.spec)?;
    let (options, placement) = job.options()?;
    let files = apigen::generate(&job.spec, &options).map_err(|error| match error {
        GenerateError::Spec(diagnostics) => format!("{diagnostics}\nnothing was written"),
        GenerateError::Emit(error) => format!("{error}\nnothing was written"),
    })?;
    Ok((files, placement))
}

/// Regenerates the job's crate; returns a summary of what changed, then a
/// line on the workspace when the crate lies in one it is not a member of.
/// On any error the crate folder is left exactly as it was.
pub fn generate(job: &Job) -> Result<String, String> {
    let (files, placement) = render(job)?;
    let out = absolute(&job.out)?;
    if let (Ok(spec), Ok(out)) = (job.spec.canonicalize(), out.canonicalize()) {
        if spec.starts_with(&out) {
            return Err(format!(
                "error: the crate folder {} holds the spec folder {}, which generating would delete: choose another --out\nnothing was written",
                job.out.display(),
                job.spec.display()
            ));
        }
    }
    let summary = files::write_atomically(&out, &files)?;
    Ok(match placement.note(&job.out) {
        Some(note) => format!("{summary}\n{note}"),
        None => summary,
    })
}

/// The diff between the job's crate folder and what its spec generates;
/// `None` when they match.
pub fn check(job: &Job) -> Result<Option<String>, String> {
    let (files, _) = render(job)?;
    folder_diff(&job.out, &files)
}

/// The diff between the folder `dir` and `files`; `None` when they match.
fn folder_diff(dir: &Path, files: &[GeneratedFile]) -> Result<Option<String>, String> {
    let diff = files::diff(dir, files)
        .map_err(|error| format!("cannot read {}: {error}", dir.display()))?;
    Ok((!diff.is_empty()).then_some(diff))
}

/// The files of the runtime's `types` module, with headers that say to
/// run `regenerate` (see [`apigen::generate_runtime_types`]).
fn render_runtime_types(regenerate: &str) -> Result<Vec<GeneratedFile>, String> {
    let options = Options {
        regenerate: regenerate.to_owned(),
        ..Options::new("")
    };
    apigen::generate_runtime_types(&options)
        .map_err(|error| format!("{error}\nnothing was written"))
}

/// Regenerates the runtime's `types` module (the folder `src/types` of
/// `apigen-runtime`) in `out`; returns a summary of what changed. On any
/// error the folder is left exactly as it was.
pub fn generate_runtime_types(out: &Path, regenerate: &str) -> Result<String, String> {
    files::write_atomically(&absolute(out)?, &render_runtime_types(regenerate)?)
}

/// The diff between the runtime's `types` folder `out` and what the shipped
/// spec gives; `None` when they match.
pub fn check_runtime_types(out: &Path, regenerate: &str) -> Result<Option<String>, String> {
    folder_diff(out, &render_runtime_types(regenerate)?)
}

/// Loads and checks the spec in `spec`, naming it `label` in diagnostics;
/// problems become the error text.
pub fn load_api(spec: &Path, label: &str) -> Result<apigen::model::Api, String> {
    spec_folder(spec)?;
    let loaded = apigen::spec::load_dir(spec, label);
    apigen::resolve::resolve(&loaded).map_err(|diagnostics| diagnostics.to_string())
}

/// The spec as an OpenAPI 3.1 document (pretty JSON, ending in a newline).
pub fn openapi(spec: &Path, label: &str) -> Result<String, String> {
    let document = apigen::openapi::export(&load_api(spec, label)?);
    let mut text = serde_json::to_string_pretty(&document).map_err(|error| error.to_string())?;
    text.push('\n');
    Ok(text)
}

/// The API change report (Markdown) from `old` to `new`, titled `title`,
/// and whether any change is breaking.
pub fn change_report(
    old: &apigen::model::Api,
    new: &apigen::model::Api,
    title: &str,
) -> (String, bool) {
    let changes = apigen::changes::compare(old, new);
    let report = apigen::changes::markdown(title, &changes);
    (report, changes.iter().any(|change| change.breaking))
}

/// The API change report from the spec folder `old` to the spec folder `new`.
pub fn diff(old: &Path, new: &Path) -> Result<(String, bool), String> {
    let old_label = format!("{}/", old.display());
    let new_label = format!("{}/", new.display());
    let old_api = load_api(old, &old_label)
        .map_err(|problems| format!("the old spec has errors:\n{problems}"))?;
    let new_api = load_api(new, &new_label)?;
    let title = format!("`{old_label}` → `{new_label}`");
    Ok(change_report(&old_api, &new_api, &title))
}

/// Refuses a spec folder that is not there, before the loader reports it as a spec problem.
fn spec_folder(spec: &Path) -> Result<(), String> {
    if spec.is_dir() {
        Ok(())
    } else {
        Err(format!(
            "error: there is no spec folder {} (give one as an argument or with --spec, or set `spec` in apigen.toml)\nnothing was written",
            spec.display()
        ))
    }
}

/// `path` made absolute against the working directory, with `..` folded
/// away lexically (without resolving links), so that its ancestors are the
/// folders it lies in.
fn absolute(path: &Path) -> Result<PathBuf, String> {
    let path = std::path::absolute(path)
        .map_err(|error| format!("bad path {}: {error}", path.display()))?;
    let mut folded = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                folded.pop();
            }
            std::path::Component::CurDir => {}
            other => folded.push(other),
        }
    }
    Ok(folded)
}

/// The path from the folder `from` to `to` (both absolute), with `/`
/// separators: `../codegen/runtime`.
fn relative_path(from: &Path, to: &Path) -> Result<String, String> {
    let from: Vec<_> = from.components().collect();
    let to_parts: Vec<_> = to.components().collect();
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    if common == 0 {
        return Err(format!(
            "{} cannot be reached by a relative path from {}",
            to.display(),
            from.iter().collect::<PathBuf>().display()
        ));
    }
    let mut parts = vec!["..".to_owned(); from.len() - common];
    parts.extend(
        to_parts[common..]
            .iter()
            .map(|part| part.as_os_str().to_string_lossy().into_owned()),
    );
    Ok(if parts.is_empty() {
        ".".to_owned()
    } else {
        parts.join("/")
    })
}
