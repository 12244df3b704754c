//! The shared spec shipped with apigen: common Google packages (`google.rpc`,
//! whose types the runtime provides; `google.type`, `google.longrunning`,
//! `google.iam.v1` and `google.cloud.location`, generated into a crate that
//! names them) that a spec may name by full name without declaring them. A
//! package the spec declares itself wins: the shipped files of that package,
//! and of the shipped packages that name its types, are then left out.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::read::read_file;
use super::{Spec, SpecFile};
use crate::diagnostic::SourceFile;

/// How shipped files are named in messages, before their path.
pub const LABEL: &str = "<apigen shared spec>/";

/// The shipped files, by path below `codegen/common/`.
const FILES: &[(&str, &str)] = &[
    (
        "google/cloud/location/locations.yaml",
        include_str!("../../common/google/cloud/location/locations.yaml"),
    ),
    (
        "google/iam/v1/iam_policy.yaml",
        include_str!("../../common/google/iam/v1/iam_policy.yaml"),
    ),
    (
        "google/iam/v1/policy.yaml",
        include_str!("../../common/google/iam/v1/policy.yaml"),
    ),
    (
        "google/longrunning/operations.yaml",
        include_str!("../../common/google/longrunning/operations.yaml"),
    ),
    (
        "google/rpc/error_details.yaml",
        include_str!("../../common/google/rpc/error_details.yaml"),
    ),
    (
        "google/rpc/status.yaml",
        include_str!("../../common/google/rpc/status.yaml"),
    ),
    (
        "google/type/types.yaml",
        include_str!("../../common/google/type/types.yaml"),
    ),
];

/// Adds the shipped files of every package `spec` does not declare, and
/// that names no type of a package it declares (whose own types win).
pub(super) fn add_undeclared(spec: &mut Spec) {
    let mut left_out: BTreeSet<String> = spec
        .files
        .iter()
        .filter_map(|file| spec.package_of(file).map(str::to_owned))
        .collect();
    let mut shipped = Vec::new();
    for (path, text) in FILES {
        let source = Arc::new(SourceFile::new(format!("{LABEL}{path}"), *text));
        let mut unreadable = BTreeSet::new();
        let read = read_file(
            (*path).to_owned(),
            &source,
            &mut spec.problems,
            &mut unreadable,
        );
        if let Some(package) = read.file.package.as_ref() {
            shipped.push((package.value.clone(), read.file));
        }
    }
    // Leaving a package out leaves out the shipped packages that name it.
    while let Some((package, named)) = shipped
        .iter()
        .filter(|(package, _)| !left_out.contains(package))
        .find_map(|(package, file)| Some((package.clone(), named_package(file, &left_out)?)))
    {
        // Said of the declared package at the root of the chain.
        let declared = spec.shared_left_out.get(&named).cloned().unwrap_or(named);
        left_out.insert(package.clone());
        spec.shared_left_out.insert(package, declared);
    }
    for (package, mut file) in shipped {
        if left_out.contains(&package) {
            continue;
        }
        // Named by full name only, so they never meet the spec's own names.
        let names = (file.messages.iter_mut().map(|message| &mut message.name)).chain(
            file.enums
                .iter_mut()
                .map(|enumeration| &mut enumeration.name),
        );
        for name in names {
            name.value = format!("{package}.{}", name.value);
        }
        file.shared = true;
        spec.files.push(file);
    }
}

/// The shipped spec on its own: every shipped file, in a spec without an
/// `api:` section (what the runtime's `types` module is generated from).
pub fn shipped_spec() -> Spec {
    let mut spec = Spec {
        api: None,
        files: Vec::new(),
        problems: Default::default(),
        complete: true,
        unreadable: BTreeSet::new(),
        shared_left_out: Default::default(),
    };
    add_undeclared(&mut spec);
    spec
}

/// The first of `packages` whose type a field of `file` has, if any.
fn named_package(file: &SpecFile, packages: &BTreeSet<String>) -> Option<String> {
    let fields = (file.messages.iter()).flat_map(|message| {
        let members = message.oneofs.iter().flat_map(|oneof| &oneof.fields);
        message.fields.iter().chain(members)
    });
    fields.into_iter().find_map(|field| {
        let type_name = field.type_name.value.as_str();
        packages
            .iter()
            .find(|package| {
                type_name
                    .strip_prefix(package.as_str())
                    .is_some_and(|rest| rest.starts_with('.'))
            })
            .cloned()
    })
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
        let shipped_rpc = (spec.files.iter())
            .filter(|file| file.shared)
            .filter(|file| spec.package_of(file) == Some("google.rpc"));
        assert_eq!(shipped_rpc.count(), 0);

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
