//! The HTTP side: one shared connection pool, authentication, sending a
//! transcoded request and turning the answer into a value or an [`Error`].

use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{HeaderValue, CONTENT_TYPE};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::binding::Binding;
use crate::error::{ApiError, Error};
use crate::sse::ResponseStream;
use crate::transcode::{transcode, HttpParts};

/// Facts about one API that a generated crate passes to the runtime.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApiConfig {
    /// Where requests go unless the builder says otherwise, e.g. `https://example.googleapis.com`.
    pub base_url: &'static str,
    /// The header that carries an API key, e.g. `x-goog-api-key`.
    pub api_key_header: Option<&'static str>,
    /// Environment variables to read the API key from, first match wins.
    pub api_key_env: &'static [&'static str],
    /// The default `user-agent`.
    pub user_agent: &'static str,
}

/// A generated client type that wraps a [`Transport`].
pub trait FromTransport {
    /// Wraps the transport.
    fn from_transport(transport: Transport) -> Self;
}

/// Sends requests for a generated client. Cheap to clone: clones share one connection pool.
#[derive(Clone)]
pub struct Transport {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    api_key: Option<HeaderValue>,
    config: &'static ApiConfig,
    timeout: Option<Duration>,
}

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transport")
            .field("base_url", &self.inner.base_url)
            .field(
                "api_key",
                &self.inner.api_key.as_ref().map(|_| "<redacted>"),
            )
            .field("timeout", &self.inner.timeout)
            .finish()
    }
}

impl Transport {
    /// The base URL requests are sent to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Calls a method and decodes its JSON answer.
    pub async fn call<Req: Serialize, Resp: DeserializeOwned>(
        &self,
        binding: &Binding,
        request: &Req,
    ) -> Result<Resp, Error> {
        let body = self.send(binding, encode(binding, request)?).await?;
        serde_json::from_slice(&body)
            .map_err(|error| Error::decode(binding.method_id, error, &body))
    }

    /// Calls a method whose answer is empty (`google.protobuf.Empty`).
    pub async fn call_empty<Req: Serialize>(
        &self,
        binding: &Binding,
        request: &Req,
    ) -> Result<(), Error> {
        self.send(binding, encode(binding, request)?)
            .await
            .map(drop)
    }

    /// Calls a server-streaming method; messages arrive as server-sent events (`alt=sse`).
    pub async fn call_streaming<Req: Serialize, Resp: DeserializeOwned>(
        &self,
        binding: &Binding,
        request: &Req,
    ) -> Result<ResponseStream<Resp>, Error> {
        let mut parts = encode(binding, request)?;
        parts.query.push(("alt".to_owned(), "sse".to_owned()));
        let response = self.start(binding, parts).await?;
        Ok(ResponseStream::new(binding.method_id, response))
    }

    /// Sends the request and reads the whole successful body.
    async fn send(&self, binding: &Binding, parts: HttpParts) -> Result<Bytes, Error> {
        let response = self.start(binding, parts).await?;
        response.bytes().await.map_err(Error::Transport)
    }

    /// Sends the request; a non-success status becomes [`Error::Api`].
    async fn start(&self, binding: &Binding, parts: HttpParts) -> Result<reqwest::Response, Error> {
        let url = format!("{}{}", self.inner.base_url, parts.path);
        let mut request = self
            .inner
            .http
            .request(binding.verb.to_http(), url)
            .query(&parts.query);
        if let Some(key) = &self.inner.api_key {
            if let Some(header) = self.inner.config.api_key_header {
                request = request.header(header, key.clone());
            }
        }
        if let Some(timeout) = self.inner.timeout {
            request = request.timeout(timeout);
        }
        if let Some(body) = parts.body {
            let bytes = serde_json::to_vec(&body)
                .map_err(|error| Error::InvalidRequest(error.to_string()))?;
            request = request.header(CONTENT_TYPE, "application/json").body(bytes);
        }
        let response = request.send().await.map_err(Error::Transport)?;
        let status = response.status();
        tracing::debug!(
            method = binding.method_id,
            status = status.as_u16(),
            "response received"
        );
        if status.is_success() {
            return Ok(response);
        }
        let body = response.bytes().await.map_err(Error::Transport)?;
        Err(Error::Api(Box::new(ApiError::from_response(
            binding.method_id,
            status.as_u16(),
            &body,
        ))))
    }
}

/// Serializes the request and splits it into HTTP parts.
fn encode<Req: Serialize>(binding: &Binding, request: &Req) -> Result<HttpParts, Error> {
    let value = serde_json::to_value(request)
        .map_err(|error| Error::InvalidRequest(format!("{}: {error}", binding.method_id)))?;
    transcode(binding, value)
}

/// Builds a generated client `C`.
///
/// The API key comes from [`ClientBuilder::api_key`] or, when not given, from
/// the first set environment variable the API names (for example
/// `GEMINI_API_KEY`). With neither, requests are sent without a key.
pub struct ClientBuilder<C> {
    config: &'static ApiConfig,
    api_key: Option<String>,
    base_url: Option<String>,
    http: Option<reqwest::Client>,
    timeout: Option<Duration>,
    user_agent: Option<String>,
    _client: PhantomData<fn() -> C>,
}

impl<C> std::fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .finish()
    }
}

impl<C: FromTransport> ClientBuilder<C> {
    /// A builder with the API's defaults.
    pub fn new(config: &'static ApiConfig) -> Self {
        Self {
            config,
            api_key: None,
            base_url: None,
            http: None,
            timeout: None,
            user_agent: None,
            _client: PhantomData,
        }
    }

    /// Uses this API key instead of reading the environment.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// Sends requests to this base URL (a proxy, or a local test server).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Uses a caller-configured `reqwest::Client` (proxies, TLS, pools).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Limits each request, from sending to the end of the answer.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Replaces the default `user-agent`.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<C, Error> {
        let key = self.api_key.or_else(|| {
            self.config
                .api_key_env
                .iter()
                .find_map(|name| std::env::var(name).ok().filter(|value| !value.is_empty()))
        });
        let api_key = key
            .map(|key| {
                let mut value = HeaderValue::from_str(&key).map_err(|_| {
                    Error::Config(
                        "the API key contains characters not allowed in a header".to_owned(),
                    )
                })?;
                value.set_sensitive(true);
                Ok::<_, Error>(value)
            })
            .transpose()?;
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .user_agent(self.user_agent.as_deref().unwrap_or(self.config.user_agent))
                .build()
                .map_err(|error| Error::Config(error.to_string()))?,
        };
        let base_url = self
            .base_url
            .unwrap_or_else(|| self.config.base_url.to_owned());
        let base_url = base_url.trim_end_matches('/').to_owned();
        let inner = Inner {
            http,
            base_url,
            api_key,
            config: self.config,
            timeout: self.timeout,
        };
        Ok(C::from_transport(Transport {
            inner: Arc::new(inner),
        }))
    }
}
