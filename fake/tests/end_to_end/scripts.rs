//! Scripted answers per API key and per `x-fake-session`, and the
//! `/_fake/scripts` admin endpoint that loads, shows and resets them.

use gemini_fake::{Fake, Scope, Scripted, DEFAULT_API_KEY, SCRIPTS_PATH, SESSION_HEADER};
use gemini_v1beta::runtime::Code;
use gemini_v1beta::types::*;
use gemini_v1beta::{Client, RetryPolicy};
use serde_json::{json, Value};

use crate::{expect_error, http, serve};

const MODEL: &str = "models/gemini-2.0-flash";

/// A client of the fake at `base_url` with `key`, and `session` when given.
fn client(base_url: &str, key: &str, session: Option<&str>) -> Client {
    let mut builder = Client::builder()
        .api_key(key)
        .base_url(base_url)
        .retry(RetryPolicy::NONE);
    if let Some(session) = session {
        builder = builder.header(SESSION_HEADER, session);
    }
    builder.build().unwrap()
}

async fn ask(client: &Client) -> Result<String, gemini_v1beta::Error> {
    let request = GenerateContentRequest::new()
        .set_model(MODEL)
        .set_contents([Content::new()
            .set_role("user")
            .set_parts([Part::new().set_text("the stand-in")])]);
    let response = client.models().generate_content(request).await?;
    Ok(response.candidates[0].content.as_ref().unwrap().parts[0]
        .text()
        .unwrap_or_default()
        .to_owned())
}

#[tokio::test]
async fn each_key_and_session_takes_its_own_answers_then_the_shared_ones() {
    let fake = Fake::new().api_keys(["key-a", "key-b"]);
    let (_, fake, base_url) = serve(fake).await;
    fake.script(MODEL, [Scripted::text("shared")]);
    fake.script_for(
        Scope::ApiKey("key-a".into()),
        MODEL,
        [Scripted::text("a's")],
    );
    fake.script_for(
        Scope::Session("s1".into()),
        "gemini-2.0-flash",
        [Scripted::text("s1's first"), Scripted::text("s1's second")],
    );
    let a = client(&base_url, "key-a", None);
    let b = client(&base_url, "key-b", None);
    let s1 = client(&base_url, "key-b", Some("s1"));
    assert_eq!(ask(&s1).await.unwrap(), "s1's first");
    assert_eq!(ask(&b).await.unwrap(), "shared");
    assert_eq!(ask(&a).await.unwrap(), "a's");
    assert_eq!(ask(&s1).await.unwrap(), "s1's second");
    // Every queue is empty now: the stand-in echoes.
    for client in [&a, &b, &s1] {
        assert_eq!(ask(client).await.unwrap(), "the stand-in");
    }
}

#[tokio::test]
async fn a_failed_step_in_one_session_does_not_shift_another_sessions_answers() {
    let (_, fake, base_url) = serve(Fake::new()).await;
    for session in ["one", "two"] {
        fake.script_for(
            Scope::Session(session.into()),
            MODEL,
            [
                Scripted::error(gemini_v1beta::server::ServerError::unavailable("busy")),
                Scripted::text(format!("{session}: step 2")),
            ],
        );
    }
    let one = client(&base_url, DEFAULT_API_KEY, Some("one"));
    let two = client(&base_url, DEFAULT_API_KEY, Some("two"));
    // Session one fails its first step and retries; session two is untouched.
    expect_error(ask(&one).await, "UNAVAILABLE");
    assert_eq!(ask(&one).await.unwrap(), "one: step 2");
    expect_error(ask(&two).await, "UNAVAILABLE");
    assert_eq!(ask(&two).await.unwrap(), "two: step 2");
    // A request refused before it is answered (no contents) takes no answer.
    fake.script_for(
        Scope::Session("one".into()),
        MODEL,
        [Scripted::text("kept")],
    );
    let empty = GenerateContentRequest::new().set_model(MODEL);
    expect_error(
        one.models().generate_content(empty).await,
        "INVALID_ARGUMENT",
    );
    assert_eq!(ask(&one).await.unwrap(), "kept");
}

/// `verb` on the admin endpoint with `headers`, and `body`: the status and JSON answer.
async fn admin(
    base_url: &str,
    verb: reqwest::Method,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, Value) {
    let mut request = reqwest::Client::new()
        .request(verb, format!("{base_url}{SCRIPTS_PATH}"))
        .body(body.to_owned());
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn the_admin_endpoint_loads_shows_and_resets_a_callers_scripts() {
    let (_, _, base_url) = serve(Fake::new().api_keys(["k", "other"])).await;
    let session = [("x-goog-api-key", "k"), (SESSION_HEADER, "s")];
    let script = r#"{"gemini-2.0-flash": [{"text": "over HTTP"}, {"text": "again"}],
                     "apiKeys": {"other": {"gemini-2.0-flash": [{"text": "other's"}]}}}"#;
    let (status, answer) = admin(&base_url, reqwest::Method::POST, &session, script).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        answer,
        json!({"scope": {"session": "s"}, "queued": {MODEL: 2}})
    );

    let s = client(&base_url, "k", Some("s"));
    let keyed = client(&base_url, "k", None);
    let other = client(&base_url, "other", None);
    assert_eq!(ask(&keyed).await.unwrap(), "the stand-in");
    assert_eq!(ask(&s).await.unwrap(), "over HTTP");
    assert_eq!(ask(&other).await.unwrap(), "other's");

    let (_, shown) = admin(&base_url, reqwest::Method::GET, &session, "").await;
    assert_eq!(shown["queued"], json!({MODEL: 1}));
    let (status, reset) = admin(&base_url, reqwest::Method::DELETE, &session, "").await;
    assert_eq!((status, &reset["queued"]), (200, &json!({})));
    assert_eq!(ask(&s).await.unwrap(), "the stand-in");

    // Without a session header the scope is the key.
    let by_key = [("x-goog-api-key", "k")];
    let one = r#"{"gemini-2.0-flash": [{"text": "k's"}]}"#;
    let (_, answer) = admin(&base_url, reqwest::Method::POST, &by_key, one).await;
    assert_eq!(answer["scope"], json!({"apiKey": "k"}));
    assert_eq!(ask(&s).await.unwrap(), "k's");
}

#[tokio::test]
async fn the_admin_endpoint_is_guarded_and_refuses_bad_scripts_whole() {
    let (_, _, base_url) = serve(Fake::new()).await;
    let script = r#"{"gemini-2.0-flash": [{"text": "x"}]}"#;
    let (status, answer) = admin(&base_url, reqwest::Method::POST, &[], script).await;
    assert_eq!(
        (status, &answer["error"]["status"]),
        (403, &json!("PERMISSION_DENIED"))
    );
    let wrong = [("x-goog-api-key", "wrong")];
    let (status, answer) = admin(&base_url, reqwest::Method::POST, &wrong, script).await;
    assert_eq!(
        (status, &answer["error"]["status"]),
        (400, &json!("INVALID_ARGUMENT"))
    );

    let key = [("x-goog-api-key", DEFAULT_API_KEY)];
    for bad in [
        "not json",
        r#"{"gemini-2.0-flash": [{"text": "fine"}, {"text": "a", "blocked": "SAFETY"}]}"#,
        r#"{"sessions": {"s": {"m": [{"error": {"code": 418}}]}}}"#,
    ] {
        let (status, answer) = admin(&base_url, reqwest::Method::POST, &key, bad).await;
        assert_eq!(status, 400, "{bad}: {answer}");
        assert!(
            !answer["error"]["message"].as_str().unwrap().is_empty(),
            "{answer}"
        );
    }
    let response = reqwest::Client::new()
        .post(format!("{base_url}{SCRIPTS_PATH}?key={DEFAULT_API_KEY}"))
        .body(vec![b'{', 0xff, b'}'])
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status().as_u16(),
        400,
        "a key in the query works too"
    );
    let answer: Value = response.json().await.unwrap();
    assert_eq!(answer["error"]["message"], "a script is JSON text in UTF-8");
    let (_, shown) = admin(&base_url, reqwest::Method::GET, &key, "").await;
    assert_eq!(shown["queued"], json!({}), "a bad script queues nothing");

    // Other paths under /_fake/ are no API method, and other verbs are refused.
    let response = http()
        .post(format!("{base_url}/_fake/other"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 404);
    let response = http()
        .put(format!("{base_url}{SCRIPTS_PATH}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 405);
}

#[tokio::test]
async fn scripted_errors_carry_error_info_so_a_bad_key_can_be_reproduced() {
    let (client, fake, _) = serve(Fake::new()).await;
    fake.load_script(
        r#"{"gemini-2.0-flash": [
            {"error": {"code": 400, "message": "API key not valid. Please pass a valid API key.",
                       "reason": "API_KEY_INVALID",
                       "metadata": {"service": "generativelanguage.googleapis.com"}}},
            {"error": {"code": 429, "message": "Quota exceeded", "retryDelay": "3s",
                       "reason": "RATE_LIMIT_EXCEEDED", "domain": "googleapis.com",
                       "metadata": {"quota_limit": "GenerateRequestsPerMinute"}}}
        ]}"#,
    )
    .unwrap();
    fake.script(MODEL, [Scripted::api_key_invalid()]);
    let error = ask(&client).await.unwrap_err();
    assert_eq!(error.reason(), Some("API_KEY_INVALID"));
    let info = error
        .api_error()
        .unwrap()
        .status
        .error_info()
        .unwrap()
        .clone();
    assert_eq!(info.domain, "googleapis.com");
    assert_eq!(
        info.metadata["service"],
        "generativelanguage.googleapis.com"
    );

    let error = ask(&client).await.unwrap_err();
    let api = error.api_error().unwrap();
    assert_eq!(api.status.code, Code::ResourceExhausted);
    assert_eq!(error.reason(), Some("RATE_LIMIT_EXCEEDED"));
    assert_eq!(
        api.status.retry_delay(),
        Some(std::time::Duration::from_secs(3))
    );
    assert_eq!(
        api.status.error_info().unwrap().metadata["quota_limit"],
        "GenerateRequestsPerMinute"
    );

    // The same answer the fake gives a wrong key.
    let error = ask(&client).await.unwrap_err();
    assert_eq!(error.reason(), Some("API_KEY_INVALID"));
    assert_eq!(error.api_error().unwrap().http_status, 400);
}
