//! The oracle that no declared method vanishes: for a spec the checker
//! accepts, every method declared in the spec text has, in the generated
//! Rust (read back with syn), its binding static in `src/bindings.rs` and its client method
//! (calling that binding) with the helpers its kind adds, and its handler
//! on the server's `Service` trait, which the server's `dispatch` calls.
//! Names come from the spec and `apigen::names`, never from the model, so
//! a method the model lost is found missing. The spec fuzz target includes
//! this file as its own module.

use std::collections::{BTreeMap, BTreeSet};

use apigen::spec::Spec;
use apigen::GeneratedFile;
use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;

/// What one generated function is: its name and every identifier in its body.
struct Function {
    name: String,
    body: BTreeSet<String>,
}

/// The functions of one file: those of each impl block (by the block's
/// position), those of each trait (by its name), the free ones, and the statics.
#[derive(Default)]
struct FileItems {
    impls: Vec<Vec<Function>>,
    traits: BTreeMap<String, Vec<Function>>,
    functions: Vec<Function>,
    statics: BTreeSet<String>,
}

/// Every method the spec declares that the generated files lack, as a
/// sentence each; empty when every one is there.
pub fn missing_methods(spec: &Spec, files: &[GeneratedFile]) -> Vec<String> {
    let mut client = Vec::new();
    let mut server = FileItems::default();
    let mut bindings = FileItems::default();
    for file in files.iter().filter(|file| file.path.ends_with(".rs")) {
        let Ok(parsed) = syn::parse_file(&file.contents) else {
            return vec![format!("{} does not parse", file.path)];
        };
        let mut items = FileItems::default();
        collect(&parsed.items, &mut items);
        if file.path == "src/server.rs" {
            server = items;
        } else if file.path == "src/bindings.rs" {
            bindings = items;
        } else if file.path.starts_with("src/client/") {
            client.push(items);
        }
    }
    let mut missing = Vec::new();
    for resource in spec.files.iter().flat_map(|file| &file.resources) {
        for method in &resource.methods {
            let id = format!("{}.{}", resource.name.value, method.name.value);
            let binding = apigen::names::binding_const(&id);
            let rust_name = apigen::names::snake(&method.name.value);
            let mut client_names = vec![rust_name.clone()];
            let mut handlers = vec![binding.to_lowercase()];
            if method.paging_items.is_some() {
                client_names.push(format!("{rust_name}_pages"));
                client_names.push(format!("{rust_name}_items"));
            }
            if method.media_upload_path.is_some() {
                client_names.push(format!("{rust_name}_media"));
                handlers.push(format!("{}_media", binding.to_lowercase()));
            }
            if let Some(wait) = &method.wait {
                client_names.push(apigen::names::snake(&wait.name.value));
            }
            if bindings.statics.contains(&binding) {
                check_client(&id, &binding, &client_names, &client, &mut missing);
            } else {
                missing.push(format!("`{id}`: src/bindings.rs has no `{binding}`"));
            }
            check_server(&id, &handlers, &server, &mut missing);
        }
    }
    missing
}

/// One impl block of the client files has the method calling the binding
/// and every helper.
fn check_client(
    id: &str,
    binding: &str,
    names: &[String],
    client: &[FileItems],
    missing: &mut Vec<String>,
) {
    let calls_binding =
        |function: &Function| function.name == names[0] && function.body.contains(binding);
    let Some(handle) = client
        .iter()
        .flat_map(|file| &file.impls)
        .find(|block| block.iter().any(calls_binding))
    else {
        missing.push(format!(
            "`{id}`: no client method `{}` calls `{binding}`",
            names[0]
        ));
        return;
    };
    for name in &names[1..] {
        if !handle.iter().any(|function| &function.name == name) {
            missing.push(format!(
                "`{id}`: the client has no `{name}` next to `{}`",
                names[0]
            ));
        }
    }
}

/// Each handler is a method of the `Service` trait that the server's
/// functions (its router and dispatch) call.
fn check_server(id: &str, handlers: &[String], server: &FileItems, missing: &mut Vec<String>) {
    let service = server.traits.get("Service").map_or(&[][..], Vec::as_slice);
    let called = |handler: &String| {
        let mut callers = server.functions.iter().chain(server.impls.iter().flatten());
        callers.any(|function| function.body.contains(handler))
    };
    for handler in handlers {
        if !service.iter().any(|function| &function.name == handler) {
            missing.push(format!("`{id}`: the `Service` trait has no `{handler}`"));
        } else if !called(handler) {
            missing.push(format!("`{id}`: nothing in the server calls `{handler}`"));
        }
    }
}

/// Collects the functions and statics of `items`, inside modules too.
fn collect(items: &[syn::Item], into: &mut FileItems) {
    for item in items {
        match item {
            syn::Item::Static(item) => {
                into.statics.insert(item.ident.to_string());
            }
            syn::Item::Fn(item) => into.functions.push(function(&item.sig, &item.block)),
            syn::Item::Impl(item) => into.impls.push(
                item.items
                    .iter()
                    .filter_map(|member| match member {
                        syn::ImplItem::Fn(member) => Some(function(&member.sig, &member.block)),
                        _ => None,
                    })
                    .collect(),
            ),
            syn::Item::Trait(item) => {
                let functions = item.items.iter().filter_map(|member| match member {
                    syn::TraitItem::Fn(member) => Some(Function {
                        name: unraw(&member.sig.ident),
                        body: member
                            .default
                            .as_ref()
                            .map(|block| identifiers(block.to_token_stream()))
                            .unwrap_or_default(),
                    }),
                    _ => None,
                });
                into.traits
                    .entry(item.ident.to_string())
                    .or_default()
                    .extend(functions);
            }
            syn::Item::Mod(item) => {
                if let Some((_, items)) = &item.content {
                    collect(items, into);
                }
            }
            _ => {}
        }
    }
}

fn function(signature: &syn::Signature, block: &syn::Block) -> Function {
    Function {
        name: unraw(&signature.ident),
        body: identifiers(block.to_token_stream()),
    }
}

/// Every identifier in `tokens`, inside groups and macro calls too.
fn identifiers(tokens: TokenStream) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut stack = vec![tokens];
    while let Some(tokens) = stack.pop() {
        for token in tokens {
            match token {
                TokenTree::Ident(ident) => {
                    found.insert(unraw(&ident));
                }
                TokenTree::Group(group) => stack.push(group.stream()),
                TokenTree::Punct(_) | TokenTree::Literal(_) => {}
            }
        }
    }
    found
}

/// An identifier's name without `r#`.
fn unraw(ident: &proc_macro2::Ident) -> String {
    let name = ident.to_string();
    name.strip_prefix("r#")
        .map_or_else(|| name.clone(), str::to_owned)
}
