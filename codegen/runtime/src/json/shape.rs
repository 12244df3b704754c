//! What the parser knows, ahead of decoding, of the kind it reads: which
//! members of a message hold free-form JSON (Struct, Value, ListValue), so
//! that those are read straight into the `serde_json` values the message
//! keeps rather than into a tree that is then copied.

use std::cell::Cell;

use super::kind::Kind;
use super::message::Message;
use super::node::Held;
use super::{Mode, Node};

/// How the parser reads the JSON of one kind; what [`Kind::shape`] answers.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub struct Shape(Form);

#[derive(Clone, Copy, Debug)]
enum Form {
    /// Anything: read as a tree that the kind decodes.
    Tree,
    /// Free-form JSON: its lists and objects read as `serde_json` values.
    Free,
    /// A message: the shape of each member, by key.
    Message(fn(&str) -> Shape),
    /// A list whose items have this shape.
    Items(fn() -> Shape),
}

impl Shape {
    /// Read as a tree.
    pub(crate) const TREE: Shape = Shape(Form::Tree);
    /// Read lists and objects as `serde_json` values.
    pub(crate) const FREE: Shape = Shape(Form::Free);

    /// A message of type `M`.
    pub(crate) fn message<M: Message>() -> Shape {
        Shape(Form::Message(field_shape::<M>))
    }

    /// A list of items of kind `K`.
    pub(crate) fn items<K: Kind>() -> Shape {
        Shape(Form::Items(K::shape))
    }

    /// Whether lists and objects of this shape are read as `serde_json` values.
    pub(crate) fn is_free(self) -> bool {
        matches!(self.0, Form::Free)
    }

    /// The shape of the member `key` of an object of this shape.
    pub(crate) fn member(self, key: &str) -> Shape {
        match self.0 {
            Form::Message(field) => field(key),
            _ => Shape::TREE,
        }
    }

    /// The shape of the items of a list of this shape.
    pub(crate) fn item(self) -> Shape {
        match self.0 {
            Form::Items(item) => item(),
            _ => Shape::TREE,
        }
    }
}

/// How many members [`Memo`] remembers.
const SLOTS: usize = 32;

/// The shapes of members asked lately, so that the objects of a list of
/// messages do not each ask their type again: one slot per message type
/// and key, chosen by a cheap hash of the two, keeping the last answer.
pub(crate) struct Memo<'a> {
    slots: [(usize, &'a str, Shape); SLOTS],
}

impl<'a> Memo<'a> {
    /// A memo that remembers nothing yet.
    pub(crate) fn new() -> Self {
        Memo {
            slots: [(0, "", Shape::TREE); SLOTS],
        }
    }

    /// The shape of the member `key` of an object of shape `object`, as
    /// [`Shape::member`] answers it.
    pub(crate) fn member(&mut self, object: Shape, key: &'a str) -> Shape {
        let Form::Message(field) = object.0 else {
            return Shape::TREE;
        };
        // The function's address identifies the message type.
        let id = field as usize;
        let bytes = key.as_bytes();
        let ends = usize::from(bytes.first().copied().unwrap_or(0))
            ^ usize::from(bytes.last().copied().unwrap_or(0)) << 3;
        let slot = &mut self.slots[((id >> 4) ^ bytes.len() ^ ends) % SLOTS];
        if slot.0 == id && slot.1 == key {
            return slot.2;
        }
        let shape = object.member(key);
        *slot = (id, key, shape);
        shape
    }
}

/// The shape of the field of `M` named `key` (by JSON or proto name),
/// asked of a default `M` with a probe node that [`super::field`] and
/// [`super::member`] answer. A key that names no field is read as a tree.
fn field_shape<M: Message>(key: &str) -> Shape {
    let answer = Cell::new(Shape::TREE);
    let probe = Node::Held(Held::probe(&answer));
    let mut message = M::default();
    if let Ok(Some(_)) = message.decode_field(key, probe, Mode::Json) {
        if let Some((_, json)) = M::PROTO_NAMES.iter().find(|(proto, _)| *proto == key) {
            // Either way the answer is in the cell: a probe is never an error.
            let _ = message.decode_field(json, probe, Mode::Json);
        }
    }
    answer.get()
}
