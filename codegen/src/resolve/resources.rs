//! Resources: each declared once, reached through its parent, with a handle
//! type and accessor that collide with nothing; their methods lowered; and
//! each long-running method checked against the GET method that polls it.

use std::collections::{BTreeMap, BTreeSet};

use super::methods::{self, InheritedRetry, MethodNames};
use super::rust_names::Namespace;
use super::types::TypeIndex;
use super::unknown;
use crate::annotate::Messages;
use crate::diagnostic::Diagnostics;
use crate::model::{self, ClientModule};
use crate::names::{self, reserved};
use crate::spec::{self, Text};

/// How to free a name a resource takes.
const RENAME_RESOURCE: &str = "rename the resource";

/// The resources by name (the first declaration of each), and each one's
/// children in spec order.
struct Tree<'s> {
    declared: BTreeMap<&'s str, &'s spec::Resource>,
    children_of: BTreeMap<&'s str, Vec<&'s spec::Resource>>,
    /// The client module that holds each resource's handle (its first declaration's).
    module_of: BTreeMap<&'s str, &'s str>,
}

impl<'s> Tree<'s> {
    /// Indexes the resources of every file (`files`: its module name and
    /// the file), reporting any declared twice.
    fn build(files: &'s [(String, &'s spec::SpecFile)], diagnostics: &mut Diagnostics) -> Self {
        let mut declared: BTreeMap<&str, &spec::Resource> = BTreeMap::new();
        let mut module_of = BTreeMap::new();
        let all = files.iter().flat_map(|(module, file)| {
            file.resources
                .iter()
                .map(move |resource| (module, resource))
        });
        for (module, resource) in all.clone() {
            if let Some(first) = declared.get(resource.name.value.as_str()) {
                diagnostics.push(
                    resource
                        .name
                        .at
                        .error(format!(
                            "resource `{}` is declared twice",
                            resource.name.value
                        ))
                        .with_note(&first.name.at.loc, "first declared here")
                        .with_help("merge their methods into one declaration"),
                );
                continue;
            }
            declared.insert(&resource.name.value, resource);
            module_of.insert(resource.name.value.as_str(), module.as_str());
        }
        let mut tree = Self {
            declared,
            children_of: BTreeMap::new(),
            module_of,
        };
        for (_, resource) in all {
            if !tree.is_first(resource) {
                continue;
            }
            if let Some((parent, _)) = resource.name.value.rsplit_once('.') {
                tree.children_of.entry(parent).or_default().push(resource);
            }
        }
        tree
    }

    /// Whether `resource` is the first declaration of its name.
    fn is_first(&self, resource: &spec::Resource) -> bool {
        self.declared
            .get(resource.name.value.as_str())
            .is_some_and(|first| std::ptr::eq(*first, resource))
    }
}

/// The names taken across the generated client: the client's methods, the
/// handle types and the methods' crate-wide names.
struct CrateNames {
    client_methods: Namespace,
    rust_types: Namespace,
    methods: MethodNames,
}

/// Lowers the resources of each client file (`files`: its module name and
/// the file), then checks the long-running methods' polling methods.
pub(super) fn resolve_resources(
    files: &[(String, &spec::SpecFile)],
    index: &TypeIndex<'_>,
    messages: &Messages<'_>,
    api_retry: InheritedRetry<'_>,
    diagnostics: &mut Diagnostics,
) -> Vec<ClientModule> {
    let all: Vec<&spec::Resource> = files.iter().flat_map(|(_, file)| &file.resources).collect();
    let tree = Tree::build(files, diagnostics);
    let mut names = CrateNames {
        client_methods: Namespace::new("client method", &[reserved::CLIENT_METHODS]),
        rust_types: Namespace::new("type", reserved::CLIENT_TYPES),
        methods: MethodNames::default(),
    };
    let modules: Vec<ClientModule> = files
        .iter()
        .map(|(module, file)| ClientModule {
            module: module.clone(),
            source: file.path.clone(),
            resources: file
                .resources
                .iter()
                .filter_map(|resource| {
                    resolve_resource(
                        resource,
                        &tree,
                        &mut names,
                        (index, messages),
                        api_retry,
                        diagnostics,
                    )
                })
                .collect(),
        })
        .collect();
    check_polling_methods(&modules, &all, index, diagnostics);
    modules
}

/// Lowers one resource: its handle type, accessor, children and methods.
/// `None` when its name is not allowed (reported).
fn resolve_resource(
    resource: &spec::Resource,
    tree: &Tree<'_>,
    names: &mut CrateNames,
    (index, messages): (&TypeIndex<'_>, &Messages<'_>),
    api_retry: InheritedRetry<'_>,
    diagnostics: &mut Diagnostics,
) -> Option<model::Resource> {
    check_resource_name(resource, diagnostics)?;
    let (parents, last) = match resource.name.value.rsplit_once('.') {
        Some((parents, last)) => (Some(parents), last),
        None => (None, resource.name.value.as_str()),
    };
    if let Some(parent) = parents {
        if !tree.declared.contains_key(parent) && index.reports_unknown(parent) {
            diagnostics.push(
                resource
                    .name
                    .at
                    .error(format!("the parent resource `{parent}` is not declared"))
                    .with_help(format!(
                        "declare `{parent}` too: a nested resource is reached through its parent"
                    )),
            );
        }
    }
    let accessor = names::snake(last);
    let client_path: Vec<String> = resource.name.value.split('.').map(names::snake).collect();
    let rust_type = resource_type_name(&resource.name.value);
    if tree.is_first(resource)
        && names
            .rust_types
            .claim(&rust_type, &resource.name, RENAME_RESOURCE, diagnostics)
        && parents.is_none()
    {
        names
            .client_methods
            .claim(&accessor, &resource.name, RENAME_RESOURCE, diagnostics);
    }
    let mut handle = Namespace::new("Rust method", &[reserved::HANDLE_METHODS]);
    let children = children(resource, tree, &mut handle, diagnostics);
    let methods = methods::resolve_methods(
        resource,
        &mut handle,
        &mut names.methods,
        (index, messages),
        api_retry,
        diagnostics,
    );
    Some(model::Resource {
        rest_name: resource.name.value.clone(),
        rust_type,
        accessor,
        client_path,
        top_level: parents.is_none(),
        description: resource.description.value.clone(),
        children,
        methods,
    })
}

/// Reports a resource name with a segment that is not lowerCamelCase.
fn check_resource_name(resource: &spec::Resource, diagnostics: &mut Diagnostics) -> Option<()> {
    let Some(bad) = resource
        .name
        .value
        .split('.')
        .find(|segment| !names::is_lower_camel(segment))
    else {
        return Some(());
    };
    diagnostics.push(
        resource
            .name
            .at
            .error(format!("`{bad}` is not a valid resource name segment"))
            .with_help(
                "resource names are dotted lowerCamelCase collection names, e.g. `shelves.books`",
            ),
    );
    None
}

/// The children of a resource, each accessor claimed on its handle.
fn children(
    resource: &spec::Resource,
    tree: &Tree<'_>,
    handle: &mut Namespace,
    diagnostics: &mut Diagnostics,
) -> Vec<model::Child> {
    let mut children = Vec::new();
    for child in tree
        .children_of
        .get(resource.name.value.as_str())
        .into_iter()
        .flatten()
    {
        let last = child.name.value.rsplit('.').next().unwrap_or_default();
        let accessor = names::snake(last);
        handle.claim(&accessor, &child.name, RENAME_RESOURCE, diagnostics);
        let rust_type = resource_type_name(&child.name.value);
        // A handle of another file is reached through the re-exports of `client`.
        let module = |resource: &spec::Resource| tree.module_of.get(resource.name.value.as_str());
        let path = if module(child) == module(resource) {
            vec![rust_type.clone()]
        } else {
            vec!["super".to_owned(), rust_type.clone()]
        };
        children.push(model::Child {
            accessor,
            rust_type,
            path,
            description: child.description.value.clone(),
        });
    }
    children
}

/// Checks that each long-running method's polling method is a GET method of the API.
fn check_polling_methods(
    modules: &[ClientModule],
    declared: &[&spec::Resource],
    index: &TypeIndex<'_>,
    diagnostics: &mut Diagnostics,
) {
    let verbs = method_verbs(modules);
    let declared_ids: BTreeSet<String> = declared
        .iter()
        .flat_map(|resource| {
            resource
                .methods
                .iter()
                .map(move |method| format!("{}.{}", resource.name.value, method.name.value))
        })
        .collect();
    // The spec text that names each polling method.
    let poll_texts: BTreeMap<String, &Text> = declared
        .iter()
        .flat_map(|resource| {
            resource.methods.iter().filter_map(move |method| {
                let lro = method.long_running.as_ref()?;
                Some((
                    format!("{}.{}", resource.name.value, method.name.value),
                    &lro.poll,
                ))
            })
        })
        .collect();
    for method in modules
        .iter()
        .flat_map(|module| &module.resources)
        .flat_map(|resource| &resource.methods)
    {
        let model::MethodKind::LongRunning(model::Operation { poll_id, .. }) = &method.kind else {
            continue;
        };
        let Some(text) = poll_texts.get(&method.id) else {
            continue;
        };
        match verbs.get(poll_id.as_str()) {
            Some(model::Verb::Get) => {}
            Some(_) => diagnostics.push(
                text.at
                    .error(format!("the polling method `{poll_id}` must be a GET"))
                    .with_help("poll with the GET method that fetches the operation, e.g. `things.operations.get`"),
            ),
            // Declared but not resolved (its problem is reported), or maybe declared where the spec could not be read.
            None if declared_ids.contains(poll_id.as_str()) || !index.reports_unknown(poll_id) => {}
            None => {
                let message = format!("unknown method `{poll_id}`");
                let diagnostic = unknown(text, message, verbs.keys().map(String::as_str));
                diagnostics.push(if diagnostic.help.is_some() {
                    diagnostic
                } else {
                    diagnostic.with_help("name a method by its REST id: the resource, a dot and the method, e.g. `things.operations.get`")
                });
            }
        }
    }
}

/// The verb of each resolved method, by its id.
fn method_verbs(modules: &[ClientModule]) -> BTreeMap<String, model::Verb> {
    modules
        .iter()
        .flat_map(|module| &module.resources)
        .flat_map(|resource| &resource.methods)
        .map(|method| (method.id.clone(), method.verb))
        .collect()
}

/// The handle type of a resource: its dotted name in UpperCamelCase
/// (`ShelvesBooks`), with `Resource` added when the crate root has a
/// type of that name already (`MediaResource`, as `Media` is the upload source).
fn resource_type_name(rest_name: &str) -> String {
    let name: String = rest_name.split('.').map(names::upper_camel).collect();
    if names::is_root_type(&name) {
        format!("{name}Resource")
    } else {
        name
    }
}
