//! The SSE decoder gives the same events however the bytes are split.
#![no_main]

use apigen_runtime::EventDecoder;
use libfuzzer_sys::fuzz_target;

fn events(pieces: &[&[u8]]) -> Vec<Vec<u8>> {
    let mut decoder = EventDecoder::default();
    let mut out = Vec::new();
    for piece in pieces {
        decoder.push(piece);
        while let Some(event) = decoder.next_event() {
            out.push(event);
        }
    }
    out.extend(decoder.finish());
    out
}

fuzz_target!(|data: &[u8]| {
    let Some((&split, body)) = data.split_first() else { return };
    let whole = events(&[body]);
    let step = usize::from(split).max(1);
    let pieces: Vec<&[u8]> = body.chunks(step).collect();
    assert_eq!(events(&pieces), whole);
});
