//! `google.protobuf.Timestamp`: RFC 3339 text in UTC, e.g. `"2024-05-01T12:30:00.250Z"`.

use std::fmt;
use std::str::FromStr;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::OffsetDateTime;

/// A point in time with nanosecond precision.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    /// Seconds since 1970-01-01T00:00:00Z.
    pub seconds: i64,
    /// Nanoseconds within the second, 0 to 999,999,999.
    pub nanos: i32,
}

/// A text that is not an RFC 3339 timestamp.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimestampError(String);

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid RFC 3339 timestamp: {}", self.0)
    }
}

impl std::error::Error for TimestampError {}

impl Timestamp {
    /// A timestamp from seconds and nanoseconds since the Unix epoch.
    pub fn new(seconds: i64, nanos: i32) -> Self {
        Self { seconds, nanos }
    }

    /// The current time.
    pub fn now() -> Self {
        SystemTime::now().into()
    }
}

impl From<SystemTime> for Timestamp {
    fn from(time: SystemTime) -> Self {
        match time.duration_since(UNIX_EPOCH) {
            Ok(after) => Self {
                seconds: after.as_secs() as i64,
                nanos: after.subsec_nanos() as i32,
            },
            Err(before) => {
                let before = before.duration();
                let mut seconds = -(before.as_secs() as i64);
                let mut nanos = before.subsec_nanos() as i32;
                if nanos > 0 {
                    seconds -= 1;
                    nanos = 1_000_000_000 - nanos;
                }
                Self { seconds, nanos }
            }
        }
    }
}

impl FromStr for Timestamp {
    type Err = TimestampError;

    /// Reads RFC 3339 as proto3 JSON allows it: `YYYY-MM-DDTHH:MM:SS`, then 0
    /// to 9 fractional digits, then `Z` or an offset such as `+01:00`; the
    /// time must fall within the years 0001 to 9999 in UTC.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        parse_rfc3339(text).ok_or_else(|| {
            TimestampError(format!(
                "{text:?}: expected a time such as \"2024-05-01T12:30:00.5Z\" (RFC 3339, years 0001 to 9999)"
            ))
        })
    }
}

/// Seconds from 0001-01-01T00:00:00Z and to 9999-12-31T23:59:59Z since the epoch.
const MIN_SECONDS: i64 = -62_135_596_800;
const MAX_SECONDS: i64 = 253_402_300_799;

fn parse_rfc3339(text: &str) -> Option<Timestamp> {
    let number = |from: usize, to: usize| -> Option<u32> {
        let digits = text.get(from..to)?;
        digits.bytes().try_fold(0u32, |sum, byte| {
            byte.is_ascii_digit()
                .then(|| sum * 10 + u32::from(byte - b'0'))
        })
    };
    let bytes = text.as_bytes();
    let separators = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
    if bytes.len() < 20 || separators.iter().any(|&(at, byte)| bytes[at] != byte) {
        return None;
    }
    let (year, month, day) = (number(0, 4)?, number(5, 7)?, number(8, 10)?);
    let (hour, minute, second) = (number(11, 13)?, number(14, 16)?, number(17, 19)?);
    let mut rest = &text[19..];
    let mut nanos = 0;
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if !(1..=9).contains(&digits) {
            return None;
        }
        nanos = number(20, 20 + digits)? * 10u32.pow(9 - digits as u32);
        rest = &fraction[digits..];
    }
    let offset = match rest.as_bytes() {
        [b'Z'] => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let at = text.len() - 5;
            let (hours, minutes) = (number(at, at + 2)?, number(at + 3, at + 5)?);
            if hours > 23 || minutes > 59 {
                return None;
            }
            let offset = i64::from(hours * 3600 + minutes * 60);
            if *sign == b'-' {
                -offset
            } else {
                offset
            }
        }
        _ => return None,
    };
    let month = time::Month::try_from(u8::try_from(month).ok()?).ok()?;
    let date =
        time::Date::from_calendar_date(i32::try_from(year).ok()?, month, u8::try_from(day).ok()?)
            .ok()?;
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    const UNIX_EPOCH_JULIAN_DAY: i64 = 2_440_588;
    let days = i64::from(date.to_julian_day()) - UNIX_EPOCH_JULIAN_DAY;
    let seconds = days * 86_400 + i64::from(hour * 3600 + minute * 60 + second) - offset;
    (MIN_SECONDS..=MAX_SECONDS)
        .contains(&seconds)
        .then_some(Timestamp {
            seconds,
            nanos: nanos as i32,
        })
}

impl Timestamp {
    /// The calendar time, when it is within the years 0001 to 9999 that RFC 3339 can write.
    fn calendar(&self) -> Option<(OffsetDateTime, u32)> {
        let nanos = u32::try_from(self.nanos)
            .ok()
            .filter(|nanos| *nanos < 1_000_000_000)?;
        let time = OffsetDateTime::from_unix_timestamp(self.seconds)
            .ok()?
            .replace_nanosecond(nanos)
            .ok()?;
        (1..=9999).contains(&time.year()).then_some((time, nanos))
    }
}

impl fmt::Display for Timestamp {
    /// RFC 3339 in UTC; a value outside the years 0001 to 9999 (which the API
    /// never sends) is written as seconds since the epoch instead.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some((time, nanos)) = self.calendar() else {
            return write!(
                f,
                "{}s+{}ns since 1970-01-01T00:00:00Z",
                self.seconds, self.nanos
            );
        };
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            time.year(),
            u8::from(time.month()),
            time.day(),
            time.hour(),
            time.minute(),
            time.second()
        )?;
        write_fraction(f, nanos)?;
        f.write_str("Z")
    }
}

/// Writes `.sss`, `.ssssss` or `.sssssssss`: the shortest of the three that is exact.
pub(super) fn write_fraction(f: &mut fmt::Formatter<'_>, nanos: u32) -> fmt::Result {
    if nanos == 0 {
        Ok(())
    } else if nanos.is_multiple_of(1_000_000) {
        write!(f, ".{:03}", nanos / 1_000_000)
    } else if nanos.is_multiple_of(1_000) {
        write!(f, ".{:06}", nanos / 1_000)
    } else {
        write!(f, ".{nanos:09}")
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.calendar().is_none() {
            return Err(serde::ser::Error::custom(format!(
                "timestamp {self} is outside the years 0001 to 9999"
            )));
        }
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        super::deserialize_text(deserializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_rfc3339() {
        for text in [
            "2024-05-01T12:30:00Z",
            "2024-05-01T12:30:00.250Z",
            "1969-12-31T23:59:59.000001Z",
        ] {
            let parsed: Timestamp = text.parse().unwrap();
            assert_eq!(parsed.to_string(), text);
        }
        let far = Timestamp::new(i64::MAX / 2, 0);
        assert!(
            far.to_string().ends_with("since 1970-01-01T00:00:00Z"),
            "display never fails"
        );
        assert!(
            serde_json::to_string(&far).is_err(),
            "but it is not sent as a timestamp"
        );
        let offset: Timestamp = "2024-05-01T14:30:00+02:00".parse().unwrap();
        assert_eq!(offset.to_string(), "2024-05-01T12:30:00Z");
        assert!("yesterday".parse::<Timestamp>().is_err());
        let behind: Timestamp = "2024-05-01T04:30:00.5-08:00".parse().unwrap();
        assert_eq!(behind.to_string(), "2024-05-01T12:30:00.500Z");
        for bad in [
            "2024-05-01 12:30:00Z",
            "2024-13-01T12:30:00Z",
            "2024-02-30T12:30:00Z",
            "2024-05-01T24:00:00Z",
            "2024-05-01T12:30:00",
            "2024-05-01T12:30:00.Z",
            "2024-05-01T12:30:00.1234567890Z",
            "0000-12-31T23:59:59Z",
            "0001-01-01T00:00:00+01:00",
            "2024-05-01T12:30:00z",
        ] {
            assert!(bad.parse::<Timestamp>().is_err(), "{bad}");
        }
        assert!("2024-02-29T00:00:00Z".parse::<Timestamp>().is_ok());
        assert!("9999-12-31T23:59:59.999999999Z"
            .parse::<Timestamp>()
            .is_ok());
    }
}
