//! Any text as a spec, split into several files at lines `#> path.yaml`:
//! loading and checking report problems and never panic; a spec that checks
//! always generates; and what it generates is a crate Cargo and rustc would
//! take: every Rust file parses, no scope declares one name twice (types,
//! functions and constants of a module, fields of a struct, variants of an
//! enum, methods of an impl or trait, the types re-exported together), and
//! the manifest's package name and version are valid; every binding's
//! path template (written with JSON names) parses, as the runtime needs; and
//! every method the spec declares is in the generated client and server
//! (the oracle of the property test, `method_oracle`).
#![no_main]

use std::collections::BTreeSet;

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/tests/integration/method_oracle.rs"]
mod method_oracle;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let spec = apigen::spec::load_sources(split(&text), "fuzz/");
    let Ok(api) = apigen::resolve::resolve(&spec) else {
        return;
    };
    let options = apigen::Options::new("fuzz/");
    for method in api.methods() {
        // The generated binding holds the template as text: it must read back.
        apigen_runtime::path_template::PathTemplate::parse(&method.http.path.to_string())
            .unwrap_or_else(|error| panic!("the binding of `{}` does not parse: {error}", method.id));
    }
    let files = apigen::emit::emit(&api, &options)
        .unwrap_or_else(|error| panic!("a checked spec must emit valid Rust: {error}"));
    let missing = method_oracle::missing_methods(&spec, &files);
    assert!(missing.is_empty(), "declared methods vanished: {missing:#?}");
    let mut types = Names::new("the types re-exported by src/types/mod.rs");
    let mut handles = Names::new("the handles re-exported by src/client/mod.rs");
    for file in &files {
        if file.path == "Cargo.toml" {
            check_manifest(&file.contents);
            continue;
        }
        let parsed = syn::parse_file(&file.contents)
            .unwrap_or_else(|error| panic!("{} does not parse: {error}\n{}", file.path, file.contents));
        check_scopes(&parsed.items, &file.path);
        let shared = if file.path.starts_with("src/types/") && !file.path.ends_with("mod.rs") {
            Some(&mut types)
        } else if file.path.starts_with("src/client/") && !file.path.ends_with("mod.rs") {
            Some(&mut handles)
        } else {
            None
        };
        if let Some(shared) = shared {
            for item in &parsed.items {
                if let Some(name) = type_name(item) {
                    shared.add(name);
                }
            }
        }
    }
});

/// The input's files: lines `#> path` start a new one; before the first, `a.yaml`.
fn split(text: &str) -> Vec<(String, String)> {
    let mut files = vec![("a.yaml".to_owned(), String::new())];
    for line in text.split_inclusive('\n') {
        if let Some(path) = line.strip_prefix("#> ") {
            files.push((path.trim().to_owned(), String::new()));
        } else if let Some((_, text)) = files.last_mut() {
            text.push_str(line);
        }
    }
    files
}

/// Names of one scope; adding one twice is a failure.
struct Names {
    scope: String,
    seen: BTreeSet<String>,
}

impl Names {
    fn new(scope: impl Into<String>) -> Self {
        Self {
            scope: scope.into(),
            seen: BTreeSet::new(),
        }
    }

    fn add(&mut self, name: String) {
        assert!(
            self.seen.insert(name.clone()),
            "`{name}` is declared twice in {}",
            self.scope
        );
    }
}

fn type_name(item: &syn::Item) -> Option<String> {
    Some(match item {
        syn::Item::Struct(item) => item.ident.to_string(),
        syn::Item::Enum(item) => item.ident.to_string(),
        syn::Item::Trait(item) => item.ident.to_string(),
        syn::Item::Type(item) => item.ident.to_string(),
        syn::Item::Mod(item) => item.ident.to_string(),
        _ => return None,
    })
}

/// Checks a list of items and everything inside them.
fn check_scopes(items: &[syn::Item], path: &str) {
    let mut types = Names::new(format!("the types of {path}"));
    let mut values = Names::new(format!("the functions and constants of {path}"));
    for item in items {
        if let Some(name) = type_name(item) {
            types.add(name);
        }
        match item {
            syn::Item::Fn(item) => values.add(item.sig.ident.to_string()),
            syn::Item::Const(item) => values.add(item.ident.to_string()),
            syn::Item::Static(item) => values.add(item.ident.to_string()),
            syn::Item::Use(item) => imported(&item.tree, &mut types),
            syn::Item::Struct(item) => {
                let mut fields = Names::new(format!("the fields of {} in {path}", item.ident));
                for field in &item.fields {
                    if let Some(name) = &field.ident {
                        fields.add(name.to_string());
                    }
                }
            }
            syn::Item::Enum(item) => {
                let mut variants = Names::new(format!("the variants of {} in {path}", item.ident));
                for variant in &item.variants {
                    variants.add(variant.ident.to_string());
                }
            }
            syn::Item::Impl(item) => {
                let mut methods = Names::new(format!("an impl block in {path}"));
                for member in &item.items {
                    if let syn::ImplItem::Fn(member) = member {
                        methods.add(member.sig.ident.to_string());
                    }
                }
            }
            syn::Item::Trait(item) => {
                let mut methods = Names::new(format!("the trait {} in {path}", item.ident));
                for member in &item.items {
                    if let syn::TraitItem::Fn(member) = member {
                        methods.add(member.sig.ident.to_string());
                    }
                }
            }
            syn::Item::Mod(item) => {
                if let Some((_, items)) = &item.content {
                    check_scopes(items, path);
                }
            }
            _ => {}
        }
    }
}

/// The names a `use` brings in (globs bring in nothing nameable here).
fn imported(tree: &syn::UseTree, names: &mut Names) {
    match tree {
        syn::UseTree::Path(path) => imported(&path.tree, names),
        syn::UseTree::Name(name) if name.ident != "self" => names.add(name.ident.to_string()),
        syn::UseTree::Rename(rename) => names.add(rename.rename.to_string()),
        syn::UseTree::Group(group) => group.items.iter().for_each(|tree| imported(tree, names)),
        _ => {}
    }
}

/// The package's name and version are ones Cargo accepts.
fn check_manifest(text: &str) {
    let manifest: toml::Table = text
        .parse()
        .unwrap_or_else(|error| panic!("Cargo.toml does not parse: {error}\n{text}"));
    let package = manifest["package"].as_table().expect("a [package] table");
    let name = package["name"].as_str().expect("a package name");
    assert!(
        name.starts_with(|c: char| c.is_ascii_alphabetic())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
        "Cargo refuses the package name `{name}`"
    );
    let version = package["version"].as_str().expect("a package version");
    semver::Version::parse(version)
        .unwrap_or_else(|error| panic!("Cargo refuses the version `{version}`: {error}"));
}
