//! Runtime benchmarks (`cargo bench -p apigen-tests --bench runtime`):
//!
//! - SSE decoding: MB/s through the event decoder alone, through the decoder
//!   plus JSON decoding into `GenerateContentResponse`, and end to end through
//!   `stream_generate_content` against a loopback server.
//! - Upload memory: peak resident memory of the whole process while a 1 GiB
//!   stream is uploaded in 8 MiB chunks to a loopback server.
//!
//! Each figure is the median of several runs, with the spread (min–max).

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;

use apigen_runtime::EventDecoder;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, Response};
use axum::routing::post;
use axum::Router;
use futures_util::StreamExt;
use gemini_v1beta::types::{
    CreateFileRequest, File, GenerateContentRequest, GenerateContentResponse,
};
use gemini_v1beta::{Client, Media};
use tokio::io::{AsyncRead, ReadBuf};

const RUNS: usize = 7;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    // First, while the process is still small: peak memory is a high-water mark.
    runtime.block_on(upload_memory());
    let body = sse_body(20_000);
    println!(
        "SSE body: {} events, {:.1} MB",
        20_000,
        body.len() as f64 / 1e6
    );
    report("SSE decoder alone", "MB/s", measure(|| decode_only(&body)));
    report(
        "SSE decoder + JSON decode",
        "MB/s",
        measure(|| decode_and_parse(&body)),
    );
    let base = runtime.block_on(sse_server(body.clone()));
    report(
        "SSE end to end (loopback HTTP)",
        "MB/s",
        measure(|| runtime.block_on(end_to_end(&base, body.len()))),
    );
}

/// One realistic streamed chunk: a candidate with text, safety ratings and usage.
fn sse_body(events: usize) -> Vec<u8> {
    let text = "The quick brown fox jumps over the lazy dog. ".repeat(6);
    let event = serde_json::json!({
        "candidates": [{
            "content": {"role": "model", "parts": [{"text": text}]},
            "index": 0,
            "safetyRatings": [
                {"category": "HARM_CATEGORY_HATE_SPEECH", "probability": "NEGLIGIBLE"},
                {"category": "HARM_CATEGORY_DANGEROUS_CONTENT", "probability": "NEGLIGIBLE"},
                {"category": "HARM_CATEGORY_HARASSMENT", "probability": "NEGLIGIBLE"},
                {"category": "HARM_CATEGORY_SEXUALLY_EXPLICIT", "probability": "NEGLIGIBLE"}
            ]
        }],
        "usageMetadata": {"promptTokenCount": 12, "candidatesTokenCount": 60, "totalTokenCount": 72},
        "modelVersion": "gemini-2.0-flash",
        "responseId": "abcdefghijklmnop"
    });
    let line = format!("data: {event}\r\n\r\n");
    line.repeat(events).into_bytes()
}

/// Runs `work` (which returns megabytes processed per second) several times.
fn measure(mut work: impl FnMut() -> f64) -> Vec<f64> {
    work();
    (0..RUNS).map(|_| work()).collect()
}

fn report(what: &str, unit: &str, mut samples: Vec<f64>) {
    samples.sort_by(f64::total_cmp);
    let median = samples[samples.len() / 2];
    println!(
        "{what}: median {median:.0} {unit} (min {:.0}, max {:.0}, {} runs)",
        samples[0],
        samples[samples.len() - 1],
        samples.len()
    );
}

fn decode_only(body: &[u8]) -> f64 {
    let started = Instant::now();
    let mut decoder = EventDecoder::default();
    let mut events = 0;
    for piece in body.chunks(16 * 1024) {
        decoder.push(piece);
        while let Some(event) = decoder.next_event().unwrap() {
            events += event.len().min(1);
        }
    }
    assert_eq!(events, 20_000);
    body.len() as f64 / 1e6 / started.elapsed().as_secs_f64()
}

fn decode_and_parse(body: &[u8]) -> f64 {
    let started = Instant::now();
    let mut decoder = EventDecoder::default();
    let mut tokens = 0;
    for piece in body.chunks(16 * 1024) {
        decoder.push(piece);
        while let Some(event) = decoder.next_event().unwrap() {
            let response: GenerateContentResponse =
                gemini_v1beta::codec::from_slice(&event).unwrap();
            tokens += response
                .usage_metadata
                .map_or(0, |usage| usage.total_token_count);
        }
    }
    assert_eq!(tokens, 72 * 20_000);
    body.len() as f64 / 1e6 / started.elapsed().as_secs_f64()
}

async fn end_to_end(base: &str, size: usize) -> f64 {
    let client = Client::builder()
        .api_key("bench")
        .base_url(base)
        .build()
        .unwrap();
    let started = Instant::now();
    let request = GenerateContentRequest::new().set_model("models/m");
    let mut stream = client
        .models()
        .stream_generate_content(request)
        .await
        .unwrap();
    let mut count = 0;
    while let Some(item) = stream.next().await {
        item.unwrap();
        count += 1;
    }
    assert_eq!(count, 20_000);
    size as f64 / 1e6 / started.elapsed().as_secs_f64()
}

/// A server that answers every request with `body` as one event stream, as fast as it can.
async fn sse_server(body: Vec<u8>) -> String {
    let body = axum::body::Bytes::from(body);
    let app = Router::new().fallback(move || {
        let body = body.clone();
        async move {
            Response::builder()
                .header("content-type", "text/event-stream")
                .body(Body::from(body))
                .unwrap()
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    base
}

/// Peak resident memory of this process so far, in MiB (`VmHWM`).
fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib: f64 = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|number| number.parse().ok())
        .unwrap_or(0.0);
    kib / 1024.0
}

/// A reader of `remaining` pseudo-random bytes that never holds more than one buffer.
struct Generated {
    remaining: u64,
    state: u64,
}

impl AsyncRead for Generated {
    fn poll_read(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let n = (buf.remaining() as u64).min(self.remaining) as usize;
        let mut state = self.state;
        for byte in buf.initialize_unfilled_to(n) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            *byte = state as u8;
        }
        buf.advance(n);
        self.state = state;
        self.remaining -= n as u64;
        Poll::Ready(Ok(()))
    }
}

/// A minimal resumable-upload server that counts the bytes and keeps none.
async fn upload_server() -> String {
    async fn start(State(base): State<String>) -> Response<Body> {
        Response::builder()
            .header("x-goog-upload-url", format!("{base}/session"))
            .header("x-goog-upload-chunk-granularity", "262144")
            .body(Body::empty())
            .unwrap()
    }
    async fn chunk(headers: HeaderMap, body: Body) -> Response<Body> {
        let mut stream = body.into_data_stream();
        let mut received = 0u64;
        while let Some(piece) = stream.next().await {
            received += piece.unwrap().len() as u64;
        }
        let command = headers["x-goog-upload-command"].to_str().unwrap();
        let offset: u64 = headers["x-goog-upload-offset"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        if command.contains("finalize") {
            let file = serde_json::json!({"file": {"name": "files/bench", "sizeBytes": (offset + received).to_string()}});
            Response::builder()
                .header("x-goog-upload-status", "final")
                .body(Body::from(file.to_string()))
                .unwrap()
        } else {
            Response::builder()
                .header("x-goog-upload-status", "active")
                .body(Body::empty())
                .unwrap()
        }
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = Router::new()
        .route("/upload/v1beta/files", post(start))
        .route("/session", post(chunk))
        .with_state(base.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    base
}

async fn upload_memory() {
    const SIZE: u64 = 1 << 30;
    let base = upload_server().await;
    let client = Client::builder()
        .api_key("bench")
        .base_url(base)
        .build()
        .unwrap();
    let before = peak_rss_mib();
    let started = Instant::now();
    let media = Media::from_reader(
        Generated {
            remaining: SIZE,
            state: 0x9E37_79B9_7F4A_7C15,
        },
        SIZE,
        "application/octet-stream",
    );
    let request = CreateFileRequest::new().set_file(File::new().set_display_name("bench"));
    let answer = client.media().upload_media(request, media).await.unwrap();
    let seconds = started.elapsed().as_secs_f64();
    assert_eq!(answer.file.unwrap().size_bytes as u64, SIZE);
    println!(
        "Upload of a 1 GiB stream (8 MiB chunks, loopback): peak RSS {:.1} MiB for the whole process (before the upload {:.1} MiB), {:.0} MB/s",
        peak_rss_mib(),
        before,
        SIZE as f64 / 1e6 / seconds
    );
}
