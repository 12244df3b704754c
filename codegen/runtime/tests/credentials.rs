//! What `ClientBuilder::build` does with an API's declared credentials when
//! none are given and the environment has none: it refuses, naming where it
//! looked, unless told to send none. The variable below is never set.
#![cfg(feature = "client")]

use apigen_runtime::{
    ApiAuth, ApiConfig, ApiKeyAuth, ClientBuilder, Error, FromTransport, RetryPolicy, Transport,
};

/// A stand-in for a generated client.
struct TestClient;

impl FromTransport for TestClient {
    fn from_transport(_: Transport) -> Self {
        TestClient
    }
}

/// An API that takes a key from a variable no test sets, or OAuth tokens.
static CONFIG: ApiConfig = ApiConfig {
    base_url: "https://api.example.com",
    auth: ApiAuth {
        api_key: Some(ApiKeyAuth {
            header: "x-api-key",
            env: &["APIGEN_RUNTIME_TEST_KEY_NEVER_SET"],
        }),
        oauth_scopes: &["https://api.example.com/auth/all"],
    },
    user_agent: "credentials-test/0",
    retry: RetryPolicy::NONE,
};

/// Without the `oauth` feature, Application Default Credentials are named
/// as not looked for, with the reason.
#[cfg(not(feature = "oauth"))]
#[test]
fn no_credentials_names_the_variable_and_the_missing_oauth_feature() {
    let Err(error) = ClientBuilder::<TestClient>::new(&CONFIG).build() else {
        panic!("a client without credentials");
    };
    let Error::NoCredentials { looked } = &error else {
        panic!("expected NoCredentials, got {error:?}");
    };
    assert_eq!(
        looked,
        &[
            "$APIGEN_RUNTIME_TEST_KEY_NEVER_SET".to_owned(),
            "Application Default Credentials (needs the crate's `oauth` feature)".to_owned(),
        ]
    );
    assert!(error.to_string().contains("without_credentials"), "{error}");
}

#[test]
fn without_credentials_or_with_a_key_the_client_builds() {
    assert!(ClientBuilder::<TestClient>::new(&CONFIG)
        .without_credentials()
        .build()
        .is_ok());
    assert!(ClientBuilder::<TestClient>::new(&CONFIG)
        .api_key("k")
        .build()
        .is_ok());
    let refused = ClientBuilder::<TestClient>::new(&CONFIG)
        .api_key("not\na header")
        .build();
    assert!(matches!(refused, Err(Error::Config(_))));
}
