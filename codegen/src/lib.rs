//! `apigen` turns a declarative YAML spec of a REST API (resources, methods,
//! HTTP bindings, messages, enums) into a typed Rust client crate.
//!
//! The pipeline is load ([`spec`]) → check and resolve ([`resolve`], into the
//! [`model`]) → annotate ([`annotate`], the facts derived once for every
//! output) → emit ([`emit`], formatted with prettyplease). Nothing here knows
//! any particular API: everything API-specific comes from the spec.

#![warn(missing_docs)]

pub mod annotate;
pub mod changes;
pub mod diagnostic;
pub mod emit;
pub mod model;
pub mod names;
pub mod openapi;
pub mod resolve;
pub mod spec;
pub mod yaml;

use std::path::Path;

pub use diagnostic::{Diagnostic, Diagnostics};
pub use emit::{EmitError, GeneratedFile, Options};

/// Why generation failed.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    /// The spec has problems; every one found is listed.
    #[error("{0}")]
    Spec(Diagnostics),
    /// The generator produced invalid Rust (a bug in apigen).
    #[error(transparent)]
    Emit(#[from] EmitError),
}

/// The files of the runtime's `types` module: the shipped Google types the
/// runtime does not hand-write, generated there once for every crate (paths
/// relative to `src/types/` of `apigen-runtime`).
pub fn generate_runtime_types(options: &Options) -> Result<Vec<GeneratedFile>, GenerateError> {
    let spec = spec::shared::shipped_spec();
    let types = resolve::resolve_runtime_types(&spec).map_err(GenerateError::Spec)?;
    Ok(emit::emit_runtime_types(&types, options)?)
}

/// Loads the spec in `spec_dir`, checks it, and returns the generated crate's files.
pub fn generate(spec_dir: &Path, options: &Options) -> Result<Vec<GeneratedFile>, GenerateError> {
    let spec = spec::load_dir(spec_dir, &options.spec_label);
    let api = resolve::resolve(&spec).map_err(GenerateError::Spec)?;
    Ok(emit::emit(&api, options)?)
}
