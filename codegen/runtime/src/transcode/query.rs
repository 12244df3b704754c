//! Query parameters written straight from a request field: the field's
//! kind walks its value into a serde serializer ([`Kind::serialize`], the
//! proto3 JSON form without its text) that writes `name=value` pairs, a
//! nested message as dotted names and a list as repeated names, and takes
//! the text of path-bound fields aside for the path template.
//!
//! [`Kind::serialize`]: crate::json::Kind::serialize

use std::fmt;

use serde::ser::{self, Impossible, Serialize};

/// What the walk fills: query parameters and the path's variables.
pub(super) struct Sink<'a> {
    /// Query parameters; `None` when the field is the body, whose bound
    /// fields are wanted but whose other fields are not parameters.
    pub query: Option<&'a mut Vec<(String, String)>>,
    /// The text of each template variable, in the template's order.
    pub values: &'a mut [Option<String>],
}

/// A path variable bound at or below the value being walked: its position
/// among the template's variables and the field path still to go down.
pub(super) type Variable<'p> = (usize, &'p [String]);

/// Why a field cannot go in the query string.
#[derive(Debug)]
pub(super) struct QueryError(String);

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for QueryError {}

impl ser::Error for QueryError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Self(message.to_string())
    }
}

/// The serializer of one value whose parameter name is `name`.
pub(super) struct Pairs<'s, 'a, 'p> {
    sink: &'s mut Sink<'a>,
    name: String,
    variables: Vec<Variable<'p>>,
    in_list: bool,
}

impl<'s, 'a, 'p> Pairs<'s, 'a, 'p> {
    /// The serializer of a top-level field named `name`, with the variables bound in it.
    pub fn new(sink: &'s mut Sink<'a>, name: String, variables: Vec<Variable<'p>>) -> Self {
        Self {
            sink,
            name,
            variables,
            in_list: false,
        }
    }

    /// Whether a variable binds this value whole: it goes in the path only.
    fn is_bound(&self) -> bool {
        self.variables.iter().any(|(_, path)| path.is_empty())
    }

    /// Whether the inside of this list or object is wanted: it is neither
    /// bound whole nor, in a field that is the body, free of bound fields.
    fn walks_inside(&self) -> bool {
        !self.is_bound() && (self.sink.query.is_some() || !self.variables.is_empty())
    }

    /// Writes one scalar as a parameter, or, bound whole, keeps a string
    /// for the path (a bound value of any other form fills no variable,
    /// which the template then reports as missing).
    fn scalar(self, text: &str, is_string: bool) -> Result<(), QueryError> {
        if self.is_bound() {
            if is_string {
                for (index, _) in self.variables.iter().filter(|(_, path)| path.is_empty()) {
                    self.sink.values[*index] = Some(text.to_owned());
                }
            }
        } else if let Some(query) = self.sink.query.as_deref_mut() {
            query.push((self.name, text.to_owned()));
        }
        Ok(())
    }

    fn number(self, number: impl itoa::Integer) -> Result<(), QueryError> {
        self.scalar(itoa::Buffer::new().format(number), false)
    }

    /// A list or a message inside a list has no query form.
    fn nested_in_list(&self) -> Result<(), QueryError> {
        match self.in_list {
            true => Err(QueryError(format!(
                "field `{}` holds messages and cannot be sent as a query parameter",
                self.name
            ))),
            false => Ok(()),
        }
    }
}

/// Anything a kind never hands over (tuples, structs, variants, raw bytes).
fn unsupported(what: &str) -> QueryError {
    QueryError(format!("{what} has no query-parameter form"))
}

impl<'s, 'a, 'p> ser::Serializer for Pairs<'s, 'a, 'p> {
    type Ok = ();
    type Error = QueryError;
    type SerializeSeq = List<'s, 'a>;
    type SerializeTuple = Impossible<(), QueryError>;
    type SerializeTupleStruct = Impossible<(), QueryError>;
    type SerializeTupleVariant = Impossible<(), QueryError>;
    type SerializeMap = Object<'s, 'a, 'p>;
    type SerializeStruct = Impossible<(), QueryError>;
    type SerializeStructVariant = Impossible<(), QueryError>;

    fn serialize_bool(self, value: bool) -> Result<(), QueryError> {
        self.scalar(if value { "true" } else { "false" }, false)
    }

    fn serialize_i8(self, value: i8) -> Result<(), QueryError> {
        self.number(value)
    }

    fn serialize_i16(self, value: i16) -> Result<(), QueryError> {
        self.number(value)
    }

    fn serialize_i32(self, value: i32) -> Result<(), QueryError> {
        self.number(value)
    }

    fn serialize_i64(self, value: i64) -> Result<(), QueryError> {
        self.number(value)
    }

    fn serialize_u8(self, value: u8) -> Result<(), QueryError> {
        self.number(value)
    }

    fn serialize_u16(self, value: u16) -> Result<(), QueryError> {
        self.number(value)
    }

    fn serialize_u32(self, value: u32) -> Result<(), QueryError> {
        self.number(value)
    }

    fn serialize_u64(self, value: u64) -> Result<(), QueryError> {
        self.number(value)
    }

    fn serialize_f32(self, value: f32) -> Result<(), QueryError> {
        self.scalar(ryu::Buffer::new().format(value), false)
    }

    fn serialize_f64(self, value: f64) -> Result<(), QueryError> {
        self.scalar(ryu::Buffer::new().format(value), false)
    }

    fn serialize_char(self, value: char) -> Result<(), QueryError> {
        self.scalar(value.encode_utf8(&mut [0; 4]), true)
    }

    fn serialize_str(self, value: &str) -> Result<(), QueryError> {
        self.scalar(value, true)
    }

    fn serialize_bytes(self, _: &[u8]) -> Result<(), QueryError> {
        Err(unsupported("raw bytes"))
    }

    /// `null`: not set, so no parameter.
    fn serialize_none(self) -> Result<(), QueryError> {
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), QueryError> {
        value.serialize(self)
    }

    /// `null`: not set, so no parameter.
    fn serialize_unit(self) -> Result<(), QueryError> {
        Ok(())
    }

    fn serialize_unit_struct(self, name: &'static str) -> Result<(), QueryError> {
        Err(unsupported(name))
    }

    fn serialize_unit_variant(
        self,
        name: &'static str,
        _: u32,
        _: &'static str,
    ) -> Result<(), QueryError> {
        Err(unsupported(name))
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), QueryError> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), QueryError> {
        Err(unsupported(name))
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<List<'s, 'a>, QueryError> {
        let keep = self.walks_inside();
        if keep {
            self.nested_in_list()?;
        }
        Ok(List {
            keep,
            sink: self.sink,
            name: self.name,
        })
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, QueryError> {
        Err(unsupported("a tuple"))
    }

    fn serialize_tuple_struct(
        self,
        name: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, QueryError> {
        Err(unsupported(name))
    }

    fn serialize_tuple_variant(
        self,
        name: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, QueryError> {
        Err(unsupported(name))
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Object<'s, 'a, 'p>, QueryError> {
        let keep = self.walks_inside();
        if keep {
            self.nested_in_list()?;
        }
        Ok(Object {
            keep,
            pairs: self,
            key: String::new(),
        })
    }

    fn serialize_struct(
        self,
        name: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, QueryError> {
        Err(unsupported(name))
    }

    fn serialize_struct_variant(
        self,
        name: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, QueryError> {
        Err(unsupported(name))
    }
}

/// A repeated field: one parameter per item, all with the list's name
/// (nothing when a variable binds the list whole).
pub(super) struct List<'s, 'a> {
    sink: &'s mut Sink<'a>,
    name: String,
    keep: bool,
}

impl ser::SerializeSeq for List<'_, '_> {
    type Ok = ();
    type Error = QueryError;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, item: &T) -> Result<(), QueryError> {
        if !self.keep {
            return Ok(());
        }
        item.serialize(Pairs {
            sink: &mut *self.sink,
            name: self.name.clone(),
            variables: Vec::new(),
            in_list: true,
        })
    }

    fn end(self) -> Result<(), QueryError> {
        Ok(())
    }
}

/// A message (or map, or JSON object): each entry under `name.key`, with
/// the variables bound below that key (nothing when a variable binds the
/// object whole).
pub(super) struct Object<'s, 'a, 'p> {
    pairs: Pairs<'s, 'a, 'p>,
    keep: bool,
    /// The key of the entry being written.
    key: String,
}

impl ser::SerializeMap for Object<'_, '_, '_> {
    type Ok = ();
    type Error = QueryError;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), QueryError> {
        if !self.keep {
            return Ok(());
        }
        // Keys are text or, for maps keyed by numbers or bools, written as text.
        self.key = match key.serialize(serde_json::value::Serializer) {
            Ok(serde_json::Value::String(text)) => text,
            Ok(other) => other.to_string(),
            Err(error) => return Err(QueryError(error.to_string())),
        };
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), QueryError> {
        if !self.keep {
            return Ok(());
        }
        let key = self.key.as_str();
        let variables = self
            .pairs
            .variables
            .iter()
            .filter_map(|&(index, path)| match path.split_first() {
                Some((first, rest)) if first == key => Some((index, rest)),
                _ => None,
            })
            .collect();
        value.serialize(Pairs {
            sink: &mut *self.pairs.sink,
            name: format!("{}.{key}", self.pairs.name),
            variables,
            in_list: false,
        })
    }

    fn end(self) -> Result<(), QueryError> {
        Ok(())
    }
}
