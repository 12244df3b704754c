//! What users write requests with: `Message::new()`, one chainable setter
//! per field and per oneof member (plus `try_set_…` from JSON for a
//! `Struct` field), and an accessor per oneof member.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust_types::{oneof_type, value_type, Scope};
use crate::model::{Field, Message, Oneof, Scalar, Shape, TypeRef, Variant, WellKnown};
use crate::names::{ident, reserved};

/// `impl Message { new, set_…, member accessors }`.
pub fn builder_impl(message: &Message, scope: Scope<'_>) -> TokenStream {
    let name = ident(&message.path.rust_name);
    let new_doc = format!(" A `{}` with no field set.", message.path.rust_name);
    let setters = message
        .fields
        .iter()
        .map(|field| field_setter(field, scope));
    let object_setters = message
        .fields
        .iter()
        .map(|field| object_setter(message, field));
    let oneof_setters = message
        .oneofs
        .iter()
        .map(|oneof| oneof_setter(message, oneof));
    let members = message.oneofs.iter().flat_map(|oneof| {
        oneof
            .variants
            .iter()
            .map(move |variant| member_methods(message, oneof, variant, scope))
    });
    let new = ident(reserved::MESSAGE_NEW.0);
    quote! {
        impl #name {
            #[doc = #new_doc]
            #[inline]
            pub fn #new() -> Self {
                Self::default()
            }

            #(#setters)*
            #(#object_setters)*
            #(#oneof_setters)*
            #(#members)*
        }
    }
}

/// `Box::new(value)` for a field kept behind a box, else `value` as it is.
fn boxed_if(boxed: bool, value: TokenStream) -> TokenStream {
    if boxed {
        quote!(Box::new(#value))
    } else {
        value
    }
}

fn deprecated_attr(deprecated: bool) -> TokenStream {
    if deprecated {
        quote!(#[deprecated])
    } else {
        TokenStream::new()
    }
}

fn field_setter(field: &Field, scope: Scope<'_>) -> TokenStream {
    let setter = ident(&field.setter);
    let slot = ident(&field.rust_name);
    let doc = format!(" Sets the `{}` field.", field.rust_name);
    let deprecated = deprecated_attr(field.deprecated);
    let ty = value_type(&field.ty, false, scope);
    let body = match &field.shape {
        Shape::Single { presence } => {
            let value = boxed_if(field.boxed, quote!(value.into()));
            let value = if *presence {
                quote!(Some(#value))
            } else {
                value
            };
            quote! {
                pub fn #setter(mut self, value: impl Into<#ty>) -> Self {
                    self.#slot = #value;
                    self
                }
            }
        }
        Shape::Repeated => {
            let value = boxed_if(field.boxed, quote!(value.into()));
            quote! {
                pub fn #setter<I, V>(mut self, values: I) -> Self
                where
                    I: IntoIterator<Item = V>,
                    V: Into<#ty>,
                {
                    self.#slot = values.into_iter().map(|value| #value).collect();
                    self
                }
            }
        }
        Shape::Map(key) => {
            let key = value_type(&TypeRef::Scalar(*key), false, scope);
            let value = boxed_if(field.boxed, quote!(value.into()));
            quote! {
                pub fn #setter<I, K, V>(mut self, entries: I) -> Self
                where
                    I: IntoIterator<Item = (K, V)>,
                    K: Into<#key>,
                    V: Into<#ty>,
                {
                    self.#slot = entries
                        .into_iter()
                        .map(|(key, value)| (key.into(), #value))
                        .collect();
                    self
                }
            }
        }
    };
    quote! {
        #[doc = #doc]
        #deprecated
        #body
    }
}

/// For a single `Struct` field, `try_set_x(json!({...}))`: the setter for a
/// `serde_json::Value`, which refuses anything but an object.
fn object_setter(message: &Message, field: &Field) -> TokenStream {
    if !matches!(field.ty, TypeRef::WellKnown(WellKnown::Struct))
        || !matches!(field.shape, Shape::Single { .. })
    {
        return TokenStream::new();
    }
    let try_setter = ident(&format!("try_{}", field.setter));
    let setter = ident(&field.setter);
    let deprecated = deprecated_attr(field.deprecated);
    let field_path = format!("{}.{}", message.path.rust_name, field.json_name);
    let doc = format!(
        " Sets the `{}` field from a JSON object, e.g. `serde_json::json!({{...}})`; any other JSON is refused.",
        field.rust_name
    );
    quote! {
        #[doc = #doc]
        #deprecated
        pub fn #try_setter(self, value: serde_json::Value) -> Result<Self, json::NotAnObject> {
            Ok(self.#setter(json::object(value, #field_path)?))
        }
    }
}

fn oneof_setter(message: &Message, oneof: &Oneof) -> TokenStream {
    let setter = ident(&oneof.setter);
    let slot = ident(&oneof.rust_field);
    let ty = oneof_type(message, oneof);
    let doc = format!(
        " Sets the `{}` oneof to one of its members.",
        oneof.rust_field
    );
    quote! {
        #[doc = #doc]
        pub fn #setter(mut self, value: impl Into<#ty>) -> Self {
            self.#slot = Some(value.into());
            self
        }
    }
}

/// The setter that selects a member, and its accessor.
fn member_methods(
    message: &Message,
    oneof: &Oneof,
    variant: &Variant,
    scope: Scope<'_>,
) -> TokenStream {
    let setter = ident(&variant.setter);
    let accessor = ident(&variant.accessor);
    let slot = ident(&oneof.rust_field);
    let ty = oneof_type(message, oneof);
    let variant_name = ident(&variant.rust_name);
    let deprecated = deprecated_attr(variant.deprecated);
    let value_ty = value_type(&variant.ty, false, scope);
    let value = boxed_if(variant.boxed, quote!(value.into()));
    let setter_doc = format!(
        " Sets `{}` to its `{}` member (the other members are unset).",
        oneof.rust_field, variant.accessor
    );
    let accessor_doc = format!(
        " The `{}` member of `{}`, when it is the one set.",
        variant.accessor, oneof.rust_field
    );
    let (returns, read) = member_access(&variant.ty, variant.boxed, scope);
    quote! {
        #[doc = #setter_doc]
        #deprecated
        pub fn #setter(mut self, value: impl Into<#value_ty>) -> Self {
            self.#slot = Some(#ty::#variant_name(#value));
            self
        }

        #[doc = #accessor_doc]
        #deprecated
        #[inline]
        pub fn #accessor(&self) -> Option<#returns> {
            match &self.#slot {
                Some(#ty::#variant_name(value)) => Some(#read),
                _ => None,
            }
        }
    }
}

/// What a member accessor returns and how it reads `value: &T`: text and
/// bytes as slices, numbers and bools by value, anything else by reference.
fn member_access(ty: &TypeRef, boxed: bool, scope: Scope<'_>) -> (TokenStream, TokenStream) {
    match ty {
        TypeRef::Scalar(Scalar::String) => (quote!(&str), quote!(value.as_str())),
        TypeRef::Scalar(Scalar::Bytes) => (quote!(&[u8]), quote!(value.as_slice())),
        TypeRef::Scalar(_) => (value_type(ty, false, scope), quote!(*value)),
        TypeRef::WellKnown(WellKnown::ListValue) => {
            (quote!(&[serde_json::Value]), quote!(value.as_slice()))
        }
        _ => {
            let ty = value_type(ty, false, scope);
            let read = if boxed {
                quote!(&**value)
            } else {
                quote!(value)
            };
            (quote!(&#ty), read)
        }
    }
}
