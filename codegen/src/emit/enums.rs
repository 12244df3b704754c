//! Open enums: known values as variants, anything else kept as text.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc;
use crate::model::Enum;
use crate::names::ident;

/// The enum, its [`OpenEnum`](apigen_runtime) impl and its serde impls.
pub fn enum_items(enumeration: &Enum) -> TokenStream {
    let name = ident(&enumeration.name);
    let docs = doc(&enumeration.description, &[]);
    let variants: Vec<_> = enumeration
        .values
        .iter()
        .map(|value| ident(&value.rust_name))
        .collect();
    let wire_names: Vec<_> = enumeration
        .values
        .iter()
        .map(|value| value.wire_name.as_str())
        .collect();
    let variant_defs = enumeration.values.iter().enumerate().map(|(index, value)| {
        let variant = ident(&value.rust_name);
        let docs = doc(
            &value.description,
            &[format!("Wire name: `{}`.", value.wire_name)],
        );
        let default = (index == 0).then(|| quote!(#[default]));
        quote! {
            #docs
            #default
            #variant,
        }
    });
    quote! {
        #docs
        #[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_defs)*
            /// A value this version of the client does not know, kept as its wire name.
            UnknownValue(String),
        }

        impl apigen_runtime::wire::OpenEnum for #name {
            fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #wire_names, )*
                    Self::UnknownValue(name) => name,
                }
            }

            fn from_name(name: &str) -> Self {
                match name {
                    #( #wire_names => Self::#variants, )*
                    _ => Self::UnknownValue(name.to_owned()),
                }
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                apigen_runtime::wire::serialize_enum(self, serializer)
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                apigen_runtime::wire::deserialize_enum(deserializer)
            }
        }
    }
}
