//! `/v1/` paths: the API serves its stable methods under `v1` as well as
//! `v1beta` (the Python SDK's default is `v1`). This middleware serves the
//! methods the API has at `v1` (models get and list; generateContent,
//! streamGenerateContent, countTokens, embedContent and batchEmbedContents
//! of base models; generateContent and streamGenerateContent of tuned
//! models) as their `v1beta` twins, and answers 404 for any other `/v1/` path.

use gemini_v1beta::runtime::server::error_response;
use gemini_v1beta::server::axum::extract::Request;
use gemini_v1beta::server::axum::http::Uri;
use gemini_v1beta::server::axum::middleware::Next;
use gemini_v1beta::server::axum::response::Response;
use gemini_v1beta::server::ServerError;

/// The custom verbs of base models the API serves at `v1`.
const MODEL_VERBS: &[&str] = &[
    "generateContent",
    "streamGenerateContent",
    "countTokens",
    "embedContent",
    "batchEmbedContents",
];
/// The custom verbs of tuned models the API serves at `v1`.
const TUNED_MODEL_VERBS: &[&str] = &["generateContent", "streamGenerateContent"];

/// Answers a `/v1/` request as its `/v1beta/` twin when the API serves it at `v1`.
pub(crate) async fn serve_v1(mut request: Request, next: Next) -> Response {
    let Some(rest) = request.uri().path().strip_prefix("/v1/") else {
        return next.run(request).await;
    };
    if !served_at_v1(rest) {
        let error = ServerError::not_found(format!(
            "{} is not a method of API version v1 (it may be in v1beta)",
            request.uri().path()
        ));
        return error_response(&error);
    }
    let twin = match request.uri().query() {
        Some(query) => format!("/v1beta/{rest}?{query}"),
        None => format!("/v1beta/{rest}"),
    };
    match twin.parse::<Uri>() {
        Ok(uri) => *request.uri_mut() = uri,
        Err(_) => return error_response(&ServerError::invalid_argument("a malformed path")),
    }
    next.run(request).await
}

/// Whether the API serves the path `rest` (after `/v1/`) at `v1`.
fn served_at_v1(rest: &str) -> bool {
    let (resource, verb) = match rest.split_once(':') {
        Some((resource, verb)) => (resource, Some(verb)),
        None => (rest, None),
    };
    let segments: Vec<&str> = resource.split('/').collect();
    match (segments.as_slice(), verb) {
        (["models"], None) => true,
        (["models", id], None) => !id.is_empty(),
        (["models", id], Some(verb)) => !id.is_empty() && MODEL_VERBS.contains(&verb),
        (["tunedModels", id], Some(verb)) => !id.is_empty() && TUNED_MODEL_VERBS.contains(&verb),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::served_at_v1;

    #[test]
    fn serves_the_stable_methods_only() {
        for served in [
            "models",
            "models/gemini-2.0-flash",
            "models/gemini-2.0-flash:generateContent",
            "models/m:streamGenerateContent",
            "models/m:batchEmbedContents",
            "tunedModels/t:generateContent",
        ] {
            assert!(served_at_v1(served), "{served}");
        }
        for refused in [
            "",
            "files",
            "cachedContents",
            "models/",
            "models/m:generateAnswer",
            "tunedModels/t",
            "tunedModels/t:countTokens",
            "models/m/operations",
            "corpora/c",
        ] {
            assert!(!served_at_v1(refused), "{refused}");
        }
    }
}
