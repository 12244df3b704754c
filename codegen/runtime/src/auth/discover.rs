//! Where `Client::new` finds credentials: the API key variables the spec
//! names, in order, then (with the `oauth` feature, for an API that declares
//! OAuth scopes) Application Default Credentials. When there are none, the
//! error names every place it looked instead of sending requests without.

use super::{secret_header, ApiAuth, Credentials};
use crate::error::Error;

/// The credentials the environment holds for `auth`; none for an API that takes none.
pub(crate) fn from_environment(auth: &ApiAuth) -> Result<Credentials, Error> {
    if auth.api_key.is_none() && auth.oauth_scopes.is_empty() {
        return Ok(Credentials::None);
    }
    let mut looked = Vec::new();
    if let Some(key) = &auth.api_key {
        if let Some(value) = api_key_from_env(key.env) {
            return secret_header(&value)
                .map(Credentials::ApiKey)
                .ok_or_else(|| {
                    Error::Config(
                        "the API key in the environment is not a valid header value".to_owned(),
                    )
                });
        }
        looked.extend(key.env.iter().map(|name| format!("${name}")));
    }
    if !auth.oauth_scopes.is_empty() {
        match application_default(auth.oauth_scopes) {
            Err(Error::NoCredentials { looked: places }) => looked.extend(places),
            found => return found,
        }
    }
    Err(Error::NoCredentials { looked })
}

/// OAuth tokens from Application Default Credentials.
#[cfg(feature = "oauth")]
fn application_default(scopes: &[&str]) -> Result<Credentials, Error> {
    let source = super::GoogleTokenSource::application_default(scopes)?;
    Ok(Credentials::Bearer(std::sync::Arc::new(source)))
}

/// Without the `oauth` feature, Application Default Credentials are not looked for.
#[cfg(not(feature = "oauth"))]
fn application_default(_scopes: &[&str]) -> Result<Credentials, Error> {
    Err(Error::NoCredentials {
        looked: vec![
            "Application Default Credentials (needs the crate's `oauth` feature)".to_owned(),
        ],
    })
}

/// The API key from the first of `names` that is set and not empty. When
/// several are set, a warning names the one used (never a value).
fn api_key_from_env(names: &[&'static str]) -> Option<String> {
    let mut set = names.iter().filter_map(|name| {
        std::env::var(name)
            .ok()
            .filter(|value| !value.is_empty())
            .map(|value| (*name, value))
    });
    let (used, key) = set.next()?;
    let ignored: Vec<&str> = set.map(|(name, _)| name).collect();
    if !ignored.is_empty() {
        tracing::warn!(
            used,
            ignored = %ignored.join(", "),
            "several API key variables are set; using {used}"
        );
    }
    Some(key)
}
