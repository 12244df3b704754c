//! Open enums: known values by name, and values this version does not know
//! kept as they came (a name, or a number), so they survive a round trip.

use std::fmt;

use super::error::expected;
use super::kind::Kind;
use super::numbers::integer;
use super::write::write_str;
use super::{DecodeError, Mode, Node};

/// An enum of the API. Generated code gives the table of known values; the
/// rest is provided.
pub trait OpenEnum: Sized + Clone + PartialEq + 'static {
    /// The known values with their wire names and numbers, in spec order; the
    /// first is the default.
    const VALUES: &'static [(Self, &'static str, i32)];

    /// The unknown value this holds, if it is one.
    fn unknown(&self) -> Option<&UnknownEnumValue>;

    /// Wraps a value this version does not know.
    fn from_unknown(value: UnknownEnumValue) -> Self;

    /// The value's wire name; `None` for an unknown value that came as a number.
    fn name(&self) -> Option<&str> {
        match self.unknown() {
            Some(unknown) => unknown.name(),
            None => Self::VALUES
                .iter()
                .find(|(value, ..)| value == self)
                .map(|(_, name, _)| *name),
        }
    }

    /// The value's number; `None` for an unknown value that came as a name.
    fn number(&self) -> Option<i32> {
        match self.unknown() {
            Some(unknown) => unknown.number(),
            None => Self::VALUES
                .iter()
                .find(|(value, ..)| value == self)
                .map(|(.., number)| *number),
        }
    }

    /// The value with this wire name; an unknown name is kept.
    fn from_name(name: &str) -> Self {
        match Self::VALUES.iter().find(|(_, known, _)| *known == name) {
            Some((value, ..)) => value.clone(),
            None => Self::from_unknown(UnknownEnumValue(Unknown::Name(name.to_owned()))),
        }
    }

    /// The value with this number; an unknown number is kept.
    fn from_number(number: i32) -> Self {
        match Self::VALUES.iter().find(|(.., known)| *known == number) {
            Some((value, ..)) => value.clone(),
            None => Self::from_unknown(UnknownEnumValue(Unknown::Number(number))),
        }
    }
}

/// An enum value this version of the client does not know, as it came: by
/// name or by number.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UnknownEnumValue(Unknown);

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Unknown {
    Name(String),
    Number(i32),
}

impl UnknownEnumValue {
    /// The wire name, when the value came as a name.
    pub fn name(&self) -> Option<&str> {
        match &self.0 {
            Unknown::Name(name) => Some(name),
            Unknown::Number(_) => None,
        }
    }

    /// The number, when the value came as a number.
    pub fn number(&self) -> Option<i32> {
        match self.0 {
            Unknown::Name(_) => None,
            Unknown::Number(number) => Some(number),
        }
    }
}

/// Writes an enum value as text: its wire name (`HARM_CATEGORY_HATE_SPEECH`),
/// or, for a value this version does not know, the name it came with or,
/// when it came as a number, that number. Generated enums' `Display`.
pub fn fmt_enum<E: OpenEnum>(value: &E, out: &mut fmt::Formatter<'_>) -> fmt::Result {
    match value.unknown().map(|unknown| &unknown.0) {
        Some(Unknown::Number(number)) => write!(out, "{number}"),
        Some(Unknown::Name(name)) => out.write_str(name),
        None => out.write_str(value.name().unwrap_or_default()),
    }
}

/// The known value of `E` with this wire name; any other text is refused
/// with an error naming the enum (`enum_name`) and the known names.
/// Generated enums' `FromStr`.
pub fn parse_enum<E: OpenEnum>(text: &str, enum_name: &'static str) -> Result<E, ParseEnumError> {
    E::VALUES
        .iter()
        .find(|(_, name, _)| *name == text)
        .map(|(value, ..)| value.clone())
        .ok_or_else(|| ParseEnumError {
            enum_name,
            text: text.to_owned(),
            known: E::VALUES.iter().map(|(_, name, _)| *name).collect(),
        })
}

/// Text that is not the wire name of any known value of an enum.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseEnumError {
    enum_name: &'static str,
    text: String,
    known: Vec<&'static str>,
}

impl ParseEnumError {
    /// The enum's Rust name, e.g. `HarmCategory`.
    pub fn enum_name(&self) -> &'static str {
        self.enum_name
    }

    /// The text that was refused.
    pub fn text(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for ParseEnumError {
    fn fmt(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            out,
            "{:?} is not a {} name; expected one of {}",
            self.text,
            self.enum_name,
            self.known.join(", ")
        )
    }
}

impl std::error::Error for ParseEnumError {}

/// The kind of an enum field: its name in JSON (a number is read too).
#[derive(Debug)]
pub struct Enum<E>(std::marker::PhantomData<E>);

impl<E: OpenEnum> Kind for Enum<E> {
    type Value = E;

    fn decode(json: Node<'_>, _: Mode) -> Result<E, DecodeError> {
        match &json {
            Node::Str(name) => match name.parse::<i32>() {
                Ok(number) => Ok(E::from_number(number)),
                Err(_) => Ok(E::from_name(name)),
            },
            Node::Unsigned(_) | Node::Signed(_) | Node::Float(_) => {
                let number = integer(&json, "an enum number")?;
                i32::try_from(number)
                    .map(E::from_number)
                    .map_err(|_| DecodeError::new(format!("{number} is out of range for an enum")))
            }
            other => Err(expected("an enum name or number", other)),
        }
    }

    fn encode(value: &E, out: &mut Vec<u8>) {
        match value.unknown().map(|unknown| &unknown.0) {
            Some(Unknown::Number(number)) => {
                out.extend_from_slice(itoa::Buffer::new().format(*number).as_bytes());
            }
            Some(Unknown::Name(name)) => write_str(name, out),
            None => write_str(value.name().unwrap_or_default(), out),
        }
    }

    fn serialize<S: serde::Serializer>(value: &E, serializer: S) -> Result<S::Ok, S::Error> {
        match value.unknown().map(|unknown| &unknown.0) {
            Some(Unknown::Number(number)) => serializer.serialize_i32(*number),
            Some(Unknown::Name(name)) => serializer.serialize_str(name),
            None => serializer.serialize_str(value.name().unwrap_or_default()),
        }
    }

    fn is_default(value: &E) -> bool {
        E::VALUES.first().is_some_and(|(first, ..)| first == value)
    }
}
