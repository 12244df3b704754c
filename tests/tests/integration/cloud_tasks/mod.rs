//! The second example API, Cloud Tasks v2 (`examples/cloud-tasks`, imported
//! from its protos), generated into its own crate and checked like Gemini:
//! - `table`: one case per method (18, with the locations mixin), the exact
//!   HTTP request Google's transcoding rules give for it, sent by the client
//!   to a recording server and decoded by the generated server;
//! - `in_memory`: a small in-memory Cloud Tasks behind the generated server,
//!   serving the generated client over loopback;
//! - `json_forms`: the JSON forms of its bytes, maps, Durations, Timestamps,
//!   oneofs and enums, an unknown enum value kept.

mod in_memory;
mod json_forms;
mod table;

use cloud_tasks_v2::{Client, RetryPolicy};

/// The access token the tests' clients send, as the header it travels in.
const TOKEN_HEADER: (&str, &str) = ("authorization", "Bearer tasks-token");

/// A client of the server at `base` with a fixed access token and no retries.
fn client(base: &str) -> Client {
    Client::builder()
        .bearer_token("tasks-token")
        .base_url(base)
        .retry(RetryPolicy::NONE)
        .build()
        .expect("a client builds")
}
