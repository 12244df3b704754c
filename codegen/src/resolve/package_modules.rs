//! The shared types a spec uses that the runtime does not provide, gathered
//! into one generated module per package.

use std::collections::BTreeMap;

use super::types::split_package;
use crate::model::{Api, TypeModule, TypePath};

/// One module per package of the shipped types `api` uses and the runtime
/// does not provide, in package order, each holding its types in the order
/// of the shipped files.
pub fn package_modules(api: &Api) -> Vec<TypeModule> {
    let used = api.shared_in_use();
    let generated =
        |path: &TypePath| path.provided.is_none() && used.contains_key(path.spec_name.as_str());
    let mut by_module: BTreeMap<&str, TypeModule> = BTreeMap::new();
    for file in &api.shared_types {
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
