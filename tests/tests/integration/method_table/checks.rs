//! The two checks every table runs: the generated client against a
//! recording server, and the generated server against the wire forms.

use std::sync::{Arc, Mutex};

use apigen_tests::{RecordingServer, Reply};
use serde_json::{json, Value};

use super::{differences, Answers, Case, Decoded, Recorder, Wire};

/// An API key header, `(name, value)`, that every request must carry.
pub type ApiKey = (&'static str, &'static str);

/// Sends each case's request with the client `connect` makes for a
/// recording server that answers what `answers` says, and checks that exactly
/// the case's wire form was sent, with `api_key`, and that the client
/// decoded the case's answer. Panics naming every case that went wrong.
pub async fn check_client<C: 'static>(
    cases: &[Case<C>],
    connect: impl Fn(&RecordingServer) -> C,
    answers: Answers,
    api_key: ApiKey,
) {
    let answer = Arc::new(Mutex::new(Reply::Json(200, json!({}))));
    let server = {
        let answer = answer.clone();
        RecordingServer::start(move |_| answer.lock().unwrap().clone()).await
    };
    let mut failures = Vec::new();
    for case in cases {
        let expected = answers(case.id, &case.request);
        *answer.lock().unwrap() = reply(&expected);
        let result = case.call(connect(&server)).await;
        let mut problems = Vec::new();
        match server.take().as_slice() {
            [sent] => {
                let sent_line = (sent.method.as_str(), &sent.path, &sent.query);
                let wire = &case.wire;
                if sent_line != (wire.verb, &wire.path, &wire.query) {
                    problems.push(format!(
                        "expected {} {} {:?}\n    sent     {} {} {:?}",
                        wire.verb, wire.path, wire.query, sent.method, sent.path, sent.query
                    ));
                }
                let null = Value::Null;
                let diffs = differences(
                    wire.body.as_ref().unwrap_or(&null),
                    sent.body.as_ref().unwrap_or(&null),
                );
                if !diffs.is_empty() {
                    problems.push(format!("sent another body: {}", diffs.join("; ")));
                }
                let key = sent.headers.get(api_key.0);
                if key.and_then(|key| key.to_str().ok()) != Some(api_key.1) {
                    problems.push(format!("the {} header was {key:?}", api_key.0));
                }
            }
            sent => problems.push(format!("expected one request, sent {sent:#?}")),
        }
        problems.extend(check_decoded(&case.decoded(&expected), result));
        if !problems.is_empty() {
            failures.push(format!("{}:\n  {}", case.id, problems.join("\n  ")));
        }
    }
    report(failures, cases.len());
}

/// For each case, sends its wire form as is (with `api_key`) to the server
/// at `base`, whose service records into `recorder`: the service must get
/// exactly the case's request and the server answer the case's answer. Then
/// sends the case with the client `connect` makes: the same request must
/// arrive, and the client decode the answer. Panics naming every case that
/// went wrong.
pub async fn check_server<C: 'static>(
    cases: &[Case<C>],
    base: &str,
    connect: impl Fn() -> C,
    recorder: &Recorder,
    api_key: ApiKey,
) {
    let http = reqwest::Client::new();
    let mut failures = Vec::new();
    for case in cases {
        let mut problems = Vec::new();
        let answer = recorder.answer_to(case.id, &case.request);

        let (status, answered) = send_wire(&http, base, &case.wire, api_key).await;
        problems.extend(check_seen(case, &recorder.take()).map(|p| format!("wire: {p}")));
        let expected = match &answer {
            Value::Null => json!({}),
            answer => answer.clone(),
        };
        let diffs = differences(&expected, &answered);
        if status != 200 || !diffs.is_empty() {
            problems.push(format!("wire: answered {status}: {}", diffs.join("; ")));
        }

        let result = case.call(connect()).await;
        problems.extend(check_seen(case, &recorder.take()).map(|p| format!("client: {p}")));
        problems.extend(
            check_decoded(&case.decoded(&answer), result)
                .into_iter()
                .map(|p| format!("client: {p}")),
        );

        if !problems.is_empty() {
            failures.push(format!("{}:\n  {}", case.id, problems.join("\n  ")));
        }
    }
    report(failures, cases.len());
}

/// How a recording server answers `answer`: streamed events as SSE, nothing
/// as `{}`, a message as itself.
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

/// Sends `wire` as is; the answer's status and JSON (streamed events as an
/// array).
async fn send_wire(
    http: &reqwest::Client,
    base: &str,
    wire: &Wire,
    api_key: ApiKey,
) -> (u16, Value) {
    let verb = reqwest::Method::from_bytes(wire.verb.as_bytes()).expect("a valid verb");
    let mut request = http
        .request(verb, format!("{base}{}", wire.path))
        .query(&wire.query)
        .header(api_key.0, api_key.1);
    if let Some(body) = &wire.body {
        request = request.json(body);
    }
    let response = request.send().await.expect("the server answers");
    let status = response.status().as_u16();
    let text = response.text().await.expect("a whole answer");
    let events: Vec<Value> = text
        .lines()
        .filter_map(|line| line.strip_prefix("data:"))
        .map(|data| serde_json::from_str(data.trim()).unwrap_or(Value::String(data.into())))
        .collect();
    let json = match serde_json::from_str(&text) {
        Ok(json) => json,
        Err(_) if !events.is_empty() => Value::Array(events),
        Err(_) => Value::String(text),
    };
    (status, json)
}

/// What is wrong with what the service saw for `case`: it should have seen
/// exactly the case's request, once.
fn check_seen<C>(case: &Case<C>, seen: &[(String, Value)]) -> Option<String> {
    match seen {
        [(id, decoded)] if id == case.id => {
            let diffs = differences(&case.request, decoded);
            (!diffs.is_empty()).then(|| {
                format!(
                    "the server decoded another request:\n      {}\n    expected: {}\n    decoded:  {decoded}",
                    diffs.join("\n      "),
                    case.request
                )
            })
        }
        _ => Some(format!(
            "expected one {} request at the server, saw {seen:?}",
            case.id
        )),
    }
}

/// What is wrong with what the client's call gave back, which should be `expected`.
fn check_decoded(expected: &Value, result: Result<Decoded, apigen_runtime::Error>) -> Vec<String> {
    let mut problems = Vec::new();
    match result {
        Ok(decoded) => {
            let diffs = differences(expected, &decoded.json);
            if !diffs.is_empty() {
                problems.push(format!("decoded another answer: {}", diffs.join("; ")));
            }
            if let Some(unknown) = decoded.unknown {
                problems.push(format!("the answer has unknown parts: {unknown}"));
            }
        }
        Err(error) => problems.push(format!("the call failed: {error:?}")),
    }
    problems
}

/// Panics listing `failures`, if any, out of `cases` cases.
fn report(failures: Vec<String>, cases: usize) {
    assert!(
        failures.is_empty(),
        "{} of {cases} cases went wrong:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
