//! Compiling the proto files (with protox, no `protoc`) and picking the
//! services to import.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use apigen::diagnostic::{Loc, SourceFile};
use apigen::yaml::Pos;
use apigen::{Diagnostic, Diagnostics};
use miette::Diagnostic as _;
use prost_reflect::{DescriptorPool, FileDescriptor, ServiceDescriptor};

use crate::ImportOptions;

/// The compiled protos with their texts, for locating problems.
pub(crate) struct Compiled {
    /// Every file and what it imports.
    pub pool: DescriptorPool,
    /// The text of each file that came from disk, by proto file name.
    sources: HashMap<String, Arc<SourceFile>>,
}

impl Compiled {
    /// The text of a proto file (empty for a built-in one such as `google/protobuf/any.proto`).
    pub fn source(&self, name: &str) -> Arc<SourceFile> {
        self.sources
            .get(name)
            .cloned()
            .unwrap_or_else(|| Arc::new(SourceFile::new(name, "")))
    }
}

/// The services being imported, the files they came from, and the API's package.
pub(crate) struct Selection {
    /// The compiled protos.
    pub compiled: Compiled,
    /// The files named on the command line, in that order.
    pub files: Vec<FileDescriptor>,
    /// The services to import, in file and declaration order.
    pub services: Vec<ServiceDescriptor>,
    /// The package of the first file (`example.library.v1`).
    pub package: String,
}

/// Compiles `files` and everything they import, looking files up in `proto_paths`.
pub(crate) fn compile(proto_paths: &[PathBuf], files: &[String]) -> Result<Compiled, Diagnostics> {
    let mut problems = Diagnostics::default();
    if files.is_empty() {
        problems.push(whole_file_problem("", "no proto files to import"));
        return Err(problems);
    }
    let mut compiler = protox::Compiler::new(proto_paths)
        .map_err(|error| Diagnostics(vec![protox_problem(proto_paths, &error)]))?;
    compiler.include_source_info(true).include_imports(true);
    for file in files {
        if let Err(error) = compiler.open_file(file) {
            problems.push(protox_problem(proto_paths, &error));
        }
    }
    if !problems.0.is_empty() {
        return Err(problems);
    }
    let mut sources = HashMap::new();
    for file in compiler.files() {
        if let Some(text) = file
            .path()
            .and_then(|path| std::fs::read_to_string(path).ok())
        {
            let shown = file.name().to_owned();
            sources.insert(shown.clone(), Arc::new(SourceFile::new(shown, text)));
        }
    }
    Ok(Compiled {
        pool: compiler.descriptor_pool(),
        sources,
    })
}

/// Picks the requested files and services out of the compiled protos.
pub(crate) fn select(
    compiled: Compiled,
    options: &ImportOptions,
) -> Result<Selection, Diagnostics> {
    let mut problems = Diagnostics::default();
    let files: Vec<FileDescriptor> = options
        .files
        .iter()
        .filter_map(|name| {
            compiled
                .pool
                .get_file_by_name(&file_name(&options.proto_paths, name))
        })
        .collect();
    let all: Vec<ServiceDescriptor> = files.iter().flat_map(|file| file.services()).collect();
    let services = if options.services.is_empty() {
        all
    } else {
        let mut chosen = Vec::new();
        for wanted in &options.services {
            match all
                .iter()
                .find(|service| service.name() == wanted || service.full_name() == wanted)
            {
                Some(service) => chosen.push(service.clone()),
                None => {
                    let known: Vec<&str> = all.iter().map(ServiceDescriptor::name).collect();
                    problems.push(
                        whole_file_problem(
                            "",
                            format!("no service `{wanted}` in the files imported"),
                        )
                        .with_help(format!("services there: {}", known.join(", "))),
                    );
                }
            }
        }
        chosen
    };
    if !problems.0.is_empty() {
        return Err(problems);
    }
    let package = files
        .first()
        .map(|file| file.package_name().to_owned())
        .unwrap_or_default();
    Ok(Selection {
        compiled,
        files,
        services,
        package,
    })
}

/// The proto file name of `name`, which may also be a path below a proto path.
fn file_name(proto_paths: &[PathBuf], name: &str) -> String {
    let path = Path::new(name);
    proto_paths
        .iter()
        .find_map(|root| path.strip_prefix(root).ok())
        .map_or_else(
            || name.to_owned(),
            |relative| relative.to_string_lossy().replace('\\', "/"),
        )
}

/// A problem about a whole file (or none), shown at its start.
fn whole_file_problem(file: &str, message: impl Into<String>) -> Diagnostic {
    let loc = Loc {
        file: Arc::new(SourceFile::new(file, "")),
        pos: Pos { line: 1, column: 1 },
    };
    Diagnostic::new(&loc, "", message)
}

/// A protox error (a parse error, an import not found, a type that does
/// not resolve) at its place in the proto file, as a spec-style diagnostic.
fn protox_problem(proto_paths: &[PathBuf], error: &protox::Error) -> Diagnostic {
    let name = error.file().unwrap_or_default().to_owned();
    let text = proto_paths
        .iter()
        .find_map(|root| std::fs::read_to_string(root.join(&name)).ok())
        .unwrap_or_default();
    let source = SourceFile::new(name, text);
    let offset = error
        .labels()
        .and_then(|mut labels| labels.next())
        .map_or(0, |label| label.offset());
    let pos = position(&source.text, offset);
    let diagnostic = Diagnostic::new(
        &Loc {
            file: Arc::new(source),
            pos,
        },
        "",
        error.to_string(),
    );
    match error.help() {
        Some(help) => diagnostic.with_help(help.to_string()),
        None => diagnostic,
    }
}

/// The line and column (from 1, in characters) of a byte offset.
pub(crate) fn position(text: &str, offset: usize) -> Pos {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    Pos {
        line: before.matches('\n').count() + 1,
        column: before[line_start..].chars().count() + 1,
    }
}
