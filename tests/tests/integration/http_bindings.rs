//! Every REST method of the generated Gemini client, called against a
//! loopback server: the exact verb, path, query and JSON body each one sends
//! (the wire forms of [`method_table`]), the API key header, and the answer
//! the client decodes.

use std::sync::{Arc, Mutex};

use apigen_tests::{RecordingServer, Reply};
use gemini_v1beta::types::*;
use gemini_v1beta::Error;
use serde_json::{json, Value};

use crate::method_table::{cases, differences, Wire};

/// How the test server answers a case's `answer`: streamed events as SSE,
/// nothing as `{}`, a message as itself.
fn reply(answer: &Value) -> Reply {
    match answer {
        Value::Array(events) => Reply::Sse(
            events
                .iter()
                .map(|event| format!("data: {event}\n\n"))
                .collect(),
        ),
        Value::Null => Reply::Json(200, json!({})),
        message => Reply::Json(200, message.clone()),
    }
}

/// Each case's request, sent by the generated client: one request on the
/// wire, equal to the case's wire form, with the API key; the client decodes
/// the case's answer. Every mismatch of every method is reported at once.
#[tokio::test]
async fn every_method_sends_its_wire_form() {
    let answer = Arc::new(Mutex::new(Reply::Json(200, json!({}))));
    let server = {
        let answer = answer.clone();
        RecordingServer::start(move |_| answer.lock().unwrap().clone()).await
    };
    let mut failures = Vec::new();
    let cases = cases();
    for case in &cases {
        *answer.lock().unwrap() = reply(&case.answer);
        let result = case.call(server.gemini_client()).await;
        let mut problems = Vec::new();
        match server.take().as_slice() {
            [sent] => {
                let wire = Wire {
                    verb: case.wire.verb,
                    path: sent.path.clone(),
                    query: sent.query.clone(),
                    body: sent.body.clone(),
                };
                if sent.method != case.wire.verb || wire != case.wire {
                    problems.push(format!(
                        "expected {:?}\n    sent     {} {wire:?}",
                        case.wire, sent.method
                    ));
                }
                let key = sent.headers.get("x-goog-api-key");
                if key.and_then(|key| key.to_str().ok()) != Some("test-key") {
                    problems.push(format!("the API key header was {key:?}"));
                }
            }
            sent => problems.push(format!("expected one request, sent {sent:#?}")),
        }
        match result {
            Ok(decoded) => {
                let diffs = differences(&case.decoded, &decoded.json);
                if !diffs.is_empty() {
                    problems.push(format!("decoded another answer: {}", diffs.join("; ")));
                }
                if let Some(unknown) = decoded.unknown {
                    problems.push(format!("the answer has unknown parts: {unknown}"));
                }
            }
            Err(error) => problems.push(format!("the call failed: {error:?}")),
        }
        if !problems.is_empty() {
            failures.push(format!("{}:\n  {}", case.id, problems.join("\n  ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases went wrong:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

/// A resource name that does not match its path template is refused before
/// anything is sent.
#[tokio::test]
async fn names_that_do_not_match_the_template_are_refused() {
    let server = RecordingServer::start(|_| Reply::Json(200, json!({}))).await;
    let client = server.gemini_client();

    for name in ["files/x", "corpora/a/b", "corpora/..", "corpora/", ""] {
        let result = client
            .corpora()
            .get(GetCorpusRequest::new().set_name(name))
            .await;
        assert!(
            matches!(result, Err(Error::InvalidRequest(_))),
            "corpora.get with name {name:?} gave {result:?}"
        );
    }

    // A parent where a document name is expected.
    let result = client
        .corpora()
        .documents()
        .get(GetDocumentRequest::new().set_name("corpora/manuals"))
        .await;
    assert!(
        matches!(result, Err(Error::InvalidRequest(_))),
        "corpora.documents.get with a corpus name gave {result:?}"
    );

    // A dotted path variable whose message is absent, or names another resource.
    for corpus in [None, Some(Corpus::new().set_name("tunedModels/x"))] {
        let mut request = UpdateCorpusRequest::new();
        request.corpus = corpus.clone();
        let result = client.corpora().patch(request).await;
        assert!(
            matches!(result, Err(Error::InvalidRequest(_))),
            "corpora.patch with corpus {corpus:?} gave {result:?}"
        );
    }

    assert_eq!(server.take(), Vec::new(), "nothing should have been sent");
}
