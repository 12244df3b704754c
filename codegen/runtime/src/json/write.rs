//! Writing JSON text: strings with their escapes, and free-form values.

use serde_json::{Map, Value};

#[cfg(feature = "client")]
use super::Node;

/// Which bytes a JSON string must escape: `"`, `\\` and the controls below 0x20.
const NEEDS_ESCAPE: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 0x20 {
        table[byte] = true;
        byte += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

/// Writes `text` as a JSON string.
pub(crate) fn write_str(text: &str, out: &mut Vec<u8>) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.reserve(text.len() + 2);
    out.push(b'"');
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut index = 0;
    while index < bytes.len() {
        // Eight bytes at a time while none of them needs an escape.
        if let Some(word) = bytes.get(index..index + 8) {
            let word = u64::from_le_bytes([
                word[0], word[1], word[2], word[3], word[4], word[5], word[6], word[7],
            ]);
            if !needs_escape(word) {
                index += 8;
                continue;
            }
        }
        let byte = bytes[index];
        index += 1;
        if !NEEDS_ESCAPE[usize::from(byte)] {
            continue;
        }
        let at = index - 1;
        out.extend_from_slice(&bytes[start..at]);
        match byte {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            _ => {
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(byte >> 4)]);
                out.push(HEX[usize::from(byte & 0xf)]);
            }
        }
        start = index;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

/// Whether any of the eight bytes in `word` is `"`, `\\` or below 0x20.
fn needs_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // A byte of `x` is zero exactly when the same byte of this has its high bit set.
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGHS;
    (has_zero(word ^ (ONES * u64::from(b'"')))
        | has_zero(word ^ (ONES * u64::from(b'\\')))
        | below_space)
        != 0
}

/// Writes any JSON value.
pub(crate) fn write_value(value: &Value, out: &mut Vec<u8>) {
    match value {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(true) => out.extend_from_slice(b"true"),
        Value::Bool(false) => out.extend_from_slice(b"false"),
        Value::Number(number) => {
            if let Some(value) = number.as_u64() {
                out.extend_from_slice(itoa::Buffer::new().format(value).as_bytes());
            } else if let Some(value) = number.as_i64() {
                out.extend_from_slice(itoa::Buffer::new().format(value).as_bytes());
            } else {
                let value = number.as_f64().unwrap_or_default();
                out.extend_from_slice(ryu::Buffer::new().format_finite(value).as_bytes());
            }
        }
        Value::String(text) => write_str(text, out),
        Value::Array(items) => write_array(items, out),
        Value::Object(entries) => write_object(entries, out),
    }
}

/// Writes a JSON list.
pub(crate) fn write_array(items: &[Value], out: &mut Vec<u8>) {
    write_list(items, out, write_value);
}

/// Writes a JSON object.
pub(crate) fn write_object(entries: &Map<String, Value>, out: &mut Vec<u8>) {
    write_entries(
        entries.iter().map(|(key, item)| (key.as_str(), item)),
        out,
        write_value,
    );
}

/// Writes `items` as a JSON list, each with `write_item`.
fn write_list<T>(
    items: impl IntoIterator<Item = T>,
    out: &mut Vec<u8>,
    mut write_item: impl FnMut(T, &mut Vec<u8>),
) {
    out.push(b'[');
    for (index, item) in items.into_iter().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        write_item(item, out);
    }
    out.push(b']');
}

/// Writes `entries` as a JSON object, each value with `write_item`.
fn write_entries<'k, T>(
    entries: impl IntoIterator<Item = (&'k str, T)>,
    out: &mut Vec<u8>,
    mut write_item: impl FnMut(T, &mut Vec<u8>),
) {
    out.push(b'{');
    for (index, (key, item)) in entries.into_iter().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        write_str(key, out);
        out.push(b':');
        write_item(item, out);
    }
    out.push(b'}');
}

/// Writes parsed JSON back as text.
#[cfg(feature = "client")]
pub(crate) fn write_node(node: Node<'_>, out: &mut Vec<u8>) {
    match node {
        Node::Null => out.extend_from_slice(b"null"),
        Node::Bool(true) => out.extend_from_slice(b"true"),
        Node::Bool(false) => out.extend_from_slice(b"false"),
        Node::Unsigned(value) => {
            out.extend_from_slice(itoa::Buffer::new().format(value).as_bytes())
        }
        Node::Signed(value) => out.extend_from_slice(itoa::Buffer::new().format(value).as_bytes()),
        Node::Float(value) => {
            out.extend_from_slice(ryu::Buffer::new().format_finite(value).as_bytes())
        }
        Node::Str(text) => write_str(text, out),
        Node::List(items) => write_list(items.iter().copied(), out, write_node),
        Node::Object(entries) => write_entries(entries.iter().copied(), out, write_node),
        Node::Held(_) => write_value(&node.to_value(), out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_what_serde_json_reads_back() {
        let value = serde_json::json!({
            "text": "quote \" backslash \\ newline \n tab \t bell \u{7} é 😀",
            "numbers": [0, -5, 18446744073709551615u64, 2.5, 1e300],
            "nested": {"null": null, "flags": [true, false]},
        });
        let mut out = Vec::new();
        write_value(&value, &mut out);
        assert_eq!(serde_json::from_slice::<Value>(&out).unwrap(), value);
    }
}
