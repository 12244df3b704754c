//! The shared types, gathered into one module per package: those a spec
//! uses (which its crate re-exports from the runtime) or every one (which
//! the runtime's own `types` module holds).

use std::collections::BTreeMap;

use super::types::split_package;
use crate::model::{Api, TypeModule, TypePath};

/// One module per package of the shipped types `api` uses that the runtime
/// does not hand-write, in package order.
pub fn package_modules(api: &Api) -> Vec<TypeModule> {
    let used = api.shared_in_use();
    by_package(&api.shared_types, |path| {
        used.contains_key(path.spec_name.as_str())
    })
}

/// One module per package of the shipped types of `files` that the runtime
/// does not hand-write and `include` accepts, in package order, each holding
/// its types in the order of the files.
pub fn by_package(files: &[TypeModule], include: impl Fn(&TypePath) -> bool) -> Vec<TypeModule> {
    let generated = |path: &TypePath| path.provided.is_none() && include(path);
    let mut by_module: BTreeMap<&str, TypeModule> = BTreeMap::new();
    for file in files {
        let messages = file
            .messages
            .iter()
            .filter(|message| generated(&message.path));
        for message in messages {
            package_module(&mut by_module, &message.path)
                .messages
                .push(message.clone());
        }
        let enums = file
            .enums
            .iter()
            .filter(|enumeration| generated(&enumeration.path));
        for enumeration in enums {
            package_module(&mut by_module, &enumeration.path)
                .enums
                .push(enumeration.clone());
        }
    }
    by_module.into_values().collect()
}

/// The module of the package of the type at `path`, created empty on first
/// use; its `source` is the package.
fn package_module<'b, 'm>(
    by_module: &'b mut BTreeMap<&'m str, TypeModule>,
    path: &'m TypePath,
) -> &'b mut TypeModule {
    let name = path.modules[0].as_str();
    by_module.entry(name).or_insert_with(|| TypeModule {
        module: name.to_owned(),
        rust_module: name.to_owned(),
        source: split_package(&path.spec_name)
            .map_or("", |(package, _)| package)
            .to_owned(),
        package: None,
        messages: Vec::new(),
        enums: Vec::new(),
    })
}
