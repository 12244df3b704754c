//! `streamGenerateContent` without `alt=sse` answers one JSON array, as the
//! API does: the generated router answers server-sent events, which this
//! middleware turns into `[RESPONSE,\r\nRESPONSE,\r\n…]` as they come (a
//! cut connection stays cut, with the array unfinished). An error answered
//! before the stream becomes a one-element array holding the error object.

use futures_util::{Stream, StreamExt};
use gemini_v1beta::server::axum::body::{Body, Bytes};
use gemini_v1beta::server::axum::extract::Request;
use gemini_v1beta::server::axum::http::{header, HeaderValue};
use gemini_v1beta::server::axum::middleware::Next;
use gemini_v1beta::server::axum::response::Response;

/// Answers `request`, as a JSON array when it is a stream that does not ask for `alt=sse`.
pub(crate) async fn json_array(request: Request, next: Next) -> Response {
    let uri = request.uri();
    let wants_array = uri.path().ends_with(":streamGenerateContent") && !asks_for_sse(uri.query());
    let response = next.run(request).await;
    if !wants_array {
        return response;
    }
    let events = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|kind| kind.as_bytes().starts_with(b"text/event-stream"));
    let (mut parts, body) = response.into_parts();
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    parts.headers.remove(header::CONTENT_LENGTH);
    let body = if events {
        Body::from_stream(to_array(body.into_data_stream()))
    } else {
        let error = futures_util::stream::iter([Ok(Bytes::from_static(b"["))])
            .chain(body.into_data_stream())
            .chain(futures_util::stream::iter([Ok(Bytes::from_static(b"]"))]));
        Body::from_stream(error)
    };
    Response::from_parts(parts, body)
}

/// Whether a query has `alt=sse` (or `$alt=sse`).
fn asks_for_sse(query: Option<&str>) -> bool {
    form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .any(|(name, value)| (name == "alt" || name == "$alt") && value == "sse")
}

/// The events of `body` (`data: JSON` and a blank line each) as the text of one JSON array.
fn to_array<E>(
    body: impl Stream<Item = Result<Bytes, E>> + Send + Unpin,
) -> impl Stream<Item = Result<Bytes, E>> + Send {
    futures_util::stream::unfold(
        (body, Some(Array::default())),
        |(mut body, array)| async move {
            let mut array = array?;
            match body.next().await {
                Some(Ok(bytes)) => {
                    let text = array.feed(&bytes);
                    Some((Ok(text), (body, Some(array))))
                }
                Some(Err(error)) => Some((Err(error), (body, None))),
                None => Some((Ok(array.finish()), (body, None))),
            }
        },
    )
}

/// An array being written from events: the bytes of an unfinished event,
/// and whether an element was written.
#[derive(Default)]
struct Array {
    pending: Vec<u8>,
    started: bool,
}

impl Array {
    /// The array's text for the events `bytes` completes.
    fn feed(&mut self, bytes: &[u8]) -> Bytes {
        self.pending.extend_from_slice(bytes);
        let mut text = Vec::new();
        while let Some(end) = self.pending.windows(2).position(|pair| pair == b"\n\n") {
            let event: Vec<u8> = self.pending.drain(..end + 2).collect();
            let data = event[..end]
                .strip_prefix(b"data: ")
                .unwrap_or(&event[..end]);
            text.extend_from_slice(if self.started { b",\r\n" } else { b"[" });
            text.extend_from_slice(data);
            self.started = true;
        }
        Bytes::from(text)
    }

    /// The end of the array (an empty one if no event came).
    fn finish(&self) -> Bytes {
        Bytes::from_static(if self.started { b"]" } else { b"[]" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_split_anywhere_make_one_array() {
        let mut array = Array::default();
        let mut text = Vec::new();
        for piece in ["data: {\"a\"", ":1}\n", "\ndata: {}\n\ndata: [2]\n\n"] {
            text.extend_from_slice(&array.feed(piece.as_bytes()));
        }
        text.extend_from_slice(&array.finish());
        assert_eq!(text, b"[{\"a\":1},\r\n{},\r\n[2]]");
        assert_eq!(Array::default().finish(), Bytes::from_static(b"[]"));
    }

    #[test]
    fn only_alt_sse_asks_for_events() {
        assert!(asks_for_sse(Some("alt=sse")));
        assert!(asks_for_sse(Some("key=k&%24alt=sse")));
        assert!(!asks_for_sse(Some("alt=json")));
        assert!(!asks_for_sse(None));
    }
}
