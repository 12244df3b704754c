//! Reading a gRPC service config (`*_grpc_service_config.json`): its
//! `methodConfig` entries, each naming services or methods of the protos
//! with a `timeout` and a `retryPolicy`. Every problem is located in the
//! file; what the spec has no form for is noted, not read.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use apigen::diagnostic::{Loc, SourceFile};
use apigen::yaml::Pos;
use apigen::{Diagnostic, Diagnostics};
use prost_reflect::DescriptorPool;
use serde_json::{Map, Value};

use crate::json_locate::{locate, Step};

/// The gRPC status codes: name, number and the HTTP status a REST API
/// answers for it (google.rpc.Code's mapping).
const CODES: [(&str, u64, u16); 16] = [
    ("CANCELLED", 1, 499),
    ("UNKNOWN", 2, 500),
    ("INVALID_ARGUMENT", 3, 400),
    ("DEADLINE_EXCEEDED", 4, 504),
    ("NOT_FOUND", 5, 404),
    ("ALREADY_EXISTS", 6, 409),
    ("PERMISSION_DENIED", 7, 403),
    ("RESOURCE_EXHAUSTED", 8, 429),
    ("FAILED_PRECONDITION", 9, 400),
    ("ABORTED", 10, 409),
    ("OUT_OF_RANGE", 11, 400),
    ("UNIMPLEMENTED", 12, 501),
    ("INTERNAL", 13, 500),
    ("UNAVAILABLE", 14, 503),
    ("DATA_LOSS", 15, 500),
    ("UNAUTHENTICATED", 16, 401),
];

/// The keys of a `methodConfig` entry and of its `retryPolicy` that are read.
const ENTRY_KEYS: [&str; 3] = ["name", "timeout", "retryPolicy"];
const POLICY_KEYS: [&str; 5] = [
    "initialBackoff",
    "maxBackoff",
    "backoffMultiplier",
    "retryableStatusCodes",
    "maxAttempts",
];

/// What a service config says, in the spec's terms.
#[derive(Debug, Default)]
pub(crate) struct ServiceConfig {
    /// The `methodConfig` entries, in file order.
    pub entries: Vec<MethodConfig>,
    /// What the file says that the spec cannot, each with what was done instead.
    pub notes: Vec<String>,
}

/// One `methodConfig` entry.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct MethodConfig {
    /// The services (a method `None`) and methods it is for; a service
    /// `""` is every method's default.
    pub names: Vec<(String, Option<String>)>,
    /// The longest a call may take with all its attempts, in milliseconds.
    pub timeout_ms: Option<u64>,
    /// The retry policy, when the methods are retried.
    pub retry: Option<RetryPolicy>,
}

/// A `retryPolicy`, its status codes as the HTTP statuses they come back as.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct RetryPolicy {
    /// The HTTP statuses of the retryable codes the spec can tell apart.
    pub statuses: Vec<u16>,
    /// `maxAttempts`, when given.
    pub max_attempts: Option<u32>,
    /// `initialBackoff`, in milliseconds.
    pub initial_backoff_ms: u64,
    /// `maxBackoff`, in milliseconds.
    pub max_backoff_ms: u64,
    /// `backoffMultiplier`.
    pub multiplier: f64,
}

/// Reads the service config at `path`, whose names must be services and
/// methods of `pool`.
pub(crate) fn read(path: &Path, pool: &DescriptorPool) -> Result<ServiceConfig, Diagnostics> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|error| {
        let file = Arc::new(SourceFile::new(shown.clone(), ""));
        let problem = Diagnostic::new(
            &Loc {
                file,
                pos: Pos { line: 1, column: 1 },
            },
            "",
            format!("cannot read the service config: {error}"),
        );
        Diagnostics(vec![problem])
    })?;
    let mut reader = Reader {
        file: Arc::new(SourceFile::new(shown, text)),
        problems: Diagnostics::default(),
        config: ServiceConfig::default(),
        seen: BTreeMap::new(),
    };
    reader.document(pool);
    match reader.problems.0.is_empty() {
        true => Ok(reader.config),
        false => Err(reader.problems),
    }
}

/// A path's text as a problem's element: `methodConfig[0].timeout`.
fn element(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(key) if out.is_empty() => out.push_str(key),
            Step::Key(key) => out.push_str(&format!(".{key}")),
            Step::Index(index) => out.push_str(&format!("[{index}]")),
        }
    }
    out
}

fn child(path: &[Step], step: Step) -> Vec<Step> {
    let mut path = path.to_vec();
    path.push(step);
    path
}

fn key(path: &[Step], key: &str) -> Vec<Step> {
    child(path, Step::Key(key.to_owned()))
}

/// A protobuf JSON duration (`20s`, `0.100s`) in milliseconds, rounded up
/// to a whole one (the spec's durations are in milliseconds).
fn proto_duration_millis(text: &str) -> Option<u64> {
    let seconds = text.strip_suffix('s')?;
    let (whole, fraction) = seconds.split_once('.').unwrap_or((seconds, ""));
    let digits = |part: &str| part.bytes().all(|byte| byte.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) || fraction.len() > 9 {
        return None;
    }
    let nanos: u64 = format!("{fraction:0<9}").parse().ok()?;
    let whole: u64 = whole.parse().ok()?;
    whole
        .checked_mul(1000)?
        .checked_add(nanos.div_ceil(1_000_000))
}

/// What is wrong with a name (message and help), when it names nothing of the protos.
fn unknown(pool: &DescriptorPool, service: &str, method: Option<&str>) -> Option<(String, String)> {
    if service.is_empty() {
        return method.map(|method| {
            (
                format!("names the method `{method}` without its service"),
                "add `service` with the service's full name".to_owned(),
            )
        });
    }
    let Some(descriptor) = pool.get_service_by_name(service) else {
        let services: Vec<String> = pool
            .services()
            .map(|service| service.full_name().to_owned())
            .collect();
        return Some((
            format!("the protos declare no service `{service}`"),
            format!("name a service by its full name: {}", services.join(", ")),
        ));
    };
    let method = method?;
    if descriptor.methods().any(|known| known.name() == method) {
        return None;
    }
    let methods: Vec<String> = descriptor
        .methods()
        .map(|known| known.name().to_owned())
        .collect();
    Some((
        format!("the service `{service}` has no method `{method}`"),
        format!("its methods are {}", methods.join(", ")),
    ))
}

/// Reading one service config, collecting problems and notes.
struct Reader {
    /// The file's name and text.
    file: Arc<SourceFile>,
    problems: Diagnostics,
    config: ServiceConfig,
    /// Each (service, method) named so far, with the entry that names it.
    seen: BTreeMap<(String, Option<String>), usize>,
}

impl Reader {
    fn problem(&mut self, path: &[Step], message: String, help: Option<String>) {
        let loc = Loc {
            file: self.file.clone(),
            pos: locate(&self.file.text, path),
        };
        let mut problem = Diagnostic::new(&loc, element(path), message);
        if let Some(help) = help {
            problem = problem.with_help(help);
        }
        self.problems.push(problem);
    }

    fn note(&mut self, path: &[Step], what: &str) {
        let pos = locate(&self.file.text, path);
        self.config.notes.push(format!(
            "{}:{}: {}: {what}",
            self.file.name,
            pos.line,
            element(path)
        ));
    }

    /// Notes each key of `object` that is not one of `known`.
    fn unread(&mut self, path: &[Step], object: &Map<String, Value>, known: &[&str]) {
        for name in object.keys().filter(|name| !known.contains(&name.as_str())) {
            self.note(&key(path, name), "the spec has no form for it; left out");
        }
    }

    fn document(&mut self, pool: &DescriptorPool) {
        let value: Value = match serde_json::from_str(&self.file.text) {
            Ok(value) => value,
            Err(error) => {
                let loc = Loc {
                    file: self.file.clone(),
                    pos: Pos {
                        line: error.line().max(1),
                        column: error.column().max(1),
                    },
                };
                self.problems.push(Diagnostic::new(
                    &loc,
                    "",
                    format!("the service config is not JSON: {error}"),
                ));
                return;
            }
        };
        let Value::Object(top) = value else {
            self.problem(&[], "a service config is a JSON object".to_owned(), None);
            return;
        };
        self.unread(&[], &top, &["methodConfig"]);
        let path = [Step::Key("methodConfig".to_owned())];
        match top.get("methodConfig") {
            None => {}
            Some(Value::Array(entries)) => {
                for (index, entry) in entries.iter().enumerate() {
                    let path = child(&path, Step::Index(index));
                    if let Some(entry) = self.entry(&path, entry, pool) {
                        self.config.entries.push(entry);
                    }
                }
            }
            Some(_) => self.problem(&path, "`methodConfig` is a list".to_owned(), None),
        }
    }

    fn entry(
        &mut self,
        path: &[Step],
        value: &Value,
        pool: &DescriptorPool,
    ) -> Option<MethodConfig> {
        let Value::Object(entry) = value else {
            self.problem(path, "a `methodConfig` entry is an object".to_owned(), None);
            return None;
        };
        self.unread(path, entry, &ENTRY_KEYS);
        let index = self.config.entries.len();
        let names = self.names(&key(path, "name"), entry.get("name"), pool, index);
        let timeout_ms = entry
            .get("timeout")
            .and_then(|timeout| self.duration(&key(path, "timeout"), timeout));
        if timeout_ms == Some(0) {
            self.problem(
                &key(path, "timeout"),
                "a timeout of zero ends every call at once".to_owned(),
                Some("give a timeout longer than zero, or none".to_owned()),
            );
        }
        let retry = entry
            .get("retryPolicy")
            .and_then(|policy| self.policy(&key(path, "retryPolicy"), policy));
        if retry
            .as_ref()
            .is_some_and(|retry| retry.max_attempts.is_none() && timeout_ms.is_none())
        {
            self.problem(
                &key(path, "retryPolicy"),
                "the retry policy has no `maxAttempts` and the entry no `timeout`: nothing bounds the retries".to_owned(),
                Some("give the policy `maxAttempts` or the entry a `timeout`".to_owned()),
            );
        }
        Some(MethodConfig {
            names: names?,
            timeout_ms,
            retry,
        })
    }

    /// The `name` list: each a service of the protos, with a method of it or none.
    fn names(
        &mut self,
        path: &[Step],
        value: Option<&Value>,
        pool: &DescriptorPool,
        entry: usize,
    ) -> Option<Vec<(String, Option<String>)>> {
        let Some(Value::Array(names)) = value else {
            self.problem(
                path,
                "a `methodConfig` entry needs a `name` list of `{ service, method }`".to_owned(),
                None,
            );
            return None;
        };
        let mut out = Vec::new();
        for (index, name) in names.iter().enumerate() {
            let path = child(path, Step::Index(index));
            if !name.is_object() {
                self.problem(
                    &path,
                    "a name is an object: `{ \"service\": \"...\", \"method\": \"...\" }`"
                        .to_owned(),
                    None,
                );
                continue;
            }
            let text = |key: &str| name.get(key).map(|value| value.as_str().map(str::to_owned));
            let (service, method) = match (text("service"), text("method")) {
                (Some(None), _) | (_, Some(None)) => {
                    self.problem(&path, "`service` and `method` are strings".to_owned(), None);
                    continue;
                }
                (service, method) => (service.flatten().unwrap_or_default(), method.flatten()),
            };
            if let Some((message, help)) = unknown(pool, &service, method.as_deref()) {
                self.problem(&path, message, Some(help));
                continue;
            }
            let named = (service, method);
            if let Some(first) = self.seen.insert(named.clone(), entry) {
                self.problem(
                    &path,
                    format!("methodConfig[{first}] names this already"),
                    Some("name each service and method once".to_owned()),
                );
                continue;
            }
            out.push(named);
        }
        Some(out)
    }

    fn duration(&mut self, path: &[Step], value: &Value) -> Option<u64> {
        let millis = value.as_str().and_then(proto_duration_millis);
        if millis.is_none() {
            self.problem(
                path,
                format!("{value} is not a duration"),
                Some("write seconds as a string ending in `s`: \"20s\", \"0.100s\"".to_owned()),
            );
        }
        millis
    }

    fn policy(&mut self, path: &[Step], value: &Value) -> Option<RetryPolicy> {
        let Value::Object(policy) = value else {
            self.problem(path, "`retryPolicy` is an object".to_owned(), None);
            return None;
        };
        self.unread(path, policy, &POLICY_KEYS);
        let duration = |reader: &mut Self, name: &str| match policy.get(name) {
            Some(value) => reader.duration(&key(path, name), value),
            None => {
                reader.problem(path, format!("the retry policy has no `{name}`"), None);
                None
            }
        };
        let initial_backoff_ms = duration(self, "initialBackoff");
        let max_backoff_ms = duration(self, "maxBackoff");
        let multiplier = match policy.get("backoffMultiplier").and_then(Value::as_f64) {
            Some(multiplier) if multiplier >= 1.0 && multiplier.is_finite() => Some(multiplier),
            _ => {
                self.problem(
                    &key(path, "backoffMultiplier"),
                    "the retry policy needs a `backoffMultiplier` of at least 1 (waits that shrink have no spec form)".to_owned(),
                    None,
                );
                None
            }
        };
        let max_attempts = match policy.get("maxAttempts") {
            None => Some(None),
            Some(value) => match value.as_u64().and_then(|count| u32::try_from(count).ok()) {
                Some(count) if count >= 1 => Some(Some(count)),
                _ => {
                    self.problem(
                        &key(path, "maxAttempts"),
                        format!("{value} is not a number of attempts (1 or more)"),
                        None,
                    );
                    None
                }
            },
        };
        let statuses = self.statuses(&key(path, "retryableStatusCodes"), policy);
        Some(RetryPolicy {
            statuses: statuses?,
            max_attempts: max_attempts?,
            initial_backoff_ms: initial_backoff_ms?,
            max_backoff_ms: max_backoff_ms?,
            multiplier: multiplier?,
        })
    }

    /// The HTTP statuses of the retryable codes. A status that a code the
    /// policy does not retry comes back as too (400, 409, 500) is left out
    /// and noted: the spec retries by HTTP status, and retrying it would
    /// repeat calls the config does not.
    fn statuses(&mut self, path: &[Step], policy: &Map<String, Value>) -> Option<Vec<u16>> {
        let Some(Value::Array(codes)) = policy.get("retryableStatusCodes") else {
            self.problem(
                path,
                "the retry policy needs a `retryableStatusCodes` list".to_owned(),
                None,
            );
            return None;
        };
        let mut retried: Vec<(usize, (&str, u64, u16))> = Vec::new();
        for (index, code) in codes.iter().enumerate() {
            let known = CODES.iter().find(|(name, number, _)| {
                code.as_str() == Some(name) || code.as_u64() == Some(*number)
            });
            match known {
                Some(known) => retried.push((index, *known)),
                None => self.problem(
                    &child(path, Step::Index(index)),
                    format!("{code} is not a gRPC status code that can be retried"),
                    Some("write a code's name, such as \"UNAVAILABLE\"".to_owned()),
                ),
            }
        }
        let mut statuses: Vec<u16> = Vec::new();
        for (index, (name, _, status)) in &retried {
            let others: Vec<&str> = (CODES.iter())
                .filter(|(other, _, other_status)| {
                    other_status == status
                        && !retried.iter().any(|(_, (known, _, _))| known == other)
                })
                .map(|(other, _, _)| *other)
                .collect();
            if others.is_empty() {
                if !statuses.contains(status) {
                    statuses.push(*status);
                }
            } else {
                self.note(
                    &child(path, Step::Index(*index)),
                    &format!("{name} comes back as HTTP {status}, as {} does, which the policy does not retry; left out of `statuses`", others.join(" and ")),
                );
            }
        }
        statuses.sort_unstable();
        Some(statuses)
    }
}

#[cfg(test)]
mod tests {
    use super::proto_duration_millis;

    #[test]
    fn durations_are_protobuf_json_seconds_rounded_up_to_milliseconds() {
        assert_eq!(proto_duration_millis("20s"), Some(20_000));
        assert_eq!(proto_duration_millis("0.100s"), Some(100));
        assert_eq!(proto_duration_millis("1.5s"), Some(1500));
        assert_eq!(proto_duration_millis("0.000000001s"), Some(1));
        assert_eq!(proto_duration_millis("20"), None);
        assert_eq!(proto_duration_millis("-1s"), None);
        assert_eq!(proto_duration_millis(".5s"), None);
    }
}
