//! Time arithmetic on the API's `Timestamp` and `Duration` wire types.

use gemini_v1beta::{Duration, Timestamp};

const NANOS_PER_SECOND: i64 = 1_000_000_000;

/// `time` moved by `span` (which may be negative), saturating at the ends of `i64`.
pub(crate) fn add(time: Timestamp, span: Duration) -> Timestamp {
    let nanos = i64::from(time.nanos) + i64::from(span.nanos);
    let seconds = time
        .seconds
        .saturating_add(span.seconds)
        .saturating_add(nanos.div_euclid(NANOS_PER_SECOND));
    Timestamp::new(seconds, nanos.rem_euclid(NANOS_PER_SECOND) as i32)
}

/// The last second a timestamp can name: 9999-12-31T23:59:59Z.
const MAX_SECONDS: i64 = 253_402_300_799;
/// That second as a timestamp.
pub(crate) const LATEST: Timestamp = Timestamp {
    seconds: MAX_SECONDS,
    nanos: 0,
};

/// Whether `time` lies within the years 0001 to 9999, as RFC 3339 text requires.
pub(crate) fn is_representable(time: Timestamp) -> bool {
    (-62_135_596_800..=MAX_SECONDS).contains(&time.seconds)
}

/// How long after `earlier` `later` comes, in nanoseconds (negative when it comes before).
pub(crate) fn nanos_between(earlier: Timestamp, later: Timestamp) -> i128 {
    (i128::from(later.seconds) - i128::from(earlier.seconds)) * i128::from(NANOS_PER_SECOND)
        + i128::from(later.nanos)
        - i128::from(earlier.nanos)
}

/// Whether `span` is below zero.
pub(crate) fn is_negative(span: Duration) -> bool {
    span.seconds < 0 || span.nanos < 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_with_carry_and_borrow() {
        let time = Timestamp::new(10, 900_000_000);
        assert_eq!(
            add(
                time,
                Duration {
                    seconds: 1,
                    nanos: 200_000_000
                }
            ),
            Timestamp::new(12, 100_000_000)
        );
        assert_eq!(
            add(
                time,
                Duration {
                    seconds: -1,
                    nanos: -950_000_000
                }
            ),
            Timestamp::new(8, 950_000_000)
        );
        assert_eq!(
            nanos_between(time, Timestamp::new(12, 100_000_000)),
            1_200_000_000
        );
        assert_eq!(nanos_between(Timestamp::new(12, 0), time), -1_100_000_000);
    }
}
