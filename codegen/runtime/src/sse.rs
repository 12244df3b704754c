//! Server-sent events: a streaming method called with `?alt=sse` answers one JSON
//! message per `data:` event. Events may be split across network reads and
//! several may come in one read; lines end in `\n` or `\r\n`.

use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;

use crate::error::{ApiError, Error, SizeLimit};
use crate::guard::Timeouts;
use crate::json::{self, Message};

/// The default longest line of an event stream: 16 MiB.
pub const DEFAULT_MAX_EVENT_LINE: usize = 16 * 1024 * 1024;
/// The default largest event (its `data:` lines together): 32 MiB.
pub const DEFAULT_MAX_EVENT: usize = 32 * 1024 * 1024;

/// Splits a byte stream into event payloads (the joined `data:` lines).
///
/// Feed it bytes as they arrive with [`push`](Self::push), take complete
/// events with [`next_event`](Self::next_event), and at the end of the body
/// call [`finish`](Self::finish) for a last event without a blank line.
/// Each byte is looked at once, however the stream is split, and the value
/// of a `data:` line goes into the event as it arrives, so a long line is
/// held once. A line longer than `max_line` bytes or an event longer than
/// `max_event` bytes (whichever the stream reaches first) is an error, after
/// which the decoder has let go of what it held.
#[derive(Debug)]
pub struct EventDecoder {
    /// Bytes received; everything before `start` has been consumed.
    buffer: Vec<u8>,
    start: usize,
    /// Where the search for the next `\n` goes on: `buffer[start..scanned]` has none.
    scanned: usize,
    /// Bytes of the current line consumed already (moved into `data`).
    line_len: usize,
    /// Whether the current line is a `data:` line whose value is going into `data`.
    in_data: bool,
    /// The `data:` lines of the event being read, joined with `\n`.
    data: Vec<u8>,
    has_data: bool,
    max_line: usize,
    max_event: usize,
}

impl Default for EventDecoder {
    fn default() -> Self {
        Self::with_limits(DEFAULT_MAX_EVENT_LINE, DEFAULT_MAX_EVENT)
    }
}

impl EventDecoder {
    /// A decoder that refuses lines (without their `\n`) longer than
    /// `max_line` bytes and events longer than `max_event` bytes.
    pub fn with_limits(max_line: usize, max_event: usize) -> Self {
        Self {
            buffer: Vec::new(),
            start: 0,
            scanned: 0,
            line_len: 0,
            in_data: false,
            data: Vec::new(),
            has_data: false,
            max_line,
            max_event,
        }
    }

    /// Adds bytes read from the network.
    pub fn push(&mut self, chunk: &[u8]) {
        if self.start == self.buffer.len() {
            self.buffer.clear();
            self.start = 0;
            self.scanned = 0;
        } else if self.start > self.buffer.len() / 2 {
            self.buffer.drain(..self.start);
            self.scanned -= self.start;
            self.start = 0;
        }
        self.buffer.extend_from_slice(chunk);
    }

    /// The next complete event's data, if one is buffered, or the limit
    /// that the stream went over.
    pub fn next_event(&mut self) -> Result<Option<Vec<u8>>, SizeLimit> {
        self.next_event_or_limit().map_err(|limit| self.fail(limit))
    }

    fn next_event_or_limit(&mut self) -> Result<Option<Vec<u8>>, SizeLimit> {
        loop {
            let from = self.scanned.max(self.start);
            let Some(offset) = self.buffer[from..].iter().position(|&b| b == b'\n') else {
                self.scanned = self.buffer.len();
                self.check_line(self.buffer.len())?;
                self.take_partial_data()?;
                return Ok(None);
            };
            let line_end = from + offset;
            self.check_line(line_end)?;
            let line_start = self.start;
            self.start = line_end + 1;
            self.scanned = self.start;
            if let Some(event) = self.end_line(line_start, line_end)? {
                return Ok(Some(event));
            }
        }
    }

    /// At the end of the body: the last event, if it was not followed by a
    /// blank line, or the limit that it went over.
    pub fn finish(&mut self) -> Result<Option<Vec<u8>>, SizeLimit> {
        let end = self.buffer.len();
        let last = self.check_line(end).and_then(|()| {
            let start = std::mem::replace(&mut self.start, end);
            match self.end_line(start, end)? {
                Some(event) => Ok(Some(event)),
                // The blank line that did not come.
                None => self.end_line(end, end),
            }
        });
        let last = last.map_err(|limit| self.fail(limit));
        self.buffer.clear();
        self.start = 0;
        self.scanned = 0;
        last
    }

    /// Bytes held for what is not yet a whole event: the unfinished line and
    /// the event's data so far. After `next_event` answered `Ok(None)`, at
    /// most the two limits together.
    pub fn buffered(&self) -> usize {
        self.buffer.len() - self.start + self.data.len()
    }

    /// Refuses the current line if, up to `end` in the buffer, it is over the line limit.
    fn check_line(&self, end: usize) -> Result<(), SizeLimit> {
        if self.line_len + (end - self.start) > self.max_line {
            return Err(SizeLimit::EventLine(self.max_line));
        }
        Ok(())
    }

    /// Moves what has come of a `data:` line's value into the event, once
    /// its `data:` prefix is known. A last `\r` stays: it may end the line.
    fn take_partial_data(&mut self) -> Result<(), SizeLimit> {
        let partial = &self.buffer[self.start..];
        let movable = partial.len() - usize::from(partial.last() == Some(&b'\r'));
        if !self.in_data {
            // `data:` and the optional space must be there to know where the value starts.
            if movable < 6 || !partial.starts_with(b"data:") {
                return Ok(());
            }
            let prefix = 5 + usize::from(partial[5] == b' ');
            self.begin_value()?;
            self.in_data = true;
            self.consume(prefix);
        }
        let partial = &self.buffer[self.start..];
        let value_len = partial.len() - usize::from(partial.last() == Some(&b'\r'));
        self.add_value(self.start, self.start + value_len)?;
        self.consume(value_len);
        Ok(())
    }

    /// Handles the line `buffer[start..end]` (its `\n` left out), the rest of
    /// it when its value is going into the event already; a blank line
    /// completes the event.
    fn end_line(&mut self, start: usize, end: usize) -> Result<Option<Vec<u8>>, SizeLimit> {
        let line = &self.buffer[start..end];
        let line_end = end - usize::from(line.last() == Some(&b'\r'));
        let in_data = std::mem::take(&mut self.in_data);
        self.line_len = 0;
        if in_data {
            self.add_value(start, line_end)?;
            return Ok(None);
        }
        let line = &self.buffer[start..line_end];
        if line.is_empty() {
            if !self.has_data {
                return Ok(None);
            }
            self.has_data = false;
            return Ok(Some(std::mem::take(&mut self.data)));
        }
        if line.starts_with(b"data:") {
            let prefix = 5 + usize::from(line.get(5) == Some(&b' '));
            self.begin_value()?;
            self.add_value(start + prefix, line_end)?;
        }
        // Comments (`:`), `event:`, `id:` and `retry:` lines carry nothing this API uses.
        Ok(None)
    }

    /// Starts the value of a `data:` line: a `\n` after the event's earlier lines.
    fn begin_value(&mut self) -> Result<(), SizeLimit> {
        if self.has_data {
            if self.data.len() >= self.max_event {
                return Err(SizeLimit::Event(self.max_event));
            }
            self.data.push(b'\n');
        }
        self.has_data = true;
        Ok(())
    }

    /// Adds `buffer[start..end]` to the event's data.
    fn add_value(&mut self, start: usize, end: usize) -> Result<(), SizeLimit> {
        if self.data.len() + (end - start) > self.max_event {
            return Err(SizeLimit::Event(self.max_event));
        }
        self.data.extend_from_slice(&self.buffer[start..end]);
        Ok(())
    }

    /// Marks `len` more bytes of the current line as consumed.
    fn consume(&mut self, len: usize) {
        self.start += len;
        self.line_len += len;
    }

    /// Lets go of everything held and hands back `limit`.
    fn fail(&mut self, limit: SizeLimit) -> SizeLimit {
        *self = Self::with_limits(self.max_line, self.max_event);
        limit
    }
}

type ByteStream = Pin<Box<dyn Stream<Item = reqwest::Result<Bytes>> + Send>>;

/// A stream of decoded messages from a server-streaming method.
///
/// Each item is one message as it arrives. An error event from the server, a
/// dropped connection, a timeout, or a line or event over the client's limits
/// yields one `Err` and then the stream ends.
pub struct ResponseStream<T> {
    method_id: &'static str,
    body: ByteStream,
    decoder: EventDecoder,
    timeouts: Timeouts,
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
    pub(crate) fn new(
        method_id: &'static str,
        response: reqwest::Response,
        decoder: EventDecoder,
        timeouts: Timeouts,
    ) -> Self {
        Self {
            method_id,
            body: Box::pin(response.bytes_stream()),
            decoder,
            timeouts,
            finished: false,
            _message: PhantomData,
        }
    }

    /// Decodes a complete event, or ends the stream at a limit.
    fn event(&mut self, event: Result<Vec<u8>, SizeLimit>) -> Result<T, Error> {
        match event {
            Ok(data) => self.decode(&data),
            Err(limit) => {
                self.finished = true;
                Err(Error::TooLarge {
                    method_id: self.method_id,
                    limit,
                })
            }
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
            if let Some(event) = this.decoder.next_event().transpose() {
                return Poll::Ready(Some(this.event(event)));
            }
            if this.finished {
                return Poll::Ready(None);
            }
            match this.body.as_mut().poll_next(cx) {
                Poll::Ready(Some(Ok(chunk))) => this.decoder.push(&chunk),
                Poll::Ready(Some(Err(error))) => {
                    this.finished = true;
                    let error = this.timeouts.classify(this.method_id, error);
                    return Poll::Ready(Some(Err(error)));
                }
                Poll::Ready(None) => {
                    this.finished = true;
                    let last = this.decoder.finish().transpose();
                    return Poll::Ready(last.map(|event| this.event(event)));
                }
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The events of `chunks` fed one by one, or the first limit reached.
    fn decode(decoder: &mut EventDecoder, chunks: &[&[u8]]) -> Result<Vec<String>, SizeLimit> {
        let mut out = Vec::new();
        for chunk in chunks {
            decoder.push(chunk);
            while let Some(event) = decoder.next_event()? {
                out.push(String::from_utf8(event).unwrap());
            }
        }
        out.extend(
            decoder
                .finish()?
                .map(|event| String::from_utf8(event).unwrap()),
        );
        Ok(out)
    }

    fn events(chunks: &[&[u8]]) -> Vec<String> {
        decode(&mut EventDecoder::default(), chunks).unwrap()
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
        assert_eq!(events(&[b"data: 4\n\r"]), vec!["4"]);
    }

    #[test]
    fn a_data_line_taken_as_it_arrives_keeps_inner_carriage_returns_only() {
        assert_eq!(
            events(&[b"data:", b" a\r", b"b\r", b"\n\r", b"\ndata: c\r", b"\n\n"]),
            vec!["a\rb", "c"]
        );
        assert_eq!(
            events(&[b"data: x", b"y\ndata:\r", b"\n", b"\n"]),
            vec!["xy\n"]
        );
    }

    #[test]
    fn joins_multi_line_data() {
        assert_eq!(events(&[b"data: a\ndata: b\n\n"]), vec!["a\nb"]);
    }

    #[test]
    fn refuses_a_line_over_the_limit_before_its_end_arrives() {
        let mut decoder = EventDecoder::with_limits(10, 100);
        assert_eq!(
            decode(&mut decoder, &[b"data: 1234", b"5"]),
            Err(SizeLimit::EventLine(10))
        );
        assert_eq!(decoder.buffered(), 0);
        let mut decoder = EventDecoder::with_limits(10, 100);
        assert_eq!(
            decode(&mut decoder, &[b"data: 12345\n\n"]),
            Err(SizeLimit::EventLine(10))
        );
        let mut decoder = EventDecoder::with_limits(10, 100);
        assert_eq!(
            decode(&mut decoder, &[b"data: 1234\n\n"]),
            Ok(vec!["1234".to_owned()])
        );
    }

    #[test]
    fn refuses_an_event_over_the_limit() {
        let mut decoder = EventDecoder::with_limits(10, 8);
        assert_eq!(
            decode(&mut decoder, &[b"data: 1234\ndata: 5678\n\n"]),
            Err(SizeLimit::Event(8))
        );
        assert_eq!(decoder.buffered(), 0);
        let mut decoder = EventDecoder::with_limits(10, 9);
        assert_eq!(
            decode(&mut decoder, &[b"data: 1234\ndata: 5678\n\n"]),
            Ok(vec!["1234\n5678".to_owned()])
        );
    }
}
