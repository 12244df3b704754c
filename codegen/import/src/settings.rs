//! A service config's retry policies and timeouts in the spec's terms. The
//! policy of the service-wide entry (or, without one, the most common
//! policy of the imported methods) is `api.retry`; a method whose policy
//! differs gets `retry:` with the keys that differ, a method the config
//! does not retry `retry: none` and its `timeout:`. A config's `timeout`
//! bounds a call with all its attempts, so a retried method's becomes its
//! policy's `deadline`, and an unretried one's (one attempt) its `timeout`.
//! A POST or PATCH method the config retries is marked `idempotent: true`:
//! the config says sending it twice is safe.

use std::collections::BTreeMap;

use apigen::spec::values::duration_text;
use prost_reflect::MethodDescriptor;

use crate::protos::Selection;
use crate::render::{flag, Node};
use crate::service_config::{MethodConfig, ServiceConfig};

/// A retry policy in the spec's keys, in the spec's order.
pub(crate) type RetryKeys = Vec<(String, Node)>;

/// The settings of the imported methods.
pub(crate) struct Settings {
    /// `api.retry`, when the config retries any imported method.
    pub api_retry: Option<RetryKeys>,
    /// The config entry that applies to each imported RPC, by full name.
    methods: BTreeMap<String, MethodConfig>,
    /// What the spec cannot say, each with what was done instead.
    pub notes: Vec<String>,
}

/// The keys of a config entry's policy, when it has one.
fn retry_keys(entry: &MethodConfig) -> Option<RetryKeys> {
    let policy = entry.retry.as_ref()?;
    let statuses = policy.statuses.iter().map(u16::to_string).collect();
    let mut keys = vec![("statuses".to_owned(), Node::Numbers(statuses))];
    if let Some(attempts) = policy.max_attempts {
        keys.push(("max_attempts".to_owned(), Node::Plain(attempts.to_string())));
    }
    let duration = |millis: u64| Node::Plain(duration_text(millis));
    keys.push((
        "initial_backoff".to_owned(),
        duration(policy.initial_backoff_ms),
    ));
    keys.push(("max_backoff".to_owned(), duration(policy.max_backoff_ms)));
    keys.push((
        "multiplier".to_owned(),
        Node::Plain(policy.multiplier.to_string()),
    ));
    if let Some(timeout) = entry.timeout_ms {
        keys.push(("deadline".to_owned(), duration(timeout)));
    }
    Some(keys)
}

/// The entry for `service` and `method` (`None`: the service-wide one;
/// service `""`: every method's default), when the config has one.
fn named<'a>(
    config: &'a ServiceConfig,
    service: &str,
    method: Option<&str>,
) -> Option<&'a MethodConfig> {
    config.entries.iter().find(|entry| {
        (entry.names.iter())
            .any(|(known, known_method)| known == service && known_method.as_deref() == method)
    })
}

/// The entry that applies to `rpc`: its own, its service's, or the default.
fn applying<'a>(config: &'a ServiceConfig, rpc: &MethodDescriptor) -> Option<&'a MethodConfig> {
    let service = rpc.parent_service();
    named(config, service.full_name(), Some(rpc.name()))
        .or_else(|| named(config, service.full_name(), None))
        .or_else(|| named(config, "", None))
}

impl Settings {
    /// The settings `config` gives the imported services' methods.
    pub fn new(config: ServiceConfig, selection: &Selection) -> Self {
        let rpcs: Vec<MethodDescriptor> = selection
            .services
            .iter()
            .flat_map(|service| service.methods())
            .collect();
        let methods: BTreeMap<String, MethodConfig> = (rpcs.iter())
            .filter_map(|rpc| Some((rpc.full_name().to_owned(), applying(&config, rpc)?.clone())))
            .collect();
        let service_wide = (selection.services.iter())
            .map(|service| service.full_name())
            .chain([""])
            .find_map(|service| named(&config, service, None).and_then(retry_keys));
        let api_retry = service_wide.or_else(|| {
            let policies: Vec<RetryKeys> = (rpcs.iter())
                .filter_map(|rpc| methods.get(rpc.full_name()).and_then(retry_keys))
                .collect();
            let count =
                |policy: &RetryKeys| policies.iter().filter(|other| *other == policy).count();
            // The first of the most common, so that the choice is stable.
            let most = policies.iter().map(count).max()?;
            policies
                .iter()
                .find(|policy| count(policy) == most)
                .cloned()
        });
        let mut notes = config.notes;
        for rpc in &rpcs {
            let (Some(api), Some(own)) = (
                &api_retry,
                methods.get(rpc.full_name()).and_then(retry_keys),
            ) else {
                continue;
            };
            for (key, _) in api
                .iter()
                .filter(|(key, _)| !own.iter().any(|(other, _)| other == key))
            {
                notes.push(format!(
                    "{}: the service config gives its retry policy no {}, which the spec cannot leave out of one method's: the API's applies",
                    rpc.full_name(),
                    match key.as_str() {
                        "deadline" => "timeout",
                        _ => "maxAttempts",
                    }
                ));
            }
        }
        Settings {
            api_retry,
            methods,
            notes,
        }
    }

    /// The settings of one REST method (`verb` the binding's) that differ
    /// from the API's: `idempotent`, `retry`, `timeout`, in that order.
    pub fn method_entries(&self, rpc: &MethodDescriptor, verb: &str) -> Vec<(String, Node)> {
        let entry = self.methods.get(rpc.full_name());
        let mut entries = Vec::new();
        match entry.and_then(retry_keys) {
            Some(own) => {
                if matches!(verb, "post" | "patch") {
                    entries.push(flag("idempotent"));
                }
                let api = self.api_retry.as_deref().unwrap_or_default();
                let differing: RetryKeys =
                    own.into_iter().filter(|key| !api.contains(key)).collect();
                if !differing.is_empty() {
                    entries.push(("retry".to_owned(), Node::Flow(differing)));
                }
            }
            None => {
                if self.api_retry.is_some() {
                    entries.push(("retry".to_owned(), Node::Plain("none".to_owned())));
                }
                if let Some(timeout) = entry.and_then(|entry| entry.timeout_ms) {
                    entries.push(("timeout".to_owned(), Node::Plain(duration_text(timeout))));
                }
            }
        }
        entries
    }
}
