//! The HTTP side: one shared connection pool, credentials, retries, and
//! turning an answer into a value or an [`Error`].

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER,
};
use tracing::Instrument;

use crate::auth::{
    from_environment, secret_header, ApiAuth, Credentials, StaticToken, TokenSource,
};
use crate::binding::Binding;
use crate::error::{ApiError, Error};
use crate::guard::{
    read_body, same_origin, same_origin_redirects, Limits, Timeouts, DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_READ_TIMEOUT,
};
use crate::json::{self, Message};
use crate::retry::{parse_retry_after, RetryPolicy};
use crate::sse::ResponseStream;
use crate::transcode::{encode, HttpParts};

/// Facts about one API that a generated crate passes to the runtime.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ApiConfig {
    /// Where requests go unless the builder says otherwise, e.g. `https://example.googleapis.com`.
    pub base_url: &'static str,
    /// The credentials the API takes, and where `Client::new` looks for them.
    pub auth: ApiAuth,
    /// The default `user-agent`.
    pub user_agent: &'static str,
    /// How calls are retried unless the builder or the call says otherwise.
    pub retry: RetryPolicy,
}

/// A generated client type that wraps a [`Transport`].
pub trait FromTransport {
    /// Wraps the transport.
    fn from_transport(transport: Transport) -> Self;
}

/// Settings for the calls made through one client value; unset ones fall
/// back to the client's. See `Client::with_options` in a generated crate.
#[derive(Clone, Debug, Default)]
pub struct CallOptions {
    /// Limit for each attempt, from sending to the end of the answer.
    pub timeout: Option<Duration>,
    /// How failed calls are retried.
    pub retry: Option<RetryPolicy>,
    /// Extra headers sent with every request.
    pub headers: HeaderMap,
}

impl CallOptions {
    /// Options that set a per-attempt timeout.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Options that set the retry policy.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Options that add a header; names or values that are not valid HTTP are ignored.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            self.headers.insert(name, value);
        }
        self
    }
}

/// The retry policy and timeout an API's spec gives one method. Each one
/// set beats the client-wide setting (the builder's, then the API's
/// default), and a per-call setting (`with_options`) beats it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct MethodSettings {
    /// How failed calls of the method are retried.
    pub retry: Option<RetryPolicy>,
    /// Limit for each attempt, from sending to the end of the answer.
    pub timeout: Option<Duration>,
}

/// Sends requests for a generated client. Cheap to clone: clones share one connection pool.
#[derive(Clone)]
pub struct Transport {
    inner: Arc<Inner>,
    options: CallOptions,
    method: MethodSettings,
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    /// `base_url` parsed, whose origin is the only one requests go to.
    base: reqwest::Url,
    credentials: Credentials,
    limits: Limits,
    /// The connect and read timeouts of `http`, when the builder set them.
    timeouts: Timeouts,
    config: &'static ApiConfig,
    defaults: CallOptions,
}

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transport")
            .field("base_url", &self.inner.base_url)
            .field("credentials", &self.inner.credentials)
            .field("defaults", &self.inner.defaults)
            .field("options", &self.options)
            .field("method", &self.method)
            .field("limits", &self.inner.limits)
            .field("timeouts", &self.inner.timeouts)
            .finish()
    }
}

/// A successful answer, read in full.
#[derive(Clone, Debug)]
pub(crate) struct Answer {
    pub headers: HeaderMap,
    pub body: Bytes,
}

/// One HTTP request, ready to send (and to send again).
#[derive(Clone, Debug)]
pub(crate) struct RawRequest {
    pub method: http::Method,
    pub url: reqwest::Url,
    pub headers: HeaderMap,
    pub body: Option<Bytes>,
}

impl Transport {
    /// The base URL requests are sent to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The same transport with `options` applied to every call made through it.
    pub fn with_options(&self, options: CallOptions) -> Self {
        let mut headers = self.options.headers.clone();
        headers.extend(options.headers);
        Self {
            inner: self.inner.clone(),
            options: CallOptions {
                timeout: options.timeout.or(self.options.timeout),
                retry: options.retry.or(self.options.retry),
                headers,
            },
            method: self.method,
        }
    }

    /// The same transport for calls of one method, whose own `settings`
    /// sit between the per-call options and the client-wide ones.
    pub fn for_method(&self, settings: &MethodSettings) -> Self {
        Self {
            inner: self.inner.clone(),
            options: self.options.clone(),
            method: *settings,
        }
    }

    /// The same transport without a method's own settings.
    pub(crate) fn client_wide(&self) -> Self {
        self.for_method(&MethodSettings::default())
    }

    /// Calls a method and decodes its JSON answer.
    pub async fn call<Req: Message, Resp: Message>(
        &self,
        binding: &Binding,
        request: &Req,
    ) -> Result<Resp, Error> {
        let answer = self.fetch(binding, encode(binding, request)?).await?;
        decode_json(binding.method_id, &answer.body)
    }

    /// Calls a method whose answer is empty (`google.protobuf.Empty`).
    pub async fn call_empty<Req: Message>(
        &self,
        binding: &Binding,
        request: &Req,
    ) -> Result<(), Error> {
        self.fetch(binding, encode(binding, request)?)
            .await
            .map(drop)
    }

    /// Calls a server-streaming method; messages arrive as server-sent events (`alt=sse`).
    /// Only the opening request is retried; a stream that breaks ends with an error.
    pub async fn call_streaming<Req: Message, Resp: Message>(
        &self,
        binding: &Binding,
        request: &Req,
    ) -> Result<ResponseStream<Resp>, Error> {
        let mut parts = encode(binding, request)?;
        parts.query.push(("alt".to_owned(), "sse".to_owned()));
        let request = self.raw_request(binding, parts)?;
        let response = self
            .send_with_retries(
                binding.method_id,
                binding.idempotent,
                &request,
                |response| async { Ok(response) },
            )
            .await?;
        Ok(ResponseStream::new(
            binding.method_id,
            response,
            self.inner.limits.event_decoder(),
            self.timeouts(),
        ))
    }

    /// Sends a transcoded request with retries and reads the whole answer;
    /// an answer whose body breaks off counts as a failed attempt.
    pub(crate) async fn fetch(&self, binding: &Binding, parts: HttpParts) -> Result<Answer, Error> {
        let request = self.raw_request(binding, parts)?;
        self.send_with_retries(
            binding.method_id,
            binding.idempotent,
            &request,
            |response| self.read_answer(binding.method_id, response),
        )
        .await
    }

    /// Reads a successful answer in full, up to the body size limit.
    pub(crate) async fn read_answer(
        &self,
        method_id: &'static str,
        mut response: reqwest::Response,
    ) -> Result<Answer, Error> {
        let headers = std::mem::take(response.headers_mut());
        let body = self.read_body(method_id, response).await?;
        Ok(Answer { headers, body })
    }

    /// Reads a body in full, up to the body size limit.
    async fn read_body(
        &self,
        method_id: &'static str,
        response: reqwest::Response,
    ) -> Result<Bytes, Error> {
        read_body(
            method_id,
            response,
            self.inner.limits.body,
            &self.timeouts(),
        )
        .await
    }

    /// The URL, headers and body of a transcoded request.
    fn raw_request(&self, binding: &Binding, parts: HttpParts) -> Result<RawRequest, Error> {
        let mut url = reqwest::Url::parse(&format!("{}{}", self.inner.base_url, parts.path))
            .map_err(|error| {
                Error::InvalidRequest(format!("{}: bad URL: {error}", binding.method_id))
            })?;
        if !parts.query.is_empty() {
            url.query_pairs_mut().extend_pairs(&parts.query);
        }
        let mut headers = HeaderMap::new();
        let body = match parts.body {
            Some(body) => {
                headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                Some(Bytes::from(body))
            }
            None => None,
        };
        Ok(RawRequest {
            method: binding.verb.to_http(),
            url,
            headers,
            body,
        })
    }

    /// Sends `request` and hands each successful response to `finish`, until
    /// both succeed, the retry policy gives up, or the error is not transient.
    pub(crate) async fn send_with_retries<T, F, Fut>(
        &self,
        method_id: &'static str,
        idempotent: bool,
        request: &RawRequest,
        finish: F,
    ) -> Result<T, Error>
    where
        F: Fn(reqwest::Response) -> Fut,
        Fut: std::future::Future<Output = Result<T, Error>>,
    {
        let policy = self.retry_policy();
        let started = Instant::now();
        let span = tracing::info_span!("api_call", method = method_id);
        async {
            let mut attempt = 1;
            loop {
                let attempt_started = Instant::now();
                let outcome = match self.attempt(method_id, request).await {
                    Ok(response) => {
                        let status = response.status().as_u16();
                        finish(response).await.map(|value| (value, status))
                    }
                    Err(error) => Err(error),
                };
                let latency_ms = attempt_started.elapsed().as_millis() as u64;
                let error = match outcome {
                    Ok((value, status)) => {
                        tracing::debug!(attempt, status, latency_ms, "call succeeded");
                        return Ok(value);
                    }
                    Err(error) => error,
                };
                tracing::debug!(attempt, error = %error, latency_ms, "attempt failed");
                match policy.next_delay(attempt, started.elapsed(), &error, idempotent) {
                    Some(delay) => {
                        tracing::warn!(attempt, delay_ms = delay.as_millis() as u64, error = %error, "retrying");
                        tokio::time::sleep(delay).await;
                        attempt += 1;
                    }
                    None => return Err(error),
                }
            }
        }
        .instrument(span)
        .await
    }

    /// One attempt: a success response, or the error (with the wait the server asked for).
    async fn attempt(
        &self,
        method_id: &'static str,
        request: &RawRequest,
    ) -> Result<reqwest::Response, Error> {
        let mut builder = self
            .inner
            .http
            .request(request.method.clone(), request.url.clone());
        for headers in [
            &self.inner.defaults.headers,
            &self.options.headers,
            &request.headers,
        ] {
            if !headers.is_empty() {
                builder = builder.headers(headers.clone());
            }
        }
        match &self.inner.credentials {
            Credentials::None => {}
            Credentials::ApiKey(key) => {
                if let Some(api_key) = &self.inner.config.auth.api_key {
                    builder = builder.header(api_key.header, key.clone());
                }
            }
            Credentials::Bearer(source) => {
                let token = source
                    .token()
                    .await
                    .map_err(|error| Error::Auth(error.to_string()))?;
                let value = secret_header(&format!("Bearer {token}")).ok_or_else(|| {
                    Error::Auth(
                        "the token source gave a token that is not a valid header value".to_owned(),
                    )
                })?;
                builder = builder.header(AUTHORIZATION, value);
            }
        }
        if let Some(timeout) = self.call_timeout() {
            builder = builder.timeout(timeout);
        }
        if let Some(body) = &request.body {
            builder = builder.body(body.clone());
        }
        let response = builder
            .send()
            .await
            .map_err(|error| self.timeouts().classify(method_id, error))?;
        // The redirect policy keeps to the base URL's origin; this catches
        // a caller-configured HTTP client that followed a redirect elsewhere.
        same_origin(method_id, "a redirect", &self.inner.base, response.url())?;
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .and_then(parse_retry_after);
        let body = self.read_body(method_id, response).await?;
        let mut error = ApiError::from_response(method_id, status.as_u16(), &body);
        error.retry_after = retry_after;
        Err(Error::Api(Box::new(error)))
    }

    /// The timeouts in force for calls through this transport.
    fn timeouts(&self) -> Timeouts {
        Timeouts {
            call: self.call_timeout(),
            ..self.inner.timeouts
        }
    }

    /// The limit on each attempt: the call's, the method's, then the client's.
    fn call_timeout(&self) -> Option<Duration> {
        self.options
            .timeout
            .or(self.method.timeout)
            .or(self.inner.defaults.timeout)
    }

    /// Refuses an upload session URL on another origin than the base URL's.
    pub(crate) fn check_upload_url(
        &self,
        method_id: &'static str,
        url: &reqwest::Url,
    ) -> Result<(), Error> {
        same_origin(method_id, "an upload URL", &self.inner.base, url)
    }

    /// The retry policy in force for calls through this transport: the
    /// call's, the method's, the client builder's, then the API's default.
    pub fn retry_policy(&self) -> RetryPolicy {
        self.options
            .retry
            .or(self.method.retry)
            .or(self.inner.defaults.retry)
            .unwrap_or(self.inner.config.retry)
    }

    /// An absolute URL for a path on the API host (e.g. an upload endpoint).
    pub(crate) fn url_for(&self, path: &str) -> Result<reqwest::Url, Error> {
        parse_url(&format!("{}{}", self.inner.base_url, path))
    }
}

/// Parses an absolute URL built from the base URL or given by the server.
pub(crate) fn parse_url(url: &str) -> Result<reqwest::Url, Error> {
    reqwest::Url::parse(url)
        .map_err(|error| Error::InvalidRequest(format!("bad URL {url:?}: {error}")))
}

/// Decodes a JSON body.
pub(crate) fn decode_json<Resp: Message>(
    method_id: &'static str,
    body: &[u8],
) -> Result<Resp, Error> {
    json::from_slice(body).map_err(|error| Error::decode(method_id, error, body))
}

/// Builds a generated client `C`.
///
/// Credentials: an API key from [`ClientBuilder::api_key`], a bearer token
/// ([`ClientBuilder::bearer_token`], [`ClientBuilder::token_source`]), or,
/// when none is given, what the API's spec says to look for: the first set
/// environment variable it names for a key (for example `LIBRARY_API_KEY`),
/// then, with the `oauth` feature and OAuth scopes declared, Application
/// Default Credentials. When the API takes credentials and none are found,
/// [`ClientBuilder::build`] fails with `Error::NoCredentials` naming where it
/// looked; [`ClientBuilder::without_credentials`] builds a client that sends
/// none (for a local server).
///
/// What a server may do is bounded: redirects are followed only within the
/// base URL's origin, and an upload URL elsewhere is refused
/// (`Error::CrossOrigin`); answers have size limits (`Error::TooLarge`); and
/// connecting and waiting for bytes have timeouts (`Error::Timeout`).
pub struct ClientBuilder<C> {
    config: &'static ApiConfig,
    credentials: Option<Credentials>,
    base_url: Option<String>,
    http: Option<reqwest::Client>,
    defaults: CallOptions,
    limits: Limits,
    connect_timeout: Option<Duration>,
    read_timeout: Option<Duration>,
    user_agent: Option<String>,
    bad_header: Option<String>,
    _client: std::marker::PhantomData<fn() -> C>,
}

// By hand: a derive would ask `C: Clone`, which the client need not be.
/// A copy of the settings, to build several clients that differ in a few
/// (another API key, another base URL); the copies share the HTTP client
/// and token source given, if any.
impl<C> Clone for ClientBuilder<C> {
    fn clone(&self) -> Self {
        Self {
            config: self.config,
            credentials: self.credentials.clone(),
            base_url: self.base_url.clone(),
            http: self.http.clone(),
            defaults: self.defaults.clone(),
            limits: self.limits,
            connect_timeout: self.connect_timeout,
            read_timeout: self.read_timeout,
            user_agent: self.user_agent.clone(),
            bad_header: self.bad_header.clone(),
            _client: std::marker::PhantomData,
        }
    }
}

impl<C> std::fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("credentials", &self.credentials)
            .field("base_url", &self.base_url)
            .field("defaults", &self.defaults)
            .field("user_agent", &self.user_agent)
            .field("limits", &self.limits)
            .field("connect_timeout", &self.connect_timeout)
            .field("read_timeout", &self.read_timeout)
            .finish()
    }
}

impl<C: FromTransport> ClientBuilder<C> {
    /// A builder with the API's defaults.
    pub fn new(config: &'static ApiConfig) -> Self {
        Self {
            config,
            credentials: None,
            base_url: None,
            http: None,
            defaults: CallOptions::default(),
            limits: Limits::default(),
            connect_timeout: None,
            read_timeout: None,
            user_agent: None,
            bad_header: None,
            _client: std::marker::PhantomData,
        }
    }

    /// Authenticates with this API key instead of reading the environment.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        match secret_header(&key.into()) {
            Some(value) => self.credentials = Some(Credentials::ApiKey(value)),
            None => {
                self.bad_header =
                    Some("the API key contains characters not allowed in a header".to_owned())
            }
        }
        self
    }

    /// Authenticates with a fixed OAuth access token.
    pub fn bearer_token(self, token: impl Into<String>) -> Self {
        self.token_source(StaticToken::new(token))
    }

    /// Authenticates with OAuth access tokens from `source`, asked before every attempt.
    pub fn token_source(mut self, source: impl TokenSource + 'static) -> Self {
        self.credentials = Some(Credentials::Bearer(Arc::new(source)));
        self
    }

    /// Sends no credentials, even when the environment has an API key.
    pub fn without_credentials(mut self) -> Self {
        self.credentials = Some(Credentials::None);
        self
    }

    /// Sends requests to this base URL (a proxy, or a local test server).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Uses a caller-configured `reqwest::Client` (proxies, TLS, pools).
    ///
    /// Its own redirect policy and timeouts apply: give it
    /// `reqwest::redirect::Policy::none()` so that no redirect takes the
    /// credentials to another origin (an answer that came from one is still
    /// refused), and set its `connect_timeout` and `read_timeout`.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Limits each attempt, from sending to the end of the answer (none by
    /// default; a stream that must last longer needs none). A method whose
    /// spec gives it its own timeout keeps that one.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.defaults.timeout = Some(timeout);
        self
    }

    /// Limits opening a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Limits the wait for an answer's first bytes and then between its
    /// bytes (default 5 min), so a stalled server cannot hold a call or a
    /// stream forever while a long stream that keeps sending goes on.
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.read_timeout = Some(timeout);
        self
    }

    /// Limits the body of a unary answer, a success or an error (default 64 MiB).
    pub fn max_body_size(mut self, bytes: usize) -> Self {
        self.limits.body = bytes;
        self
    }

    /// Limits one line of a streamed answer (default 16 MiB).
    pub fn max_event_line(mut self, bytes: usize) -> Self {
        self.limits.event_line = bytes;
        self
    }

    /// Limits one event of a streamed answer, one message (default 32 MiB).
    pub fn max_event_size(mut self, bytes: usize) -> Self {
        self.limits.event = bytes;
        self
    }

    /// Replaces the API's default retry policy; a method whose spec gives
    /// it its own policy keeps that one (a per-call policy beats both).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.defaults.retry = Some(policy);
        self
    }

    /// Adds a header to every request (e.g. `x-goog-user-project`).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        match (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            (Ok(name), Ok(value)) => {
                self.defaults.headers.insert(name, value);
            }
            _ => self.bad_header = Some(format!("`{name}` is not a valid header name and value")),
        }
        self
    }

    /// Replaces the default `user-agent`.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<C, Error> {
        if let Some(problem) = self.bad_header {
            return Err(Error::Config(problem));
        }
        let base_url = self
            .base_url
            .unwrap_or_else(|| self.config.base_url.to_owned());
        let base_url = base_url.trim_end_matches('/').to_owned();
        let base = reqwest::Url::parse(&base_url)
            .map_err(|error| Error::Config(format!("bad base URL {base_url:?}: {error}")))?;
        let (http, timeouts) = match self.http {
            Some(_) if self.connect_timeout.is_some() || self.read_timeout.is_some() => {
                return Err(Error::Config(
                    "connect and read timeouts are set on a caller-configured HTTP client itself"
                        .to_owned(),
                ))
            }
            Some(http) => (http, Timeouts::default()),
            None => {
                let connect = self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT);
                let read = self.read_timeout.unwrap_or(DEFAULT_READ_TIMEOUT);
                let http = reqwest::Client::builder()
                    .user_agent(self.user_agent.as_deref().unwrap_or(self.config.user_agent))
                    .redirect(same_origin_redirects(&base))
                    .connect_timeout(connect)
                    .read_timeout(read)
                    .build()
                    .map_err(|error| Error::Config(error.to_string()))?;
                let timeouts = Timeouts {
                    connect: Some(connect),
                    read: Some(read),
                    call: None,
                };
                (http, timeouts)
            }
        };
        let credentials = match self.credentials {
            Some(Credentials::ApiKey(_)) if self.config.auth.api_key.is_none() => {
                return Err(Error::Config("this API takes no API keys".to_owned()))
            }
            Some(credentials) => credentials,
            None => from_environment(&self.config.auth)?,
        };
        let inner = Inner {
            http,
            base_url,
            base,
            limits: self.limits,
            timeouts,
            credentials,
            config: self.config,
            defaults: self.defaults,
        };
        Ok(C::from_transport(Transport {
            inner: Arc::new(inner),
            options: CallOptions::default(),
            method: MethodSettings::default(),
        }))
    }
}
