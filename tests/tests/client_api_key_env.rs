//! Where `Client::new` finds the API key: `GOOGLE_API_KEY` first, then
//! `GEMINI_API_KEY`, as the official SDKs do; with both set, a warning names
//! the variable used and never a key. This file holds one test because the
//! environment is shared by the whole test process.

use std::sync::{Arc, Mutex};

use apigen_tests::{RecordingServer, Reply};
use gemini_v1beta::types::GetModelRequest;
use gemini_v1beta::Client;
use serde_json::json;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// A subscriber that keeps each event's fields as `name=value` text.
#[derive(Clone, Default)]
struct Events(Arc<Mutex<Vec<String>>>);

impl Visit for Events {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if let Some(last) = self.0.lock().unwrap().last_mut() {
            last.push_str(&format!(" {}={value:?}", field.name()));
        }
    }
}

impl Subscriber for Events {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        self.0
            .lock()
            .unwrap()
            .push(event.metadata().level().to_string());
        event.record(&mut self.clone());
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

/// Builds a client from the environment for `server`, with the events logged meanwhile.
fn client_from_env(server: &RecordingServer) -> (Client, Vec<String>) {
    let events = Events::default();
    let client = tracing::subscriber::with_default(events.clone(), || {
        Client::builder()
            .base_url(server.base_url())
            .build()
            .unwrap()
    });
    let logged = events.0.lock().unwrap().clone();
    (client, logged)
}

/// The API key the server saw on one call.
async fn key_sent(client: &Client, server: &RecordingServer) -> String {
    let request = GetModelRequest::new().set_name("models/m");
    client.models().get(request).await.unwrap();
    let recorded = server.take();
    recorded[0].headers["x-goog-api-key"]
        .to_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn google_api_key_comes_first_and_a_warning_names_it() {
    let server = RecordingServer::start(|_| Reply::Json(200, json!({"name": "models/m"}))).await;

    std::env::set_var("GEMINI_API_KEY", "gemini-secret");
    std::env::remove_var("GOOGLE_API_KEY");
    let (client, logged) = client_from_env(&server);
    assert_eq!(key_sent(&client, &server).await, "gemini-secret");
    assert!(
        logged.iter().all(|event| !event.starts_with("WARN")),
        "{logged:?}"
    );

    std::env::set_var("GOOGLE_API_KEY", "google-secret");
    let (client, logged) = client_from_env(&server);
    assert_eq!(key_sent(&client, &server).await, "google-secret");
    let warnings: Vec<&String> = logged.iter().filter(|e| e.starts_with("WARN")).collect();
    assert_eq!(warnings.len(), 1, "{logged:?}");
    assert!(
        warnings[0].contains("used=\"GOOGLE_API_KEY\""),
        "{warnings:?}"
    );
    assert!(warnings[0].contains("GEMINI_API_KEY"), "{warnings:?}");
    assert!(
        !warnings[0].contains("secret"),
        "no key in the log: {warnings:?}"
    );
}
