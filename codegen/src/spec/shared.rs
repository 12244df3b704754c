//! The shared spec shipped with apigen: common Google packages (`google.rpc`,
//! whose types the runtime provides; `google.type`, `google.longrunning`,
//! `google.iam.v1` and `google.cloud.location`, generated into a crate that
//! names them) that a spec may name by full name without declaring them. A
//! package the spec declares itself wins: the shipped files of that package,
//! and of the shipped packages that name its types, are then left out.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, OnceLock};

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
    let declared: BTreeSet<String> = spec
        .files
        .iter()
        .filter_map(|file| spec.package_of(file).map(str::to_owned))
        .collect();
    let shipped = shipped();
    let left_out = left_out_packages(&shipped.field_types, &declared);
    spec.shared_left_out.extend(left_out.clone());
    for (package, file) in &shipped.files {
        if declared.contains(package) || left_out.contains_key(package) {
            continue;
        }
        spec.files.push(file.clone());
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

/// The shipped files that name a package, each with that package; what
/// does not read is reported in `problems` (nothing: tested below).
fn read_shipped(problems: &mut crate::diagnostic::Diagnostics) -> Vec<(String, SpecFile)> {
    let mut shipped = Vec::new();
    for (path, text) in FILES {
        let source = Arc::new(SourceFile::new(format!("{LABEL}{path}"), *text));
        let mut unreadable = BTreeSet::new();
        let read = read_file((*path).to_owned(), &source, problems, &mut unreadable);
        if let Some(package) = read.file.package.as_ref() {
            shipped.push((package.value.clone(), read.file));
        }
    }
    shipped
}

/// The type names of every field of `file`, oneof members included.
fn field_types(file: &SpecFile) -> Vec<String> {
    (file.messages.iter())
        .flat_map(|message| {
            let members = message.oneofs.iter().flat_map(|oneof| &oneof.fields);
            message.fields.iter().chain(members)
        })
        .map(|field| field.type_name.value.clone())
        .collect()
}

/// The shipped packages left out when a spec declares the packages
/// `declared`: each shipped package (given with the type names its fields
/// have, one entry per file) that names a type of a declared or left-out
/// package, with the declared package at the root of that chain.
fn left_out_packages(
    shipped: &[(String, Vec<String>)],
    declared: &BTreeSet<String>,
) -> BTreeMap<String, String> {
    let mut left_out: BTreeMap<String, String> = BTreeMap::new();
    let is_out = |package: &str, left_out: &BTreeMap<String, String>| {
        declared.contains(package) || left_out.contains_key(package)
    };
    while let Some((package, named)) = shipped
        .iter()
        .filter(|(package, _)| !is_out(package, &left_out))
        .find_map(|(package, types)| {
            let named = types.iter().find_map(|type_name| {
                (declared.iter().chain(left_out.keys())).find(|out| {
                    type_name
                        .strip_prefix(out.as_str())
                        .is_some_and(|rest| rest.starts_with('.'))
                })
            })?;
            Some((package.clone(), named.clone()))
        })
    {
        // Said of the declared package at the root of the chain.
        let root = left_out.get(&named).cloned().unwrap_or(named);
        left_out.insert(package, root);
    }
    left_out
}

/// What the shipped spec declares, read once: its files with their
/// packages, as a spec adds them (marked shared, their messages and enums
/// named by full name so they never meet the spec's own names), the full
/// names of its messages and enums (nested ones dotted,
/// `google.rpc.BadRequest.FieldViolation`) by package, and the type names
/// each shipped file's fields have.
struct Shipped {
    files: Vec<(String, SpecFile)>,
    types: BTreeMap<String, BTreeSet<String>>,
    field_types: Vec<(String, Vec<String>)>,
}

/// The shipped spec, read on first use; every spec load clones its files.
fn shipped() -> &'static Shipped {
    static SHIPPED: OnceLock<Shipped> = OnceLock::new();
    SHIPPED.get_or_init(|| {
        // The shipped files read cleanly (tested below).
        let mut files = read_shipped(&mut crate::diagnostic::Diagnostics::default());
        let field_types = (files.iter())
            .map(|(package, file)| (package.clone(), field_types(file)))
            .collect();
        let mut types: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (package, file) in &mut files {
            file.shared = true;
            let names = (file.messages.iter_mut().map(|message| &mut message.name)).chain(
                file.enums
                    .iter_mut()
                    .map(|enumeration| &mut enumeration.name),
            );
            for name in names {
                name.value = format!("{package}.{}", name.value);
                types
                    .entry(package.clone())
                    .or_default()
                    .insert(name.value.clone());
            }
        }
        Shipped {
            files,
            types,
            field_types,
        }
    })
}

/// Whether the generator ships the message or enum of this full name
/// (`google.longrunning.Operation`), which a spec may then name without declaring it.
pub fn shipped_type(full_name: &str) -> bool {
    shipped()
        .types
        .values()
        .any(|types| types.contains(full_name))
}

/// The full names of the messages and enums the generator ships in
/// `package`, or `None` when it ships no such package.
pub fn shipped_types(package: &str) -> Option<&'static BTreeSet<String>> {
    shipped().types.get(package)
}

/// The shipped packages a spec that declares the packages `declared` goes
/// without, each with the declared package that is why: the declared ones
/// it ships (themselves), and those that name a type of a package left out
/// (whose own types the spec's would have to replace).
pub fn left_out_by(declared: &BTreeSet<String>) -> BTreeMap<String, String> {
    let mut out = left_out_packages(&shipped().field_types, declared);
    out.extend(
        (declared.iter())
            .filter(|package| shipped_types(package).is_some())
            .map(|package| (package.clone(), package.clone())),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_file_reads_cleanly_and_names_its_package() {
        let mut problems = crate::diagnostic::Diagnostics::default();
        let read = read_shipped(&mut problems);
        assert!(problems.0.is_empty(), "{problems}");
        assert_eq!(read.len(), FILES.len());

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

    #[test]
    fn the_shipped_types_are_known_by_full_name_and_leaving_one_out_leaves_out_who_names_it() {
        assert!(shipped_type("google.longrunning.Operation"));
        assert!(shipped_type("google.rpc.BadRequest.FieldViolation"));
        assert!(shipped_type("google.rpc.Code"));
        assert!(!shipped_type("google.type.TimeOfDay"));
        assert!(!shipped_type("Operation"));
        let iam = shipped_types("google.iam.v1").expect("google.iam.v1 is shipped");
        assert!(iam.contains("google.iam.v1.Policy"), "{iam:?}");
        assert_eq!(shipped_types("example.v1"), None);

        let declared = |packages: &[&str]| packages.iter().map(|p| (*p).to_owned()).collect();
        assert!(left_out_by(&declared(&["example.v1"])).is_empty());
        // The shipped IAM policy's condition is a `google.type.Expr`.
        let out = left_out_by(&declared(&["example.v1", "google.type"]));
        assert_eq!(
            out.get("google.type").map(String::as_str),
            Some("google.type")
        );
        assert_eq!(
            out.get("google.iam.v1").map(String::as_str),
            Some("google.type")
        );
        assert!(!out.contains_key("google.longrunning"), "{out:?}");
    }
}
