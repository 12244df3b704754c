//! Resumable media uploads through the public client, against a loopback
//! server that speaks the upload protocol, keeps the bytes it is sent, and
//! fails on purpose in the middle.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, Response, Uri};
use axum::routing::post;
use axum::Router;
use base64::Engine as _;
use gemini_v1beta::client::CONFIG;
use gemini_v1beta::types::{file, CreateFileRequest, CreateFileResponse, File};
use gemini_v1beta::{Client, Error, Media, Progress, RetryPolicy};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

const MIB: u64 = 1 << 20;
const GRANULARITY: u64 = 262_144;
/// A little over 5 MiB, so the last chunk is a short one.
const BIG: u64 = 5 * MIB + 12_345;
const MIME: &str = "application/octet-stream";
const SESSION_PATH: &str = "/upload/session";
const SESSION_QUERY: &str = "upload_id=session-1&upload_protocol=resumable";

/// What the server does, once, to the first chunk sent at a given offset.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Fault {
    /// Keeps only the first half of the chunk's bytes and answers 503.
    HalfThen503,
    /// Keeps all the bytes, then breaks the connection before answering.
    KeepAllThenCut,
    /// Keeps all the bytes, sends the answer's headers, then breaks the
    /// connection in the middle of the answer's body.
    KeepAllThenCutBody,
    /// Rejects the chunk with 400 and a JSON error body.
    Reject400,
    /// Keeps only the first half of the chunk's bytes and answers 200,
    /// saying in `x-goog-upload-size-received` how much it has.
    HalfThen200,
}

/// The session-opening request as the server saw it.
#[derive(Clone, Debug)]
struct Start {
    path: String,
    query: Option<String>,
    headers: HeaderMap,
    body: Value,
}

/// One request to the session URL.
#[derive(Clone, Debug)]
struct SessionRequest {
    query: Option<String>,
    command: String,
    offset: Option<u64>,
    len: usize,
}

#[derive(Default)]
struct Session {
    session_url: String,
    starts: Vec<Start>,
    requests: Vec<SessionRequest>,
    data: Vec<u8>,
    declared_size: Option<u64>,
    finalized: bool,
    faults: Vec<(u64, Fault)>,
}

impl Session {
    /// The file the server reports once the upload is final.
    fn file(&self) -> Value {
        let display_name = self
            .starts
            .first()
            .and_then(|start| start.body.pointer("/file/displayName"))
            .cloned()
            .unwrap_or(Value::Null);
        json!({
            "name": "files/upload-1",
            "displayName": display_name,
            "mimeType": MIME,
            "sizeBytes": self.data.len().to_string(),
            "sha256Hash": base64::engine::general_purpose::STANDARD.encode(Sha256::digest(&self.data)),
            "state": "PROCESSING",
            "uri": "https://generativelanguage.example/v1beta/files/upload-1",
        })
    }
}

/// A loopback server for the resumable upload protocol; stops when dropped.
struct UploadServer {
    addr: SocketAddr,
    session: Arc<Mutex<Session>>,
    task: tokio::task::JoinHandle<()>,
}

impl UploadServer {
    async fn start(faults: Vec<(u64, Fault)>) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a loopback port");
        let addr = listener.local_addr().unwrap();
        let session = Arc::new(Mutex::new(Session {
            session_url: format!("http://{addr}{SESSION_PATH}?{SESSION_QUERY}"),
            faults,
            ..Session::default()
        }));
        let app = Router::new()
            .route("/upload/v1beta/files", post(start_session))
            .route(SESSION_PATH, post(session_request))
            .with_state(session.clone());
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.expect("serve on loopback");
        });
        Self {
            addr,
            session,
            task,
        }
    }

    fn client(&self) -> Client {
        Client::builder()
            .api_key("test-key")
            .base_url(format!("http://{}", self.addr))
            .retry(RetryPolicy {
                initial_backoff: Duration::from_millis(10),
                max_backoff: Duration::from_millis(20),
                ..CONFIG.retry
            })
            .build()
            .unwrap()
    }

    fn starts(&self) -> Vec<Start> {
        self.session.lock().unwrap().starts.clone()
    }

    /// `(command, offset, bytes)` of every request to the session URL.
    fn requests(&self) -> Vec<(String, Option<u64>, usize)> {
        self.session
            .lock()
            .unwrap()
            .requests
            .iter()
            .map(|request| (request.command.clone(), request.offset, request.len))
            .collect()
    }

    fn data(&self) -> Vec<u8> {
        self.session.lock().unwrap().data.clone()
    }

    fn finalized(&self) -> bool {
        self.session.lock().unwrap().finalized
    }

    fn unused_faults(&self) -> Vec<(u64, Fault)> {
        self.session.lock().unwrap().faults.clone()
    }
}

impl Drop for UploadServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
}

fn error_reply(status: u16, message: &str, status_name: &str) -> Response<Body> {
    Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(Body::from(
            json!({"error": {"code": status, "message": message, "status": status_name}})
                .to_string(),
        ))
        .unwrap()
}

fn active(received: usize) -> Response<Body> {
    Response::builder()
        .status(200)
        .header("x-goog-upload-status", "active")
        .header("x-goog-upload-size-received", received.to_string())
        .body(Body::empty())
        .unwrap()
}

fn final_answer(session: &Session) -> Response<Body> {
    Response::builder()
        .status(200)
        .header("x-goog-upload-status", "final")
        .header("content-type", "application/json")
        .body(Body::from(json!({"file": session.file()}).to_string()))
        .unwrap()
}

/// A body that fails at once: hyper gives up on the connection before the
/// answer's headers are written, so the client sees the connection close.
fn cut_before_headers() -> Response<Body> {
    let failing = futures_util::stream::once(async {
        Err::<Bytes, _>(std::io::Error::other("cut by the test"))
    });
    Response::builder()
        .status(200)
        .body(Body::from_stream(failing))
        .unwrap()
}

/// The final answer's headers, then a body that breaks after a pause (so the
/// headers reach the client first).
fn final_headers_then_cut() -> Response<Body> {
    let failing = futures_util::stream::once(async {
        tokio::time::sleep(Duration::from_millis(50)).await;
        Err::<Bytes, _>(std::io::Error::other("cut by the test"))
    });
    Response::builder()
        .status(200)
        .header("x-goog-upload-status", "final")
        .header("content-type", "application/json")
        .body(Body::from_stream(failing))
        .unwrap()
}

async fn start_session(
    State(session): State<Arc<Mutex<Session>>>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response<Body> {
    let mut session = session.lock().unwrap();
    let body = serde_json::from_slice(&body)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&body).into_owned()));
    session.declared_size =
        header(&headers, "x-goog-upload-header-content-length").and_then(|size| size.parse().ok());
    session.starts.push(Start {
        path: uri.path().to_owned(),
        query: uri.query().map(str::to_owned),
        headers,
        body,
    });
    Response::builder()
        .status(200)
        .header("x-goog-upload-status", "active")
        .header("x-goog-upload-url", session.session_url.clone())
        .header("x-goog-upload-chunk-granularity", GRANULARITY.to_string())
        .body(Body::empty())
        .unwrap()
}

async fn session_request(
    State(session): State<Arc<Mutex<Session>>>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response<Body> {
    let mut session = session.lock().unwrap();
    let command = header(&headers, "x-goog-upload-command").unwrap_or_default();
    let offset = header(&headers, "x-goog-upload-offset").and_then(|offset| offset.parse().ok());
    session.requests.push(SessionRequest {
        query: uri.query().map(str::to_owned),
        command: command.clone(),
        offset,
        len: body.len(),
    });
    if uri.query() != Some(SESSION_QUERY) {
        return error_reply(404, "no such upload session", "NOT_FOUND");
    }
    match command.as_str() {
        "query" if session.finalized => final_answer(&session),
        "query" => active(session.data.len()),
        "upload" | "upload, finalize" => {
            let finalize = command == "upload, finalize";
            let Some(offset) = offset else {
                return error_reply(400, "missing x-goog-upload-offset", "INVALID_ARGUMENT");
            };
            if session.finalized || offset != session.data.len() as u64 {
                return error_reply(400, "wrong upload offset", "INVALID_ARGUMENT");
            }
            let fault = session
                .faults
                .iter()
                .position(|(at, _)| *at == offset)
                .map(|index| session.faults.remove(index).1);
            if fault == Some(Fault::Reject400) {
                return error_reply(400, "chunk rejected", "INVALID_ARGUMENT");
            }
            if fault == Some(Fault::HalfThen503) {
                session.data.extend_from_slice(&body[..body.len() / 2]);
                return error_reply(503, "try again", "UNAVAILABLE");
            }
            if fault == Some(Fault::HalfThen200) {
                session.data.extend_from_slice(&body[..body.len() / 2]);
                return active(session.data.len());
            }
            session.data.extend_from_slice(&body);
            if finalize {
                if Some(session.data.len() as u64) != session.declared_size {
                    return error_reply(
                        400,
                        "size differs from the declared one",
                        "INVALID_ARGUMENT",
                    );
                }
                session.finalized = true;
            }
            match fault {
                Some(Fault::KeepAllThenCut) => cut_before_headers(),
                Some(Fault::KeepAllThenCutBody) => final_headers_then_cut(),
                _ if finalize => final_answer(&session),
                _ => active(session.data.len()),
            }
        }
        _ => error_reply(400, "unknown upload command", "INVALID_ARGUMENT"),
    }
}

/// Deterministic pseudo-random bytes (xorshift64).
fn pseudo_random(len: u64) -> Vec<u8> {
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut bytes = Vec::with_capacity(len as usize);
    while (bytes.len() as u64) < len {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        bytes.extend_from_slice(&state.to_le_bytes());
    }
    bytes.truncate(len as usize);
    bytes
}

fn request(display_name: &str) -> CreateFileRequest {
    CreateFileRequest::new().set_file(File::new().set_display_name(display_name))
}

/// The file the server should report for `source` uploaded as `display_name`.
fn expected_file(source: &[u8], display_name: &str) -> File {
    File::new()
        .set_name("files/upload-1")
        .set_display_name(display_name)
        .set_mime_type(MIME)
        .set_size_bytes(source.len() as i64)
        .set_sha256_hash(Sha256::digest(source).to_vec())
        .set_state(file::State::Processing)
        .set_uri("https://generativelanguage.example/v1beta/files/upload-1")
}

/// Records every progress report of `media`.
fn recording_progress(media: Media) -> (Media, Arc<Mutex<Vec<Progress>>>) {
    let reports = Arc::new(Mutex::new(Vec::new()));
    let sink = reports.clone();
    let media = media.on_progress(move |progress| sink.lock().unwrap().push(progress));
    (media, reports)
}

fn assert_start(server: &UploadServer, size: u64, display_name: &str) {
    let starts = server.starts();
    assert_eq!(starts.len(), 1, "exactly one session is started");
    let start = &starts[0];
    assert_eq!(start.path, "/upload/v1beta/files");
    assert_eq!(start.query, None);
    let h = |name| header(&start.headers, name);
    assert_eq!(h("x-goog-upload-protocol").as_deref(), Some("resumable"));
    assert_eq!(h("x-goog-upload-command").as_deref(), Some("start"));
    assert_eq!(
        h("x-goog-upload-header-content-length"),
        Some(size.to_string())
    );
    assert_eq!(
        h("x-goog-upload-header-content-type").as_deref(),
        Some(MIME)
    );
    assert_eq!(h("content-type").as_deref(), Some("application/json"));
    assert_eq!(h("x-goog-api-key").as_deref(), Some("test-key"));
    assert_eq!(start.body, json!({"file": {"displayName": display_name}}));
}

/// Progress only grows, always has the right total, and ends at (total, total).
fn assert_progress(reports: &[Progress], total: u64) {
    assert!(!reports.is_empty(), "no progress was reported");
    for report in reports {
        assert_eq!(report.total, total, "{reports:?}");
        assert!(report.sent <= total, "{reports:?}");
    }
    for pair in reports.windows(2) {
        assert!(pair[0].sent < pair[1].sent, "not increasing: {reports:?}");
    }
    assert_eq!(reports.last(), Some(&Progress { sent: total, total }));
}

fn assert_same_bytes(server: &UploadServer, source: &[u8]) {
    let data = server.data();
    assert_eq!(data.len(), source.len());
    assert_eq!(
        Sha256::digest(&data),
        Sha256::digest(source),
        "the server assembled other bytes than the source"
    );
}

fn upload(offset: u64, len: u64) -> (String, Option<u64>, usize) {
    ("upload".to_owned(), Some(offset), len as usize)
}

fn finalize(offset: u64, len: u64) -> (String, Option<u64>, usize) {
    ("upload, finalize".to_owned(), Some(offset), len as usize)
}

fn query() -> (String, Option<u64>, usize) {
    ("query".to_owned(), None, 0)
}

#[tokio::test]
async fn a_large_upload_from_a_reader_resumes_after_a_503_and_a_dropped_connection() {
    let source = pseudo_random(BIG);
    let server = UploadServer::start(vec![
        (MIB, Fault::HalfThen503),
        (3 * MIB, Fault::KeepAllThenCut),
    ])
    .await;
    let reader = std::io::Cursor::new(source.clone());
    let (media, progress) =
        recording_progress(Media::from_reader(reader, BIG, MIME).chunk_size(MIB as usize));

    let response = server
        .client()
        .media()
        .upload_media(request("big"), media)
        .await
        .expect("the upload resumes and finishes");

    assert!(server.unused_faults().is_empty());
    assert!(server.finalized());
    assert_start(&server, BIG, "big");
    let half = MIB / 2;
    assert_eq!(
        server.requests(),
        vec![
            upload(0, MIB),
            upload(MIB, MIB), // 503 after keeping half
            query(),
            upload(MIB + half, half),
            upload(2 * MIB, MIB),
            upload(3 * MIB, MIB), // kept, then the connection drops
            query(),
            upload(4 * MIB, MIB),
            finalize(5 * MIB, BIG - 5 * MIB),
        ]
    );
    for request in &server.session.lock().unwrap().requests {
        assert_eq!(request.query.as_deref(), Some(SESSION_QUERY));
    }
    assert_same_bytes(&server, &source);
    assert_progress(&progress.lock().unwrap(), BIG);
    assert_eq!(
        response,
        CreateFileResponse::new().set_file(expected_file(&source, "big"))
    );
}

#[tokio::test]
async fn a_large_upload_from_a_file_resumes_when_the_final_chunk_loses_its_answer() {
    let source = pseudo_random(BIG);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.bin");
    std::fs::write(&path, &source).unwrap();
    let server = UploadServer::start(vec![
        (2 * MIB, Fault::HalfThen503),
        (5 * MIB, Fault::KeepAllThenCut),
    ])
    .await;
    let media = Media::from_file(&path, MIME).await.unwrap();
    assert_eq!(media.size(), BIG);
    let (media, progress) = recording_progress(media.chunk_size(MIB as usize));

    let response = server
        .client()
        .media()
        .upload_media(request("from file"), media)
        .await
        .expect("the upload resumes and finishes");

    assert!(server.unused_faults().is_empty());
    assert_start(&server, BIG, "from file");
    let half = MIB / 2;
    assert_eq!(
        server.requests(),
        vec![
            upload(0, MIB),
            upload(MIB, MIB),
            upload(2 * MIB, MIB), // 503 after keeping half
            query(),
            upload(2 * MIB + half, half),
            upload(3 * MIB, MIB),
            upload(4 * MIB, MIB),
            finalize(5 * MIB, BIG - 5 * MIB), // kept, then the connection drops
            query(),                          // answers "final" with the file
        ]
    );
    assert_same_bytes(&server, &source);
    assert_progress(&progress.lock().unwrap(), BIG);
    assert_eq!(response.file, Some(expected_file(&source, "from file")));
}

#[tokio::test]
async fn a_chunk_size_is_rounded_up_to_the_server_granularity() {
    let size = 3 * GRANULARITY + 10;
    let source = pseudo_random(size);
    let server = UploadServer::start(Vec::new()).await;
    // 300 000 bytes is not a multiple of 262 144: chunks of 524 288 are sent.
    let media = Media::from_bytes(source.clone(), MIME).chunk_size(300_000);

    let response = server
        .client()
        .media()
        .upload_media(request("rounded"), media)
        .await
        .unwrap();

    assert_eq!(
        server.requests(),
        vec![
            upload(0, 2 * GRANULARITY),
            finalize(2 * GRANULARITY, size - 2 * GRANULARITY),
        ]
    );
    assert_same_bytes(&server, &source);
    assert_eq!(response.file, Some(expected_file(&source, "rounded")));
}

#[tokio::test]
async fn a_small_upload_is_one_start_and_one_final_chunk() {
    let source = b"0123456789".to_vec();
    let server = UploadServer::start(Vec::new()).await;
    let (media, progress) = recording_progress(Media::from_bytes(source.clone(), MIME));

    let response = server
        .client()
        .media()
        .upload_media(request("small"), media)
        .await
        .unwrap();

    assert_start(&server, 10, "small");
    assert_eq!(server.requests(), vec![finalize(0, 10)]);
    assert_eq!(server.data(), source);
    assert_eq!(
        *progress.lock().unwrap(),
        vec![Progress {
            sent: 10,
            total: 10
        }]
    );
    assert_eq!(response.file, Some(expected_file(&source, "small")));
}

#[tokio::test]
async fn a_rejected_chunk_fails_the_upload_without_resuming() {
    let size = 3 * MIB;
    let server = UploadServer::start(vec![(MIB, Fault::Reject400)]).await;
    let (media, progress) =
        recording_progress(Media::from_bytes(pseudo_random(size), MIME).chunk_size(MIB as usize));

    let error = server
        .client()
        .media()
        .upload_media(request("rejected"), media)
        .await
        .expect_err("a 400 is not retried");

    let Error::Api(api) = &error else {
        panic!("expected Error::Api, got {error:?}");
    };
    assert_eq!(api.http_status, 400);
    assert_eq!(api.code, 400);
    assert_eq!(api.status.message, "chunk rejected");
    assert_eq!(api.status.code, apigen_runtime::Code::InvalidArgument);
    assert_eq!(error.http_status(), Some(400));
    assert!(!error.is_retryable());
    assert_eq!(server.requests(), vec![upload(0, MIB), upload(MIB, MIB)]);
    assert!(!server.finalized());
    assert_eq!(
        *progress.lock().unwrap(),
        vec![Progress {
            sent: MIB,
            total: size
        }]
    );
}

#[tokio::test]
async fn a_start_answer_without_a_session_url_is_an_error() {
    // The loopback server of the other tests always gives a session URL, so
    // this one answers the start with a plain JSON server instead.
    let server =
        apigen_tests::RecordingServer::start(|_| apigen_tests::Reply::Json(200, json!({}))).await;
    let client = Client::builder()
        .api_key("test-key")
        .base_url(server.base_url())
        .build()
        .unwrap();

    let error = client
        .media()
        .upload_media(request("x"), Media::from_bytes(vec![1, 2, 3], MIME))
        .await
        .expect_err("no session URL");

    assert!(
        matches!(&error, Error::InvalidResponse(message) if message.contains("x-goog-upload-url")),
        "{error:?}"
    );
    let seen = server.take();
    assert_eq!(seen.len(), 1, "nothing is sent after the start: {seen:?}");
    assert_eq!(seen[0].path, "/upload/v1beta/files");
}

/// The server has every byte and has finalized the file, but the connection
/// breaks while the client reads the final answer's body. The upload is
/// complete on the server, so the client should ask (`query`), get the
/// "final" answer with the file, and succeed, as it does when the connection
/// breaks before the answer's headers.
#[tokio::test]
async fn a_final_answer_cut_in_its_body_is_recovered_with_a_query() {
    let size = 2 * MIB + 100;
    let source = pseudo_random(size);
    let server = UploadServer::start(vec![(2 * MIB, Fault::KeepAllThenCutBody)]).await;
    let media = Media::from_bytes(source.clone(), MIME).chunk_size(MIB as usize);

    let result = server
        .client()
        .media()
        .upload_media(request("cut body"), media)
        .await;

    assert!(server.finalized());
    assert_same_bytes(&server, &source);
    let response = result.expect("the client recovers the final answer with a query");
    assert_eq!(response.file, Some(expected_file(&source, "cut body")));
    assert_eq!(
        server.requests(),
        vec![
            upload(0, MIB),
            upload(MIB, MIB),
            finalize(2 * MIB, 100),
            query()
        ]
    );
}

/// The server answers a chunk with 200 but keeps only part of it: the client
/// sends the rest of the chunk from where the server says it is.
#[tokio::test]
async fn a_chunk_the_server_kept_only_in_part_is_completed() {
    let size = 2 * MIB + 100;
    let source = pseudo_random(size);
    let server = UploadServer::start(vec![(MIB, Fault::HalfThen200)]).await;
    let media = Media::from_bytes(source.clone(), MIME).chunk_size(MIB as usize);

    let response = server
        .client()
        .media()
        .upload_media(request("partial"), media)
        .await
        .unwrap();

    assert_same_bytes(&server, &source);
    assert_eq!(response.file, Some(expected_file(&source, "partial")));
    assert_eq!(
        server.requests(),
        vec![
            upload(0, MIB),
            upload(MIB, MIB),
            upload(MIB + MIB / 2, MIB / 2),
            finalize(2 * MIB, 100)
        ]
    );
}
