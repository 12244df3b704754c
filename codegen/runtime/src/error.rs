//! The one error type every generated method returns.

use std::fmt;

use crate::status::{Code, Detail, ErrorBody, Status};

/// Everything that can go wrong when calling the API.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request was refused before sending, e.g. a resource name that does
    /// not fit its path template. Nothing reached the network.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// The server answered with a non-success status.
    #[error(transparent)]
    Api(Box<ApiError>),
    /// The connection failed or broke.
    #[error("transport error: {0}")]
    Transport(#[source] reqwest::Error),
    /// An attempt took longer than the timeout.
    #[error("{method_id} timed out{}", after.map(|after| format!(" after {after:?}")).unwrap_or_default())]
    Timeout {
        /// The REST method id.
        method_id: &'static str,
        /// The timeout that ran out, when one was set.
        after: Option<std::time::Duration>,
    },
    /// Credentials could not be had (e.g. the token source failed).
    #[error("authentication: {0}")]
    Auth(String),
    /// No credentials were given and none were found where the API's spec
    /// says to look; nothing was sent. Give them to the builder (`api_key`,
    /// `token_source`), or call `without_credentials` for a server that
    /// needs none.
    #[error("no credentials found (looked in: {}); give them to the client builder (`api_key`, `token_source`), or call `without_credentials` for a server that needs none", if looked.is_empty() { "nowhere: the API names no variable".to_owned() } else { looked.join(", ") })]
    NoCredentials {
        /// Each place looked in: `$LIBRARY_API_KEY`, a file, the metadata server.
        looked: Vec<String>,
    },
    /// A long-running operation finished with an error.
    #[error("operation {operation} failed: {}", error.status.message)]
    OperationFailed {
        /// The operation's name.
        operation: String,
        /// What the operation reported, as its typed `status`.
        error: Box<ApiError>,
    },
    /// The server answered with a body that is not the expected JSON.
    #[error(
        "could not decode the response of {method_id}: {message}; the body starts with {snippet:?}"
    )]
    Decode {
        /// The REST method id.
        method_id: &'static str,
        /// What the decoder said.
        message: String,
        /// The first bytes of the body, for context.
        snippet: String,
    },
    /// The server's answer decoded but breaks the protocol (e.g. a paging loop).
    #[error("invalid response: {0}")]
    InvalidResponse(String),
    /// The client could not be built from the given settings.
    #[error("client configuration: {0}")]
    Config(String),
    /// The server sent the client to another origin (a redirect, or the URL
    /// of an upload session), which it refuses: credentials and request
    /// bodies only go to the base URL's origin. Nothing was sent there.
    #[error("{method_id}: refused to follow {via} to another origin ({origin})")]
    CrossOrigin {
        /// The REST method id.
        method_id: &'static str,
        /// What pointed there: `"a redirect"` or `"an upload URL"`.
        via: &'static str,
        /// The other origin, e.g. `https://elsewhere.example:8443`.
        origin: String,
    },
    /// The answer went over one of the client's size limits; reading stopped there.
    #[error("{method_id}: {limit}")]
    TooLarge {
        /// The REST method id.
        method_id: &'static str,
        /// The limit that was reached.
        limit: SizeLimit,
    },
}

/// A size limit on what the client reads from the server, with its value in bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SizeLimit {
    /// The body of a unary answer (a success or an error).
    Body(usize),
    /// One line of an event stream.
    EventLine(usize),
    /// One event of an event stream (its `data:` lines together).
    Event(usize),
}

impl fmt::Display for SizeLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (what, limit) = match self {
            SizeLimit::Body(limit) => ("the response body", limit),
            SizeLimit::EventLine(limit) => ("an event-stream line", limit),
            SizeLimit::Event(limit) => ("an event-stream event", limit),
        };
        write!(f, "{what} is longer than the limit of {limit} bytes")
    }
}

impl Error {
    /// The API error, when the server answered with one.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api(error) => Some(error),
            _ => None,
        }
    }

    /// The API error of a refused call or a failed operation: what carries a [`Status`].
    fn status_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api(error) | Error::OperationFailed { error, .. } => Some(error),
            _ => None,
        }
    }

    /// The typed `google.rpc.Status` of a refused call or a failed operation.
    pub fn status(&self) -> Option<&Status> {
        self.status_error().map(|error| &error.status)
    }

    /// The canonical code of a refused call or a failed operation.
    pub fn code(&self) -> Option<&Code> {
        self.status().map(|status| &status.code)
    }

    /// The typed details of a refused call or a failed operation (none otherwise).
    pub fn details(&self) -> &[Detail] {
        self.status().map_or(&[], |status| &status.details)
    }

    /// The `reason` of the first `ErrorInfo` detail, e.g. `API_KEY_INVALID`.
    pub fn reason(&self) -> Option<&str> {
        Some(self.status()?.error_info()?.reason.as_str())
    }

    /// The HTTP status, when the server answered with an error.
    pub fn http_status(&self) -> Option<u16> {
        self.api_error().map(|error| error.http_status)
    }

    /// The wait the server asked for before trying again (`Retry-After` or
    /// a `RetryInfo` detail), when it answered with an error that has one.
    /// A call whose asked wait passes the retry policy's `max_server_delay`
    /// or its deadline ends at once with this error.
    pub fn retry_delay(&self) -> Option<std::time::Duration> {
        self.api_error().and_then(ApiError::retry_delay)
    }

    /// Whether the failure is transient (a dropped connection, a timeout, 429
    /// or a 5xx the API retries), so trying again later may succeed.
    pub fn is_retryable(&self) -> bool {
        const TRANSIENT: crate::RetryPolicy = crate::RetryPolicy {
            retryable_statuses: &[408, 429, 500, 502, 503, 504],
            ..crate::RetryPolicy::NONE
        };
        TRANSIENT.is_transient(self)
    }

    /// Whether the server said the resource does not exist (HTTP 404).
    pub fn is_not_found(&self) -> bool {
        self.http_status() == Some(404)
    }

    pub(crate) fn decode(method_id: &'static str, error: impl fmt::Display, body: &[u8]) -> Self {
        Error::Decode {
            method_id,
            message: error.to_string(),
            snippet: snippet(body),
        }
    }
}

/// The first bytes of a body as text, cut at a character boundary.
pub(crate) fn snippet(body: &[u8]) -> String {
    const LIMIT: usize = 200;
    let text = String::from_utf8_lossy(&body[..body.len().min(LIMIT)]);
    let mut text = text.into_owned();
    if body.len() > LIMIT {
        text.push('…');
    }
    text
}

/// An error answered by the API, or reported by a failed operation: the
/// HTTP status plus the typed `google.rpc.Status` of the body
/// `{"error": {"code", "message", "status", "details"}}`.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    /// The HTTP status code (0 for a failed operation).
    pub http_status: u16,
    /// The REST method id of the call that failed.
    pub method_id: &'static str,
    /// The number in the body's `code`: the HTTP status in an error answer,
    /// the canonical code in a failed operation.
    pub code: i32,
    /// The status: canonical code, message and typed details.
    pub status: Status,
    /// The raw body when it was not the API's JSON error shape (e.g. a proxy's HTML page).
    pub raw_body: Option<String>,
    /// The wait asked for by a `Retry-After` header, if the answer had one.
    pub retry_after: Option<std::time::Duration>,
}

impl ApiError {
    /// Decodes an error response. A body that is not the API's error JSON is
    /// kept (shortened) in `raw_body`, with the code the HTTP status stands for.
    pub fn from_response(method_id: &'static str, http_status: u16, body: &[u8]) -> Self {
        let (code, status, raw_body) = match ErrorBody::decode(body) {
            Ok(body) => (body.http_code, body.status, None),
            Err(_) => (
                i32::from(http_status),
                Status::new(Code::from_http_status(http_status), ""),
                Some(snippet(body)),
            ),
        };
        ApiError {
            http_status,
            method_id,
            code,
            status,
            raw_body,
            retry_after: None,
        }
    }

    /// The error a failed operation reported.
    pub(crate) fn from_operation(method_id: &'static str, status: Status) -> Self {
        ApiError {
            http_status: 0,
            method_id,
            code: status.code.number().unwrap_or_default(),
            status,
            raw_body: None,
            retry_after: None,
        }
    }

    /// The wait the server asked for: its `Retry-After` header, else a
    /// `google.rpc.RetryInfo` detail.
    pub fn retry_delay(&self) -> Option<std::time::Duration> {
        self.retry_after.or_else(|| self.status.retry_delay())
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} failed with HTTP {}",
            self.method_id, self.http_status
        )?;
        if self.raw_body.is_none() {
            write!(f, " {}", self.status.code)?;
        }
        if !self.status.message.is_empty() {
            write!(f, ": {}", self.status.message)?;
        }
        if let Some(raw) = &self.raw_body {
            write!(f, " (body: {raw:?})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_the_api_error_shape() {
        let body = br#"{"error":{"code":400,"message":"bad","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.BadRequest","fieldViolations":[{"field":"x"}]}]}}"#;
        let error = ApiError::from_response("models.get", 400, body);
        assert_eq!(error.status.code, Code::InvalidArgument);
        assert!(matches!(
            &error.status.details[0],
            Detail::BadRequest(request) if request.field_violations[0].field == "x"
        ));
        assert_eq!(
            error.to_string(),
            "models.get failed with HTTP 400 INVALID_ARGUMENT: bad"
        );
    }

    #[test]
    fn keeps_a_body_that_is_not_json() {
        let error = ApiError::from_response("models.get", 502, b"<html>Bad gateway</html>");
        assert_eq!(error.raw_body.as_deref(), Some("<html>Bad gateway</html>"));
        assert_eq!(error.code, 502);
    }
}
