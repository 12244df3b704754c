//! Checks a spec and lowers it into the [`model`](crate::model): every type
//! reference resolved, every path template parsed against its request type,
//! every name turned into a Rust name that collides with nothing.

mod boxing;
mod methods;
mod rust_names;
mod suggest;
mod types;

use std::collections::BTreeMap;

use crate::diagnostic::{did_you_mean, Diagnostic, Diagnostics, Loc, SourceFile};
use crate::model::{self, Api, ApiInfo, ClientModule, TypeModule};
use crate::names;
use crate::spec::{self, At, Spec, Text};
use crate::yaml::Pos;
use rust_names::Namespace;

/// Checks `spec` and returns the model, or every problem found: those met
/// while reading ([`Spec::problems`]) and those found here.
pub fn resolve(spec: &Spec) -> Result<Api, Diagnostics> {
    let mut diagnostics = spec.problems.clone();
    let info = spec.api.as_ref().map(resolve_info);
    if info.is_none() && (spec.reports_unknown(spec::API_SECTION) || diagnostics.0.is_empty()) {
        diagnostics.push(no_api_section(spec));
    }
    let index = types::TypeIndex::build(spec, &mut diagnostics);

    let mut type_modules = Vec::new();
    let mut client_files = Vec::new();
    let mut type_module_names = BTreeMap::new();
    let mut client_module_names = BTreeMap::new();
    for file in &spec.files {
        if !file.messages.is_empty() || !file.enums.is_empty() {
            let at = file
                .messages
                .first()
                .map(|m| &m.at)
                .or(file.enums.first().map(|e| &e.at));
            let module = module_name(&file.path, at, &mut type_module_names, &mut diagnostics);
            type_modules.push(TypeModule {
                rust_module: format!("{module}_yaml"),
                module,
                source: file.path.clone(),
                messages: file
                    .messages
                    .iter()
                    .map(|message| index.resolve_message(message, &mut diagnostics))
                    .collect(),
                enums: file
                    .enums
                    .iter()
                    .map(|enumeration| types::resolve_enum(&index, enumeration, &mut diagnostics))
                    .collect(),
            });
        }
        if !file.resources.is_empty() {
            let module = module_name(
                &file.path,
                file.resources.first().map(|r| &r.at),
                &mut client_module_names,
                &mut diagnostics,
            );
            client_files.push((module, file));
        }
    }
    check_message_modules(spec, &type_modules, &mut diagnostics);
    boxing::box_recursive_fields(&mut type_modules);
    let client_modules = resolve_resources(&client_files, &index, &mut diagnostics);
    let Some(info) = info else {
        // Reported above, or the consequence of a problem reported while reading.
        return Err(diagnostics.into_result(()).err().unwrap_or_default());
    };
    diagnostics.into_result(Api {
        info,
        type_modules,
        client_modules,
    })
}

/// The problem of a spec without an `api:` section, shown at its first file.
fn no_api_section(spec: &Spec) -> Diagnostic {
    let source = match spec.files.first() {
        Some(file) => file.source.clone(),
        None => std::sync::Arc::new(SourceFile::new("the spec folder", "")),
    };
    let loc = Loc {
        file: source,
        pos: Pos { line: 1, column: 1 },
    };
    Diagnostic::new(&loc, "api", "the spec has no `api:` section").with_help(
        "add one (name, title, version, description, base_url, crate_name, crate_version) to one spec file",
    )
}

/// The module of a top-level message (`part` for `Part`) may not be the
/// private module of a spec file (`content_yaml` for `content.yaml`); the
/// type index checks message modules against each other.
fn check_message_modules(spec: &Spec, type_modules: &[TypeModule], diagnostics: &mut Diagnostics) {
    let file_modules: BTreeMap<&str, &str> = type_modules
        .iter()
        .map(|module| (module.rust_module.as_str(), module.source.as_str()))
        .collect();
    let declared = spec.files.iter().flat_map(|file| &file.messages);
    let resolved = type_modules.iter().flat_map(|module| &module.messages);
    for (message, resolved) in declared.zip(resolved) {
        let Some(module) = resolved
            .module
            .as_ref()
            .filter(|_| resolved.path.modules.is_empty())
        else {
            continue;
        };
        if let Some(source) = file_modules.get(module.as_str()) {
            diagnostics.push(
                message
                    .name
                    .at
                    .error(format!(
                        "`{}` would get the module `{module}`, which is the module of the spec file {source}",
                        message.name.value
                    ))
                    .with_help("rename the message or the file"),
            );
        }
    }
}

/// The `api:` facts (their forms were checked when they were read).
fn resolve_info(api: &spec::ApiInfo) -> ApiInfo {
    ApiInfo {
        name: api.name.value.clone(),
        title: api.title.value.clone(),
        version: api.version.value.clone(),
        description: api.description.value.clone(),
        base_url: api.base_url.value.trim_end_matches('/').to_owned(),
        crate_name: api.crate_name.value.clone(),
        crate_ident: api.crate_name.value.replace('-', "_"),
        crate_version: api.crate_version.value.clone(),
        api_key_header: api
            .api_key_header
            .as_ref()
            .map(|header| header.value.clone()),
        api_key_env: api
            .api_key_env
            .iter()
            .map(|name| name.value.clone())
            .collect(),
        retry: api.retry.as_ref().map(|retry| model::RetrySettings {
            statuses: retry.statuses.clone(),
            max_attempts: retry.max_attempts,
            initial_backoff_ms: retry.initial_backoff_ms,
            max_backoff_ms: retry.max_backoff_ms,
            multiplier: retry.multiplier,
            deadline_ms: retry.deadline_ms,
        }),
    }
}

/// The Rust module for a spec file: the snake_case file stem, unique per kind.
fn module_name<'s>(
    path: &str,
    at: Option<&'s At>,
    seen: &mut BTreeMap<String, &'s At>,
    diagnostics: &mut Diagnostics,
) -> String {
    let stem = path.rsplit('/').next().unwrap_or(path);
    let stem = stem.trim_end_matches(".yaml").trim_end_matches(".yml");
    let module = names::snake(stem);
    if let Some(at) = at {
        if !names::is_identifier(&module)
            || names::is_keyword(&module)
            || module == "client"
            || module == "types"
        {
            diagnostics.push(
                at.error(format!("the file name `{stem}` cannot name a Rust module"))
                    .with_help("rename the file"),
            );
        } else if let Some(first) = seen.get(&module) {
            diagnostics.push(
                at.error(format!("two spec files map to the module `{module}`"))
                    .with_note(&first.loc, "the other file")
                    .with_help("rename one of the files"),
            );
        } else {
            seen.insert(module.clone(), at);
        }
    }
    module
}

/// Names the client's own methods use; a top-level resource's accessor cannot take them.
const CLIENT_METHODS: &[(&str, &str)] = &[
    ("new", "for a client with the default settings"),
    ("builder", "for a client with other settings"),
    ("with_options", "for a client with call options"),
    ("transport", "for the client's transport"),
    ("clone", "for `Clone::clone`"),
];

/// Names every resource handle's own methods use.
const HANDLE_METHODS: &[(&str, &str)] = &[("new", "to make the handle")];

/// Type names the generated client modules already use.
const CLIENT_TYPES: &[(&str, &str)] = &[
    ("Client", "for the client"),
    ("ApiConfig", "from the runtime"),
    ("Binding", "from the runtime"),
    ("Body", "from the runtime"),
    ("CallOptions", "from the runtime"),
    ("ClientBuilder", "from the runtime"),
    ("Error", "from the runtime"),
    ("FromTransport", "from the runtime"),
    ("Transport", "from the runtime"),
    ("Verb", "from the runtime"),
    ("Box", "as Rust's own `Box`"),
    ("Option", "as Rust's own `Option`"),
    ("Result", "as Rust's own `Result`"),
    ("Self", "as Rust's own `Self`"),
    ("String", "as Rust's own `String`"),
    ("Vec", "as Rust's own `Vec`"),
];

fn resolve_resources(
    files: &[(String, &spec::SpecFile)],
    index: &types::TypeIndex<'_>,
    diagnostics: &mut Diagnostics,
) -> Vec<ClientModule> {
    let mut declared: BTreeMap<&str, &spec::Resource> = BTreeMap::new();
    for (_, file) in files {
        for resource in &file.resources {
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
        }
    }
    let all: Vec<&spec::Resource> = files.iter().flat_map(|(_, file)| &file.resources).collect();
    let first_declaration = |resource: &spec::Resource| {
        declared
            .get(resource.name.value.as_str())
            .is_some_and(|first| std::ptr::eq(*first, resource))
    };
    // Each resource's children, in spec order.
    let mut children_of: BTreeMap<&str, Vec<&spec::Resource>> = BTreeMap::new();
    for resource in all.iter().filter(|resource| first_declaration(resource)) {
        if let Some((parent, _)) = resource.name.value.rsplit_once('.') {
            children_of.entry(parent).or_default().push(resource);
        }
    }
    let mut client_methods = Namespace::new("client method", CLIENT_METHODS);
    let mut rust_types = Namespace::new("type", CLIENT_TYPES);
    let mut method_names = methods::MethodNames::default();
    let mut modules = Vec::new();
    for (module, file) in files {
        let mut resources = Vec::new();
        for resource in &file.resources {
            let segments: Vec<&str> = resource.name.value.split('.').collect();
            if let Some(bad) = segments
                .iter()
                .find(|segment| !names::is_lower_camel(segment))
            {
                diagnostics.push(resource.name.at.error(format!("`{bad}` is not a valid resource name segment")).with_help(
                    "resource names are dotted lowerCamelCase collection names, e.g. `corpora.documents`",
                ));
                continue;
            }
            let (parents, last) = match resource.name.value.rsplit_once('.') {
                Some((parents, last)) => (Some(parents), last),
                None => (None, resource.name.value.as_str()),
            };
            if let Some(parent) = parents {
                if !declared.contains_key(parent) && index.reports_unknown(parent) {
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
            let client_path: Vec<String> =
                resource.name.value.split('.').map(names::snake).collect();
            let rust_type = resource_type_name(&resource.name.value);
            let fix = "rename the resource";
            if first_declaration(resource)
                && rust_types.claim(&rust_type, &resource.name, fix, diagnostics)
                && parents.is_none()
            {
                client_methods.claim(&accessor, &resource.name, fix, diagnostics);
            }
            let mut handle = Namespace::new("Rust method", HANDLE_METHODS);
            let mut children = Vec::new();
            for child in children_of
                .get(resource.name.value.as_str())
                .into_iter()
                .flatten()
            {
                let last = child.name.value.rsplit('.').next().unwrap_or_default();
                let child_accessor = names::snake(last);
                handle.claim(&child_accessor, &child.name, fix, diagnostics);
                children.push(model::Child {
                    accessor: child_accessor,
                    rust_type: resource_type_name(&child.name.value),
                    description: child.description.value.clone(),
                });
            }
            let methods = methods::resolve_methods(
                resource,
                &mut handle,
                &mut method_names,
                index,
                diagnostics,
            );
            resources.push(model::Resource {
                rest_name: resource.name.value.clone(),
                rust_type,
                accessor,
                client_path,
                top_level: parents.is_none(),
                description: resource.description.value.clone(),
                children,
                methods,
            });
        }
        modules.push(ClientModule {
            module: module.clone(),
            source: file.path.clone(),
            resources,
        });
    }
    link_polling_methods(&mut modules, &all, index, diagnostics);
    modules
}

/// Points each long-running method at the binding of the method that polls its operation.
fn link_polling_methods(
    modules: &mut [ClientModule],
    declared: &[&spec::Resource],
    index: &types::TypeIndex<'_>,
    diagnostics: &mut Diagnostics,
) {
    // Where each method lives (module, verb, binding constant), and the
    // spec text that names each polling method.
    let mut owners = BTreeMap::new();
    for module in modules.iter() {
        for method in module
            .resources
            .iter()
            .flat_map(|resource| &resource.methods)
        {
            owners.insert(
                method.id.clone(),
                (
                    module.module.clone(),
                    method.verb,
                    method.binding_const.clone(),
                ),
            );
        }
    }
    let declared_ids: std::collections::BTreeSet<String> = declared
        .iter()
        .flat_map(|resource| {
            resource
                .methods
                .iter()
                .map(move |method| format!("{}.{}", resource.name.value, method.name.value))
        })
        .collect();
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
        .iter_mut()
        .flat_map(|module| &mut module.resources)
        .flat_map(|resource| &mut resource.methods)
    {
        let model::MethodKind::LongRunning {
            poll_id,
            poll_module,
            poll_const,
            ..
        } = &mut method.kind
        else {
            continue;
        };
        let Some(text) = poll_texts.get(&method.id) else {
            continue;
        };
        match owners.get(poll_id.as_str()) {
            Some((owner, model::Verb::Get, binding)) => {
                poll_module.clone_from(owner);
                poll_const.clone_from(binding);
            }
            Some(_) => diagnostics.push(
                text.at
                    .error(format!("the polling method `{poll_id}` must be a GET"))
                    .with_help("poll with the GET method that fetches the operation, e.g. `things.operations.get`"),
            ),
            // Declared but not resolved (its problem is reported), or maybe declared where the spec could not be read.
            None if declared_ids.contains(poll_id.as_str()) || !index.reports_unknown(poll_id) => {}
            None => {
                let message = format!("unknown method `{poll_id}`");
                let diagnostic = unknown(text, message, owners.keys().map(String::as_str));
                diagnostics.push(if diagnostic.help.is_some() {
                    diagnostic
                } else {
                    diagnostic.with_help("name a method by its REST id: the resource, a dot and the method, e.g. `things.operations.get`")
                });
            }
        }
    }
}

/// The handle type of a resource: its dotted name in UpperCamelCase
/// (`CorporaDocuments`), with `Resource` added when the crate root has a
/// type of that name already (`MediaResource`, as `Media` is the upload source).
fn resource_type_name(rest_name: &str) -> String {
    let name: String = rest_name.split('.').map(names::upper_camel).collect();
    if names::is_root_type(&name) {
        format!("{name}Resource")
    } else {
        name
    }
}

/// A diagnostic at `text` saying `message`, with a "did you mean" from `candidates` when one is close.
fn unknown<'a>(
    text: &Text,
    message: String,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Diagnostic {
    let diagnostic = text.at.error(message);
    match did_you_mean(&text.value, candidates) {
        Some(help) => diagnostic.with_help(help),
        None => diagnostic,
    }
}
