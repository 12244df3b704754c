//! The `Client` and one handle type per resource, with one method per API method.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc;
use crate::model::{Api, BodyRef, ClientModule, Method, MethodKind, Resource};
use crate::names::{ident, upper_camel};

/// `src/client/mod.rs`: the client, its settings and the re-exported handles.
pub fn client_root(api: &Api) -> TokenStream {
    let info = &api.info;
    let modules: Vec<_> = api
        .client_modules
        .iter()
        .map(|module| ident(&module.module))
        .collect();
    let exports = api.client_modules.iter().map(|module| {
        let module_ident = ident(&module.module);
        let mut names: Vec<&str> = module
            .resources
            .iter()
            .map(|resource| resource.rust_type.as_str())
            .collect();
        names.sort_unstable();
        let types = names.into_iter().map(ident);
        quote!(pub use #module_ident::{#(#types),*};)
    });
    let base_url = &info.base_url;
    let key_header = match &info.api_key_header {
        Some(header) => quote!(Some(#header)),
        None => quote!(None),
    };
    let key_env = &info.api_key_env;
    let user_agent = format!("{}/{}", info.crate_name, info.crate_version);
    let accessors = api
        .client_modules
        .iter()
        .flat_map(|module| &module.resources)
        .filter(|resource| resource.top_level)
        .map(|resource| {
            let accessor = ident(&resource.accessor);
            let ty = ident(&resource.rust_type);
            let docs = doc(&resource.description, &[]);
            quote! {
                #docs
                pub fn #accessor(&self) -> #ty<'_> {
                    #ty::new(&self.transport)
                }
            }
        });
    let client_doc = format!(" A client for the {} ({}).", info.title, info.version);
    let env_doc = if key_env.is_empty() {
        String::new()
    } else {
        format!(
            " [`Client::new`] reads the API key from {}.",
            key_env
                .iter()
                .map(|name| format!("`{name}`"))
                .collect::<Vec<_>>()
                .join(", then ")
        )
    };
    quote! {
        #![doc = " The client and its resource handles: `client.corpora().documents().query(request)`."]

        #(mod #modules;)*

        #(#exports)*

        use apigen_runtime::{ApiConfig, ClientBuilder, Error, FromTransport, Transport};

        /// What the runtime needs to know about this API.
        pub const CONFIG: ApiConfig = ApiConfig {
            base_url: #base_url,
            api_key_header: #key_header,
            api_key_env: &[#(#key_env),*],
            user_agent: #user_agent,
        };

        #[doc = #client_doc]
        ///
        /// Cheap to clone: clones share one connection pool.
        #[doc = #env_doc]
        #[derive(Clone, Debug)]
        pub struct Client {
            transport: Transport,
        }

        impl Client {
            /// A client with the default settings.
            pub fn new() -> Result<Self, Error> {
                Self::builder().build()
            }

            /// A builder for other settings: API key, base URL, timeout, HTTP client.
            pub fn builder() -> ClientBuilder<Self> {
                ClientBuilder::new(&CONFIG)
            }

            /// The transport all handles send through.
            pub fn transport(&self) -> &Transport {
                &self.transport
            }

            #(#accessors)*
        }

        impl FromTransport for Client {
            fn from_transport(transport: Transport) -> Self {
                Self { transport }
            }
        }
    }
}

/// One `src/client/<module>.rs`: the handles of one spec file's resources.
pub fn client_module(module: &ClientModule) -> TokenStream {
    let handles = module
        .resources
        .iter()
        .map(|resource| handle(module, resource));
    quote! {
        use apigen_runtime::{Binding, Body, Error, Transport, Verb};

        use crate::types;

        #(#handles)*
    }
}

fn handle(module: &ClientModule, resource: &Resource) -> TokenStream {
    let name = ident(&resource.rust_type);
    let docs = doc(
        &resource.description,
        &[format!("REST resource `{}`.", resource.rest_name)],
    );
    let children = resource.children.iter().map(|child| {
        let accessor = ident(&child.accessor);
        let local = module
            .resources
            .iter()
            .any(|resource| resource.rust_type == child.rust_type);
        let ty = ident(&child.rust_type);
        let path = if local {
            quote!(#ty)
        } else {
            quote!(super::#ty)
        };
        let docs = doc(&child.description, &[]);
        quote! {
            #docs
            pub fn #accessor(&self) -> #path<'a> {
                #path::new(self.transport)
            }
        }
    });
    let methods = resource.methods.iter().map(method);
    quote! {
        #docs
        #[derive(Clone, Copy, Debug)]
        pub struct #name<'a> {
            transport: &'a Transport,
        }

        impl<'a> #name<'a> {
            pub(crate) fn new(transport: &'a Transport) -> Self {
                Self { transport }
            }

            #(#children)*
            #(#methods)*
        }
    }
}

fn method(method: &Method) -> TokenStream {
    let name = ident(&method.rust_name);
    let request = ident(&method.request);
    let mut notes = vec![format!("`{} {}`", method.verb, method.spec_path)];
    notes.push(kind_note(&method.kind));
    if method.deprecated {
        notes.push("Deprecated by the API.".to_owned());
    }
    let docs = doc(&method.description, &notes);
    let id = &method.id;
    let verb = ident(&upper_camel(&method.verb.to_lowercase()));
    let path = &method.wire_path;
    let body = match &method.body {
        BodyRef::None => quote!(Body::None),
        BodyRef::All => quote!(Body::All),
        BodyRef::Field(field) => quote!(Body::Field(#field)),
    };
    let (output, call) = match (&method.kind, &method.response) {
        (MethodKind::ServerStreaming, Some(response)) => {
            let response = ident(response);
            (
                quote!(apigen_runtime::ResponseStream<types::#response>),
                quote!(call_streaming),
            )
        }
        (_, Some(response)) => {
            let response = ident(response);
            (quote!(types::#response), quote!(call))
        }
        (_, None) => (quote!(()), quote!(call_empty)),
    };
    quote! {
        #docs
        pub async fn #name(&self, request: types::#request) -> Result<#output, Error> {
            const BINDING: Binding = Binding {
                method_id: #id,
                verb: Verb::#verb,
                path: #path,
                body: #body,
            };
            self.transport.#call(&BINDING, &request).await
        }
    }
}

fn kind_note(kind: &MethodKind) -> String {
    match kind {
        MethodKind::Unary => String::new(),
        MethodKind::ServerStreaming => "Streams responses as server-sent events; each item is one response message.".to_owned(),
        MethodKind::Paged { items } => {
            format!("Answers one page of `{items}`; send the answer's `next_page_token` as `page_token` for the next page.")
        }
        MethodKind::LongRunning { response, metadata } => format!(
            "Answers a long-running operation: its `metadata` is a [`{metadata}`](crate::types::{metadata}) and, once done, its `response` a [`{response}`](crate::types::{response})."
        ),
        MethodKind::MediaUpload { upload_path } => {
            format!("Sends the file's metadata; the file's bytes go to `{upload_path}` with the upload protocol.")
        }
    }
}
