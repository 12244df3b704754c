//! `google.protobuf.Duration`: decimal seconds with an `s` suffix, e.g. `"3.5s"`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A signed span of time with nanosecond precision.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Duration {
    /// Whole seconds; negative for negative durations.
    pub seconds: i64,
    /// Nanoseconds, with the same sign as `seconds` (or zero).
    pub nanos: i32,
}

/// A text that is not a protobuf duration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DurationError(String);

impl fmt::Display for DurationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid duration {:?}: expected seconds with an `s` suffix, such as \"3.5s\", within ±315576000000s",
            self.0
        )
    }
}

impl std::error::Error for DurationError {}

impl Duration {
    /// A duration of whole seconds.
    pub fn from_secs(seconds: i64) -> Self {
        Self { seconds, nanos: 0 }
    }
}

impl From<std::time::Duration> for Duration {
    fn from(duration: std::time::Duration) -> Self {
        Self {
            seconds: duration.as_secs() as i64,
            nanos: duration.subsec_nanos() as i32,
        }
    }
}

impl TryFrom<Duration> for std::time::Duration {
    type Error = DurationError;

    fn try_from(duration: Duration) -> Result<Self, Self::Error> {
        if duration.seconds < 0 || duration.nanos < 0 {
            return Err(DurationError(duration.to_string()));
        }
        Ok(std::time::Duration::new(
            duration.seconds as u64,
            duration.nanos as u32,
        ))
    }
}

/// The longest duration protobuf allows: about 10,000 years, either way.
const MAX_SECONDS: i64 = 315_576_000_000;

impl FromStr for Duration {
    type Err = DurationError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let fail = || DurationError(text.to_owned());
        let number = text.strip_suffix('s').ok_or_else(fail)?;
        let (negative, digits) = match number.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, number),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        if whole.is_empty()
            || fraction.len() > 9
            || !whole
                .bytes()
                .chain(fraction.bytes())
                .all(|b| b.is_ascii_digit())
        {
            return Err(fail());
        }
        let seconds: i64 = whole.parse().map_err(|_| fail())?;
        if seconds > MAX_SECONDS {
            return Err(fail());
        }
        let nanos: i32 = if fraction.is_empty() {
            0
        } else {
            format!("{fraction:0<9}").parse().map_err(|_| fail())?
        };
        Ok(if negative {
            Self {
                seconds: -seconds,
                nanos: -nanos,
            }
        } else {
            Self { seconds, nanos }
        })
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.seconds < 0 || self.nanos < 0 {
            f.write_str("-")?;
        }
        write!(f, "{}", self.seconds.unsigned_abs())?;
        super::timestamp::write_fraction(f, self.nanos.unsigned_abs())?;
        f.write_str("s")
    }
}

impl Serialize for Duration {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        super::deserialize_text(deserializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_seconds_text() {
        for text in ["3s", "3.500s", "0.000000001s", "-1.250s", "86400s"] {
            assert_eq!(text.parse::<Duration>().unwrap().to_string(), text);
        }
        assert_eq!(
            "3.5s".parse::<Duration>().unwrap(),
            Duration {
                seconds: 3,
                nanos: 500_000_000
            }
        );
        assert!("315576000000s".parse::<Duration>().is_ok());
        assert!("-315576000000.999999999s".parse::<Duration>().is_ok());
        for bad in [
            "3",
            "s",
            "1.2.3s",
            "abcs",
            "1.0000000001s",
            "315576000001s",
            "ten minutes",
        ] {
            assert!(bad.parse::<Duration>().is_err(), "{bad}");
        }
    }
}
