//! Compares two versions of an API and classifies every difference as
//! compatible or breaking for users of the generated crate, for a Markdown
//! report that can be pasted into a pull request.

mod catalog;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use crate::model::{
    Api, Behavior, BodyRef, Enum, Field, Message, Method, MethodKind, MethodRetry, Response, Shape,
    TypePath, TypeRef, Variant,
};
use crate::spec::values::duration_text;
use catalog::{Catalog, Declared, Versions};

/// One difference between two versions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// What kind of element changed, e.g. `method`, `field`, `enum value`.
    pub element: &'static str,
    /// Which one, e.g. `shelves.books.list` or `Book.displayName`.
    pub name: String,
    /// What happened to it.
    pub what: String,
    /// Whether code using the old generated crate may stop compiling or behave differently.
    pub breaking: bool,
}

fn change(
    element: &'static str,
    name: impl Into<String>,
    what: impl Into<String>,
    breaking: bool,
) -> Change {
    Change {
        element,
        name: name.into(),
        what: what.into(),
        breaking,
    }
}

/// Every difference from `old` to `new`, breaking ones first, then by element.
///
/// Types are matched by full name, the shared ones each version uses
/// included: a type that moves between the spec's own files and the shared
/// spec is no change as long as its fields, values and Rust paths stay.
pub fn compare(old: &Api, new: &Api) -> Vec<Change> {
    let mut changes = Vec::new();
    if old.info.crate_name != new.info.crate_name {
        changes.push(change(
            "crate",
            &new.info.crate_name,
            format!("renamed from `{}`", old.info.crate_name),
            true,
        ));
    }
    if old.info.base_url != new.info.base_url {
        changes.push(change(
            "base URL",
            &new.info.base_url,
            format!("was `{}`", old.info.base_url),
            false,
        ));
    }
    let types = Versions::of(old, new);
    compare_resources(old, new, &mut changes);
    compare_methods(old, new, &types, &mut changes);
    compare_types(&types, &mut changes);
    changes
        .sort_by(|a, b| (!a.breaking, a.element, &a.name).cmp(&(!b.breaking, b.element, &b.name)));
    changes
}

fn compare_resources(old: &Api, new: &Api, changes: &mut Vec<Change>) {
    let names = |api: &Api| -> Vec<String> {
        api.client_modules
            .iter()
            .flat_map(|module| &module.resources)
            .map(|resource| resource.rest_name.clone())
            .collect()
    };
    let (before, after) = (names(old), names(new));
    for name in before.iter().filter(|name| !after.contains(name)) {
        changes.push(change("resource", name, "removed", true));
    }
    for name in after.iter().filter(|name| !before.contains(name)) {
        changes.push(change("resource", name, "added", false));
    }
}

fn methods(api: &Api) -> BTreeMap<&str, &Method> {
    api.methods()
        .map(|method| (method.id.as_str(), method))
        .collect()
}

/// A method's HTTP binding as written, e.g. `GET /v1/{name=things/*}`.
fn binding(method: &Method) -> String {
    format!("{} {}", method.verb.as_str(), method.spec_path)
}

/// The changes to methods: removed, changed and added, by id.
fn compare_methods(old_api: &Api, new_api: &Api, types: &Versions, changes: &mut Vec<Change>) {
    let (old, new) = (methods(old_api), methods(new_api));
    for (id, method) in &old {
        let Some(next) = new.get(id) else {
            changes.push(change(
                "method",
                *id,
                format!("removed (`{}`)", binding(method)),
                true,
            ));
            continue;
        };
        compare_method(id, method, next, types, changes);
        let requests = (
            request_fields(&types.old, method),
            request_fields(&types.new, next),
        );
        compare_query(id, method, next, &requests, changes);
    }
    for (id, method) in &new {
        if !old.contains_key(id) {
            changes.push(change(
                "method",
                *id,
                format!("added (`{}`)", binding(method)),
                false,
            ));
        }
    }
}

/// Whether two responses, the first of the old version, answer the same type.
fn same_response(types: &Versions, old: &Response, new: &Response) -> bool {
    types.same_type(old.message(), new.message())
}

/// The changes to one method that both versions have.
fn compare_method(
    id: &str,
    method: &Method,
    next: &Method,
    types: &Versions,
    changes: &mut Vec<Change>,
) {
    compare_http(id, method, next, changes);
    compare_message_types(id, method, next, types, changes);
    compare_call(id, method, next, changes);
    compare_settings(id, method, next, changes);
}

/// The changes to a method's HTTP binding and body: breaking on the wire.
fn compare_http(id: &str, method: &Method, next: &Method, changes: &mut Vec<Change>) {
    if binding(method) != binding(next) {
        let what = format!("HTTP binding `{}` → `{}`", binding(method), binding(next));
        changes.push(change("method", id, what, true));
    }
    if method.http.body != next.http.body {
        let what = format!(
            "HTTP body `{}` → `{}`",
            body_name(&method.http.body),
            body_name(&next.http.body)
        );
        changes.push(change("method", id, what, true));
    }
}

/// The changes to the types a method sends and answers (and for a
/// long-running one, its operation's), each read with its version's types.
fn compare_message_types(
    id: &str,
    method: &Method,
    next: &Method,
    types: &Versions,
    changes: &mut Vec<Change>,
) {
    if !types.same_type(Some(&method.request), Some(&next.request)) {
        let what = format!(
            "request type `{}` → `{}`",
            method.request.spec_name, next.request.spec_name
        );
        changes.push(change("method", id, what, true));
    }
    let (response, next_response) = (method.kind.wire_response(), next.kind.wire_response());
    if !same_response(types, &response, &next_response) {
        let what = format!(
            "response type `{}` → `{}`",
            response.spec_name(),
            next_response.spec_name()
        );
        changes.push(change("method", id, what, true));
    }
    compare_operation(id, (&method.kind, &next.kind), types, changes);
}

/// The changes to how a method is called: its kind of call (breaking) and
/// whether it is retried as idempotent (not).
fn compare_call(id: &str, method: &Method, next: &Method, changes: &mut Vec<Change>) {
    if method.kind.label() != next.kind.label() {
        let what = format!(
            "kind of call `{}` → `{}`",
            method.kind.label(),
            next.kind.label()
        );
        changes.push(change("method", id, what, true));
    }
    if method.idempotent != next.idempotent {
        let what = if next.idempotent {
            "now retried as idempotent"
        } else {
            "no longer retried as idempotent"
        };
        changes.push(change("method", id, what, false));
    }
}

/// The changes to a method's own retry policy and timeout: how it behaves
/// when calls fail or are slow, not what compiles, so none is breaking.
fn compare_settings(id: &str, method: &Method, next: &Method, changes: &mut Vec<Change>) {
    let (before, after) = (&method.settings, &next.settings);
    if before.retry != after.retry {
        let what = format!(
            "retry policy `{}` → `{}`",
            retry_text(before.retry.as_ref()),
            retry_text(after.retry.as_ref())
        );
        changes.push(change("method", id, what, false));
    }
    if before.timeout_ms != after.timeout_ms {
        let text =
            |timeout: Option<u64>| timeout.map_or_else(|| "the client's".to_owned(), duration_text);
        let what = format!(
            "timeout `{}` → `{}`",
            text(before.timeout_ms),
            text(after.timeout_ms)
        );
        changes.push(change("method", id, what, false));
    }
}

/// A method's retry policy in a report: the client's, none, or its keys.
fn retry_text(retry: Option<&MethodRetry>) -> String {
    match retry {
        None => "the client's".to_owned(),
        Some(MethodRetry::Disabled) => "none".to_owned(),
        Some(MethodRetry::Policy(policy)) => policy.summary(),
    }
}

/// A method's body as the spec writes it: `*`, a field's name, or `none`.
fn body_name(body: &BodyRef) -> &str {
    match body {
        BodyRef::None => "none",
        BodyRef::All => "*",
        BodyRef::Field(name) => name,
    }
}

/// The JSON names of the fields and oneof variants of a method's request.
fn request_fields<'a>(types: &Catalog<'a>, method: &Method) -> BTreeSet<&'a str> {
    match types.get(&method.request) {
        Some(Declared::Message(message)) => {
            let fields = message.fields.iter().map(|field| field.json_name.as_str());
            let variants = (message.oneofs.iter())
                .flat_map(|oneof| &oneof.variants)
                .map(|variant| variant.json_name.as_str());
            fields.chain(variants).collect()
        }
        _ => BTreeSet::new(),
    }
}

/// The request fields that moved into or out of the query string while
/// staying in the request: the server then looks for them elsewhere, so
/// each move is breaking on the wire. Fields added or removed are reported
/// with the request message.
fn compare_query(
    id: &str,
    method: &Method,
    next: &Method,
    (old_fields, new_fields): &(BTreeSet<&str>, BTreeSet<&str>),
    changes: &mut Vec<Change>,
) {
    let query = |method: &Method| -> BTreeSet<String> {
        method
            .http
            .query
            .iter()
            .map(|param| param.field.json_name.clone())
            .collect()
    };
    let (before, after) = (query(method), query(next));
    for name in before.difference(&after) {
        if new_fields.contains(name.as_str()) {
            let what = format!("request field `{name}` no longer sent in the query string");
            changes.push(change("method", id, what, true));
        }
    }
    for name in after.difference(&before) {
        if old_fields.contains(name.as_str()) {
            let what = format!("request field `{name}` now sent in the query string");
            changes.push(change("method", id, what, true));
        }
    }
}

/// The changes to a long-running method's operation: its result and metadata types.
fn compare_operation(
    id: &str,
    kinds: (&MethodKind, &MethodKind),
    types: &Versions,
    changes: &mut Vec<Change>,
) {
    if let (MethodKind::LongRunning(old), MethodKind::LongRunning(new)) = kinds {
        if !same_response(types, &old.result, &new.result) {
            let what = format!(
                "operation result type `{}` → `{}`",
                old.result.spec_name(),
                new.result.spec_name()
            );
            changes.push(change("method", id, what, true));
        }
        if !types.same_type(Some(&old.metadata), Some(&new.metadata)) {
            let what = format!(
                "operation metadata type `{}` → `{}`",
                old.metadata.spec_name, new.metadata.spec_name
            );
            changes.push(change("method", id, what, true));
        }
    }
}

/// The changes to types: removed, moved to another package, changed and
/// added, by full name.
fn compare_types(types: &Versions, changes: &mut Vec<Change>) {
    let (old, new) = (&types.old, &types.new);
    for (full_name, declared) in old.types() {
        let name = declared.path().spec_name.as_str();
        let moved_to = types.moved_to(full_name);
        let Some(next) = new.types().get(moved_to.unwrap_or(full_name)) else {
            changes.push(change(declared.element(), name, "removed", true));
            continue;
        };
        if let Some(moved_to) = moved_to {
            let what = format!("full name `{full_name}` → `{moved_to}`");
            changes.push(change("type", name, what, false));
        }
        compare_type(name, (*declared, *next), types, changes);
    }
    for (full_name, declared) in new.types() {
        if !old.types().contains_key(full_name) && !types.moved_here(full_name) {
            let name = declared.path().spec_name.as_str();
            changes.push(change(declared.element(), name, "added", false));
        }
    }
}

/// The changes to a type both versions have: its Rust paths, then its
/// members or values.
fn compare_type(
    name: &str,
    (declared, next): (Declared, Declared),
    types: &Versions,
    changes: &mut Vec<Change>,
) {
    let (old, new) = (&types.old, &types.new);
    let paths = (old.rust_paths(declared.path()), new.rust_paths(next.path()));
    compare_paths(name, "Rust path", paths, changes);
    match (declared, next) {
        (Declared::Message(a), Declared::Message(b)) => {
            let modules = (old.module_paths(a), new.module_paths(b));
            if !modules.0.is_empty() && !modules.1.is_empty() {
                compare_paths(name, "module", modules, changes);
            }
            compare_messages((a, b), types, changes);
        }
        (Declared::Enum(a), Declared::Enum(b)) => compare_enums(a, b, changes),
        _ => changes.push(change(
            "type",
            name,
            "changed between message and enum",
            true,
        )),
    }
}

/// A breaking change when code could name a type (or its module) by a path
/// of `before` that is not in `after`: the paths gone, then the new ones.
fn compare_paths(
    name: &str,
    what: &str,
    (before, after): (BTreeSet<String>, BTreeSet<String>),
    changes: &mut Vec<Change>,
) {
    let listed = |paths: Vec<&String>| {
        let quoted: Vec<String> = paths.iter().map(|path| format!("`{path}`")).collect();
        quoted.join(", ")
    };
    let gone: Vec<&String> = before.difference(&after).collect();
    if gone.is_empty() {
        return;
    }
    let added: Vec<&String> = after.difference(&before).collect();
    let now = if added.is_empty() {
        after.iter().collect()
    } else {
        added
    };
    let what = format!("{what} {} → {}", listed(gone), listed(now));
    changes.push(change("type", name, what, true));
}

/// A field or oneof member, as far as compatibility goes.
struct MemberFacts {
    /// Its type with the names the spec writes (`optional LatLng`), for the report.
    ty: String,
    /// Its type with full names (`optional google.type.LatLng`), compared.
    full_ty: String,
    rust_name: String,
    required: bool,
    place: String,
    number: Option<u32>,
}

/// A type as text, naming messages and enums by `name`.
fn describe_type(ty: &TypeRef, name: impl Fn(&TypePath) -> String) -> String {
    match ty {
        TypeRef::Scalar(scalar) => format!("{scalar:?}").to_lowercase(),
        TypeRef::WellKnown(known) => format!("google.protobuf.{known:?}"),
        TypeRef::Message(path) | TypeRef::Enum(path) => name(path),
    }
}

/// How one version's types are named for comparing: by full name, as the
/// new version knows them.
type FullName<'n> = &'n dyn Fn(&TypePath) -> String;

/// A member's type as text, by spec name and by full name, each shaped by `shape`.
fn member_types(
    ty: &TypeRef,
    full_name: FullName,
    shape: impl Fn(String) -> String,
) -> (String, String) {
    (
        shape(describe_type(ty, |path| path.spec_name.clone())),
        shape(describe_type(ty, full_name)),
    )
}

fn field_facts(field: &Field, full_name: FullName) -> MemberFacts {
    let (ty, full_ty) = member_types(&field.ty, full_name, |ty| match &field.shape {
        Shape::Single { presence: true } => format!("optional {ty}"),
        Shape::Single { presence: false } => ty,
        Shape::Repeated => format!("repeated {ty}"),
        Shape::Map(key) => format!("map<{}, {ty}>", format!("{key:?}").to_lowercase()),
    });
    MemberFacts {
        ty,
        full_ty,
        rust_name: field.rust_name.clone(),
        required: field.has(Behavior::Required),
        place: "field".to_owned(),
        number: field.number,
    }
}

fn variant_facts(variant: &Variant, oneof: &str, full_name: FullName) -> MemberFacts {
    let (ty, full_ty) = member_types(&variant.ty, full_name, |ty| ty);
    MemberFacts {
        ty,
        full_ty,
        rust_name: variant.rust_name.clone(),
        required: false,
        place: format!("oneof `{oneof}`"),
        number: variant.number,
    }
}

fn members<'a>(message: &'a Message, full_name: FullName) -> BTreeMap<&'a str, MemberFacts> {
    let mut out: BTreeMap<&str, MemberFacts> = message
        .fields
        .iter()
        .map(|field| (field.json_name.as_str(), field_facts(field, full_name)))
        .collect();
    for oneof in &message.oneofs {
        for variant in &oneof.variants {
            out.insert(
                variant.json_name.as_str(),
                variant_facts(variant, &oneof.rust_field, full_name),
            );
        }
    }
    out
}

/// The changes to a message both versions have, each read with its
/// version's types.
fn compare_messages((old, new): (&Message, &Message), types: &Versions, changes: &mut Vec<Change>) {
    let before = members(old, &|path| types.old_name(path).to_owned());
    let after = members(new, &|path| types.new.full_name(path).to_owned());
    for (name, facts) in &before {
        let id = format!("{}.{name}", old.path.spec_name);
        match after.get(name) {
            Some(next) => compare_member(&id, facts, next, changes),
            None => {
                let what = format!("removed ({} `{}`)", facts.place, facts.ty);
                changes.push(change("field", id, what, true));
            }
        }
    }
    for (name, facts) in &after {
        if !before.contains_key(name) {
            let id = format!("{}.{name}", new.path.spec_name);
            changes.push(added_member(id, facts));
        }
    }
}

/// The changes to a member (`id`) that both versions of its message have.
fn compare_member(id: &str, facts: &MemberFacts, next: &MemberFacts, changes: &mut Vec<Change>) {
    // Each difference, whether it breaks code, and how it reads.
    let differences = [
        (
            facts.full_ty != next.full_ty,
            true,
            format!("type `{}` → `{}`", facts.ty, next.ty),
        ),
        (
            facts.place != next.place,
            true,
            format!("moved from {} to {}", facts.place, next.place),
        ),
        (
            facts.rust_name != next.rust_name,
            true,
            format!("Rust name `{}` → `{}`", facts.rust_name, next.rust_name),
        ),
        (
            !facts.required && next.required,
            true,
            "became required".to_owned(),
        ),
        (
            matches!((facts.number, next.number), (Some(old), Some(new)) if old != new),
            true,
            format!(
                "field number {} → {}",
                facts.number.unwrap_or_default(),
                next.number.unwrap_or_default()
            ),
        ),
        (
            facts.required && !next.required,
            false,
            "no longer required".to_owned(),
        ),
    ];
    for (differs, breaking, what) in differences {
        if differs {
            changes.push(change("field", id, what, breaking));
        }
    }
}

/// A member (`id`) the new version of a message adds: breaking when required.
fn added_member(id: String, facts: &MemberFacts) -> Change {
    if facts.required {
        let what = format!("added as required ({} `{}`)", facts.place, facts.ty);
        change("field", id, what, true)
    } else {
        let what = format!("added ({} `{}`)", facts.place, facts.ty);
        change("field", id, what, false)
    }
}

fn compare_enums(old: &Enum, new: &Enum, changes: &mut Vec<Change>) {
    let names = |enumeration: &Enum| -> BTreeMap<String, (String, i32)> {
        enumeration
            .values
            .iter()
            .map(|value| {
                (
                    value.wire_name.clone(),
                    (value.rust_name.clone(), value.number),
                )
            })
            .collect()
    };
    let (before, after) = (names(old), names(new));
    for (wire, (rust, number)) in &before {
        let id = format!("{}.{wire}", old.path.spec_name);
        match after.get(wire) {
            None => changes.push(change("enum value", id, "removed", true)),
            Some((next, _)) if next != rust => changes.push(change(
                "enum value",
                id,
                format!("Rust variant `{rust}` → `{next}`"),
                true,
            )),
            Some((_, next)) if next != number => changes.push(change(
                "enum value",
                id,
                format!("number {number} → {next}"),
                true,
            )),
            Some(_) => {}
        }
    }
    for wire in after.keys().filter(|wire| !before.contains_key(*wire)) {
        changes.push(change(
            "enum value",
            format!("{}.{wire}", new.path.spec_name),
            "added",
            false,
        ));
    }
}

/// The changes as Markdown: a count, then a table of breaking and one of compatible changes.
pub fn markdown(title: &str, changes: &[Change]) -> String {
    let breaking = changes.iter().filter(|change| change.breaking).count();
    let mut out = format!("## API changes: {title}\n\n");
    if changes.is_empty() {
        out.push_str("No changes to the API.\n");
        return out;
    }
    let _ = writeln!(
        out,
        "**{breaking} breaking**, {} compatible.\n",
        changes.len() - breaking
    );
    for (heading, wanted) in [("Breaking", true), ("Compatible", false)] {
        let rows: Vec<&Change> = changes
            .iter()
            .filter(|change| change.breaking == wanted)
            .collect();
        if rows.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "### {heading}\n\n| element | name | change |\n| --- | --- | --- |"
        );
        for row in rows {
            let _ = writeln!(
                out,
                "| {} | `{}` | {} |",
                row.element,
                row.name,
                row.what.replace('|', "\\|")
            );
        }
        out.push('\n');
    }
    out
}
