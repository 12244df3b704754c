//! Runtime shared by the client crates that `apigen` generates.
//!
//! Generated code stays thin: each API method is a static [`Binding`] plus one
//! call into [`Transport`]. Everything that is the same for every method lives
//! here once: turning a request into HTTP by Google's HTTP/JSON transcoding
//! rules, authentication, error decoding, server-sent events, and the JSON
//! forms of int64, bytes, enums and the well-known protobuf types.
//!
//! What users of a generated crate see of it, which the crate re-exports:
//! [`codec`] (messages to and from JSON), [`status`] (the typed
//! `google.rpc.Status` of errors), the well-known types, [`types`] (Google's
//! common types: operations, IAM policies, locations, `google.type`), and the
//! client's errors, options and streams. The codec's plumbing that generated code
//! calls (`json`: field kinds, the parsed JSON tree, field writers) is
//! public for that code only and hidden from the docs.
//!
//! Features split it by audience: `codec` (the JSON codec, the wire types and
//! the method bindings: all that generated types need), `client` (the HTTP
//! client, default) and `server` (request matching and decoding for axum,
//! without the HTTP client); `oauth` adds `GoogleTokenSource`, OAuth 2
//! tokens from Application Default Credentials or a service account key,
//! which the client then finds by itself for an API that declares OAuth
//! scopes. With none, only [`path_template`] is built,
//! which the generator itself uses to validate specs.

#![warn(missing_docs)]

// The generated `types` module names the runtime by its crate name, as the
// crates that use it do.
#[cfg(feature = "codec")]
extern crate self as apigen_runtime;

pub mod path_template;
mod verb;

#[cfg(feature = "client")]
mod auth;
#[cfg(feature = "codec")]
mod binding;
#[cfg(feature = "codec")]
pub mod codec;
#[cfg(feature = "client")]
mod error;
#[cfg(feature = "client")]
mod guard;
#[cfg(feature = "codec")]
#[doc(hidden)]
pub mod json;
#[cfg(feature = "client")]
mod paging;
#[cfg(feature = "client")]
mod polling;
#[cfg(feature = "client")]
mod retry;
#[cfg(feature = "server")]
pub mod server;
#[cfg(feature = "client")]
mod sse;
#[cfg(feature = "codec")]
pub mod status;
#[cfg(feature = "client")]
pub mod transcode;
#[cfg(feature = "client")]
mod transport;
// Generated (`cargo xtask generate`) and formatted by the generator.
#[cfg(feature = "codec")]
#[rustfmt::skip]
pub mod types;
#[cfg(feature = "client")]
mod upload;
pub mod upload_protocol;
#[cfg(feature = "codec")]
pub mod wire;

#[cfg(feature = "oauth")]
pub use auth::GoogleTokenSource;
#[cfg(feature = "client")]
pub use auth::{ApiAuth, ApiKeyAuth, StaticToken, TokenError, TokenSource};
#[cfg(feature = "codec")]
pub use binding::{Binding, Body, LazyTemplate};
#[cfg(feature = "client")]
pub use error::{ApiError, Error, SizeLimit};
#[cfg(feature = "client")]
pub use guard::{DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_BODY, DEFAULT_READ_TIMEOUT};
#[cfg(feature = "client")]
pub use paging::{items, PageStream};
#[cfg(feature = "client")]
pub use polling::{LongRunning, PollPolicy};
#[cfg(feature = "client")]
pub use retry::RetryPolicy;
#[cfg(feature = "client")]
pub use sse::{EventDecoder, ResponseStream, DEFAULT_MAX_EVENT, DEFAULT_MAX_EVENT_LINE};
#[cfg(feature = "codec")]
pub use status::{Code, Detail, ErrorBody, Status};
#[cfg(feature = "client")]
pub use transport::{
    ApiConfig, CallOptions, ClientBuilder, FromTransport, MethodSettings, Transport,
};
#[cfg(feature = "client")]
pub use upload::{Media, Progress, DEFAULT_CHUNK_SIZE};
pub use verb::Verb;
#[cfg(feature = "codec")]
pub use wire::{Any, Duration, Empty, FieldMask, Timestamp, UnknownFields};
