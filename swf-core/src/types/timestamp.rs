//! Timestamps as SWF sends them: seconds since the Unix epoch, as a JSON number with a fraction.

use aws_smithy_types::DateTime;
use aws_smithy_types::date_time::Format;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A point in time with millisecond precision, the precision SWF keeps.
///
/// On the wire it is a number of seconds since the Unix epoch (`1700000000.123`).
///
/// ```
/// use swf_core::types::Timestamp;
/// let t: Timestamp = serde_json::from_str("1700000000.25").unwrap();
/// assert_eq!(t.as_millis(), 1_700_000_000_250);
/// assert_eq!(serde_json::to_string(&t).unwrap(), "1700000000.25");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp {
    millis: i64,
}

impl Timestamp {
    /// The timestamp `millis` milliseconds after the Unix epoch.
    pub const fn from_millis(millis: i64) -> Timestamp {
        Timestamp { millis }
    }

    /// Milliseconds since the Unix epoch.
    pub const fn as_millis(self) -> i64 {
        self.millis
    }

    /// Seconds since the Unix epoch, with the fraction, as the wire carries them.
    pub fn as_secs_f64(self) -> f64 {
        self.millis as f64 / 1000.0
    }

    /// The current time of this machine's clock.
    pub fn now() -> Timestamp {
        Timestamp::from(SystemTime::now())
    }

    /// The timestamp as RFC 3339 in UTC, with milliseconds when it has any:
    /// `2023-11-14T22:13:20.250Z`.
    ///
    /// ```
    /// use swf_core::types::Timestamp;
    /// let t = Timestamp::from_millis(1_700_000_000_250);
    /// assert_eq!(t.to_rfc3339(), "2023-11-14T22:13:20.25Z");
    /// assert_eq!(Timestamp::parse_rfc3339("2023-11-14T22:13:20.25Z"), Ok(t));
    /// ```
    pub fn to_rfc3339(self) -> String {
        // aws-smithy-types formats every value an i64 of milliseconds can hold.
        DateTime::from_millis(self.millis)
            .fmt(Format::DateTime)
            .unwrap_or_else(|_| self.as_secs_f64().to_string())
    }

    /// Parses an RFC 3339 date-time (`2023-11-14T22:13:20Z`, with an optional fraction); the error
    /// says what is wrong with the text.
    pub fn parse_rfc3339(text: &str) -> Result<Timestamp, String> {
        let t = DateTime::from_str(text, Format::DateTime)
            .map_err(|e| format!("`{text}` is not an RFC 3339 date-time: {e}"))?;
        let millis = t
            .to_millis()
            .map_err(|e| format!("`{text}` is out of range: {e}"))?;
        Ok(Timestamp { millis })
    }

    /// The time elapsed from `earlier` to `self`, or zero if `earlier` is later.
    pub fn duration_since(self, earlier: Timestamp) -> Duration {
        Duration::from_millis(self.millis.saturating_sub(earlier.millis).max(0) as u64)
    }
}

impl From<SystemTime> for Timestamp {
    fn from(t: SystemTime) -> Timestamp {
        let millis = match t.duration_since(UNIX_EPOCH) {
            Ok(d) => d.as_millis() as i64,
            Err(e) => -(e.duration().as_millis() as i64),
        };
        Timestamp { millis }
    }
}

impl From<Timestamp> for SystemTime {
    fn from(t: Timestamp) -> SystemTime {
        if t.millis >= 0 {
            UNIX_EPOCH + Duration::from_millis(t.millis as u64)
        } else {
            UNIX_EPOCH - Duration::from_millis(t.millis.unsigned_abs())
        }
    }
}

impl std::ops::Add<Duration> for Timestamp {
    type Output = Timestamp;
    fn add(self, d: Duration) -> Timestamp {
        Timestamp {
            millis: self.millis.saturating_add(d.as_millis() as i64),
        }
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({})", self.as_secs_f64())
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.as_secs_f64())
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.millis % 1000 == 0 {
            s.serialize_i64(self.millis / 1000)
        } else {
            s.serialize_f64(self.as_secs_f64())
        }
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // SWF sends numbers; some tools write ISO-8601 strings, which are refused with a clear error.
        let secs = f64::deserialize(d)?;
        if !secs.is_finite() {
            return Err(serde::de::Error::custom(
                "timestamp must be a finite number of seconds",
            ));
        }
        Ok(Timestamp {
            millis: (secs * 1000.0).round() as i64,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_seconds_encode_as_integers() {
        let t = Timestamp::from_millis(1_429_649_155_000);
        assert_eq!(serde_json::to_string(&t).unwrap(), "1429649155");
        let back: Timestamp = serde_json::from_str("1.429649155E9").unwrap();
        assert_eq!(back, t);
    }

    #[test]
    fn system_time_roundtrip() {
        let t = Timestamp::from_millis(1_700_000_000_123);
        assert_eq!(Timestamp::from(SystemTime::from(t)), t);
        assert_eq!(
            (t + Duration::from_millis(877)).as_millis(),
            1_700_000_001_000
        );
        assert_eq!(
            t.duration_since(Timestamp::from_millis(1_700_000_000_000)),
            Duration::from_millis(123)
        );
    }
}
