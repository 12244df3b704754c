//! Credentials: an API key header, or a bearer token from a pluggable source;
//! what the spec declares, and where `Client::new` looks for them.
//! Secrets never appear in `Debug` output, errors or logs.

mod discover;
#[cfg(feature = "oauth")]
mod google;

pub(crate) use discover::from_environment;
#[cfg(feature = "oauth")]
pub use google::GoogleTokenSource;

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use reqwest::header::HeaderValue;

/// The credentials an API takes, as its spec declares them (`api.auth`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApiAuth {
    /// API keys, if the API takes them.
    pub api_key: Option<ApiKeyAuth>,
    /// OAuth 2 scopes an access token needs; empty when the API takes no OAuth tokens.
    pub oauth_scopes: &'static [&'static str],
}

impl ApiAuth {
    /// An API that needs no credentials.
    pub const NONE: ApiAuth = ApiAuth {
        api_key: None,
        oauth_scopes: &[],
    };
}

/// How an API key is sent and where `Client::new` finds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApiKeyAuth {
    /// The header that carries the key, e.g. `x-goog-api-key`.
    pub header: &'static str,
    /// Environment variables the key is read from, first set wins.
    pub env: &'static [&'static str],
}

/// A boxed error from a token source.
pub type TokenError = Box<dyn std::error::Error + Send + Sync>;

/// Where OAuth access tokens come from (a metadata server, a refreshing
/// service-account signer, a fixed token for tests). Called before every
/// attempt, so a source can cache and refresh as it sees fit.
pub trait TokenSource: Send + Sync {
    /// The current access token, without the `Bearer ` prefix.
    fn token(&self) -> Pin<Box<dyn Future<Output = Result<String, TokenError>> + Send + '_>>;
}

/// A token that never changes.
#[derive(Clone)]
pub struct StaticToken(String);

impl StaticToken {
    /// Wraps a token.
    pub fn new(token: impl Into<String>) -> Self {
        Self(token.into())
    }
}

impl fmt::Debug for StaticToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StaticToken(<redacted>)")
    }
}

impl TokenSource for StaticToken {
    fn token(&self) -> Pin<Box<dyn Future<Output = Result<String, TokenError>> + Send + '_>> {
        Box::pin(std::future::ready(Ok(self.0.clone())))
    }
}

/// How requests authenticate.
#[derive(Clone)]
pub(crate) enum Credentials {
    /// No credentials (a local server, or a proxy that adds them).
    None,
    /// An API key, sent in the API's key header.
    ApiKey(HeaderValue),
    /// `Authorization: Bearer <token>`.
    Bearer(Arc<dyn TokenSource>),
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Credentials::None => "None",
            Credentials::ApiKey(_) => "ApiKey(<redacted>)",
            Credentials::Bearer(_) => "Bearer(<redacted>)",
        })
    }
}

/// A header value that `Debug` and `http` both treat as secret.
pub(crate) fn secret_header(value: &str) -> Option<HeaderValue> {
    let mut header = HeaderValue::from_str(value).ok()?;
    header.set_sensitive(true);
    Some(header)
}
