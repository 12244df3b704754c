//! OAuth 2 through the generated client, with a service account key whose
//! `token_uri` is a loopback token endpoint: the token is sent as a bearer
//! token, kept while it is fresh and fetched again before it expires; a
//! failing token endpoint or an unusable key is `Error::Auth`, and neither
//! the key nor a token shows in errors or `Debug` output.

use apigen_tests::{service_account_key, token_endpoint, RecordingServer, Reply};
use base64::Engine;
use gemini_v1beta::client::CONFIG;
use gemini_v1beta::runtime::GoogleTokenSource;
use gemini_v1beta::types::GetModelRequest;
use gemini_v1beta::{Client, Error, RetryPolicy};
use serde_json::{json, Value};

/// An API server that answers every call with a model.
async fn api() -> RecordingServer {
    RecordingServer::start(|_| Reply::Json(200, json!({"name": "models/m"}))).await
}

/// A client for `api` with tokens from a service account whose token endpoint is `tokens`.
fn client(api: &RecordingServer, tokens: &RecordingServer) -> Client {
    let key = service_account_key(&format!("{}/token", tokens.base_url()));
    let source = GoogleTokenSource::service_account_json(&key, CONFIG.auth.oauth_scopes).unwrap();
    Client::builder()
        .token_source(source)
        .base_url(api.base_url())
        .retry(RetryPolicy::NONE)
        .build()
        .unwrap()
}

/// Makes `calls` calls through `client`.
async fn call(client: &Client, calls: usize) -> Result<(), Error> {
    for _ in 0..calls {
        client
            .models()
            .get(GetModelRequest::new().set_name("models/m"))
            .await?;
    }
    Ok(())
}

/// The `authorization` header of each request `api` saw.
fn bearers(api: &RecordingServer) -> Vec<String> {
    api.take()
        .iter()
        .map(|request| {
            assert!(request.headers.get("x-goog-api-key").is_none());
            request.headers["authorization"]
                .to_str()
                .unwrap()
                .to_owned()
        })
        .collect()
}

/// The claims of the signed JWT a token request carries as its `assertion`.
fn assertion_claims(form: &Value) -> Value {
    let form = form.as_str().expect("a form body");
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(form).unwrap();
    let grant = pairs.iter().find(|(name, _)| name == "grant_type").unwrap();
    assert_eq!(grant.1, "urn:ietf:params:oauth:grant-type:jwt-bearer");
    let jwt = &pairs
        .iter()
        .find(|(name, _)| name == "assertion")
        .unwrap()
        .1;
    let payload = jwt.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

#[tokio::test]
async fn a_fresh_token_is_sent_as_a_bearer_token_and_kept() {
    let (api, tokens) = (api().await, token_endpoint(3600).await);
    let client = client(&api, &tokens);
    call(&client, 3).await.unwrap();
    assert_eq!(bearers(&api), vec!["Bearer token-1"; 3]);
    let requested = tokens.take();
    assert_eq!(requested.len(), 1, "one token for three calls");
    assert_eq!(requested[0].path, "/token");
    let claims = assertion_claims(requested[0].body.as_ref().unwrap());
    assert_eq!(claims["scope"], CONFIG.auth.oauth_scopes.join(" "));
    assert_eq!(claims["aud"], format!("{}/token", tokens.base_url()));
    assert_eq!(claims["iss"], "tests@apigen-tests.iam.gserviceaccount.com");
    let shown = format!("{client:?}");
    assert!(
        !shown.contains("token-1") && !shown.contains("PRIVATE"),
        "{shown}"
    );
}

#[tokio::test]
async fn a_token_about_to_expire_is_fetched_again_before_the_call() {
    // Ten seconds is inside the margin before expiry in which a token is renewed.
    let (api, tokens) = (api().await, token_endpoint(10).await);
    let client = client(&api, &tokens);
    call(&client, 2).await.unwrap();
    assert_eq!(bearers(&api), vec!["Bearer token-1", "Bearer token-2"]);
    assert_eq!(tokens.take().len(), 2);
}

#[tokio::test]
async fn a_failing_token_endpoint_is_an_auth_error_and_nothing_reaches_the_api() {
    let api = api().await;
    let tokens = RecordingServer::start(|_| {
        Reply::Json(
            400,
            json!({"error": "invalid_grant", "error_description": "no"}),
        )
    })
    .await;
    let error = call(&client(&api, &tokens), 1).await.unwrap_err();
    let Error::Auth(message) = &error else {
        panic!("expected Error::Auth, got {error:?}");
    };
    assert!(!message.contains("PRIVATE"), "{message}");
    assert!(!tokens.take().is_empty());
    assert_eq!(api.take(), vec![], "no request without a token");
}

#[test]
fn an_unusable_service_account_key_is_refused_without_showing_it() {
    let key = json!({
        "private_key": "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1ieXRlcw==\n-----END PRIVATE KEY-----\n",
        "client_email": "tests@apigen-tests.iam.gserviceaccount.com",
        "token_uri": "http://127.0.0.1:9/token",
    });
    let error = GoogleTokenSource::service_account_json(&key.to_string(), &["scope"]).unwrap_err();
    let Error::Auth(message) = &error else {
        panic!("expected Error::Auth, got {error:?}");
    };
    assert!(message.contains("service account key"), "{message}");
    assert!(!message.contains("c2VjcmV0"), "{message}");
    let not_json = GoogleTokenSource::service_account_json("{", &["scope"]).unwrap_err();
    assert!(matches!(not_json, Error::Auth(_)), "{not_json:?}");
}
