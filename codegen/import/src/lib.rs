//! `apigen-import` reads an API's `.proto` files (with their `google.api.http`
//! bindings, field behaviours and long-running operation facts) and writes an
//! apigen spec folder that says the same: one types file per proto file, one
//! resources file per top-level REST resource, the `api:` section.
//!
//! [`import`] writes a new folder, or updates an existing one by adding
//! only what the protos gained (see `update`); [`compare::compare_dirs`]
//! checks two spec folders for structural equality (types, fields, numbers,
//! enum values, methods with their bindings and kinds).
//!
//! What the protos do not say is left to people: descriptions where a proto
//! has no comment are [`PLACEHOLDER`] (the format needs one), and `wait:`
//! and `media_upload` are never written. Retry policies, timeouts and the
//! POST methods safe to retry come from a gRPC service config, when one is
//! given ([`ImportOptions::service_config`]; see `settings`). The first file's package is `api.package`;
//! its types go to `types/{proto file}.yaml`, another package's to
//! `types/google_{last part}.yaml` (or `types/{last part}.yaml`) with its
//! own `package:` key. A type is named alone within its package and by its
//! full name across packages (`google.longrunning.Operation`); resource
//! files are in the API's package. A type the generator ships in its
//! library of common Google types (`apigen::spec::shared`) is named, not
//! written, unless the spec declares its package itself (see `library`).

#![warn(missing_docs)]

pub mod compare;
mod json_locate;
mod library;
mod locate;
mod methods;
mod naming;
mod numbers;
mod protos;
mod render;
mod service_config;
mod settings;
mod types;
mod update;
mod write;

use std::collections::BTreeSet;
use std::path::PathBuf;

pub use apigen::{Diagnostic, Diagnostics};

/// Where a new element's description comes from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Descriptions {
    /// The proto's leading comment ([`PLACEHOLDER`] when it has none).
    #[default]
    Proto,
    /// Always [`PLACEHOLDER`], for people to write their own.
    Empty,
}

/// The description written where the protos give none: the spec format
/// needs a non-empty one, and this says plainly that nobody wrote it yet.
pub const PLACEHOLDER: &str = "Not described yet.";

/// What to import and where to write it.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// Folders that imports are looked up in (`--proto-path`), in order.
    pub proto_paths: Vec<PathBuf>,
    /// The proto files to import, relative to a proto path
    /// (`example/library/v1/library.proto`).
    pub files: Vec<String>,
    /// Only these services (by name or full name); every service of `files` when empty.
    pub services: Vec<String>,
    /// The spec folder to write. When it holds spec files, they are
    /// updated: new elements are added, nothing written by hand changes.
    pub out_dir: PathBuf,
    /// Where descriptions come from.
    pub descriptions: Descriptions,
    /// When updating: remove from the spec the elements the protos no
    /// longer have (types, fields, enum values, methods, resources) instead
    /// of only reporting them.
    pub prune: bool,
    /// A gRPC service config (`*_grpc_service_config.json`) whose retry
    /// policies and timeouts become `api.retry` and the methods' `retry:`,
    /// `timeout:` and `idempotent:`.
    pub service_config: Option<PathBuf>,
}

/// What an import wrote, and what it left out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// The spec files written (new or changed), relative to the output folder, in path order.
    pub files: Vec<String>,
    /// When updating: the elements added (`messages.Animal.fields.age`).
    pub added: Vec<String>,
    /// When updating: the elements the protos no longer have, removed from
    /// the spec with [`ImportOptions::prune`] and left in place without it.
    pub removed: Vec<String>,
    /// When updating: facts (a field's type or number, a method's HTTP
    /// binding) the protos state otherwise than the spec, left as the spec
    /// has them, each with both versions.
    pub changed: Vec<String>,
    /// Elements of the protos (or the service config) the spec does not
    /// take, each with why (an RPC without an HTTP binding, a status code
    /// the spec cannot tell apart, for instance).
    pub skipped: Vec<String>,
    /// The packages of the generator's library of common Google types
    /// (`google.type`, `google.iam.v1`, …) the spec now declares itself,
    /// or, with [`ImportOptions::prune`], no longer declares, each with why.
    /// The library's other types are named by full name and not written.
    pub library: Vec<String>,
}

/// Reads the protos (and the service config) and writes the spec folder.
/// Every problem found is returned, located in its proto file or the
/// service config, and nothing is written when there is one.
pub fn import(options: &ImportOptions) -> Result<ImportReport, Diagnostics> {
    let compiled = protos::compile(&options.proto_paths, &options.files)?;
    let selection = protos::select(compiled, options)?;
    let settings = read_settings(options, &selection)?;
    let existing = match options.out_dir.is_dir() {
        true => write::read_folder(&options.out_dir)?,
        false => Vec::new(),
    };
    let declared = declared_packages(&existing);
    let plan = library::plan(&selection, &declared, options.prune);
    let (files, skipped) = spec_files(&selection, &plan, settings.as_ref(), options.descriptions)?;
    if existing.is_empty() {
        let written = write::write_folder(&options.out_dir, &files)?;
        return Ok(ImportReport {
            files: written,
            skipped,
            library: plan.notes,
            ..ImportReport::default()
        });
    }
    let dropped = dropped_packages(&declared, &plan, options.prune);
    let merged = update::merge(
        existing,
        &files,
        options.prune,
        &dropped,
        settings.is_some(),
    )?;
    write::write_files(&options.out_dir, &merged.files)?;
    write::remove_files(&options.out_dir, &merged.deleted)?;
    let mut library = plan.notes;
    library.extend(merged.deleted.iter().map(|(path, package)| {
        format!("{package}: {path} removed, as the generator's library has every type of it the protos need")
    }));
    Ok(ImportReport {
        files: merged.files.into_keys().collect(),
        added: merged.added,
        removed: merged.removed,
        changed: merged.changed,
        skipped,
        library,
    })
}

/// The settings of the service config named in `options`, when one is.
fn read_settings(
    options: &ImportOptions,
    selection: &protos::Selection,
) -> Result<Option<settings::Settings>, Diagnostics> {
    let Some(path) = &options.service_config else {
        return Ok(None);
    };
    let config = service_config::read(path, &selection.compiled.pool)?;
    Ok(Some(settings::Settings::new(config, selection)))
}

/// The spec files the protos make (the API file, the types files, the
/// resources files), with what they leave out; every problem in the types
/// and methods is returned together.
fn spec_files(
    selection: &protos::Selection,
    plan: &library::Plan,
    settings: Option<&settings::Settings>,
    descriptions: Descriptions,
) -> Result<(Vec<render::SpecFileOut>, Vec<String>), Diagnostics> {
    let mut problems = Diagnostics::default();
    let mut skipped = Vec::new();
    let resources = methods::resources(
        selection,
        settings,
        descriptions,
        &mut problems,
        &mut skipped,
    );
    let types = types::type_files(selection, &plan.declared, descriptions, &mut problems);
    if !problems.0.is_empty() {
        return Err(problems);
    }
    skipped.extend(
        settings
            .iter()
            .flat_map(|settings| settings.notes.iter().cloned()),
    );
    let api_retry = settings.and_then(|settings| settings.api_retry.as_ref());
    let mut files = vec![render::api_file(selection, api_retry)];
    files.extend(types);
    files.extend(resources);
    Ok((files, skipped))
}

/// With pruning, the shipped packages the spec declares but the protos can
/// take from the library: their files are removed.
fn dropped_packages(
    declared: &BTreeSet<String>,
    plan: &library::Plan,
    prune: bool,
) -> BTreeSet<String> {
    (declared.iter())
        .filter(|package| apigen::spec::shared::shipped_types(package).is_some())
        .filter(|package| prune && !plan.own_packages.contains(*package))
        .cloned()
        .collect()
}

/// The packages the existing spec files declare (a file without
/// `package:` is in the API's package).
fn declared_packages(existing: &[(String, String)]) -> BTreeSet<String> {
    let spec = apigen::spec::load_sources(existing.to_vec(), "");
    (spec.files.iter())
        .filter(|file| !file.shared)
        .filter_map(|file| spec.package_of(file).map(str::to_owned))
        .collect()
}
