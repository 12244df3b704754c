//! One version's types as the diff sees them: the spec's own and the shared
//! ones it uses, each by full name (so that a type moving between the spec's
//! files and the shared spec is the same type), with every Rust path the
//! crate exposes it under.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Api, Enum, Message, TypeModule, TypePath};
use crate::resolve::split_package;

/// A message or an enum.
#[derive(Clone, Copy)]
pub(super) enum Declared<'a> {
    Message(&'a Message),
    Enum(&'a Enum),
}

impl<'a> Declared<'a> {
    /// Its names.
    pub(super) fn path(self) -> &'a TypePath {
        match self {
            Declared::Message(message) => &message.path,
            Declared::Enum(enumeration) => &enumeration.path,
        }
    }

    /// Its name within its package (`LatLng` for `google.type.LatLng`).
    fn local_name(self) -> &'a str {
        let spec_name = self.path().spec_name.as_str();
        split_package(spec_name).map_or(spec_name, |(_, local)| local)
    }

    /// What it is, as a report's element.
    pub(super) fn element(self) -> &'static str {
        match self {
            Declared::Message(_) => "message",
            Declared::Enum(_) => "enum",
        }
    }
}

/// The types of one version of an API.
pub(super) struct Catalog<'a> {
    /// Each type by full name.
    types: BTreeMap<String, Declared<'a>>,
    /// The full name of each type by spec name.
    full_names: BTreeMap<&'a str, String>,
    /// The names `types` re-exports shared types under, with what each names.
    reexports: BTreeMap<&'a str, String>,
}

impl<'a> Catalog<'a> {
    /// The spec's own types and the shared ones it uses.
    pub(super) fn of(api: &'a Api) -> Self {
        let in_use = api.shared_in_use();
        let shared = (api.shared_types.iter()).map(|module| (module, Some(&in_use)));
        let own = api.type_modules.iter().map(|module| (module, None));
        let mut catalog = Catalog {
            types: BTreeMap::new(),
            full_names: BTreeMap::new(),
            reexports: api.shared_reexports(),
        };
        for (module, wanted) in own.chain(shared) {
            let messages = module.messages.iter().map(Declared::Message);
            let declared = messages.chain(module.enums.iter().map(Declared::Enum));
            for declared in declared {
                let spec_name = declared.path().spec_name.as_str();
                if wanted.is_some_and(|in_use| !in_use.contains_key(spec_name)) {
                    continue;
                }
                let full_name = full_name(module, spec_name);
                catalog.full_names.insert(spec_name, full_name.clone());
                catalog.types.insert(full_name, declared);
            }
        }
        catalog
    }

    /// Every type, by full name.
    pub(super) fn types(&self) -> &BTreeMap<String, Declared<'a>> {
        &self.types
    }

    /// The full name of the type at `path` (its spec name for a type the
    /// catalog does not hold).
    pub(super) fn full_name<'p>(&'p self, path: &'p TypePath) -> &'p str {
        self.full_names
            .get(path.spec_name.as_str())
            .map_or(&path.spec_name, String::as_str)
    }

    /// The type at `path`, if the catalog holds it.
    pub(super) fn get(&self, path: &TypePath) -> Option<&Declared<'a>> {
        self.types.get(self.full_name(path))
    }

    /// Every path code can name the type at `path` by: its own
    /// (`types::google_longrunning::Operation`, or a provided type's
    /// `apigen_runtime::Status`) and those through the re-exports of
    /// `types` (`types::Operation`).
    pub(super) fn rust_paths(&self, path: &TypePath) -> BTreeSet<String> {
        let from_types = path.provided.clone().unwrap_or_else(|| path.rust_path());
        self.exposed(&from_types, path.full_path("types"))
    }

    /// Every path code can name the module of `message` by (the one of its
    /// oneof enums and nested types), as [`Catalog::rust_paths`]; none when
    /// it has no module.
    pub(super) fn module_paths(&self, message: &Message) -> BTreeSet<String> {
        let Some(module) = message.module_path() else {
            return BTreeSet::new();
        };
        let from_types = module.join("::");
        self.exposed(&from_types, format!("types::{from_types}"))
    }

    /// `own`, and a path through each re-export of `types` that names the
    /// item at `from_types` (its path from `types`, or a provided type's own
    /// path) or a module it is in.
    fn exposed(&self, from_types: &str, own: String) -> BTreeSet<String> {
        let reexported = self.reexports.iter().filter_map(|(name, target)| {
            let rest = from_types.strip_prefix(target.as_str())?;
            (rest.is_empty() || rest.starts_with("::")).then(|| format!("types::{name}{rest}"))
        });
        reexported.chain([own]).collect()
    }
}

/// Both versions' types, and those that moved to another package between them.
pub(super) struct Versions<'a> {
    /// The old version's types.
    pub old: Catalog<'a>,
    /// The new version's types.
    pub new: Catalog<'a>,
    /// The new full name of each type that moved to another package, by its old one.
    moves: BTreeMap<String, String>,
}

impl<'a> Versions<'a> {
    /// The types of `old` and `new`.
    pub(super) fn of(old: &'a Api, new: &'a Api) -> Self {
        let (old, new) = (Catalog::of(old), Catalog::of(new));
        let moves = package_moves(&old, &new);
        Versions { old, new, moves }
    }

    /// The full name in the new version of the old version's type `full_name`,
    /// when it moved to another package.
    pub(super) fn moved_to(&self, full_name: &str) -> Option<&str> {
        self.moves.get(full_name).map(String::as_str)
    }

    /// Whether the new version's type `full_name` is an old one that moved
    /// to another package.
    pub(super) fn moved_here(&self, full_name: &str) -> bool {
        self.moves.values().any(|to| to == full_name)
    }

    /// The full name the new version knows the old version's type at
    /// `path` by: where it moved, or its own.
    pub(super) fn old_name<'s>(&'s self, path: &'s TypePath) -> &'s str {
        let own = self.old.full_name(path);
        self.moved_to(own).unwrap_or(own)
    }

    /// Whether two messages (`None` for `google.protobuf.Empty`), the first
    /// of the old version and the second of the new, are the same type.
    pub(super) fn same_type(&self, old: Option<&TypePath>, new: Option<&TypePath>) -> bool {
        match (old, new) {
            (Some(old), Some(new)) => self.old_name(old) == self.new.full_name(new),
            (old, new) => old.is_none() && new.is_none(),
        }
    }
}

/// The full name in `new` of each type of `old` that only `old` has by
/// full name, when `new` has one type of the same name within its package
/// that `old` does not, and `old` one.
fn package_moves<'c>(old: &'c Catalog, new: &'c Catalog) -> BTreeMap<String, String> {
    let only_in = |one: &'c Catalog, other: &Catalog| {
        let mut by_local: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (full_name, declared) in &one.types {
            if !other.types.contains_key(full_name) {
                let names = by_local.entry(declared.local_name()).or_default();
                names.push(full_name.as_str());
            }
        }
        by_local
    };
    let (gone, came) = (only_in(old, new), only_in(new, old));
    gone.iter()
        .filter_map(
            |(local, gone)| match (gone.as_slice(), came.get(local)?.as_slice()) {
                ([from], [to]) => Some(((*from).to_owned(), (*to).to_owned())),
                _ => None,
            },
        )
        .collect()
}

/// The full name of a type of `module` by its spec name: the module's
/// package and the name, or the name alone when it is full already or the
/// module has no package.
fn full_name(module: &TypeModule, spec_name: &str) -> String {
    match &module.package {
        Some(package) => format!("{package}.{spec_name}"),
        None => spec_name.to_owned(),
    }
}
