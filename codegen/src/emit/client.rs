//! The `Client` and one handle type per resource, with one method per API method.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc;
use super::examples::call_example;
use super::rust_types::{value_type, Scope};
use crate::model::{
    Api, ApiInfo, ApiKey, Auth, ClientModule, Method, MethodKind, Resource, Response, TypePath,
    WaitHelper,
};
use crate::names::{ident, reserved};

/// `src/client/mod.rs`: the client, its settings and the re-exported handles.
pub fn client_root(api: &Api) -> TokenStream {
    let modules: Vec<_> = api
        .client_modules
        .iter()
        .map(|module| ident(&module.module))
        .collect();
    let exports = resource_exports(api);
    let config = config_const(&api.info);
    let client = client_type(api);
    let module_doc = module_doc(api);
    quote! {
        #![doc = #module_doc]

        #(mod #modules;)*

        #(#exports)*

        use apigen_runtime::{ApiConfig, CallOptions, ClientBuilder, Error, FromTransport, Transport};

        #config

        #client
    }
}

/// The `Client`: which API it calls and with which credentials, its
/// constructors and options, and the handles of the top-level resources.
fn client_type(api: &Api) -> TokenStream {
    let info = &api.info;
    let accessors = top_level_accessors(api);
    let client_doc = format!(" A client for the {} ({}).", info.title, info.version);
    let auth_doc = auth_doc(&info.auth);
    quote! {
        #[doc = #client_doc]
        ///
        /// Cheap to clone: clones share one connection pool.
        #[doc = #auth_doc]
        #[derive(Clone, Debug)]
        pub struct Client {
            transport: Transport,
        }

        impl Client {
            /// A client with the default settings and the credentials found
            /// in the environment (see above); `Error::NoCredentials` names
            /// where it looked when there are none.
            pub fn new() -> Result<Self, Error> {
                Self::builder().build()
            }

            /// A builder for other settings: credentials (or `without_credentials`
            /// for a local server), base URL, timeout, HTTP client.
            pub fn builder() -> ClientBuilder<Self> {
                ClientBuilder::new(&CONFIG)
            }

            /// The same client with `options` (timeout, retry policy, headers)
            /// applied to every call made through the returned value.
            pub fn with_options(&self, options: CallOptions) -> Self {
                Self { transport: self.transport.with_options(options) }
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

/// `pub use module::{Handle, …};` for each client module's handles, sorted.
fn resource_exports(api: &Api) -> Vec<TokenStream> {
    api.client_modules
        .iter()
        .map(|module| {
            let module_ident = ident(&module.module);
            let mut names: Vec<&str> = module
                .resources
                .iter()
                .map(|resource| resource.rust_type.as_str())
                .collect();
            names.sort_unstable();
            let types = names.into_iter().map(ident);
            quote!(pub use #module_ident::{#(#types),*};)
        })
        .collect()
}

/// The `CONFIG` constant: what the runtime needs to know about this API.
fn config_const(info: &ApiInfo) -> TokenStream {
    let base_url = &info.base_url;
    let api_key = match &info.auth.api_key {
        Some(ApiKey { header, env }) => quote! {
            Some(apigen_runtime::ApiKeyAuth { header: #header, env: &[#(#env),*] })
        },
        None => quote!(None),
    };
    let scopes = &info.auth.oauth_scopes;
    let retry = super::bindings::retry_policy(info.retry.as_ref());
    let user_agent = format!("{}/{}", info.crate_name, info.crate_version);
    quote! {
        /// What the runtime needs to know about this API.
        pub const CONFIG: ApiConfig = ApiConfig {
            base_url: #base_url,
            auth: apigen_runtime::ApiAuth {
                api_key: #api_key,
                oauth_scopes: &[#(#scopes),*],
            },
            user_agent: #user_agent,
            retry: #retry,
        };
    }
}

/// The module's doc line, with a call to the spec's first method as an
/// example: `client.shelves().books().get(request)`.
fn module_doc(api: &Api) -> String {
    let first = api
        .client_modules
        .iter()
        .flat_map(|module| &module.resources)
        .find_map(|resource| Some((resource, resource.methods.first()?)));
    match first {
        Some((resource, method)) => format!(
            " The client and its resource handles: `client.{}().{}(request)`.",
            resource.client_path.join("()."),
            method.rust_name
        ),
        None => " The client and its resource handles.".to_owned(),
    }
}

/// The client's accessor for each top-level resource.
fn top_level_accessors(api: &Api) -> Vec<TokenStream> {
    api.client_modules
        .iter()
        .flat_map(|module| &module.resources)
        .filter(|resource| resource.top_level)
        .map(|resource| {
            let new = ident(reserved::HANDLE_NEW.0);
            let accessor = ident(&resource.accessor);
            let ty = ident(&resource.rust_type);
            let docs = doc(&resource.description, &[]);
            quote! {
                #docs
                pub fn #accessor(&self) -> #ty<'_> {
                    #ty::#new(&self.transport)
                }
            }
        })
        .collect()
}

/// The client's doc lines on where `Client::new` finds credentials; empty when the API takes none.
fn auth_doc(auth: &Auth) -> String {
    let mut places = Vec::new();
    if let Some(key) = &auth.api_key {
        let vars: Vec<String> = key.env.iter().map(|name| format!("`{name}`")).collect();
        if !vars.is_empty() {
            places.push(format!("an API key from {}", vars.join(", then ")));
        }
    }
    if !auth.oauth_scopes.is_empty() {
        places.push(
            "(with the `oauth` feature) OAuth tokens from Application Default Credentials"
                .to_owned(),
        );
    }
    if places.is_empty() {
        return String::new();
    }
    format!(
        " [`Client::new`] uses {}, and fails with `Error::NoCredentials` when it finds none.",
        places.join(", then ")
    )
}

/// One `src/client/<module>.rs`: the handles of one spec file's resources.
pub fn client_module(info: &ApiInfo, module: &ClientModule) -> TokenStream {
    let handles = module
        .resources
        .iter()
        .map(|resource| handle(info, resource));
    quote! {
        use apigen_runtime::{Error, Transport};

        use crate::{bindings, types};

        #(#handles)*
    }
}

fn handle(info: &ApiInfo, resource: &Resource) -> TokenStream {
    let name = ident(&resource.rust_type);
    let new = ident(reserved::HANDLE_NEW.0);
    let docs = doc(
        &resource.description,
        &[format!("REST resource `{}`.", resource.rest_name)],
    );
    let children = resource.children.iter().map(|child| {
        let accessor = ident(&child.accessor);
        let path = child.path.iter().map(|segment| ident(segment));
        let path = quote!(#(#path)::*);
        let docs = doc(&child.description, &[]);
        quote! {
            #docs
            pub fn #accessor(&self) -> #path<'a> {
                #path::#new(self.transport)
            }
        }
    });
    let methods = resource.methods.iter().map(|m| method(info, resource, m));
    quote! {
        #docs
        #[derive(Clone, Copy, Debug)]
        pub struct #name<'a> {
            transport: &'a Transport,
        }

        impl<'a> #name<'a> {
            pub(crate) fn #new(transport: &'a Transport) -> Self {
                Self { transport }
            }

            #(#children)*
            #(#methods)*
        }
    }
}

/// The Rust methods one API method becomes.
fn method(info: &ApiInfo, resource: &Resource, method: &Method) -> TokenStream {
    let types = quote!(types);
    let types = Scope::Outside(&types);
    let request = types.type_path(&method.request);
    let mut notes = vec![format!("`{} {}`", method.verb.as_str(), method.spec_path)];
    notes.push(kind_note(&method.kind));
    notes.push(call_example(info, resource, method));
    let docs = doc(&method.description, &notes);
    let docs = if method.deprecated {
        quote!(#docs #[deprecated])
    } else {
        docs
    };
    let main = main_method(method, &docs, &request, types);
    let extra = extra_methods(method, &request, types);
    quote! { #main #extra }
}

/// The method that makes the call, by its kind.
fn main_method(
    method: &Method,
    docs: &TokenStream,
    request: &TokenStream,
    types: Scope<'_>,
) -> TokenStream {
    let name = ident(&method.rust_name);
    let binding = binding_path(&method.binding_const);
    let transport = method_transport(method);
    match &method.kind {
        MethodKind::Unary { response, .. } | MethodKind::MediaUpload { response, .. } => {
            match response {
                Response::Message(response) => {
                    let response = types.type_path(response);
                    quote! {
                        #docs
                        pub async fn #name(&self, request: #request) -> Result<#response, Error> {
                            #transport.call(&#binding, &request).await
                        }
                    }
                }
                Response::Empty => quote! {
                    #docs
                    pub async fn #name(&self, request: #request) -> Result<(), Error> {
                        #transport.call_empty(&#binding, &request).await
                    }
                },
            }
        }
        MethodKind::Paged { response, .. } => {
            let response = types.type_path(response);
            quote! {
                #docs
                pub async fn #name(&self, request: #request) -> Result<#response, Error> {
                    #transport.call(&#binding, &request).await
                }
            }
        }
        MethodKind::ServerStreaming { item } => {
            let item = types.type_path(item);
            quote! {
                #docs
                pub async fn #name(&self, request: #request) -> Result<apigen_runtime::ResponseStream<#item>, Error> {
                    #transport.call_streaming(&#binding, &request).await
                }
            }
        }
        MethodKind::LongRunning(operation) => {
            let result = types.answer_type(&operation.result);
            let metadata = types.type_path(&operation.metadata);
            let poll = binding_path(&operation.poll_const);
            quote! {
                #docs
                pub async fn #name(&self, request: #request) -> Result<apigen_runtime::LongRunning<#result, #metadata>, Error> {
                    #transport.call_long_running(&#binding, &request, &#poll).await
                }
            }
        }
    }
}

/// The methods a kind of call adds: the page and item streams of a paged
/// method, the upload of a media upload, a unary method's wait helper.
fn extra_methods(method: &Method, request: &TokenStream, types: Scope<'_>) -> TokenStream {
    match &method.kind {
        MethodKind::Paged { .. } => page_streams(method, request, types),
        MethodKind::MediaUpload { .. } => media_upload(method, request, types),
        MethodKind::Unary {
            wait: Some(helper), ..
        } => wait_helper(method, helper, request, types),
        MethodKind::Unary { wait: None, .. }
        | MethodKind::ServerStreaming { .. }
        | MethodKind::LongRunning(_) => quote!(),
    }
}

/// A paged method's streams of every page and of every item; nothing for
/// another kind of method.
fn page_streams(method: &Method, request: &TokenStream, types: Scope<'_>) -> TokenStream {
    let MethodKind::Paged {
        response,
        pages_method,
        items_method,
        items,
        items_rust,
        item_type,
        page_token,
        next_page_token,
    } = &method.kind
    else {
        return TokenStream::new();
    };
    let binding = binding_path(&method.binding_const);
    let transport = method_transport(method);
    let response = types.type_path(response);
    let pages = ident(pages_method);
    let all_items = ident(items_method);
    let (items_rust, page_token, next_page_token) =
        (ident(items_rust), ident(page_token), ident(next_page_token));
    let item = value_type(item_type, false, types);
    let pages_doc = format!(
        " Every page of [`{0}`](Self::{0}), fetched as the stream is read.",
        method.rust_name
    );
    let items_doc = format!(
        " Every `{items}` item of every page of [`{0}`](Self::{0}), in order.",
        method.rust_name
    );
    quote! {
        #[doc = #pages_doc]
        pub fn #pages(&self, request: #request) -> apigen_runtime::PageStream<#response> {
            #transport.pages(&#binding, request, |request, token| request.#page_token = token, |page| &page.#next_page_token)
        }

        #[doc = #items_doc]
        pub fn #all_items(&self, request: #request) -> apigen_runtime::PageStream<#item> {
            apigen_runtime::items(self.#pages(request), |page| page.#items_rust)
        }
    }
}

/// A media upload method's upload of the media with its metadata; nothing
/// for another kind of method.
fn media_upload(method: &Method, request: &TokenStream, types: Scope<'_>) -> TokenStream {
    let MethodKind::MediaUpload {
        response,
        upload_path,
        media_method,
        ..
    } = &method.kind
    else {
        return TokenStream::new();
    };
    let transport = method_transport(method);
    let upload = ident(media_method);
    let upload_doc = format!(
        " Uploads `media` with its metadata in `request`, by the resumable protocol at `{upload_path}`: in chunks, resuming after transient failures."
    );
    let id = &method.id;
    let answer = types.answer_type(response);
    quote! {
        #[doc = #upload_doc]
        pub async fn #upload(&self, request: #request, media: apigen_runtime::Media) -> Result<#answer, Error> {
            #transport.upload_media(#id, #upload_path, &request, media).await
        }
    }
}

/// The helper that repeats a unary call until an enum field settles.
fn wait_helper(
    method: &Method,
    helper: &WaitHelper,
    request: &TokenStream,
    types: Scope<'_>,
) -> TokenStream {
    let binding = binding_path(&method.binding_const);
    let transport = method_transport(method);
    let response = types.type_path(&helper.response);
    let helper_name = ident(&helper.rust_name);
    let field = ident(&helper.field);
    let enum_type = types.type_path(&helper.enum_type);
    let pending: Vec<_> = helper
        .pending
        .iter()
        .map(|variant| ident(variant))
        .collect();
    let helper_doc = format!(
        " Calls [`{}`](Self::{}) until `{}` is no longer {}, waiting longer between calls as `policy` says.",
        method.rust_name,
        method.rust_name,
        helper.field_json,
        helper.pending_wire.iter().map(|value| format!("`{value}`")).collect::<Vec<_>>().join(" or ")
    );
    quote! {
        #[doc = #helper_doc]
        pub async fn #helper_name(&self, request: #request, policy: apigen_runtime::PollPolicy) -> Result<#response, Error> {
            #transport
                .call_until(&#binding, &request, |answer: &#response| matches!(answer.#field, #(#enum_type::#pending)|*), policy)
                .await
        }
    }
}

fn kind_note(kind: &MethodKind) -> String {
    match kind {
        MethodKind::Unary { .. } => String::new(),
        MethodKind::ServerStreaming { .. } => {
            "Streams responses as server-sent events; each item is one response message.".to_owned()
        }
        MethodKind::Paged { items, .. } => {
            format!("Answers one page of `{items}`; send the answer's `next_page_token` as `page_token` for the next page.")
        }
        MethodKind::LongRunning(operation) => {
            let result = match &operation.result {
                Response::Message(path) => format!("a {}", type_link(path)),
                Response::Empty => "nothing (`()`)".to_owned(),
            };
            format!(
                "Starts a long-running operation, polled with `{}`: its metadata is a {} and its result {result}.",
                operation.poll_id,
                type_link(&operation.metadata),
            )
        }
        MethodKind::MediaUpload { upload_path, .. } => {
            format!("Sends the file's metadata; the file's bytes go to `{upload_path}` with the upload protocol.")
        }
    }
}

/// A doc link to a type: [`Modality`](crate::types::generation_config::Modality).
fn type_link(path: &TypePath) -> String {
    format!("[`{}`]({})", path.rust_name, path.full_path("crate::types"))
}

/// The transport a method's calls go through: the handle's, with the
/// method's own retry policy and timeout when it has them.
fn method_transport(method: &Method) -> TokenStream {
    if method.settings.is_empty() {
        return quote!(self.transport);
    }
    let name = ident(&method.binding_const);
    quote!(self.transport.for_method(&bindings::settings::#name))
}

/// The path of a method's binding in the client modules: `bindings::MODELS_GET`.
fn binding_path(binding_const: &str) -> TokenStream {
    let name = ident(binding_const);
    quote!(bindings::#name)
}
