//! Numbers in proto3 JSON: a JSON number or a numeric string, for integers
//! only when the value is whole, for floats also `"NaN"` and `"±Infinity"`.

use super::error::expected;
use super::{DecodeError, Node};

/// A whole number from a JSON number or string (`12`, `"12"`, `1e2`, `"12.0"`),
/// wide enough for any 64-bit integer; the caller checks its range.
pub(crate) fn integer(json: &Node<'_>, what: &str) -> Result<i128, DecodeError> {
    match json {
        Node::Unsigned(value) => Ok((*value).into()),
        Node::Signed(value) => Ok((*value).into()),
        Node::Float(value) => whole(*value, what),
        Node::Str(text) => {
            if let Ok(value) = text.parse::<i128>() {
                return Ok(value);
            }
            let is_decimal = text.bytes().all(|byte| {
                byte.is_ascii_digit() || matches!(byte, b'.' | b'e' | b'E' | b'-' | b'+')
            });
            match text.parse::<f64>() {
                Ok(value) if is_decimal => whole(value, what),
                _ => Err(DecodeError::new(format!(
                    "expected {what}, found the text {text:?}"
                ))),
            }
        }
        other => Err(expected(what, other)),
    }
}

/// `value` as an integer, when it is a whole number in range of 64-bit integers.
fn whole(value: f64, what: &str) -> Result<i128, DecodeError> {
    const LIMIT: f64 = 18_446_744_073_709_551_616.0; // 2^64
    if !value.is_finite() || value.fract() != 0.0 {
        return Err(DecodeError::new(format!(
            "expected {what}, found {value}, which is not a whole number"
        )));
    }
    if value.abs() >= LIMIT {
        return Err(DecodeError::new(format!(
            "{value} is out of range for {what}"
        )));
    }
    Ok(value as i128)
}

/// A floating-point number from a JSON number, a numeric string, or one of
/// `"NaN"`, `"Infinity"`, `"-Infinity"`.
pub(crate) fn float(json: &Node<'_>, what: &str) -> Result<f64, DecodeError> {
    match json {
        Node::Unsigned(_) | Node::Signed(_) | Node::Float(_) => {
            Ok(json.as_f64().unwrap_or(f64::NAN))
        }
        Node::Str(text) => match *text {
            "NaN" => Ok(f64::NAN),
            "Infinity" => Ok(f64::INFINITY),
            "-Infinity" => Ok(f64::NEG_INFINITY),
            text => {
                let is_decimal = text.bytes().all(|byte| {
                    byte.is_ascii_digit() || matches!(byte, b'.' | b'e' | b'E' | b'-' | b'+')
                });
                match text.parse::<f64>() {
                    Ok(value) if is_decimal && value.is_finite() => Ok(value),
                    _ => Err(DecodeError::new(format!(
                        "expected {what}, found the text {text:?}"
                    ))),
                }
            }
        },
        other => Err(expected(what, other)),
    }
}
