//! Who is calling: the API key and `x-fake-session` header of the request
//! being answered, which choose the script queues it draws from. A
//! middleware records them for the request's task, so the service methods
//! (which see only the decoded request) can read them.

use gemini_v1beta::server::axum::extract::Request;
use gemini_v1beta::server::axum::http::HeaderMap;
use gemini_v1beta::server::axum::middleware::Next;
use gemini_v1beta::server::axum::response::Response;

use crate::keys;
use crate::script::Scope;

/// The header naming a caller's session, whose scripts are its own.
pub const SESSION_HEADER: &str = "x-fake-session";

tokio::task_local! {
    /// The scopes of the request being answered, most specific first.
    static SCOPES: Vec<Scope>;
}

/// The scopes `headers` give, most specific first: the session (when the
/// header is there), the API key (when there is one), then the shared scope.
pub(crate) fn scopes_of(headers: &HeaderMap) -> Vec<Scope> {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .filter(|value| !value.is_empty())
            .map(str::to_owned)
    };
    header(SESSION_HEADER)
        .map(Scope::Session)
        .into_iter()
        .chain(header(keys::KEY_HEADER).map(Scope::ApiKey))
        .chain([Scope::Shared])
        .collect()
}

/// Answers `request` with its scopes recorded for [`scopes`].
pub(crate) async fn scoped(request: Request, next: Next) -> Response {
    let scopes = scopes_of(request.headers());
    SCOPES.scope(scopes, next.run(request)).await
}

/// The scopes of the request being answered; outside one, only the shared scope.
pub(crate) fn scopes() -> Vec<Scope> {
    SCOPES
        .try_with(Clone::clone)
        .unwrap_or_else(|_| vec![Scope::Shared])
}
