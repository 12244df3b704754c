//! Over an existing spec, the settings a service config gives: `api.retry`
//! and a method's `idempotent`, `retry` and `timeout` are added where the
//! spec has none, and a setting the spec writes otherwise than the config
//! is reported as changed and left as written. `idempotent: true` the
//! config does not call for stays unreported: a person may know a method is
//! safe to send twice without the config retrying it.

use std::collections::BTreeMap;

use apigen::spec::values::{duration_millis, duration_text};
use apigen::yaml::{Node as Yaml, Value};

use super::{blocks, entries, key_text, Merger};
use crate::render::{entry_text, Node};

/// A method's settings, in the order the import writes them.
const SETTINGS: [&str; 3] = ["idempotent", "retry", "timeout"];
/// The keys whose values are durations.
const DURATIONS: [&str; 5] = [
    "initial_backoff",
    "max_backoff",
    "deadline",
    "max_server_delay",
    "timeout",
];

/// A setting's scalar as comparable text: durations and multipliers in one form.
fn normal(key: &str, text: &str) -> String {
    let millis = DURATIONS
        .contains(&key)
        .then(|| duration_millis(text))
        .flatten();
    let multiplier = (key == "multiplier")
        .then(|| text.parse::<f64>().ok())
        .flatten();
    match (millis, multiplier) {
        (Some(millis), _) => duration_text(millis),
        (_, Some(multiplier)) => multiplier.to_string(),
        _ => text.to_owned(),
    }
}

/// A setting as comparable text: a scalar [`normal`], a list in brackets,
/// a mapping's entries by key.
#[derive(Clone, Debug, PartialEq)]
enum Setting {
    Text(String),
    Mapping(BTreeMap<String, String>),
}

impl Setting {
    fn of_yaml(key: &str, node: &Yaml) -> Self {
        match &node.value {
            Value::Mapping(pairs) => Setting::Mapping(
                pairs
                    .iter()
                    .map(|(name, value)| {
                        let name = key_text(name);
                        (name.to_owned(), Setting::of_yaml(name, value).text())
                    })
                    .collect(),
            ),
            Value::Scalar { text, .. } => Setting::Text(normal(key, text)),
            Value::Sequence(items) => Setting::Text(format!(
                "[{}]",
                items
                    .iter()
                    .map(|item| Setting::of_yaml(key, item).text())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }

    fn of_node(key: &str, node: &Node) -> Self {
        match node {
            Node::Block(pairs) | Node::Flow(pairs) => Setting::Mapping(
                pairs
                    .iter()
                    .map(|(name, value)| (name.clone(), Setting::of_node(name, value).text()))
                    .collect(),
            ),
            Node::Text(text) | Node::Plain(text) => Setting::Text(normal(key, text)),
            Node::Words(items) | Node::Numbers(items) => Setting::Text(format!(
                "[{}]",
                items
                    .iter()
                    .map(|item| normal(key, item))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }

    fn text(&self) -> String {
        match self {
            Setting::Text(text) => text.clone(),
            Setting::Mapping(pairs) => {
                let pairs: Vec<String> = (pairs.iter())
                    .map(|(key, value)| format!("{key}: {value}"))
                    .collect();
                format!("{{ {} }}", pairs.join(", "))
            }
        }
    }
}

impl Merger {
    /// Adds the settings of the imported method `imported` that the
    /// spec's method (`key: value`) lacks, and reports those it writes otherwise.
    pub(super) fn method_settings(
        &mut self,
        index: usize,
        key: &Yaml,
        value: &Yaml,
        imported: &Node,
        element: &str,
    ) {
        for setting in SETTINGS {
            let written = (entries(value).iter())
                .find(|(name, _)| key_text(name) == setting)
                .map(|(_, value)| Setting::of_yaml(setting, value));
            let config = (blocks(imported).iter()).find(|(name, _)| name == setting);
            match (written, config) {
                (None, Some((_, node))) => {
                    self.add_setting(index, key, value, setting, node, element)
                }
                (Some(_), None) if setting == "idempotent" => {}
                (Some(written), config) => {
                    let config = config.map(|(_, node)| Setting::of_node(setting, node));
                    self.report_setting(&format!("{element}.{setting}"), Some(written), config);
                }
                (None, None) => {}
            }
        }
    }

    /// Writes `setting: node` as the last entry of the method `key: value`.
    fn add_setting(
        &mut self,
        index: usize,
        key: &Yaml,
        value: &Yaml,
        setting: &str,
        node: &Node,
        element: &str,
    ) {
        let Some((first, _)) = entries(value).first() else {
            return;
        };
        if first.pos.line == key.pos.line {
            let problem = self.files[index]
                .problem(
                    key,
                    element,
                    format!("cannot add `{setting}` to a method written on one line"),
                )
                .with_help("write the method as a block, one entry per line");
            self.problems.push(problem);
            return;
        }
        let file = &mut self.files[index];
        let at = file.after(key);
        file.insert(at, &entry_text(first.pos.column - 1, setting, node));
        self.added.push(format!("{element}.{setting}"));
    }

    /// Gives the `api:` mapping of file `index` the config's `retry` policy
    /// when it has none, and reports each key it writes otherwise.
    pub(super) fn api_retry(&mut self, index: usize, imported: Option<&Node>) {
        let root = self.files[index].root.clone();
        let Some((_, api)) = entries(&root)
            .iter()
            .find(|(key, _)| key_text(key) == "api")
        else {
            return;
        };
        let written = (entries(api).iter())
            .find(|(key, _)| key_text(key) == "retry")
            .map(|(_, value)| Setting::of_yaml("retry", value));
        let config = imported.map(|node| Setting::of_node("retry", node));
        match (written, config, imported, entries(api).last()) {
            (None, _, Some(node), Some((last, _))) => {
                let file = &mut self.files[index];
                let at = file.after(last);
                file.insert(at, &entry_text(last.pos.column - 1, "retry", node));
                self.added.push("api.retry".to_owned());
            }
            (Some(Setting::Mapping(written)), Some(Setting::Mapping(config)), _, _) => {
                let keys: std::collections::BTreeSet<&String> =
                    written.keys().chain(config.keys()).collect();
                for key in keys {
                    let text = |pairs: &BTreeMap<String, String>| {
                        pairs.get(key).cloned().map(Setting::Text)
                    };
                    self.report_setting(&format!("api.retry.{key}"), text(&written), text(&config));
                }
            }
            (written, config, _, _) => self.report_setting("api.retry", written, config),
        }
    }

    /// Reports `element` as changed when the spec writes it otherwise than the config.
    fn report_setting(&mut self, element: &str, written: Option<Setting>, config: Option<Setting>) {
        if written == config {
            return;
        }
        let show = |setting: Option<Setting>| {
            setting.map_or("not set".to_owned(), |setting| setting.text())
        };
        self.changed.push(format!(
            "{element}: {} in the spec, {} in the service config",
            show(written),
            show(config)
        ));
    }
}
