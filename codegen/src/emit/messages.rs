//! Message structs and their oneof enums.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc;
use super::enums::enum_items;
use super::rust_types::{field_type, skip_predicate, value_type, with_module};
use crate::model::{Field, Message, Oneof, Shape, TypeModule};
use crate::names::{ident, serde_camel};

/// Every message and enum of one spec file.
pub fn type_module(module: &TypeModule) -> TokenStream {
    let messages = module.messages.iter().map(message_items);
    let enums = module.enums.iter().map(enum_items);
    quote! {
        #[allow(unused_imports)]
        use super::*;

        #(#messages)*
        #(#enums)*
    }
}

fn message_items(message: &Message) -> TokenStream {
    let name = ident(&message.name);
    let mut notes = Vec::new();
    if !message.resource_patterns.is_empty() {
        let patterns: Vec<String> = message
            .resource_patterns
            .iter()
            .map(|pattern| format!("`{pattern}`"))
            .collect();
        notes.push(format!("Resource name: {}.", patterns.join(" or ")));
    }
    if message.deprecated {
        notes.push("Deprecated by the API.".to_owned());
    }
    let docs = doc(&message.description, &notes);
    let fields = message.fields.iter().map(field_tokens);
    let oneof_fields = message.oneofs.iter().map(|oneof| {
        let field = ident(&oneof.rust_field);
        let ty = ident(&oneof.rust_type);
        let docs = doc(
            &oneof.description,
            &["At most one of these is set; in JSON each is a field of this message.".to_owned()],
        );
        quote! {
            #docs
            #[serde(flatten)]
            pub #field: Option<#ty>,
        }
    });
    let oneof_enums = message.oneofs.iter().map(oneof_enum);
    quote! {
        #docs
        #[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(default, rename_all = "camelCase")]
        pub struct #name {
            #(#fields)*
            #(#oneof_fields)*
            /// JSON fields this version of the client does not know; kept so they survive a round trip.
            #[serde(flatten)]
            pub unknown_fields: apigen_runtime::UnknownFields,
        }

        #(#oneof_enums)*
    }
}

fn field_tokens(field: &Field) -> TokenStream {
    let name = ident(&field.rust_name);
    let ty = field_type(&field.ty, &field.shape, field.boxed);
    let mut notes = Vec::new();
    if !field.behaviors.is_empty() {
        let behaviors: Vec<String> = field
            .behaviors
            .iter()
            .map(|behavior| behavior.replace('_', " "))
            .collect();
        notes.push(format!("Field behavior: {}.", behaviors.join(", ")));
    }
    if field.deprecated {
        notes.push("Deprecated by the API.".to_owned());
    }
    let docs = doc(&field.description, &notes);
    let mut serde_args = Vec::new();
    if serde_camel(&field.rust_name) != field.json_name {
        let json = &field.json_name;
        serde_args.push(quote!(rename = #json));
    }
    if let Some(module) = with_module(&field.ty, &field.shape) {
        serde_args.push(quote!(with = #module));
    }
    let skip = skip_predicate(&field.shape);
    serde_args.push(quote!(skip_serializing_if = #skip));
    quote! {
        #docs
        #[serde(#(#serde_args),*)]
        pub #name: #ty,
    }
}

fn oneof_enum(oneof: &Oneof) -> TokenStream {
    let name = ident(&oneof.rust_type);
    let docs = doc(&oneof.description, &[]);
    let variants = oneof.variants.iter().map(|variant| {
        let variant_name = ident(&variant.rust_name);
        let ty = value_type(&variant.ty, variant.boxed);
        let notes = if variant.deprecated {
            vec!["Deprecated by the API.".to_owned()]
        } else {
            Vec::new()
        };
        let docs = doc(&variant.description, &notes);
        let mut serde_args = Vec::new();
        if lower_first(&variant.rust_name) != variant.json_name {
            let json = &variant.json_name;
            serde_args.push(quote!(rename = #json));
        }
        if let Some(module) = with_module(&variant.ty, &Shape::Single { presence: false }) {
            serde_args.push(quote!(with = #module));
        }
        let attrs = (!serde_args.is_empty()).then(|| quote!(#[serde(#(#serde_args),*)]));
        quote! {
            #docs
            #attrs
            #variant_name(#ty),
        }
    });
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "camelCase")]
        pub enum #name {
            #(#variants)*
        }
    }
}

/// serde's `rename_all = "camelCase"` for a variant: the first letter lowercased.
fn lower_first(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|first| first.to_ascii_lowercase().to_string() + chars.as_str())
        .unwrap_or_default()
}
