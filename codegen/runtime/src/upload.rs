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
        let session = self
            .start_upload(method_id, upload_path, metadata, &media)
            .await?;
        let mut buffer = Vec::new();
        let mut offset = 0u64;
        let answer = loop {
            let len = session.chunk_size.min((media.size - offset) as usize);
            let chunk = Chunk {
                bytes: media.next_chunk(offset, len, &mut buffer).await?,
                start: offset,
                last: offset + len as u64 == media.size,
            };
            match self.send_chunk(method_id, &session, &media, &chunk).await? {
                Sent::Confirmed => offset = chunk.end(),
                Sent::Finished(answer) => break answer,
            }
        };
        tracing::debug!(
            method = method_id,
            elapsed_ms = started.elapsed().as_millis() as u64,
            "upload finished"
        );
        let file = decode_json(method_id, &answer.body)?;
        report(&media, media.size);
        Ok(file)
    }

    /// Opens an upload session for `media` at `upload_path`, with `metadata`
    /// as its JSON body: where the chunks go and how big each one is.
    async fn start_upload<Req: Message>(
        &self,
        method_id: &'static str,
        upload_path: &str,
        metadata: &Req,
        media: &Media,
    ) -> Result<Session, Error> {
        let start = self.start_request(upload_path, metadata, media)?;
        let response = self.send_answer(method_id, true, &start).await?;
        let url = header(&response, URL).ok_or_else(|| {
            Error::InvalidResponse(format!(
                "{method_id}: the upload start answer has no {URL} header"
            ))
        })?;
        let url = parse_url(url)?;
        // The chunks and the credentials go to the session URL: only on the API's origin.
        self.check_upload_url(method_id, &url)?;
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
        Ok(Session { url, chunk_size })
    }

    /// The request that opens an upload session for `media` at
    /// `upload_path`, with `metadata` as its JSON body.
    fn start_request<Req: Message>(
        &self,
        upload_path: &str,
        metadata: &Req,
        media: &Media,
    ) -> Result<RawRequest, Error> {
        let body = json::to_vec(metadata);
        let mut start_headers = headers(&[
            (PROTOCOL, "resumable".to_owned()),
            (COMMAND, Command::Start.as_str().to_owned()),
            (HEADER_CONTENT_LENGTH, media.size.to_string()),
            (HEADER_CONTENT_TYPE, media.mime_type.clone()),
        ]);
        start_headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        Ok(RawRequest {
            method: http::Method::POST,
            url: self.url_for(upload_path)?,
            headers: start_headers,
            body: Some(Bytes::from(body)),
        })
    }

    /// Sends `chunk` (or what the server lacks of it) until the server
    /// confirms it; after a failure, asks how much it has and goes on from there.
    async fn send_chunk(
        &self,
        method_id: &'static str,
        session: &Session,
        media: &Media,
        chunk: &Chunk,
    ) -> Result<Sent, Error> {
        let policy = self.retry_policy();
        let mut offset = chunk.start;
        let mut attempt = 1;
        loop {
            let request = session.chunk_request(chunk, offset);
            // The whole answer is read here, so a final answer that breaks off
            // mid-body is a failure like any other and leads to a query.
            let error = match self.send_answer(method_id, false, &request).await {
                Ok(response)
                    if chunk.last || header(&response, STATUS) == Some(Status::Final.as_str()) =>
                {
                    return Ok(Sent::Finished(response));
                }
                Ok(response) => match part_kept(method_id, &response, chunk, offset)? {
                    Some(received) => {
                        offset = received;
                        report(media, offset);
                        continue;
                    }
                    None => {
                        report(media, chunk.end());
                        return Ok(Sent::Confirmed);
                    }
                },
                Err(error) => error,
            };
            let Some(delay) = policy.next_delay(attempt, std::time::Duration::ZERO, &error, true)
            else {
                return Err(error);
            };
            tracing::warn!(method = method_id, offset, error = %error, "upload chunk failed; asking the server how much it has");
            tokio::time::sleep(delay).await;
            attempt += 1;
            match self.query_upload(method_id, session, chunk).await? {
                Queried::Finished(answer) => return Ok(Sent::Finished(answer)),
                Queried::Has(received) if received == chunk.end() && !chunk.last => {
                    report(media, received);
                    return Ok(Sent::Confirmed);
                }
                Queried::Has(received) => offset = received,
            }
        }
    }

    /// Asks the server how much of the upload it has: its final answer when
    /// it has finished, else a count of bytes, which must lie within `chunk`.
    async fn query_upload(
        &self,
        method_id: &'static str,
        session: &Session,
        chunk: &Chunk,
    ) -> Result<Queried, Error> {
        let answer = self
            .send_answer(method_id, true, &session.query_request())
            .await?;
        if header(&answer, STATUS) == Some(Status::Final.as_str()) {
            return Ok(Queried::Finished(answer));
        }
        let received: u64 = header(&answer, SIZE_RECEIVED)
            .and_then(|value| value.parse().ok())
            .ok_or_else(|| {
                Error::InvalidResponse(format!(
                    "{method_id}: the upload query answer has no {SIZE_RECEIVED} header"
                ))
            })?;
        if received < chunk.start || received > chunk.end() {
            return Err(Error::InvalidResponse(format!(
                "{method_id}: the server has {received} bytes, outside the chunk being sent ({}..{})",
                chunk.start,
                chunk.end()
            )));
        }
        Ok(Queried::Has(received))
    }
}

/// An upload session the server has opened: where the chunks go, and how
/// many bytes each carries (the last one excepted).
struct Session {
    url: reqwest::Url,
    chunk_size: usize,
}

impl Session {
    /// The request that sends what the server lacks of `chunk`, from `offset` on.
    fn chunk_request(&self, chunk: &Chunk, offset: u64) -> RawRequest {
        let command = if chunk.last {
            "upload, finalize"
        } else {
            "upload"
        };
        RawRequest {
            method: http::Method::POST,
            url: self.url.clone(),
            headers: headers(&[(COMMAND, command.to_owned()), (OFFSET, offset.to_string())]),
            body: Some(chunk.bytes.slice((offset - chunk.start) as usize..)),
        }
    }

    /// The request that asks the server how many bytes it has.
    fn query_request(&self) -> RawRequest {
        RawRequest {
            method: http::Method::POST,
            url: self.url.clone(),
            headers: headers(&[(COMMAND, Command::Query.as_str().to_owned())]),
            body: None,
        }
    }
}

/// One chunk of the media, with where it starts and whether it is the last.
struct Chunk {
    bytes: Bytes,
    start: u64,
    last: bool,
}

impl Chunk {
    /// The offset just past this chunk.
    fn end(&self) -> u64 {
        self.start + self.bytes.len() as u64
    }
}

/// How sending a chunk ended.
enum Sent {
    /// The server has the whole chunk and waits for the next.
    Confirmed,
    /// The server has the whole media and gave its final answer.
    Finished(Answer),
}

/// What the server says it has when asked.
enum Queried {
    /// The whole media, with its final answer.
    Finished(Answer),
    /// This many bytes.
    Has(u64),
}

/// The bytes the server has after answering a chunk sent from `offset`,
/// when it says it kept only part of it (it is then sent the rest); `None`
/// when it has the whole chunk or says nothing; an error when it kept none
/// of what was sent.
fn part_kept(
    method_id: &'static str,
    answer: &Answer,
    chunk: &Chunk,
    offset: u64,
) -> Result<Option<u64>, Error> {
    let received = header(answer, SIZE_RECEIVED).and_then(|value| value.parse::<u64>().ok());
    match received {
        Some(received) if received < chunk.end() && received > offset => Ok(Some(received)),
        Some(received) if received < chunk.end() => Err(Error::InvalidResponse(format!(
            "{method_id}: the server kept none of the chunk at {offset} (it has {received} bytes)"
        ))),
        _ => Ok(None),
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
