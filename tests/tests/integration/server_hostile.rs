//! A hostile client against a generated server, over raw TCP on loopback:
//! names nested past the bound, unknown query parameters, bodies too large
//! (declared or streamed), bodies sent where the path or the key is wrong,
//! and headers or bodies sent a byte at a time. The server answers each
//! quickly, never reads what it refuses, and keeps serving.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use gemini_v1beta::server::{
    router_with, serve, AuthorizeRequest, ServerError, ServerLimits, Service,
};
use gemini_v1beta::types::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Lets through requests with the key `right-key`; answers models.get and generateContent.
struct Keyed;

impl Service for Keyed {
    fn authorize(&self, request: &AuthorizeRequest<'_>) -> Result<(), ServerError> {
        let method_id = request.method_id();
        match request
            .headers()
            .get("x-goog-api-key")
            .map(|value| value.as_bytes())
        {
            Some(b"right-key") => Ok(()),
            _ => Err(ServerError::unauthenticated(format!(
                "{method_id} needs a valid API key"
            ))),
        }
    }

    async fn models_get(&self, request: GetModelRequest) -> Result<Model, ServerError> {
        Ok(Model::new().set_name(request.name))
    }

    async fn models_generate_content(
        &self,
        request: GenerateContentRequest,
    ) -> Result<GenerateContentResponse, ServerError> {
        let text = format!("{} turns", request.contents.len());
        let content = Content::new().set_parts([Part::new().set_text(text)]);
        Ok(GenerateContentResponse::new().set_candidates([Candidate::new().set_content(content)]))
    }
}

/// How long any answer may take here; the refusals come at once.
const PROMPTLY: Duration = Duration::from_secs(5);

/// Limits short enough for a test to pass them.
fn short_limits() -> ServerLimits {
    ServerLimits::default()
        .with_body_limit(4096)
        .with_header_timeout(Duration::from_millis(300))
        .with_body_timeout(Duration::from_millis(300))
}

/// Serves [`Keyed`] within `limits` on a loopback port.
async fn start(limits: ServerLimits) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { serve(listener, router_with(Keyed, limits.clone()), &limits).await });
    address
}

/// The head of a request with the right key, ending with the blank line.
fn head(verb: &str, target: &str, extra: &str) -> String {
    format!(
        "{verb} {target} HTTP/1.1\r\nhost: localhost\r\nx-goog-api-key: right-key\r\n{extra}\r\n"
    )
}

/// Reads one response: its status and its body (by `content-length`).
async fn read_response(stream: &mut TcpStream) -> (u16, serde_json::Value) {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = buffer.windows(4).position(|window| window == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buffer[..end]).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|line| line.strip_prefix("content-length: "))
                .map_or(0, |value| value.trim().parse().unwrap());
            if buffer.len() >= end + 4 + length {
                let status = head[9..12].parse().unwrap();
                let body = &buffer[end + 4..end + 4 + length];
                return (status, serde_json::from_slice(body).unwrap_or_default());
            }
        }
        let read = tokio::time::timeout(PROMPTLY, stream.read(&mut chunk))
            .await
            .expect("an answer in time")
            .expect("a readable connection");
        assert!(
            read > 0,
            "the connection closed before a whole response: {buffer:?}"
        );
        buffer.extend_from_slice(&chunk[..read]);
    }
}

/// Sends `request` on a new connection and reads the response.
async fn exchange(address: SocketAddr, request: &[u8]) -> (u16, serde_json::Value) {
    let mut stream = TcpStream::connect(address).await.unwrap();
    stream.write_all(request).await.unwrap();
    read_response(&mut stream).await
}

fn status(answer: &(u16, serde_json::Value)) -> (u16, &str) {
    (answer.0, answer.1["error"]["status"].as_str().unwrap_or(""))
}

fn message(answer: &(u16, serde_json::Value)) -> &str {
    answer.1["error"]["message"].as_str().unwrap_or("")
}

/// A generateContent request with a body of `length` bytes.
fn generate(length: usize, extra: &str) -> String {
    head(
        "POST",
        "/v1beta/models/m:generateContent",
        &format!("content-type: application/json\r\ncontent-length: {length}\r\n{extra}"),
    )
}

const TURN: &str = r#"{"contents": [{"role": "user", "parts": [{"text": "hi"}]}]}"#;

#[tokio::test]
async fn a_query_name_nested_past_the_bound_is_refused_and_the_server_keeps_answering() {
    let address = start(ServerLimits::default()).await;
    let deep = vec!["a"; 1200].join(".");
    let answer = exchange(
        address,
        head("GET", &format!("/v1beta/models/m?{deep}=1"), "").as_bytes(),
    )
    .await;
    assert_eq!(status(&answer), (400, "INVALID_ARGUMENT"));
    assert!(
        message(&answer).contains("nests more than 32 fields deep"),
        "{answer:?}"
    );
    let post = format!(
        "{}{TURN}",
        generate(TURN.len(), "").replacen(
            ":generateContent",
            &format!(":generateContent?{deep}=1"),
            1
        )
    );
    assert_eq!(
        status(&exchange(address, post.as_bytes()).await),
        (400, "INVALID_ARGUMENT")
    );

    let answer = exchange(address, head("GET", "/v1beta/models/m", "").as_bytes()).await;
    assert_eq!(
        (answer.0, answer.1["name"].as_str()),
        (200, Some("models/m"))
    );
}

#[tokio::test]
async fn a_query_parameter_that_is_no_field_path_is_invalid_argument_naming_it() {
    let address = start(ServerLimits::default()).await;
    for (query, name) in [
        ("bogus=1", "bogus"),
        ("name.part=x", "name"),
        ("a.b.c=1", "a"),
    ] {
        let answer = exchange(
            address,
            head("GET", &format!("/v1beta/models/m?{query}"), "").as_bytes(),
        )
        .await;
        assert_eq!(status(&answer), (400, "INVALID_ARGUMENT"), "{query}");
        assert!(
            message(&answer).contains(&format!("`{name}`")),
            "{query}: {answer:?}"
        );
    }
    let post = format!(
        "{}{TURN}",
        generate(TURN.len(), "").replacen(
            ":generateContent",
            ":generateContent?generationConfig.topK=3&generationConfig.nope=1",
            1
        )
    );
    let answer = exchange(address, post.as_bytes()).await;
    assert_eq!(status(&answer), (400, "INVALID_ARGUMENT"));
    assert!(
        message(&answer).contains("`generationConfig.nope`"),
        "{answer:?}"
    );
    // Google's system parameters are no fields, and are accepted anywhere.
    let answer = exchange(
        address,
        head(
            "GET",
            "/v1beta/models/m?alt=json&key=k&prettyPrint=false",
            "",
        )
        .as_bytes(),
    )
    .await;
    assert_eq!(answer.0, 200, "{answer:?}");
}

#[tokio::test]
async fn a_declared_length_over_the_limit_answers_413_before_the_body_is_sent() {
    let address = start(ServerLimits::default()).await;
    let started = Instant::now();
    let request = format!("{}{{\"contents\": [", generate(10 << 30, ""));
    let answer = exchange(address, request.as_bytes()).await;
    assert_eq!(status(&answer), (413, "RESOURCE_EXHAUSTED"));
    assert!(message(&answer).contains("67108864 bytes"), "{answer:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn a_body_streamed_past_the_limit_answers_413_and_one_within_it_is_served() {
    let address = start(short_limits()).await;
    let answer = exchange(
        address,
        format!("{}{TURN}", generate(TURN.len(), "")).as_bytes(),
    )
    .await;
    assert_eq!(answer.0, 200, "{answer:?}");

    let mut stream = TcpStream::connect(address).await.unwrap();
    let head = head(
        "POST",
        "/v1beta/models/m:generateContent",
        "content-type: application/json\r\ntransfer-encoding: chunked\r\n",
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let chunk = format!("400\r\n{}\r\n", " ".repeat(0x400));
    // Five chunks of 1 KiB pass the 4 KiB limit; the server may stop reading after it.
    for _ in 0..5 {
        if stream.write_all(chunk.as_bytes()).await.is_err() {
            break;
        }
    }
    let answer = read_response(&mut stream).await;
    assert_eq!(status(&answer), (413, "RESOURCE_EXHAUSTED"));
}

#[tokio::test]
async fn a_body_for_an_unknown_path_or_verb_is_not_read() {
    let address = start(ServerLimits::default()).await;
    // Only the head is sent: the answer comes without the body.
    let declared = "content-type: application/json\r\ncontent-length: 67108864\r\n";
    let answer = exchange(address, head("POST", "/v1beta/nope", declared).as_bytes()).await;
    assert_eq!(status(&answer), (404, "NOT_FOUND"));
    let answer = exchange(
        address,
        head("PUT", "/v1beta/models/m", declared).as_bytes(),
    )
    .await;
    assert_eq!(answer.0, 405, "{answer:?}");
}

#[tokio::test]
async fn an_unauthorized_request_is_refused_before_its_body_is_read() {
    let address = start(ServerLimits::default()).await;
    let request = generate(1 << 20, "").replace("x-goog-api-key: right-key\r\n", "");
    let answer = exchange(address, request.as_bytes()).await;
    assert_eq!(status(&answer), (401, "UNAUTHENTICATED"));
    assert_eq!(
        message(&answer),
        "models.generateContent needs a valid API key"
    );
}

/// Sends `bytes` one at a time, a tenth of a second apart, until the server
/// closes the connection: how long it stayed open and what the server
/// answered, or `None` if it outlasted them all.
async fn trickle(stream: &mut TcpStream, bytes: &[u8]) -> Option<(Duration, String)> {
    let started = Instant::now();
    let (mut reader, mut writer) = stream.split();
    let mut answer = Vec::new();
    let closed = async {
        // Whatever the server answers, the connection must end.
        let _ = reader.read_to_end(&mut answer).await;
    };
    let send = async {
        for byte in bytes {
            tokio::time::sleep(Duration::from_millis(100)).await;
            if writer.write_all(&[*byte]).await.is_err() {
                break;
            }
        }
        // Every byte went out: wait a little for the server to give up.
        tokio::time::sleep(Duration::from_secs(1)).await;
    };
    tokio::select! {
        () = closed => Some((started.elapsed(), String::from_utf8_lossy(&answer).into_owned())),
        () = send => None,
    }
}

#[tokio::test]
async fn slow_headers_are_cut_after_the_header_timeout() {
    let address = start(short_limits()).await;
    let mut stream = TcpStream::connect(address).await.unwrap();
    let request = head("GET", "/v1beta/models/m", "");
    let open = trickle(&mut stream, request.as_bytes()).await;
    let (open, _) = open.expect("the server closes a connection whose headers trickle in");
    assert!(open < Duration::from_secs(2), "{open:?}");
    let mut silent = TcpStream::connect(address).await.unwrap();
    let open = trickle(&mut silent, b"").await;
    assert!(
        open.is_some(),
        "the server closes a connection that sends nothing"
    );
    let answer = exchange(address, request.as_bytes()).await;
    assert_eq!(answer.0, 200, "other connections are served: {answer:?}");
}

#[tokio::test]
async fn slow_bodies_are_cut_after_the_body_timeout() {
    let address = start(short_limits()).await;
    let mut stream = TcpStream::connect(address).await.unwrap();
    stream
        .write_all(generate(TURN.len(), "").as_bytes())
        .await
        .unwrap();
    let open = trickle(&mut stream, TURN.as_bytes()).await;
    let (open, answer) = open.expect("the server gives up on a body that trickles in");
    assert!(open < Duration::from_secs(2), "{open:?}");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("\"DEADLINE_EXCEEDED\""), "{answer}");
}
