//! A loopback HTTP server that records every request it gets and answers
//! with whatever the test says, for testing generated clients end to end.

#![warn(missing_docs)]

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, Method, Response, Uri};
use axum::Router;
use serde_json::Value;

/// One request as the server saw it.
#[derive(Clone, Debug, PartialEq)]
pub struct Recorded {
    /// The HTTP verb, e.g. `POST`.
    pub method: String,
    /// The path exactly as sent (still percent-encoded).
    pub path: String,
    /// The decoded query parameters, in order.
    pub query: Vec<(String, String)>,
    /// The request headers.
    pub headers: HeaderMap,
    /// The JSON body, if there was one.
    pub body: Option<Value>,
}

/// What the server answers.
#[derive(Clone, Debug)]
pub enum Reply {
    /// A JSON body with a status code.
    Json(u16, Value),
    /// A JSON body with a status code and extra headers.
    JsonWithHeaders(u16, Vec<(&'static str, String)>, Value),
    /// A `text/event-stream` body sent as the given chunks, then the connection is cut.
    SseThenCut(Vec<String>),
    /// A `text/event-stream` body sent as the given chunks, one write each.
    Sse(Vec<String>),
    /// The given reply, after a pause (for timeouts).
    After(std::time::Duration, Box<Reply>),
    /// Any body with a status and content type.
    Raw(u16, &'static str, String),
}

type Responder = dyn Fn(&Recorded) -> Reply + Send + Sync;

#[derive(Clone)]
struct Shared {
    requests: Arc<Mutex<Vec<Recorded>>>,
    respond: Arc<Responder>,
}

/// A server on 127.0.0.1 with a random port; stops when dropped.
pub struct RecordingServer {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<Recorded>>>,
    task: tokio::task::JoinHandle<()>,
}

impl RecordingServer {
    /// Starts a server that answers every request with `respond(request)`.
    pub async fn start(respond: impl Fn(&Recorded) -> Reply + Send + Sync + 'static) -> Self {
        let requests = Arc::new(Mutex::new(Vec::new()));
        let shared = Shared {
            requests: requests.clone(),
            respond: Arc::new(respond),
        };
        let app = Router::new().fallback(handle).with_state(shared);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a loopback port");
        let addr = listener
            .local_addr()
            .expect("a bound listener has an address");
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.expect("serve on loopback");
        });
        Self {
            addr,
            requests,
            task,
        }
    }

    /// The base URL to give a client, e.g. `http://127.0.0.1:41234`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request recorded so far, oldest first; clears the record.
    pub fn take(&self) -> Vec<Recorded> {
        std::mem::take(
            &mut *self
                .requests
                .lock()
                .expect("the record lock is never poisoned"),
        )
    }

    /// A Gemini client that sends to this server with the API key `test-key`.
    pub fn gemini_client(&self) -> gemini_v1beta::Client {
        gemini_v1beta::Client::builder()
            .api_key("test-key")
            .base_url(self.base_url())
            .build()
            .expect("a client for the test server")
    }
}

impl Drop for RecordingServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn handle(
    State(shared): State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response<Body> {
    let query = serde_urlencoded::from_str(uri.query().unwrap_or("")).unwrap_or_default();
    let body = if body.is_empty() {
        None
    } else {
        Some(
            serde_json::from_slice(&body)
                .unwrap_or(Value::String(String::from_utf8_lossy(&body).into_owned())),
        )
    };
    let recorded = Recorded {
        method: method.to_string(),
        path: uri.path().to_owned(),
        query,
        headers,
        body,
    };
    let mut reply = (shared.respond)(&recorded);
    shared
        .requests
        .lock()
        .expect("the record lock is never poisoned")
        .push(recorded);
    while let Reply::After(pause, then) = reply {
        tokio::time::sleep(pause).await;
        reply = *then;
    }
    match reply {
        Reply::After(..) => unreachable!("unwrapped above"),
        Reply::Json(status, value) => Response::builder()
            .status(status)
            .header("content-type", "application/json")
            .body(Body::from(value.to_string()))
            .expect("a valid response"),
        Reply::Raw(status, content_type, text) => Response::builder()
            .status(status)
            .header("content-type", content_type)
            .body(Body::from(text))
            .expect("a valid response"),
        Reply::JsonWithHeaders(status, headers, value) => {
            let mut response = Response::builder()
                .status(status)
                .header("content-type", "application/json");
            for (name, value) in headers {
                response = response.header(name, value);
            }
            response
                .body(Body::from(value.to_string()))
                .expect("a valid response")
        }
        Reply::Sse(chunks) => sse_response(chunks, false),
        Reply::SseThenCut(chunks) => sse_response(chunks, true),
    }
}

fn sse_response(chunks: Vec<String>, cut: bool) -> Response<Body> {
    Response::builder()
        .header("content-type", "text/event-stream")
        .body(Body::from_stream(chunked(chunks, cut)))
        .expect("a valid response")
}

/// Sends each chunk as its own write, with a short pause so they arrive as
/// separate reads; with `cut`, the body then fails, which drops the connection.
pub fn chunked(
    chunks: Vec<String>,
    cut: bool,
) -> impl futures_core::Stream<Item = Result<Bytes, std::io::Error>> {
    let (sender, receiver) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(1);
    tokio::spawn(async move {
        for chunk in chunks {
            if sender.send(Ok(Bytes::from(chunk))).await.is_err() {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        if cut {
            let reset = std::io::Error::new(std::io::ErrorKind::ConnectionReset, "cut by the test");
            let _ = sender.send(Err(reset)).await;
        }
    });
    ReceiverStream(receiver)
}

struct ReceiverStream<T>(tokio::sync::mpsc::Receiver<T>);

impl<T> futures_core::Stream for ReceiverStream<T> {
    type Item = T;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<T>> {
        self.0.poll_recv(cx)
    }
}

/// A service account key file's JSON whose tokens come from `token_uri`,
/// signed with a throwaway RSA key made for these tests.
pub fn service_account_key(token_uri: &str) -> String {
    serde_json::json!({
        "type": "service_account",
        "project_id": "apigen-tests",
        "private_key": include_str!("../fixtures/oauth/throwaway_rsa_key.pem"),
        "client_email": "tests@apigen-tests.iam.gserviceaccount.com",
        "token_uri": token_uri,
    })
    .to_string()
}

/// An OAuth token endpoint that hands out `token-1`, `token-2`, … each
/// valid for `lifetime` seconds.
pub async fn token_endpoint(lifetime: u64) -> RecordingServer {
    let issued = std::sync::atomic::AtomicUsize::new(0);
    RecordingServer::start(move |_| {
        let number = issued.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
        Reply::Json(
            200,
            serde_json::json!({"access_token": format!("token-{number}"), "expires_in": lifetime, "token_type": "Bearer"}),
        )
    })
    .await
}
