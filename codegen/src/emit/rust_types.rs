//! The Rust type of a field, and the codec kind that reads and writes it;
//! the path of a message or enum as written from where the code is.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{
    Message, Oneof, Response, Scalar, Shape, TypePath, TypeRef, TypeScopes, WellKnown,
};
use crate::names::ident;

/// Where generated code names a message or enum from.
#[derive(Clone, Copy)]
pub enum Scope<'a> {
    /// Inside `types`, in the message module with this path (empty at a spec
    /// file's top level, where every top-level type is in scope).
    Types {
        /// The module's path from `types`.
        module: &'a [String],
        /// What each message module defines, to spot names that hide others.
        names: &'a TypeScopes,
    },
    /// Outside `types`, which is reached through this path (`types`, `crate::types`).
    Outside(&'a TokenStream),
}

impl Scope<'_> {
    /// The Rust type of what a call answers: the message, or `()` for
    /// Empty (which the runtime reads and writes as `{}`).
    pub fn answer_type(&self, response: &Response) -> TokenStream {
        match response {
            Response::Message(path) => self.type_path(path),
            Response::Empty => quote!(()),
        }
    }

    /// The path of a declared type as written here: `Part`,
    /// `generation_config::Modality`, `types::Part`; `super::` climbs out of
    /// a module where a nested name hides the one meant. A type the runtime
    /// provides is named by its full path.
    pub fn type_path(&self, path: &TypePath) -> TokenStream {
        if let Some(provided) = &path.provided {
            let segments = provided.split("::").map(ident);
            return quote!(#(#segments)::*);
        }
        let relative = path
            .modules
            .iter()
            .map(String::as_str)
            .chain([path.rust_name.as_str()]);
        let (here, names) = match self {
            Scope::Outside(types) => {
                let relative = relative.map(ident);
                return quote!(#types #(::#relative)*);
            }
            Scope::Types { module, names } => (*module, *names),
        };
        let shared = here
            .iter()
            .zip(&path.modules)
            .take_while(|(a, b)| a == b)
            .count();
        let mut relative = relative.skip(shared).peekable();
        let first = *relative.peek().expect("a path ends with the type's name");
        let hidden = (shared + 1..=here.len()).any(|depth| names.defines(&here[..depth], first));
        let climb = if hidden { here.len() - shared } else { 0 };
        let supers = std::iter::repeat_n(quote!(super::), climb);
        let relative = relative.map(ident);
        quote!(#(#supers)* #(#relative)::*)
    }
}

/// The Rust type of one value of `ty`.
pub fn value_type(ty: &TypeRef, boxed: bool, scope: Scope<'_>) -> TokenStream {
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
        TypeRef::Message(path) | TypeRef::Enum(path) => scope.type_path(path),
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
pub fn field_type(ty: &TypeRef, shape: &Shape, boxed: bool, scope: Scope<'_>) -> TokenStream {
    let value = value_type(ty, boxed, scope);
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
pub fn value_kind(ty: &TypeRef, boxed: bool, scope: Scope<'_>) -> TokenStream {
    let inner = match ty {
        TypeRef::Scalar(scalar) => scalar_kind(*scalar),
        TypeRef::WellKnown(WellKnown::Struct) => quote!(json::Struct),
        TypeRef::WellKnown(WellKnown::Value) => quote!(json::JsonValue),
        TypeRef::WellKnown(WellKnown::ListValue) => quote!(json::ListValue),
        TypeRef::WellKnown(WellKnown::Empty) => quote!(json::Msg<apigen_runtime::Empty>),
        // The runtime's own well-known types are their own kinds.
        TypeRef::WellKnown(_) => value_type(ty, false, scope),
        TypeRef::Message(path) => {
            let path = scope.type_path(path);
            quote!(json::Msg<#path>)
        }
        TypeRef::Enum(path) => {
            let path = scope.type_path(path);
            quote!(json::Enum<#path>)
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
pub fn field_kind(ty: &TypeRef, shape: &Shape, boxed: bool, scope: Scope<'_>) -> TokenStream {
    let value = value_kind(ty, boxed, scope);
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

/// The path of a oneof's enum from where its message is: `part::Data`.
pub fn oneof_type(message: &Message, oneof: &Oneof) -> TokenStream {
    let module = ident(
        message
            .module
            .as_deref()
            .expect("a message with oneofs has a module"),
    );
    let name = ident(&oneof.rust_type);
    quote!(#module::#name)
}
