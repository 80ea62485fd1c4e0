//! Lengths of time on the command line: read as people write them (`90s`, `5m`, `1h30m`), written
//! back as people read them (`0.045s`, `2m03s`).
//!
//! SWF itself takes timeouts as strings of whole seconds, or `NONE` for no limit;
//! [`parse_timeout`] turns what a person typed into that form, so that `--default-task-start-to-close-timeout 5m`
//! sends `"300"`.

use std::time::Duration;

use swf_core::Timeout;

/// Parses a duration: a number with an optional unit (`ms`, `s`, `m`, `h`, `d`; seconds when
/// none), or several such parts in a row (`1h30m`). Fractions are allowed (`1.5s`).
pub fn parse(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("a duration cannot be empty (examples: 30, 90s, 5m, 1h30m, 2d)".into());
    }
    let mut total = 0.0_f64;
    let mut rest = text;
    while !rest.is_empty() {
        let number_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let (number, after) = rest.split_at(number_len);
        let unit_len = after
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(after.len());
        let (unit, after) = after.split_at(unit_len);
        let value: f64 = number.parse().map_err(|_| {
            format!("{text:?} is not a duration (examples: 30, 90s, 5m, 1h30m, 2d)")
        })?;
        let scale = match unit {
            "ms" => 0.001,
            "" | "s" => 1.0,
            "m" => 60.0,
            "h" => 3600.0,
            "d" => 86400.0,
            other => {
                return Err(format!(
                    "unknown unit {other:?} in {text:?} (use ms, s, m, h or d)"
                ));
            }
        };
        total += value * scale;
        rest = after;
    }
    Duration::try_from_secs_f64(total).map_err(|_| format!("{text:?} is too long a duration"))
}

/// Parses an SWF timeout: `NONE` (no limit, any case) or a duration, as the whole seconds SWF
/// expects on the wire ([`Timeout`]'s form).
pub fn parse_timeout(text: &str) -> Result<String, String> {
    if text.eq_ignore_ascii_case("none") {
        return Ok(Timeout::Unlimited.to_string());
    }
    let duration = parse(text)?;
    if duration.subsec_nanos() != 0 {
        return Err(format!("{text:?}: SWF timeouts are whole seconds"));
    }
    // Read back, so that a timeout SWF would refuse as too long is refused here, saying so.
    let wire = Timeout::from(duration).to_string();
    wire.parse::<Timeout>()
        .map(|t| t.to_string())
        .map_err(|e| format!("{text:?}: {e}"))
}

/// Writes a duration for people: milliseconds under a minute (`0.045s`, `12.300s`), then the two
/// or three largest units (`2m03s`, `1h02m03s`, `3d04h02m`). The timeline's own form
/// ([`swf_core::timeline::format_duration`]), so that every duration the command prints reads
/// alike.
pub fn format(d: Duration) -> String {
    swf_core::timeline::format_duration(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_people_write() {
        assert_eq!(parse("30").unwrap(), Duration::from_secs(30));
        assert_eq!(parse("90s").unwrap(), Duration::from_secs(90));
        assert_eq!(parse("5m").unwrap(), Duration::from_secs(300));
        assert_eq!(parse("1h30m").unwrap(), Duration::from_secs(5400));
        assert_eq!(parse("2d").unwrap(), Duration::from_secs(172_800));
        assert_eq!(parse("1.5s").unwrap(), Duration::from_millis(1500));
        assert_eq!(parse("250ms").unwrap(), Duration::from_millis(250));
        assert!(parse("").is_err());
        assert!(parse("5 minutes").is_err());
        assert!(parse("5w").unwrap_err().contains("unknown unit"));
    }

    #[test]
    fn timeouts_are_whole_seconds_or_none() {
        assert_eq!(parse_timeout("5m").unwrap(), "300");
        assert_eq!(parse_timeout("none").unwrap(), "NONE");
        assert_eq!(parse_timeout("NONE").unwrap(), "NONE");
        assert!(parse_timeout("1.5s").unwrap_err().contains("whole seconds"));
        assert_eq!(parse_timeout("99999999").unwrap(), "99999999");
        let too_long = parse_timeout("100000000").unwrap_err();
        assert!(too_long.contains("at most 8 digits"), "{too_long}");
    }

    #[test]
    fn formats_for_people() {
        assert_eq!(format(Duration::from_millis(45)), "0.045s");
        assert_eq!(format(Duration::from_millis(12_300)), "12.300s");
        assert_eq!(format(Duration::from_secs(123)), "2m03s");
        assert_eq!(format(Duration::from_secs(3723)), "1h02m03s");
        assert_eq!(
            format(Duration::from_secs(3 * 86400 + 4 * 3600 + 120)),
            "3d04h02m"
        );
    }
}
