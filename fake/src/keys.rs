//! API keys: which ones the fake accepts, and how it refuses a request
//! without one or with a wrong one, as the API does.

use gemini_v1beta::runtime::status::{Detail, ErrorInfo};
use gemini_v1beta::server::axum::extract::Request;
use gemini_v1beta::server::axum::http::{HeaderMap, HeaderValue};
use gemini_v1beta::server::ServerError;

/// The key the fake accepts unless it is given others.
pub const DEFAULT_API_KEY: &str = "fake-api-key";
/// The header that carries the key (what the SDKs and the generated client send).
pub(crate) const KEY_HEADER: &str = "x-goog-api-key";
/// The query parameter that may carry the key instead.
const KEY_PARAMETER: &str = "key";

/// The keys the fake accepts.
#[derive(Debug)]
pub(crate) struct ApiKeys(Vec<String>);

impl Default for ApiKeys {
    fn default() -> Self {
        Self(vec![DEFAULT_API_KEY.to_owned()])
    }
}

impl ApiKeys {
    /// Accepts exactly `keys` (none at all: every request is refused).
    pub(crate) fn new(keys: Vec<String>) -> Self {
        Self(keys)
    }

    /// Lets a request through with an accepted key in its headers: without
    /// a key it is 403 PERMISSION_DENIED, with another one 400
    /// INVALID_ARGUMENT with the `API_KEY_INVALID` reason.
    pub(crate) fn check(&self, headers: &HeaderMap) -> Result<(), ServerError> {
        let key = headers
            .get(KEY_HEADER)
            .map(|value| value.to_str().unwrap_or_default())
            .filter(|key| !key.is_empty());
        match key {
            None => Err(ServerError::permission_denied(format!(
                "this method does not take anonymous calls: identify the caller with an API key \
                 in the {KEY_HEADER} header or the `{KEY_PARAMETER}` query parameter"
            ))),
            Some(key) if self.0.iter().any(|accepted| accepted == key) => Ok(()),
            Some(_) => Err(invalid_key()),
        }
    }
}

/// What the API answers a wrong key: 400 INVALID_ARGUMENT with a
/// `google.rpc.ErrorInfo` of reason `API_KEY_INVALID`.
pub(crate) fn invalid_key() -> ServerError {
    ServerError::invalid_argument("API key not valid. Please pass a valid API key.").with_detail(
        Detail::ErrorInfo(ErrorInfo {
            reason: "API_KEY_INVALID".to_owned(),
            domain: "googleapis.com".to_owned(),
            metadata: [(
                "service".to_owned(),
                "generativelanguage.googleapis.com".to_owned(),
            )]
            .into(),
            ..ErrorInfo::default()
        }),
    )
}

/// Copies a `key` query parameter into the key header (unless the header
/// is already there), so that [`ApiKeys::check`] sees it. The parameter
/// itself stays: request decoding leaves `key` alone, as one of the API's
/// system parameters.
pub(crate) async fn key_from_query(mut request: Request) -> Request {
    let key = request.uri().query().and_then(|query| {
        form_urlencoded::parse(query.as_bytes())
            .find(|(name, _)| name == KEY_PARAMETER)
            .map(|(_, value)| value.into_owned())
    });
    if let (Some(key), false) = (key, request.headers().contains_key(KEY_HEADER)) {
        if let Ok(value) = HeaderValue::from_str(&key) {
            request.headers_mut().insert(KEY_HEADER, value);
        }
    }
    request
}
