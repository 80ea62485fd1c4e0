//! SWF durations: whole seconds written as a string, or `NONE` for "no limit".

use crate::error::Fault;

/// A timeout as SWF spells it: `Some(seconds)`, or `None` for `NONE`.
pub(crate) type Timeout = Option<u64>;

/// Parses a duration member with swf-core's [`swf_core::Timeout`], naming `field` in the
/// `ValidationException` a bad value gets.
pub(crate) fn parse(field: &str, value: &str) -> Result<Timeout, Fault> {
    match value.parse::<swf_core::Timeout>() {
        Ok(swf_core::Timeout::Seconds(secs)) => Ok(Some(u64::from(secs))),
        Ok(swf_core::Timeout::Unlimited) => Ok(None),
        Err(_) => Err(Fault::validation(format!(
            "Invalid duration for {field}: '{value}' (expected a whole number of seconds or NONE)"
        ))),
    }
}

/// The deadline `timeout` after `from_ms`, if there is one.
pub(crate) fn deadline(from_ms: i64, timeout: Timeout) -> Option<i64> {
    timeout.map(|secs| from_ms.saturating_add((secs as i64).saturating_mul(1000)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_seconds_and_none() {
        assert_eq!(parse("t", "30").unwrap(), Some(30));
        assert_eq!(parse("t", "NONE").unwrap(), None);
        assert!(parse("t", "-1").is_err());
        assert!(parse("t", "1.5").is_err());
        assert!(parse("t", "+5").is_err());
        assert!(parse("t", "none").is_err());
        assert!(parse("t", "").is_err());
        assert_eq!(deadline(1000, Some(2)), Some(3000));
        assert_eq!(deadline(1000, None), None);
    }
}
