//! Messages (their fields and oneofs) and enums (their values).

use super::super::{Enum, EnumValue, Field, Message, Number, Oneof, Text};
use super::access::{MapView, Reader};
use crate::spec::values;
use crate::yaml::{Node, Typed, Value};

/// The largest proto field number (2^29 - 1).
const FIELD_NUMBER_MAX: i64 = 536_870_911;

impl Reader<'_> {
    /// A message: its fields and oneofs; `intact` when none of it had a problem.
    pub(super) fn message(&mut self, name: Text, node: &Node) -> Option<Message> {
        let before = self.problems.0.len();
        let mut view = self.entry_mapping(&name, node, "{ description: \"…\", fields: { … } }")?;
        let description = self.required_text(&mut view, "description");
        let resource_patterns = self.text_or_list(&mut view, "resource");
        let fields = match view.take("fields") {
            Some(fields) => self.named_entries(fields, &view.child("fields"), None, Self::field),
            None => Vec::new(),
        };
        let oneofs = match view.take("oneofs") {
            Some(oneofs) => self.named_entries(oneofs, &view.child("oneofs"), None, Self::oneof),
            None => Vec::new(),
        };
        let deprecated = self.flag(&mut view, "deprecated");
        let rust_type = self.rust_type(&mut view);
        let rust_name = self.optional_text(&mut view, "rust_name");
        let at = view.at.clone();
        self.finish(
            view,
            &[
                "description",
                "resource",
                "fields",
                "oneofs",
                "deprecated",
                "rust_type",
                "rust_name",
            ],
        );
        Some(Message {
            name,
            description,
            resource_patterns,
            fields,
            oneofs,
            deprecated,
            rust_type,
            rust_name,
            intact: self.problems.0.len() == before,
            at,
        })
    }

    /// `rust_type:`, the runtime's type that stands for a message or enum.
    fn rust_type(&mut self, view: &mut MapView<'_>) -> Option<Text> {
        let element = view.child("rust_type");
        let node = view.take("rust_type")?;
        self.formed(
            node,
            &element,
            values::is_runtime_type_path,
            "a path into the runtime",
            "write the path of a type `apigen_runtime` provides, e.g. `apigen_runtime::Status`",
        )
    }

    /// A oneof and its member fields (at least one).
    pub(super) fn oneof(&mut self, name: Text, node: &Node) -> Option<Oneof> {
        let mut view = self.entry_mapping(&name, node, "{ description: \"…\", fields: { … } }")?;
        let description = self.required_text(&mut view, "description");
        let fields = match view.take("fields") {
            Some(fields) => {
                let element = view.child("fields");
                if matches!(&fields.value, Value::Mapping(entries) if entries.is_empty()) {
                    let diagnostic = self
                        .problem(fields, &element, "a oneof needs at least one member")
                        .with_help("list its members under `fields:`, or remove the oneof");
                    self.report(diagnostic);
                }
                self.named_entries(fields, &element, None, Self::field)
            }
            None => {
                self.missing(&view, "fields");
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

    /// A field: its type, cardinality, names and behaviors.
    pub(super) fn field(&mut self, name: Text, node: &Node) -> Option<Field> {
        let written_type = match node.typed() {
            Some(Typed::Str(text)) => text,
            _ => "string",
        };
        let shape = format!("{{ type: {written_type}, description: \"…\" }}");
        let mut view = self.entry_mapping(&name, node, &shape)?;
        let field = Field {
            type_name: self.required_text(&mut view, "type"),
            repeated: self.flag(&mut view, "repeated"),
            optional: self.flag(&mut view, "optional"),
            map_key: self.optional_text(&mut view, "map"),
            behaviors: self.text_list(&mut view, "behavior"),
            rust_name: self.optional_text(&mut view, "rust_name"),
            proto_name: self.optional_text(&mut view, "proto_name"),
            number: view.take("number").and_then(|node| {
                let range = 1..=FIELD_NUMBER_MAX;
                let value = self.integer(
                    node,
                    &view.child("number"),
                    range,
                    "a field number from 1 to 536870911",
                );
                u32::try_from(value?).ok()
            }),
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
                "number",
                "description",
                "deprecated",
            ],
        );
        Some(field)
    }

    /// An enum and its values (at least one).
    pub(super) fn enumeration(&mut self, name: Text, node: &Node) -> Option<Enum> {
        let mut view = self.entry_mapping(&name, node, "{ description: \"…\", values: { … } }")?;
        let description = self.required_text(&mut view, "description");
        let values = match view.take("values") {
            Some(values) => {
                let element = view.child("values");
                let empty = match &values.value {
                    Value::Mapping(entries) => entries.is_empty(),
                    _ => values.typed() == Some(Typed::Null),
                };
                if empty {
                    let diagnostic = self
                        .problem(values, &element, "an enum needs at least one value")
                        .with_help(format!(
                            "list them under `values:`, the default (number 0) first, e.g. `{}_UNSPECIFIED: \"Not set.\"`",
                            crate::names::shouty_snake(&name.value)
                        ));
                    self.report(diagnostic);
                    Vec::new()
                } else {
                    self.named_entries(values, &element, None, Self::enum_value)
                }
            }
            None => {
                self.missing(&view, "values");
                Vec::new()
            }
        };
        let rust_type = self.rust_type(&mut view);
        let rust_name = self.optional_text(&mut view, "rust_name");
        let at = view.at.clone();
        self.finish(view, &["description", "values", "rust_type", "rust_name"]);
        Some(Enum {
            name,
            description,
            values,
            rust_type,
            rust_name,
            at,
        })
    }

    /// `NAME: "description"`, `NAME:` (no description), or
    /// `NAME: { number: 10, rust_name: Ten, description: "…", deprecated: true }`
    /// where every key is optional.
    pub(super) fn enum_value(&mut self, name: Text, node: &Node) -> Option<EnumValue> {
        match &node.value {
            Value::Mapping(_) => {}
            Value::Scalar { .. } => {
                let description = match node.typed() {
                    Some(Typed::Null) => None,
                    _ => Some(self.text(node, &name.at.element)?),
                };
                return Some(EnumValue {
                    name,
                    number: None,
                    rust_name: None,
                    description,
                    deprecated: false,
                });
            }
            Value::Sequence(_) => {
                let diagnostic = name
                    .at
                    .error(format!("`{}` must be its description or a mapping, not a list", name.value))
                    .with_help(format!(
                        "write `{0}: \"What it means.\"` or `{0}: {{ number: 1, description: \"What it means.\" }}`",
                        name.value
                    ));
                self.report(diagnostic);
                return None;
            }
        }
        let mut view = self.mapping(node, &name.at.element)?;
        view.at = name.at.clone();
        let number = match view.take("number") {
            Some(node) => self
                .integer(
                    node,
                    &view.child("number"),
                    i64::from(i32::MIN)..=i64::from(i32::MAX),
                    "a 32-bit whole number",
                )
                .and_then(|value| {
                    Some(Number {
                        value: i32::try_from(value).ok()?,
                        at: self.at(node, &view.child("number")),
                    })
                }),
            None => None,
        };
        let rust_name = self.optional_text(&mut view, "rust_name");
        let description = self.optional_text(&mut view, "description");
        let deprecated = self.flag(&mut view, "deprecated");
        self.finish(view, &["number", "rust_name", "description", "deprecated"]);
        Some(EnumValue {
            name,
            number,
            rust_name,
            description,
            deprecated,
        })
    }
}
