//! Fixes for values of the wrong kind, worded from the key and what was
//! written, for messages that would otherwise only say what is wrong.

use std::ops::RangeInclusive;

use crate::yaml::{Node, Value};

/// How to write a whole number in `range`.
pub(super) fn whole_number(range: &RangeInclusive<i64>) -> String {
    let (start, end) = (*range.start(), *range.end());
    if end < i64::from(i32::MAX) {
        format!("write a whole number from {start} to {end}")
    } else if start > i64::from(i32::MIN) {
        format!("write a whole number of at least {start}")
    } else {
        "write a whole number, such as `1`".to_owned()
    }
}

/// How to write text for `key` where a list or a mapping stands.
pub(super) fn text_instead_of(key: &str, node: &Node) -> String {
    let single = match &node.value {
        Value::Sequence(items) if items.len() == 1 => match &items[0].value {
            Value::Scalar { text, .. } => Some(text.as_str()),
            _ => None,
        },
        _ => None,
    };
    match single {
        Some(item) if key == "type" => {
            format!("a list is written `type: {item}` with `repeated: true` beside it")
        }
        Some(item) => format!("write it without brackets: `{key}: {item}`"),
        None => format!(
            "write the text on the line of `{key}:`, in quotes if it holds `: ` or starts with `[` or `{{`"
        ),
    }
}
