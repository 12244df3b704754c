//! Checks a spec and lowers it into the [`model`](crate::model): every type
//! reference resolved, every path template parsed against its request type,
//! every name turned into a Rust name that collides with nothing.

mod boxing;
mod methods;
mod types;

use std::collections::BTreeMap;

use crate::diagnostic::{did_you_mean, Diagnostic, Diagnostics, Loc, SourceFile};
use crate::model::{self, Api, ApiInfo, ClientModule, TypeModule};
use crate::names;
use crate::spec::{self, At, Spec, Text};
use crate::yaml::Pos;

/// Checks `spec` and returns the model, or every problem found.
pub fn resolve(spec: &Spec) -> Result<Api, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let info = match &spec.api {
        Some(api) => resolve_info(api, &mut diagnostics),
        None => {
            let source = match spec.files.first() {
                Some(file) => file.source.clone(),
                None => std::sync::Arc::new(SourceFile {
                    name: "the spec folder".to_owned(),
                    text: String::new(),
                }),
            };
            let loc = Loc {
                file: source,
                pos: Pos { line: 1, column: 1 },
            };
            let diagnostic = Diagnostic::new(&loc, "api", "the spec has no `api:` section").with_help(
                "add one (name, title, version, description, base_url, crate_name, crate_version) to one spec file",
            );
            return Err(Diagnostics(vec![diagnostic]));
        }
    };
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
                    .map(|enumeration| types::resolve_enum(enumeration, &mut diagnostics))
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
    diagnostics.into_result(Api {
        info,
        type_modules,
        client_modules,
    })
}

/// Each message with oneofs gets a public module named after it (`part` for
/// `Part`) for its oneof enums; no two may share a name, none may be taken
/// by the private module of a spec file, and none may be a keyword that
/// cannot be written raw.
fn check_message_modules(spec: &Spec, type_modules: &[TypeModule], diagnostics: &mut Diagnostics) {
    let file_modules: BTreeMap<&str, &str> = type_modules
        .iter()
        .map(|module| (module.rust_module.as_str(), module.source.as_str()))
        .collect();
    let mut taken: BTreeMap<String, &At> = BTreeMap::new();
    let declared = spec.files.iter().flat_map(|file| &file.messages);
    for message in declared.filter(|message| !message.oneofs.is_empty()) {
        let module = names::snake(&message.name.value);
        let name = &message.name;
        if names::is_unusable_keyword(&module) {
            diagnostics.push(
                name.at
                    .error(format!(
                        "`{}` would get the module `{module}` for its oneofs, which Rust does not allow",
                        name.value
                    ))
                    .with_help("rename the message"),
            );
        } else if let Some(source) = file_modules.get(module.as_str()) {
            diagnostics.push(
                name.at
                    .error(format!(
                        "`{}` would get the module `{module}` for its oneofs, which is the module of the spec file {source}",
                        name.value
                    ))
                    .with_help("rename the message or the file"),
            );
        } else if let Some(first) = taken.get(&module) {
            diagnostics.push(
                name.at
                    .error(format!(
                        "`{}` would get the module `{module}` for its oneofs, as another message does",
                        name.value
                    ))
                    .with_help(format!(
                        "the other is {}:{}; rename one of them",
                        first.loc.file.name, first.loc.pos.line
                    )),
            );
        } else {
            taken.insert(module, &name.at);
        }
    }
}

fn resolve_info(api: &spec::ApiInfo, diagnostics: &mut Diagnostics) -> ApiInfo {
    let crate_name = &api.crate_name;
    if crate_name.value.is_empty()
        || !crate_name
            .value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
    {
        diagnostics.push(
            crate_name
                .at
                .error("a crate name uses lowercase letters, digits, `-` and `_`"),
        );
    }
    let base_url = &api.base_url;
    if !(base_url.value.starts_with("https://") || base_url.value.starts_with("http://")) {
        diagnostics.push(
            base_url
                .at
                .error("the base URL must start with https:// or http://"),
        );
    }
    ApiInfo {
        name: api.name.value.clone(),
        title: api.title.value.clone(),
        version: api.version.value.clone(),
        description: api.description.value.clone(),
        base_url: base_url.value.trim_end_matches('/').to_owned(),
        crate_name: crate_name.value.clone(),
        crate_ident: crate_name.value.replace('-', "_"),
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
        retry: api
            .retry
            .as_ref()
            .and_then(|retry| resolve_retry(retry, diagnostics)),
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
                    .with_help(format!(
                        "the other is {}; rename one of the files",
                        first.loc.file.name
                    )),
            );
        } else {
            seen.insert(module.clone(), at);
        }
    }
    module
}

/// Names the client's own methods use; a top-level resource cannot take them.
const CLIENT_METHODS: &[&str] = &["new", "builder", "from_env", "transport", "clone"];

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
                        .with_help(format!(
                            "the first is at {}:{}",
                            first.at.loc.file.name, first.at.loc.pos.line
                        )),
                );
                continue;
            }
            declared.insert(&resource.name.value, resource);
        }
    }
    let all: Vec<&spec::Resource> = files.iter().flat_map(|(_, file)| &file.resources).collect();
    let mut top_level_accessors = BTreeMap::new();
    let mut modules = Vec::new();
    for (module, file) in files {
        let mut resources = Vec::new();
        for resource in &file.resources {
            let segments: Vec<&str> = resource.name.value.split('.').collect();
            if let Some(bad) = segments.iter().find(|segment| !is_camel_segment(segment)) {
                diagnostics.push(resource.name.at.error(format!("`{bad}` is not a valid resource name segment")).with_help(
                    "resource names are dotted lowerCamelCase collection names, e.g. `corpora.documents`",
                ));
                continue;
            }
            let (last, parents) = segments
                .split_last()
                .expect("split always gives one segment");
            let top_level = parents.is_empty();
            if !top_level && !declared.contains_key(parents.join(".").as_str()) {
                diagnostics.push(resource.name.at.error(format!(
                    "the parent resource `{}` is not declared",
                    parents.join(".")
                )));
            }
            let client_path: Vec<String> = segments
                .iter()
                .map(|segment| names::snake(segment))
                .collect();
            let accessor = names::snake(last);
            if top_level {
                if CLIENT_METHODS.contains(&accessor.as_str()) {
                    diagnostics.push(
                        resource
                            .name
                            .at
                            .error(format!("`{accessor}` is a method of the client itself")),
                    );
                } else if let Some(first) =
                    top_level_accessors.insert(accessor.clone(), &resource.name)
                {
                    diagnostics.push(resource.name.at.error(format!(
                        "`{}` and `{}` both become the accessor `{accessor}`",
                        first.value, resource.name.value
                    )));
                }
            }
            let children: Vec<model::Child> = all
                .iter()
                .filter(|child| {
                    child.name.value.rsplit_once('.').map(|(parent, _)| parent)
                        == Some(resource.name.value.as_str())
                })
                .map(|child| {
                    let last = child.name.value.rsplit('.').next().unwrap_or_default();
                    model::Child {
                        accessor: names::snake(last),
                        rust_type: resource_type_name(&child.name.value),
                        description: child.description.value.clone(),
                    }
                })
                .collect();
            let methods = methods::resolve_methods(resource, &children, index, diagnostics);
            resources.push(model::Resource {
                rest_name: resource.name.value.clone(),
                rust_type: resource_type_name(&resource.name.value),
                accessor,
                client_path,
                top_level,
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
    link_polling_methods(&mut modules, &all, diagnostics);
    modules
}

/// Points each long-running method at the binding of the method that polls its operation.
fn link_polling_methods(
    modules: &mut [ClientModule],
    declared: &[&spec::Resource],
    diagnostics: &mut Diagnostics,
) {
    // Where each method lives, and the spec text that names each polling method.
    let mut owners = BTreeMap::new();
    for module in modules.iter() {
        for method in module
            .resources
            .iter()
            .flat_map(|resource| &resource.methods)
        {
            owners.insert(
                method.id.clone(),
                (module.module.clone(), method.verb.clone()),
            );
        }
    }
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
            ..
        } = &mut method.kind
        else {
            continue;
        };
        let Some(text) = poll_texts.get(&method.id) else {
            continue;
        };
        match owners.get(poll_id.as_str()) {
            Some((owner, verb)) if verb == "GET" => *poll_module = owner.clone(),
            Some(_) => diagnostics.push(
                text.at
                    .error(format!("the polling method `{poll_id}` must be a GET")),
            ),
            None => {
                let message = format!("unknown method `{poll_id}`");
                diagnostics.push(unknown(text, message, owners.keys().map(String::as_str)));
            }
        }
    }
}

/// Checks the `retry:` numbers.
fn resolve_retry(
    retry: &spec::Retry,
    diagnostics: &mut Diagnostics,
) -> Option<model::RetrySettings> {
    let mut ok = true;
    let mut check = |text: &Text, valid: bool, what: &str| {
        if !valid {
            diagnostics.push(text.at.error(format!("`{}` is not {what}", text.value)));
            ok = false;
        }
    };
    let statuses: Vec<u16> = retry
        .statuses
        .iter()
        .filter_map(|status| status.value.parse().ok())
        .collect();
    for status in &retry.statuses {
        check(
            status,
            status
                .value
                .parse::<u16>()
                .is_ok_and(|code| (100..600).contains(&code)),
            "an HTTP status",
        );
    }
    let max_attempts = retry
        .max_attempts
        .value
        .parse::<u32>()
        .ok()
        .filter(|n| *n >= 1);
    check(
        &retry.max_attempts,
        max_attempts.is_some(),
        "a whole number of attempts (1 or more)",
    );
    let initial = parse_millis(&retry.initial_backoff.value);
    check(
        &retry.initial_backoff,
        initial.is_some(),
        "a duration such as `1s` or `250ms`",
    );
    let max = parse_millis(&retry.max_backoff.value);
    check(
        &retry.max_backoff,
        max.is_some(),
        "a duration such as `10s`",
    );
    let multiplier_ok = retry
        .multiplier
        .value
        .parse::<f64>()
        .is_ok_and(|m| m >= 1.0)
        && retry.multiplier.value.contains('.');
    check(
        &retry.multiplier,
        multiplier_ok,
        "a decimal number of at least 1.0, such as `1.3`",
    );
    let deadline = retry
        .deadline
        .as_ref()
        .map(|text| (text, parse_millis(&text.value)));
    if let Some((text, value)) = &deadline {
        check(text, value.is_some(), "a duration such as `600s`");
    }
    ok.then(|| model::RetrySettings {
        statuses,
        max_attempts: max_attempts.unwrap_or(1),
        initial_backoff_ms: initial.unwrap_or(0),
        max_backoff_ms: max.unwrap_or(0),
        multiplier: retry.multiplier.value.clone(),
        deadline_ms: deadline.and_then(|(_, value)| value),
    })
}

/// `250ms`, `1s` or `1.5s` in milliseconds.
fn parse_millis(text: &str) -> Option<u64> {
    if let Some(millis) = text.strip_suffix("ms") {
        return millis.parse().ok();
    }
    let seconds: f64 = text.strip_suffix('s')?.parse().ok()?;
    (seconds >= 0.0 && seconds.is_finite()).then(|| (seconds * 1000.0).round() as u64)
}

/// `corpora.documents` → `CorporaDocuments`.
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

fn is_camel_segment(segment: &str) -> bool {
    segment.starts_with(|c: char| c.is_ascii_lowercase())
        && segment.chars().all(|c| c.is_ascii_alphanumeric())
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
