//! The SSE decoder gives the same events (and a limit error or none alike)
//! however the bytes are split, and with small limits it never holds more
//! than its limits allow nor hands out an event over its limit. Which of
//! the two limits is reported may depend on the split when one line passes
//! both: the decoder reports the first it meets.
//!
//! Input: a split step, the line limit and the event limit (one byte each),
//! then the body.
#![no_main]

use apigen_runtime::{EventDecoder, SizeLimit};
use libfuzzer_sys::fuzz_target;

/// The events of `pieces` fed one by one, then the limit error if one came.
fn events(
    pieces: &[&[u8]],
    max_line: usize,
    max_event: usize,
) -> (Vec<Vec<u8>>, Option<SizeLimit>) {
    let mut decoder = EventDecoder::with_limits(max_line, max_event);
    let mut out = Vec::new();
    let mut take = |event: Vec<u8>| {
        assert!(event.len() <= max_event, "an event over the limit came out");
        out.push(event);
    };
    for piece in pieces {
        decoder.push(piece);
        loop {
            match decoder.next_event() {
                Ok(Some(event)) => take(event),
                Ok(None) => break,
                Err(limit) => {
                    assert_eq!(decoder.buffered(), 0, "an error lets go of everything");
                    return (out, Some(limit));
                }
            }
        }
        assert!(
            decoder.buffered() <= max_line + max_event,
            "holds {} bytes with limits {max_line} + {max_event}",
            decoder.buffered()
        );
    }
    match decoder.finish() {
        Ok(last) => last.into_iter().for_each(take),
        Err(limit) => return (out, Some(limit)),
    }
    (out, None)
}

fuzz_target!(|data: &[u8]| {
    let [split, max_line, max_event, body @ ..] = data else {
        return;
    };
    let (max_line, max_event) = (usize::from(*max_line), usize::from(*max_event));
    let (whole, whole_error) = events(&[body], max_line, max_event);
    let pieces: Vec<&[u8]> = body.chunks(usize::from(*split).max(1)).collect();
    let (split, split_error) = events(&pieces, max_line, max_event);
    assert_eq!(split, whole);
    assert_eq!(
        split_error.is_some(),
        whole_error.is_some(),
        "{split_error:?} vs {whole_error:?}"
    );
});
