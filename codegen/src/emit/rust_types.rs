//! The Rust type of a field, and the serde helper its JSON form needs.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{Scalar, Shape, TypeRef, WellKnown};
use crate::names::ident;

/// The Rust type of one value of `ty`.
pub fn value_type(ty: &TypeRef, boxed: bool) -> TokenStream {
    let inner = match ty {
        TypeRef::Scalar(scalar) => scalar_type(*scalar),
        TypeRef::WellKnown(known) => match known {
            WellKnown::Timestamp => quote!(apigen_runtime::Timestamp),
            WellKnown::Duration => quote!(apigen_runtime::Duration),
            WellKnown::FieldMask => quote!(apigen_runtime::FieldMask),
            WellKnown::Any => quote!(apigen_runtime::Any),
            WellKnown::Empty => quote!(apigen_runtime::Empty),
            WellKnown::Struct => quote!(serde_json::Map<String, serde_json::Value>),
            WellKnown::Value => quote!(serde_json::Value),
            WellKnown::ListValue => quote!(Vec<serde_json::Value>),
        },
        TypeRef::Message(name) | TypeRef::Enum(name) => {
            let name = ident(name);
            quote!(#name)
        }
    };
    if boxed {
        quote!(Box<#inner>)
    } else {
        inner
    }
}

fn scalar_type(scalar: Scalar) -> TokenStream {
    match scalar {
        Scalar::Double => quote!(f64),
        Scalar::Float => quote!(f32),
        Scalar::Int32 => quote!(i32),
        Scalar::Int64 => quote!(i64),
        Scalar::Uint32 => quote!(u32),
        Scalar::Uint64 => quote!(u64),
        Scalar::Bool => quote!(bool),
        Scalar::String => quote!(String),
        Scalar::Bytes => quote!(Vec<u8>),
    }
}

/// The Rust type of a field with this shape.
pub fn field_type(ty: &TypeRef, shape: &Shape, boxed: bool) -> TokenStream {
    let value = value_type(ty, boxed);
    match shape {
        Shape::Single { presence: true } => quote!(Option<#value>),
        Shape::Single { presence: false } => value,
        Shape::Repeated => quote!(Vec<#value>),
        Shape::Map(key) => {
            let key = scalar_type(*key);
            quote!(std::collections::BTreeMap<#key, #value>)
        }
    }
}

/// The `#[serde(with = ...)]` module for values whose JSON form is not serde's default.
pub fn with_module(ty: &TypeRef, shape: &Shape) -> Option<String> {
    let base = match ty {
        TypeRef::Scalar(Scalar::Int64 | Scalar::Uint64) => "apigen_runtime::wire::int64",
        TypeRef::Scalar(Scalar::Bytes) => "apigen_runtime::wire::bytes",
        _ => return None,
    };
    Some(match shape {
        Shape::Single { presence: true } => format!("{base}::option"),
        Shape::Single { presence: false } => base.to_owned(),
        Shape::Repeated => format!("{base}::repeated"),
        Shape::Map(_) => return None,
    })
}

/// The `skip_serializing_if` predicate that leaves an unset field out of JSON.
pub fn skip_predicate(shape: &Shape) -> &'static str {
    match shape {
        Shape::Single { presence: true } => "Option::is_none",
        Shape::Single { presence: false } => "apigen_runtime::wire::is_default",
        Shape::Repeated => "Vec::is_empty",
        Shape::Map(_) => "std::collections::BTreeMap::is_empty",
    }
}
