//! Message structs, their oneof enums and nested types (in a module named
//! after the message), and the codec impl of each message: one match arm
//! per field to read it, one line per field to write it.

use std::collections::HashMap;

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::builders::builder_impl;
use super::docs::doc;
use super::enums::enum_items;
use super::rust_types::{field_kind, field_type, oneof_type, value_kind, value_type, Scope};
use crate::model::{Behavior, Enum, Field, Message, Oneof, TypeModule, TypeScopes, Variant};
use crate::names::{ident, reserved};

/// The messages and enums of one spec file, grouped by the module that
/// holds them (empty for the file's top level).
struct Members<'m> {
    by_module: HashMap<&'m [String], (Vec<&'m Message>, Vec<&'m Enum>)>,
    names: &'m TypeScopes,
}

impl<'m> Members<'m> {
    /// The items of the module with this path, in spec order.
    fn items(&self, module: &[String]) -> TokenStream {
        let Some((messages, enums)) = self.by_module.get(module) else {
            return TokenStream::new();
        };
        let scope = Scope::Types {
            module,
            names: self.names,
        };
        let messages = messages
            .iter()
            .map(|message| message_items(message, scope, self));
        let enums = enums.iter().map(|enumeration| enum_items(enumeration));
        quote! {
            #(#messages)*
            #(#enums)*
        }
    }
}

/// Every message and enum of one spec file.
pub fn type_module(module: &TypeModule, names: &TypeScopes) -> TokenStream {
    module_items(module, names, &[])
}

/// Every message and enum of a shared package generated into the crate, in
/// the public module named after the package.
pub fn package_module(module: &TypeModule, names: &TypeScopes) -> TokenStream {
    module_items(module, names, std::slice::from_ref(&module.module))
}

/// The items of `module`, whose top-level types are at `top` from `types`.
fn module_items(module: &TypeModule, names: &TypeScopes, top: &[String]) -> TokenStream {
    let mut by_module: HashMap<&[String], (Vec<&Message>, Vec<&Enum>)> = HashMap::new();
    for message in &module.messages {
        by_module
            .entry(&message.path.modules)
            .or_default()
            .0
            .push(message);
    }
    for enumeration in &module.enums {
        by_module
            .entry(&enumeration.path.modules)
            .or_default()
            .1
            .push(enumeration);
    }
    let members = Members { by_module, names };
    let items = members.items(top);
    // Deprecated items are still read and written here; users get the warning.
    let allow_deprecated = has_deprecated(module).then(|| quote!(#![allow(deprecated)]));
    quote! {
        #allow_deprecated

        #[allow(unused_imports)]
        use super::*;
        use apigen_runtime::json;

        #items
    }
}

fn has_deprecated(module: &TypeModule) -> bool {
    let message_parts = module.messages.iter().any(|message| {
        message.deprecated
            || message.fields.iter().any(|field| field.deprecated)
            || message
                .oneofs
                .iter()
                .flat_map(|oneof| &oneof.variants)
                .any(|variant| variant.deprecated)
    });
    let enum_values = module
        .enums
        .iter()
        .flat_map(|enumeration| &enumeration.values)
        .any(|value| value.deprecated);
    message_parts || enum_values
}

fn message_items(message: &Message, scope: Scope<'_>, members: &Members<'_>) -> TokenStream {
    let name = ident(&message.path.rust_name);
    let mut notes = Vec::new();
    if !message.resource_patterns.is_empty() {
        let patterns: Vec<String> = message
            .resource_patterns
            .iter()
            .map(|pattern| format!("`{pattern}`"))
            .collect();
        notes.push(format!("Resource name: {}.", patterns.join(" or ")));
    }
    let docs = doc(&message.description, &notes);
    let deprecated = message.deprecated.then(|| quote!(#[deprecated]));
    let fields = message
        .fields
        .iter()
        .map(|field| field_tokens(field, scope));
    let oneof_fields = message.oneofs.iter().map(|oneof| {
        let field = ident(&oneof.rust_field);
        let ty = oneof_type(message, oneof);
        let docs = doc(
            &oneof.description,
            &[
                "At most one member is set; in JSON each member is a field of this message."
                    .to_owned(),
            ],
        );
        quote! {
            #docs
            pub #field: Option<#ty>,
        }
    });
    let builder = builder_impl(message, scope);
    let debug = debug_impl(message);
    let codec = message_codec(message, scope);
    let module = message_module(message, members);
    let unknown = ident(reserved::UNKNOWN_FIELDS.0);
    quote! {
        #docs
        #deprecated
        #[derive(Clone, Default, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #(#oneof_fields)*
            /// JSON fields this version of the client does not know; kept so they survive a round trip.
            pub #unknown: apigen_runtime::UnknownFields,
        }

        #builder

        #debug

        #codec

        apigen_runtime::impl_serde!(message #name);

        #module
    }
}

/// `Debug` that leaves out `unknown_fields` while it is empty; one line per
/// field, so a new field adds one line.
fn debug_impl(message: &Message) -> TokenStream {
    let name = ident(&message.path.rust_name);
    let type_name = &message.path.rust_name;
    let fields = message
        .fields
        .iter()
        .map(|field| &field.rust_name)
        .chain(message.oneofs.iter().map(|oneof| &oneof.rust_field))
        .map(|label| {
            let field = ident(label);
            quote!(out.field(#label, &self.#field);)
        })
        .collect::<Vec<_>>();
    let binding = if fields.is_empty() {
        quote!(out)
    } else {
        quote!(mut out)
    };
    let unknown = ident(reserved::UNKNOWN_FIELDS.0);
    quote! {
        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                let #binding = f.debug_struct(#type_name);
                #(#fields)*
                json::debug_unknown(out, &self.#unknown)
            }
        }
    }
}

fn field_tokens(field: &Field, scope: Scope<'_>) -> TokenStream {
    let name = ident(&field.rust_name);
    let ty = field_type(&field.ty, &field.shape, field.boxed, scope);
    let notes: Vec<String> = field
        .behaviors
        .iter()
        .filter_map(|behavior| behavior_note(*behavior))
        .map(str::to_owned)
        .collect();
    let docs = doc(&field.description, &[notes.join(" ")]);
    let deprecated = field.deprecated.then(|| quote!(#[deprecated]));
    quote! {
        #docs
        #deprecated
        pub #name: #ty,
    }
}

/// What a field behaviour means for someone filling in a request; nothing
/// for `optional`, which every field without `required` is.
fn behavior_note(behavior: Behavior) -> Option<&'static str> {
    Some(match behavior {
        Behavior::Required => "Required.",
        Behavior::OutputOnly => "Output only: set by the server, ignored in requests.",
        Behavior::InputOnly => "Input only: sent in requests, never returned.",
        Behavior::Immutable => "Immutable: cannot be changed once set.",
        Behavior::Identifier => "Identifier: the resource name of this object.",
        Behavior::UnorderedList => "The order of the items carries no meaning.",
        Behavior::NonEmptyDefault => "The server fills in a default when it is left empty.",
        Behavior::Optional => return None,
    })
}

/// `impl json::Message`: how the message reads and writes its fields.
fn message_codec(message: &Message, scope: Scope<'_>) -> TokenStream {
    let name = ident(&message.path.rust_name);
    let proto_names = message
        .fields
        .iter()
        .map(|field| (&field.proto_name, &field.json_name))
        .chain(message.oneofs.iter().flat_map(|oneof| {
            oneof
                .variants
                .iter()
                .map(|variant| (&variant.proto_name, &variant.json_name))
        }))
        .filter(|(proto, json)| proto != json)
        .map(|(proto, json)| quote!((#proto, #json)));
    let decode = decode_field(message, scope);
    let encode_lines: Vec<TokenStream> = message
        .fields
        .iter()
        .map(|field| {
            let (json, rust, kind) = field_codec(field, scope);
            quote!(out.field::<#kind>(#json, &self.#rust);)
        })
        .chain(
            message
                .oneofs
                .iter()
                .map(|oneof| oneof_encode(message, oneof, scope)),
        )
        .collect();
    let out = if encode_lines.is_empty() {
        quote!(_)
    } else {
        quote!(out)
    };
    let unknown = ident(reserved::UNKNOWN_FIELDS.0);
    quote! {
        impl json::Message for #name {
            const PROTO_NAMES: &'static [(&'static str, &'static str)] = &[#(#proto_names),*];

            #decode

            fn encode_fields<W: json::FieldWriter>(&self, #out: &mut W) {
                #(#encode_lines)*
            }

            fn unknown_fields(&self) -> Option<&apigen_runtime::UnknownFields> {
                Some(&self.#unknown)
            }

            fn unknown_fields_mut(&mut self) -> Option<&mut apigen_runtime::UnknownFields> {
                Some(&mut self.#unknown)
            }
        }
    }
}

/// `decode_field`: one arm per field and oneof member; other names are left to the caller.
fn decode_field(message: &Message, scope: Scope<'_>) -> TokenStream {
    let decode_arms: Vec<TokenStream> = message
        .fields
        .iter()
        .map(|field| {
            let (json, rust, kind) = field_codec(field, scope);
            quote!(#json => json::field::<#kind>(&mut self.#rust, value, mode)?,)
        })
        .chain(
            message
                .oneofs
                .iter()
                .flat_map(|oneof| oneof_decode_arms(message, oneof, scope)),
        )
        .collect();
    // A message with no fields of its own leaves every name to the caller.
    let (name, mode, body) = if decode_arms.is_empty() {
        (quote!(_), quote!(_), quote!(Ok(Some(value))))
    } else {
        let body = quote! {
            match name {
                #(#decode_arms)*
                _ => return Ok(Some(value)),
            }
            Ok(None)
        };
        (quote!(name), quote!(mode), body)
    };
    quote! {
        fn decode_field<'a>(
            &mut self,
            #name: &str,
            value: json::Node<'a>,
            #mode: json::Mode,
        ) -> Result<Option<json::Node<'a>>, json::DecodeError> {
            #body
        }
    }
}

/// What the codec needs of a field: its JSON name, its Rust field and its codec kind.
fn field_codec<'f>(field: &'f Field, scope: Scope<'_>) -> (&'f str, Ident, TokenStream) {
    let kind = field_kind(&field.ty, &field.shape, field.boxed, scope);
    (&field.json_name, ident(&field.rust_name), kind)
}

/// What the codec needs of a oneof member: its JSON name, its variant and its codec kind.
fn variant_codec<'v>(variant: &'v Variant, scope: Scope<'_>) -> (&'v str, Ident, TokenStream) {
    let kind = value_kind(&variant.ty, variant.boxed, scope);
    (&variant.json_name, ident(&variant.rust_name), kind)
}

/// One decode arm per member: each sets the oneof, refusing a second member.
fn oneof_decode_arms(message: &Message, oneof: &Oneof, scope: Scope<'_>) -> Vec<TokenStream> {
    let field = ident(&oneof.rust_field);
    let ty = oneof_type(message, oneof);
    let oneof_name = &oneof.name;
    oneof
        .variants
        .iter()
        .map(|variant| {
            let (json, variant_name, kind) = variant_codec(variant, scope);
            quote! {
                #json => json::member::<#kind, _>(&mut self.#field, #oneof_name, value, mode, #ty::#variant_name)?,
            }
        })
        .collect()
}

/// Writes the member that is set, if any.
fn oneof_encode(message: &Message, oneof: &Oneof, scope: Scope<'_>) -> TokenStream {
    let field = ident(&oneof.rust_field);
    let ty = oneof_type(message, oneof);
    if let [only] = oneof.variants.as_slice() {
        let (json, variant_name, kind) = variant_codec(only, scope);
        return quote! {
            if let Some(#ty::#variant_name(value)) = &self.#field {
                out.member::<#kind>(#json, value);
            }
        };
    }
    let arms: Vec<TokenStream> = oneof
        .variants
        .iter()
        .map(|variant| {
            let (json, variant_name, kind) = variant_codec(variant, scope);
            quote!(Some(#ty::#variant_name(value)) => out.member::<#kind>(#json, value),)
        })
        .collect();
    quote! {
        match &self.#field {
            #(#arms)*
            None => {}
        }
    }
}

/// The module named after a message: its oneof enums, then its nested
/// messages and enums (each with their own module, if they need one).
fn message_module(message: &Message, members: &Members<'_>) -> TokenStream {
    let (Some(module), Some(path)) = (&message.module, message.module_path()) else {
        return TokenStream::new();
    };
    let scope = Scope::Types {
        module: &path,
        names: members.names,
    };
    let module = ident(module);
    let nested = members.items(&path);
    let holds = match (message.oneofs.is_empty(), nested.is_empty()) {
        (false, true) => "The oneof enums of",
        (true, _) => "The types nested in",
        (false, false) => "The oneof enums and nested types of",
    };
    // Outer docs of a module resolve links where the module is declared, beside the message.
    let doc = format!(" {holds} [`{}`].", message.path.rust_name);
    let enums = message.oneofs.iter().map(|oneof| oneof_enum(oneof, scope));
    quote! {
        #[doc = #doc]
        pub mod #module {
            #[allow(unused_imports)]
            use super::*;

            #(#enums)*
            #nested
        }
    }
}

fn oneof_enum(oneof: &Oneof, scope: Scope<'_>) -> TokenStream {
    let name = ident(&oneof.rust_type);
    let docs = doc(&oneof.description, &[]);
    let variants = oneof.variants.iter().map(|variant| {
        let variant_name = ident(&variant.rust_name);
        let ty = value_type(&variant.ty, variant.boxed, scope);
        let docs = doc(&variant.description, &[]);
        let deprecated = variant.deprecated.then(|| quote!(#[deprecated]));
        quote! {
            #docs
            #deprecated
            #variant_name(#ty),
        }
    });
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }
    }
}
