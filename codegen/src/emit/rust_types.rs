//! The Rust type of a field, and the codec kind that reads and writes it.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{Message, Oneof, Scalar, Shape, TypeRef, WellKnown};
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

/// The codec kind of one value of `ty` (`json::Int64`, `json::Msg<Part>`, …).
pub fn value_kind(ty: &TypeRef, boxed: bool) -> TokenStream {
    let inner = match ty {
        TypeRef::Scalar(scalar) => scalar_kind(*scalar),
        TypeRef::WellKnown(WellKnown::Struct) => quote!(json::Struct),
        TypeRef::WellKnown(WellKnown::Value) => quote!(json::JsonValue),
        TypeRef::WellKnown(WellKnown::ListValue) => quote!(json::ListValue),
        TypeRef::WellKnown(WellKnown::Empty) => quote!(json::Msg<apigen_runtime::Empty>),
        // The runtime's own well-known types are their own kinds.
        TypeRef::WellKnown(_) => value_type(ty, false),
        TypeRef::Message(name) => {
            let name = ident(name);
            quote!(json::Msg<#name>)
        }
        TypeRef::Enum(name) => {
            let name = ident(name);
            quote!(json::Enum<#name>)
        }
    };
    if boxed {
        quote!(json::Boxed<#inner>)
    } else {
        inner
    }
}

fn scalar_kind(scalar: Scalar) -> TokenStream {
    match scalar {
        Scalar::Double => quote!(json::Double),
        Scalar::Float => quote!(json::Float),
        Scalar::Int32 => quote!(json::Int32),
        Scalar::Int64 => quote!(json::Int64),
        Scalar::Uint32 => quote!(json::Uint32),
        Scalar::Uint64 => quote!(json::Uint64),
        Scalar::Bool => quote!(json::Bool),
        Scalar::String => quote!(json::Str),
        Scalar::Bytes => quote!(json::Bytes),
    }
}

/// The codec kind of a field with this shape.
pub fn field_kind(ty: &TypeRef, shape: &Shape, boxed: bool) -> TokenStream {
    let value = value_kind(ty, boxed);
    match shape {
        Shape::Single { presence: true } => quote!(json::Opt<#value>),
        Shape::Single { presence: false } => value,
        Shape::Repeated => quote!(json::List<#value>),
        Shape::Map(key) => {
            let key = scalar_kind(*key);
            quote!(json::Map<#key, #value>)
        }
    }
}

/// The path of a oneof's enum from the message's own module: `part::Data`.
pub fn oneof_type(message: &Message, oneof: &Oneof) -> TokenStream {
    let module = ident(&message.module);
    let name = ident(&oneof.rust_type);
    quote!(#module::#name)
}
