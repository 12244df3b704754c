//! How much a server takes from one request, and how long it waits for it.

use std::time::Duration;

/// The limits a generated server puts on each request. The defaults suit
/// an API server on the open network; change them with the `with_…` methods.
///
/// | limit | default | when it is passed |
/// |---|---|---|
/// | [`body_limit`](Self::body_limit) | 64 MiB | 413, before reading when `Content-Length` says so |
/// | [`header_timeout`](Self::header_timeout) | 30 s | the connection is closed |
/// | [`body_timeout`](Self::body_timeout) | 60 s | 408, and the connection is closed |
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServerLimits {
    /// The largest request body, in bytes.
    pub body_limit: usize,
    /// How long a client may take to send the headers of a request, from
    /// its first byte (only with [`serve`](super::serve)).
    pub header_timeout: Duration,
    /// How long a client may take to send a request's whole body, once the
    /// method is known and the request authorized.
    pub body_timeout: Duration,
}

impl Default for ServerLimits {
    fn default() -> Self {
        Self {
            body_limit: 64 * 1024 * 1024,
            header_timeout: Duration::from_secs(30),
            body_timeout: Duration::from_secs(60),
        }
    }
}

impl ServerLimits {
    /// The same limits with another largest body, in bytes.
    pub fn with_body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// The same limits with another time to send the headers.
    pub fn with_header_timeout(mut self, timeout: Duration) -> Self {
        self.header_timeout = timeout;
        self
    }

    /// The same limits with another time to send the body.
    pub fn with_body_timeout(mut self, timeout: Duration) -> Self {
        self.body_timeout = timeout;
        self
    }
}
