//! The project's tasks as a library, so tests can run them: render the client
//! crate from a spec, write it atomically, or compare it with what is on disk.

mod files;

use std::path::{Path, PathBuf};

use apigen::{GenerateError, GeneratedFile, Options};

/// The repository root: the parent of this crate's folder.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the repository")
        .to_path_buf()
}

/// A path as shown to people: relative to the repository when inside it.
pub fn display(path: &Path) -> String {
    let root = repo_root();
    path.strip_prefix(&root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Runs the generator for `out`; spec problems become the error text.
pub fn render(spec: &Path, out: &Path) -> Result<Vec<GeneratedFile>, String> {
    let root = repo_root();
    let runtime_path = if out == root.join("generated") {
        "../codegen/runtime".to_owned()
    } else {
        root.join("codegen/runtime")
            .display()
            .to_string()
            .replace('\\', "/")
    };
    let options = Options {
        runtime_dependency: format!("{{ path = \"{runtime_path}\" }}"),
        spec_label: format!("{}/", display(spec)),
    };
    apigen::generate(spec, &options).map_err(|error| match error {
        GenerateError::Spec(diagnostics) => format!("{diagnostics}\nnothing was written"),
        GenerateError::Emit(error) => format!("{error}\nnothing was written"),
    })
}

/// Loads and checks the spec; problems become the error text.
pub fn load_api(spec: &Path) -> Result<apigen::model::Api, String> {
    let label = format!("{}/", display(spec));
    let loaded =
        apigen::spec::load_dir(spec, &label).map_err(|diagnostics| diagnostics.to_string())?;
    apigen::resolve::resolve(&loaded).map_err(|diagnostics| diagnostics.to_string())
}

/// The spec as an OpenAPI 3.1 document (pretty JSON, ending in a newline).
pub fn openapi(spec: &Path) -> Result<String, String> {
    let document = apigen::openapi::export(&load_api(spec)?);
    let mut text = serde_json::to_string_pretty(&document).map_err(|error| error.to_string())?;
    text.push('\n');
    Ok(text)
}

/// Regenerates `out` from `spec`; returns a one-line summary of what changed.
/// On any error `out` is left exactly as it was.
pub fn generate(spec: &Path, out: &Path) -> Result<String, String> {
    let rendered = render(spec, out)?;
    files::write_atomically(out, &rendered)
}

/// The diff between `out` and what `spec` generates; `None` when up to date.
pub fn check(spec: &Path, out: &Path) -> Result<Option<String>, String> {
    let rendered = render(spec, out)?;
    let diff = files::diff(out, &rendered)
        .map_err(|error| format!("cannot read {}: {error}", out.display()))?;
    Ok((!diff.is_empty()).then_some(diff))
}
