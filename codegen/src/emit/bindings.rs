//! The static `Binding` of every method (verb, path template, body), each
//! written once in the module `bindings`, which the client and the server
//! both read.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{Api, BodyRef, Method, MethodRetry, RetrySettings, Verb};
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

/// The module `settings`, for the client: one `pub(crate) static` per
/// method with its own retry policy or timeout, named as its binding;
/// nothing when no method has either.
pub fn method_settings_module(api: &Api) -> TokenStream {
    let statics: Vec<TokenStream> = api
        .methods()
        .filter(|method| !method.settings.is_empty())
        .map(|method| {
            let name = ident(&method.binding_const);
            let retry = match &method.settings.retry {
                None => quote!(None),
                Some(MethodRetry::Disabled) => quote!(Some(apigen_runtime::RetryPolicy::NONE)),
                Some(MethodRetry::Policy(policy)) => {
                    let policy = retry_policy(Some(policy));
                    quote!(Some(#policy))
                }
            };
            let timeout = match method.settings.timeout_ms {
                Some(ms) => quote!(Some(std::time::Duration::from_millis(#ms))),
                None => quote!(None),
            };
            let doc = format!(" The retry policy and timeout of `{}`.", method.id);
            quote! {
                #[doc = #doc]
                pub(crate) static #name: apigen_runtime::MethodSettings = apigen_runtime::MethodSettings {
                    retry: #retry,
                    timeout: #timeout,
                };
            }
        })
        .collect();
    if statics.is_empty() {
        return quote!();
    }
    quote! {
        /// The retry policy and timeout of each method that has its own.
        #[cfg(feature = "client")]
        pub(crate) mod settings {
            #(#statics)*
        }
    }
}

/// A `RetryPolicy` value for `retry`; `RetryPolicy::NONE` for none.
pub fn retry_policy(retry: Option<&RetrySettings>) -> TokenStream {
    let Some(retry) = retry else {
        return quote!(apigen_runtime::RetryPolicy::NONE);
    };
    // Without a number of attempts, the deadline (which the spec then requires) ends retries.
    let attempts = match retry.max_attempts {
        Some(attempts) => quote!(#attempts),
        None => quote!(u32::MAX),
    };
    let initial = retry.initial_backoff_ms;
    let max = retry.max_backoff_ms;
    let multiplier = proc_macro2::Literal::f64_unsuffixed(retry.multiplier);
    let max_server_delay = retry.max_server_delay_ms;
    let statuses = &retry.statuses;
    let deadline = match retry.deadline_ms {
        Some(ms) => quote!(Some(std::time::Duration::from_millis(#ms))),
        None => quote!(None),
    };
    quote! {
        apigen_runtime::RetryPolicy {
            max_attempts: #attempts,
            initial_backoff: std::time::Duration::from_millis(#initial),
            max_backoff: std::time::Duration::from_millis(#max),
            multiplier: #multiplier,
            deadline: #deadline,
            max_server_delay: std::time::Duration::from_millis(#max_server_delay),
            retryable_statuses: &[#(#statuses),*],
        }
    }
}
