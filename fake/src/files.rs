//! Uploaded files: their metadata and bytes.

use gemini_v1beta::server::ServerError;
use gemini_v1beta::types::*;
use gemini_v1beta::{Duration, Timestamp};
use sha2::{Digest, Sha256};

use crate::errors::{already_exists, check_len, not_found};
use crate::names;
use crate::paging::{self, ListCall};
use crate::state::{State, StoredFile};
use crate::wire_time;

/// How long an uploaded file is kept before it expires: 48 hours.
const FILE_LIFETIME: Duration = Duration {
    seconds: 48 * 3600,
    nanos: 0,
};
/// The longest display name of a file.
const MAX_DISPLAY_NAME: usize = 512;
/// The MIME type of a file uploaded without one.
const DEFAULT_MIME_TYPE: &str = "application/octet-stream";
/// Where the fake says it lives when it cannot tell (no `Host` header and not started by `serve`).
const FALLBACK_BASE_URL: &str = "http://localhost";

impl State {
    /// Deletes the files whose expiration time has passed by `now`, as the API does.
    pub(crate) fn drop_expired_files(&mut self, now: Timestamp) {
        self.files
            .retain(|_, stored| stored.file.expiration_time.is_none_or(|time| time > now));
    }

    /// Turns the files whose processing is over by `now` ACTIVE.
    pub(crate) fn finish_processing_files(&mut self, now: Timestamp) {
        for stored in self.files.values_mut() {
            if stored.file.state == file::State::Processing && stored.active_at <= now {
                stored.file.state = file::State::Active;
                stored.file.update_time = Some(stored.active_at);
            }
        }
    }

    /// Refuses a prompt that uses a file of this fake (by `fileData.fileUri`)
    /// before it is ACTIVE, as the API does.
    pub(crate) fn check_files_active<'c>(
        &self,
        contents: impl IntoIterator<Item = &'c Content>,
    ) -> Result<(), ServerError> {
        let uris = contents
            .into_iter()
            .flat_map(|content| &content.parts)
            .filter_map(|part| part.file_data())
            .map(|data| data.file_uri.as_str());
        for uri in uris {
            let Some(id) = uri.rsplit_once("/files/").map(|(_, id)| id) else {
                continue;
            };
            let processing = self
                .files
                .get(&format!("files/{id}"))
                .is_some_and(|stored| stored.file.state == file::State::Processing);
            if processing {
                return Err(ServerError::failed_precondition(format!(
                    "The File {id} is not in an ACTIVE state and usage is not allowed."
                )));
            }
        }
        Ok(())
    }

    /// Checks the metadata of a file to upload: its name, when given, must be
    /// `files/ID` and unused; its display name at most 512 characters.
    pub(crate) fn check_new_file(&self, metadata: Option<&File>) -> Result<(), ServerError> {
        let Some(file) = metadata else { return Ok(()) };
        check_len("file.displayName", &file.display_name, MAX_DISPLAY_NAME)?;
        if !file.name.is_empty() {
            let id = file.name.strip_prefix("files/").unwrap_or_default();
            if !names::is_valid_id(id) {
                return Err(ServerError::invalid_argument(format!(
                    "file name {:?} must be files/ID, where ID has 1 to 40 lowercase letters, \
                     digits or dashes and neither starts nor ends with a dash",
                    file.name
                )));
            }
            if self.files.contains_key(&file.name) {
                return Err(already_exists("file", &file.name));
            }
        }
        Ok(())
    }

    /// Stores a new file of `bytes` (PROCESSING for the fake's processing
    /// time, else ACTIVE at once), described by `metadata`; its MIME
    /// type is `mime_type`, else the metadata's, else `application/octet-stream`.
    /// `base_url` (else the known address of the fake) starts its `uri`.
    pub(crate) fn create_file(
        &mut self,
        metadata: Option<File>,
        mime_type: Option<String>,
        bytes: Vec<u8>,
        base_url: Option<&str>,
    ) -> Result<File, ServerError> {
        self.check_new_file(metadata.as_ref())?;
        let metadata = metadata.unwrap_or_default();
        let name = if metadata.name.is_empty() {
            loop {
                let name = format!("files/{}", names::new_id(&mut self.ids));
                if !self.files.contains_key(&name) {
                    break name;
                }
            }
        } else {
            metadata.name
        };
        let mime_type = mime_type
            .filter(|mime| !mime.is_empty())
            .or_else(|| (!metadata.mime_type.is_empty()).then_some(metadata.mime_type))
            .unwrap_or_else(|| DEFAULT_MIME_TYPE.to_owned());
        let base = base_url
            .or(self.base_url.as_deref())
            .unwrap_or(FALLBACK_BASE_URL)
            .trim_end_matches('/');
        let time = self.clock.now();
        let active_at = wire_time::add(time, self.file_processing.into());
        let state = if active_at > time {
            file::State::Processing
        } else {
            file::State::Active
        };
        let file = File::new()
            .set_uri(format!("{base}/v1beta/{name}"))
            .set_name(name)
            .set_display_name(metadata.display_name)
            .set_mime_type(mime_type)
            .set_size_bytes(i64::try_from(bytes.len()).unwrap_or(i64::MAX))
            .set_create_time(time)
            .set_update_time(time)
            .set_expiration_time(wire_time::add(time, FILE_LIFETIME))
            .set_sha256_hash(Sha256::digest(&bytes).to_vec())
            .set_state(state)
            .set_source(file::Source::Uploaded);
        self.files.insert(
            file.name.clone(),
            StoredFile {
                file: file.clone(),
                bytes,
                active_at,
            },
        );
        Ok(file)
    }

    /// The file `name`.
    pub(crate) fn files_get(&self, name: &str) -> Result<File, ServerError> {
        self.files
            .get(name)
            .map(|stored| stored.file.clone())
            .ok_or_else(|| not_found("file", name))
    }

    /// A page of the files.
    pub(crate) fn files_list(
        &self,
        request: &ListFilesRequest,
    ) -> Result<ListFilesResponse, ServerError> {
        let page = ListCall {
            scope: "files.list",
            prefix: "",
            page_size: request.page_size,
            page_token: &request.page_token,
            limits: paging::COMMON,
        }
        .page(&self.files, |_| true)?;
        Ok(ListFilesResponse::new()
            .set_files(page.items.into_iter().map(|stored| stored.file.clone()))
            .set_next_page_token(page.next_page_token))
    }

    /// Deletes the file `name` and its bytes.
    pub(crate) fn files_delete(&mut self, name: &str) -> Result<(), ServerError> {
        self.files
            .remove(name)
            .map(drop)
            .ok_or_else(|| not_found("file", name))
    }
}
