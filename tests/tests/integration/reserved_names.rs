//! The names the generated code introduces come from one table
//! (`apigen::names::reserved`): the generated `Service` trait and resource
//! handles have no method beyond the API's own and that table's, and a spec
//! method that would take a reserved name is refused at its name.

use std::collections::BTreeSet;

use apigen::model::{Api, MethodKind};
use apigen::names::reserved::{self, Reserved};
use syn::ext::IdentExt;

fn options() -> apigen::Options {
    apigen::Options::new("spec/")
}

fn table(entries: &[Reserved]) -> BTreeSet<String> {
    entries.iter().map(|(name, _)| (*name).to_owned()).collect()
}

/// The names of the functions of every impl block and trait in `text`, by block.
fn blocks(text: &str) -> Vec<(String, BTreeSet<String>)> {
    let file = syn::parse_file(text).unwrap();
    let mut out = Vec::new();
    for item in file.items {
        match item {
            syn::Item::Impl(block) => {
                let names = block.items.iter().filter_map(|member| match member {
                    syn::ImplItem::Fn(function) => Some(function.sig.ident.unraw().to_string()),
                    _ => None,
                });
                let ty = quote::ToTokens::to_token_stream(&block.self_ty).to_string();
                out.push((ty, names.collect()));
            }
            syn::Item::Trait(block) => {
                let names = block.items.iter().filter_map(|member| match member {
                    syn::TraitItem::Fn(function) => Some(function.sig.ident.unraw().to_string()),
                    _ => None,
                });
                out.push((block.ident.to_string(), names.collect()));
            }
            _ => {}
        }
    }
    out
}

/// Every name a resource handle has from the spec: methods, their helpers, child accessors.
fn handle_names(api: &Api) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for resource in api
        .client_modules
        .iter()
        .flat_map(|module| &module.resources)
    {
        names.extend(resource.children.iter().map(|child| child.accessor.clone()));
        for method in &resource.methods {
            names.insert(method.rust_name.clone());
            match &method.kind {
                MethodKind::Paged {
                    pages_method,
                    items_method,
                    ..
                } => names.extend([pages_method.clone(), items_method.clone()]),
                MethodKind::MediaUpload { media_method, .. } => {
                    names.insert(media_method.clone());
                }
                MethodKind::Unary {
                    wait: Some(helper), ..
                } => {
                    names.insert(helper.rust_name.clone());
                }
                _ => {}
            }
        }
    }
    names
}

/// Every `Service` method the spec gives: one per method and per upload.
fn handler_names(api: &Api) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for method in api.methods() {
        names.insert(method.handler.clone());
        if let MethodKind::MediaUpload { media_handler, .. } = &method.kind {
            names.insert(media_handler.clone());
        }
    }
    names
}

#[test]
fn generated_methods_are_the_apis_or_the_tables() {
    for (spec, _) in xtask::OUTPUTS {
        let api = xtask::load_api(&xtask::repo_root().join(spec)).unwrap();
        let files = apigen::emit::emit(&api, &options()).unwrap();
        let (handles, handlers) = (handle_names(&api), handler_names(&api));
        let (handle_table, service_table) = (
            table(reserved::HANDLE_METHODS),
            table(reserved::SERVICE_METHODS),
        );
        let handle_types: BTreeSet<String> = api
            .client_modules
            .iter()
            .flat_map(|module| &module.resources)
            .map(|resource| format!("{} < 'a >", resource.rust_type))
            .collect();
        let mut seen = 0;
        for file in files.iter().filter(|file| file.path.ends_with(".rs")) {
            for (ty, names) in blocks(&file.contents) {
                let (from_spec, from_table) = if file.path == "src/server.rs" && ty == "Service" {
                    (&handlers, &service_table)
                } else if file.path.starts_with("src/client/") && handle_types.contains(&ty) {
                    (&handles, &handle_table)
                } else {
                    continue;
                };
                seen += 1;
                let extra: Vec<&String> = names
                    .iter()
                    .filter(|name| !from_spec.contains(*name) && !from_table.contains(*name))
                    .collect();
                assert!(
                    extra.is_empty(),
                    "{spec}: `{ty}` in {} has {extra:?}, in no table",
                    file.path
                );
            }
        }
        assert!(seen > 1, "{spec}: no handle or Service found");
    }
}

#[test]
fn a_method_cannot_take_a_name_the_service_uses() {
    let text = r#"
api:
  name: clash
  title: Clash API
  version: v1
  description: "A method whose server handler would be a reserved name."
  base_url: https://clash.example.com
  crate_name: clash-v1
  crate_version: 0.0.1
resources:
  upload:
    description: "Uploads."
    methods:
      options:
        description: "Says what uploads may be."
        http: { get: "/v1/upload:options" }
        request: Empty
        response: Empty
messages:
  Empty:
    description: "Nothing."
    fields: {}
"#;
    let spec = apigen::spec::load_sources(vec![("clash.yaml".to_owned(), text.to_owned())], "");
    let diagnostics = apigen::resolve::resolve(&spec).expect_err("the handler name is reserved");
    let text = diagnostics.to_string();
    assert!(text.contains("upload_options"), "{text}");
    assert!(
        text.contains("for the options of the upload endpoints"),
        "{text}"
    );
}
