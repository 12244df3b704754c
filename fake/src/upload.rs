//! The upload endpoint, `POST /upload/v1beta/files`, that the generated
//! router does not serve: Google's resumable upload protocol (`start`, then
//! `upload` / `upload, finalize` / `finalize` / `query` / `cancel` on the
//! session URL), and single-request `raw` uploads.
//!
//! Every answer carries `x-goog-upload-status`, errors included: `final`, or
//! `cancelled` for a session that does not exist. The official SDKs take an
//! answer without it for a transient failure and send the chunk again.

use gemini_v1beta::runtime::server::{self, RouteMatch};
use gemini_v1beta::server::axum::body::Body;
use gemini_v1beta::server::axum::extract::{Request, State};
use gemini_v1beta::server::axum::http::{HeaderMap, HeaderName, HeaderValue, Method};
use gemini_v1beta::server::axum::response::Response;
use gemini_v1beta::server::axum::routing::any;
use gemini_v1beta::server::axum::Router;
use gemini_v1beta::server::ServerError;
use gemini_v1beta::types::{CreateFileRequest, CreateFileResponse, File};

use crate::errors::required;
use crate::Fake;

/// The path uploads start at; session URLs add `?upload_id=…` to it.
pub(crate) const UPLOAD_PATH: &str = "/upload/v1beta/files";
/// Every chunk but the last must be a multiple of this many bytes (256 KiB).
pub const CHUNK_GRANULARITY: usize = 256 * 1024;
/// The most bytes one request may carry.
const MAX_REQUEST_BYTES: usize = 128 * 1024 * 1024;
/// The largest file the API accepts: 2 GiB.
const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024 * 1024;

const PROTOCOL: &str = "x-goog-upload-protocol";
const COMMAND: &str = "x-goog-upload-command";
const OFFSET: &str = "x-goog-upload-offset";
const STATUS: &str = "x-goog-upload-status";
const SESSION_URL: &str = "x-goog-upload-url";
const CONTROL_URL: &str = "x-goog-upload-control-url";
const GRANULARITY: &str = "x-goog-upload-chunk-granularity";
const SIZE_RECEIVED: &str = "x-goog-upload-size-received";
const DECLARED_LENGTH: &str = "x-goog-upload-header-content-length";
const DECLARED_TYPE: &str = "x-goog-upload-header-content-type";

/// A resumable upload in progress (or finished).
#[derive(Debug)]
pub(crate) struct Session {
    /// The file metadata sent with `start`.
    metadata: Option<File>,
    /// The size announced with `start`, if any.
    declared_size: Option<u64>,
    /// The MIME type announced with `start`, if any.
    mime_type: Option<String>,
    /// The bytes received so far.
    bytes: Vec<u8>,
    /// The fake's address as the client reached it.
    base_url: String,
    /// The file, once the upload is finalized.
    outcome: Option<File>,
}

/// The router serving [`UPLOAD_PATH`].
pub(crate) fn routes(fake: Fake) -> Router {
    Router::new()
        .route(UPLOAD_PATH, any(handle))
        .with_state(fake)
}

async fn handle(State(fake): State<Fake>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    if parts.method != Method::POST {
        return server::unrouted_response(
            RouteMatch::MethodNotAllowed(vec!["POST"]),
            parts.method.as_str(),
            parts.uri.path(),
        );
    }
    let upload_id = parts.uri.query().and_then(upload_id).map(str::to_owned);
    match answer(&fake, &parts.headers, upload_id, body).await {
        Ok(response) => response,
        Err(error) => server::upload_error_response(&error),
    }
}

/// The answer on a session that does not exist (never started, or cancelled).
fn session_gone(id: &str) -> Response {
    let mut response = server::error_response(&ServerError::not_found(format!(
        "upload session {id:?} was not found"
    )));
    set(&mut response, STATUS, "cancelled");
    response
}

async fn answer(
    fake: &Fake,
    headers: &HeaderMap,
    upload_id: Option<String>,
    body: Body,
) -> Result<Response, ServerError> {
    let body = server::read_body(body, MAX_REQUEST_BYTES).await?;
    if let Some(id) = upload_id {
        return continue_session(fake, &id, headers, &body);
    }
    match header(headers, PROTOCOL).unwrap_or_default() {
        "resumable" => match commands(headers)?.as_slice() {
            ["start"] => start(fake, headers, &body),
            _ => Err(ServerError::invalid_argument(format!(
                "a resumable upload begins with {COMMAND}: start"
            ))),
        },
        "raw" => {
            let base_url = base_url(fake, headers);
            let mime_type = header(headers, "content-type").map(str::to_owned);
            let file = fake
                .lock()
                .create_file(None, mime_type, body.to_vec(), Some(&base_url))?;
            Ok(server::message_response(
                &CreateFileResponse::new().set_file(file),
            ))
        }
        "" => Err(required(&format!(
            "the {PROTOCOL} header (resumable or raw)"
        ))),
        other => Err(ServerError::invalid_argument(format!(
            "{PROTOCOL} {other:?} is not supported; use resumable or raw"
        ))),
    }
}

/// `start`: checks the metadata and opens a session.
fn start(fake: &Fake, headers: &HeaderMap, body: &[u8]) -> Result<Response, ServerError> {
    let request: CreateFileRequest = if body.iter().all(u8::is_ascii_whitespace) {
        CreateFileRequest::new()
    } else {
        gemini_v1beta::json::from_slice(body).map_err(|error| {
            ServerError::invalid_argument(format!(
                "the upload metadata is not a CreateFileRequest: {error}"
            ))
        })?
    };
    let declared_size = match header(headers, DECLARED_LENGTH) {
        None => None,
        Some(text) => Some(text.trim().parse::<u64>().map_err(|_| {
            ServerError::invalid_argument(format!("{DECLARED_LENGTH} {text:?} is not a byte count"))
        })?),
    };
    if declared_size.is_some_and(|size| size > MAX_FILE_BYTES) {
        return Err(ServerError::invalid_argument(format!(
            "files may have at most {MAX_FILE_BYTES} bytes"
        )));
    }
    let base_url = base_url(fake, headers);
    let id = crate::names::random_id(32);
    let session_url = format!("{base_url}{UPLOAD_PATH}?upload_id={id}&upload_protocol=resumable");
    {
        let mut state = fake.lock();
        state.check_new_file(request.file.as_ref())?;
        state.uploads.insert(
            id,
            Session {
                metadata: request.file,
                declared_size,
                mime_type: header(headers, DECLARED_TYPE).map(str::to_owned),
                bytes: Vec::new(),
                base_url,
                outcome: None,
            },
        );
    }
    let mut response = status_response("active");
    set(&mut response, SESSION_URL, &session_url);
    set(&mut response, CONTROL_URL, &session_url);
    set(&mut response, GRANULARITY, &CHUNK_GRANULARITY.to_string());
    Ok(response)
}

/// A command on an open session.
fn continue_session(
    fake: &Fake,
    id: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Response, ServerError> {
    let commands = commands(headers)?;
    let mut state = fake.lock();
    let state = &mut *state;
    let Some(session) = state.uploads.get_mut(id) else {
        return Ok(session_gone(id));
    };
    if commands.contains(&"cancel") {
        state.uploads.remove(id);
        return Ok(status_response("cancelled"));
    }
    if commands.as_slice() == ["query"] {
        return Ok(match &session.outcome {
            Some(file) => final_response(file),
            None => active_response(session.bytes.len() as u64),
        });
    }
    let upload = commands.contains(&"upload");
    let finalize = commands.contains(&"finalize");
    if (!upload && !finalize) || commands.iter().any(|c| !["upload", "finalize"].contains(c)) {
        return Err(ServerError::invalid_argument(format!(
            "{COMMAND} {:?} is not one of upload, finalize, query, cancel",
            commands.join(", ")
        )));
    }
    if let Some(file) = &session.outcome {
        if upload {
            return Err(ServerError::failed_precondition(format!(
                "upload session {id:?} is already finalized"
            )));
        }
        return Ok(final_response(file));
    }
    let received = session.bytes.len() as u64;
    if upload {
        let offset =
            header(headers, OFFSET).ok_or_else(|| required(&format!("the {OFFSET} header")))?;
        let offset: u64 = offset.trim().parse().map_err(|_| {
            ServerError::invalid_argument(format!("{OFFSET} {offset:?} is not a byte offset"))
        })?;
        if offset != received {
            return Err(ServerError::invalid_argument(format!(
                "{OFFSET} is {offset}, but the server has received {received} bytes"
            )));
        }
        if !finalize && !body.len().is_multiple_of(CHUNK_GRANULARITY) {
            return Err(ServerError::invalid_argument(format!(
                "a chunk that does not finalize must be a multiple of {CHUNK_GRANULARITY} bytes, got {}",
                body.len()
            )));
        }
    } else if !body.is_empty() {
        return Err(ServerError::invalid_argument(format!(
            "{COMMAND}: finalize takes no bytes; use \"upload, finalize\""
        )));
    }
    // Every check comes before the bytes are kept: a refused request changes nothing.
    let total = received + body.len() as u64;
    let limit = session
        .declared_size
        .unwrap_or(MAX_FILE_BYTES)
        .min(MAX_FILE_BYTES);
    if total > limit {
        return Err(ServerError::invalid_argument(format!(
            "the upload would have {total} bytes, more than the {limit} allowed"
        )));
    }
    if let Some(declared) = session
        .declared_size
        .filter(|declared| finalize && *declared != total)
    {
        return Err(ServerError::invalid_argument(format!(
            "the upload would be finalized after {total} bytes, but {declared} were announced"
        )));
    }
    let metadata = session.metadata.clone();
    if finalize {
        state.check_new_file(metadata.as_ref())?;
    }
    let Some(session) = state.uploads.get_mut(id) else {
        return Ok(session_gone(id));
    };
    session.bytes.extend_from_slice(body);
    if !finalize {
        return Ok(active_response(total));
    }
    let mime_type = session.mime_type.clone();
    let base_url = session.base_url.clone();
    let bytes = std::mem::take(&mut session.bytes);
    let file = state.create_file(metadata, mime_type, bytes, Some(&base_url))?;
    if let Some(session) = state.uploads.get_mut(id) {
        session.outcome = Some(file.clone());
    }
    Ok(final_response(&file))
}

/// The `upload_id` parameter of a query string.
fn upload_id(query: &str) -> Option<&str> {
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("upload_id="))
        .filter(|id| !id.is_empty())
}

/// A header's value, when it is text.
fn header<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

/// The comma-separated commands of the command header, in lowercase.
fn commands(headers: &HeaderMap) -> Result<Vec<&'static str>, ServerError> {
    let text =
        header(headers, COMMAND).ok_or_else(|| required(&format!("the {COMMAND} header")))?;
    text.split(',')
        .map(str::trim)
        .filter(|command| !command.is_empty())
        .map(|command| {
            ["start", "upload", "finalize", "query", "cancel"]
                .into_iter()
                .find(|known| known.eq_ignore_ascii_case(command))
                .ok_or_else(|| {
                    ServerError::invalid_argument(format!(
                        "{COMMAND} {command:?} is not one of start, upload, finalize, query, cancel"
                    ))
                })
        })
        .collect()
}

/// `http://HOST` as the client reached this server, else its known address.
fn base_url(fake: &Fake, headers: &HeaderMap) -> String {
    match header(headers, "host").filter(|host| !host.is_empty()) {
        Some(host) => format!("http://{host}"),
        None => fake
            .lock()
            .base_url
            .clone()
            .unwrap_or_else(|| "http://localhost".to_owned()),
    }
}

fn set(response: &mut Response, name: &'static str, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        response
            .headers_mut()
            .insert(HeaderName::from_static(name), value);
    }
}

/// An empty 200 answer with the given upload status.
fn status_response(status: &str) -> Response {
    let mut response = Response::new(Body::empty());
    set(&mut response, STATUS, status);
    response
}

/// The session is open and has `received` bytes.
fn active_response(received: u64) -> Response {
    let mut response = status_response("active");
    set(&mut response, SIZE_RECEIVED, &received.to_string());
    response
}

/// The session is finalized: `{"file": …}`.
fn final_response(file: &File) -> Response {
    let mut response = server::message_response(&CreateFileResponse::new().set_file(file.clone()));
    set(&mut response, STATUS, "final");
    set(&mut response, SIZE_RECEIVED, &file.size_bytes.to_string());
    response
}
