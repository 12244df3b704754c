//! Resources and their methods: HTTP bindings, paging, long-running
//! operations, uploads and wait helpers.

use super::super::{Http, LongRunning, Method, Resource, Text, Wait};
use super::access::{MapView, Reader};
use crate::model::{verb_key, Verb};
use crate::yaml::{Node, Value};

/// The keys of a method.
const METHOD_KEYS: &[&str] = &[
    "description",
    "http",
    "request",
    "response",
    "streaming",
    "paging",
    "long_running",
    "media_upload",
    "idempotent",
    "wait",
    "deprecated",
    "retry",
    "timeout",
];

impl Reader<'_> {
    /// A resource: its description and its methods.
    pub(super) fn resource(&mut self, name: Text, node: &Node) -> Option<Resource> {
        let mut view = self.entry_mapping(&name, node, "{ description: \"…\", methods: { … } }")?;
        let description = self.required_text(&mut view, "description");
        let methods = match view.take("methods") {
            Some(methods) => {
                let prefix = format!("{}.", name.value);
                self.named_entries(methods, &view.child("methods"), Some(&prefix), Self::method)
            }
            None => Vec::new(),
        };
        let at = view.at.clone();
        self.finish(view, &["description", "methods"]);
        Some(Resource {
            name,
            description,
            methods,
            at,
        })
    }

    /// A method: its HTTP binding, request and response, and what kind it is.
    pub(super) fn method(&mut self, name: Text, node: &Node) -> Option<Method> {
        let mut view = self.entry_mapping(
            &name,
            node,
            "{ description: \"…\", http: { get: \"/v1/…\" }, request: …, response: … }",
        )?;
        let description = self.required_text(&mut view, "description");
        let http = match view.take("http") {
            Some(http) => self.http(http, &view.child("http")),
            None => {
                self.missing(&view, "http");
                None
            }
        };
        let request = self.required_text(&mut view, "request");
        let response = self.required_text(&mut view, "response");
        let streaming = self.optional_text(&mut view, "streaming");
        let paging_items = self.one_key_section(&mut view, "paging", "items");
        let long_running = self.section(&mut view, "long_running", Self::long_running);
        let media_upload_path = self.one_key_section(&mut view, "media_upload", "path");
        let idempotent = self.optional_flag(&mut view, "idempotent");
        let wait = self.section(&mut view, "wait", Self::wait);
        let deprecated = self.flag(&mut view, "deprecated");
        let retry = self.section(&mut view, "retry", Self::method_retry);
        let timeout_ms = self.section(&mut view, "timeout", Self::method_timeout);
        let at = view.at.clone();
        self.finish(view, METHOD_KEYS);
        Some(Method {
            name,
            description,
            http: http?,
            request,
            response,
            streaming,
            paging_items,
            long_running,
            media_upload_path,
            idempotent,
            wait,
            deprecated,
            retry,
            timeout_ms,
            at,
        })
    }

    /// A section holding one required text, such as `paging: { items: … }`:
    /// that text, when the section is there and it could be read.
    fn one_key_section(
        &mut self,
        view: &mut MapView<'_>,
        section: &str,
        key: &str,
    ) -> Option<Text> {
        let node = view.take(section)?;
        let mut inner = self.mapping(node, &view.child(section))?;
        let text = self.required_text(&mut inner, key);
        self.finish(inner, &[key]);
        Some(text)
    }

    /// A `long_running:` section: the operation's response and metadata, and how to poll it.
    fn long_running(&mut self, node: &Node, element: &str) -> Option<LongRunning> {
        let mut view = self.mapping(node, element)?;
        let response = self.required_text(&mut view, "response");
        let metadata = self.required_text(&mut view, "metadata");
        let poll = self.required_text(&mut view, "poll");
        let at = view.at.clone();
        self.finish(view, &["response", "metadata", "poll"]);
        Some(LongRunning {
            response,
            metadata,
            poll,
            at,
        })
    }

    /// An HTTP binding: exactly one verb with its path, and an optional body.
    pub(super) fn http(&mut self, node: &Node, element: &str) -> Option<Http> {
        let mut view = self.mapping(node, element)?;
        let mut binding: Option<(Verb, Text)> = None;
        let mut readable = true;
        for verb in Verb::ALL {
            let key = verb_key(verb);
            let Some(path_node) = view.take(key) else {
                continue;
            };
            let Some(path) = self.text(path_node, &view.child(key)) else {
                readable = false;
                continue;
            };
            if let Some((first, first_path)) = &binding {
                let diagnostic = path
                    .at
                    .error("an HTTP binding has exactly one verb")
                    .with_note(
                        &first_path.at.loc,
                        format!("`{}` is given here", verb_key(*first)),
                    )
                    .with_help("one method has one binding; keep one verb");
                self.report(diagnostic);
                continue;
            }
            binding = Some((verb, path));
        }
        let body = self.optional_text(&mut view, "body");
        let at = view.at.clone();
        let keys = Verb::ALL.map(verb_key);
        self.finish(view, &[&keys[..], &["body"]].concat());
        match binding {
            Some((verb, path)) => Some(Http {
                verb,
                path,
                body,
                at,
            }),
            None => {
                if readable {
                    self.report(
                        at.error("missing the verb and path")
                            .with_help("write e.g. `http: { get: \"/v1/{name=things/*}\" }`"),
                    );
                }
                None
            }
        }
    }

    /// A wait helper: its name, the field it watches and the values that mean "not done".
    pub(super) fn wait(&mut self, node: &Node, element: &str) -> Option<Wait> {
        let mut view = self.mapping(node, element)?;
        let name = self.required_text(&mut view, "name");
        let field = self.required_text(&mut view, "field");
        let pending = match view.take("while") {
            Some(list) => {
                if matches!(&list.value, Value::Sequence(items) if items.is_empty()) {
                    let diagnostic = self
                        .problem(list, &view.child("while"), "`while` needs at least one value")
                        .with_help("list the values that mean \"not done yet\", e.g. `while: [PROCESSING]`");
                    self.report(diagnostic);
                }
                self.items(list, &view.child("while"), |reader, node, element| {
                    reader.text(node, element)
                })
            }
            None => {
                self.missing(&view, "while");
                Vec::new()
            }
        };
        let at = view.at.clone();
        self.finish(view, &["name", "field", "while"]);
        Some(Wait {
            name,
            field,
            pending,
            at,
        })
    }
}
