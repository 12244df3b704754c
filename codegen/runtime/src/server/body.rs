//! Reading a request body within the server's limits: refused by its
//! declared length before a byte of it is read, cut off at the limit while
//! it streams, and given a deadline to arrive.

use axum::body::Body;
use axum::http::request::Parts;
use bytes::Bytes;
use http_body_util::{BodyExt, LengthLimitError, Limited};

use super::{ServerError, ServerLimits};
use crate::status::Code;

/// The most a body's buffer reserves before its bytes arrive.
const PREALLOCATE_AT_MOST: usize = 8 * 1024 * 1024;

/// Reads the body of the request whose head is `parts` within `limits`:
/// 413 when its `Content-Length` is over the limit (without reading it) or
/// when it streams past the limit, 408 when it has not arrived in full
/// within the body timeout.
pub async fn read_request_body(
    parts: &Parts,
    body: Body,
    limits: &ServerLimits,
) -> Result<Bytes, ServerError> {
    let declared = parts
        .headers
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limits.body_limit as u64) {
        return Err(too_large(limits.body_limit));
    }
    // Room for the declared length up front, but not much memory for a
    // length that is only declared.
    let capacity = declared
        .map_or(0, |length| length as usize)
        .min(PREALLOCATE_AT_MOST);
    tokio::time::timeout(
        limits.body_timeout,
        collect(body, limits.body_limit, capacity, declared),
    )
    .await
    .unwrap_or_else(|_| {
        Err(ServerError::new(
            408,
            Code::DeadlineExceeded,
            format!(
                "the request body did not arrive within {:?}",
                limits.body_timeout
            ),
        ))
    })
}

/// The whole body in one buffer, which starts with room for `capacity`
/// bytes. Once bytes arrive past that room, the buffer grows to the
/// `declared` length exactly (the client is sending it), not to twice its
/// room as a growing buffer would: the body stays held while its request
/// is decoded and served.
async fn collect(
    body: Body,
    limit: usize,
    capacity: usize,
    declared: Option<u64>,
) -> Result<Bytes, ServerError> {
    let mut body = Limited::new(body, limit);
    let mut buffer = Vec::with_capacity(capacity);
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|error| {
            if error.is::<LengthLimitError>() {
                too_large(limit)
            } else {
                ServerError::invalid_argument(format!("cannot read the body: {error}"))
            }
        })?;
        if let Some(data) = frame.data_ref() {
            // Past the room, the rest of the declared length when it covers
            // these bytes; otherwise the vector's own doubling.
            let rest = declared.map_or(0, |length| length as usize);
            let rest = rest.saturating_sub(buffer.len());
            if data.len() > buffer.capacity() - buffer.len() && rest >= data.len() {
                buffer.reserve_exact(rest);
            }
            buffer.extend_from_slice(data);
        }
    }
    Ok(Bytes::from(buffer))
}

/// 413 for a body over `limit` bytes.
fn too_large(limit: usize) -> ServerError {
    ServerError::new(
        413,
        Code::ResourceExhausted,
        format!("Request payload size exceeds the limit: {limit} bytes."),
    )
}
