//! Retry policies and timeouts: the API's default policy (`api.retry`),
//! and a method's own `retry:` and `timeout:`, whose keys are each optional.

use super::super::{MethodRetry, RetryKeys};
use super::access::{scalar, MapView, Reader};
use crate::model::RetrySettings;
use crate::spec::values;
use crate::yaml::{Node, Typed};

/// The keys of a retry policy.
const RETRY_KEYS: &[&str] = &[
    "statuses",
    "max_attempts",
    "initial_backoff",
    "max_backoff",
    "multiplier",
    "deadline",
    "max_server_delay",
];

/// How to write a duration, for every duration key.
const DURATION_HELP: &str =
    "write a number and its unit: `250ms`, `1s` or `1.5s` (at most three decimals)";

impl Reader<'_> {
    /// The API's retry policy; `None` when any part of it has a problem.
    /// `max_server_delay` is optional: a minute when absent. `max_attempts`
    /// and `deadline` are each optional, but one of them must bound retries.
    pub(super) fn api_retry(&mut self, node: &Node, element: &str) -> Option<RetrySettings> {
        let mut view = self.mapping(node, element)?;
        let before = self.problems.0.len();
        let (keys, bounds_refused) = self.retry_keys(&mut view);
        for (key, given) in [
            ("initial_backoff", keys.initial_backoff_ms.is_some()),
            ("max_backoff", keys.max_backoff_ms.is_some()),
            ("multiplier", keys.multiplier.is_some()),
        ] {
            if !given && !view.has(key) {
                self.missing(&view, key);
            }
        }
        if keys.max_attempts.is_none() && keys.deadline_ms.is_none() && !bounds_refused {
            let diagnostic = view
                .at
                .error("a retry policy needs `max_attempts` or a `deadline`: nothing else ends the retries")
                .with_help("add `max_attempts: 3` (attempts in all), or `deadline: 60s` (the longest a call may take with its retries), or both");
            self.report(diagnostic);
        }
        self.finish(view, RETRY_KEYS);
        if self.problems.0.len() != before {
            return None;
        }
        keys.complete()
    }

    /// A method's `retry:`: `none`, or a policy whose keys the API's
    /// policy fills in; `None` when it has a problem.
    pub(super) fn method_retry(&mut self, node: &Node, element: &str) -> Option<MethodRetry> {
        if let Some(Typed::Str(text)) = node.typed() {
            if text == "none" {
                return Some(MethodRetry::Disabled);
            }
            let problem = self
                .problem(node, element, format!("`retry` must be `none` or a retry policy, not `{text}`"))
                .with_help("write `retry: none` to turn retries off for this method, or a mapping such as `retry: { max_attempts: 3 }`");
            self.report(problem);
            return None;
        }
        let mut view = self.mapping(node, element)?;
        let before = self.problems.0.len();
        let (keys, _) = self.retry_keys(&mut view);
        let at = view.at.clone();
        self.finish(view, RETRY_KEYS);
        (self.problems.0.len() == before).then_some(MethodRetry::Policy { keys, at })
    }

    /// A method's `timeout:`, in milliseconds: a duration longer than zero.
    pub(super) fn method_timeout(&mut self, node: &Node, element: &str) -> Option<u64> {
        if let Some(Typed::Int(seconds)) = node.typed() {
            let problem = self
                .problem(
                    node,
                    element,
                    format!("`timeout` needs a unit, not the number {seconds}"),
                )
                .with_help(format!(
                    "write `{seconds}s` for seconds or `{seconds}ms` for milliseconds"
                ));
            self.report(problem);
            return None;
        }
        let text = self.formed(
            node,
            element,
            |text| values::duration_millis(text).is_some_and(|ms| ms > 0),
            "a timeout",
            "write a duration longer than zero: `500ms`, `30s` or `1.5s` (at most three decimals)",
        )?;
        values::duration_millis(&text.value)
    }

    /// The keys of a retry policy as written, each checked, and whether
    /// `max_attempts` or `deadline` was given with a refused value.
    fn retry_keys(&mut self, view: &mut MapView<'_>) -> (RetryKeys, bool) {
        let statuses = view.take("statuses").map(|node| {
            self.items(node, &view.child("statuses"), |reader, node, element| {
                reader.integer(node, element, 100..=599, "an HTTP status (100 to 599)")
            })
            .into_iter()
            .filter_map(|status| u16::try_from(status).ok())
            .collect()
        });
        let before_bounds = self.problems.0.len();
        let max_attempts = view.take("max_attempts").and_then(|node| {
            let attempts = self.integer(
                node,
                &view.child("max_attempts"),
                1..=i64::from(u32::MAX),
                "a number of attempts (1 or more)",
            )?;
            u32::try_from(attempts).ok()
        });
        let deadline_ms = self.duration(view, "deadline");
        let bounds_refused = self.problems.0.len() != before_bounds;
        let keys = RetryKeys {
            statuses,
            max_attempts,
            initial_backoff_ms: self.duration(view, "initial_backoff"),
            max_backoff_ms: self.duration(view, "max_backoff"),
            multiplier: view
                .take("multiplier")
                .and_then(|node| self.multiplier(node, &view.child("multiplier"))),
            deadline_ms,
            max_server_delay_ms: self.duration(view, "max_server_delay"),
        };
        (keys, bounds_refused)
    }

    /// An optional duration key, in milliseconds.
    fn duration(&mut self, view: &mut MapView<'_>, key: &str) -> Option<u64> {
        let element = view.child(key);
        let node = view.take(key)?;
        let text = self.formed(
            node,
            &element,
            |text| values::duration_millis(text).is_some(),
            "a duration",
            DURATION_HELP,
        )?;
        values::duration_millis(&text.value)
    }

    /// A finite number of at least 1, whole or not.
    fn multiplier(&mut self, node: &Node, element: &str) -> Option<f64> {
        let problem = match node.typed() {
            Some(Typed::Int(value)) if value >= 1 => return Some(value as f64),
            Some(Typed::Float(value)) if value.is_finite() && value >= 1.0 => return Some(value),
            Some(Typed::Str(text)) if text.trim().parse::<f64>().is_ok() => self
                .problem(node, element, "`multiplier` must be a number, not text")
                .with_help(format!("remove the quotes: `{}`", text.trim())),
            Some(Typed::Int(_) | Typed::Float(_)) => self
                .problem(
                    node,
                    element,
                    format!(
                        "`multiplier` must be at least 1, not {}",
                        scalar(node).unwrap_or_default()
                    ),
                )
                .with_help("the wait grows by this factor per attempt, e.g. `1.3`"),
            _ => self
                .problem(
                    node,
                    element,
                    format!("`multiplier` must be a number, not {}", node.kind_name()),
                )
                .with_help("the wait grows by this factor per attempt, e.g. `1.3`"),
        };
        self.report(problem);
        None
    }
}
