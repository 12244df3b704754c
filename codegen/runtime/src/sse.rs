//! Server-sent events: `streamGenerateContent?alt=sse` answers one JSON
//! message per `data:` event. Events may be split across network reads and
//! several may come in one read; lines end in `\n` or `\r\n`.

use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;

use crate::error::{ApiError, Error};
use crate::json::{self, Message};

/// Splits a byte stream into event payloads (the joined `data:` lines).
///
/// Feed it bytes as they arrive with [`push`](Self::push), take complete
/// events with [`next_event`](Self::next_event), and at the end of the body
/// call [`finish`](Self::finish) for a last event without a blank line.
#[derive(Debug, Default)]
pub struct EventDecoder {
    /// Bytes received; everything before `start` has been consumed.
    buffer: Vec<u8>,
    start: usize,
    /// The `data:` lines of the event being read, joined with `\n`.
    data: Vec<u8>,
    has_data: bool,
}

impl EventDecoder {
    /// Adds bytes read from the network.
    pub fn push(&mut self, chunk: &[u8]) {
        if self.start == self.buffer.len() {
            self.buffer.clear();
            self.start = 0;
        } else if self.start > self.buffer.len() / 2 {
            self.buffer.drain(..self.start);
            self.start = 0;
        }
        self.buffer.extend_from_slice(chunk);
    }

    /// The next complete event's data, if one is buffered.
    pub fn next_event(&mut self) -> Option<Vec<u8>> {
        while let Some(offset) = self.buffer[self.start..].iter().position(|&b| b == b'\n') {
            let line_start = self.start;
            self.start += offset + 1;
            let line = &self.buffer[line_start..line_start + offset];
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            if let Some(event) = take_line(&mut self.data, &mut self.has_data, line) {
                return Some(event);
            }
        }
        None
    }

    /// At the end of the body: the last event, if it was not followed by a blank line.
    pub fn finish(&mut self) -> Option<Vec<u8>> {
        let rest = std::mem::take(&mut self.buffer);
        let rest = &rest[self.start..];
        self.start = 0;
        if !rest.is_empty() {
            let line = rest.strip_suffix(b"\r").unwrap_or(rest);
            take_line(&mut self.data, &mut self.has_data, line);
        }
        take_line(&mut self.data, &mut self.has_data, b"")
    }
}

/// Handles one line; a blank line completes the event.
fn take_line(data: &mut Vec<u8>, has_data: &mut bool, line: &[u8]) -> Option<Vec<u8>> {
    if line.is_empty() {
        if !*has_data {
            return None;
        }
        *has_data = false;
        return Some(std::mem::take(data));
    }
    if let Some(value) = line.strip_prefix(b"data:") {
        let value = value.strip_prefix(b" ").unwrap_or(value);
        if *has_data {
            data.push(b'\n');
        }
        data.extend_from_slice(value);
        *has_data = true;
    }
    // Comments (`:`), `event:`, `id:` and `retry:` lines carry nothing this API uses.
    None
}

type ByteStream = Pin<Box<dyn Stream<Item = reqwest::Result<Bytes>> + Send>>;

/// A stream of decoded messages from a server-streaming method.
///
/// Each item is one message as it arrives. An error event from the server or
/// a dropped connection yields one `Err` and then the stream ends.
pub struct ResponseStream<T> {
    method_id: &'static str,
    body: ByteStream,
    decoder: EventDecoder,
    finished: bool,
    _message: PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for ResponseStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResponseStream")
            .field("method_id", &self.method_id)
            .field("finished", &self.finished)
            .finish()
    }
}

impl<T: Message> ResponseStream<T> {
    pub(crate) fn new(method_id: &'static str, response: reqwest::Response) -> Self {
        Self {
            method_id,
            body: Box::pin(response.bytes_stream()),
            decoder: EventDecoder::default(),
            finished: false,
            _message: PhantomData,
        }
    }

    fn decode(&mut self, data: &[u8]) -> Result<T, Error> {
        let arena = json::Arena::new();
        let value = json::parse(data, &arena)
            .map_err(|error| Error::decode(self.method_id, error, data))?;
        let is_error = matches!(value, json::Node::Object(entries) if entries.iter().any(|(key, _)| *key == "error"));
        if is_error {
            self.finished = true;
            let mut error = ApiError::from_response(self.method_id, 200, data);
            if let Ok(status) = u16::try_from(error.code) {
                error.http_status = status;
            }
            return Err(Error::Api(Box::new(error)));
        }
        json::decode::<json::Msg<T>>(value, json::Mode::Json)
            .map_err(|error| Error::decode(self.method_id, error, data))
    }
}

impl<T: Message> Stream for ResponseStream<T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(data) = this.decoder.next_event() {
                return Poll::Ready(Some(this.decode(&data)));
            }
            if this.finished {
                return Poll::Ready(None);
            }
            match this.body.as_mut().poll_next(cx) {
                Poll::Ready(Some(Ok(chunk))) => this.decoder.push(&chunk),
                Poll::Ready(Some(Err(error))) => {
                    this.finished = true;
                    return Poll::Ready(Some(Err(Error::Transport(error))));
                }
                Poll::Ready(None) => {
                    this.finished = true;
                    if let Some(data) = this.decoder.finish() {
                        return Poll::Ready(Some(this.decode(&data)));
                    }
                    return Poll::Ready(None);
                }
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(chunks: &[&[u8]]) -> Vec<String> {
        let mut decoder = EventDecoder::default();
        let mut out = Vec::new();
        for chunk in chunks {
            decoder.push(chunk);
            while let Some(event) = decoder.next_event() {
                out.push(String::from_utf8(event).unwrap());
            }
        }
        out.extend(
            decoder
                .finish()
                .map(|event| String::from_utf8(event).unwrap()),
        );
        out
    }

    #[test]
    fn joins_events_split_across_reads() {
        assert_eq!(
            events(&[b"data: {\"a\"", b":1}\r\n\r", b"\ndata: {}\n\n"]),
            vec!["{\"a\":1}", "{}"]
        );
    }

    #[test]
    fn handles_several_events_per_read_comments_and_a_missing_final_blank_line() {
        assert_eq!(
            events(&[b": hi\ndata: 1\n\ndata: 2\n\ndata: 3"]),
            vec!["1", "2", "3"]
        );
    }

    #[test]
    fn joins_multi_line_data() {
        assert_eq!(events(&[b"data: a\ndata: b\n\n"]), vec!["a\nb"]);
    }
}
