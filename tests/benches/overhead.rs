//! Client overhead (`cargo bench -p apigen-tests --bench overhead`): a
//! generateContent round trip against a loopback server through the generated
//! client, against a hand-written reqwest + serde_json call that sends the
//! same request and decodes the response into hand-written serde structs of
//! the fields it carries.
//!
//! Each figure is the median time per call over several batches, with the
//! spread. Last, request transcoding alone: the same request split into path,
//! query and body, next to what the client did per call before it encoded
//! requests straight into their HTTP parts (encode as a `serde_json::Value`,
//! then write the body out of it; the split itself not counted), and the
//! split of two requests whose fields go to the query string and the path
//! (`chunks.list`, `corpora.patch`).

use std::time::{Duration, Instant};

use apigen_runtime::{Binding, Body, FieldMask, LazyTemplate, Verb};
use apigen_tests::{RecordingServer, Reply};
use gemini_v1beta::types::{
    Content, Corpus, GenerateContentRequest, GenerationConfig, ListChunksRequest, Part,
    UpdateCorpusRequest,
};
use serde_json::json;

const CALLS: usize = 500;
const BATCHES: usize = 9;
/// Requests transcoded per batch when timing transcoding alone.
const SPLITS: usize = 50_000;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let answer = json!({
            "candidates": [{"content": {"role": "model", "parts": [{"text": "The sky is blue because of Rayleigh scattering."}]},
                            "finishReason": "STOP", "index": 0,
                            "safetyRatings": [{"category": "HARM_CATEGORY_HARASSMENT", "probability": "NEGLIGIBLE"}]}],
            "usageMetadata": {"promptTokenCount": 8, "candidatesTokenCount": 10, "totalTokenCount": 18},
            "modelVersion": "gemini-2.0-flash"
        });
        let server = RecordingServer::start(move |_| Reply::Json(200, answer.clone())).await;
        let client = server.gemini_client();
        let http = reqwest::Client::new();
        let url = format!("{}/v1beta/models/gemini-2.0-flash:generateContent", server.base_url());

        let mut generated = Vec::new();
        let mut hand_written = Vec::new();
        for _ in 0..BATCHES {
            hand_written.push(batch(|| async {
                let body = json!({
                    "contents": [{"role": "user", "parts": [{"text": "Why is the sky blue?"}]}],
                    "generationConfig": {"temperature": 0.5, "maxOutputTokens": 256}
                });
                let response = http
                    .post(&url)
                    .header("x-goog-api-key", "test-key")
                    .header("content-type", "application/json")
                    .body(serde_json::to_vec(&body).unwrap())
                    .send()
                    .await
                    .unwrap();
                assert!(response.status().is_success());
                let bytes = response.bytes().await.unwrap();
                let decoded: HandWrittenResponse = serde_json::from_slice(&bytes).unwrap();
                decoded.candidates.len()
            })
            .await);
            generated.push(batch(|| async { client.models().generate_content(request()).await.unwrap().candidates.len() }).await);
            server.take();
        }
        let generated = median(generated);
        let hand_written = median(hand_written);
        println!("hand-written reqwest + serde_json: {}", describe(hand_written, CALLS));
        println!("generated client: {}", describe(generated, CALLS));
        let overhead = (generated.0.as_secs_f64() / hand_written.0.as_secs_f64() - 1.0) * 100.0;
        println!("overhead of the generated client: {overhead:+.1}% (median against median)");
    });
    transcoding();
}

/// The binding of `models.generateContent`, as the generated client declares it.
static GENERATE_CONTENT: Binding = Binding {
    method_id: "models.generateContent",
    verb: Verb::Post,
    path: LazyTemplate::new("/v1beta/{model=models/*}:generateContent"),
    body: Body::All,
    idempotent: false,
};

/// The binding of `corpora.documents.chunks.list`: the page fields go to the query string.
static LIST_CHUNKS: Binding = Binding {
    method_id: "corpora.documents.chunks.list",
    verb: Verb::Get,
    path: LazyTemplate::new("/v1beta/{parent=corpora/*/documents/*}/chunks"),
    body: Body::None,
    idempotent: true,
};

/// The binding of `corpora.patch`: the corpus is the body and holds the path's name.
static PATCH_CORPUS: Binding = Binding {
    method_id: "corpora.patch",
    verb: Verb::Patch,
    path: LazyTemplate::new("/v1beta/{corpus.name=corpora/*}"),
    body: Body::Field("corpus"),
    idempotent: false,
};

/// Times request transcoding alone, without the network.
fn transcoding() {
    let request = request();
    let split = median(
        (0..BATCHES)
            .map(|_| {
                time_each(|| {
                    let parts = apigen_runtime::transcode::encode(&GENERATE_CONTENT, &request);
                    parts.unwrap().body.map_or(0, |body| body.len())
                })
            })
            .collect(),
    );
    let tree = median(
        (0..BATCHES)
            .map(|_| {
                time_each(|| {
                    let tree = apigen_runtime::json::to_value(&request);
                    serde_json::to_vec(&tree).unwrap().len()
                })
            })
            .collect(),
    );
    println!(
        "request split into path, query and body: {}",
        describe(split, SPLITS)
    );
    println!(
        "request as a serde_json::Value, then its text: {}",
        describe(tree, SPLITS)
    );
    let list = ListChunksRequest::new()
        .set_parent("corpora/c/documents/d")
        .set_page_size(50)
        .set_page_token("next-page");
    let patch = UpdateCorpusRequest::new()
        .set_corpus(Corpus::new().set_name("corpora/c").set_display_name("Docs"))
        .set_update_mask(FieldMask::new(["displayName"]));
    time_split("chunks.list", &LIST_CHUNKS, &list);
    time_split("corpora.patch", &PATCH_CORPUS, &patch);
}

/// Times splitting `request` alone and prints it as `what`'s figure.
fn time_split<M: apigen_runtime::json::Message>(what: &str, binding: &Binding, request: &M) {
    let split = median(
        (0..BATCHES)
            .map(|_| time_each(|| encoded_len(binding, request)))
            .collect(),
    );
    let path = binding.path.as_str();
    println!("{what} ({path}) split: {}", describe(split, SPLITS));
}

/// The length of the path, query and body `request` splits into.
fn encoded_len<M: apigen_runtime::json::Message>(binding: &Binding, request: &M) -> usize {
    let parts = apigen_runtime::transcode::encode(binding, request).unwrap();
    parts.path.len() + parts.query.len() + parts.body.map_or(0, |body| body.len())
}

/// Time per call over `SPLITS` calls of `call`.
fn time_each(call: impl Fn() -> usize) -> Duration {
    let started = Instant::now();
    for _ in 0..SPLITS {
        std::hint::black_box(call());
    }
    started.elapsed() / SPLITS as u32
}

/// The response as a hand-written client would declare it.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct HandWrittenResponse {
    candidates: Vec<HandWrittenCandidate>,
    usage_metadata: Option<serde_json::Value>,
    model_version: Option<String>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct HandWrittenCandidate {
    content: serde_json::Value,
    finish_reason: Option<String>,
    index: Option<i32>,
    safety_ratings: Vec<serde_json::Value>,
}

fn request() -> GenerateContentRequest {
    GenerateContentRequest::new()
        .set_model("models/gemini-2.0-flash")
        .set_contents([Content::new()
            .set_role("user")
            .set_parts([Part::new().set_text("Why is the sky blue?")])])
        .set_generation_config(
            GenerationConfig::new()
                .set_temperature(0.5)
                .set_max_output_tokens(256),
        )
}

/// Time per call over one batch of `CALLS` sequential calls.
async fn batch<F, Fut>(call: F) -> Duration
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = usize>,
{
    let started = Instant::now();
    for _ in 0..CALLS {
        assert_eq!(call().await, 1);
    }
    started.elapsed() / CALLS as u32
}

/// (median, min, max) of the batches.
fn median(mut samples: Vec<Duration>) -> (Duration, Duration, Duration) {
    samples.sort();
    (
        samples[samples.len() / 2],
        samples[0],
        samples[samples.len() - 1],
    )
}

/// The figures of `calls`-call batches, in µs per call.
fn describe((median, min, max): (Duration, Duration, Duration), calls: usize) -> String {
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    format!(
        "median {:.2} µs per call (min {:.2}, max {:.2}, {BATCHES} batches of {calls})",
        us(median),
        us(min),
        us(max)
    )
}
