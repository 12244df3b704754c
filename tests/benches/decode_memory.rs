//! Peak memory of decoding a request on the server
//! (`cargo bench -p apigen-tests --bench decode_memory`): an 8 MB
//! generateContent request whose weight is in `Struct` fields (a function
//! response and a response JSON schema) goes through the generated
//! `server::router`, and a counting allocator records the most memory held
//! at once while the router reads, decodes and answers it. The figure is
//! that peak over the body's size, the body's own buffer included, next to
//! what is held when the method is called (the body and the decoded request).
//!
//! Two bodies: `realistic` (rows of a few fields with some text, a schema
//! with descriptions) and `tiny` (objects of one short member, the worst
//! case for the `serde_json::Map` a `Struct` field is kept in).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use gemini_v1beta::codec;
use gemini_v1beta::server::{axum, router, ServerError, Service};
use gemini_v1beta::types::{GenerateContentRequest, GenerateContentResponse};
use serde_json::{json, Value};
use tower::ServiceExt;

/// The system allocator, counting the bytes held now and the most held since the last reset.
struct Counting;

static HELD: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
/// What was held when the method was called: the decoded request and the body.
static AT_CALL: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            let held = HELD.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(held, Ordering::Relaxed);
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        unsafe { System.dealloc(pointer, layout) };
        HELD.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const BODY_BYTES: usize = 8 * 1024 * 1024;

/// Answers generateContent with an empty response, once the request is decoded.
struct Models;

impl Service for Models {
    async fn models_generate_content(
        &self,
        request: GenerateContentRequest,
    ) -> Result<GenerateContentResponse, ServerError> {
        assert_eq!(request.contents.len(), 1);
        AT_CALL.store(HELD.load(Ordering::Relaxed), Ordering::Relaxed);
        Ok(GenerateContentResponse::new())
    }
}

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    let app = router(Models);
    for (shape, item) in [
        ("realistic", realistic as fn(usize) -> Value),
        ("tiny", tiny),
    ] {
        let body = body(item);
        let size = body.len();
        let request = axum::http::Request::post("/v1beta/models/gemini-2.0-flash:generateContent")
            .header("content-type", "application/json")
            .header("content-length", size)
            .body(axum::body::Body::from(body))
            .unwrap();
        // What is held besides the body, which counts towards the peak.
        let before = HELD.load(Ordering::Relaxed) - size;
        PEAK.store(HELD.load(Ordering::Relaxed), Ordering::Relaxed);
        let response = runtime.block_on(app.clone().oneshot(request)).unwrap();
        assert_eq!(response.status(), 200, "{shape}");
        let peak = PEAK.load(Ordering::Relaxed) - before;
        let at_call = AT_CALL.load(Ordering::Relaxed) - before;
        println!(
            "{shape:>9}: body {:.1} MB, peak {:.1} MB held while serving it: {:.2}x the body \
             ({:.2}x when the method is called: the body and the decoded request)",
            size as f64 / 1e6,
            peak as f64 / 1e6,
            peak as f64 / size as f64,
            at_call as f64 / size as f64
        );
        decode_alone(shape, &self::body(item));
    }
}

/// The codec alone on `body`: its peak and what the decoded request holds,
/// both over the body's size (the body not counted), and its speed.
fn decode_alone(shape: &str, body: &[u8]) {
    let before = HELD.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let request: GenerateContentRequest = codec::from_slice(body).unwrap();
    let peak = PEAK.load(Ordering::Relaxed) - before;
    let kept = HELD.load(Ordering::Relaxed) - before;
    drop(request);
    let rounds = 5;
    let start = Instant::now();
    for _ in 0..rounds {
        drop(codec::from_slice::<GenerateContentRequest>(body).unwrap());
    }
    let speed = (body.len() * rounds) as f64 / start.elapsed().as_secs_f64() / 1e6;
    println!(
        "{shape:>9}: codec::from_slice alone peaks at {:.2}x the body and keeps {:.2}x; {speed:.0} MB/s",
        peak as f64 / body.len() as f64,
        kept as f64 / body.len() as f64,
    );
}

/// A function-response row: a few fields, some text.
fn realistic(index: usize) -> Value {
    json!({"id": index, "name": format!("customer {index}"), "active": !index.is_multiple_of(3),
           "note": "a short free-text note about this customer, as a tool would return it",
           "tags": ["retail", "eu"]})
}

/// An object of one short member.
fn tiny(index: usize) -> Value {
    json!({"k": index % 10})
}

/// A generateContent body of about [`BODY_BYTES`]: half in a function
/// response's `response` (a Struct), half in `generationConfig.responseJsonSchema`.
fn body(item: fn(usize) -> Value) -> Vec<u8> {
    let per_item = serde_json::to_vec(&item(1000)).unwrap().len() + 1;
    let rows: Vec<Value> = (0..BODY_BYTES / 2 / per_item).map(item).collect();
    let properties: serde_json::Map<String, Value> = (0..BODY_BYTES / 2 / (per_item + 12))
        .map(|index| (format!("field{index}"), item(index)))
        .collect();
    let request = json!({
        "contents": [{"role": "user", "parts": [{"functionResponse": {"name": "lookup", "response": {"rows": rows}}}]}],
        "generationConfig": {"responseMimeType": "application/json",
                             "responseJsonSchema": {"type": "object", "properties": properties}}
    });
    let mut body = serde_json::to_vec(&request).unwrap();
    body.shrink_to_fit();
    body
}
