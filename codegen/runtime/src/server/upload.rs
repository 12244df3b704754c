//! The server side of resumable media uploads (`x-goog-upload-*` headers):
//! a session per upload, bytes appended chunk by chunk at the offset the
//! server reports, and the method called once with the whole media when the
//! client finalizes. Sessions live in memory, so this suits fakes and tests
//! rather than files of many gigabytes.
//!
//! Every answer carries `x-goog-upload-status`, errors included (`final`, or
//! `cancelled` when the session is gone): clients such as the official SDKs
//! take an answer without it for a transient failure and send again.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use axum::http::{request::Parts, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use bytes::Bytes;
use serde_json::Value;

use super::{error_response, ServerError};
use crate::json::{self, Message};

/// What every chunk but the last must be a multiple of.
const GRANULARITY: usize = 256 * 1024;

/// The media of a finished upload, as a service method receives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UploadedMedia {
    /// The MIME type the client announced.
    pub mime_type: String,
    /// All the bytes.
    pub bytes: Bytes,
}

/// Upload sessions of one upload endpoint.
#[derive(Debug, Default)]
pub struct UploadSessions {
    next_id: AtomicU64,
    sessions: Mutex<HashMap<u64, Session>>,
}

#[derive(Debug)]
struct Session {
    metadata: Value,
    declared: u64,
    mime_type: String,
    data: Vec<u8>,
    /// The final answer, kept so a `query` after a lost answer gets it again.
    done: Option<Value>,
}

fn header<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

fn answer(status: &'static str, received: usize, body: Option<&Value>) -> Response {
    let mut response = Response::new(axum::body::Body::from(
        body.map(Value::to_string).unwrap_or_default(),
    ));
    let headers = response.headers_mut();
    headers.insert("x-goog-upload-status", HeaderValue::from_static(status));
    if let Ok(value) = HeaderValue::from_str(&received.to_string()) {
        headers.insert("x-goog-upload-size-received", value);
    }
    if body.is_some() {
        headers.insert(
            axum::http::header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
    }
    response
}

/// Answers `error` as an upload answer: the API's JSON error with
/// `x-goog-upload-status: final`, so that clients stop instead of resending.
pub fn upload_error_response(error: &ServerError) -> Response {
    with_status(error_response(error), "final")
}

/// `response` with `x-goog-upload-status: status`.
fn with_status(mut response: Response, status: &'static str) -> Response {
    response
        .headers_mut()
        .insert("x-goog-upload-status", HeaderValue::from_static(status));
    response
}

/// Whether a request is part of the resumable upload protocol.
pub fn is_upload(parts: &Parts) -> bool {
    parts.method == axum::http::Method::POST
        && (header(&parts.headers, "x-goog-upload-protocol") == Some("resumable")
            || parts
                .uri
                .query()
                .is_some_and(|query| query.contains("upload_id=")))
}

impl UploadSessions {
    /// Handles one request of the protocol; `call` runs the method once the
    /// client finalizes, with the session's metadata decoded as its request.
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
        match self.step(parts, body) {
            Ok(Step::Answer(response)) => response,
            Ok(Step::Finish {
                id,
                metadata,
                media,
            }) => {
                let request = match json::from_value::<Req>(&metadata) {
                    Ok(request) => request,
                    Err(error) => {
                        return upload_error_response(&ServerError::invalid_argument(format!(
                            "bad upload metadata: {error}"
                        )))
                    }
                };
                match call(request, media).await {
                    Ok(done) => {
                        let value = json::to_value(&done);
                        let received = self.finish(id, value.clone());
                        answer("final", received, Some(&value))
                    }
                    Err(error) => {
                        self.sessions
                            .lock()
                            .unwrap_or_else(|poisoned| poisoned.into_inner())
                            .remove(&id);
                        upload_error_response(&error)
                    }
                }
            }
            Err(error) => upload_error_response(&error),
        }
    }

    fn finish(&self, id: u64, value: Value) -> usize {
        let mut sessions = self
            .sessions
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match sessions.get_mut(&id) {
            Some(session) => {
                session.done = Some(value);
                session.data = Vec::new();
                session.declared as usize
            }
            None => 0,
        }
    }

    /// Everything but calling the method.
    fn step(&self, parts: &Parts, body: Bytes) -> Result<Step, ServerError> {
        let command = header(&parts.headers, "x-goog-upload-command")
            .unwrap_or("")
            .to_ascii_lowercase();
        let commands: Vec<&str> = command.split(',').map(str::trim).collect();
        if commands == ["start"] {
            return self.start(parts, &body).map(Step::Answer);
        }
        let id = parts
            .uri
            .query()
            .and_then(|query| {
                form_urlencoded::parse(query.as_bytes()).find(|(name, _)| name == "upload_id")
            })
            .and_then(|(_, value)| value.parse::<u64>().ok())
            .ok_or_else(|| ServerError::invalid_argument("missing or bad upload_id"))?;
        let mut sessions = self
            .sessions
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let Some(session) = sessions.get_mut(&id) else {
            let error = ServerError::not_found(format!("no upload session {id}"));
            return Ok(Step::Answer(with_status(
                error_response(&error),
                "cancelled",
            )));
        };
        match commands.as_slice() {
            ["query"] => Ok(Step::Answer(match &session.done {
                Some(done) => answer("final", session.declared as usize, Some(done)),
                None => answer("active", session.data.len(), None),
            })),
            ["cancel"] => {
                sessions.remove(&id);
                Ok(Step::Answer(answer("cancelled", 0, None)))
            }
            ["upload"] | ["upload", "finalize"] => {
                if session.done.is_some() {
                    return Err(ServerError::failed_precondition(
                        "the upload is already finalized",
                    ));
                }
                let offset: u64 = header(&parts.headers, "x-goog-upload-offset")
                    .and_then(|value| value.parse().ok())
                    .ok_or_else(|| {
                        ServerError::invalid_argument("missing or bad x-goog-upload-offset")
                    })?;
                if offset != session.data.len() as u64 {
                    return Err(ServerError::invalid_argument(format!(
                        "offset {offset} does not match the {} bytes received",
                        session.data.len()
                    )));
                }
                let finalize = commands.len() == 2;
                if !finalize && !body.len().is_multiple_of(GRANULARITY) {
                    return Err(ServerError::invalid_argument(format!(
                        "a chunk must be a multiple of {GRANULARITY} bytes"
                    )));
                }
                if session.data.len() as u64 + body.len() as u64 > session.declared {
                    return Err(ServerError::invalid_argument(
                        "more bytes than the announced length",
                    ));
                }
                session.data.extend_from_slice(&body);
                if !finalize {
                    return Ok(Step::Answer(answer("active", session.data.len(), None)));
                }
                if session.data.len() as u64 != session.declared {
                    return Err(ServerError::invalid_argument(format!(
                        "finalized after {} of {} announced bytes",
                        session.data.len(),
                        session.declared
                    )));
                }
                let media = UploadedMedia {
                    mime_type: session.mime_type.clone(),
                    bytes: Bytes::from(std::mem::take(&mut session.data)),
                };
                session.data = Vec::new();
                Ok(Step::Finish {
                    id,
                    metadata: session.metadata.clone(),
                    media,
                })
            }
            _ => Err(ServerError::invalid_argument(format!(
                "unknown upload command {command:?}"
            ))),
        }
    }

    fn start(&self, parts: &Parts, body: &[u8]) -> Result<Response, ServerError> {
        let declared = header(&parts.headers, "x-goog-upload-header-content-length")
            .and_then(|value| value.parse().ok())
            .ok_or_else(|| {
                ServerError::invalid_argument("missing or bad x-goog-upload-header-content-length")
            })?;
        let mime_type = header(&parts.headers, "x-goog-upload-header-content-type")
            .unwrap_or("application/octet-stream")
            .to_owned();
        let metadata = if body.iter().all(u8::is_ascii_whitespace) {
            Value::Object(serde_json::Map::new())
        } else {
            json::parse(body, &json::Arena::new())
                .map_err(|error| {
                    ServerError::invalid_argument(format!("the metadata is not JSON: {error}"))
                })?
                .to_value()
        };
        let host = header(&parts.headers, "host")
            .ok_or_else(|| ServerError::invalid_argument("missing Host header"))?;
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let session = Session {
            metadata,
            declared,
            mime_type,
            data: Vec::new(),
            done: None,
        };
        self.sessions
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(id, session);
        let url = format!("http://{host}{}?upload_id={id}", parts.uri.path());
        let mut response = answer("active", 0, None);
        let headers = response.headers_mut();
        let url = HeaderValue::from_str(&url)
            .map_err(|_| ServerError::invalid_argument("bad Host header"))?;
        headers.insert("x-goog-upload-url", url);
        headers.insert(
            "x-goog-upload-chunk-granularity",
            HeaderValue::from(GRANULARITY),
        );
        *response.status_mut() = StatusCode::OK;
        Ok(response)
    }
}

enum Step {
    Answer(Response),
    Finish {
        id: u64,
        metadata: Value,
        media: UploadedMedia,
    },
}
