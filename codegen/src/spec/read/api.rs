//! The `api:` section: the API's names, its crate, its credentials and its retry policy.

use super::super::{values, ApiInfo, Text};
use super::access::{scalar, MapView, Reader};
use crate::model::RetrySettings;
use crate::yaml::{Node, Typed};

/// The longest wait a server may ask for when the spec's retry policy does
/// not say: a minute, as real rate limits ask for 20 to 60 seconds.
const DEFAULT_MAX_SERVER_DELAY_MS: u64 = 60_000;

/// The keys of the `api:` section.
const API_KEYS: &[&str] = &[
    "name",
    "title",
    "version",
    "description",
    "package",
    "base_url",
    "crate_name",
    "crate_version",
    "license",
    "publish",
    "auth",
    "retry",
];

impl Reader<'_> {
    /// The `api:` section; when it is not a mapping, it is recorded as unreadable.
    pub(super) fn api(&mut self, node: &Node) -> Option<ApiInfo> {
        let Some(mut view) = self.mapping(node, "api") else {
            self.unreadable.insert(super::super::API_SECTION.to_owned());
            return None;
        };
        let name = self.required_text(&mut view, "name");
        let title = self.required_text(&mut view, "title");
        let version = self.required_text(&mut view, "version");
        let description = self.required_text(&mut view, "description");
        let package = self.package(&mut view);
        let base_url = self.required_formed(
            &mut view,
            "base_url",
            values::is_base_url,
            "a base URL",
            "write the scheme and host, and a path if there is one, e.g. `https://api.example.com`; no query or fragment",
        );
        let crate_name = self.required_formed(
            &mut view,
            "crate_name",
            values::is_crate_name,
            "a crate name",
            "use lowercase letters, digits, `-` and `_`, starting with a letter, e.g. `shop-v1`",
        );
        let crate_version = self.crate_version(&mut view);
        let license = match view.take("license") {
            Some(node) => self.formed(
                node,
                &view.child("license"),
                values::is_license_expression,
                "an SPDX license expression",
                "write SPDX ids joined by ` OR `, ` AND ` or ` WITH `, e.g. `MIT OR Apache-2.0`",
            ),
            None => None,
        };
        let publish = self.optional_flag(&mut view, "publish").unwrap_or(true);
        let auth = self.auth(&mut view);
        let retry = match view.take("retry") {
            Some(node) => self.retry(node, &view.child("retry")),
            None => None,
        };
        let at = view.at.clone();
        let placeholder = |text: Option<Text>| {
            text.unwrap_or_else(|| Text {
                value: String::new(),
                at: at.clone(),
            })
        };
        let api = ApiInfo {
            name,
            title,
            version,
            description,
            package,
            base_url: placeholder(base_url),
            crate_name: placeholder(crate_name),
            crate_version: placeholder(crate_version),
            license,
            publish,
            auth,
            retry,
            at: at.clone(),
        };
        self.finish(view, API_KEYS);
        Some(api)
    }

    /// An optional `package:` key: a proto package name.
    pub(super) fn package(&mut self, view: &mut MapView<'_>) -> Option<Text> {
        let element = view.child("package");
        let node = view.take("package")?;
        self.formed(
            node,
            &element,
            values::is_package_name,
            "a package name",
            "use dot-separated lowercase segments of letters, digits and `_`, e.g. `example.shop.v1`",
        )
    }

    /// The crate version: SemVer, as Cargo needs it (a number such as `0.2` is read as written).
    pub(super) fn crate_version(&mut self, view: &mut MapView<'_>) -> Option<Text> {
        let element = view.child("crate_version");
        let Some(node) = view.take("crate_version") else {
            self.missing(view, "crate_version");
            return None;
        };
        let text = self.written(node, &element)?;
        if values::is_semver(&text.value) {
            return Some(text);
        }
        let problem = text
            .at
            .error(format!("`{}` is not a SemVer version", text.value))
            .with_help(semver_help(&text.value));
        self.report(problem);
        None
    }

    /// A retry policy; `None` when any part of it has a problem.
    /// `max_server_delay` is optional: a minute when absent. `max_attempts`
    /// and `deadline` are each optional, but one of them must bound retries.
    pub(super) fn retry(&mut self, node: &Node, element: &str) -> Option<RetrySettings> {
        let mut view = self.mapping(node, element)?;
        let before = self.problems.0.len();
        let statuses = self.list(&mut view, "statuses", |reader, node, element| {
            reader.integer(node, element, 100..=599, "an HTTP status (100 to 599)")
        });
        let attempts_given = view.take("max_attempts").map(|node| {
            self.integer(
                node,
                &view.child("max_attempts"),
                1..=i64::from(u32::MAX),
                "a number of attempts (1 or more)",
            )
        });
        let duration = |reader: &mut Self, view: &mut MapView<'_>, key: &str, required: bool| {
            let element = view.child(key);
            let Some(node) = view.take(key) else {
                if required {
                    reader.missing(view, key);
                }
                return None;
            };
            let text = reader.formed(
                node,
                &element,
                |text| values::duration_millis(text).is_some(),
                "a duration",
                "write a number and its unit: `250ms`, `1s` or `1.5s` (at most three decimals)",
            )?;
            values::duration_millis(&text.value)
        };
        let initial_backoff_ms = duration(self, &mut view, "initial_backoff", true);
        let max_backoff_ms = duration(self, &mut view, "max_backoff", true);
        let multiplier = match view.take("multiplier") {
            Some(node) => self.multiplier(node, &view.child("multiplier")),
            None => {
                self.missing(&view, "multiplier");
                None
            }
        };
        let before_deadline = self.problems.0.len();
        let deadline_ms = duration(self, &mut view, "deadline", false);
        let deadline_refused = self.problems.0.len() != before_deadline;
        let max_server_delay_ms = duration(self, &mut view, "max_server_delay", false);
        if attempts_given.is_none() && deadline_ms.is_none() && !deadline_refused {
            let diagnostic = view
                .at
                .error("a retry policy needs `max_attempts` or a `deadline`: nothing else ends the retries")
                .with_help("add `max_attempts: 3` (attempts in all), or `deadline: 60s` (the longest a call may take with its retries), or both");
            self.report(diagnostic);
        }
        self.finish(
            view,
            &[
                "statuses",
                "max_attempts",
                "initial_backoff",
                "max_backoff",
                "multiplier",
                "deadline",
                "max_server_delay",
            ],
        );
        if self.problems.0.len() != before {
            return None;
        }
        Some(RetrySettings {
            statuses: statuses
                .into_iter()
                .filter_map(|status| u16::try_from(status).ok())
                .collect(),
            max_attempts: match attempts_given {
                Some(attempts) => Some(u32::try_from(attempts?).ok()?),
                None => None,
            },
            initial_backoff_ms: initial_backoff_ms?,
            max_backoff_ms: max_backoff_ms?,
            multiplier: multiplier?,
            deadline_ms,
            max_server_delay_ms: max_server_delay_ms.unwrap_or(DEFAULT_MAX_SERVER_DELAY_MS),
        })
    }

    /// A finite number of at least 1, whole or not.
    pub(super) fn multiplier(&mut self, node: &Node, element: &str) -> Option<f64> {
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

/// How to write a version that is not SemVer: all three numbers, no `v`.
fn semver_help(text: &str) -> String {
    let bare = text.trim_start_matches(['v', 'V']);
    let parts: Vec<&str> = bare.split('.').collect();
    let mut fixed = bare.to_owned();
    for _ in parts.len()..3 {
        fixed.push_str(".0");
    }
    if values::is_semver(&fixed) {
        format!("write all three numbers, without a `v`: `{fixed}`")
    } else {
        "write MAJOR.MINOR.PATCH numbers, e.g. `0.1.0` (SemVer, as Cargo needs it)".to_owned()
    }
}
