//! Decides which fields need a `Box`: a message that contains itself through
//! a chain of single (non-list, non-map) fields would have infinite size.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Shape, TypeModule, TypeRef};

/// Marks every single-valued field (and oneof member) whose type can reach back to its own message.
pub fn box_recursive_fields(modules: &mut [TypeModule]) {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for message in modules.iter().flat_map(|module| &module.messages) {
        let targets = edges.entry(message.name.clone()).or_default();
        for field in &message.fields {
            if let (Shape::Single { .. }, TypeRef::Message(target)) = (&field.shape, &field.ty) {
                targets.insert(target.clone());
            }
        }
        for variant in message.oneofs.iter().flat_map(|oneof| &oneof.variants) {
            if let TypeRef::Message(target) = &variant.ty {
                targets.insert(target.clone());
            }
        }
    }
    let reaches = |from: &str, to: &str| -> bool {
        let mut stack = vec![from.to_owned()];
        let mut seen = BTreeSet::new();
        while let Some(next) = stack.pop() {
            if next == to {
                return true;
            }
            if seen.insert(next.clone()) {
                stack.extend(edges.get(&next).into_iter().flatten().cloned());
            }
        }
        false
    };
    for message in modules.iter_mut().flat_map(|module| &mut module.messages) {
        let owner = message.name.clone();
        for field in &mut message.fields {
            if let (Shape::Single { .. }, TypeRef::Message(target)) = (&field.shape, &field.ty) {
                field.boxed = reaches(target, &owner);
            }
        }
        for variant in message
            .oneofs
            .iter_mut()
            .flat_map(|oneof| &mut oneof.variants)
        {
            if let TypeRef::Message(target) = &variant.ty {
                variant.boxed = reaches(target, &owner);
            }
        }
    }
}
