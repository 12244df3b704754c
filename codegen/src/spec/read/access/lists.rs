//! Lists: each item read in turn; anything else is reported, with the
//! list it may have meant.

use super::{key_of, MapView, Reader};
use crate::spec::Text;
use crate::yaml::{Node, Typed, Value};

impl Reader<'_> {
    /// A list, each item read with `item`; nothing when the key is absent.
    pub(in crate::spec::read) fn list<T>(
        &mut self,
        view: &mut MapView<'_>,
        key: &str,
        item: impl FnMut(&mut Self, &Node, &str) -> Option<T>,
    ) -> Vec<T> {
        self.section(view, key, |reader, node, element| {
            Some(reader.items(node, element, item))
        })
        .unwrap_or_default()
    }

    /// The items of a list node; anything else is reported, with the list it may have meant.
    pub(in crate::spec::read) fn items<T>(
        &mut self,
        node: &Node,
        element: &str,
        mut item: impl FnMut(&mut Self, &Node, &str) -> Option<T>,
    ) -> Vec<T> {
        if let Value::Sequence(items) = &node.value {
            return items
                .iter()
                .enumerate()
                .filter_map(|(index, node)| item(self, node, &format!("{element}[{index}]")))
                .collect();
        }
        let key = key_of(element);
        let meant = match node.typed() {
            Some(Typed::Str(text)) => text
                .split(',')
                .map(str::trim)
                .filter(|item| !item.is_empty())
                .collect::<Vec<_>>()
                .join(", "),
            _ => "a, b".to_owned(),
        };
        let problem = self
            .problem(
                node,
                element,
                format!("`{key}` must be a list, not {}", node.kind_name()),
            )
            .with_help(format!("write it as a list: `{key}: [{meant}]`"));
        self.report(problem);
        Vec::new()
    }

    /// A list of texts; nothing when the key is absent.
    pub(in crate::spec::read) fn text_list(
        &mut self,
        view: &mut MapView<'_>,
        key: &str,
    ) -> Vec<Text> {
        self.list(view, key, |reader, node, element| {
            reader.text(node, element)
        })
    }

    /// One text, or a list of them.
    pub(in crate::spec::read) fn text_or_list(
        &mut self,
        view: &mut MapView<'_>,
        key: &str,
    ) -> Vec<Text> {
        let element = view.child(key);
        match view.take(key) {
            Some(node) if matches!(node.value, Value::Scalar { .. }) => {
                self.text(node, &element).into_iter().collect()
            }
            Some(node) => self.items(node, &element, |reader, node, element| {
                reader.text(node, element)
            }),
            None => Vec::new(),
        }
    }
}
