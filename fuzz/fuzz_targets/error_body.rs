//! Any error body decodes into an ApiError (or keeps the raw text), never a
//! panic; a body that decodes re-encodes to one that decodes the same.
#![no_main]

use apigen_runtime::{ApiError, ErrorBody};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let error = ApiError::from_response("fuzz.method", 500, data);
    let _ = error.to_string();
    let _ = error.retry_delay();
    if let Ok(body) = ErrorBody::decode(data) {
        let again = ErrorBody::decode(body.to_json().as_bytes()).expect("a re-encoded body decodes");
        assert_eq!(again, body);
    }
});
