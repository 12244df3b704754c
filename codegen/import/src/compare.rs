//! Structural comparison of two spec folders: both are loaded and checked
//! by apigen, and their models compared where a generated crate would
//! differ: types and where they are declared, fields (names, types,
//! shapes, numbers, oneofs, behaviours), enum values and numbers,
//! resources, and methods with their HTTP bindings, kinds of call and
//! retry settings (the API's policy; a method's own policy where it differs
//! from the API's, `retry: none`, its timeout). Descriptions and Rust names
//! are left out. A type of another package
//! than the API's is compared by its full name, and a common Google type
//! apigen ships that only one spec declares stands for the library's copy
//! the other names: it is no difference.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

use apigen::model::{
    Api, BodyRef, Enum, Field, Message, Method, MethodKind, MethodRetry, Response, Shape, TypePath,
    TypeRef, Variant,
};
use apigen::spec::values::duration_text;
use apigen::Diagnostics;

/// One way two specs differ.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Difference {
    /// The element, e.g. `Animal.weightGrams`, `enclosures.animals.get`.
    pub element: String,
    /// How it differs, naming the left and the right spec's version.
    pub what: String,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.element, self.what)
    }
}

/// Loads and checks the spec folders `left` and `right` and lists how they
/// differ structurally (nothing when they are equal). A spec with errors is
/// reported as such.
pub fn compare_dirs(left: &Path, right: &Path) -> Result<Vec<Difference>, Diagnostics> {
    let load = |dir: &Path| {
        let spec = apigen::spec::load_dir(dir, &format!("{}/", dir.display()));
        let api = apigen::resolve::resolve(&spec)?;
        Ok::<_, Diagnostics>(Side::new(&spec, api))
    };
    Ok(compare_sides(&load(left)?, &load(right)?))
}

/// One checked spec, with the full name of each type it declares in a
/// package other than the API's (by spec name), so that such a type is
/// known by the same name whether a spec declares it or takes it from the
/// generator's library of common Google types (`google.iam.v1.Policy`).
struct Side {
    api: Api,
    full_names: BTreeMap<String, String>,
}

impl Side {
    fn new(spec: &apigen::spec::Spec, api: Api) -> Self {
        let api_package = spec.api.as_ref().and_then(|info| info.package.as_ref());
        let mut full_names = BTreeMap::new();
        for file in spec.files.iter().filter(|file| !file.shared) {
            let package = file.package.as_ref().map(|package| package.value.as_str());
            let Some(package) = package.filter(|package| {
                api_package.is_none_or(|api_package| api_package.value != *package)
            }) else {
                continue;
            };
            let names = (file.messages.iter().map(|message| &message.name))
                .chain(file.enums.iter().map(|enumeration| &enumeration.name));
            for name in names {
                full_names.insert(name.value.clone(), format!("{package}.{}", name.value));
            }
        }
        Side { api, full_names }
    }

    /// The name a type is compared by: its full name when it is of another package than the API's.
    fn type_name(&self, path: &TypePath) -> String {
        (self.full_names.get(&path.spec_name).cloned()).unwrap_or_else(|| path.spec_name.clone())
    }

    /// The types this spec declares, by [`Side::type_name`].
    fn declared(&self) -> BTreeSet<String> {
        let modules = self.api.type_modules.iter();
        modules
            .flat_map(|module| {
                let messages = module.messages.iter().map(|message| &message.path);
                messages.chain(module.enums.iter().map(|enumeration| &enumeration.path))
            })
            .map(|path| self.type_name(path))
            .collect()
    }
}

/// The suffix of a field number's element. Numbers are optional in a spec,
/// so one is compared only when both specs record it.
const NUMBER: &str = " (number)";

/// How two checked specs differ structurally, sorted by element. A shipped
/// type that only one of them declares (the other takes it from the
/// generator's library) is no difference.
fn compare_sides(left: &Side, right: &Side) -> Vec<Difference> {
    let (left_types, right_types) = (left.declared(), right.declared());
    differences(
        &side_facts(left, &right_types),
        &side_facts(right, &left_types),
    )
}

/// Whether a type is compared: a shipped type declared on one side only
/// (not among the `other` side's types) stands for the library's copy there.
fn compared(name: &str, other: &BTreeSet<String>) -> bool {
    other.contains(name) || !apigen::spec::shared::shipped_type(name)
}

/// Every fact of one side by element: the API's retry policy, the compared
/// types with their members, the resources and their methods.
fn side_facts(side: &Side, other: &BTreeSet<String>) -> BTreeMap<String, String> {
    let mut facts = BTreeMap::new();
    let retry = side.api.info.retry.as_ref();
    facts.insert(
        "api (retry)".to_owned(),
        retry.map_or("none".to_owned(), |retry| retry.summary()),
    );
    for module in &side.api.type_modules {
        for message in &module.messages {
            if compared(&side.type_name(&message.path), other) {
                facts.extend(message_facts(side, message, &module.source));
            }
        }
        for enumeration in &module.enums {
            if compared(&side.type_name(&enumeration.path), other) {
                facts.extend(enum_facts(side, enumeration, &module.source));
            }
        }
    }
    for module in &side.api.client_modules {
        for resource in &module.resources {
            facts.insert(
                format!("{} (resource)", resource.rest_name),
                format!("declared in {}", module.source),
            );
            for method in &resource.methods {
                facts.insert(method.id.clone(), method_facts(side, method));
            }
        }
    }
    facts
}

/// The differences between two sides' facts, sorted: an element only one
/// side has (but a field number, compared only when both record one), or
/// whose facts differ.
fn differences(
    left: &BTreeMap<String, String>,
    right: &BTreeMap<String, String>,
) -> Vec<Difference> {
    let mut out = Vec::new();
    for (element, fact) in left {
        match right.get(element) {
            None if element.ends_with(NUMBER) => {}
            None => out.push(Difference {
                element: element.clone(),
                what: format!("only on the left ({fact})"),
            }),
            Some(other) if other != fact => out.push(Difference {
                element: element.clone(),
                what: format!("left: {fact}; right: {other}"),
            }),
            Some(_) => {}
        }
    }
    for (element, fact) in right {
        if !left.contains_key(element) && !element.ends_with(NUMBER) {
            out.push(Difference {
                element: element.clone(),
                what: format!("only on the right ({fact})"),
            });
        }
    }
    out.sort();
    out
}

/// An enum and each of its values as (element, facts) pairs.
fn enum_facts(side: &Side, enumeration: &Enum, source: &str) -> Vec<(String, String)> {
    let name = side.type_name(&enumeration.path);
    let mut facts = vec![(format!("{name} (enum)"), format!("declared in {source}"))];
    for value in &enumeration.values {
        let deprecated = if value.deprecated { ", deprecated" } else { "" };
        facts.push((
            format!("{name}.{}", value.wire_name),
            format!("number {}{deprecated}", value.number),
        ));
    }
    facts
}

/// A message and each of its members as (element, facts) pairs.
fn message_facts(side: &Side, message: &Message, source: &str) -> Vec<(String, String)> {
    let name = side.type_name(&message.path);
    let mut head = format!("declared in {source}");
    if !message.resource_patterns.is_empty() {
        head.push_str(&format!(
            ", resource {}",
            message.resource_patterns.join(" | ")
        ));
    }
    if message.deprecated {
        head.push_str(", deprecated");
    }
    let mut facts = vec![(format!("{name} (message)"), head)];
    for field in &message.fields {
        let element = format!("{name}.{}", field.json_name);
        facts.extend(
            field
                .number
                .map(|number| (format!("{element}{NUMBER}"), number.to_string())),
        );
        facts.push((element, field_facts(side, field)));
    }
    for oneof in &message.oneofs {
        for variant in &oneof.variants {
            let element = format!("{name}.{}", variant.json_name);
            facts.extend(
                variant
                    .number
                    .map(|number| (format!("{element}{NUMBER}"), number.to_string())),
            );
            facts.push((element, variant_facts(side, variant, &oneof.name)));
        }
    }
    facts
}

fn type_text(side: &Side, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Scalar(scalar) => format!("{scalar:?}").to_lowercase(),
        TypeRef::WellKnown(known) => format!("google.protobuf.{known:?}"),
        TypeRef::Message(path) | TypeRef::Enum(path) => side.type_name(path),
    }
}

fn field_facts(side: &Side, field: &Field) -> String {
    let ty = type_text(side, &field.ty);
    let shape = match &field.shape {
        Shape::Single { presence: true } => format!("optional {ty}"),
        Shape::Single { presence: false } => ty,
        Shape::Repeated => format!("repeated {ty}"),
        Shape::Map(key) => format!("map<{}, {ty}>", format!("{key:?}").to_lowercase()),
    };
    let behaviors: Vec<String> = field.behaviors.iter().map(|b| format!("{b:?}")).collect();
    format!(
        "{shape} (proto {}){}{}",
        field.proto_name,
        if behaviors.is_empty() {
            String::new()
        } else {
            format!(" [{}]", behaviors.join(", "))
        },
        if field.deprecated { ", deprecated" } else { "" },
    )
}

fn variant_facts(side: &Side, variant: &Variant, oneof: &str) -> String {
    format!(
        "{} (proto {}) in oneof {oneof}{}",
        type_text(side, &variant.ty),
        variant.proto_name,
        if variant.deprecated {
            ", deprecated"
        } else {
            ""
        },
    )
}

/// A method's binding, request and kind of call in one line.
fn method_facts(side: &Side, method: &Method) -> String {
    let name = |path: &TypePath| side.type_name(path);
    let response = |response: &Response| match response.message() {
        Some(path) => name(path),
        None => response.spec_name().to_owned(),
    };
    let body = match &method.http.body {
        BodyRef::None => String::new(),
        BodyRef::All => " body *".to_owned(),
        BodyRef::Field(field) => format!(" body {field}"),
    };
    let kind = match &method.kind {
        MethodKind::Unary { response: out, .. } => format!("plain → {}", response(out)),
        MethodKind::ServerStreaming { item } => format!("server-streaming → {}", name(item)),
        MethodKind::Paged {
            response, items, ..
        } => format!("paged → {} (items {items})", name(response)),
        MethodKind::LongRunning(operation) => format!(
            "long-running → {} (result {}, metadata {}, poll {})",
            name(&operation.message),
            response(&operation.result),
            name(&operation.metadata),
            operation.poll_id
        ),
        MethodKind::MediaUpload {
            response: out,
            upload_path,
            ..
        } => {
            format!("media upload to {upload_path} → {}", response(out))
        }
    };
    format!(
        "{} {}{body}, request {}, {kind}{}{}{}",
        apigen::model::verb_key(method.verb),
        method.spec_path,
        name(&method.request),
        if method.idempotent {
            ", idempotent"
        } else {
            ""
        },
        if method.deprecated {
            ", deprecated"
        } else {
            ""
        },
        settings_facts(side, method),
    )
}

/// A method's retry settings where they differ from the API's: its own
/// policy, `retry none` (when the API retries), its timeout.
fn settings_facts(side: &Side, method: &Method) -> String {
    let api = side.api.info.retry.as_ref();
    let mut out = match &method.settings.retry {
        Some(MethodRetry::Disabled) if api.is_some() => ", retry none".to_owned(),
        Some(MethodRetry::Policy(policy)) if Some(policy) != api => {
            format!(", retry {}", policy.summary())
        }
        _ => String::new(),
    };
    if let Some(timeout) = method.settings.timeout_ms {
        out.push_str(&format!(", timeout {}", duration_text(timeout)));
    }
    out
}
