//! The annotate pass: facts derived from the lowered types that more than
//! one output needs, computed once into the [`model`](crate::model) so the
//! emitters (client, server, `server!`), the OpenAPI export and `diff` only
//! read them. It runs inside [`resolve`](crate::resolve::resolve), after
//! the types are lowered (and boxed) and while the methods are: a check or
//! a name goes in `resolve`, a derived fact here, the writing in `emit`.

mod scopes;
mod transcoding;

pub use scopes::type_scopes;
pub use transcoding::{plan, Messages};
