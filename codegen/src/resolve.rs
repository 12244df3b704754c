//! Checks a spec and lowers it into the [`model`](crate::model): every type
//! reference resolved, every path template parsed against its request type,
//! every name turned into a Rust name that collides with nothing.

mod boxing;
mod methods;
mod package_modules;
mod resources;
mod rust_names;
mod suggest;
mod types;

use std::collections::BTreeMap;

use crate::annotate;
use crate::diagnostic::{did_you_mean, Diagnostic, Diagnostics, Loc, SourceFile};
use crate::model::{Api, ApiInfo, ApiKey, Auth, RuntimeTypes, TypeModule};
use crate::names;
use crate::spec::{self, At, Spec, Text};
use crate::yaml::Pos;
use methods::InheritedRetry;
pub(crate) use types::split_package;

/// Checks `spec` and returns the model, or every problem found: those met
/// while reading ([`Spec::problems`]) and those found here.
pub fn resolve(spec: &Spec) -> Result<Api, Diagnostics> {
    let mut diagnostics = spec.problems.clone();
    let info = spec.api.as_ref().map(resolve_info);
    if info.is_none() && (spec.reports_unknown(spec::API_SECTION) || diagnostics.0.is_empty()) {
        diagnostics.push(no_api_section(spec));
    }
    let index = types::TypeIndex::build(spec, &mut diagnostics);
    let FileModules {
        mut type_modules,
        shared_types,
        client_files,
    } = file_modules(spec, &index, &mut diagnostics);
    check_message_modules(spec, &type_modules, &mut diagnostics);
    boxing::box_recursive_fields(&mut type_modules);
    let every_module: Vec<TypeModule> = type_modules.iter().chain(&shared_types).cloned().collect();
    let messages = annotate::Messages::of(&every_module);
    let api_retry = api_retry(spec, &mut diagnostics);
    let client_modules = resources::resolve_resources(
        &client_files,
        &index,
        &messages,
        api_retry,
        &mut diagnostics,
    );
    let Some(info) = info else {
        // Reported above, or the consequence of a problem reported while reading.
        return Err(diagnostics.into_result(()).err().unwrap_or_default());
    };
    let mut api = Api {
        info,
        type_modules,
        shared_types,
        package_modules: Vec::new(),
        client_modules,
        type_scopes: Default::default(),
    };
    // The runtime holds the shared types' code (boxed and scoped by
    // `resolve_runtime_types`); the crate only re-exports their modules.
    api.package_modules = package_modules::package_modules(&api);
    api.type_scopes = annotate::type_scopes(&api.type_modules);
    diagnostics.into_result(api)
}

/// What the crate makes of the spec's files, before their types are boxed.
struct FileModules<'s> {
    /// One module per file of the spec's own with messages or enums.
    type_modules: Vec<TypeModule>,
    /// The types of the shipped files: named by the crate, never generated into it.
    shared_types: Vec<TypeModule>,
    /// The files with resources, each with its client module's name.
    client_files: Vec<(String, &'s spec::SpecFile)>,
}

/// Sorts the spec's files into type modules, shipped types and client
/// files, each module named uniquely for its kind.
fn file_modules<'s>(
    spec: &'s Spec,
    index: &types::TypeIndex<'_>,
    diagnostics: &mut Diagnostics,
) -> FileModules<'s> {
    let mut modules = FileModules {
        type_modules: Vec::new(),
        shared_types: Vec::new(),
        client_files: Vec::new(),
    };
    let mut type_module_names = BTreeMap::new();
    let mut client_module_names = BTreeMap::new();
    for file in &spec.files {
        if file.shared {
            modules
                .shared_types
                .push(file_types(file, index, diagnostics));
            continue;
        }
        check_no_rust_type(file, diagnostics);
        if !file.messages.is_empty() || !file.enums.is_empty() {
            let at = (file.messages.first().map(|m| &m.at)).or(file.enums.first().map(|e| &e.at));
            let module = module_name(&file.path, at, &mut type_module_names, diagnostics);
            modules.type_modules.push(TypeModule {
                rust_module: format!("{module}_yaml"),
                module,
                package: spec.package_of(file).map(str::to_owned),
                ..file_types(file, index, diagnostics)
            });
        }
        if !file.resources.is_empty() {
            let at = file.resources.first().map(|r| &r.at);
            let module = module_name(&file.path, at, &mut client_module_names, diagnostics);
            modules.client_files.push((module, file));
        }
    }
    modules
}

/// Checks the shipped spec alone (see [`spec::shared::shipped_spec`]) and
/// returns every shipped type the runtime does not hand-write, one module per
/// package: what the runtime's `types` module holds.
pub fn resolve_runtime_types(spec: &Spec) -> Result<RuntimeTypes, Diagnostics> {
    let mut diagnostics = spec.problems.clone();
    let index = types::TypeIndex::build(spec, &mut diagnostics);
    let files: Vec<TypeModule> = (spec.files.iter())
        .map(|file| file_types(file, &index, &mut diagnostics))
        .collect();
    let mut modules = package_modules::by_package(&files, |_| true);
    boxing::box_recursive_fields(&mut modules);
    let scopes = annotate::type_scopes(&modules);
    diagnostics.into_result(RuntimeTypes { modules, scopes })
}

/// The types a file declares, resolved, in a module without a name or package yet.
fn file_types(
    file: &spec::SpecFile,
    index: &types::TypeIndex<'_>,
    diagnostics: &mut Diagnostics,
) -> TypeModule {
    TypeModule {
        module: String::new(),
        rust_module: String::new(),
        source: file.path.clone(),
        package: None,
        messages: file
            .messages
            .iter()
            .map(|message| index.resolve_message(message, diagnostics))
            .collect(),
        enums: file
            .enums
            .iter()
            .map(|enumeration| types::resolve_enum(index, enumeration, diagnostics))
            .collect(),
    }
}

/// `rust_type:` belongs to the shared spec shipped with apigen, whose types
/// the runtime provides; a spec's own types are generated.
fn check_no_rust_type(file: &spec::SpecFile, diagnostics: &mut Diagnostics) {
    let messages = file
        .messages
        .iter()
        .filter_map(|message| message.rust_type.as_ref());
    let enums = file
        .enums
        .iter()
        .filter_map(|enumeration| enumeration.rust_type.as_ref());
    for rust_type in messages.chain(enums) {
        diagnostics.push(
            rust_type
                .at
                .error("`rust_type:` is only for the shared spec shipped with apigen")
                .with_help("remove it; to use a shared type, name it by its full name, e.g. `google.rpc.Status`, and do not declare its package"),
        );
    }
}

/// The API's retry policy, which methods' own policies inherit from; the
/// proof of an earlier problem when `api:` or its `retry` could not be read.
fn api_retry<'s>(spec: &'s Spec, diagnostics: &mut Diagnostics) -> InheritedRetry<'s> {
    if spec.reports_unknown(spec::API_SECTION) && spec.reports_unknown(spec::API_RETRY) {
        return Ok(spec.api.as_ref().and_then(|api| api.retry.as_ref()));
    }
    Err(diagnostics.reported_before(|| no_api_section(spec)))
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
        license: api.license.as_ref().map(|text| text.value.clone()),
        publish: api.publish,
        auth: api.auth.as_ref().map(resolve_auth).unwrap_or_default(),
        retry: api.retry.clone(),
    }
}

/// The `api.auth` facts.
fn resolve_auth(auth: &spec::Auth) -> Auth {
    let values = |texts: &[Text]| texts.iter().map(|text| text.value.clone()).collect();
    Auth {
        api_key: auth.api_key.as_ref().map(|key| ApiKey {
            header: key.header.value.clone(),
            env: values(&key.env),
        }),
        oauth_scopes: values(&auth.oauth_scopes),
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
