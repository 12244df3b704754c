//! API keys: which ones the fake accepts, and how it refuses a request
//! without one or with a wrong one, as the API does.

use gemini_v1beta::runtime::status::{Detail, ErrorInfo};
use gemini_v1beta::server::axum::extract::Request;
use gemini_v1beta::server::axum::http::{HeaderMap, HeaderValue, Uri};
use gemini_v1beta::server::ServerError;

/// The key the fake accepts unless it is given others.
pub const DEFAULT_API_KEY: &str = "fake-api-key";
/// The header that carries the key (what the SDKs and the generated client send).
const KEY_HEADER: &str = "x-goog-api-key";
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
            Some(_) => Err(ServerError::invalid_argument(
                "the API key is not valid: send a valid API key",
            )
            .with_detail(invalid_key_info())),
        }
    }
}

/// The `google.rpc.ErrorInfo` the API attaches to a wrong key.
fn invalid_key_info() -> Detail {
    Detail::ErrorInfo(ErrorInfo {
        reason: "API_KEY_INVALID".to_owned(),
        domain: "googleapis.com".to_owned(),
        metadata: [(
            "service".to_owned(),
            "generativelanguage.googleapis.com".to_owned(),
        )]
        .into(),
        ..ErrorInfo::default()
    })
}

/// Moves a `key` query parameter into the key header (unless the header is
/// already there), so that [`ApiKeys::check`] sees it and the request
/// decoding does not take it for a field of the request.
pub(crate) async fn key_from_query(mut request: Request) -> Request {
    let Some(query) = request.uri().query() else {
        return request;
    };
    let (keys, rest): (Vec<&str>, Vec<&str>) = query
        .split('&')
        .partition(|pair| pair.split('=').next() == Some(KEY_PARAMETER));
    let Some(key) = keys
        .first()
        .and_then(|pair| form_urlencoded::parse(pair.as_bytes()).next())
        .map(|(_, value)| value.into_owned())
    else {
        return request;
    };
    let path = request.uri().path();
    let path_and_query = match rest.is_empty() {
        true => path.to_owned(),
        false => format!("{path}?{}", rest.join("&")),
    };
    let mut parts = request.uri().clone().into_parts();
    if let Ok(path_and_query) = path_and_query.parse() {
        parts.path_and_query = Some(path_and_query);
        if let Ok(uri) = Uri::from_parts(parts) {
            *request.uri_mut() = uri;
        }
    }
    if let (false, Ok(value)) = (
        request.headers().contains_key(KEY_HEADER),
        HeaderValue::from_str(&key),
    ) {
        request.headers_mut().insert(KEY_HEADER, value);
    }
    request
}
