//! The shared spec shipped with apigen: common Google packages (today
//! `google.rpc`, whose types the runtime provides) that a spec may name by
//! full name without declaring them. A package the spec declares itself wins:
//! the shipped files of that package are then left out.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::read::read_file;
use super::Spec;
use crate::diagnostic::SourceFile;

/// How shipped files are named in messages, before their path.
pub const LABEL: &str = "<apigen shared spec>/";

/// The shipped files, by path below `codegen/common/`.
const FILES: &[(&str, &str)] = &[
    (
        "google/rpc/error_details.yaml",
        include_str!("../../common/google/rpc/error_details.yaml"),
    ),
    (
        "google/rpc/status.yaml",
        include_str!("../../common/google/rpc/status.yaml"),
    ),
];

/// Adds the shipped files of every package `spec` does not declare.
pub(super) fn add_undeclared(spec: &mut Spec) {
    let declared: BTreeSet<String> = spec
        .files
        .iter()
        .filter_map(|file| spec.package_of(file).map(str::to_owned))
        .collect();
    for (path, text) in FILES {
        let source = Arc::new(SourceFile::new(format!("{LABEL}{path}"), *text));
        let mut unreadable = BTreeSet::new();
        let mut read = read_file(
            (*path).to_owned(),
            &source,
            &mut spec.problems,
            &mut unreadable,
        );
        let package = read
            .file
            .package
            .as_ref()
            .map(|package| package.value.as_str());
        let Some(package) = package.filter(|package| !declared.contains(*package)) else {
            continue;
        };
        // Named by full name only, so they never meet the spec's own names.
        let package = package.to_owned();
        let names = (read
            .file
            .messages
            .iter_mut()
            .map(|message| &mut message.name))
        .chain(
            read.file
                .enums
                .iter_mut()
                .map(|enumeration| &mut enumeration.name),
        );
        for name in names {
            name.value = format!("{package}.{}", name.value);
        }
        read.file.shared = true;
        spec.files.push(read.file);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_file_reads_cleanly_and_names_its_package() {
        let mut spec = crate::spec::load_sources(Vec::new(), "spec/");
        spec.problems = crate::diagnostic::Diagnostics::default();
        spec.files.retain(|file| !file.shared);
        add_undeclared(&mut spec);
        assert!(spec.problems.0.is_empty(), "{}", spec.problems);
        assert_eq!(spec.files.len(), FILES.len());
        assert!(spec
            .files
            .iter()
            .all(|file| file.shared && file.package.is_some()));
    }

    #[test]
    fn a_package_the_spec_declares_wins_over_the_shipped_one() {
        let own = "package: google.rpc\nmessages:\n  Status:\n    description: \"Ours.\"\n";
        let spec =
            crate::spec::load_sources(vec![("status.yaml".to_owned(), own.to_owned())], "spec/");
        assert!(spec.files.iter().all(|file| !file.shared));

        let other = "package: example.v1\nmessages:\n  Order:\n    description: \"An order.\"\n";
        let spec =
            crate::spec::load_sources(vec![("order.yaml".to_owned(), other.to_owned())], "spec/");
        let shared: Vec<&str> = (spec.files.iter())
            .filter(|file| file.shared)
            .flat_map(|file| &file.messages)
            .map(|message| message.name.value.as_str())
            .collect();
        assert!(shared.contains(&"google.rpc.Status"), "{shared:?}");
        assert!(
            shared.contains(&"google.rpc.BadRequest.FieldViolation"),
            "{shared:?}"
        );
    }
}
