//! The spec as written: what each YAML file declares, with the place every
//! piece came from. Reading checks what the JSON Schema checks (the shape of
//! each file and the form of each value); nothing is checked against anything
//! else yet, that is [`crate::resolve`]'s job. A file or declaration that
//! cannot be read is reported and left out, and reading goes on, so one run
//! finds every problem.

mod fixes;
mod load;
mod read;
pub mod shared;
mod source;
pub mod values;

use std::collections::{BTreeMap, BTreeSet};

pub use load::{load_dir, load_sources};

use crate::diagnostic::{Diagnostic, Diagnostics, Loc};
use crate::model::RetrySettings;

/// Where a spec element is: its place in the file and its dotted element path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct At {
    /// The file position.
    pub loc: Loc,
    /// The element path, e.g. `messages.Part.fields.text`.
    pub element: String,
}

impl At {
    /// A diagnostic pointing here.
    pub fn error(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(&self.loc, self.element.clone(), message)
    }
}

/// A string from the spec and where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    /// The string.
    pub value: String,
    /// Where it was written.
    pub at: At,
}

/// The whole spec: the API's facts and every file's declarations, as far as
/// they could be read.
#[derive(Clone, Debug, PartialEq)]
pub struct Spec {
    /// The `api:` section (exactly one file has it).
    pub api: Option<ApiInfo>,
    /// Every spec file, sorted by path.
    pub files: Vec<SpecFile>,
    /// What was wrong with the files as read; [`crate::resolve::resolve`]
    /// reports these together with what it finds.
    pub problems: Diagnostics,
    /// False when some file could not be read to its end (not UTF-8, a merge
    /// conflict, a YAML syntax error): what it declares after that is unknown.
    pub complete: bool,
    /// Types, resources and methods (by REST id) that are declared but whose
    /// declarations could not be read; they are not reported as unknown.
    pub unreadable: BTreeSet<String>,
    /// Each shipped package left out because it names types of a package
    /// the spec declares (directly or through other shipped packages), with
    /// that declared package.
    pub shared_left_out: BTreeMap<String, String>,
}

/// How an `api:` section that could not be read is named in [`Spec::unreadable`].
pub const API_SECTION: &str = "api:";

/// The name under which an `api.retry` that could not be read is recorded
/// as unreadable, so that the methods' policies do not miss what it lacks.
pub const API_RETRY: &str = "api.retry";

impl Spec {
    /// Whether a reference to `name` that finds nothing is a problem of its
    /// own, rather than the consequence of a declaration that could not be read.
    pub fn reports_unknown(&self, name: &str) -> bool {
        self.complete && !name.is_empty() && !self.unreadable.contains(name)
    }
}

impl Spec {
    /// The package a file's types are in: its own `package:`, else the
    /// `api.package` default; `None` when neither is written.
    pub fn package_of<'s>(&'s self, file: &'s SpecFile) -> Option<&'s str> {
        file.package
            .as_ref()
            .or_else(|| self.api.as_ref()?.package.as_ref())
            .map(|package| package.value.as_str())
    }
}

/// What one spec file declares.
#[derive(Clone, Debug, PartialEq)]
pub struct SpecFile {
    /// Path relative to the spec folder, with `/` separators, e.g. `types/content.yaml`.
    pub path: String,
    /// Its top-level `package:`, if it names one (see [`Spec::package_of`]).
    pub package: Option<Text>,
    /// A file of the shared spec shipped with apigen (see [`shared`]): its
    /// types are named by their full names only.
    pub shared: bool,
    /// The file's name as shown in messages, and its text.
    pub source: std::sync::Arc<crate::diagnostic::SourceFile>,
    /// Its resources.
    pub resources: Vec<Resource>,
    /// Its messages.
    pub messages: Vec<Message>,
    /// Its enums.
    pub enums: Vec<Enum>,
}

/// The `api:` section.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiInfo {
    /// Short API name, e.g. `library`.
    pub name: Text,
    /// Human title.
    pub title: Text,
    /// API version, e.g. `v1beta`.
    pub version: Text,
    /// What the API is for.
    pub description: Text,
    /// The package of files that name none (`package:`), e.g. `example.library.v1`.
    pub package: Option<Text>,
    /// Default base URL.
    pub base_url: Text,
    /// Name of the generated crate (checked by [`values::is_crate_name`]).
    pub crate_name: Text,
    /// Version of the generated crate (checked by [`values::is_semver`]).
    pub crate_version: Text,
    /// The generated crate's license (checked by [`values::is_license_expression`]).
    pub license: Option<Text>,
    /// Whether the generated crate may be published (`publish:`, true when absent).
    pub publish: bool,
    /// How clients authenticate (`auth:`); `None` when the API needs no credentials.
    pub auth: Option<Auth>,
    /// The default retry policy.
    pub retry: Option<RetrySettings>,
    /// Where the section is.
    pub at: At,
}

/// The `api.auth:` section: the credentials the API takes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Auth {
    /// API keys (`api_key:`), if the API takes them.
    pub api_key: Option<ApiKey>,
    /// The OAuth 2 scopes an access token needs (`oauth.scopes`); empty
    /// when the API takes no OAuth tokens.
    pub oauth_scopes: Vec<Text>,
}

/// The `api.auth.api_key:` section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiKey {
    /// The header that carries the key.
    pub header: Text,
    /// Environment variables the key is read from, first set wins.
    pub env: Vec<Text>,
}

/// A REST resource (collection) and its methods, e.g. `shelves.books`.
#[derive(Clone, Debug, PartialEq)]
pub struct Resource {
    /// Dotted resource path.
    pub name: Text,
    /// What the resource holds.
    pub description: Text,
    /// Its methods, in spec order.
    pub methods: Vec<Method>,
    /// Where it is declared.
    pub at: At,
}

/// One REST method.
#[derive(Clone, Debug, PartialEq)]
pub struct Method {
    /// Method name as in the REST view, e.g. `batchCreate`.
    pub name: Text,
    /// What the call does.
    pub description: Text,
    /// Its HTTP binding.
    pub http: Http,
    /// Request message name.
    pub request: Text,
    /// Response message name.
    pub response: Text,
    /// `server` for a server-streaming method.
    pub streaming: Option<Text>,
    /// For list methods: the repeated response field holding the items.
    pub paging_items: Option<Text>,
    /// For methods answering an Operation: the final response and metadata types.
    pub long_running: Option<LongRunning>,
    /// For media uploads: the path the bytes go to.
    pub media_upload_path: Option<Text>,
    /// Overrides whether the method is safe to send twice (by default GET, PUT and DELETE are).
    pub idempotent: Option<bool>,
    /// A helper that repeats this call until a field leaves some values.
    pub wait: Option<Wait>,
    /// Marked deprecated.
    pub deprecated: bool,
    /// The method's own retry policy (`retry:`), when it has one.
    pub retry: Option<MethodRetry>,
    /// The method's own limit on each attempt (`timeout:`), in milliseconds.
    pub timeout_ms: Option<u64>,
    /// Where it is declared.
    pub at: At,
}

/// A method's `retry:`.
#[derive(Clone, Debug, PartialEq)]
pub enum MethodRetry {
    /// `retry: none`: the method is never retried.
    Disabled,
    /// A policy whose missing keys come from the API's policy.
    Policy {
        /// The keys as written.
        keys: RetryKeys,
        /// Where the policy is.
        at: At,
    },
}

/// The longest wait a server may ask for when no retry policy says: a
/// minute, as real rate limits ask for 20 to 60 seconds.
pub const DEFAULT_MAX_SERVER_DELAY_MS: u64 = 60_000;

/// A retry policy as written, each value checked; a key left out is `None`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RetryKeys {
    /// `statuses`.
    pub statuses: Option<Vec<u16>>,
    /// `max_attempts`.
    pub max_attempts: Option<u32>,
    /// `initial_backoff`, in milliseconds.
    pub initial_backoff_ms: Option<u64>,
    /// `max_backoff`, in milliseconds.
    pub max_backoff_ms: Option<u64>,
    /// `multiplier`.
    pub multiplier: Option<f64>,
    /// `deadline`, in milliseconds.
    pub deadline_ms: Option<u64>,
    /// `max_server_delay`, in milliseconds.
    pub max_server_delay_ms: Option<u64>,
}

impl RetryKeys {
    /// These keys, with the ones left out taken from `inherited`.
    pub fn or(self, inherited: &RetrySettings) -> Self {
        Self {
            statuses: self.statuses.or_else(|| Some(inherited.statuses.clone())),
            max_attempts: self.max_attempts.or(inherited.max_attempts),
            initial_backoff_ms: self
                .initial_backoff_ms
                .or(Some(inherited.initial_backoff_ms)),
            max_backoff_ms: self.max_backoff_ms.or(Some(inherited.max_backoff_ms)),
            multiplier: self.multiplier.or(Some(inherited.multiplier)),
            deadline_ms: self.deadline_ms.or(inherited.deadline_ms),
            max_server_delay_ms: self
                .max_server_delay_ms
                .or(Some(inherited.max_server_delay_ms)),
        }
    }

    /// The keys a policy needs and these lack: the backoff, and a bound
    /// on the attempts (`max_attempts` or `deadline`).
    pub fn lacking(&self) -> Vec<&'static str> {
        let mut lacking = Vec::new();
        if self.initial_backoff_ms.is_none() {
            lacking.push("initial_backoff");
        }
        if self.max_backoff_ms.is_none() {
            lacking.push("max_backoff");
        }
        if self.multiplier.is_none() {
            lacking.push("multiplier");
        }
        if self.max_attempts.is_none() && self.deadline_ms.is_none() {
            lacking.push("max_attempts` or `deadline");
        }
        lacking
    }

    /// The policy, when no key it needs is lacking.
    pub fn complete(self) -> Option<RetrySettings> {
        Some(RetrySettings {
            statuses: self.statuses.unwrap_or_default(),
            max_attempts: self.max_attempts,
            initial_backoff_ms: self.initial_backoff_ms?,
            max_backoff_ms: self.max_backoff_ms?,
            multiplier: self.multiplier?,
            deadline_ms: if self.max_attempts.is_none() {
                Some(self.deadline_ms?)
            } else {
                self.deadline_ms
            },
            max_server_delay_ms: self
                .max_server_delay_ms
                .unwrap_or(DEFAULT_MAX_SERVER_DELAY_MS),
        })
    }
}

/// The `long_running:` facts of a method.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LongRunning {
    /// Type of the operation's final response.
    pub response: Text,
    /// Type of the operation's metadata.
    pub metadata: Text,
    /// The method (by REST id) that fetches the operation's state.
    pub poll: Text,
    /// Where it is declared.
    pub at: At,
}

/// The `wait:` facts of a method: poll it until `field` is none of `pending`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wait {
    /// Name of the generated helper (camelCase), e.g. `waitUntilActive`.
    pub name: Text,
    /// The response field to watch (an enum).
    pub field: Text,
    /// The enum values that mean "not settled yet".
    pub pending: Vec<Text>,
    /// Where it is declared.
    pub at: At,
}

/// A `google.api.http`-style binding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Http {
    /// The verb.
    pub verb: crate::model::Verb,
    /// The path template.
    pub path: Text,
    /// `*`, a field name, or nothing.
    pub body: Option<Text>,
    /// Where it is declared.
    pub at: At,
}

/// A message type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// Type name.
    pub name: Text,
    /// What it is.
    pub description: Text,
    /// Resource-name patterns, e.g. `shelves/{shelf}`.
    pub resource_patterns: Vec<Text>,
    /// Plain fields.
    pub fields: Vec<Field>,
    /// Oneof groups.
    pub oneofs: Vec<Oneof>,
    /// Marked deprecated.
    pub deprecated: bool,
    /// The runtime's type that stands for it (`rust_type:`), when it is not generated.
    pub rust_type: Option<Text>,
    /// The Rust type name given in the spec, when not the type name itself.
    pub rust_name: Option<Text>,
    /// False when reading it found a problem: a field it may have declared
    /// is then not reported missing when something refers to it.
    pub intact: bool,
    /// Where it is declared.
    pub at: At,
}

/// A group of fields of which at most one is set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Oneof {
    /// Group name (camelCase).
    pub name: Text,
    /// What the choice is about.
    pub description: Text,
    /// The members.
    pub fields: Vec<Field>,
    /// Where it is declared.
    pub at: At,
}

/// A field of a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// The JSON name, exactly as on the wire.
    pub name: Text,
    /// The type: a scalar, a well-known type, or a message or enum name.
    pub type_name: Text,
    /// A list of values.
    pub repeated: bool,
    /// Explicit presence (proto3 `optional`).
    pub optional: bool,
    /// A map from this key type to `type_name`.
    pub map_key: Option<Text>,
    /// Field behaviours such as `required` or `output_only`.
    pub behaviors: Vec<Text>,
    /// Overrides the Rust field name derived from the JSON name.
    pub rust_name: Option<Text>,
    /// The proto field name, when it is not the snake_case form of the JSON name.
    pub proto_name: Option<Text>,
    /// The proto field number, when the spec records it.
    pub number: Option<u32>,
    /// What it means.
    pub description: Text,
    /// Marked deprecated.
    pub deprecated: bool,
    /// Where it is declared.
    pub at: At,
}

/// An enum type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Enum {
    /// Type name.
    pub name: Text,
    /// What it is.
    pub description: Text,
    /// Its values in order; the first is the default.
    pub values: Vec<EnumValue>,
    /// The runtime's type that stands for it (`rust_type:`), when it is not generated.
    pub rust_type: Option<Text>,
    /// The Rust type name given in the spec, when not the type name itself.
    pub rust_name: Option<Text>,
    /// Where it is declared.
    pub at: At,
}

/// One enum value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnumValue {
    /// The wire name, e.g. `HARM_CATEGORY_HATE_SPEECH`.
    pub name: Text,
    /// The number given in the spec; without one, the previous value's number plus one.
    pub number: Option<Number>,
    /// The Rust variant name given in the spec, when the derived one does not fit.
    pub rust_name: Option<Text>,
    /// What it means, when the spec says.
    pub description: Option<Text>,
    /// Marked deprecated.
    pub deprecated: bool,
}

/// An enum value's number as written in the spec, with where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Number {
    /// The value.
    pub value: i32,
    /// Where it is written.
    pub at: At,
}
