//! One version's types as the diff sees them: the spec's own and the shared
//! ones it uses, each by full name (so that a type moving between the spec's
//! files and the shared spec is the same type), with every Rust path the
//! crate exposes it under.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Api, Enum, Message, TypeModule, TypePath};

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

/// The full name of a type of `module` by its spec name: the module's
/// package and the name, or the name alone when it is full already or the
/// module has no package.
fn full_name(module: &TypeModule, spec_name: &str) -> String {
    match &module.package {
        Some(package) => format!("{package}.{spec_name}"),
        None => spec_name.to_owned(),
    }
}
