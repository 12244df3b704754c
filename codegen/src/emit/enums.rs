//! Open enums: known values as variants, anything else kept as it came;
//! text by wire name both ways (`Display`, `FromStr`).

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc;
use crate::model::{Enum, EnumValue};
use crate::names::{ident, reserved};

/// The enum, its table of wire names and numbers, and its serde impls.
pub fn enum_items(enumeration: &Enum) -> TokenStream {
    let name = ident(&enumeration.path.rust_name);
    let docs = doc(&enumeration.description, &[not_set_doc(enumeration)]);
    let variant_defs = (enumeration.values.iter().enumerate())
        .map(|(index, value)| variant_def(value, index == 0));
    let unknown = ident(reserved::UNKNOWN_VALUE.0);
    let impls = enum_impls(enumeration);
    quote! {
        #docs
        #[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_defs)*
            /// A value this version of the client does not know, kept as it came (by name or number).
            #unknown(json::UnknownEnumValue),
        }

        #impls
    }
}

/// One known value's variant, with its doc; the `first` is the default.
fn variant_def(value: &EnumValue, first: bool) -> TokenStream {
    let variant = ident(&value.rust_name);
    let docs = match &value.description {
        Some(description) => doc(description, &[]),
        None => doc(
            &format!("The value `{}` on the wire.", value.wire_name),
            &[],
        ),
    };
    let default = first.then(|| quote!(#[default]));
    let deprecated = value.deprecated.then(|| quote!(#[deprecated]));
    quote! {
        #docs
        #default
        #deprecated
        #variant,
    }
}

/// The enum's impls: its table of known values for the runtime, serde,
/// and text by wire name both ways.
fn enum_impls(enumeration: &Enum) -> TokenStream {
    let name = ident(&enumeration.path.rust_name);
    let rust_name = &enumeration.path.rust_name;
    let table = enumeration.values.iter().map(|value| {
        let variant = ident(&value.rust_name);
        let wire_name = &value.wire_name;
        let number = proc_macro2::Literal::i32_unsuffixed(value.number);
        quote!((Self::#variant, #wire_name, #number))
    });
    let unknown = ident(reserved::UNKNOWN_VALUE.0);
    quote! {
        impl json::OpenEnum for #name {
            const VALUES: &'static [(Self, &'static str, i32)] = &[#(#table),*];

            fn unknown(&self) -> Option<&json::UnknownEnumValue> {
                match self {
                    Self::#unknown(value) => Some(value),
                    _ => None,
                }
            }

            fn from_unknown(value: json::UnknownEnumValue) -> Self {
                Self::#unknown(value)
            }
        }

        apigen_runtime::impl_serde!(enum #name);

        /// The wire name; an unknown value prints the name or number it came with.
        impl std::fmt::Display for #name {
            fn fmt(&self, out: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                json::fmt_enum(self, out)
            }
        }

        /// The known value with this wire name.
        impl std::str::FromStr for #name {
            type Err = json::ParseEnumError;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                json::parse_enum(text, #rust_name)
            }
        }
    }
}

/// The paragraph naming the default variant, which stands for "not set".
fn not_set_doc(enumeration: &Enum) -> String {
    enumeration
        .values
        .first()
        .map(|first| {
            format!(
                "[`{}::{}`] (`{}`), the default, means \"not set\".",
                enumeration.path.rust_name, first.rust_name, first.wire_name
            )
        })
        .unwrap_or_default()
}
