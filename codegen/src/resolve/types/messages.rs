//! Lowering a message: its fields and oneofs, with the Rust names of their
//! fields, setters, accessors and variants claimed so that none collide.

use std::collections::HashMap;

use super::fields::proto_name;
use super::name_forms::{check_json_name, check_proto_names, check_rust_name};
use super::{oneof_type_name, TypeIndex};
use crate::diagnostic::{Diagnostics, Reported};
use crate::model;
use crate::names::{self, reserved};
use crate::resolve::rust_names::Namespace;
use crate::spec::{self, Text};

/// How to free a setter's name (`set_` and the field's Rust name).
const SETTER_FIX: &str =
    "rename one of them, or give the field a `rust_name`: its setter is `set_` and its Rust name";

/// How to free a oneof member's accessor (its Rust name in snake_case).
const ACCESSOR_FIX: &str =
    "give the oneof member a `rust_name`: its accessor is that name in snake_case";

impl<'s> TypeIndex<'s> {
    /// Lowers a message, reporting bad fields and name collisions.
    pub fn resolve_message(
        &self,
        message: &'s spec::Message,
        diagnostics: &mut Diagnostics,
    ) -> model::Message {
        let mut json: HashMap<&str, &Text> = HashMap::new();
        let mut rust_fields = Namespace::new("Rust field", &[reserved::MESSAGE_FIELDS]);
        // Setters and oneof accessors; a field whose Rust name is refused
        // has its error already, and no setter to report again.
        let mut methods = Namespace::new("method", &[reserved::MESSAGE_METHODS]);
        let mut fields = Vec::new();
        for field in &message.fields {
            json.insert(&field.name.value, &field.name);
            if let Ok(resolved) = self.resolve_field(field, &mut rust_fields, diagnostics) {
                methods.claim(&resolved.setter, &field.name, SETTER_FIX, diagnostics);
                fields.push(resolved);
            }
        }
        let oneofs = message
            .oneofs
            .iter()
            .filter_map(|oneof| {
                self.resolve_oneof(
                    oneof,
                    &mut json,
                    &mut rust_fields,
                    &mut methods,
                    diagnostics,
                )
            })
            .collect();
        check_proto_names(message, diagnostics);
        let path = self.declared_path(&message.name);
        model::Message {
            module: self
                .message_modules
                .get(message.name.value.as_str())
                .cloned(),
            path,
            description: message.description.value.clone(),
            deprecated: message.deprecated,
            resource_patterns: message
                .resource_patterns
                .iter()
                .map(|pattern| pattern.value.clone())
                .collect(),
            fields,
            oneofs,
        }
    }

    /// Lowers a oneof: claims its Rust field and setter, then lowers each
    /// member. `None` when its name is not allowed (reported).
    fn resolve_oneof(
        &self,
        oneof: &'s spec::Oneof,
        json: &mut HashMap<&'s str, &'s Text>,
        rust_fields: &mut Namespace,
        methods: &mut Namespace,
        diagnostics: &mut Diagnostics,
    ) -> Option<model::Oneof> {
        check_json_name(&oneof.name, "oneof", diagnostics).ok()?;
        let rust_field = names::snake(&oneof.name.value);
        let setter = format!("set_{rust_field}");
        if rust_fields.claim(
            &rust_field,
            &oneof.name,
            "rename the oneof: its Rust field is the snake_case form of its name",
            diagnostics,
        ) {
            methods.claim(&setter, &oneof.name, SETTER_FIX, diagnostics);
        }
        let mut rust_variants = Namespace::new("variant", &[]);
        let variants = oneof
            .fields
            .iter()
            .filter_map(|member| {
                self.resolve_variant(member, json, &mut rust_variants, methods, diagnostics)
            })
            .collect();
        Some(model::Oneof {
            name: oneof.name.value.clone(),
            setter,
            rust_field,
            rust_type: oneof_type_name(oneof),
            description: oneof.description.value.clone(),
            variants,
        })
    }

    /// Lowers a oneof member into its variant, claiming the variant, its
    /// setter and its accessor. `None` when the member is refused (reported).
    fn resolve_variant(
        &self,
        member: &'s spec::Field,
        json: &mut HashMap<&'s str, &'s Text>,
        rust_variants: &mut Namespace,
        methods: &mut Namespace,
        diagnostics: &mut Diagnostics,
    ) -> Option<model::Variant> {
        check_member(member, json, diagnostics).ok()?;
        json.insert(&member.name.value, &member.name);
        check_json_name(&member.name, "field", diagnostics).ok()?;
        let ty = self.resolve_type(&member.type_name, diagnostics).ok()?;
        let (rust_name, source) = match &member.rust_name {
            Some(given) => {
                check_rust_name(given, diagnostics).ok()?;
                (names::upper_camel(&given.value), given)
            }
            None => (names::upper_camel(&member.name.value), &member.name),
        };
        let variant_ok = rust_variants.claim(
            &rust_name,
            source,
            &format!(
                "give the member a `rust_name`, e.g. `rust_name: {}` (its variant is that name in UpperCamelCase)",
                names::snake(&if rust_variants.contains(&rust_name) {
                    format!("{rust_name}2")
                } else {
                    names::usable_name(&rust_name, true)
                })
            ),
            diagnostics,
        );
        // The accessor and setter follow the variant, so a `rust_name` renames all three.
        let accessor = names::snake(&rust_name);
        let setter = format!("set_{accessor}");
        if variant_ok {
            methods.claim(&setter, source, SETTER_FIX, diagnostics);
            methods.claim(&accessor, source, ACCESSOR_FIX, diagnostics);
        }
        Some(model::Variant {
            json_name: member.name.value.clone(),
            number: member.number,
            proto_name: proto_name(member, diagnostics),
            setter,
            accessor,
            rust_name,
            ty,
            boxed: false,
            description: member.description.value.clone(),
            deprecated: member.deprecated,
        })
    }
}

/// Reports a oneof member that is repeated or a map, or whose JSON name a
/// field of the message (or an earlier member) already has.
fn check_member(
    member: &spec::Field,
    json: &HashMap<&str, &Text>,
    diagnostics: &mut Diagnostics,
) -> Result<(), Reported> {
    if member.repeated || member.map_key.is_some() {
        return Err(diagnostics.report(
            member
                .at
                .error("a oneof member cannot be repeated or a map")
                .with_help("move it out of the oneof, or make it a single value"),
        ));
    }
    if let Some(first) = json.get(member.name.value.as_str()) {
        return Err(diagnostics.report(
            member
                .name
                .at
                .error(format!(
                    "oneof member `{}` is also a field of this message",
                    member.name.value
                ))
                .with_note(&first.at.loc, "the field")
                .with_help("remove one of them: in JSON both are keys of the message"),
        ));
    }
    Ok(())
}
