//! SSE long lines (`cargo bench -p apigen-tests --bench sse_lines`):
//! microseconds to decode one event whose single `data:` line is 2 MiB, then
//! 8 MiB, arriving 16 KiB at a time (one read buffer used again and again,
//! as a network read's is). A decoder that looks at each byte once takes
//! about 4 times as long for the second; one that scans from the line's
//! start on every read takes about 16 times as long.
//!
//! Its own process, so that the allocator starts fresh rather than in the
//! state the upload benchmark leaves it. The two sizes take turns, and the
//! ratio is the median of each round's.

use std::time::Instant;

use apigen_runtime::EventDecoder;

const ROUNDS: usize = 9;

fn main() {
    long_line(2 << 20);
    long_line(8 << 20);
    let rounds: Vec<(f64, f64)> = (0..ROUNDS)
        .map(|_| (long_line(2 << 20), long_line(8 << 20)))
        .collect();
    let ratios: Vec<f64> = rounds.iter().map(|(short, long)| long / short).collect();
    report("one 2 MiB line", rounds.iter().map(|pair| pair.0).collect());
    report("one 8 MiB line", rounds.iter().map(|pair| pair.1).collect());
    println!(
        "8 MiB line / 2 MiB line: median {:.2}x per round (4x is linear)",
        median(&ratios)
    );
}

/// Microseconds to decode one event made of a single `data:` line of `size`
/// bytes (a multiple of 16 KiB), fed 16 KiB at a time.
fn long_line(size: usize) -> f64 {
    let read = vec![b'x'; 16 * 1024];
    let started = Instant::now();
    let mut decoder = EventDecoder::default();
    decoder.push(b"data: ");
    for _ in 0..size / read.len() {
        decoder.push(&read);
        assert_eq!(decoder.next_event(), Ok(None));
    }
    decoder.push(b"\n\n");
    let event = decoder
        .next_event()
        .unwrap()
        .expect("the event is complete");
    assert_eq!(event.len(), size);
    started.elapsed().as_secs_f64() * 1e6
}

fn median(samples: &[f64]) -> f64 {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted[sorted.len() / 2]
}

fn report(what: &str, mut sorted: Vec<f64>) {
    sorted.sort_by(f64::total_cmp);
    println!(
        "SSE {what}: median {:.0} µs (min {:.0}, max {:.0}, {} runs)",
        sorted[sorted.len() / 2],
        sorted[0],
        sorted[sorted.len() - 1],
        sorted.len()
    );
}
