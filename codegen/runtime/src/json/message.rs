//! Messages: what generated code implements ([`Message`]), and the shared
//! loop that reads a JSON object into one and writes one back.

use serde::ser::SerializeMap as _;

use super::kind::{Kind, Serialized};
use super::well_known::JsonValue;
use super::write::write_str;
use super::{DecodeError, Mode, Node, UnknownFields};

/// A message type of the API, which the [`codec`](crate::codec) functions
/// encode and decode.
///
/// Generated code implements it (its items are hidden from the docs): one
/// match arm per field to read it, one line per field to write it.
/// Everything else (names given by proto name, unknown fields, errors with
/// their JSON path) is done here once.
pub trait Message: Default {
    /// The proto names that differ from the JSON names, as `(proto, json)`;
    /// decoding accepts either.
    #[doc(hidden)]
    const PROTO_NAMES: &'static [(&'static str, &'static str)];

    /// Reads the field whose JSON name is `name` from `value`. Gives `value`
    /// back when the message has no field of that name.
    #[doc(hidden)]
    fn decode_field<'a>(
        &mut self,
        name: &str,
        value: Node<'a>,
        mode: Mode,
    ) -> Result<Option<Node<'a>>, DecodeError>;

    /// Gives `out` every field (what it leaves out is up to
    /// [`FieldWriter::field`]) and the member of each oneof that is set.
    #[doc(hidden)]
    fn encode_fields<W: FieldWriter>(&self, out: &mut W);

    /// The fields this version of the type does not know; `None` for a type
    /// that keeps none (`google.protobuf.Empty`).
    #[doc(hidden)]
    fn unknown_fields(&self) -> Option<&UnknownFields>;

    /// The fields this version of the type does not know, to add to.
    #[doc(hidden)]
    fn unknown_fields_mut(&mut self) -> Option<&mut UnknownFields>;
}

/// What the shared loops need of a message, as an object-safe trait, so they
/// are compiled once rather than once per message type.
pub(crate) trait Fields {
    fn decode_field<'a>(
        &mut self,
        name: &str,
        value: Node<'a>,
        mode: Mode,
    ) -> Result<Option<Node<'a>>, DecodeError>;
    fn encode_fields(&self, out: &mut ObjectWriter<'_>);
    fn unknown_fields(&self) -> Option<&UnknownFields>;
    fn unknown_fields_mut(&mut self) -> Option<&mut UnknownFields>;
}

impl<M: Message> Fields for M {
    fn decode_field<'a>(
        &mut self,
        name: &str,
        value: Node<'a>,
        mode: Mode,
    ) -> Result<Option<Node<'a>>, DecodeError> {
        Message::decode_field(self, name, value, mode)
    }

    fn encode_fields(&self, out: &mut ObjectWriter<'_>) {
        Message::encode_fields(self, out);
    }

    fn unknown_fields(&self) -> Option<&UnknownFields> {
        Message::unknown_fields(self)
    }

    fn unknown_fields_mut(&mut self) -> Option<&mut UnknownFields> {
        Message::unknown_fields_mut(self)
    }
}

/// Reads a JSON object as `M`: each key by JSON name, else by proto name,
/// else kept as an unknown field.
pub(crate) fn decode_message<M: Message>(
    entries: &[(&str, Node<'_>)],
    mode: Mode,
) -> Result<M, DecodeError> {
    let mut message = M::default();
    decode_into(&mut message, entries, mode)?;
    Ok(message)
}

/// Reads the entries of a JSON object onto `message`: a field already set
/// is replaced (a oneof member already set is an error). In query mode a
/// key that names no field is an error rather than an unknown field.
pub(crate) fn decode_into<M: Message>(
    message: &mut M,
    entries: &[(&str, Node<'_>)],
    mode: Mode,
) -> Result<(), DecodeError> {
    decode_entries(message, M::PROTO_NAMES, entries, mode)
}

fn decode_entries(
    message: &mut dyn Fields,
    proto_names: &[(&'static str, &'static str)],
    entries: &[(&str, Node<'_>)],
    mode: Mode,
) -> Result<(), DecodeError> {
    for &(key, value) in entries {
        let unknown = match message.decode_field(key, value, mode) {
            Ok(None) => continue,
            Ok(Some(unknown)) => unknown,
            Err(error) => return Err(error.at_key(key)),
        };
        let unknown = match proto_names.iter().find(|(proto, _)| *proto == key) {
            Some((proto, json)) => {
                if entries.iter().any(|(other, _)| other == json) {
                    return Err(DecodeError::new(format!(
                        "`{proto}` and `{json}` name the same field; give it once"
                    ))
                    .at_key(proto));
                }
                match message.decode_field(json, unknown, mode) {
                    Ok(None) => continue,
                    Ok(Some(unknown)) => unknown,
                    Err(error) => return Err(error.at_key(key)),
                }
            }
            None => unknown,
        };
        if mode == Mode::Query {
            return Err(DecodeError::new("the request has no such field").at_key(key));
        }
        match message.unknown_fields_mut() {
            Some(unknown_fields) => unknown_fields.insert(key.to_owned(), unknown.to_value()),
            None => return Err(DecodeError::new("this message has no fields").at_key(key)),
        };
    }
    Ok(())
}

/// Writes `message` as a JSON object, its unknown fields last.
pub(crate) fn encode_message(message: &dyn Fields, out: &mut Vec<u8>) {
    out.push(b'{');
    let mut writer = ObjectWriter { out, empty: true };
    message.encode_fields(&mut writer);
    for (key, value) in message.unknown_fields().into_iter().flatten() {
        writer.member::<JsonValue>(key, value);
    }
    writer.out.push(b'}');
}

/// Hands `message` to a serde serializer as a map of the entries
/// [`encode_message`] writes, in the same order.
pub(crate) fn serialize_message<M: Message, S: serde::Serializer>(
    message: &M,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let unknown_fields = message.unknown_fields().into_iter().flatten();
    // Formats that need the length up front get it: counting is cheap, it
    // only asks each field whether it holds its default.
    let mut counter = EntryCounter(0);
    message.encode_fields(&mut counter);
    let mut map = serializer.serialize_map(Some(counter.0 + unknown_fields.clone().count()))?;
    let mut writer = EntrySerializer {
        map: &mut map,
        failure: None,
    };
    message.encode_fields(&mut writer);
    for (key, value) in unknown_fields {
        writer.member::<JsonValue>(key, value);
    }
    match writer.failure {
        Some(error) => Err(error),
        None => map.end(),
    }
}

/// Sets a field from JSON: `null` resets it to its default (except where
/// `null` is a value, as for `google.protobuf.Value`). Given the parser's
/// probe instead of JSON, it answers the field's [`Kind::shape`] and sets nothing.
pub fn field<K: Kind>(slot: &mut K::Value, value: Node<'_>, mode: Mode) -> Result<(), DecodeError>
where
    K::Value: Default,
{
    if value.answer(K::shape()) {
        return Ok(());
    }
    *slot = if value.is_null() && !K::NULL_IS_VALUE {
        K::Value::default()
    } else {
        K::decode(value, mode)?
    };
    Ok(())
}

/// Sets a oneof member from JSON. `null` leaves the oneof as it is; a second
/// member of the same oneof is an error. Given the parser's probe, it
/// answers the member's [`Kind::shape`] and sets nothing.
pub fn member<K: Kind, Oneof>(
    slot: &mut Option<Oneof>,
    oneof: &str,
    value: Node<'_>,
    mode: Mode,
    wrap: fn(K::Value) -> Oneof,
) -> Result<(), DecodeError> {
    if value.answer(K::shape()) {
        return Ok(());
    }
    if value.is_null() && !K::NULL_IS_VALUE {
        return Ok(());
    }
    if slot.is_some() {
        return Err(DecodeError::new(format!(
            "another member of the oneof `{oneof}` is set already; at most one may be"
        )));
    }
    *slot = Some(wrap(K::decode(value, mode)?));
    Ok(())
}

/// Where a message's [`Message::encode_fields`] puts its fields: JSON text,
/// or the map of a serde serializer.
pub trait FieldWriter {
    /// Writes a field unless it holds its default, which proto3 leaves out.
    #[inline]
    fn field<K: Kind>(&mut self, name: &str, value: &K::Value) {
        if !K::is_default(value) {
            self.member::<K>(name, value);
        }
    }

    /// Writes a field whatever it holds: a oneof member that is set.
    fn member<K: Kind>(&mut self, name: &str, value: &K::Value);
}

/// Writes the fields of one message as the entries of a JSON object.
pub(crate) struct ObjectWriter<'a> {
    out: &'a mut Vec<u8>,
    empty: bool,
}

impl FieldWriter for ObjectWriter<'_> {
    fn member<K: Kind>(&mut self, name: &str, value: &K::Value) {
        if !self.empty {
            self.out.push(b',');
        }
        self.empty = false;
        write_str(name, self.out);
        self.out.push(b':');
        K::encode(value, self.out);
    }
}

/// Counts the entries a message has, for serializers that want a map's length first.
struct EntryCounter(usize);

impl FieldWriter for EntryCounter {
    fn member<K: Kind>(&mut self, _: &str, _: &K::Value) {
        self.0 += 1;
    }
}

/// Hands each field to a serde map; after the first error it only keeps that error.
struct EntrySerializer<'a, Map: serde::ser::SerializeMap> {
    map: &'a mut Map,
    failure: Option<Map::Error>,
}

impl<Map: serde::ser::SerializeMap> FieldWriter for EntrySerializer<'_, Map> {
    fn member<K: Kind>(&mut self, name: &str, value: &K::Value) {
        if self.failure.is_none() {
            self.failure = self
                .map
                .serialize_entry(name, &Serialized::<K>(value))
                .err();
        }
    }
}

/// Ends the `Debug` output of a generated message: its unknown fields only
/// when there are some.
pub fn debug_unknown(
    mut out: std::fmt::DebugStruct<'_, '_>,
    unknown_fields: &UnknownFields,
) -> std::fmt::Result {
    if !unknown_fields.is_empty() {
        out.field("unknown_fields", unknown_fields);
    }
    out.finish()
}
