//! The admin endpoint, `/_fake/scripts`: loads, shows and resets scripted
//! answers while the fake runs. Its path is outside the API's (`/v1beta/`,
//! `/v1/`, `/upload/`), so it cannot be taken for an API method, and it
//! takes an accepted API key like the API. A request's scope is its
//! `x-fake-session` header when it has one, else its API key.
//!
//! - `POST /_fake/scripts` queues a script (the JSON of
//!   [`crate::Fake::load_script`]; its top-level models in the caller's scope);
//! - `GET /_fake/scripts` shows how many answers the scope still holds;
//! - `DELETE /_fake/scripts` drops them.
//!
//! Each answers `{"scope": {"session" | "apiKey": NAME}, "queued": {MODEL: COUNT}}`.

use gemini_v1beta::runtime::server::error_response;
use gemini_v1beta::server::axum::body::Bytes;
use gemini_v1beta::server::axum::http::HeaderMap;
use gemini_v1beta::server::axum::response::{IntoResponse, Response};
use gemini_v1beta::server::axum::routing::get;
use gemini_v1beta::server::axum::{extract::State as Extract, Json, Router};
use gemini_v1beta::server::ServerError;

use crate::script::{self, Scope};
use crate::{caller, Fake};

/// The admin endpoint's path.
pub const SCRIPTS_PATH: &str = "/_fake/scripts";

/// The admin routes of `fake`.
pub(crate) fn router(fake: Fake) -> Router {
    Router::new()
        .route(SCRIPTS_PATH, get(show).post(load).delete(reset))
        .with_state(fake)
}

/// The caller's own scope (its session, else its key), once its key is accepted.
fn own_scope(fake: &Fake, headers: &HeaderMap) -> Result<Scope, ServerError> {
    fake.lock().api_keys.check(headers)?;
    let scopes = caller::scopes_of(headers);
    Ok(scopes.into_iter().next().unwrap_or(Scope::Shared))
}

/// `GET`: what the caller's scope still holds.
async fn show(Extract(fake): Extract<Fake>, headers: HeaderMap) -> Response {
    answer(&fake, own_scope(&fake, &headers))
}

/// `POST`: queues the script in the body (nothing, if any of it is wrong).
async fn load(Extract(fake): Extract<Fake>, headers: HeaderMap, body: Bytes) -> Response {
    let scope = own_scope(&fake, &headers).and_then(|scope| {
        let text = std::str::from_utf8(&body)
            .map_err(|_| ServerError::invalid_argument("a script is JSON text in UTF-8"))?;
        let script = script::parse(text, &scope)
            .map_err(|error| ServerError::invalid_argument(error.to_string()))?;
        fake.queue(script);
        Ok(scope)
    });
    answer(&fake, scope)
}

/// `DELETE`: drops every answer queued in the caller's scope.
async fn reset(Extract(fake): Extract<Fake>, headers: HeaderMap) -> Response {
    let scope = own_scope(&fake, &headers).inspect(|scope| fake.reset_scripts(scope));
    answer(&fake, scope)
}

/// The scope and what it holds, or the error.
fn answer(fake: &Fake, scope: Result<Scope, ServerError>) -> Response {
    let scope = match scope {
        Ok(scope) => scope,
        Err(error) => return error_response(&error),
    };
    let queued = fake.lock().scripts.counts(&scope);
    let named = match &scope {
        Scope::Session(session) => serde_json::json!({ "session": session }),
        Scope::ApiKey(key) => serde_json::json!({ "apiKey": key }),
        Scope::Shared => serde_json::json!("shared"),
    };
    Json(serde_json::json!({ "scope": named, "queued": queued })).into_response()
}
