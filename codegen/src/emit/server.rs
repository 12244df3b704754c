//! The server side of an API: a trait with one async method per API method
//! (each answering 501 unless implemented) and an axum router that decodes
//! requests by the transcoding rules and dispatches to the trait.

use proc_macro2::TokenStream;
use quote::quote;

use super::bindings::binding_statics;
use super::docs::doc;
use super::rust_types::Scope;
use crate::model::{Api, Method, MethodKind, Response};
use crate::names::{ident, reserved};

/// Server items for `api`, for `server!`: the method bindings in a module
/// `bindings` of their own, then the server reading them (its `Service`
/// trait, router and serving functions).
pub fn server_items(api: &Api, types: &TokenStream, runtime: &TokenStream) -> TokenStream {
    let bindings = binding_statics(api, runtime);
    let server = server_with(api, types, runtime, &quote!(self::bindings));
    quote! {
        /// The HTTP binding of each method.
        mod bindings {
            #bindings
        }

        #server
    }
}

/// Server items for `api`; `types` is the path of the module holding the
/// API's types, `runtime` the path of apigen-runtime (with its `server`
/// feature) and `bindings` the path of the module holding the method bindings.
pub fn server_with(
    api: &Api,
    types: &TokenStream,
    runtime: &TokenStream,
    bindings: &TokenStream,
) -> TokenStream {
    let methods: Vec<&Method> = api.methods().collect();
    let uploads = upload_methods(&methods);
    let upload_items = UploadItems::new(&uploads, runtime);
    let count = proc_macro2::Literal::usize_unsuffixed(methods.len());
    let table = methods.iter().map(|method| {
        let name = ident(&method.binding_const);
        quote!(&#bindings::#name)
    });
    let service = service_trait(api, &methods, &uploads, &upload_items, types, runtime);
    let router = router_items(&methods, &upload_items, runtime);
    quote! {
        /// Every method's binding, in the order `dispatch` matches them.
        static BINDINGS: [&#runtime::Binding; #count] = [#(#table),*];

        #service

        #router
    }
}

/// A media upload method: the method, its upload path, and the trait
/// method that receives the upload.
type Upload<'a> = (&'a Method, &'a str, &'a str);

/// The media upload methods among `methods`, in their order.
fn upload_methods<'a>(methods: &[&'a Method]) -> Vec<Upload<'a>> {
    methods
        .iter()
        .filter_map(|method| match &method.kind {
            MethodKind::MediaUpload {
                upload_path,
                media_handler,
                ..
            } => Some((*method, upload_path.as_str(), media_handler.as_str())),
            MethodKind::Unary { .. }
            | MethodKind::ServerStreaming { .. }
            | MethodKind::Paged { .. }
            | MethodKind::LongRunning(_) => None,
        })
        .collect()
}

/// What the upload methods add to the server: the sessions the router keeps,
/// how they are built, the trait method giving their options, and the
/// dispatch of upload requests. All empty when the API has no upload.
#[derive(Default)]
struct UploadItems {
    field: TokenStream,
    init: TokenStream,
    options: TokenStream,
    dispatch: TokenStream,
}

impl UploadItems {
    fn new(uploads: &[Upload<'_>], runtime: &TokenStream) -> Self {
        if uploads.is_empty() {
            return Self::default();
        }
        let count = proc_macro2::Literal::usize_unsuffixed(uploads.len());
        let ids = uploads.iter().map(|(method, ..)| &method.id);
        let upload_options = ident(reserved::UPLOAD_OPTIONS.0);
        let arms = uploads
            .iter()
            .enumerate()
            .map(|(index, upload)| upload_dispatch_arm(index, upload));
        Self {
            field: quote! { uploads: [#runtime::server::UploadSessions; #count], },
            init: quote! { uploads: [#(#runtime::server::UploadSessions::new(service.#upload_options(#ids))),*], },
            options: quote! {
                /// The limits of the resumable upload endpoint of `method_id`
                /// (idle time, number and size of sessions, protocol variants),
                /// read once when the router is built; by default the runtime's
                /// `UploadOptions::default()`.
                fn #upload_options(&self, method_id: &str) -> #runtime::server::UploadOptions {
                    let _ = method_id;
                    #runtime::server::UploadOptions::default()
                }
            },
            dispatch: quote! { #(#arms)* },
        }
    }
}

/// The dispatch of the requests on one upload path: authorized when they
/// start a session, read within the limits, handled by its sessions.
fn upload_dispatch_arm(index: usize, (method, path, handler): &Upload<'_>) -> TokenStream {
    let name = ident(handler);
    let authorize = ident(reserved::AUTHORIZE.0);
    let index = proc_macro2::Literal::usize_unsuffixed(index);
    let id = &method.id;
    quote! {
        if parts.uri.path() == #path {
            // A session's URL is its credential, as with Google's servers.
            let authorized = match server::names_upload_session(&parts) {
                true => Ok(()),
                false => service.#authorize(&server::AuthorizeRequest::new(#id, &parts.headers, &[])),
            };
            if let Err(error) = authorized {
                return server::upload_error_response(&error);
            }
            let body = match server::read_request_body(&parts, body, &state.limits).await {
                Ok(body) => body,
                Err(error) => return server::upload_error_response(&error),
            };
            return state.uploads[#index].handle(&parts, body, |request, media| service.#name(request, media)).await;
        }
    }
}

/// The `Service` trait: `authorize`, the upload options, and one method per
/// API method (and per upload), each answering 501 unless implemented.
fn service_trait(
    api: &Api,
    methods: &[&Method],
    uploads: &[Upload<'_>],
    upload_items: &UploadItems,
    types: &TokenStream,
    runtime: &TokenStream,
) -> TokenStream {
    let title = format!(
        " Serves the {} ({}): implement the methods you need; the others answer 501.",
        api.info.title, api.info.version
    );
    let trait_methods = methods
        .iter()
        .map(|method| trait_method(method, types, runtime));
    let upload_trait_methods = uploads
        .iter()
        .map(|(method, path, handler)| upload_trait_method(method, path, handler, types, runtime));
    let upload_options = &upload_items.options;
    let authorize = ident(reserved::AUTHORIZE.0);
    quote! {
        #[doc = #title]
        ///
        /// Requests are matched by verb and full path template (custom verbs
        /// included) and decoded from the path, query and body by the same
        /// transcoding rules the client uses. An unknown path answers 404, a
        /// known path with another verb 405, an undecodable request 400; every
        /// error is in the API's JSON error shape.
        pub trait Service: Send + Sync + 'static {
            /// Called before every method, before the request's body is read,
            /// with its method id, headers and resource name; an error is
            /// answered instead of calling the method. By default every
            /// request is let through.
            fn #authorize(&self, request: &#runtime::server::AuthorizeRequest<'_>) -> Result<(), #runtime::server::ServerError> {
                let _ = request;
                Ok(())
            }

            #upload_options

            #(#trait_methods)*
            #(#upload_trait_methods)*
        }
    }
}

/// The state the router keeps, `router` and `router_with`, and `dispatch`,
/// which routes and authorizes a request before it reads its body.
fn router_items(
    methods: &[&Method],
    upload_items: &UploadItems,
    runtime: &TokenStream,
) -> TokenStream {
    let served = served_struct(upload_items, runtime);
    let constructors = router_constructors(upload_items, runtime);
    let dispatch = dispatch_fn(methods, upload_items, runtime);
    quote! {
        #served

        #constructors

        #dispatch
    }
}

/// `Served`: the service, its limits and the upload sessions, shared by
/// every request the router answers.
fn served_struct(upload_items: &UploadItems, runtime: &TokenStream) -> TokenStream {
    let uploads_field = &upload_items.field;
    quote! {
        /// A service, the limits it is served with, and the state the router keeps for it.
        struct Served<S> {
            service: S,
            limits: #runtime::server::ServerLimits,
            #uploads_field
        }
    }
}

/// `router` (default limits) and `router_with`, which build the state and
/// send every path to `dispatch`.
fn router_constructors(upload_items: &UploadItems, runtime: &TokenStream) -> TokenStream {
    let uploads_init = &upload_items.init;
    quote! {
        /// An axum router that serves `service` on every path, with the default
        /// `ServerLimits`. It routes with a catch-all route rather than a
        /// fallback, so it merges with routers of your own (their explicit
        /// routes win, e.g. a health check).
        pub fn router<S: Service>(service: S) -> #runtime::server::axum::Router {
            router_with(service, #runtime::server::ServerLimits::default())
        }

        /// Like [`router`], with your own limits. A request is routed and
        /// authorized before its body is read: an unknown path answers 404, a
        /// refused one 401 or 403, without reading the body; a body over
        /// `limits.body_limit` answers 413, one that takes longer than
        /// `limits.body_timeout` to arrive 408. Serve it with `serve` (from the
        /// runtime's `server` module) for the header timeout.
        pub fn router_with<S: Service>(service: S, limits: #runtime::server::ServerLimits) -> #runtime::server::axum::Router {
            let served = std::sync::Arc::new(Served { #uploads_init service, limits });
            let handler = move |request: #runtime::server::axum::extract::Request| {
                let served = served.clone();
                async move { dispatch(&served, request).await }
            };
            #runtime::server::axum::Router::new()
                .route("/", #runtime::server::axum::routing::any(handler.clone()))
                .route("/{*path}", #runtime::server::axum::routing::any(handler))
        }
    }
}

/// `dispatch`: hands upload requests to their sessions, then routes a
/// request, authorizes it, reads its body within the limits and calls the
/// method's handler.
fn dispatch_fn(
    methods: &[&Method],
    upload_items: &UploadItems,
    runtime: &TokenStream,
) -> TokenStream {
    let arms = methods
        .iter()
        .enumerate()
        .map(|(index, method)| dispatch_arm(index, method, runtime));
    let upload_dispatch = &upload_items.dispatch;
    let authorize = ident(reserved::AUTHORIZE.0);
    quote! {
        async fn dispatch<S: Service>(
            state: &Served<S>,
            request: #runtime::server::axum::extract::Request,
        ) -> #runtime::server::axum::response::Response {
            use #runtime::server::{self, RouteMatch};
            static ROUTES: std::sync::OnceLock<server::Routes> = std::sync::OnceLock::new();
            let routes = ROUTES.get_or_init(|| server::Routes::new(&BINDINGS));
            let service = &state.service;
            let (parts, body) = request.into_parts();
            #upload_dispatch
            let (verb, path) = (parts.method.as_str(), parts.uri.path());
            let (index, captures) = match routes.find(verb, path) {
                RouteMatch::Found { index, captures } => (index, captures),
                other => return server::unrouted_response(other, verb, path),
            };
            let binding = BINDINGS[index];
            let head = server::AuthorizeRequest::new(binding.method_id, &parts.headers, &captures);
            if let Err(error) = service.#authorize(&head) {
                return server::error_response(&error);
            }
            let body = match server::read_request_body(&parts, body, &state.limits).await {
                Ok(body) => body,
                Err(error) => return server::error_response(&error),
            };
            let query = parts.uri.query().unwrap_or_default();
            match index {
                #(#arms)*
                _ => server::error_response(&server::ServerError::internal("no handler for a matched route")),
            }
        }
    }
}

/// The trait method that receives a finished media upload.
fn upload_trait_method(
    method: &Method,
    path: &str,
    handler: &str,
    types: &TokenStream,
    runtime: &TokenStream,
) -> TokenStream {
    let name = ident(handler);
    let scope = Scope::Outside(types);
    let request = scope.type_path(&method.request);
    let response = scope.answer_type(&method.kind.wire_response());
    let id = &method.id;
    let docs = doc(
        &format!("Receives a finished resumable upload for `{id}`: the session's metadata and all the bytes."),
        &[format!("`POST {path}` with the `x-goog-upload-*` protocol; sessions are kept in memory.")],
    );
    quote! {
        #docs
        fn #name(&self, request: #request, media: #runtime::server::UploadedMedia) -> impl std::future::Future<Output = Result<#response, #runtime::server::ServerError>> + Send {
            let _ = (request, media);
            async { Err(#runtime::server::ServerError::unimplemented(#id)) }
        }
    }
}

fn trait_method(method: &Method, types: &TokenStream, runtime: &TokenStream) -> TokenStream {
    let name = ident(&method.handler);
    let scope = Scope::Outside(types);
    let request = scope.type_path(&method.request);
    let id = &method.id;
    let docs = doc(
        &method.description,
        &[format!(
            "`{} {}` (`{id}`)",
            method.verb.as_str(),
            method.spec_path
        )],
    );
    let answer = match &method.kind {
        MethodKind::ServerStreaming { item } => {
            let item = scope.type_path(item);
            quote!(#runtime::server::ServerStream<#item>)
        }
        kind => scope.answer_type(&kind.wire_response()),
    };
    quote! {
        #docs
        fn #name(&self, request: #request) -> impl std::future::Future<Output = Result<#answer, #runtime::server::ServerError>> + Send {
            let _ = request;
            async { Err(#runtime::server::ServerError::unimplemented(#id)) }
        }
    }
}

fn dispatch_arm(index: usize, method: &Method, runtime: &TokenStream) -> TokenStream {
    let name = ident(&method.handler);
    let index = proc_macro2::Literal::usize_unsuffixed(index);
    match (&method.kind, method.kind.wire_response()) {
        (MethodKind::ServerStreaming { .. }, _) => quote! {
            #index => server::handle_stream(binding, captures, query, &body, |request| service.#name(request)).await,
        },
        (_, Response::Empty) => quote! {
            #index => server::handle(binding, captures, query, &body, |request| async {
                service.#name(request).await.map(|()| #runtime::Empty {})
            })
            .await,
        },
        (_, Response::Message(_)) => quote! {
            #index => server::handle(binding, captures, query, &body, |request| service.#name(request)).await,
        },
    }
}
