//! The static `Binding` of a method (verb, path template, body), which the
//! client module and the server module each hold: either may be built
//! without the other.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{BodyRef, Method, Verb};

/// `Binding { … }` for `method`, naming the runtime by `runtime`; meant for
/// a `static`, so its template is parsed once.
pub fn binding_literal(method: &Method, runtime: &TokenStream) -> TokenStream {
    let id = &method.id;
    let verb = match method.verb {
        Verb::Get => quote!(Get),
        Verb::Post => quote!(Post),
        Verb::Put => quote!(Put),
        Verb::Patch => quote!(Patch),
        Verb::Delete => quote!(Delete),
    };
    let path = method.wire_path.to_string();
    let body = match &method.body {
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
