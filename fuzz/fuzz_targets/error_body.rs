//! Any error body decodes into an ApiError (or keeps the raw text), never a panic.
#![no_main]

use apigen_runtime::ApiError;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let error = ApiError::from_response("fuzz.method", 500, data);
    let _ = error.to_string();
    let _ = error.retry_delay();
});
