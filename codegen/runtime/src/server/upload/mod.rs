//! The server side of resumable media uploads (see [`crate::upload_protocol`]):
//! a session per upload, bytes appended chunk by chunk at the offset the
//! server reports, and the method called once with the whole media when the
//! client finalizes. Sessions live in memory, bounded by [`UploadOptions`]:
//! idle ones expire, and their number and bytes are capped.
//!
//! Every answer carries `x-goog-upload-status`, errors included (`final`, or
//! `cancelled` when the session is gone): clients such as the official SDKs
//! take an answer without it for a transient failure and send again.

mod options;
mod sessions;

use std::sync::{Mutex, MutexGuard};

use axum::http::{header, request::Parts, HeaderMap, HeaderValue, Method};
use axum::response::Response;
use bytes::Bytes;
use serde_json::Value;

use super::{error_response, unrouted_response, RouteMatch, ServerError};
use crate::json::{self, Message};
use crate::upload_protocol::{self as protocol, Command, Status};
use sessions::{Session, Sessions};

pub use options::{
    UploadOptions, DEFAULT_CHUNK_GRANULARITY, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_SESSIONS,
    DEFAULT_MAX_SESSION_BYTES, DEFAULT_MAX_TOTAL_BYTES,
};

/// The MIME type of media whose type nobody announced.
const UNKNOWN_MIME_TYPE: &str = "application/octet-stream";

/// The media of a finished upload, as a service method receives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UploadedMedia {
    /// The MIME type the client announced.
    pub mime_type: String,
    /// All the bytes.
    pub bytes: Bytes,
}

/// The upload sessions of one upload endpoint.
#[derive(Debug)]
pub struct UploadSessions {
    options: UploadOptions,
    sessions: Mutex<Sessions>,
}

/// What a request leads to: an answer now, or calling the method.
enum Step<Req> {
    Answer(Response),
    Finish {
        /// The session to keep the answer in (none for a raw upload).
        id: Option<String>,
        request: Req,
        media: UploadedMedia,
    },
}

impl UploadSessions {
    /// An endpoint with no sessions yet, bounded by `options`.
    pub fn new(options: UploadOptions) -> Self {
        Self {
            options,
            sessions: Mutex::default(),
        }
    }

    /// Handles one request to the upload path; `call` runs the method once
    /// the client finalizes, with the session's metadata decoded as its request.
    pub async fn handle<Req, Resp, Fut>(
        &self,
        parts: &Parts,
        body: Bytes,
        call: impl FnOnce(Req, UploadedMedia) -> Fut,
    ) -> Response
    where
        Req: Message,
        Resp: Message,
        Fut: std::future::Future<Output = Result<Resp, ServerError>>,
    {
        let (id, request, media) = match self.step(parts, body) {
            Ok(Step::Answer(response)) => return response,
            Ok(Step::Finish { id, request, media }) => (id, request, media),
            Err(error) => return upload_error_response(&error),
        };
        let size = media.bytes.len() as u64;
        let outcome = call(request, media).await;
        let now = (self.options.clock)();
        let mut sessions = self.lock();
        match outcome {
            Ok(done) => {
                let value = json::to_value(&done);
                if let Some(session) = id.as_deref().and_then(|id| sessions.touch(id, now)) {
                    session.done = Some((size, value.clone()));
                }
                answer(Status::Final, size, Some(&value))
            }
            Err(error) => {
                if let Some(id) = &id {
                    sessions.remove(id);
                }
                upload_error_response(&error)
            }
        }
    }

    fn lock(&self) -> MutexGuard<'_, Sessions> {
        self.sessions
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Everything but calling the method.
    fn step<Req: Message>(&self, parts: &Parts, body: Bytes) -> Result<Step<Req>, ServerError> {
        if parts.method != Method::POST {
            return Ok(Step::Answer(unrouted_response(
                RouteMatch::MethodNotAllowed(vec!["POST"]),
                parts.method.as_str(),
                parts.uri.path(),
            )));
        }
        if let Some(id) = upload_id(parts) {
            return self.resume(&id, parts, body);
        }
        let protocol = header_text(&parts.headers, protocol::PROTOCOL).unwrap_or_default();
        if protocol.eq_ignore_ascii_case("resumable") {
            self.start::<Req>(parts, &body).map(Step::Answer)
        } else if protocol.eq_ignore_ascii_case("raw") && self.options.accept_raw {
            self.raw(parts, body)
        } else {
            let accepted = if self.options.accept_raw {
                "resumable or raw"
            } else {
                "resumable"
            };
            Err(ServerError::invalid_argument(format!(
                "an upload starts with the {} header set to {accepted}, not {protocol:?}",
                protocol::PROTOCOL
            )))
        }
    }

    /// `start`: checks the metadata and opens a session.
    fn start<Req: Message>(&self, parts: &Parts, body: &[u8]) -> Result<Response, ServerError> {
        if commands(&parts.headers)? != [Command::Start] {
            return Err(ServerError::invalid_argument(format!(
                "a resumable upload begins with {}: start",
                protocol::COMMAND
            )));
        }
        let declared = declared_length(&parts.headers)?;
        if let Some(declared) = declared {
            self.check_session_bytes(declared)?;
        }
        let mime_type = announced_mime_type(&parts.headers, protocol::HEADER_CONTENT_TYPE);
        let metadata = self.start_metadata::<Req>(body)?;
        let origin = origin(parts)?;
        let now = (self.options.clock)();
        let id = self.open(Session::new(metadata, declared, mime_type, now), now)?;
        self.started_answer(&origin, parts, &id)
    }

    /// The metadata of a `start` request, refused now if the method would
    /// refuse it after all the bytes (or the endpoint's own check does).
    fn start_metadata<Req: Message>(&self, body: &[u8]) -> Result<Value, ServerError> {
        let metadata = if body.iter().all(u8::is_ascii_whitespace) {
            Value::Object(serde_json::Map::new())
        } else {
            json::parse(body, &json::Arena::new())
                .map_err(|error| {
                    ServerError::invalid_argument(format!(
                        "the upload metadata is not JSON: {error}"
                    ))
                })?
                .to_value()
        };
        decode::<Req>(&metadata)?;
        if let Some(check) = &self.options.check_at_start {
            check(&metadata)?;
        }
        Ok(metadata)
    }

    /// Keeps `session`, opened `now`, and returns its id; refused when as
    /// many sessions are open as the endpoint keeps (finished ones give way).
    fn open(&self, session: Session, now: std::time::Instant) -> Result<String, ServerError> {
        let mut sessions = self.lock();
        sessions.sweep(now, self.options.idle_timeout);
        if sessions.len() >= self.options.max_sessions {
            sessions.drop_finished();
        }
        if sessions.len() >= self.options.max_sessions {
            return Err(ServerError::resource_exhausted(format!(
                "{} upload sessions are open, the most this server keeps; finish or cancel \
                 one, or wait: a session expires {:?} after its last request",
                sessions.len(),
                self.options.idle_timeout
            )));
        }
        sessions.open(session, self.options.idle_timeout)
    }

    /// The answer to `start`: the URL of session `id` on `origin` and the
    /// chunk granularity.
    fn started_answer(
        &self,
        origin: &str,
        parts: &Parts,
        id: &str,
    ) -> Result<Response, ServerError> {
        let url = format!(
            "{origin}{}?{}={id}&upload_protocol=resumable",
            parts.uri.path(),
            protocol::UPLOAD_ID
        );
        let url = HeaderValue::from_str(&url)
            .map_err(|_| ServerError::invalid_argument("the Host header is not a host name"))?;
        let mut response = answer(Status::Active, 0, None);
        let headers = response.headers_mut();
        headers.insert(protocol::URL, url.clone());
        headers.insert(protocol::CONTROL_URL, url);
        headers.insert(
            protocol::CHUNK_GRANULARITY,
            HeaderValue::from(self.options.chunk_granularity.max(1)),
        );
        Ok(response)
    }

    /// A command on the open session `id`.
    fn resume<Req: Message>(
        &self,
        id: &str,
        parts: &Parts,
        body: Bytes,
    ) -> Result<Step<Req>, ServerError> {
        let commands = commands(&parts.headers)?;
        let now = (self.options.clock)();
        let mut sessions = self.lock();
        sessions.sweep(now, self.options.idle_timeout);
        let held = sessions.held();
        let Some(session) = sessions.touch(id, now) else {
            return Ok(Step::Answer(session_not_found(id)));
        };
        if commands.contains(&Command::Cancel) {
            sessions.remove(id);
            return Ok(Step::Answer(answer(Status::Cancelled, 0, None)));
        }
        if commands == [Command::Query] {
            return Ok(Step::Answer(query_answer(session)));
        }
        let command = self.chunk_commands(&commands)?;
        if let Some((size, done)) = &session.done {
            if command.upload {
                return Err(ServerError::failed_precondition(format!(
                    "upload session {id:?} is already finalized"
                )));
            }
            return Ok(Step::Answer(answer(Status::Final, *size, Some(done))));
        }
        // Every check comes before the bytes are kept: a refused request changes nothing.
        let total = self.check_addition(&parts.headers, session, held, &body, &command)?;
        let request = (command.finalize)
            .then(|| decode(&session.metadata))
            .transpose()?;
        let mime_type = session.mime_type.clone();
        sessions.append(id, &body);
        let Some(request) = request else {
            return Ok(Step::Answer(answer(Status::Active, total, None)));
        };
        let media = UploadedMedia {
            mime_type,
            bytes: Bytes::from(sessions.take_data(id)),
        };
        Ok(Step::Finish {
            id: Some(id.to_owned()),
            request,
            media,
        })
    }

    /// What a command on a session that neither queries nor cancels does:
    /// refused unless it uploads, finalizes or both (finalize alone only
    /// when the endpoint accepts it).
    fn chunk_commands(&self, commands: &[Command]) -> Result<ChunkCommand, ServerError> {
        let has = |command| commands.contains(&command);
        let (upload, finalize) = (has(Command::Upload), has(Command::Finalize));
        if !(upload || finalize) || has(Command::Start) || has(Command::Query) {
            return Err(ServerError::invalid_argument(format!(
                "{} on a session is upload, \"upload, finalize\", query or cancel",
                protocol::COMMAND
            )));
        }
        if !upload && !self.options.accept_bare_finalize {
            return Err(ServerError::invalid_argument(
                "finalize alone is not accepted: send the last bytes with \"upload, finalize\"",
            ));
        }
        Ok(ChunkCommand { upload, finalize })
    }

    /// Whether the bytes of a request with `command` may be added to
    /// `session`, with the sessions holding `held` bytes together; the bytes
    /// the session then holds.
    fn check_addition(
        &self,
        headers: &HeaderMap,
        session: &Session,
        held: u64,
        body: &[u8],
        command: &ChunkCommand,
    ) -> Result<u64, ServerError> {
        let received = session.data.len() as u64;
        if command.upload {
            self.check_chunk(headers, received, body.len(), command.finalize)?;
        } else if !body.is_empty() {
            return Err(ServerError::invalid_argument(
                "finalize alone takes no bytes; send them with \"upload, finalize\"",
            ));
        }
        let total = received + body.len() as u64;
        self.check_room(session.declared, total, held, body.len(), command.finalize)?;
        Ok(total)
    }

    /// Whether a session may grow to `total` bytes by `added` ones, with the
    /// sessions holding `held` bytes together: within the length it
    /// announced (`declared`, which a `finalize` must reach exactly) and the
    /// endpoint's limits.
    fn check_room(
        &self,
        declared: Option<u64>,
        total: u64,
        held: u64,
        added: usize,
        finalize: bool,
    ) -> Result<(), ServerError> {
        if let Some(declared) = declared.filter(|declared| total > *declared) {
            return Err(ServerError::invalid_argument(format!(
                "the upload would have {total} bytes, more than the {declared} announced"
            )));
        }
        self.check_session_bytes(total)?;
        if held + added as u64 > self.options.max_total_bytes {
            return Err(ServerError::resource_exhausted(format!(
                "the upload sessions hold {held} bytes; {added} more would pass the {} this server \
                 keeps: try again once other uploads finish",
                self.options.max_total_bytes
            )));
        }
        if let Some(declared) = declared.filter(|declared| finalize && total != *declared) {
            return Err(ServerError::invalid_argument(format!(
                "the upload would be finalized after {total} bytes, but {declared} were announced"
            )));
        }
        Ok(())
    }

    /// `raw`: the whole media in one request, without metadata.
    fn raw<Req: Message>(&self, parts: &Parts, body: Bytes) -> Result<Step<Req>, ServerError> {
        self.check_session_bytes(body.len() as u64)?;
        let mime_type = announced_mime_type(&parts.headers, header::CONTENT_TYPE.as_str());
        Ok(Step::Finish {
            id: None,
            request: decode(&Value::Object(serde_json::Map::new()))?,
            media: UploadedMedia {
                mime_type,
                bytes: body,
            },
        })
    }

    /// The offset and size of an `upload` chunk, against the `received` bytes.
    fn check_chunk(
        &self,
        headers: &HeaderMap,
        received: u64,
        len: usize,
        finalize: bool,
    ) -> Result<(), ServerError> {
        let offset = header_text(headers, protocol::OFFSET).ok_or_else(|| {
            ServerError::invalid_argument(format!("the {} header is required", protocol::OFFSET))
        })?;
        let offset: u64 = offset.trim().parse().map_err(|_| {
            ServerError::invalid_argument(format!(
                "{} {offset:?} is not a byte offset",
                protocol::OFFSET
            ))
        })?;
        if offset != received {
            return Err(ServerError::invalid_argument(format!(
                "{} is {offset}, but the server has received {received} bytes",
                protocol::OFFSET
            )));
        }
        let granularity = self.options.chunk_granularity.max(1);
        if !finalize && !len.is_multiple_of(granularity) {
            return Err(ServerError::invalid_argument(format!(
                "a chunk that does not finalize must be a multiple of {granularity} bytes, got {len}"
            )));
        }
        Ok(())
    }

    /// 413 when a session would hold more than it may.
    fn check_session_bytes(&self, bytes: u64) -> Result<(), ServerError> {
        let max = self.options.max_session_bytes;
        if bytes > max {
            return Err(ServerError::new(
                413,
                crate::status::Code::ResourceExhausted,
                format!("the upload would have {bytes} bytes; at most {max} are accepted"),
            ));
        }
        Ok(())
    }
}

/// What a command on a session does with its bytes.
struct ChunkCommand {
    /// It carries bytes to append.
    upload: bool,
    /// It ends the upload.
    finalize: bool,
}

/// The media's length a `start` request announces, if it does.
fn declared_length(headers: &HeaderMap) -> Result<Option<u64>, ServerError> {
    let Some(text) = header_text(headers, protocol::HEADER_CONTENT_LENGTH) else {
        return Ok(None);
    };
    let length = text.trim().parse::<u64>().map_err(|_| {
        ServerError::invalid_argument(format!(
            "{} {text:?} is not a byte count",
            protocol::HEADER_CONTENT_LENGTH
        ))
    })?;
    Ok(Some(length))
}

/// The MIME type announced in the header `name`, or the unknown type when none is.
fn announced_mime_type(headers: &HeaderMap, name: &str) -> String {
    header_text(headers, name)
        .filter(|mime| !mime.is_empty())
        .unwrap_or(UNKNOWN_MIME_TYPE)
        .to_owned()
}

/// The answer to a command on a session that is not open.
fn session_not_found(id: &str) -> Response {
    let error = ServerError::not_found(format!(
        "upload session {id:?} was not found: it never started, was cancelled or expired"
    ));
    with_status(error_response(&error), Status::Cancelled)
}

/// The answer to `query`: the method's answer once finalized, else the bytes received.
fn query_answer(session: &Session) -> Response {
    match &session.done {
        Some((size, done)) => answer(Status::Final, *size, Some(done)),
        None => answer(Status::Active, session.data.len() as u64, None),
    }
}

/// The metadata decoded as the method's request.
fn decode<Req: Message>(metadata: &Value) -> Result<Req, ServerError> {
    json::from_value(metadata).map_err(|error| {
        ServerError::invalid_argument(format!(
            "the upload metadata is not a valid request: {error}"
        ))
    })
}

/// Whether a request names an upload session (`upload_id` in its query)
/// rather than starting an upload. Such a request needs no credentials of
/// its own: the session's id is 128 random bits, known only to the client
/// that started it (the SDKs send chunks without the API key, as Google's
/// servers let them). A request naming no open session answers 404.
pub fn names_upload_session(parts: &Parts) -> bool {
    upload_id(parts).is_some()
}

/// The session a request names with `upload_id` in its query, if any.
fn upload_id(parts: &Parts) -> Option<String> {
    let query = parts.uri.query()?;
    form_urlencoded::parse(query.as_bytes())
        .find(|(name, _)| name == protocol::UPLOAD_ID)
        .map(|(_, id)| id.into_owned())
}

/// The commands of a request.
fn commands(headers: &HeaderMap) -> Result<Vec<Command>, ServerError> {
    let text = header_text(headers, protocol::COMMAND).ok_or_else(|| {
        ServerError::invalid_argument(format!("the {} header is required", protocol::COMMAND))
    })?;
    Command::parse_list(text).map_err(|error| ServerError::invalid_argument(error.to_string()))
}

/// `http://HOST` as the client reached this server.
fn origin(parts: &Parts) -> Result<String, ServerError> {
    header_text(&parts.headers, header::HOST.as_str())
        .or_else(|| parts.uri.authority().map(|authority| authority.as_str()))
        .filter(|host| !host.is_empty())
        .map(|host| format!("http://{host}"))
        .ok_or_else(|| ServerError::invalid_argument("the Host header is required"))
}

fn header_text<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

/// An answer with the upload status, the bytes received and an optional JSON body.
fn answer(status: Status, received: u64, body: Option<&Value>) -> Response {
    let mut response = Response::new(axum::body::Body::from(
        body.map(Value::to_string).unwrap_or_default(),
    ));
    if body.is_some() {
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
    }
    response
        .headers_mut()
        .insert(protocol::SIZE_RECEIVED, HeaderValue::from(received));
    with_status(response, status)
}

/// Answers `error` as an upload answer: the API's JSON error with
/// `x-goog-upload-status: final`, so that clients stop instead of resending.
pub fn upload_error_response(error: &ServerError) -> Response {
    with_status(error_response(error), Status::Final)
}

/// `response` with `x-goog-upload-status: status`.
fn with_status(mut response: Response, status: Status) -> Response {
    response
        .headers_mut()
        .insert(protocol::STATUS, HeaderValue::from_static(status.as_str()));
    response
}
