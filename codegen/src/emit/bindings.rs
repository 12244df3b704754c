//! The static `Binding` of a method (verb, path template, body), which the
//! client module and the server module each hold: either may be built
//! without the other.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{BodyRef, Method};
use crate::names::{ident, upper_camel};

/// `Binding { … }` for `method`, naming the runtime by `runtime`; meant for
/// a `static`, so its template is parsed once.
pub fn binding_literal(method: &Method, runtime: &TokenStream) -> TokenStream {
    let id = &method.id;
    let verb = ident(&upper_camel(&method.verb.to_lowercase()));
    let path = &method.wire_path;
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
