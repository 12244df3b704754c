//! Which of the protos' types the spec takes from the generator's library
//! of common Google types (`apigen::spec::shared`) instead of declaring
//! them: a shipped type of a package the spec does not declare itself.
//! A package is declared (and its shipped copy left out) when the spec
//! already declares it, when the protos need a type of it that the library
//! lacks, or when the library's copy names a package the spec declares.

use std::collections::{BTreeMap, BTreeSet};

use apigen::spec::shared;

use crate::protos::Selection;
use crate::types::{needed_types, Reach};

/// What the spec declares of the protos' types, and why it declares shipped packages.
pub(crate) struct Plan {
    /// The types the spec declares: full name and package.
    pub declared: BTreeMap<String, String>,
    /// The shipped packages the spec declares itself (the rest come from the library).
    pub own_packages: BTreeSet<String>,
    /// Why a shipped package the spec did not declare before is now declared, one line each.
    pub notes: Vec<String>,
}

/// Plans which types the spec declares. `declared` holds the packages the
/// spec being updated declares already (none for a new spec); its shipped
/// ones stay declared unless `prune`, which keeps only those the protos
/// cannot take from the library. The API's package is always declared.
pub(crate) fn plan(selection: &Selection, declared: &BTreeSet<String>, prune: bool) -> Plan {
    let shipped: BTreeSet<String> = (selection.compiled.pool.files())
        .map(|file| file.package_name().to_owned())
        .filter(|package| shared::shipped_types(package).is_some())
        .collect();
    let mut own: BTreeSet<String> = match prune {
        true => BTreeSet::new(),
        false => shipped.intersection(declared).cloned().collect(),
    };
    // The API's own package is the spec's, whatever the library ships.
    own.insert(selection.package.clone());
    let mut reasons: BTreeMap<String, String> = BTreeMap::new();
    loop {
        let library = shipped.difference(&own).cloned().collect();
        let reach = needed_types(selection, &library);
        let more = missing_from_library(&reach, &library)
            .into_iter()
            .chain(left_out_for_declared(&reach, &own))
            .filter(|(package, _)| !own.contains(package))
            .collect::<BTreeMap<_, _>>();
        if more.is_empty() {
            return Plan {
                declared: reach.declared,
                own_packages: own,
                notes: (reasons.into_iter())
                    .filter(|(package, _)| !declared.contains(package))
                    .map(|(package, why)| format!("{package}: declared in the spec, {why}"))
                    .collect(),
            };
        }
        own.extend(more.keys().cloned());
        reasons.extend(more);
    }
}

/// The `library` packages with a type the spec needs that the library lacks,
/// each with why it must be declared.
fn missing_from_library(reach: &Reach, library: &BTreeSet<String>) -> BTreeMap<String, String> {
    let mut missing = BTreeMap::new();
    for (full, package) in &reach.declared {
        if library.contains(package) {
            missing.entry(package.clone()).or_insert_with(|| {
                format!("as the generator's library lacks `{full}`, which the protos need")
            });
        }
    }
    missing
}

/// The packages of the library types in use whose shipped copy names a
/// package the spec declares (and is therefore left out), each with why.
fn left_out_for_declared(reach: &Reach, own: &BTreeSet<String>) -> BTreeMap<String, String> {
    let declared: BTreeSet<String> = (own.iter().chain(reach.declared.values()))
        .cloned()
        .collect();
    let in_use: BTreeSet<&String> = reach.from_library.values().collect();
    shared::left_out_by(&declared)
        .into_iter()
        .filter(|(package, _)| !declared.contains(package) && in_use.contains(package))
        .map(|(package, root)| {
            let why =
                format!("as the library's copy names types of `{root}`, which the spec declares");
            (package, why)
        })
        .collect()
}
