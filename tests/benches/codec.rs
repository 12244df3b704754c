//! JSON codec throughput (`cargo bench -p apigen-tests --bench codec`): MB/s
//! decoding and encoding a realistic 1 MB `GenerateContentResponse` (many
//! parts, citations, grounding, safety ratings, usage) and a 1 MB
//! `GenerateContentRequest` that carries an inline image, and encoding them
//! through serde (`serde_json::to_vec`, as a caller's own serde types do).
//! Each figure is the median of several runs, with the spread (min–max).
//! Arguments keep only the figures whose name contains one of them
//! (`-- "Response: decode"`).

use std::time::Instant;

use gemini_v1beta::types::{GenerateContentRequest, GenerateContentResponse};
use serde_json::json;

const RUNS: usize = 9;

fn main() {
    let response = response_json();
    let request = request_json();
    println!(
        "payloads: response {:.2} MB, request {:.2} MB",
        response.len() as f64 / 1e6,
        request.len() as f64 / 1e6
    );
    bench::<GenerateContentResponse>("GenerateContentResponse", &response);
    bench::<GenerateContentRequest>("GenerateContentRequest (inline data)", &request);
}

fn bench<T: Codec>(what: &str, json: &[u8]) {
    let value = T::decode(json);
    let size = json.len() as f64 / 1e6;
    let decode = format!("{what}: decode");
    if wanted(&decode) {
        let samples = measure(size, || {
            std::hint::black_box(T::decode(std::hint::black_box(json)));
        });
        report(&decode, samples);
    }
    let encode = format!("{what}: encode");
    if wanted(&encode) {
        let samples = measure(size, || {
            std::hint::black_box(std::hint::black_box(&value).encode());
        });
        report(&encode, samples);
    }
    let serde_encode = format!("{what}: serde_json::to_vec");
    if wanted(&serde_encode) {
        let samples = measure(size, || {
            std::hint::black_box(serde_json::to_vec(std::hint::black_box(&value)).unwrap());
        });
        report(&serde_encode, samples);
    }
}

/// Whether the command line asks for the figure named `what` (all of them
/// when it names none; cargo's own `--bench` flag is not a name).
fn wanted(what: &str) -> bool {
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|arg| !arg.starts_with("--"))
        .collect();
    filters.is_empty() || filters.iter().any(|filter| what.contains(filter.as_str()))
}

/// How the generated types are read and written: the codec the client and
/// the server use.
trait Codec: Sized + serde::Serialize {
    fn decode(json: &[u8]) -> Self;
    fn encode(&self) -> Vec<u8>;
}

impl<T: gemini_v1beta::codec::Message + serde::Serialize> Codec for T {
    fn decode(json: &[u8]) -> Self {
        gemini_v1beta::codec::from_slice(json).expect("the payload decodes")
    }
    fn encode(&self) -> Vec<u8> {
        gemini_v1beta::codec::to_vec(self)
    }
}

/// MB/s of `work` on `size` MB, one sample per run; each run repeats the
/// work for at least 200 ms.
fn measure(size: f64, mut work: impl FnMut()) -> Vec<f64> {
    work();
    (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            let mut times = 0;
            while started.elapsed().as_millis() < 200 {
                work();
                times += 1;
            }
            size * times as f64 / started.elapsed().as_secs_f64()
        })
        .collect()
}

fn report(what: &str, mut samples: Vec<f64>) {
    samples.sort_by(f64::total_cmp);
    println!(
        "{what}: median {:.0} MB/s (min {:.0}, max {:.0}, {} runs)",
        samples[samples.len() / 2],
        samples[0],
        samples[samples.len() - 1],
        samples.len()
    );
}

/// A long answer: 1,800 parts of prose and function calls, with citations,
/// grounding, safety ratings, log probabilities and usage metadata.
fn response_json() -> Vec<u8> {
    let sentence = "Rayleigh scattering makes short wavelengths of sunlight scatter more, so the sky looks blue. ";
    let parts: Vec<_> = (0..1800)
        .map(|index| {
            if index % 10 == 9 {
                json!({"functionCall": {"id": format!("call-{index}"), "name": "lookup_weather",
                    "args": {"city": "Zürich", "days": 3, "units": ["metric", "kelvin"], "detailed": true}}})
            } else {
                json!({"text": sentence.repeat(1 + index % 3), "thought": index % 7 == 0})
            }
        })
        .collect();
    let citations: Vec<_> = (0..1300)
        .map(|index| {
            json!({"startIndex": index * 40, "endIndex": index * 40 + 35,
            "uri": format!("https://example.com/articles/{index}"), "license": "CC-BY-4.0"})
        })
        .collect();
    let chunks: Vec<_> = (0..1300)
        .map(|index| json!({"web": {"uri": format!("https://example.org/page/{index}"), "title": format!("Page {index}")}}))
        .collect();
    let supports: Vec<_> = (0..1300)
        .map(|index| json!({"segment": {"partIndex": index % 1800, "startIndex": index, "endIndex": index + 80, "text": "the sky looks blue"},
            "groundingChunkIndices": [index, (index + 1) % 1300], "confidenceScores": [0.93, 0.71]}))
        .collect();
    let ratings: Vec<_> = [
        "HARM_CATEGORY_HARASSMENT",
        "HARM_CATEGORY_HATE_SPEECH",
        "HARM_CATEGORY_SEXUALLY_EXPLICIT",
        "HARM_CATEGORY_DANGEROUS_CONTENT",
    ]
    .iter()
    .map(|category| json!({"category": category, "probability": "NEGLIGIBLE"}))
    .collect();
    let logprobs: Vec<_> = (0..3600)
        .map(|index| json!({"token": format!("tok{index}"), "tokenId": index, "logProbability": -0.125 * (index % 9) as f64}))
        .collect();
    let response = json!({
        "candidates": [{
            "content": {"role": "model", "parts": parts},
            "finishReason": "STOP",
            "index": 0,
            "safetyRatings": ratings,
            "citationMetadata": {"citationSources": citations},
            "groundingMetadata": {"groundingChunks": chunks, "groundingSupports": supports, "webSearchQueries": ["why is the sky blue"]},
            "avgLogprobs": -0.42,
            "logprobsResult": {"chosenCandidates": logprobs},
        }],
        "usageMetadata": {"promptTokenCount": 12, "candidatesTokenCount": 250000, "totalTokenCount": 250012,
            "promptTokensDetails": [{"modality": "TEXT", "tokenCount": 12}]},
        "modelVersion": "gemini-2.0-flash",
        "responseId": "resp-0123456789",
    });
    serde_json::to_vec(&response).unwrap()
}

/// A prompt with a 700 KB inline image, text, tools and a generation config.
fn request_json() -> Vec<u8> {
    use base64::Engine;
    let image: Vec<u8> = (0..700_000u32)
        .map(|index| (index * 31 % 251) as u8)
        .collect();
    let data = base64::engine::general_purpose::STANDARD.encode(&image);
    let request = json!({
        "model": "models/gemini-2.0-flash",
        "contents": [{"role": "user", "parts": [
            {"text": "Describe this picture in detail."},
            {"inlineData": {"mimeType": "image/png", "data": data}},
        ]}],
        "tools": [{"functionDeclarations": [{"name": "lookup_weather", "description": "Weather for a city.",
            "parameters": {"type": "OBJECT", "properties": {"city": {"type": "STRING"}}, "required": ["city"]}}]}],
        "generationConfig": {"temperature": 0.5, "topP": 0.95, "maxOutputTokens": 8192, "candidateCount": 1},
        "safetySettings": [{"category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_ONLY_HIGH"}],
    });
    serde_json::to_vec(&request).unwrap()
}
