//! The generated router's resumable upload sessions are bounded: idle ones
//! expire (on a clock the test moves), their number and bytes are capped
//! with clear errors while the server keeps serving, and their ids are
//! unguessable.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use apigen_runtime::server::{ServerError, UploadOptions, UploadedMedia};
use gemini_v1beta::server::{router, Service};
use gemini_v1beta::types::{CreateFileRequest, CreateFileResponse, File};
use gemini_v1beta::{Client, Media, RetryPolicy};

const KIB: usize = 1024;
const GRANULARITY: usize = 256 * KIB;

/// A clock that moves only when the test says so.
#[derive(Clone)]
struct TestClock {
    start: Instant,
    elapsed_ms: Arc<AtomicU64>,
}

impl TestClock {
    fn new() -> Self {
        Self {
            start: Instant::now(),
            elapsed_ms: Arc::default(),
        }
    }

    fn now(&self) -> Instant {
        self.start + Duration::from_millis(self.elapsed_ms.load(Ordering::SeqCst))
    }

    fn advance(&self, by: Duration) {
        self.elapsed_ms
            .fetch_add(by.as_millis() as u64, Ordering::SeqCst);
    }
}

/// A service that stores nothing: it answers each finished upload's size.
struct Uploads {
    options: UploadOptions,
}

impl Service for Uploads {
    fn upload_options(&self, _method_id: &str) -> UploadOptions {
        self.options.clone()
    }

    async fn media_upload_media(
        &self,
        _request: CreateFileRequest,
        media: UploadedMedia,
    ) -> Result<CreateFileResponse, ServerError> {
        let file = File::new()
            .set_name("files/done")
            .set_size_bytes(media.bytes.len() as i64);
        Ok(CreateFileResponse::new().set_file(file))
    }
}

/// The router with `options` on 127.0.0.1; answers its upload URL.
async fn serve(options: UploadOptions) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router(Uploads { options })).await });
    base_url
}

fn client(base_url: &str) -> Client {
    Client::builder()
        .api_key("k")
        .base_url(base_url)
        .retry(RetryPolicy::NONE)
        .build()
        .unwrap()
}

/// One request of the protocol, by hand.
struct Protocol {
    http: reqwest::Client,
    upload_url: String,
}

impl Protocol {
    fn new(base_url: &str) -> Self {
        Self {
            http: reqwest::Client::new(),
            upload_url: format!("{base_url}/upload/v1beta/files"),
        }
    }

    /// Starts a session announcing `length` bytes (if any).
    async fn start(&self, length: Option<u64>) -> reqwest::Response {
        let mut request = self
            .http
            .post(&self.upload_url)
            .header("x-goog-upload-protocol", "resumable")
            .header("x-goog-upload-command", "start");
        if let Some(length) = length {
            request = request.header("x-goog-upload-header-content-length", length.to_string());
        }
        request.send().await.unwrap()
    }

    /// Starts a session and answers its URL.
    async fn session(&self, length: Option<u64>) -> String {
        let started = self.start(length).await;
        assert_eq!(started.status(), 200);
        header(&started, "x-goog-upload-url")
    }

    async fn send(
        &self,
        session: &str,
        command: &str,
        offset: usize,
        bytes: usize,
    ) -> reqwest::Response {
        self.http
            .post(session)
            .header("x-goog-upload-command", command)
            .header("x-goog-upload-offset", offset.to_string())
            .body(vec![7u8; bytes])
            .send()
            .await
            .unwrap()
    }

    async fn query(&self, session: &str) -> reqwest::Response {
        self.http
            .post(session)
            .header("x-goog-upload-command", "query")
            .send()
            .await
            .unwrap()
    }
}

fn header(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// The status and the API error's status name and message.
async fn error(response: reqwest::Response) -> (u16, String, String) {
    let code = response.status().as_u16();
    assert_eq!(header(&response, "x-goog-upload-status"), "final");
    let body: serde_json::Value = response.json().await.unwrap();
    let text = |key: &str| body["error"][key].as_str().unwrap_or_default().to_owned();
    (code, text("status"), text("message"))
}

#[tokio::test]
async fn abandoned_sessions_beyond_the_cap_are_refused_while_the_server_keeps_working() {
    let clock = TestClock::new();
    let now = clock.clone();
    let base_url = serve(
        UploadOptions::new()
            .max_sessions(20)
            .idle_timeout(Duration::from_secs(600))
            .clock(move || now.now()),
    )
    .await;
    let protocol = Protocol::new(&base_url);
    let mut sessions = Vec::new();
    for _ in 0..20 {
        sessions.push(protocol.session(Some(10)).await);
    }
    for _ in 0..50 {
        let (code, status, message) = error(protocol.start(Some(10)).await).await;
        assert_eq!((code, status.as_str()), (429, "RESOURCE_EXHAUSTED"));
        assert!(message.contains("20 upload sessions are open"), "{message}");
    }
    // The open sessions still work; one that ends frees its place.
    let cancelled = protocol
        .http
        .post(&sessions[0])
        .header("x-goog-upload-command", "cancel")
        .send()
        .await
        .unwrap();
    assert_eq!(header(&cancelled, "x-goog-upload-status"), "cancelled");
    let file = client(&base_url)
        .media()
        .upload_media(
            CreateFileRequest::new(),
            Media::from_bytes(b"still served".to_vec(), "text/plain"),
        )
        .await
        .unwrap();
    assert_eq!(file.file.unwrap().size_bytes, 12);
    // Once the abandoned ones are idle long enough, they all make room.
    clock.advance(Duration::from_secs(600));
    for _ in 0..20 {
        protocol.session(Some(10)).await;
    }
}

#[tokio::test]
async fn finished_uploads_give_way_to_new_ones_at_the_cap() {
    let base_url = serve(UploadOptions::new().max_sessions(5)).await;
    let client = client(&base_url);
    for round in 0..12u8 {
        let file = client
            .media()
            .upload_media(
                CreateFileRequest::new(),
                Media::from_bytes(vec![round; 3], "text/plain"),
            )
            .await
            .unwrap_or_else(|error| panic!("upload {round}: {error}"));
        assert_eq!(file.file.unwrap().size_bytes, 3);
    }
}

#[tokio::test]
async fn an_idle_session_expires_and_its_id_then_answers_404() {
    let clock = TestClock::new();
    let now = clock.clone();
    let base_url = serve(
        UploadOptions::new()
            .idle_timeout(Duration::from_secs(600))
            .clock(move || now.now()),
    )
    .await;
    let protocol = Protocol::new(&base_url);
    let session = protocol.session(Some(2 * GRANULARITY as u64)).await;

    // Each request restarts the idle time.
    clock.advance(Duration::from_secs(599));
    let first = protocol.send(&session, "upload", 0, GRANULARITY).await;
    assert_eq!(header(&first, "x-goog-upload-size-received"), "262144");
    clock.advance(Duration::from_secs(599));
    let query = protocol.query(&session).await;
    assert_eq!(header(&query, "x-goog-upload-status"), "active");

    clock.advance(Duration::from_secs(600));
    let gone = protocol.query(&session).await;
    assert_eq!(gone.status(), 404);
    assert_eq!(header(&gone, "x-goog-upload-status"), "cancelled");
    let body: serde_json::Value = gone.json().await.unwrap();
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("expired"),
        "{body}"
    );
    let late = protocol
        .send(&session, "upload, finalize", GRANULARITY, GRANULARITY)
        .await;
    assert_eq!(late.status(), 404);
}

#[tokio::test]
async fn a_session_over_its_byte_cap_is_refused() {
    let cap = 300 * KIB;
    let base_url = serve(
        UploadOptions::new()
            .max_session_bytes(cap as u64)
            .max_total_bytes(3 * GRANULARITY as u64),
    )
    .await;
    let protocol = Protocol::new(&base_url);

    // Announced over the cap: refused at start.
    let (code, status, message) = error(protocol.start(Some(cap as u64 + 1)).await).await;
    assert_eq!((code, status.as_str()), (413, "RESOURCE_EXHAUSTED"));
    assert!(message.contains(&format!("at most {cap}")), "{message}");

    // Not announced: refused at the chunk that would pass it, which is not kept.
    let session = protocol.session(None).await;
    let first = protocol.send(&session, "upload", 0, GRANULARITY).await;
    assert_eq!(first.status(), 200);
    let over = protocol
        .send(&session, "upload, finalize", GRANULARITY, 100 * KIB)
        .await;
    assert_eq!(error(over).await.0, 413);
    let query = protocol.query(&session).await;
    assert_eq!(header(&query, "x-goog-upload-size-received"), "262144");
    let last = protocol
        .send(&session, "upload, finalize", GRANULARITY, 10 * KIB)
        .await;
    assert_eq!(last.status(), 200);

    // All sessions together: three hold 768 KiB, the most; a fourth chunk is refused.
    let (a, b, c) = (
        protocol.session(None).await,
        protocol.session(None).await,
        protocol.session(None).await,
    );
    for session in [&a, &b, &c] {
        let sent = protocol.send(session, "upload", 0, GRANULARITY).await;
        assert_eq!(sent.status(), 200);
    }
    let d = protocol.session(None).await;
    let (code, status, _) = error(protocol.send(&d, "upload", 0, GRANULARITY).await).await;
    assert_eq!((code, status.as_str()), (429, "RESOURCE_EXHAUSTED"));

    // Through the client: a typed API error.
    let refused = client(&base_url)
        .media()
        .upload_media(
            CreateFileRequest::new(),
            Media::from_bytes(vec![0; cap + 1], "application/pdf"),
        )
        .await
        .unwrap_err();
    assert_eq!(refused.api_error().map(|api| api.http_status), Some(413));
}

#[tokio::test]
async fn session_ids_are_distinct_random_and_128_bits() {
    let base_url = serve(UploadOptions::new()).await;
    let protocol = Protocol::new(&base_url);
    let mut ids: Vec<u128> = Vec::new();
    for _ in 0..1_000 {
        let url = protocol.session(None).await;
        let id = url
            .split(['?', '&'])
            .find_map(|pair| pair.strip_prefix("upload_id="))
            .unwrap_or_else(|| panic!("no upload_id in {url}"));
        assert_eq!(id.len(), 32, "{id}");
        ids.push(u128::from_str_radix(id, 16).unwrap());
    }
    // No two close together, in the order given or at all.
    for pair in ids.windows(2) {
        assert!(pair[0].abs_diff(pair[1]) > 1 << 64, "{pair:x?}");
    }
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), ids.len(), "ids repeat");
    // Every one of the 128 bits takes both values across the ids.
    let varying = ids.iter().fold(0u128, |bits, id| bits | (id ^ ids[0]));
    assert!(varying.count_ones() >= 96, "{varying:x}");

    // A guessed id is not a session.
    let guessed = format!("{}?upload_id={:032x}", protocol.upload_url, ids[0] + 1);
    assert_eq!(protocol.query(&guessed).await.status(), 404);
}
