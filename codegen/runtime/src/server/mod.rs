//! The server side of an API described by a spec: finding which method a
//! request is for, turning the request back into the request message by the
//! same transcoding rules the client uses, and answering errors in the API's
//! JSON error shape. Generated servers (see the `apigen-macros` crate) are
//! thin code on top of this.

use std::fmt;

use serde_json::Value;

use crate::binding::Binding;
use crate::json::{self, Message};
use crate::path_template::PathTemplate;
use crate::status::{Code, Detail, ErrorBody, ErrorInfo, RetryInfo, Status};

mod authorize;
mod body;
mod decode;
mod limits;
mod query;
mod serve;
mod upload;

pub use authorize::AuthorizeRequest;
pub use body::read_request_body;
pub use decode::decode_request;
pub use limits::ServerLimits;
pub use serve::serve;
pub use upload::{
    names_upload_session, upload_error_response, UploadOptions, UploadSessions, UploadedMedia,
    DEFAULT_CHUNK_GRANULARITY, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_SESSIONS,
    DEFAULT_MAX_SESSION_BYTES, DEFAULT_MAX_TOTAL_BYTES,
};

/// An error a server answers with: an HTTP status and a typed
/// [`Status`], sent as `{"error": {"code", "message", "status", "details"}}`.
#[derive(Clone, Debug, PartialEq)]
pub struct ServerError {
    /// The HTTP status.
    pub code: u16,
    /// The canonical code, the message for people and the typed details
    /// (boxed: errors travel in `Result`s and should stay small).
    pub status: Box<Status>,
    /// In a stream: cut the connection rather than send an error event.
    cut: bool,
}

impl ServerError {
    fn new(http_status: u16, code: Code, message: impl Into<String>) -> Self {
        Self {
            code: http_status,
            status: Box::new(Status::new(code, message)),
            cut: false,
        }
    }

    /// An error answering `status` with the HTTP status its code usually travels with.
    pub fn from_status(status: Status) -> Self {
        Self {
            code: status.code.http_status(),
            status: Box::new(status),
            cut: false,
        }
    }

    /// A dropped connection, to test how clients cope: a stream that meets
    /// it stops without its closing chunk, as when a network link fails. As
    /// a whole answer (before a stream starts) it is 503 UNAVAILABLE.
    pub fn connection_cut(message: impl Into<String>) -> Self {
        Self {
            cut: true,
            ..Self::unavailable(message)
        }
    }

    /// Whether this error cuts the connection (see [`ServerError::connection_cut`]).
    pub fn is_connection_cut(&self) -> bool {
        self.cut
    }

    /// The same error with one more typed detail.
    pub fn with_detail(mut self, detail: Detail) -> Self {
        self.status.details.push(detail);
        self
    }

    /// The same error with a `RetryInfo` detail asking clients to wait `delay`.
    pub fn with_retry_info(self, delay: impl Into<crate::Duration>) -> Self {
        self.with_detail(Detail::RetryInfo(RetryInfo {
            retry_delay: Some(delay.into()),
            ..RetryInfo::default()
        }))
    }

    /// The same error with an `ErrorInfo` detail giving its `reason` in `domain`.
    pub fn with_error_info(self, reason: impl Into<String>, domain: impl Into<String>) -> Self {
        self.with_detail(Detail::ErrorInfo(ErrorInfo {
            reason: reason.into(),
            domain: domain.into(),
            ..ErrorInfo::default()
        }))
    }

    /// 400 INVALID_ARGUMENT.
    pub fn invalid_argument(message: impl Into<String>) -> Self {
        Self::new(400, Code::InvalidArgument, message)
    }

    /// 400 FAILED_PRECONDITION.
    pub fn failed_precondition(message: impl Into<String>) -> Self {
        Self::new(400, Code::FailedPrecondition, message)
    }

    /// 403 PERMISSION_DENIED.
    pub fn permission_denied(message: impl Into<String>) -> Self {
        Self::new(403, Code::PermissionDenied, message)
    }

    /// 401 UNAUTHENTICATED.
    pub fn unauthenticated(message: impl Into<String>) -> Self {
        Self::new(401, Code::Unauthenticated, message)
    }

    /// 429 RESOURCE_EXHAUSTED.
    pub fn resource_exhausted(message: impl Into<String>) -> Self {
        Self::new(429, Code::ResourceExhausted, message)
    }

    /// 503 UNAVAILABLE.
    pub fn unavailable(message: impl Into<String>) -> Self {
        Self::new(503, Code::Unavailable, message)
    }

    /// 404 NOT_FOUND.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(404, Code::NotFound, message)
    }

    /// 405 for a known path with another verb.
    pub fn method_not_allowed(message: impl Into<String>) -> Self {
        Self::new(405, Code::Unimplemented, message)
    }

    /// 409 ALREADY_EXISTS.
    pub fn already_exists(message: impl Into<String>) -> Self {
        Self::new(409, Code::AlreadyExists, message)
    }

    /// 500 INTERNAL.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(500, Code::Internal, message)
    }

    /// 501 UNIMPLEMENTED, for a method the server does not provide.
    pub fn unimplemented(method_id: &str) -> Self {
        Self::new(
            501,
            Code::Unimplemented,
            format!("{method_id} is not implemented by this server"),
        )
    }

    /// The JSON error body, written from the typed status.
    pub fn error_body(&self) -> ErrorBody {
        ErrorBody {
            http_code: i32::from(self.code),
            status: Status::clone(&self.status),
        }
    }

    /// The JSON error body as a value.
    pub fn body(&self) -> Value {
        self.error_body().to_value()
    }
}

impl fmt::Display for ServerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.code, self.status.code, self.status.message
        )
    }
}

impl std::error::Error for ServerError {}

/// The methods of an API with their parsed templates, for matching requests.
#[derive(Debug)]
pub struct Routes {
    entries: Vec<(&'static Binding, &'static PathTemplate)>,
}

/// Path variables of a matched request: each field path (JSON names) and its decoded value.
pub type Captures = Vec<(Vec<String>, String)>;

/// The outcome of matching a request against [`Routes`].
#[derive(Debug, PartialEq)]
pub enum RouteMatch {
    /// The method at this index, with each path variable's field path and value.
    Found {
        /// Index of the binding in the list given to [`Routes::new`].
        index: usize,
        /// Path variables: field path (JSON names) and decoded value.
        captures: Captures,
    },
    /// The path is known, but not with this verb; these verbs are.
    MethodNotAllowed(Vec<&'static str>),
    /// No method has this path.
    NotFound,
}

impl Routes {
    /// Parses every binding's template.
    ///
    /// # Panics
    ///
    /// When a template does not parse; generated code only passes templates
    /// that the generator already checked.
    pub fn new(bindings: &[&'static Binding]) -> Self {
        let entries = bindings
            .iter()
            .map(|binding| {
                let template = binding
                    .path
                    .parsed()
                    .unwrap_or_else(|error| panic!("{}: {error}", binding.method_id));
                (*binding, template)
            })
            .collect();
        Self { entries }
    }

    /// Finds the method for `verb` and `path` (still percent-encoded). When
    /// several templates fit, the most specific wins: one with a custom verb,
    /// then the one with more literal segments.
    pub fn find(&self, verb: &str, path: &str) -> RouteMatch {
        let mut best: Option<(usize, (bool, usize), Captures)> = None;
        let mut allowed = Vec::new();
        for (index, (binding, template)) in self.entries.iter().enumerate() {
            let Some(captures) = template.match_path(path) else {
                continue;
            };
            if !binding.verb.as_str().eq_ignore_ascii_case(verb) {
                allowed.push(binding.verb.as_str());
                continue;
            }
            let specificity = (template.verb().is_some(), literal_segments(template));
            if best
                .as_ref()
                .is_none_or(|(_, current, _)| specificity > *current)
            {
                let captures = captures
                    .into_iter()
                    .map(|(variable, value)| (variable.field_path.clone(), value))
                    .collect();
                best = Some((index, specificity, captures));
            }
        }
        match best {
            Some((index, _, captures)) => RouteMatch::Found { index, captures },
            None if !allowed.is_empty() => {
                allowed.sort_unstable();
                allowed.dedup();
                RouteMatch::MethodNotAllowed(allowed)
            }
            None => RouteMatch::NotFound,
        }
    }
}

fn literal_segments(template: &PathTemplate) -> usize {
    use crate::path_template::{PatternSegment, Segment};
    template
        .segments()
        .iter()
        .map(|segment| match segment {
            Segment::Literal(_) => 1,
            Segment::Variable(variable) => variable
                .pattern
                .iter()
                .filter(|p| matches!(p, PatternSegment::Literal(_)))
                .count(),
        })
        .sum()
}

/// The web framework generated servers are built on, re-exported so that a
/// crate using them needs no direct dependency on it.
pub use axum;

/// Decodes the request for `binding`, calls the method, and answers its
/// result as JSON or as an API error.
pub async fn handle<Req, Resp, Fut>(
    binding: &Binding,
    captures: Captures,
    query: &str,
    body: &[u8],
    call: impl FnOnce(Req) -> Fut,
) -> axum::response::Response
where
    Req: Message,
    Resp: Message,
    Fut: std::future::Future<Output = Result<Resp, ServerError>>,
{
    match decode_request(binding, captures, query, body) {
        Ok(request) => match call(request).await {
            Ok(answer) => message_response(&answer),
            Err(error) => error_response(&error),
        },
        Err(error) => error_response(&error),
    }
}

/// Like [`handle`], for a server-streaming method: the answer is an event stream.
pub async fn handle_stream<Req, Resp, Fut>(
    binding: &Binding,
    captures: Captures,
    query: &str,
    body: &[u8],
    call: impl FnOnce(Req) -> Fut,
) -> axum::response::Response
where
    Req: Message,
    Resp: Message + Send + 'static,
    Fut: std::future::Future<Output = Result<ServerStream<Resp>, ServerError>>,
{
    match decode_request(binding, captures, query, body) {
        Ok(request) => match call(request).await {
            Ok(stream) => stream_response(stream),
            Err(error) => error_response(&error),
        },
        Err(error) => error_response(&error),
    }
}

/// A stream of messages a server-streaming method answers with.
pub type ServerStream<T> =
    std::pin::Pin<Box<dyn futures_core::Stream<Item = Result<T, ServerError>> + Send>>;

/// Answers `error` in the API's JSON error shape.
pub fn error_response(error: &ServerError) -> axum::response::Response {
    let status = axum::http::StatusCode::from_u16(error.code)
        .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
    json_response(status, error.error_body().to_json())
}

fn json_response(status: axum::http::StatusCode, body: String) -> axum::response::Response {
    let mut response = axum::response::Response::new(axum::body::Body::from(body));
    *response.status_mut() = status;
    response.headers_mut().insert(
        axum::http::header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static("application/json"),
    );
    response
}

/// Answers a successful message as JSON.
pub fn message_response<T: Message>(message: &T) -> axum::response::Response {
    let mut response = axum::response::Response::new(axum::body::Body::from(json::to_vec(message)));
    response.headers_mut().insert(
        axum::http::header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static("application/json"),
    );
    response
}

/// Answers a stream as server-sent events: one `data:` event per message; an
/// error ends the stream with an `{"error": …}` event, or by cutting the
/// connection when it is [`ServerError::connection_cut`].
pub fn stream_response<T: Message + Send + 'static>(
    stream: ServerStream<T>,
) -> axum::response::Response {
    use futures_util::StreamExt;
    // Everything up to and including the first error.
    let events = stream
        .scan(false, |failed, item| {
            let next = (!*failed).then(|| {
                *failed = item.is_err();
                item
            });
            std::future::ready(next)
        })
        .then(|item| async move {
            let data = match item {
                Ok(message) => json::to_string(&message),
                Err(error) if error.cut => {
                    // Let the events before the cut go out first: the
                    // connection writes what it holds while the body waits.
                    yield_once().await;
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::ConnectionAborted,
                        error.status.message,
                    ));
                }
                Err(error) => error.error_body().to_json(),
            };
            Ok(bytes::Bytes::from(format!("data: {data}\n\n")))
        });
    let mut response = axum::response::Response::new(axum::body::Body::from_stream(events));
    response.headers_mut().insert(
        axum::http::header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static("text/event-stream"),
    );
    response
}

/// Waits once: pending on the first poll (asking to be polled again at once), ready on the next.
async fn yield_once() {
    let mut waited = false;
    std::future::poll_fn(|context| {
        if waited {
            return std::task::Poll::Ready(());
        }
        waited = true;
        context.waker().wake_by_ref();
        std::task::Poll::Pending
    })
    .await
}

/// The answer for a request that matched no method: 404, or 405 with `Allow`.
pub fn unrouted_response(outcome: RouteMatch, verb: &str, path: &str) -> axum::response::Response {
    match outcome {
        RouteMatch::MethodNotAllowed(allowed) => {
            let mut response = error_response(&ServerError::method_not_allowed(format!(
                "{verb} is not allowed on {path}"
            )));
            if let Ok(value) = axum::http::HeaderValue::from_str(&allowed.join(", ")) {
                response
                    .headers_mut()
                    .insert(axum::http::header::ALLOW, value);
            }
            response
        }
        _ => error_response(&ServerError::not_found(format!(
            "no method answers {verb} {path}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::binding::{Body, LazyTemplate};
    use crate::json::Mode;
    use crate::Verb;

    static GET: Binding = Binding {
        method_id: "shelves.get",
        verb: Verb::Get,
        path: LazyTemplate::new("/v1beta/{name=shelves/*}"),
        body: Body::None,
        idempotent: true,
    };
    static QUERY: Binding = Binding {
        method_id: "shelves.query",
        verb: Verb::Post,
        path: LazyTemplate::new("/v1beta/{name=shelves/*}:query"),
        body: Body::All,
        idempotent: true,
    };
    static PATCH: Binding = Binding {
        method_id: "shelves.patch",
        verb: Verb::Patch,
        path: LazyTemplate::new("/v1beta/{shelf.name=shelves/*}"),
        body: Body::Field("shelf"),
        idempotent: false,
    };
    static LIST: Binding = Binding {
        method_id: "shelves.books.list",
        verb: Verb::Get,
        path: LazyTemplate::new("/v1beta/{parent=shelves/*}/books"),
        body: Body::None,
        idempotent: true,
    };

    fn routes() -> Routes {
        Routes::new(&[&GET, &QUERY, &PATCH, &LIST])
    }

    #[test]
    fn custom_verbs_and_literals_reach_the_right_method() {
        let routes = routes();
        assert_eq!(
            routes.find("GET", "/v1beta/shelves/a"),
            RouteMatch::Found {
                index: 0,
                captures: vec![(vec!["name".into()], "shelves/a".into())]
            }
        );
        assert!(matches!(
            routes.find("POST", "/v1beta/shelves/a:query"),
            RouteMatch::Found { index: 1, .. }
        ));
        assert!(matches!(
            routes.find("GET", "/v1beta/shelves/a/books"),
            RouteMatch::Found { index: 3, .. }
        ));
        assert_eq!(
            routes.find("DELETE", "/v1beta/shelves/a"),
            RouteMatch::MethodNotAllowed(vec!["GET", "PATCH"])
        );
        assert_eq!(routes.find("GET", "/v1beta/files/a"), RouteMatch::NotFound);
        assert_eq!(
            routes.find("POST", "/v1beta/shelves/a:unknownVerb"),
            RouteMatch::NotFound
        );
    }

    /// A hand-written message, as the generator would write it.
    #[derive(Debug, Default, PartialEq)]
    struct Shelf {
        name: String,
        display_name: String,
        unknown_fields: crate::UnknownFields,
    }

    impl Message for Shelf {
        const PROTO_NAMES: &'static [(&'static str, &'static str)] =
            &[("display_name", "displayName")];

        fn decode_field<'a>(
            &mut self,
            name: &str,
            value: json::Node<'a>,
            mode: Mode,
        ) -> Result<Option<json::Node<'a>>, json::DecodeError> {
            match name {
                "name" => json::field::<json::Str>(&mut self.name, value, mode)?,
                "displayName" => json::field::<json::Str>(&mut self.display_name, value, mode)?,
                _ => return Ok(Some(value)),
            }
            Ok(None)
        }

        fn encode_fields<W: json::FieldWriter>(&self, out: &mut W) {
            out.field::<json::Str>("name", &self.name);
            out.field::<json::Str>("displayName", &self.display_name);
        }

        fn unknown_fields(&self) -> Option<&crate::UnknownFields> {
            Some(&self.unknown_fields)
        }

        fn unknown_fields_mut(&mut self) -> Option<&mut crate::UnknownFields> {
            Some(&mut self.unknown_fields)
        }
    }

    #[derive(Debug, Default, PartialEq)]
    struct Update {
        shelf: Option<Shelf>,
        update_mask: Option<crate::FieldMask>,
        unknown_fields: crate::UnknownFields,
    }

    impl Message for Update {
        const PROTO_NAMES: &'static [(&'static str, &'static str)] =
            &[("update_mask", "updateMask")];

        fn decode_field<'a>(
            &mut self,
            name: &str,
            value: json::Node<'a>,
            mode: Mode,
        ) -> Result<Option<json::Node<'a>>, json::DecodeError> {
            match name {
                "shelf" => {
                    json::field::<json::Opt<json::Msg<Shelf>>>(&mut self.shelf, value, mode)?
                }
                "updateMask" => {
                    json::field::<json::Opt<crate::FieldMask>>(&mut self.update_mask, value, mode)?
                }
                _ => return Ok(Some(value)),
            }
            Ok(None)
        }

        fn encode_fields<W: json::FieldWriter>(&self, out: &mut W) {
            out.field::<json::Opt<json::Msg<Shelf>>>("shelf", &self.shelf);
            out.field::<json::Opt<crate::FieldMask>>("updateMask", &self.update_mask);
        }

        fn unknown_fields(&self) -> Option<&crate::UnknownFields> {
            Some(&self.unknown_fields)
        }

        fn unknown_fields_mut(&mut self) -> Option<&mut crate::UnknownFields> {
            Some(&mut self.unknown_fields)
        }
    }

    #[test]
    fn rebuilds_a_request_from_path_query_and_body_field() {
        let RouteMatch::Found { index, captures } = routes().find("PATCH", "/v1beta/shelves/c%201")
        else {
            panic!("no route")
        };
        assert_eq!(index, 2);
        let request: Update = decode_request(
            &PATCH,
            captures,
            "updateMask=displayName",
            br#"{"displayName": "New"}"#,
        )
        .unwrap();
        assert_eq!(
            request,
            Update {
                shelf: Some(Shelf {
                    name: "shelves/c 1".into(),
                    display_name: "New".into(),
                    ..Shelf::default()
                }),
                update_mask: Some(crate::FieldMask::new(["display_name"])),
                ..Update::default()
            }
        );
    }

    #[test]
    fn bad_input_is_invalid_argument() {
        let captures = || vec![(vec!["name".to_owned()], "shelves/a".to_owned())];
        let error = decode_request::<Shelf>(&QUERY, captures(), "", b"{not json").unwrap_err();
        assert_eq!(
            (error.code, &error.status.code),
            (400, &Code::InvalidArgument)
        );
        assert!(
            decode_request::<Shelf>(&GET, captures(), "", br#"{"name": "x"}"#).is_err(),
            "GET takes no body"
        );
        assert_eq!(
            ServerError::unimplemented("x.y").body()["error"]["code"],
            501
        );
        let error = decode_request::<Update>(&PATCH, captures(), "shelf.bogus=1", b"").unwrap_err();
        assert_eq!(
            error.status.message,
            "invalid query parameter `shelf.bogus`: the request has no such field"
        );
        let error =
            decode_request::<Shelf>(&QUERY, captures(), "", br#"{"displayName": 5}"#).unwrap_err();
        assert_eq!(
            error.status.message,
            "invalid request: displayName: expected a string, found a number"
        );
    }

    #[test]
    fn an_empty_object_or_whitespace_is_no_body() {
        let captures = || vec![(vec!["name".to_owned()], "shelves/a".to_owned())];
        for body in [&b"{}"[..], b" { }\n", b"", b" \r\n"] {
            let request: Shelf = decode_request(&GET, captures(), "", body).unwrap();
            assert_eq!(request.name, "shelves/a");
        }
        assert!(decode_request::<Shelf>(&GET, captures(), "", b"[]").is_err());
    }

    #[test]
    fn errors_carry_typed_details() {
        let body = ServerError::resource_exhausted("slow down")
            .with_retry_info(std::time::Duration::from_secs(30))
            .body();
        assert_eq!(body["error"]["status"], "RESOURCE_EXHAUSTED");
        assert_eq!(
            body["error"]["details"][0]["@type"],
            "type.googleapis.com/google.rpc.RetryInfo"
        );
        assert_eq!(body["error"]["details"][0]["retryDelay"], "30s");

        let error = ServerError::from_status(Status::new(Code::NotFound, "gone"))
            .with_error_info("GONE", "example.com");
        assert_eq!(error.code, 404);
        assert_eq!(
            error.body(),
            serde_json::json!({"error": {"code": 404, "message": "gone", "status": "NOT_FOUND",
                "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo",
                             "reason": "GONE", "domain": "example.com"}]}})
        );
        assert_eq!(
            ServerError::invalid_argument("x").error_body().to_json(),
            r#"{"error":{"code":400,"message":"x","status":"INVALID_ARGUMENT"}}"#
        );
    }
}
