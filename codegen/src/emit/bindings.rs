//! The static `Binding` of every method (verb, path template, body), each
//! written once in the module `bindings`, which the client and the server
//! both read.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{Api, BodyRef, Method, Verb};
use crate::names::ident;

/// The items of the `bindings` module: one `pub(crate) static` per method,
/// naming the runtime by `runtime`, so each template is parsed once.
pub fn binding_statics(api: &Api, runtime: &TokenStream) -> TokenStream {
    let statics = api.methods().map(|method| {
        let name = ident(&method.binding_const);
        let binding = binding_literal(method, runtime);
        quote! {
            pub(crate) static #name: #runtime::Binding = #binding;
        }
    });
    quote!(#(#statics)*)
}

/// `Binding { … }` for `method`.
fn binding_literal(method: &Method, runtime: &TokenStream) -> TokenStream {
    let id = &method.id;
    let verb = match method.verb {
        Verb::Get => quote!(Get),
        Verb::Post => quote!(Post),
        Verb::Put => quote!(Put),
        Verb::Patch => quote!(Patch),
        Verb::Delete => quote!(Delete),
    };
    let path = method.http.path.to_string();
    let body = match &method.http.body {
        BodyRef::None => quote!(#runtime::Body::None),
        BodyRef::All => quote!(#runtime::Body::All),
        BodyRef::Field(field) => quote!(#runtime::Body::Field(#field)),
    };
    let idempotent = method.idempotent;
    quote! {
        #runtime::Binding {
            method_id: #id,
            verb: #runtime::Verb::#verb,
            path: #runtime::LazyTemplate::new(#path),
            body: #body,
            idempotent: #idempotent,
        }
    }
}
