//! A request message rebuilt from the path variables, the query string and
//! the body of an HTTP request, by the transcoding rules. The body is parsed
//! once into the arena tree the codec decodes from, path variables join
//! that tree, and query parameters are decoded onto the same message, so
//! nothing is copied through `serde_json::Value` on the way.

use super::query::QueryTree;
use super::{Captures, ServerError};
use crate::binding::{Binding, Body};
use crate::json::{self, Arena, Kind, Message, Mode, Msg, Node, Shape};

/// The top-level entries of the body, with the path variables set among them.
type Entries<'a> = Vec<(&'a str, Node<'a>)>;

/// Rebuilds the request message of `binding` from the path variables, the
/// raw query string and the body, by the transcoding rules: query
/// parameters are read as the field types need (and must each name a field
/// path of the request), the body is the whole message (`*`) or one field,
/// and path variables set their fields. Query parameters are read first, so
/// a top-level field the body or the path also gives is theirs (but a
/// oneof given a member by both is an error).
pub fn decode_request<Req: Message>(
    binding: &Binding,
    captures: Captures,
    query: &str,
    body: &[u8],
) -> Result<Req, ServerError> {
    let arena = Arena::new();
    let query = QueryTree::parse(query)?;
    let mut request = Req::default();
    json::decode_into(&mut request, query.entries(&arena), Mode::Query).map_err(|error| {
        ServerError::invalid_argument(format!(
            "invalid query parameter `{}`: {}",
            error.path(),
            error.message()
        ))
    })?;
    let mut entries = body_entries::<Req>(binding, body, &arena)?;
    for (path, value) in &captures {
        set(&mut entries, path, Node::Str(value), &arena)?;
    }
    json::decode_into(&mut request, &entries, Mode::Json)
        .map_err(|error| ServerError::invalid_argument(format!("invalid request: {error}")))?;
    Ok(request)
}

/// The top-level fields the body gives: all of its members for `*`, the
/// one field it fills otherwise, none when there is no body.
fn body_entries<'a, Req: Message>(
    binding: &Binding,
    body: &'a [u8],
    arena: &'a Arena,
) -> Result<Entries<'a>, ServerError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Vec::new());
    }
    let shape = match binding.body {
        Body::None => Shape::TREE,
        Body::All => Msg::<Req>::shape(),
        Body::Field(name) => Msg::<Req>::shape().member(name),
    };
    let node = json::parse_as(body, arena, shape)
        .map_err(|error| ServerError::invalid_argument(format!("the body is not JSON: {error}")))?;
    match (binding.body, node) {
        // Some clients (the official JS SDK on DELETE) send `{}` where no body belongs.
        (Body::None, Node::Object([])) => Ok(Vec::new()),
        (Body::None, _) => Err(ServerError::invalid_argument(format!(
            "{} takes no body",
            binding.method_id
        ))),
        (Body::All, Node::Object(entries)) => Ok(entries.to_vec()),
        (Body::All, _) => Err(ServerError::invalid_argument(
            "the body must be a JSON object",
        )),
        (Body::Field(name), value) => Ok(vec![(name, value)]),
    }
}

/// Sets the field at `path` among `entries` to `value`, creating the
/// messages on the way; the objects on the path are copied, not their contents.
fn set<'a>(
    entries: &mut Entries<'a>,
    path: &'a [String],
    value: Node<'a>,
    arena: &'a Arena,
) -> Result<(), ServerError> {
    let Some((first, rest)) = path.split_first() else {
        return Ok(());
    };
    let position = entries.iter().position(|(key, _)| key == first);
    let node = if rest.is_empty() {
        value
    } else {
        let mut inner = match position.map(|index| entries[index].1) {
            None => Vec::new(),
            Some(Node::Object(fields)) => fields.to_vec(),
            Some(_) => {
                return Err(ServerError::invalid_argument(format!(
                    "field `{first}` must be a message"
                )))
            }
        };
        set(&mut inner, rest, value, arena)?;
        Node::Object(arena.alloc_slice_copy(&inner))
    };
    match position {
        Some(index) => entries[index].1 = node,
        None => entries.push((first, node)),
    }
    Ok(())
}
