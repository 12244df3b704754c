//! Turns one file's YAML tree into spec declarations, reporting unknown keys,
//! missing keys and values of the wrong kind with their positions.

use std::sync::Arc;

use super::{
    ApiInfo, At, Enum, EnumValue, Field, Http, LongRunning, Message, Method, Number, Oneof,
    Resource, SpecFile, Text,
};
use crate::diagnostic::{did_you_mean, Diagnostic, Diagnostics, Loc, SourceFile};
use crate::yaml::{self, Node, Value};

/// Reads one spec file. Problems go to `diagnostics`; what could be read is returned.
pub(super) fn read_file(
    path: String,
    source: &Arc<SourceFile>,
    diagnostics: &mut Diagnostics,
) -> (Option<ApiInfo>, SpecFile) {
    let mut file = SpecFile {
        path,
        source: source.clone(),
        resources: Vec::new(),
        messages: Vec::new(),
        enums: Vec::new(),
    };
    let root = match yaml::parse(&source.text) {
        Ok(root) => root,
        Err(error) => {
            let loc = Loc {
                file: source.clone(),
                pos: error.pos,
            };
            diagnostics.push(Diagnostic::new(
                &loc,
                "",
                format!("YAML syntax error: {}", error.message),
            ));
            return (None, file);
        }
    };
    let mut reader = Reader {
        source,
        diagnostics,
    };
    let mut api = None;
    if let Some(mut top) = reader.mapping(&root, "") {
        if let Some(node) = top.take("api") {
            api = reader.api(node);
        }
        if let Some(node) = top.take("resources") {
            file.resources = reader.named_entries(node, "resources", Reader::resource);
        }
        if let Some(node) = top.take("messages") {
            file.messages = reader.named_entries(node, "messages", Reader::message);
        }
        if let Some(node) = top.take("enums") {
            file.enums = reader.named_entries(node, "enums", Reader::enumeration);
        }
        reader.finish(top, &["api", "resources", "messages", "enums"]);
    }
    (api, file)
}

struct Reader<'a> {
    source: &'a Arc<SourceFile>,
    diagnostics: &'a mut Diagnostics,
}

/// A mapping being read: remembers which keys were used.
struct MapView<'n> {
    entries: &'n [(Node, Node)],
    used: Vec<bool>,
    element: String,
    at: At,
}

impl<'n> MapView<'n> {
    fn take(&mut self, key: &str) -> Option<&'n Node> {
        let index = self
            .entries
            .iter()
            .position(|(k, _)| scalar(k) == Some(key))?;
        self.used[index] = true;
        Some(&self.entries[index].1)
    }

    fn child(&self, key: &str) -> String {
        if self.element.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.element)
        }
    }
}

fn scalar(node: &Node) -> Option<&str> {
    match &node.value {
        Value::Scalar { text, .. } => Some(text),
        _ => None,
    }
}

impl<'a> Reader<'a> {
    fn at(&self, node: &Node, element: &str) -> At {
        At {
            loc: Loc {
                file: self.source.clone(),
                pos: node.pos,
            },
            element: element.to_owned(),
        }
    }

    fn error(&mut self, node: &Node, element: &str, message: impl Into<String>) {
        let diagnostic = self.at(node, element).error(message);
        self.diagnostics.push(diagnostic);
    }

    fn mapping<'n>(&mut self, node: &'n Node, element: &str) -> Option<MapView<'n>> {
        match &node.value {
            Value::Mapping(entries) => {
                let mut seen: Vec<&str> = Vec::new();
                for (key, _) in entries {
                    match scalar(key) {
                        Some(text) if seen.contains(&text) => {
                            self.error(key, element, format!("key `{text}` appears twice"));
                        }
                        Some(text) => seen.push(text),
                        None => self.error(key, element, "keys must be plain names"),
                    }
                }
                Some(MapView {
                    entries,
                    used: vec![false; entries.len()],
                    element: element.to_owned(),
                    at: self.at(node, element),
                })
            }
            _ => {
                self.error(
                    node,
                    element,
                    format!(
                        "expected a mapping (`key: value` lines), found {}",
                        node.kind_name()
                    ),
                );
                None
            }
        }
    }

    /// The mapping under a named entry; problems with the entry as a whole point at its name.
    fn entry_mapping<'n>(&mut self, name: &Text, node: &'n Node) -> Option<MapView<'n>> {
        let mut view = self.mapping(node, &name.at.element)?;
        view.at = name.at.clone();
        Some(view)
    }

    /// Reports every key of `view` that was not read.
    fn finish(&mut self, view: MapView<'_>, known: &[&str]) {
        for ((key, _), &used) in view.entries.iter().zip(&view.used) {
            if used {
                continue;
            }
            let Some(name) = scalar(key) else { continue };
            let mut diagnostic = self
                .at(key, &view.child(name))
                .error(format!("unknown key `{name}`"));
            diagnostic = match did_you_mean(name, known.iter().copied()) {
                Some(help) => diagnostic.with_help(help),
                None => diagnostic.with_help(format!("expected one of: {}", known.join(", "))),
            };
            self.diagnostics.push(diagnostic);
        }
    }

    fn text(&mut self, node: &Node, element: &str) -> Option<Text> {
        match &node.value {
            Value::Scalar { text, .. } => Some(Text {
                value: text.clone(),
                at: self.at(node, element),
            }),
            _ => {
                self.error(
                    node,
                    element,
                    format!("expected text, found {}", node.kind_name()),
                );
                None
            }
        }
    }

    fn required_text(&mut self, view: &mut MapView<'_>, key: &str) -> Text {
        let element = view.child(key);
        match view.take(key) {
            Some(node) => self.text(node, &element),
            None => {
                let diagnostic = view.at.error(format!("missing `{key}`"));
                self.diagnostics.push(diagnostic);
                None
            }
        }
        .unwrap_or_else(|| Text {
            value: String::new(),
            at: view.at.clone(),
        })
    }

    fn optional_text(&mut self, view: &mut MapView<'_>, key: &str) -> Option<Text> {
        let element = view.child(key);
        view.take(key).and_then(|node| self.text(node, &element))
    }

    fn flag(&mut self, view: &mut MapView<'_>, key: &str) -> bool {
        self.optional_flag(view, key).unwrap_or(false)
    }

    fn optional_flag(&mut self, view: &mut MapView<'_>, key: &str) -> Option<bool> {
        let element = view.child(key);
        let node = view.take(key)?;
        match &node.value {
            Value::Scalar {
                text,
                quoted: false,
            } if text == "true" => Some(true),
            Value::Scalar {
                text,
                quoted: false,
            } if text == "false" => Some(false),
            _ => {
                self.error(node, &element, "expected `true` or `false`");
                None
            }
        }
    }

    fn text_list(&mut self, view: &mut MapView<'_>, key: &str) -> Vec<Text> {
        let element = view.child(key);
        match view.take(key) {
            None => Vec::new(),
            Some(node) => match &node.value {
                Value::Sequence(items) => items
                    .iter()
                    .filter_map(|item| self.text(item, &element))
                    .collect(),
                Value::Scalar { .. } => self.text(node, &element).into_iter().collect(),
                Value::Mapping(_) => {
                    self.error(
                        node,
                        &element,
                        "expected a list such as `[a, b]`, found a mapping",
                    );
                    Vec::new()
                }
            },
        }
    }

    /// Reads `name: {...}` entries of a mapping with `read` for each.
    fn named_entries<T>(
        &mut self,
        node: &Node,
        element: &str,
        read: fn(&mut Self, Text, &Node) -> Option<T>,
    ) -> Vec<T> {
        let Some(view) = self.mapping(node, element) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (key, value) in view.entries {
            let Some(name) = scalar(key) else { continue };
            let name = Text {
                value: name.to_owned(),
                at: self.at(key, &view.child(name)),
            };
            out.extend(read(self, name, value));
        }
        out
    }

    fn api(&mut self, node: &Node) -> Option<ApiInfo> {
        let mut view = self.mapping(node, "api")?;
        let api = ApiInfo {
            name: self.required_text(&mut view, "name"),
            title: self.required_text(&mut view, "title"),
            version: self.required_text(&mut view, "version"),
            description: self.required_text(&mut view, "description"),
            base_url: self.required_text(&mut view, "base_url"),
            crate_name: self.required_text(&mut view, "crate_name"),
            crate_version: self.required_text(&mut view, "crate_version"),
            api_key_header: self.optional_text(&mut view, "api_key_header"),
            api_key_env: self.text_list(&mut view, "api_key_env"),
            retry: match view.take("retry") {
                Some(node) => self.retry(node, &view.child("retry")),
                None => None,
            },
            at: view.at.clone(),
        };
        self.finish(
            view,
            &[
                "name",
                "title",
                "version",
                "description",
                "base_url",
                "crate_name",
                "crate_version",
                "api_key_header",
                "api_key_env",
                "retry",
            ],
        );
        Some(api)
    }

    fn retry(&mut self, node: &Node, element: &str) -> Option<super::Retry> {
        let mut view = self.mapping(node, element)?;
        let retry = super::Retry {
            statuses: self.text_list(&mut view, "statuses"),
            max_attempts: self.required_text(&mut view, "max_attempts"),
            initial_backoff: self.required_text(&mut view, "initial_backoff"),
            max_backoff: self.required_text(&mut view, "max_backoff"),
            multiplier: self.required_text(&mut view, "multiplier"),
            deadline: self.optional_text(&mut view, "deadline"),
            at: view.at.clone(),
        };
        self.finish(
            view,
            &[
                "statuses",
                "max_attempts",
                "initial_backoff",
                "max_backoff",
                "multiplier",
                "deadline",
            ],
        );
        Some(retry)
    }

    fn wait(&mut self, node: &Node, element: &str) -> Option<super::Wait> {
        let mut view = self.mapping(node, element)?;
        let wait = super::Wait {
            name: self.required_text(&mut view, "name"),
            field: self.required_text(&mut view, "field"),
            pending: self.text_list(&mut view, "while"),
            at: view.at.clone(),
        };
        self.finish(view, &["name", "field", "while"]);
        Some(wait)
    }

    fn resource(&mut self, name: Text, node: &Node) -> Option<Resource> {
        let mut view = self.entry_mapping(&name, node)?;
        let description = self.required_text(&mut view, "description");
        let methods = match view.take("methods") {
            Some(methods) => self.named_entries(methods, &view.child("methods"), Self::method),
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

    fn method(&mut self, name: Text, node: &Node) -> Option<Method> {
        let mut view = self.entry_mapping(&name, node)?;
        let description = self.required_text(&mut view, "description");
        let http = match view.take("http") {
            Some(http) => self.http(http, &view.child("http")),
            None => {
                self.diagnostics.push(view.at.error("missing `http`"));
                None
            }
        };
        let request = self.required_text(&mut view, "request");
        let response = self.required_text(&mut view, "response");
        let streaming = self.optional_text(&mut view, "streaming");
        let paging_items = match view.take("paging") {
            Some(paging) => self
                .mapping(paging, &view.child("paging"))
                .map(|mut paging| {
                    let items = self.required_text(&mut paging, "items");
                    self.finish(paging, &["items"]);
                    items
                }),
            None => None,
        };
        let long_running = match view.take("long_running") {
            Some(lro) => self
                .mapping(lro, &view.child("long_running"))
                .map(|mut lro| {
                    let response = self.required_text(&mut lro, "response");
                    let metadata = self.required_text(&mut lro, "metadata");
                    let poll = self.required_text(&mut lro, "poll");
                    self.finish(lro, &["response", "metadata", "poll"]);
                    LongRunning {
                        response,
                        metadata,
                        poll,
                    }
                }),
            None => None,
        };
        let media_upload_path = match view.take("media_upload") {
            Some(upload) => self
                .mapping(upload, &view.child("media_upload"))
                .map(|mut upload| {
                    let path = self.required_text(&mut upload, "path");
                    self.finish(upload, &["path"]);
                    path
                }),
            None => None,
        };
        let idempotent = self.optional_flag(&mut view, "idempotent");
        let wait = match view.take("wait") {
            Some(node) => self.wait(node, &view.child("wait")),
            None => None,
        };
        let deprecated = self.flag(&mut view, "deprecated");
        let at = view.at.clone();
        self.finish(
            view,
            &[
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
            ],
        );
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
            at,
        })
    }

    fn http(&mut self, node: &Node, element: &str) -> Option<Http> {
        const VERBS: [&str; 5] = ["get", "post", "put", "patch", "delete"];
        let mut view = self.mapping(node, element)?;
        let mut binding = None;
        for verb in VERBS {
            if let Some(path_node) = view.take(verb) {
                let path = self.text(path_node, &view.child(verb))?;
                if binding.is_some() {
                    self.error(path_node, element, "an HTTP binding has exactly one verb");
                }
                let verb = Text {
                    value: verb.to_owned(),
                    at: path.at.clone(),
                };
                binding = Some((verb, path));
            }
        }
        let body = self.optional_text(&mut view, "body");
        let at = view.at.clone();
        self.finish(view, &["get", "post", "put", "patch", "delete", "body"]);
        match binding {
            Some((verb, path)) => Some(Http {
                verb,
                path,
                body,
                at,
            }),
            None => {
                self.diagnostics.push(
                    at.error("missing the verb and path")
                        .with_help("write e.g. `http: { get: \"/v1/{name=things/*}\" }`"),
                );
                None
            }
        }
    }

    fn message(&mut self, name: Text, node: &Node) -> Option<Message> {
        let mut view = self.entry_mapping(&name, node)?;
        let description = self.required_text(&mut view, "description");
        let resource_patterns = self.text_list(&mut view, "resource");
        let fields = match view.take("fields") {
            Some(fields) => self.named_entries(fields, &view.child("fields"), Self::field),
            None => Vec::new(),
        };
        let oneofs = match view.take("oneofs") {
            Some(oneofs) => self.named_entries(oneofs, &view.child("oneofs"), Self::oneof),
            None => Vec::new(),
        };
        let deprecated = self.flag(&mut view, "deprecated");
        let at = view.at.clone();
        self.finish(
            view,
            &["description", "resource", "fields", "oneofs", "deprecated"],
        );
        Some(Message {
            name,
            description,
            resource_patterns,
            fields,
            oneofs,
            deprecated,
            at,
        })
    }

    fn oneof(&mut self, name: Text, node: &Node) -> Option<Oneof> {
        let mut view = self.entry_mapping(&name, node)?;
        let description = self.required_text(&mut view, "description");
        let fields = match view.take("fields") {
            Some(fields) => self.named_entries(fields, &view.child("fields"), Self::field),
            None => {
                self.diagnostics.push(view.at.error("missing `fields`"));
                Vec::new()
            }
        };
        let at = view.at.clone();
        self.finish(view, &["description", "fields"]);
        Some(Oneof {
            name,
            description,
            fields,
            at,
        })
    }

    fn field(&mut self, name: Text, node: &Node) -> Option<Field> {
        let mut view = self.entry_mapping(&name, node)?;
        let field = Field {
            type_name: self.required_text(&mut view, "type"),
            repeated: self.flag(&mut view, "repeated"),
            optional: self.flag(&mut view, "optional"),
            map_key: self.optional_text(&mut view, "map"),
            behaviors: self.text_list(&mut view, "behavior"),
            rust_name: self.optional_text(&mut view, "rust_name"),
            proto_name: self.optional_text(&mut view, "proto_name"),
            description: self.required_text(&mut view, "description"),
            deprecated: self.flag(&mut view, "deprecated"),
            at: view.at.clone(),
            name,
        };
        self.finish(
            view,
            &[
                "type",
                "repeated",
                "optional",
                "map",
                "behavior",
                "rust_name",
                "proto_name",
                "description",
                "deprecated",
            ],
        );
        Some(field)
    }

    fn enumeration(&mut self, name: Text, node: &Node) -> Option<Enum> {
        let mut view = self.entry_mapping(&name, node)?;
        let description = self.required_text(&mut view, "description");
        let values = match view.take("values") {
            Some(values) => self.named_entries(values, &view.child("values"), Self::enum_value),
            None => {
                self.diagnostics.push(view.at.error("missing `values`"));
                Vec::new()
            }
        };
        let at = view.at.clone();
        self.finish(view, &["description", "values"]);
        Some(Enum {
            name,
            description,
            values,
            at,
        })
    }

    /// `NAME: "description"`, or `NAME: { number: 10, description: "…", deprecated: true }`.
    fn enum_value(&mut self, name: Text, node: &Node) -> Option<EnumValue> {
        if let Value::Scalar { .. } = node.value {
            let description = self.text(node, &name.at.element)?;
            return Some(EnumValue {
                name,
                number: None,
                description,
                deprecated: false,
            });
        }
        let mut view = self.entry_mapping(&name, node)?;
        let number = self.number(&mut view, "number");
        let description = self.required_text(&mut view, "description");
        let deprecated = self.flag(&mut view, "deprecated");
        self.finish(view, &["number", "description", "deprecated"]);
        Some(EnumValue {
            name,
            number,
            description,
            deprecated,
        })
    }

    /// An optional integer that fits an `i32`.
    fn number(&mut self, view: &mut MapView<'_>, key: &str) -> Option<Number> {
        let element = view.child(key);
        let node = view.take(key)?;
        match &node.value {
            Value::Scalar {
                text,
                quoted: false,
            } => match text.parse::<i32>() {
                Ok(value) => Some(Number {
                    value,
                    at: self.at(node, &element),
                }),
                Err(_) => {
                    self.error(node, &element, format!("`{text}` is not a 32-bit integer"));
                    None
                }
            },
            _ => {
                self.error(node, &element, "expected an integer");
                None
            }
        }
    }
}
