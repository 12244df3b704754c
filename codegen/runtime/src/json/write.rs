//! Writing JSON text: strings with their escapes, and free-form values.

use serde_json::{Map, Value};

/// Writes `text` as a JSON string.
pub(crate) fn write_str(text: &str, out: &mut Vec<u8>) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.reserve(text.len() + 2);
    out.push(b'"');
    let bytes = text.as_bytes();
    let mut start = 0;
    for (index, &byte) in bytes.iter().enumerate() {
        let escape: &[u8] = match byte {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x00..=0x1f => &[],
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..index]);
        if escape.is_empty() {
            out.extend_from_slice(b"\\u00");
            out.push(HEX[usize::from(byte >> 4)]);
            out.push(HEX[usize::from(byte & 0xf)]);
        } else {
            out.extend_from_slice(escape);
        }
        start = index + 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
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
    out.push(b'[');
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        write_value(item, out);
    }
    out.push(b']');
}

/// Writes a JSON object.
pub(crate) fn write_object(entries: &Map<String, Value>, out: &mut Vec<u8>) {
    out.push(b'{');
    for (index, (key, item)) in entries.iter().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        write_str(key, out);
        out.push(b':');
        write_value(item, out);
    }
    out.push(b'}');
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
