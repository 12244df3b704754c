//! Any query string and body decode into a real request message through the
//! server's decoding (or are refused with a 4xx), never a panic or a stack
//! overflow. The first byte picks the method (its body is the whole message,
//! one field, or none); the query string runs up to the first newline and
//! the body is the rest.
#![no_main]

use apigen_runtime::server::{decode_request, Routes, RouteMatch, ServerError};
use apigen_runtime::{Binding, Body, LazyTemplate, Verb};
use gemini_v1beta::types::{GenerateContentRequest, ListModelsRequest, UpdateCachedContentRequest};
use libfuzzer_sys::fuzz_target;

static GENERATE: Binding = Binding {
    method_id: "models.generateContent",
    verb: Verb::Post,
    path: LazyTemplate::new("/v1beta/{model=models/*}:generateContent"),
    body: Body::All,
    idempotent: false,
};
static PATCH: Binding = Binding {
    method_id: "cachedContents.patch",
    verb: Verb::Patch,
    path: LazyTemplate::new("/v1beta/{cachedContent.name=cachedContents/*}"),
    body: Body::Field("cachedContent"),
    idempotent: false,
};
static LIST: Binding = Binding {
    method_id: "models.list",
    verb: Verb::Get,
    path: LazyTemplate::new("/v1beta/models"),
    body: Body::None,
    idempotent: true,
};

fuzz_target!(|data: &[u8]| {
    let Some((&method, rest)) = data.split_first() else {
        return;
    };
    let split = rest.iter().position(|&byte| byte == b'\n').unwrap_or(rest.len());
    let query = String::from_utf8_lossy(&rest[..split]);
    let body = rest.get(split + 1..).unwrap_or_default();
    let (binding, path) = match method % 3 {
        0 => (&GENERATE, "/v1beta/models/m:generateContent"),
        1 => (&PATCH, "/v1beta/cachedContents/c"),
        _ => (&LIST, "/v1beta/models"),
    };
    let RouteMatch::Found { captures, .. } = Routes::new(&[binding]).find(binding.verb.as_str(), path) else {
        panic!("{path} matches {}", binding.method_id);
    };
    let refused = |error: ServerError| assert!((400..500).contains(&error.code), "{error}");
    match method % 3 {
        0 => decode_request::<GenerateContentRequest>(binding, captures, &query, body).map(drop),
        1 => decode_request::<UpdateCachedContentRequest>(binding, captures, &query, body).map(drop),
        _ => decode_request::<ListModelsRequest>(binding, captures, &query, body).map(drop),
    }
    .unwrap_or_else(refused);
});
