//! SWF's timeouts: a whole number of seconds, or `NONE` for no timeout.
//!
//! Every timeout in the API (`heartbeatTimeout`, `taskStartToCloseTimeout`, the registered
//! defaults, …) is a string on the wire: the decimal seconds, or `NONE`. [`Timeout`] is that
//! string as a type: it parses from it ([`FromStr`]) and prints to it ([`Display`]), so that a
//! worker registering defaults, a decider scheduling an activity, swf-local reading a request and
//! the command line all read and write one form.

use std::fmt::{self, Display};
use std::str::FromStr;
use std::time::Duration;

/// A timeout as SWF spells it: a whole number of seconds, or no timeout at all (`NONE`).
///
/// A [`Duration`] converts into `Timeout::Seconds`, rounded **up** to a whole second: SWF counts
/// in seconds, and rounding down could turn a 0.5 s timeout into 0, which some fields read as
/// "expire at once". A duration past `u32::MAX` seconds saturates there; like any value over
/// [`Timeout::MAX_SECONDS`], it is then refused by the request's validation, which names the
/// field, rather than silently shortened.
///
/// Not every field takes `NONE`: a workflow execution's start-to-close timeout, for one, must be
/// seconds. The service refuses `NONE` there.
///
/// ```
/// use std::time::Duration;
/// use swf_core::Timeout;
///
/// assert_eq!(Timeout::from(Duration::from_millis(1500)), Timeout::Seconds(2));
/// assert_eq!(Timeout::Seconds(30).to_string(), "30");
/// assert_eq!(Timeout::Unlimited.to_string(), "NONE");
/// assert_eq!("NONE".parse(), Ok(Timeout::Unlimited));
/// assert!("1.5".parse::<Timeout>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Timeout {
    /// A timeout of this many seconds.
    Seconds(u32),
    /// No timeout (`NONE` on the wire).
    Unlimited,
}

impl Timeout {
    /// The longest a timeout string may be on the wire: the model's `DurationInSeconds` (and
    /// `DurationInSecondsOptional`) bound, 8 characters.
    pub const MAX_WIRE_LEN: usize = crate::limits::DURATION_IN_SECONDS_MAX_CHARS;

    /// The most seconds a timeout can have: the largest number written in
    /// [`MAX_WIRE_LEN`](Timeout::MAX_WIRE_LEN) digits: 99,999,999, about 3 years and 2 months.
    // A longer bound in the model would overflow here, at compile time.
    pub const MAX_SECONDS: u32 = 10u32.pow(Timeout::MAX_WIRE_LEN as u32) - 1;

    /// The word SWF uses for "no timeout".
    const NONE: &'static str = "NONE";

    /// The timeout as a duration; `None` for no timeout.
    pub fn as_duration(self) -> Option<Duration> {
        match self {
            Timeout::Seconds(s) => Some(Duration::from_secs(u64::from(s))),
            Timeout::Unlimited => None,
        }
    }
}

impl From<Duration> for Timeout {
    fn from(d: Duration) -> Timeout {
        let secs = d.as_secs().saturating_add(u64::from(d.subsec_nanos() > 0));
        Timeout::Seconds(u32::try_from(secs).unwrap_or(u32::MAX))
    }
}

impl Display for Timeout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Timeout::Seconds(s) => write!(f, "{s}"),
            Timeout::Unlimited => f.write_str(Timeout::NONE),
        }
    }
}

/// Why a string is not an SWF timeout.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseTimeoutError {
    /// The string was empty.
    #[error("a timeout cannot be empty (expected a whole number of seconds or NONE)")]
    Empty,
    /// The string was neither `NONE` nor only decimal digits (a sign, a fraction, spaces, a
    /// unit, or `none` in lower case).
    #[error("{0:?} is not a timeout (expected a whole number of seconds or NONE)")]
    NotSeconds(String),
    /// Only digits, but more of them than SWF takes.
    #[error(
        "{0:?} is too long a timeout: SWF takes at most {max} digits ({max_secs} seconds)",
        max = Timeout::MAX_WIRE_LEN,
        max_secs = Timeout::MAX_SECONDS
    )]
    TooLong(String),
}

impl FromStr for Timeout {
    type Err = ParseTimeoutError;

    /// Reads the wire form exactly as SWF writes it: `NONE`, or decimal digits only, at most
    /// [`Timeout::MAX_WIRE_LEN`] of them. Anything else is refused rather than guessed at.
    fn from_str(text: &str) -> Result<Timeout, ParseTimeoutError> {
        if text == Timeout::NONE {
            return Ok(Timeout::Unlimited);
        }
        if text.is_empty() {
            return Err(ParseTimeoutError::Empty);
        }
        // `u32::from_str` alone would also take a leading `+`.
        if !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ParseTimeoutError::NotSeconds(text.to_owned()));
        }
        if text.len() > Timeout::MAX_WIRE_LEN {
            return Err(ParseTimeoutError::TooLong(text.to_owned()));
        }
        // At most 8 digits always fit a u32.
        let secs = text.parse().expect("up to 8 decimal digits fit a u32");
        Ok(Timeout::Seconds(secs))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_the_wire_form() {
        assert_eq!("NONE".parse(), Ok(Timeout::Unlimited));
        assert_eq!("30".parse(), Ok(Timeout::Seconds(30)));
        assert_eq!("0".parse(), Ok(Timeout::Seconds(0)));
        assert_eq!("007".parse(), Ok(Timeout::Seconds(7)));
        assert_eq!(Timeout::Seconds(12).to_string(), "12");
        assert_eq!(Timeout::Unlimited.to_string(), "NONE");
        for t in [Timeout::Seconds(0), Timeout::Seconds(Timeout::MAX_SECONDS)] {
            assert_eq!(t.to_string().parse(), Ok(t));
        }
    }

    #[test]
    fn refuses_anything_else_and_says_why() {
        assert_eq!("".parse::<Timeout>(), Err(ParseTimeoutError::Empty));
        for bad in ["none", "-1", "+5", "1.5", " 12", "12 ", "5m", "soon"] {
            assert_eq!(
                bad.parse::<Timeout>(),
                Err(ParseTimeoutError::NotSeconds(bad.into())),
                "{bad}"
            );
        }
        let long = "100000000";
        assert_eq!(
            long.parse::<Timeout>(),
            Err(ParseTimeoutError::TooLong(long.into()))
        );
        let message = long.parse::<Timeout>().unwrap_err().to_string();
        assert!(message.contains("at most 8 digits"), "{message}");
        assert!(
            "1.5"
                .parse::<Timeout>()
                .unwrap_err()
                .to_string()
                .contains("whole number of seconds or NONE")
        );
    }

    #[test]
    fn durations_round_up_to_whole_seconds() {
        assert_eq!(Timeout::from(Duration::ZERO), Timeout::Seconds(0));
        assert_eq!(Timeout::from(Duration::from_millis(1)), Timeout::Seconds(1));
        assert_eq!(Timeout::from(Duration::from_secs(90)), Timeout::Seconds(90));
        assert_eq!(
            Timeout::from(Duration::from_millis(1500)),
            Timeout::Seconds(2)
        );
        assert_eq!(Timeout::from(Duration::MAX), Timeout::Seconds(u32::MAX));
        assert_eq!(
            Timeout::Seconds(12).as_duration(),
            Some(Duration::from_secs(12))
        );
        assert_eq!(Timeout::Unlimited.as_duration(), None);
    }

    #[test]
    fn the_bounds_are_the_models() {
        assert_eq!(
            crate::limits::DURATION_IN_SECONDS_OPTIONAL_MAX_CHARS,
            Timeout::MAX_WIRE_LEN
        );
        // The largest number of MAX_WIRE_LEN digits, which must fit the u32.
        assert_eq!(
            Timeout::MAX_SECONDS.to_string(),
            "9".repeat(Timeout::MAX_WIRE_LEN)
        );
    }
}
