//! `server!` reads an API spec when the calling crate compiles and expands
//! to its server side: a `Service` trait with one async method per API
//! method (each answering 501 until implemented) and a `router` function that
//! builds an axum router for any implementation, with the methods' HTTP
//! bindings in a private `bindings` module of the expansion.
//!
//! ```ignore
//! mod library_server {
//!     apigen_macros::server!("spec", types = library_v1::types);
//! }
//! ```
//!
//! The spec folder is relative to the calling crate's `CARGO_MANIFEST_DIR`
//! (or, when not found there, to the file that calls the macro), and the
//! crate rebuilds when a spec file changes. The expansion uses the runtime
//! with its `server` feature: `::apigen_runtime` unless told another path
//! (`runtime = library_v1::runtime`, the generated crate's re-export, so
//! the calling crate needs no dependency of its own). Problems in the spec
//! become compile errors naming the spec file, line and element.

use std::path::{Path, PathBuf};

use proc_macro::TokenStream;
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::{LitStr, Token};

/// Expands to the server side of the API spec in the given folder.
#[proc_macro]
pub fn server(input: TokenStream) -> TokenStream {
    let args = syn::parse_macro_input!(input as Args);
    expand(&args)
        .unwrap_or_else(|error| error.to_compile_error())
        .into()
}

/// `"spec/folder", types = path::to::types` and optionally `, runtime = path::to::runtime`.
struct Args {
    spec: LitStr,
    types: syn::Path,
    runtime: Option<syn::Path>,
}

impl Parse for Args {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let spec: LitStr = input.parse()?;
        input.parse::<Token![,]>()?;
        let types = keyed_path(input, "types")?;
        let runtime = if input.parse::<Option<Token![,]>>()?.is_some() && !input.is_empty() {
            let runtime = keyed_path(input, "runtime")?;
            let _ = input.parse::<Option<Token![,]>>()?;
            Some(runtime)
        } else {
            None
        };
        Ok(Self {
            spec,
            types,
            runtime,
        })
    }
}

/// `key = some::path`.
fn keyed_path(input: ParseStream<'_>, key: &str) -> syn::Result<syn::Path> {
    let found: syn::Ident = input.parse()?;
    if found != key {
        return Err(syn::Error::new(
            found.span(),
            format!("expected `{key} = path::to::{key}`"),
        ));
    }
    input.parse::<Token![=]>()?;
    input.parse()
}

fn expand(args: &Args) -> syn::Result<proc_macro2::TokenStream> {
    let dir = find_spec(&args.spec)?;
    let label = format!("{}/", args.spec.value().trim_end_matches('/'));
    let spec_error = |diagnostics: apigen::Diagnostics| {
        // rustc puts its own `error: ` before the message.
        let text = diagnostics.to_string();
        syn::Error::new(
            args.spec.span(),
            text.strip_prefix("error: ").unwrap_or(&text),
        )
    };
    let spec = apigen::spec::load_dir(&dir, &label);
    let api = apigen::resolve::resolve(&spec).map_err(spec_error)?;
    let types = &args.types;
    let runtime = match &args.runtime {
        Some(runtime) => quote!(#runtime),
        None => quote!(::apigen_runtime),
    };
    let items = apigen::emit::server_items(&api, &quote!(#types), &runtime);
    let tracked = spec_files(&dir).into_iter().map(|path| {
        let path = path.display().to_string();
        quote!(
            const _: &[u8] = ::core::include_bytes!(#path);
        )
    });
    Ok(quote! {
        #(#tracked)*
        #items
    })
}

/// The spec folder: relative to `CARGO_MANIFEST_DIR`, else to the calling file.
fn find_spec(spec: &LitStr) -> syn::Result<PathBuf> {
    let relative = spec.value();
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let mut tried = vec![Path::new(&manifest).join(&relative)];
    if let Some(caller) = proc_macro::Span::call_site().local_file() {
        if let Some(parent) = caller.parent() {
            tried.push(parent.join(&relative));
        }
    }
    match tried.iter().find(|dir| dir.is_dir()) {
        Some(dir) => Ok(dir.clone()),
        None => {
            let message = format!(
                "the spec folder `{relative}` was not found next to the crate's Cargo.toml nor next to this file"
            );
            Err(syn::Error::new(spec.span(), message))
        }
    }
}

/// Every spec file below `dir`, so the calling crate rebuilds when one changes.
fn spec_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&next) else {
            continue;
        };
        for path in entries.filter_map(|entry| entry.ok().map(|entry| entry.path())) {
            if path.is_dir() {
                stack.push(path);
            } else if path
                .extension()
                .is_some_and(|ext| ext == "yaml" || ext == "yml")
            {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}
