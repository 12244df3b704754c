//! The checked, resolved API that the emitters read. Every name here is
//! already a valid Rust name and every reference points at something real.

use std::collections::{BTreeMap, BTreeSet};

use apigen_runtime::path_template::PathTemplate;

use crate::spec::values::duration_text;
pub use apigen_runtime::Verb;

/// The key that binds a verb in the spec (`get`), which is also its OpenAPI key.
pub fn verb_key(verb: Verb) -> &'static str {
    match verb {
        Verb::Get => "get",
        Verb::Post => "post",
        Verb::Put => "put",
        Verb::Patch => "patch",
        Verb::Delete => "delete",
    }
}

/// Everything the emitters need about one API.
#[derive(Clone, Debug, PartialEq)]
pub struct Api {
    /// Facts from the `api:` section.
    pub info: ApiInfo,
    /// One module of types per spec file that declares types.
    pub type_modules: Vec<TypeModule>,
    /// The types of the shared spec shipped with apigen, one module per
    /// shipped file of a package the spec does not declare; only those in
    /// use ([`Api::shared_in_use`]) matter.
    pub shared_types: Vec<TypeModule>,
    /// The shared types in use that the runtime does not hand-write, one
    /// module per package (`google_iam_v1`): the runtime's `types` module
    /// holds them, and the crate re-exports each package's module.
    pub package_modules: Vec<TypeModule>,
    /// One module of resource handles per spec file that declares resources.
    pub client_modules: Vec<ClientModule>,
    /// The names each message module defines.
    pub type_scopes: TypeScopes,
}

/// The shipped types the runtime holds in its `types` module, generated
/// there once for every crate: one module per package.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuntimeTypes {
    /// One module per package, in package order.
    pub modules: Vec<TypeModule>,
    /// What their message modules define.
    pub scopes: TypeScopes,
}

/// The names each message module defines (oneof enums, nested types and
/// their modules), by the module's path from `types`: code inside the
/// module that names an outer type of one of these names must climb out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TypeScopes(pub BTreeMap<Vec<String>, BTreeSet<String>>);

impl TypeScopes {
    /// Whether the module at `module` defines `name`.
    pub fn defines(&self, module: &[String], name: &str) -> bool {
        self.0.get(module).is_some_and(|names| names.contains(name))
    }
}

impl Api {
    /// The shared types the spec's own types and methods name, directly or
    /// through other shared types, by spec name.
    pub fn shared_in_use(&self) -> BTreeMap<&str, &TypePath> {
        let shared_modules = || self.shared_types.iter();
        let messages: BTreeMap<&str, &Message> = shared_modules()
            .flat_map(|module| &module.messages)
            .map(|message| (message.path.spec_name.as_str(), message))
            .collect();
        let enums = shared_modules()
            .flat_map(|module| &module.enums)
            .map(|enumeration| &enumeration.path);
        let shared: BTreeMap<&str, &TypePath> = (messages.values().map(|message| &message.path))
            .chain(enums)
            .map(|path| (path.spec_name.as_str(), path))
            .collect();
        let own_fields = (self.type_modules.iter())
            .flat_map(|module| &module.messages)
            .flat_map(Message::type_refs)
            .filter_map(TypeRef::path);
        let mut pending: Vec<&TypePath> = own_fields
            .chain(self.methods().flat_map(Method::type_paths))
            .collect();
        let mut used = BTreeMap::new();
        while let Some(path) = pending.pop() {
            let Some(found) = shared.get(path.spec_name.as_str()) else {
                continue;
            };
            if used.insert(path.spec_name.as_str(), *found).is_none() {
                let fields = messages.get(path.spec_name.as_str()).into_iter();
                pending.extend(
                    fields
                        .flat_map(|message| message.type_refs())
                        .filter_map(TypeRef::path),
                );
            }
        }
        used
    }

    /// The names the crate's `types` module re-exports shared types under:
    /// each top-level shared type in use (and the module of a generated
    /// one) whose Rust name no other shared type in use and none of the
    /// spec's own top-level types or modules has, with the path it names
    /// (`google_longrunning::Operation` from `types`, or a provided type's
    /// own path, `apigen_runtime::Status`).
    pub fn shared_reexports(&self) -> BTreeMap<&str, String> {
        let own_messages = (self.type_modules.iter()).flat_map(|module| &module.messages);
        let own_enums = (self.type_modules.iter()).flat_map(|module| &module.enums);
        let own_modules = (own_messages.clone())
            .filter(|message| message.path.modules.is_empty())
            .filter_map(|message| message.module.as_deref());
        let own: BTreeSet<&str> = (own_messages.map(|message| &message.path))
            .chain(own_enums.map(|enumeration| &enumeration.path))
            .filter(|path| path.modules.is_empty())
            .map(|path| path.rust_name.as_str())
            .chain(own_modules)
            .collect();
        let generated_modules: BTreeMap<&str, &str> = (self.package_modules.iter())
            .flat_map(|module| &module.messages)
            .filter(|message| message.path.modules.len() == 1)
            .filter_map(|message| {
                Some((message.path.spec_name.as_str(), message.module.as_deref()?))
            })
            .collect();
        let mut by_name: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for path in self.shared_in_use().into_values() {
            match (&path.provided, path.modules.as_slice()) {
                (Some(provided), _) => by_name
                    .entry(&path.rust_name)
                    .or_default()
                    .push(provided.clone()),
                (None, [package]) => {
                    let named = (Some(path.rust_name.as_str()).into_iter())
                        .chain(generated_modules.get(path.spec_name.as_str()).copied());
                    for name in named {
                        by_name
                            .entry(name)
                            .or_default()
                            .push(format!("{package}::{name}"));
                    }
                }
                (None, _) => {}
            }
        }
        by_name
            .into_iter()
            .filter(|(name, paths)| paths.len() == 1 && !own.contains(name))
            .map(|(name, mut paths)| (name, paths.remove(0)))
            .collect()
    }

    /// Every method, in module, resource and spec order.
    pub fn methods(&self) -> impl Iterator<Item = &Method> {
        self.client_modules
            .iter()
            .flat_map(|module| &module.resources)
            .flat_map(|resource| &resource.methods)
    }
}

/// Facts from the `api:` section.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiInfo {
    /// Short API name.
    pub name: String,
    /// Human title.
    pub title: String,
    /// API version.
    pub version: String,
    /// What the API is for.
    pub description: String,
    /// Default base URL, without a trailing `/`.
    pub base_url: String,
    /// Generated crate name.
    pub crate_name: String,
    /// The crate's name in Rust code (`library_v1` for `library-v1`).
    pub crate_ident: String,
    /// Generated crate version.
    pub crate_version: String,
    /// The generated crate's SPDX license expression, when the spec gives one.
    pub license: Option<String>,
    /// Whether the generated crate may be published; `publish = false` when not.
    pub publish: bool,
    /// The credentials the API takes.
    pub auth: Auth,
    /// The default retry policy; `None` means no retries.
    pub retry: Option<RetrySettings>,
}

/// The credentials an API takes; both empty when it needs none.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Auth {
    /// API keys, if the API takes them.
    pub api_key: Option<ApiKey>,
    /// OAuth 2 scopes an access token needs; empty when the API takes no OAuth tokens.
    pub oauth_scopes: Vec<String>,
}

/// How an API key is sent and found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiKey {
    /// The header that carries the key.
    pub header: String,
    /// Environment variables the key is read from, first set wins.
    pub env: Vec<String>,
}

/// The API's default retry policy (the `retry:` part of the `api:`
/// section), with every value checked.
#[derive(Clone, Debug, PartialEq)]
pub struct RetrySettings {
    /// HTTP statuses worth retrying (each from 100 to 599).
    pub statuses: Vec<u16>,
    /// Attempts in all, the first included (at least 1); `None` when only
    /// the deadline bounds them.
    pub max_attempts: Option<u32>,
    /// First wait, in milliseconds.
    pub initial_backoff_ms: u64,
    /// Longest wait, in milliseconds.
    pub max_backoff_ms: u64,
    /// Growth of the wait per attempt (finite, at least 1).
    pub multiplier: f64,
    /// Longest time for a call with all its attempts, in milliseconds.
    pub deadline_ms: Option<u64>,
    /// Longest wait a server may ask for (`Retry-After`, `RetryInfo`), in
    /// milliseconds; a call asked to wait longer ends at once.
    pub max_server_delay_ms: u64,
}

/// Types declared in one spec file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeModule {
    /// The file's stem: the generated file is `src/types/{module}.rs`.
    pub module: String,
    /// The private Rust module of that file (`content_yaml` for `content.yaml`),
    /// named apart from the public module of any message.
    pub rust_module: String,
    /// The spec file, relative to the spec folder; for a shared package's
    /// module, the package (`google.iam.v1`).
    pub source: String,
    /// The package its types' spec names leave out: a spec file's package
    /// (`None` when it has none); `None` for shared types, whose spec names
    /// are their full names already.
    pub package: Option<String>,
    /// Messages, nested ones included, in spec order.
    pub messages: Vec<Message>,
    /// Enums, nested ones included, in spec order.
    pub enums: Vec<Enum>,
}

/// Where a message or enum is: its spec name and its Rust path.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct TypePath {
    /// The name in the spec, dotted for a nested type (`GenerationConfig.Modality`).
    pub spec_name: String,
    /// The modules from `types` down to the type: the package's module for
    /// a generated shared type (`google_iam_v1`), then one per enclosing
    /// message (`generation_config`); none for a top-level type of the spec.
    pub modules: Vec<String>,
    /// The Rust type name (`Modality`).
    pub rust_name: String,
    /// For a type the runtime provides (`rust_type:` in the spec), its full
    /// Rust path (`apigen_runtime::Status`): the crate names it there and
    /// generates nothing for it.
    pub provided: Option<String>,
}

impl TypePath {
    /// The path from `types` as text: `generation_config::Modality`.
    pub fn rust_path(&self) -> String {
        let mut path = String::new();
        for module in &self.modules {
            path.push_str(module);
            path.push_str("::");
        }
        path.push_str(&self.rust_name);
        path
    }

    /// The full path as text, `types` standing for the crate's types module:
    /// `crate::types::Part`, or a provided type's own path.
    pub fn full_path(&self, types: &str) -> String {
        match &self.provided {
            Some(provided) => provided.clone(),
            None => format!("{types}::{}", self.rust_path()),
        }
    }
}

/// A message type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// Its names.
    pub path: TypePath,
    /// The module named after the message (`part` for `Part`), which holds
    /// its oneof enums and nested types; `None` when it has neither.
    pub module: Option<String>,
    /// Doc text.
    pub description: String,
    /// Marked deprecated.
    pub deprecated: bool,
    /// Resource-name patterns.
    pub resource_patterns: Vec<String>,
    /// Plain fields.
    pub fields: Vec<Field>,
    /// Oneof groups.
    pub oneofs: Vec<Oneof>,
}

impl Message {
    /// The type of every field and oneof member.
    pub fn type_refs(&self) -> impl Iterator<Item = &TypeRef> {
        let plain = self.fields.iter().map(|field| &field.ty);
        let variants = (self.oneofs.iter())
            .flat_map(|oneof| &oneof.variants)
            .map(|variant| &variant.ty);
        plain.chain(variants)
    }

    /// The path from `types` to the module named after the message, if it has one.
    pub fn module_path(&self) -> Option<Vec<String>> {
        let module = self.module.as_ref()?;
        let mut path = self.path.modules.clone();
        path.push(module.clone());
        Some(path)
    }
}

/// A plain field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// The proto field number, when the spec records it.
    pub number: Option<u32>,
    /// JSON name.
    pub json_name: String,
    /// The proto field name, which decoders accept too.
    pub proto_name: String,
    /// Rust field name (not escaped).
    pub rust_name: String,
    /// The name of its setter (`set_type`: never a raw identifier).
    pub setter: String,
    /// Element type.
    pub ty: TypeRef,
    /// Single, repeated or map.
    pub shape: Shape,
    /// Stored behind a `Box` because the type contains itself.
    pub boxed: bool,
    /// Field behaviours, in spec order.
    pub behaviors: Vec<Behavior>,
    /// Doc text.
    pub description: String,
    /// Marked deprecated.
    pub deprecated: bool,
}

/// A field behaviour (`google.api.field_behavior`), read from the spec once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Behavior {
    /// `required`: a request must set it.
    Required,
    /// `optional`: a request may leave it out (as any field without `required`).
    Optional,
    /// `output_only`: set by the server, ignored in requests.
    OutputOnly,
    /// `input_only`: sent in requests, never returned.
    InputOnly,
    /// `immutable`: cannot be changed once set.
    Immutable,
    /// `identifier`: the resource name of the object.
    Identifier,
    /// `unordered_list`: the order of the items carries no meaning.
    UnorderedList,
    /// `non_empty_default`: the server fills in a default when left empty.
    NonEmptyDefault,
}

impl Behavior {
    /// Every behaviour with its spec name, in the order the docs list them.
    pub const ALL: [(&'static str, Behavior); 8] = [
        ("required", Behavior::Required),
        ("optional", Behavior::Optional),
        ("output_only", Behavior::OutputOnly),
        ("input_only", Behavior::InputOnly),
        ("immutable", Behavior::Immutable),
        ("identifier", Behavior::Identifier),
        ("unordered_list", Behavior::UnorderedList),
        ("non_empty_default", Behavior::NonEmptyDefault),
    ];

    /// The behaviour a spec name stands for.
    pub fn from_spec(name: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .find(|(spec, _)| *spec == name)
            .map(|(_, behavior)| *behavior)
    }
}

impl Field {
    /// Whether the field has this behaviour.
    pub fn has(&self, behavior: Behavior) -> bool {
        self.behaviors.contains(&behavior)
    }
}

/// How many values a field holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shape {
    /// One value; `presence` is true when "not set" differs from the default.
    Single {
        /// Explicit presence: the field is an `Option`.
        presence: bool,
    },
    /// A list.
    Repeated,
    /// A map with string-like keys of this scalar type.
    Map(Scalar),
}

/// What a field's value is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeRef {
    /// A protobuf scalar.
    Scalar(Scalar),
    /// A well-known protobuf type.
    WellKnown(WellKnown),
    /// A message of this API.
    Message(TypePath),
    /// An enum of this API.
    Enum(TypePath),
}

impl TypeRef {
    /// The message or enum it names, if it names one.
    pub fn path(&self) -> Option<&TypePath> {
        match self {
            TypeRef::Message(path) | TypeRef::Enum(path) => Some(path),
            TypeRef::Scalar(_) | TypeRef::WellKnown(_) => None,
        }
    }
}

/// Protobuf scalar kinds, after folding encodings that share a JSON form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scalar {
    /// `double`
    Double,
    /// `float`
    Float,
    /// `int32`, `sint32`, `sfixed32`
    Int32,
    /// `int64`, `sint64`, `sfixed64` (a JSON string)
    Int64,
    /// `uint32`, `fixed32`
    Uint32,
    /// `uint64`, `fixed64` (a JSON string)
    Uint64,
    /// `bool`
    Bool,
    /// `string`
    String,
    /// `bytes` (base64 in JSON)
    Bytes,
}

impl Scalar {
    /// The scalar for a spec type name.
    pub fn from_spec(name: &str) -> Option<Self> {
        Some(match name {
            "double" => Scalar::Double,
            "float" => Scalar::Float,
            "int32" | "sint32" | "sfixed32" => Scalar::Int32,
            "int64" | "sint64" | "sfixed64" => Scalar::Int64,
            "uint32" | "fixed32" => Scalar::Uint32,
            "uint64" | "fixed64" => Scalar::Uint64,
            "bool" => Scalar::Bool,
            "string" => Scalar::String,
            "bytes" => Scalar::Bytes,
            _ => return None,
        })
    }

    /// Every spec name of a scalar, for suggestions.
    pub const SPEC_NAMES: &'static [&'static str] = &[
        "double", "float", "int32", "sint32", "sfixed32", "int64", "sint64", "sfixed64", "uint32",
        "fixed32", "uint64", "fixed64", "bool", "string", "bytes",
    ];
}

/// The well-known protobuf types with their own JSON forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WellKnown {
    /// `google.protobuf.Timestamp`
    Timestamp,
    /// `google.protobuf.Duration`
    Duration,
    /// `google.protobuf.FieldMask`
    FieldMask,
    /// `google.protobuf.Struct`
    Struct,
    /// `google.protobuf.Value`
    Value,
    /// `google.protobuf.ListValue`
    ListValue,
    /// `google.protobuf.Any`
    Any,
    /// `google.protobuf.Empty`
    Empty,
}

impl WellKnown {
    /// The well-known type for a spec type name.
    pub fn from_spec(name: &str) -> Option<Self> {
        Some(match name {
            "google.protobuf.Timestamp" => WellKnown::Timestamp,
            "google.protobuf.Duration" => WellKnown::Duration,
            "google.protobuf.FieldMask" => WellKnown::FieldMask,
            "google.protobuf.Struct" => WellKnown::Struct,
            "google.protobuf.Value" => WellKnown::Value,
            "google.protobuf.ListValue" => WellKnown::ListValue,
            "google.protobuf.Any" => WellKnown::Any,
            "google.protobuf.Empty" => WellKnown::Empty,
            _ => return None,
        })
    }

    /// Every spec name of a well-known type, for suggestions.
    pub const SPEC_NAMES: &'static [&'static str] = &[
        "google.protobuf.Timestamp",
        "google.protobuf.Duration",
        "google.protobuf.FieldMask",
        "google.protobuf.Struct",
        "google.protobuf.Value",
        "google.protobuf.ListValue",
        "google.protobuf.Any",
        "google.protobuf.Empty",
    ];
}

/// A oneof group, emitted as a Rust enum held in an `Option` field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Oneof {
    /// The oneof's name in the spec, for error messages.
    pub name: String,
    /// Rust field name on the message.
    pub rust_field: String,
    /// The setter of that field.
    pub setter: String,
    /// Rust enum type name, inside the message's module (`Data` in `part`).
    pub rust_type: String,
    /// Doc text.
    pub description: String,
    /// The members.
    pub variants: Vec<Variant>,
}

/// One member of a oneof.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variant {
    /// The proto field number, when the spec records it.
    pub number: Option<u32>,
    /// JSON name (a sibling key of the message's fields).
    pub json_name: String,
    /// The proto field name, which decoders accept too.
    pub proto_name: String,
    /// Rust variant name.
    pub rust_name: String,
    /// The setter that selects this member (`set_text`).
    pub setter: String,
    /// The accessor that reads it when it is the one set (`text`).
    pub accessor: String,
    /// Value type.
    pub ty: TypeRef,
    /// Stored behind a `Box` because the type contains itself.
    pub boxed: bool,
    /// Doc text.
    pub description: String,
    /// Marked deprecated.
    pub deprecated: bool,
}

/// An enum type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Enum {
    /// Its names.
    pub path: TypePath,
    /// Doc text.
    pub description: String,
    /// Values in order; the first is the default.
    pub values: Vec<EnumValue>,
}

/// One enum value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnumValue {
    /// Wire name.
    pub wire_name: String,
    /// Wire number.
    pub number: i32,
    /// Rust variant name.
    pub rust_name: String,
    /// Doc text, when the spec gives one.
    pub description: Option<String>,
    /// Marked deprecated.
    pub deprecated: bool,
}

/// Resource handles declared in one spec file.
#[derive(Clone, Debug, PartialEq)]
pub struct ClientModule {
    /// Rust module name.
    pub module: String,
    /// The spec file, relative to the spec folder; for a shared package's
    /// module, the package (`google.iam.v1`).
    pub source: String,
    /// The resources, in spec order.
    pub resources: Vec<Resource>,
}

/// A resource handle type.
#[derive(Clone, Debug, PartialEq)]
pub struct Resource {
    /// Dotted REST name, e.g. `shelves.books`.
    pub rest_name: String,
    /// Rust handle type, e.g. `ShelvesBooks`.
    pub rust_type: String,
    /// Accessor method name on the parent, e.g. `documents`.
    pub accessor: String,
    /// The accessors from the client to this handle, e.g. `shelves`, `books`.
    pub client_path: Vec<String>,
    /// True for a top-level resource (reached from the client).
    pub top_level: bool,
    /// Doc text.
    pub description: String,
    /// Child resources: (accessor, Rust type, description).
    pub children: Vec<Child>,
    /// Methods in spec order.
    pub methods: Vec<Method>,
}

/// A child resource reachable from its parent's handle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Child {
    /// Accessor method name.
    pub accessor: String,
    /// Rust handle type.
    pub rust_type: String,
    /// The handle type's path as written in its parent's module:
    /// `ShelvesBooks`, or `super::ShelvesBooks` from another file's module.
    pub path: Vec<String>,
    /// Doc text.
    pub description: String,
}

/// How a method's request travels over HTTP, worked out once for every
/// output that needs it (the bindings, the OpenAPI export, `diff`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transcoding {
    /// The template with variables renamed to JSON field paths.
    pub path: PathTemplate,
    /// The request fields bound to path variables, in template order.
    pub path_fields: Vec<PathField>,
    /// The request fields in neither the path nor the body, which go to
    /// the query string, in request order.
    pub query: Vec<QueryParam>,
    /// Where the body comes from.
    pub body: BodyRef,
}

/// A request field sent in the query string; its JSON name is the
/// parameter's name, or the prefix of the dotted names it becomes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryParam {
    /// The request field (its JSON name, type, shape and docs).
    pub field: Field,
    /// How it is sent.
    pub kind: QueryKind,
}

/// How a request field is sent in the query string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QueryKind {
    /// A scalar, enum or well-known value, or a list of them: one
    /// parameter, repeated for each item of a list.
    Value,
    /// A message: each field set is a parameter named `field.inner`, and so
    /// on down.
    Message(TypePath),
    /// A map: each entry is a parameter named `field.key`.
    Map,
    /// A list of messages, which a query string cannot carry: a call that
    /// sets it is refused.
    MessageList,
}

/// A request field bound to a path variable, as a method's doc example sets it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathField {
    /// The setter of each field from the request down to the string
    /// (`set_reading_list`, `set_name`).
    pub setters: Vec<String>,
    /// The message type of each field on the way but the last (`ReadingList`).
    pub messages: Vec<TypePath>,
    /// A value that fits the variable's pattern (`publishers/my-publisher`).
    pub example: String,
}

/// An API method.
#[derive(Clone, Debug, PartialEq)]
pub struct Method {
    /// REST id, e.g. `shelves.books.query`.
    pub id: String,
    /// Rust method name.
    pub rust_name: String,
    /// Doc text.
    pub description: String,
    /// Marked deprecated.
    pub deprecated: bool,
    /// The HTTP verb.
    pub verb: Verb,
    /// The template as written in the spec.
    pub spec_path: String,
    /// Where each request field goes: path, query string or body.
    pub http: Transcoding,
    /// Request message.
    pub request: TypePath,
    /// What kind of call it is, with what it answers.
    pub kind: MethodKind,
    /// Safe to send twice.
    pub idempotent: bool,
    /// Its own retry policy and timeout, when the spec gives them.
    pub settings: MethodSettings,
    /// Name of the module-level constant holding the binding.
    pub binding_const: String,
    /// The server trait method that answers it (`shelves_books_search`).
    pub handler: String,
}

impl Method {
    /// The messages the call sends and answers: its request, its response
    /// and, for a long-running call, the operation's result and metadata.
    pub fn type_paths(&self) -> Vec<&TypePath> {
        let mut paths = vec![&self.request];
        match &self.kind {
            MethodKind::Unary { response, .. } | MethodKind::MediaUpload { response, .. } => {
                paths.extend(response.message());
            }
            MethodKind::ServerStreaming { item } => paths.push(item),
            MethodKind::Paged { response, .. } => paths.push(response),
            MethodKind::LongRunning(operation) => {
                paths.extend([&operation.message, &operation.metadata]);
                paths.extend(operation.result.message());
            }
        }
        paths
    }
}

/// A method's own retry policy and timeout, which beat the client-wide ones.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MethodSettings {
    /// Its retry policy, when it has its own.
    pub retry: Option<MethodRetry>,
    /// Its limit on each attempt, in milliseconds.
    pub timeout_ms: Option<u64>,
}

impl MethodSettings {
    /// Whether the method has neither setting of its own.
    pub fn is_empty(&self) -> bool {
        self.retry.is_none() && self.timeout_ms.is_none()
    }
}

/// A method's own retry policy.
#[derive(Clone, Debug, PartialEq)]
pub enum MethodRetry {
    /// Never retried.
    Disabled,
    /// This policy, the API's filled in where the method's left keys out.
    Policy(RetrySettings),
}

impl RetrySettings {
    /// The policy in the spec's keys, one line: `statuses [503], max_attempts 3, …`.
    pub fn summary(&self) -> String {
        let mut parts = vec![format!("statuses {:?}", self.statuses)];
        if let Some(attempts) = self.max_attempts {
            parts.push(format!("max_attempts {attempts}"));
        }
        parts.push(format!(
            "initial_backoff {}",
            duration_text(self.initial_backoff_ms)
        ));
        parts.push(format!(
            "max_backoff {}",
            duration_text(self.max_backoff_ms)
        ));
        parts.push(format!("multiplier {}", self.multiplier));
        if let Some(deadline) = self.deadline_ms {
            parts.push(format!("deadline {}", duration_text(deadline)));
        }
        parts.push(format!(
            "max_server_delay {}",
            duration_text(self.max_server_delay_ms)
        ));
        parts.join(", ")
    }
}

/// A generated helper that polls a method until an enum field leaves some values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WaitHelper {
    /// The message the method answers, whose field is watched.
    pub response: TypePath,
    /// Rust method name.
    pub rust_name: String,
    /// Rust name of the watched response field.
    pub field: String,
    /// JSON name of the watched field (for docs).
    pub field_json: String,
    /// The field's enum type.
    pub enum_type: TypePath,
    /// Variants that mean "not settled yet" (Rust names).
    pub pending: Vec<String>,
    /// The same values by their wire names (for docs).
    pub pending_wire: Vec<String>,
}

/// Which part of the request is the HTTP body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BodyRef {
    /// No body.
    None,
    /// `*`: all fields not in the path.
    All,
    /// One field, by JSON name.
    Field(String),
}

/// What a call answers: a message, or nothing (`google.protobuf.Empty`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Response {
    /// `google.protobuf.Empty`: the Rust method returns `()`.
    Empty,
    /// A message of this API.
    Message(TypePath),
}

impl Response {
    /// The message, or `None` for Empty.
    pub fn message(&self) -> Option<&TypePath> {
        match self {
            Response::Empty => None,
            Response::Message(path) => Some(path),
        }
    }

    /// The name in the spec (`google.protobuf.Empty` for Empty).
    pub fn spec_name(&self) -> &str {
        self.message()
            .map_or("google.protobuf.Empty", |path| path.spec_name.as_str())
    }
}

/// The kind of call, with the types it answers: each kind holds exactly
/// what its generated methods need, so no emitter derives them again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MethodKind {
    /// One request, one response.
    Unary {
        /// What the call answers.
        response: Response,
        /// A helper that repeats the call until the answer settles.
        wait: Option<WaitHelper>,
    },
    /// The server streams responses.
    ServerStreaming {
        /// The message each event carries.
        item: TypePath,
    },
    /// A list method that pages with `pageToken` / `nextPageToken`.
    Paged {
        /// One page.
        response: TypePath,
        /// The method that streams every page (`list_pages`).
        pages_method: String,
        /// The method that streams every item (`list_items`).
        items_method: String,
        /// JSON name of the items field.
        items: String,
        /// Rust name of the items field.
        items_rust: String,
        /// Type of one item.
        item_type: TypeRef,
        /// Rust name of the request's page token field.
        page_token: String,
        /// Rust name of the response's next page token field.
        next_page_token: String,
    },
    /// Answers a long-running operation.
    LongRunning(Operation),
    /// Starts a media upload; the bytes go to `upload_path`.
    MediaUpload {
        /// What the metadata call and the finished upload answer.
        response: Response,
        /// Path of the upload endpoint.
        upload_path: String,
        /// The client method that uploads bytes with the metadata (`upload_media`).
        media_method: String,
        /// The server trait method that receives a finished upload (`media_upload_media`).
        media_handler: String,
    },
}

/// The operation a long-running method answers, and how it is polled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Operation {
    /// The operation message the call answers (the method's `response`).
    pub message: TypePath,
    /// The operation's final result.
    pub result: Response,
    /// The operation's metadata type.
    pub metadata: TypePath,
    /// The REST id of the method that polls the operation.
    pub poll_id: String,
    /// The binding constant of that method.
    pub poll_const: String,
}

impl MethodKind {
    /// What the HTTP answer carries: the message of a unary answer, a
    /// page, a stream's event or an operation, or nothing.
    pub fn wire_response(&self) -> Response {
        match self {
            MethodKind::Unary { response, .. } | MethodKind::MediaUpload { response, .. } => {
                response.clone()
            }
            MethodKind::ServerStreaming { item } => Response::Message(item.clone()),
            MethodKind::Paged { response, .. } => Response::Message(response.clone()),
            MethodKind::LongRunning(operation) => Response::Message(operation.message.clone()),
        }
    }

    /// The kind's name in reports (`paged`).
    pub fn label(&self) -> &'static str {
        match self {
            MethodKind::Unary { .. } => "plain",
            MethodKind::ServerStreaming { .. } => "server-streaming",
            MethodKind::Paged { .. } => "paged",
            MethodKind::LongRunning(_) => "long-running",
            MethodKind::MediaUpload { .. } => "media upload",
        }
    }
}
