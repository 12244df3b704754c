//! One table of cases for the 64 REST methods of the Gemini API: for each, a
//! typed request, how the generated client sends it (the expected verb, path,
//! query and JSON body on the wire) and what the server answers.
//!
//! `http_bindings` sends each request with the generated client and compares
//! what a loopback server records with the wire form; `server_all_methods`
//! sends the wire form (and the client's call) to the generated server and
//! compares the request its `Service` receives with the typed request.
//!
//! The wire forms are written out by hand from the HTTP templates in
//! `spec/resources/*.yaml` and Google's HTTP/JSON transcoding rules, so they
//! are an oracle independent of the client's and the server's own code:
//! - path variables take the (nested) field's value, which must match the pattern;
//! - `body: "*"`: every non-path field goes into the JSON body, no query;
//! - `body: field`: that field is the whole body, other non-path fields go in the query;
//! - no body: every set non-path field goes in the query, sorted by name;
//! - streaming methods also send `alt=sse`.

mod checks;
mod gemini_answers;
mod gemini_rich_rows;
mod gemini_rows;
mod recorder;

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::pin::Pin;

use gemini_v1beta::Error;
use serde::Serialize;
use serde_json::Value;

pub use checks::{check_client, check_server};
pub use gemini_answers::{answer, gemini_answer, page, without_type};
pub use gemini_rows::cases;
pub use recorder::Recorder;

/// A request as it travels on the wire, reduced to what the bindings decide.
#[derive(Clone, Debug, PartialEq)]
pub struct Wire {
    /// The HTTP verb, e.g. `POST`.
    pub verb: &'static str,
    /// The path, percent-encoded as sent.
    pub path: String,
    /// The decoded query parameters, in the order sent.
    pub query: Vec<(String, String)>,
    /// The JSON body, if any.
    pub body: Option<Value>,
}

impl Wire {
    /// A request without a body or query.
    fn new(verb: &'static str, path: &str) -> Self {
        Self {
            verb,
            path: path.to_owned(),
            query: Vec::new(),
            body: None,
        }
    }

    /// `GET path`.
    pub fn get(path: &str) -> Self {
        Self::new("GET", path)
    }

    /// `DELETE path`.
    pub fn delete(path: &str) -> Self {
        Self::new("DELETE", path)
    }

    /// `POST path` with a JSON body.
    pub fn post(path: &str, body: Value) -> Self {
        Self {
            body: Some(body),
            ..Self::new("POST", path)
        }
    }

    /// `PATCH path` with a JSON body.
    pub fn patch(path: &str, body: Value) -> Self {
        Self {
            body: Some(body),
            ..Self::new("PATCH", path)
        }
    }

    /// The same request with these query parameters, in this order.
    pub fn query(mut self, pairs: &[(&str, &str)]) -> Self {
        self.query = pairs
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect();
        self
    }
}

/// What a client call gave back.
pub struct Decoded {
    /// The answer, as JSON.
    pub json: Value,
    /// Where the typed answer holds something its type does not know.
    pub unknown: Option<String>,
}

/// A generated client's call for one method.
type Call<C> = Box<dyn Fn(C) -> Pin<Box<dyn Future<Output = Result<Decoded, Error>>>>>;

/// What a test server answers to a method: given the method id and the
/// request as JSON, a message, an array of streamed events, or `null`.
pub type Answers = fn(&str, &Value) -> Value;

/// One method, one request, and what goes over the wire both ways, for a
/// generated crate whose client is a `C`.
pub struct Case<C> {
    /// The REST method id, e.g. `models.generateContent`.
    pub id: &'static str,
    /// The typed request, in its JSON form.
    pub request: Value,
    /// How the client sends `request`.
    pub wire: Wire,
    /// What the client's call gives back, as JSON, when that is not the
    /// server's answer itself.
    decoded: Option<Value>,
    call: Call<C>,
}

impl<C: 'static> Case<C> {
    /// A case for method `id`: `call` sends `request` with the client, which
    /// sends `wire`.
    pub fn new<Req, Resp, Fut>(
        id: &'static str,
        request: Req,
        call: impl Fn(C, Req) -> Fut + 'static,
        wire: Wire,
    ) -> Self
    where
        Req: Serialize + Clone + 'static,
        Resp: Serialize + std::fmt::Debug,
        Fut: Future<Output = Result<Resp, Error>> + 'static,
    {
        let json = serde_json::to_value(&request).expect("a request encodes");
        let call = move |client: C| {
            let reply = call(client, request.clone());
            Box::pin(async move {
                let reply = reply.await?;
                Ok(Decoded {
                    json: serde_json::to_value(&reply).expect("an answer encodes"),
                    unknown: unknown_parts(&format!("{reply:?}")),
                })
            }) as Pin<Box<dyn Future<Output = Result<Decoded, Error>>>>
        };
        Self {
            id,
            request: json,
            wire,
            decoded: None,
            call: Box::new(call),
        }
    }

    /// The same case, whose call gives back `decoded` rather than the answer.
    pub fn decoded_as(self, decoded: Value) -> Self {
        Self {
            decoded: Some(decoded),
            ..self
        }
    }

    /// What the client's call should give back when the server answers `answer`.
    pub fn decoded(&self, answer: &Value) -> Value {
        self.decoded.clone().unwrap_or_else(|| answer.clone())
    }

    /// Sends the request with `client`; what it gave back.
    pub async fn call(&self, client: C) -> Result<Decoded, Error> {
        (self.call)(client).await
    }
}

/// Where the Debug form of a decoded message shows something its type does
/// not know (a field kept in `unknown_fields`, an `UnknownValue` enum): a
/// misspelt canned field or a request field the server failed to place.
pub fn unknown_parts(debug: &str) -> Option<String> {
    if let Some(at) = debug.find("UnknownValue(") {
        return Some(debug[at..].chars().take(80).collect());
    }
    debug
        .match_indices("unknown_fields: ")
        .map(|(at, marker)| &debug[at + marker.len()..])
        .find(|rest| !rest.starts_with("{}"))
        .map(|rest| {
            format!(
                "unknown_fields: {}",
                rest.chars().take(80).collect::<String>()
            )
        })
}

/// The JSON paths where `actual` differs from `expected`, or nothing
/// (numbers compare as JSON values: `1` is not `1.0`).
pub fn differences(expected: &Value, actual: &Value) -> Vec<String> {
    let mut out = Vec::new();
    walk(expected, actual, "$", &mut out);
    out
}

fn walk(expected: &Value, actual: &Value, path: &str, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(want), Value::Object(got)) => {
            let extra = got.keys().filter(|key| !want.contains_key(*key));
            for key in want.keys().chain(extra) {
                let at = format!("{path}.{key}");
                match (want.get(key), got.get(key)) {
                    (Some(want), Some(got)) => walk(want, got, &at, out),
                    (Some(want), None) => out.push(format!("{at}: expected {want}, absent")),
                    (None, Some(got)) => out.push(format!("{at}: expected absent, got {got}")),
                    (None, None) => {}
                }
            }
        }
        (Value::Array(want), Value::Array(got)) if want.len() == got.len() => {
            for (index, (want, got)) in want.iter().zip(got).enumerate() {
                walk(want, got, &format!("{path}[{index}]"), out);
            }
        }
        _ if expected != actual => out.push(format!("{path}: expected {expected}, got {actual}")),
        _ => {}
    }
}

/// The HTTP binding of each method of the spec in `dir` (relative to the
/// repository), from its OpenAPI export: method id → (verb, path template
/// with one `{…}` per path segment variable, query parameter names).
fn spec_bindings(dir: &str) -> BTreeMap<String, (String, String, BTreeSet<String>)> {
    let text = xtask::openapi(&xtask::repo_root().join(dir)).expect("the spec exports");
    let document: Value = serde_json::from_str(&text).expect("the export is JSON");
    let mut bindings = BTreeMap::new();
    let paths = document["paths"].as_object().expect("the export has paths");
    for (template, operations) in paths {
        for (verb, operation) in operations.as_object().into_iter().flatten() {
            let Some(id) = operation["operationId"].as_str() else {
                continue;
            };
            let query = operation["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|parameter| parameter["in"] == "query")
                .filter_map(|parameter| parameter["name"].as_str().map(str::to_owned))
                .collect();
            let binding = (verb.to_uppercase(), template.clone(), query);
            bindings.insert(id.to_owned(), binding);
        }
    }
    bindings
}

/// Whether `path` fits `template`, segment by segment; a `{…}` stands for
/// one non-empty segment part.
fn fits(template: &str, path: &str) -> bool {
    let (template, path): (Vec<_>, Vec<_>) =
        (template.split('/').collect(), path.split('/').collect());
    template.len() == path.len()
        && template
            .iter()
            .zip(&path)
            .all(|(want, got)| match (want.find('{'), want.find('}')) {
                (Some(open), Some(close)) => {
                    let (prefix, suffix) = (&want[..open], &want[close + 1..]);
                    got.len() > prefix.len() + suffix.len()
                        && got.starts_with(prefix)
                        && got.ends_with(suffix)
                }
                _ => want == got,
            })
}

/// Panics unless the table and the spec in `dir` (relative to the
/// repository; the generated crate is generated from it, and `cargo xtask
/// check` keeps the two in step) agree: every method of the spec has a case,
/// every case names a method of it, and each case's wire form has the
/// method's verb, fits its path template and uses only its query parameters
/// (and `alt` for streams).
pub fn assert_covers<C>(cases: &[Case<C>], dir: &str) {
    let spec = spec_bindings(dir);
    let table: BTreeSet<&str> = cases.iter().map(|case| case.id).collect();
    let missing: Vec<_> = spec
        .keys()
        .filter(|id| !table.contains(id.as_str()))
        .collect();
    let mut problems: Vec<String> = missing
        .iter()
        .map(|id| format!("{id}: a method of {dir} without a case"))
        .collect();
    for case in cases {
        let Some((verb, template, query)) = spec.get(case.id) else {
            problems.push(format!("{}: a case for no method of {dir}", case.id));
            continue;
        };
        let wire = &case.wire;
        if wire.verb != verb || !fits(template, &wire.path) {
            problems.push(format!(
                "{}: the wire form {} {} is not the binding {verb} {template}",
                case.id, wire.verb, wire.path
            ));
        }
        let unknown: Vec<_> = wire
            .query
            .iter()
            .map(|(name, _)| name)
            .filter(|name| *name != "alt" && !query.contains(*name))
            .collect();
        if !unknown.is_empty() {
            problems.push(format!(
                "{}: query parameters {unknown:?} are not the method's",
                case.id
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "the table disagrees with {dir}:\n{}",
        problems.join("\n")
    );
}

/// Every Gemini method has a case, and every case is a Gemini binding.
#[test]
fn the_gemini_table_covers_every_method_and_no_other() {
    assert_covers(&cases(), "spec");
    assert_eq!(spec_bindings("spec").len(), 64);
}
