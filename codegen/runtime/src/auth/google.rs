//! OAuth 2 access tokens from Google credentials, through `gcp_auth`:
//! Application Default Credentials or a service account key. `gcp_auth`
//! caches each token and fetches a new one 20 s before it expires.

use std::fmt;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;

use gcp_auth::{CustomServiceAccount, TokenProvider};
use tokio::sync::OnceCell;

use super::{TokenError, TokenSource};
use crate::error::Error;

/// The variable that names a credentials file, as in every Google client library.
const CREDENTIALS_VAR: &str = "GOOGLE_APPLICATION_CREDENTIALS";

/// OAuth 2 access tokens for a set of scopes from Google credentials.
pub struct GoogleTokenSource {
    /// Where tokens come from; found on the first call for Application Default Credentials.
    provider: OnceCell<Arc<dyn TokenProvider>>,
    scopes: Vec<String>,
}

impl GoogleTokenSource {
    /// Application Default Credentials for `scopes`: the key file that
    /// `$GOOGLE_APPLICATION_CREDENTIALS` names, gcloud's
    /// `application_default_credentials.json`, or the metadata server on
    /// Google Cloud. Whether one is there is checked now, without network
    /// (`Error::NoCredentials` names the places); the first token is fetched
    /// on the first call.
    pub fn application_default(scopes: &[&str]) -> Result<Self, Error> {
        find_application_default()?;
        Ok(Self {
            provider: OnceCell::new(),
            scopes: owned(scopes),
        })
    }

    /// A service account key: the JSON file Google Cloud gives for one.
    /// Tokens come from the key's `token_uri`.
    pub fn service_account_json(json: &str, scopes: &[&str]) -> Result<Self, Error> {
        let account = CustomServiceAccount::from_json(json)
            .map_err(|error| Error::Auth(format!("unusable service account key: {error}")))?;
        let provider: Arc<dyn TokenProvider> = Arc::new(account);
        Ok(Self {
            provider: OnceCell::from(provider),
            scopes: owned(scopes),
        })
    }
}

impl fmt::Debug for GoogleTokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GoogleTokenSource")
            .field("scopes", &self.scopes)
            .finish_non_exhaustive()
    }
}

impl TokenSource for GoogleTokenSource {
    fn token(&self) -> Pin<Box<dyn Future<Output = Result<String, TokenError>> + Send + '_>> {
        Box::pin(async move {
            let provider = self.provider.get_or_try_init(gcp_auth::provider).await?;
            let scopes: Vec<&str> = self.scopes.iter().map(String::as_str).collect();
            let token = provider.token(&scopes).await?;
            Ok(token.as_str().to_owned())
        })
    }
}

/// The scopes, owned.
fn owned(scopes: &[&str]) -> Vec<String> {
    scopes.iter().map(|scope| (*scope).to_owned()).collect()
}

/// Checks, without network, that one of the Application Default Credentials
/// sources is there, in `gcp_auth`'s order.
fn find_application_default() -> Result<(), Error> {
    if let Some(path) = std::env::var_os(CREDENTIALS_VAR).filter(|path| !path.is_empty()) {
        if Path::new(&path).is_file() {
            return Ok(());
        }
        return Err(Error::Config(format!(
            "${CREDENTIALS_VAR} names {path:?}, which is not a file"
        )));
    }
    let gcloud = gcloud_file();
    if gcloud.as_deref().is_some_and(Path::is_file) || on_google_cloud() {
        return Ok(());
    }
    let gcloud = match gcloud {
        Some(path) => path.display().to_string(),
        None => "gcloud's application_default_credentials.json (no home directory)".to_owned(),
    };
    Err(Error::NoCredentials {
        looked: vec![
            format!("${CREDENTIALS_VAR}"),
            gcloud,
            "the metadata server (not on Google Cloud)".to_owned(),
        ],
    })
}

/// Where `gcloud auth application-default login` writes its credentials.
fn gcloud_file() -> Option<PathBuf> {
    let dir = if cfg!(windows) {
        PathBuf::from(std::env::var_os("APPDATA")?).join("gcloud")
    } else {
        std::env::home_dir()?.join(".config").join("gcloud")
    };
    Some(dir.join("application_default_credentials.json"))
}

/// Whether this machine is on Google Cloud, where the metadata server gives
/// tokens: `$GCE_METADATA_HOST` is set, or the DMI product name says Google
/// (as Google's own libraries check).
fn on_google_cloud() -> bool {
    std::env::var_os("GCE_METADATA_HOST").is_some()
        || std::fs::read_to_string("/sys/class/dmi/id/product_name")
            .is_ok_and(|name| name.trim_start().starts_with("Google"))
}
