//! Reading a request body within the server's limits: refused by its
//! declared length before a byte of it is read, cut off at the limit while
//! it streams, and given a deadline to arrive.

use axum::body::Body;
use axum::http::request::Parts;
use bytes::{Bytes, BytesMut};
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
        collect(body, limits.body_limit, capacity),
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

/// The whole body in one buffer, which starts with room for `capacity` bytes.
async fn collect(body: Body, limit: usize, capacity: usize) -> Result<Bytes, ServerError> {
    let mut body = Limited::new(body, limit);
    let mut buffer = BytesMut::with_capacity(capacity);
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|error| {
            if error.is::<LengthLimitError>() {
                too_large(limit)
            } else {
                ServerError::invalid_argument(format!("cannot read the body: {error}"))
            }
        })?;
        if let Some(data) = frame.data_ref() {
            buffer.extend_from_slice(data);
        }
    }
    Ok(buffer.freeze())
}

/// 413 for a body over `limit` bytes.
fn too_large(limit: usize) -> ServerError {
    ServerError::new(
        413,
        Code::ResourceExhausted,
        format!("Request payload size exceeds the limit: {limit} bytes."),
    )
}
