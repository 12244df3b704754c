//! Uploads, served by the generated router's resumable upload endpoint
//! (`POST /upload/v1beta/files`): the options the fake sets on it, and the
//! file a finished upload becomes.

use gemini_v1beta::runtime::server::{UploadOptions, UploadedMedia, DEFAULT_CHUNK_GRANULARITY};
use gemini_v1beta::server::ServerError;
use gemini_v1beta::types::{CreateFileRequest, CreateFileResponse};

use crate::Fake;

/// Every chunk but the last must be a multiple of this many bytes (256 KiB).
pub const CHUNK_GRANULARITY: usize = DEFAULT_CHUNK_GRANULARITY;
/// The largest file the API accepts: 2 GiB.
const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// The upload endpoint as the API has it: raw uploads and a bare `finalize`
/// too, files up to 2 GiB, and the file metadata checked at `start` (a
/// taken or malformed name is refused before any byte is sent). Idle time
/// and the number of sessions are the runtime's defaults; sessions expire
/// by the fake's clock.
pub(crate) fn options(fake: &Fake) -> UploadOptions {
    let fake = fake.clone();
    let clock = fake.clock();
    UploadOptions::new()
        .clock(move || clock.instant())
        .accept_raw(true)
        .accept_bare_finalize(true)
        .max_session_bytes(MAX_FILE_BYTES)
        .chunk_granularity(CHUNK_GRANULARITY)
        .check_at_start(move |metadata| {
            let request: CreateFileRequest =
                gemini_v1beta::codec::from_value(metadata).map_err(|error| {
                    ServerError::invalid_argument(format!(
                        "the upload metadata is not a CreateFileRequest: {error}"
                    ))
                })?;
            fake.lock().check_new_file(request.file.as_ref())
        })
}

/// Stores a finished upload as a new file.
pub(crate) fn receive(
    fake: &Fake,
    request: CreateFileRequest,
    media: UploadedMedia,
) -> Result<CreateFileResponse, ServerError> {
    let file = fake.lock().create_file(
        request.file,
        Some(media.mime_type),
        media.bytes.to_vec(),
        None,
    )?;
    Ok(CreateFileResponse::new().set_file(file))
}
