//! Structural comparison of two spec folders: both are loaded and checked
//! by apigen, and their models compared where a generated crate would
//! differ: types and where they are declared, fields (names, types,
//! shapes, numbers, oneofs, behaviours), enum values and numbers,
//! resources, and methods with their HTTP bindings and kinds of call.
//! Descriptions and Rust names are left out.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use apigen::model::{Api, BodyRef, Field, Message, Method, MethodKind, Shape, TypeRef, Variant};
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
        apigen::resolve::resolve(&spec)
    };
    Ok(compare_apis(&load(left)?, &load(right)?))
}

/// The suffix of a field number's element. Numbers are optional in a spec,
/// so one is compared only when both specs record it.
const NUMBER: &str = " (number)";

/// How two checked APIs differ structurally, sorted by element.
pub fn compare_apis(left: &Api, right: &Api) -> Vec<Difference> {
    let mut out = Vec::new();
    let sides = |api: &Api| -> BTreeMap<String, String> {
        let mut facts = BTreeMap::new();
        for module in &api.type_modules {
            for message in &module.messages {
                facts.extend(message_facts(message, &module.source));
            }
            for enumeration in &module.enums {
                let name = &enumeration.path.spec_name;
                facts.insert(
                    format!("{name} (enum)"),
                    format!("declared in {}", module.source),
                );
                for value in &enumeration.values {
                    let deprecated = if value.deprecated { ", deprecated" } else { "" };
                    facts.insert(
                        format!("{name}.{}", value.wire_name),
                        format!("number {}{deprecated}", value.number),
                    );
                }
            }
        }
        for module in &api.client_modules {
            for resource in &module.resources {
                facts.insert(
                    format!("{} (resource)", resource.rest_name),
                    format!("declared in {}", module.source),
                );
                for method in &resource.methods {
                    facts.insert(method.id.clone(), method_facts(method));
                }
            }
        }
        facts
    };
    let (left, right) = (sides(left), sides(right));
    for (element, fact) in &left {
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
    for (element, fact) in &right {
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

/// A message and each of its members as (element, facts) pairs.
fn message_facts(message: &Message, source: &str) -> Vec<(String, String)> {
    let name = &message.path.spec_name;
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
        facts.push((element, field_facts(field)));
    }
    for oneof in &message.oneofs {
        for variant in &oneof.variants {
            let element = format!("{name}.{}", variant.json_name);
            facts.extend(
                variant
                    .number
                    .map(|number| (format!("{element}{NUMBER}"), number.to_string())),
            );
            facts.push((element, variant_facts(variant, &oneof.name)));
        }
    }
    facts
}

fn type_text(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Scalar(scalar) => format!("{scalar:?}").to_lowercase(),
        TypeRef::WellKnown(known) => format!("google.protobuf.{known:?}"),
        TypeRef::Message(path) | TypeRef::Enum(path) => path.spec_name.clone(),
    }
}

fn field_facts(field: &Field) -> String {
    let ty = type_text(&field.ty);
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

fn variant_facts(variant: &Variant, oneof: &str) -> String {
    format!(
        "{} (proto {}) in oneof {oneof}{}",
        type_text(&variant.ty),
        variant.proto_name,
        if variant.deprecated {
            ", deprecated"
        } else {
            ""
        },
    )
}

/// A method's binding, request and kind of call in one line.
fn method_facts(method: &Method) -> String {
    let body = match &method.http.body {
        BodyRef::None => String::new(),
        BodyRef::All => " body *".to_owned(),
        BodyRef::Field(field) => format!(" body {field}"),
    };
    let kind = match &method.kind {
        MethodKind::Unary { response, .. } => format!("plain → {}", response.spec_name()),
        MethodKind::ServerStreaming { item } => format!("server-streaming → {}", item.spec_name),
        MethodKind::Paged {
            response, items, ..
        } => format!("paged → {} (items {items})", response.spec_name),
        MethodKind::LongRunning(operation) => format!(
            "long-running → {} (result {}, metadata {}, poll {})",
            operation.message.spec_name,
            operation.result.spec_name(),
            operation.metadata.spec_name,
            operation.poll_id
        ),
        MethodKind::MediaUpload {
            response,
            upload_path,
            ..
        } => {
            format!("media upload to {upload_path} → {}", response.spec_name())
        }
    };
    format!(
        "{} {}{body}, request {}, {kind}{}{}",
        apigen::model::verb_key(method.verb),
        method.spec_path,
        method.request.spec_name,
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
    )
}
