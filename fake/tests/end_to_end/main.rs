//! The generated client against the fake on a loopback port.

mod cached_contents;
mod files;
mod generation;
mod in_process;
mod keys;
mod models;
mod permissions;
mod proto3_json;
mod retriever;
mod scripts;
mod seeds;
mod tuned_models;
mod wire;

use gemini_fake::{Clock, Fake, DEFAULT_API_KEY};
use gemini_v1beta::{Client, Error, RetryPolicy};

/// A fresh fake on a manual clock (the test moves time with
/// `fake.clock().advance(…)`), served on 127.0.0.1:0, with a client for it
/// and a handle on its state.
pub async fn start() -> (Client, Fake, String) {
    serve(Fake::with_clock(Clock::manual())).await
}

/// `fake` served on 127.0.0.1:0, with a client for it and a handle on its state.
pub async fn serve(fake: Fake) -> (Client, Fake, String) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(fake.clone().serve(listener));
    let client = Client::builder()
        .api_key(DEFAULT_API_KEY)
        .base_url(&base_url)
        .retry(RetryPolicy::NONE)
        .build()
        .unwrap();
    (client, fake, base_url)
}

/// A plain HTTP client that sends the fake's default API key with every request.
pub fn http() -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        "x-goog-api-key",
        reqwest::header::HeaderValue::from_static(DEFAULT_API_KEY),
    );
    reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap()
}

/// The API error's status name and HTTP status, checking they agree with its code.
pub fn status(error: Error) -> (String, u16) {
    let api = error
        .api_error()
        .unwrap_or_else(|| panic!("not an API error: {error:?}"));
    assert_eq!(api.code, i32::from(api.http_status), "{api:?}");
    assert!(!api.status.message.is_empty());
    (api.status.code.to_string(), api.http_status)
}

/// Asserts `result` failed with the API status `expected` and answers the message.
#[track_caller]
pub fn expect_error<T: std::fmt::Debug>(result: Result<T, Error>, expected: &str) -> String {
    let error = result.expect_err("the call should fail");
    let message = error
        .api_error()
        .map(|api| api.status.message.clone())
        .unwrap_or_default();
    let (status, _) = status(error);
    assert_eq!(status, expected, "{message}");
    message
}
