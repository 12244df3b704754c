//! Where `Client::new` finds credentials: the API key in `GOOGLE_API_KEY`
//! first, then `GEMINI_API_KEY`, as the official SDKs do (with both set, a
//! warning names the variable used and never a key); then Application
//! Default Credentials (this crate builds the client with its `oauth`
//! feature). With none, building fails and names every place it looked.
//! The environment is shared by the whole test process, so each test holds
//! `ENV` while it changes it.

use std::sync::{Arc, Mutex};

use apigen_tests::{service_account_key, token_endpoint, RecordingServer, Reply};
use gemini_v1beta::types::GetModelRequest;
use gemini_v1beta::{Client, Error};
use serde_json::json;

/// Held by each test while it changes the environment.
static ENV: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Every variable the client's search reads.
const SEARCHED: &[&str] = &[
    "GOOGLE_API_KEY",
    "GEMINI_API_KEY",
    "GOOGLE_APPLICATION_CREDENTIALS",
    "GCE_METADATA_HOST",
];

/// Clears what the search reads, with a home directory that holds no gcloud
/// credentials; the directory lives as long as the value returned.
fn empty_environment() -> tempfile::TempDir {
    for name in SEARCHED {
        std::env::remove_var(name);
    }
    let home = tempfile::tempdir().unwrap();
    std::env::set_var("HOME", home.path());
    std::env::set_var("APPDATA", home.path());
    home
}
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
    let _env = ENV.lock().await;
    let _home = empty_environment();
    let server = RecordingServer::start(|_| Reply::Json(200, json!({"name": "models/m"}))).await;

    std::env::set_var("GEMINI_API_KEY", "gemini-secret");
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

#[tokio::test]
async fn without_credentials_building_fails_and_names_every_place_it_looked() {
    let _env = ENV.lock().await;
    let home = empty_environment();
    let error = Client::new().unwrap_err();
    let Error::NoCredentials { looked } = &error else {
        panic!("expected NoCredentials, got {error:?}");
    };
    let gcloud = if cfg!(windows) {
        home.path().join("gcloud")
    } else {
        home.path().join(".config").join("gcloud")
    };
    let gcloud = gcloud.join("application_default_credentials.json");
    assert_eq!(
        looked,
        &[
            "$GOOGLE_API_KEY".to_owned(),
            "$GEMINI_API_KEY".to_owned(),
            "$GOOGLE_APPLICATION_CREDENTIALS".to_owned(),
            gcloud.display().to_string(),
            "the metadata server (not on Google Cloud)".to_owned(),
        ]
    );
    let message = error.to_string();
    assert!(message.contains("$GEMINI_API_KEY"), "{message}");
    assert!(message.contains("without_credentials"), "{message}");

    // An empty variable is not a key.
    std::env::set_var("GOOGLE_API_KEY", "");
    assert!(matches!(Client::new(), Err(Error::NoCredentials { .. })));
    // The explicit way to send nothing, for a local server.
    Client::builder().without_credentials().build().unwrap();
}

#[tokio::test]
async fn application_default_credentials_come_from_the_key_file_the_variable_names() {
    let _env = ENV.lock().await;
    let home = empty_environment();
    let tokens = token_endpoint(3600).await;
    let server = RecordingServer::start(|_| Reply::Json(200, json!({"name": "models/m"}))).await;
    let key_file = home.path().join("service-account.json");
    std::fs::write(
        &key_file,
        service_account_key(&format!("{}/token", tokens.base_url())),
    )
    .unwrap();
    std::env::set_var("GOOGLE_APPLICATION_CREDENTIALS", &key_file);

    let client = Client::builder()
        .base_url(server.base_url())
        .build()
        .unwrap();
    let request = GetModelRequest::new().set_name("models/m");
    client.models().get(request.clone()).await.unwrap();
    client.models().get(request).await.unwrap();
    let sent = server.take();
    for call in &sent {
        assert_eq!(call.headers["authorization"], "Bearer token-1");
    }
    assert_eq!(sent.len(), 2);
    assert_eq!(tokens.take().len(), 1, "the token is kept while fresh");

    // An API key in the environment comes first.
    std::env::set_var("GEMINI_API_KEY", "gemini-secret");
    let (client, _) = client_from_env(&server);
    assert_eq!(key_sent(&client, &server).await, "gemini-secret");
}

#[tokio::test]
async fn a_credentials_variable_naming_no_file_is_refused_at_once() {
    let _env = ENV.lock().await;
    let home = empty_environment();
    let missing = home.path().join("no-such-key.json");
    std::env::set_var("GOOGLE_APPLICATION_CREDENTIALS", &missing);
    let error = Client::new().unwrap_err();
    let Error::Config(message) = &error else {
        panic!("expected Config, got {error:?}");
    };
    assert!(
        message.contains("GOOGLE_APPLICATION_CREDENTIALS"),
        "{message}"
    );
    assert!(message.contains("no-such-key.json"), "{message}");
}
