//! Resumable media uploads: start a session, send the bytes in chunks, and
//! after a transient failure ask the server how much it has and go on from
//! there. Memory stays bounded by one chunk whatever the size of the media.

use std::path::Path;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE};
use tokio::io::{AsyncRead, AsyncReadExt};

use crate::error::Error;
use crate::json::{self, Message};
use crate::transport::{decode_json, parse_url, Answer, RawRequest, Transport};
use crate::upload_protocol::{
    Command, Status, CHUNK_GRANULARITY, COMMAND, HEADER_CONTENT_LENGTH, HEADER_CONTENT_TYPE,
    OFFSET, PROTOCOL, SIZE_RECEIVED, STATUS, URL,
};

/// The default chunk size: 8 MiB.
pub const DEFAULT_CHUNK_SIZE: usize = 8 * 1024 * 1024;

/// How far an upload has come.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Bytes the server has confirmed.
    pub sent: u64,
    /// Bytes in all.
    pub total: u64,
}

type ProgressFn = Arc<dyn Fn(Progress) + Send + Sync>;

enum Source {
    Bytes(Bytes),
    Reader(Pin<Box<dyn AsyncRead + Send>>),
}

/// The bytes of a media upload, their MIME type, and how to send them.
pub struct Media {
    source: Source,
    size: u64,
    mime_type: String,
    chunk_size: usize,
    progress: Option<ProgressFn>,
}

impl std::fmt::Debug for Media {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Media")
            .field("size", &self.size)
            .field("mime_type", &self.mime_type)
            .field("chunk_size", &self.chunk_size)
            .finish()
    }
}

impl Media {
    /// Media held in memory.
    pub fn from_bytes(bytes: impl Into<Bytes>, mime_type: impl Into<String>) -> Self {
        let bytes = bytes.into();
        Self::new(bytes.len() as u64, Source::Bytes(bytes), mime_type.into())
    }

    /// Media read from a file as it is sent.
    pub async fn from_file(
        path: impl AsRef<Path>,
        mime_type: impl Into<String>,
    ) -> Result<Self, Error> {
        let path = path.as_ref();
        let fail = |error: std::io::Error| {
            Error::InvalidRequest(format!("cannot read {}: {error}", path.display()))
        };
        let file = tokio::fs::File::open(path).await.map_err(fail)?;
        let size = file.metadata().await.map_err(fail)?.len();
        Ok(Self::new(
            size,
            Source::Reader(Box::pin(file)),
            mime_type.into(),
        ))
    }

    /// Media read from any reader that will give exactly `size` bytes.
    pub fn from_reader(
        reader: impl AsyncRead + Send + 'static,
        size: u64,
        mime_type: impl Into<String>,
    ) -> Self {
        Self::new(size, Source::Reader(Box::pin(reader)), mime_type.into())
    }

    fn new(size: u64, source: Source, mime_type: String) -> Self {
        Self {
            source,
            size,
            mime_type,
            chunk_size: DEFAULT_CHUNK_SIZE,
            progress: None,
        }
    }

    /// Sends chunks of about this many bytes (rounded up to the server's granularity).
    pub fn chunk_size(mut self, bytes: usize) -> Self {
        self.chunk_size = bytes.max(1);
        self
    }

    /// Calls `report` each time the server confirms more bytes.
    pub fn on_progress(mut self, report: impl Fn(Progress) + Send + Sync + 'static) -> Self {
        self.progress = Some(Arc::new(report));
        self
    }

    /// The size in bytes.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Fills `buffer` with the next chunk (up to `len` bytes) and returns it.
    async fn next_chunk(
        &mut self,
        offset: u64,
        len: usize,
        buffer: &mut Vec<u8>,
    ) -> Result<Bytes, Error> {
        match &mut self.source {
            Source::Bytes(bytes) => Ok(bytes.slice(offset as usize..offset as usize + len)),
            Source::Reader(reader) => {
                buffer.clear();
                buffer.resize(len, 0);
                let mut filled = 0;
                while filled < len {
                    let read = reader.read(&mut buffer[filled..]).await.map_err(|error| {
                        Error::InvalidRequest(format!("reading the media failed: {error}"))
                    })?;
                    if read == 0 {
                        return Err(Error::InvalidRequest(format!(
                            "the media ended after {} of its {} bytes",
                            offset + filled as u64,
                            self.size
                        )));
                    }
                    filled += read;
                }
                Ok(Bytes::from(std::mem::take(buffer)))
            }
        }
    }
}

fn headers(pairs: &[(&'static str, String)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        if let Ok(value) = HeaderValue::from_str(value) {
            map.insert(HeaderName::from_static(name), value);
        }
    }
    map
}

fn header<'r>(answer: &'r Answer, name: &str) -> Option<&'r str> {
    answer
        .headers
        .get(name)
        .and_then(|value| value.to_str().ok())
}

impl Transport {
    /// Sends one upload-protocol request with retries and reads its whole answer.
    async fn send_answer(
        &self,
        method_id: &'static str,
        idempotent: bool,
        request: &RawRequest,
    ) -> Result<Answer, Error> {
        self.send_with_retries(method_id, idempotent, request, |response| {
            self.read_answer(method_id, response)
        })
        .await
    }

    /// Uploads `media` with the resumable protocol to `upload_path`, with
    /// `metadata` as the session's JSON body, and decodes the final answer.
    pub async fn upload_media<Req: Message, Resp: Message>(
        &self,
        method_id: &'static str,
        upload_path: &str,
        metadata: &Req,
        mut media: Media,
    ) -> Result<Resp, Error> {
        let started = Instant::now();
        let body = json::to_vec(metadata);
        let mut start_headers = headers(&[
            (PROTOCOL, "resumable".to_owned()),
            (COMMAND, Command::Start.as_str().to_owned()),
            (HEADER_CONTENT_LENGTH, media.size.to_string()),
            (HEADER_CONTENT_TYPE, media.mime_type.clone()),
        ]);
        start_headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        let start = RawRequest {
            method: http::Method::POST,
            url: self.url_for(upload_path)?,
            headers: start_headers,
            body: Some(Bytes::from(body)),
        };
        let response = self.send_answer(method_id, true, &start).await?;
        let session = header(&response, URL)
            .ok_or_else(|| {
                Error::InvalidResponse(format!(
                    "{method_id}: the upload start answer has no {URL} header"
                ))
            })?
            .to_owned();
        let session = parse_url(&session)?;
        // The chunks and the credentials go to the session URL: only on the API's origin.
        self.check_upload_url(method_id, &session)?;
        let granularity = header(&response, CHUNK_GRANULARITY)
            .and_then(|value| value.parse::<usize>().ok())
            .filter(|g| *g > 0)
            .unwrap_or(1);
        let chunk_size = media.chunk_size.div_ceil(granularity) * granularity;
        tracing::debug!(
            method = method_id,
            size = media.size,
            chunk_size,
            "upload session started"
        );

        let policy = self.retry_policy();
        let mut buffer = Vec::new();
        let mut offset = 0u64;
        loop {
            let len = chunk_size.min((media.size - offset) as usize);
            let chunk = media.next_chunk(offset, len, &mut buffer).await?;
            let chunk_start = offset;
            let last = chunk_start + len as u64 == media.size;
            let mut attempt = 1;
            // Send this chunk (or what the server lacks of it) until it is confirmed.
            loop {
                let skip = (offset - chunk_start) as usize;
                let command = if last { "upload, finalize" } else { "upload" };
                let request = RawRequest {
                    method: http::Method::POST,
                    url: session.clone(),
                    headers: headers(&[
                        (COMMAND, command.to_owned()),
                        (OFFSET, offset.to_string()),
                    ]),
                    body: Some(chunk.slice(skip..)),
                };
                // The whole answer is read here, so a final answer that breaks off
                // mid-body is a failure like any other and leads to a query.
                let error = match self.send_answer(method_id, false, &request).await {
                    Ok(response)
                        if last || header(&response, STATUS) == Some(Status::Final.as_str()) =>
                    {
                        tracing::debug!(
                            method = method_id,
                            elapsed_ms = started.elapsed().as_millis() as u64,
                            "upload finished"
                        );
                        let file = decode_json(method_id, &response.body)?;
                        report(&media, media.size);
                        return Ok(file);
                    }
                    Ok(response) => {
                        // The server may say it kept less than it was sent.
                        let chunk_end = chunk_start + len as u64;
                        let received = header(&response, SIZE_RECEIVED)
                            .and_then(|value| value.parse::<u64>().ok());
                        match received {
                            Some(received) if received < chunk_end && received > offset => {
                                offset = received;
                                report(&media, offset);
                                continue;
                            }
                            Some(received) if received < chunk_end => {
                                return Err(Error::InvalidResponse(format!(
                                    "{method_id}: the server kept none of the chunk at {offset} (it has {received} bytes)"
                                )));
                            }
                            _ => {
                                offset = chunk_end;
                                report(&media, offset);
                                break;
                            }
                        }
                    }
                    Err(error) => error,
                };
                let Some(delay) =
                    policy.next_delay(attempt, std::time::Duration::ZERO, &error, true)
                else {
                    return Err(error);
                };
                tracing::warn!(method = method_id, offset, error = %error, "upload chunk failed; asking the server how much it has");
                tokio::time::sleep(delay).await;
                attempt += 1;
                let query = RawRequest {
                    method: http::Method::POST,
                    url: session.clone(),
                    headers: headers(&[(COMMAND, Command::Query.as_str().to_owned())]),
                    body: None,
                };
                let answer = self.send_answer(method_id, true, &query).await?;
                if header(&answer, STATUS) == Some(Status::Final.as_str()) {
                    let file = decode_json(method_id, &answer.body)?;
                    report(&media, media.size);
                    return Ok(file);
                }
                let received: u64 = header(&answer, SIZE_RECEIVED)
                    .and_then(|value| value.parse().ok())
                    .ok_or_else(|| {
                        Error::InvalidResponse(format!(
                            "{method_id}: the upload query answer has no {SIZE_RECEIVED} header"
                        ))
                    })?;
                if received < chunk_start || received > chunk_start + len as u64 {
                    return Err(Error::InvalidResponse(format!(
                        "{method_id}: the server has {received} bytes, outside the chunk being sent ({chunk_start}..{})",
                        chunk_start + len as u64
                    )));
                }
                offset = received;
                if offset == chunk_start + len as u64 && !last {
                    report(&media, offset);
                    break;
                }
            }
        }
    }
}

fn report(media: &Media, sent: u64) {
    if let Some(progress) = &media.progress {
        progress(Progress {
            sent,
            total: media.size,
        });
    }
}
