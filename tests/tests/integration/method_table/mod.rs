//! Tables of per-method cases for a generated crate: for each case, a typed
//! request, how the generated client sends it (the expected verb, path,
//! query and JSON body on the wire), and (from the table's [`Answers`]) what
//! the server answers. [`assert_covers`] checks a table against the spec's
//! bindings; [`check_client`] and [`check_server`] run it both ways.
//!
//! The Gemini table ([`cases`], every one of the 64 methods, some twice
//! with richer requests) is run by `http_bindings` (the generated client
//! against a recording server) and `server_all_methods` (the wire forms and
//! the client's calls against the generated server); the zoo's table lives
//! in `zoo_end_to_end`.
//!
//! The wire forms are written out by hand from the HTTP templates in
//! `spec/resources/*.yaml` and Google's HTTP/JSON transcoding rules, so they
//! are an oracle independent of the client's and the server's own code:
//! - path variables take the (nested) field's value, which must match the pattern;
//! - `body: "*"`: every non-path field goes into the JSON body, no query;
//! - `body: field`: that field is the whole body, other non-path fields go in the query;
//! - no body: every set non-path field goes in the query, sorted by name;
//! - streaming methods also send `alt=sse`.

mod checks;
mod compare;
mod coverage;
mod gemini_answers;
mod gemini_rich_rows;
mod gemini_rows;
mod recorder;

use std::future::Future;
use std::pin::Pin;

use gemini_v1beta::Error;
use serde::Serialize;
use serde_json::Value;

pub use checks::{check_client, check_server};
pub use compare::{differences, unknown_parts};
pub use coverage::assert_covers;
pub use gemini_answers::{answer, gemini_answer, page, without_type};
pub use gemini_rows::cases;
pub use recorder::Recorder;

/// A request as it travels on the wire, reduced to what the bindings decide.
#[derive(Clone, Debug, PartialEq)]
pub struct Wire {
    /// The HTTP verb, e.g. `POST`.
    pub verb: &'static str,
    /// The path, percent-encoded as sent.
    pub path: String,
    /// The decoded query parameters, in the order sent.
    pub query: Vec<(String, String)>,
    /// The JSON body, if any.
    pub body: Option<Value>,
}

impl Wire {
    /// A request without a body or query.
    fn new(verb: &'static str, path: &str) -> Self {
        Self {
            verb,
            path: path.to_owned(),
            query: Vec::new(),
            body: None,
        }
    }

    /// `GET path`.
    pub fn get(path: &str) -> Self {
        Self::new("GET", path)
    }

    /// `DELETE path`.
    pub fn delete(path: &str) -> Self {
        Self::new("DELETE", path)
    }

    /// `POST path` with a JSON body.
    pub fn post(path: &str, body: Value) -> Self {
        Self {
            body: Some(body),
            ..Self::new("POST", path)
        }
    }

    /// `PATCH path` with a JSON body.
    pub fn patch(path: &str, body: Value) -> Self {
        Self {
            body: Some(body),
            ..Self::new("PATCH", path)
        }
    }

    /// The same request with these query parameters, in this order.
    pub fn query(mut self, pairs: &[(&str, &str)]) -> Self {
        self.query = pairs
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect();
        self
    }
}

/// Serves `router` on 127.0.0.1 with a random port; the base URL.
pub async fn serve(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let base = format!("http://{}", listener.local_addr().expect("a bound address"));
    tokio::spawn(async move {
        axum::serve(listener, router)
            .await
            .expect("serve on loopback")
    });
    base
}

/// What a client call gave back.
pub struct Decoded {
    /// The answer, as JSON.
    pub json: Value,
    /// Where the typed answer holds something its type does not know.
    pub unknown: Option<String>,
}

/// A generated client's call for one method.
type Call<C> = Box<dyn Fn(C) -> Pin<Box<dyn Future<Output = Result<Decoded, Error>>>>>;

/// What a test server answers to a method: given the method id and the
/// request as JSON, a message, an array of streamed events, or `null`.
pub type Answers = fn(&str, &Value) -> Value;

/// One method, one request, and what goes over the wire both ways, for a
/// generated crate whose client is a `C`.
pub struct Case<C> {
    /// The REST method id, e.g. `models.generateContent`.
    pub id: &'static str,
    /// The typed request, in its JSON form.
    pub request: Value,
    /// How the client sends `request`.
    pub wire: Wire,
    /// What the client's call gives back, as JSON, when that is not the
    /// server's answer itself.
    decoded: Option<Value>,
    call: Call<C>,
}

impl<C: 'static> Case<C> {
    /// A case for method `id`: `call` sends `request` with the client, which
    /// sends `wire`.
    pub fn new<Req, Resp, Fut>(
        id: &'static str,
        request: Req,
        call: impl Fn(C, Req) -> Fut + 'static,
        wire: Wire,
    ) -> Self
    where
        Req: Serialize + Clone + 'static,
        Resp: Serialize + std::fmt::Debug,
        Fut: Future<Output = Result<Resp, Error>> + 'static,
    {
        let json = serde_json::to_value(&request).expect("a request encodes");
        let call = move |client: C| {
            let reply = call(client, request.clone());
            Box::pin(async move {
                let reply = reply.await?;
                Ok(Decoded {
                    json: serde_json::to_value(&reply).expect("an answer encodes"),
                    unknown: unknown_parts(&format!("{reply:?}")),
                })
            }) as Pin<Box<dyn Future<Output = Result<Decoded, Error>>>>
        };
        Self {
            id,
            request: json,
            wire,
            decoded: None,
            call: Box::new(call),
        }
    }

    /// The same case, whose call gives back `decoded` rather than the answer.
    pub fn decoded_as(self, decoded: Value) -> Self {
        Self {
            decoded: Some(decoded),
            ..self
        }
    }

    /// What the client's call should give back when the server answers `answer`.
    pub fn decoded(&self, answer: &Value) -> Value {
        self.decoded.clone().unwrap_or_else(|| answer.clone())
    }

    /// Sends the request with `client`; what it gave back.
    pub async fn call(&self, client: C) -> Result<Decoded, Error> {
        (self.call)(client).await
    }
}
