//! The names each message module defines, which hide types of the same
//! name from the code inside it.

use crate::model::{TypeModule, TypePath, TypeScopes};

/// The names each message module of `modules` defines: its oneof enums,
/// its nested types and their modules.
pub fn type_scopes<'m>(modules: impl IntoIterator<Item = &'m TypeModule>) -> TypeScopes {
    let mut scopes = TypeScopes::default();
    for module in modules {
        for message in &module.messages {
            if let Some(own) = message.module_path() {
                let defined = scopes.0.entry(own).or_default();
                defined.extend(message.oneofs.iter().map(|oneof| oneof.rust_type.clone()));
            }
            define(&mut scopes, &message.path, message.module.as_deref());
        }
        for enumeration in &module.enums {
            define(&mut scopes, &enumeration.path, None);
        }
    }
    scopes
}

/// Records a type (and its module, if it has one) in the module that holds it.
fn define(scopes: &mut TypeScopes, path: &TypePath, module: Option<&str>) {
    if path.modules.is_empty() {
        return; // top-level names are never shadowed by themselves
    }
    let defined = scopes.0.entry(path.modules.clone()).or_default();
    defined.insert(path.rust_name.clone());
    defined.extend(module.map(str::to_owned));
}
