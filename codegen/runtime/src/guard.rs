//! What the client holds a server to: requests, credentials and bodies stay
//! on the base URL's origin, answers stay under size limits, and a timeout
//! that runs out is reported as one.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use reqwest::{redirect, Url};

use crate::error::{Error, SizeLimit};
use crate::sse::{EventDecoder, DEFAULT_MAX_EVENT, DEFAULT_MAX_EVENT_LINE};

/// The default limit on the body of a unary answer (a success or an error): 64 MiB.
pub const DEFAULT_MAX_BODY: usize = 64 * 1024 * 1024;
/// The default limit on opening a connection (TCP and TLS): 10 s.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The default longest wait for an answer's first bytes, and then between
/// its bytes: 5 min. Streams may last longer as long as bytes keep coming.
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(300);

/// Size limits on what is read from the server.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Limits {
    pub body: usize,
    pub event_line: usize,
    pub event: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            body: DEFAULT_MAX_BODY,
            event_line: DEFAULT_MAX_EVENT_LINE,
            event: DEFAULT_MAX_EVENT,
        }
    }
}

impl Limits {
    /// An event decoder with these limits.
    pub fn event_decoder(&self) -> EventDecoder {
        EventDecoder::with_limits(self.event_line, self.event)
    }
}

/// The timeouts in force for a call, to tell which one ran out.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Timeouts {
    /// Opening a connection; `None` when the caller configured the HTTP client.
    pub connect: Option<Duration>,
    /// Waiting for bytes; `None` when the caller configured the HTTP client.
    pub read: Option<Duration>,
    /// The whole attempt, when the call set one.
    pub call: Option<Duration>,
}

impl Timeouts {
    /// Maps a reqwest error: a timeout that ran out (connecting, waiting
    /// for bytes, the whole attempt), a redirect refused by
    /// [`same_origin_redirects`], or another transport failure.
    pub fn classify(&self, method_id: &'static str, error: reqwest::Error) -> Error {
        if let Some(refused) = find_source::<RefusedRedirect>(&error) {
            return Error::CrossOrigin {
                method_id,
                via: "a redirect",
                origin: refused.0.clone(),
            };
        }
        if !error.is_timeout() {
            return Error::Transport(error);
        }
        // When both could have run out, the shorter one did first.
        let after = if error.is_connect() {
            self.connect
        } else {
            self.call.into_iter().chain(self.read).min()
        };
        Error::Timeout { method_id, after }
    }
}

fn find_source<'e, E: std::error::Error + 'static>(
    error: &'e (dyn std::error::Error + 'static),
) -> Option<&'e E> {
    let mut source = error.source();
    while let Some(inner) = source {
        if let Some(found) = inner.downcast_ref::<E>() {
            return Some(found);
        }
        source = inner.source();
    }
    None
}

/// The origin a redirect pointed to, when it was not the base URL's.
#[derive(Debug)]
struct RefusedRedirect(String);

impl fmt::Display for RefusedRedirect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "refused a redirect to another origin ({})", self.0)
    }
}

impl std::error::Error for RefusedRedirect {}

/// A redirect policy that follows redirects within `base`'s origin (at most
/// ten, as reqwest's default does) and refuses one to any other origin, so
/// that neither a credential header nor a request body is sent there.
pub(crate) fn same_origin_redirects(base: &Url) -> redirect::Policy {
    let base = base.clone();
    redirect::Policy::custom(move |attempt| {
        if attempt.url().origin() == base.origin() {
            redirect::Policy::default().redirect(attempt)
        } else {
            let origin = attempt.url().origin().ascii_serialization();
            attempt.error(RefusedRedirect(origin))
        }
    })
}

/// Refuses `url` (an upload session's URL, or where a response came from)
/// when it is not on `base`'s origin.
pub(crate) fn same_origin(
    method_id: &'static str,
    via: &'static str,
    base: &Url,
    url: &Url,
) -> Result<(), Error> {
    if url.origin() == base.origin() {
        return Ok(());
    }
    Err(Error::CrossOrigin {
        method_id,
        via,
        origin: url.origin().ascii_serialization(),
    })
}

/// Reads a whole body, stopping as soon as it is longer than `limit` bytes
/// (before reading anything when its `Content-Length` says so).
pub(crate) async fn read_body(
    method_id: &'static str,
    mut response: reqwest::Response,
    limit: usize,
    timeouts: &Timeouts,
) -> Result<Bytes, Error> {
    let too_large = || Error::TooLarge {
        method_id,
        limit: SizeLimit::Body(limit),
    };
    let announced = response.content_length().unwrap_or(0);
    let announced = usize::try_from(announced).map_err(|_| too_large())?;
    if announced > limit {
        return Err(too_large());
    }
    let mut body = Vec::with_capacity(announced);
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|error| timeouts.classify(method_id, error))?
    {
        if chunk.len() > limit - body.len() {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Bytes::from(body))
}
