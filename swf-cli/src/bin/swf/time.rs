//! Points in time on the command line: the `--started-after`-style filter values people type, and
//! timestamps written in tables.
//!
//! Everything is UTC. Tables show RFC 3339 (`2024-05-01T10:00:00.123Z`); filters take RFC 3339
//! (with `Z` or an offset, or none for UTC), a bare date, seconds since the epoch, `now`, or a
//! duration meaning that long ago (`2h`). The calendar arithmetic is the small proleptic
//! Gregorian conversion from Howard Hinnant's `chrono`-compatible date algorithms, which is all
//! this needs; a date-time crate would be a large dependency for two functions.

use swf_core::types::Timestamp;

const MS_PER_DAY: i64 = 86_400_000;

/// Writes a timestamp as RFC 3339 in UTC, with milliseconds only when there are some.
pub(crate) fn format(t: Timestamp) -> String {
    let ms = t.as_millis();
    let (days, in_day) = (ms.div_euclid(MS_PER_DAY), ms.rem_euclid(MS_PER_DAY));
    let (y, m, d) = civil_from_days(days);
    let (h, min, s, milli) = (
        in_day / 3_600_000,
        in_day / 60_000 % 60,
        in_day / 1000 % 60,
        in_day % 1000,
    );
    if milli == 0 {
        format!("{y:04}-{m:02}-{d:02}T{h:02}:{min:02}:{s:02}Z")
    } else {
        format!("{y:04}-{m:02}-{d:02}T{h:02}:{min:02}:{s:02}.{milli:03}Z")
    }
}

/// Parses a filter time (see the module docs for the forms). Used as a `clap` value parser.
pub(crate) fn parse_when(text: &str) -> Result<Timestamp, String> {
    parse_at(text, Timestamp::now())
}

/// [`parse_when`] with "now" given, so that tests need no clock.
fn parse_at(text: &str, now: Timestamp) -> Result<Timestamp, String> {
    let text = text.trim();
    let hint = || {
        format!(
            "{text:?} is not a time: use RFC 3339 (2024-05-01T10:00:00Z), a date (2024-05-01), \
             seconds since the epoch, `now`, or a duration ago (2h)"
        )
    };
    if text.eq_ignore_ascii_case("now") {
        return Ok(now);
    }
    if text.chars().all(|c| c.is_ascii_digit() || c == '.') {
        let secs: f64 = text.parse().map_err(|_| hint())?;
        return Ok(Timestamp::from_millis((secs * 1000.0).round() as i64));
    }
    if text.starts_with(|c: char| c.is_ascii_digit()) && !text.contains('-') {
        let ago = crate::duration::parse(text).map_err(|_| hint())?;
        return Ok(Timestamp::from_millis(
            now.as_millis() - ago.as_millis() as i64,
        ));
    }
    parse_rfc3339(text).ok_or_else(hint)
}

/// `YYYY-MM-DD`, optionally followed by `T` (or a space) and `HH:MM[:SS[.fff]]`, optionally
/// followed by `Z` or `±HH:MM`.
fn parse_rfc3339(text: &str) -> Option<Timestamp> {
    let (date, time) = match text.find(['T', 't', ' ']) {
        Some(i) => (&text[..i], Some(&text[i + 1..])),
        None => (text, None),
    };
    let mut parts = date.splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let d: u32 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let mut ms = days_from_civil(y, m, d) * MS_PER_DAY;
    if let Some(time) = time {
        let (clock, offset_ms) = split_offset(time)?;
        let mut fields = clock.splitn(3, ':');
        let h: i64 = fields.next()?.parse().ok()?;
        let min: i64 = fields.next()?.parse().ok()?;
        let secs: f64 = match fields.next() {
            Some(s) => s.parse().ok()?,
            None => 0.0,
        };
        if h > 23 || min > 59 || !(0.0..61.0).contains(&secs) {
            return None;
        }
        ms += h * 3_600_000 + min * 60_000 + (secs * 1000.0).round() as i64 - offset_ms;
    }
    Some(Timestamp::from_millis(ms))
}

/// Splits `10:00:00+02:00` into the clock and the offset in milliseconds east of UTC.
fn split_offset(time: &str) -> Option<(&str, i64)> {
    if let Some(clock) = time.strip_suffix(['Z', 'z']) {
        return Some((clock, 0));
    }
    let Some(i) = time.rfind(['+', '-']) else {
        return Some((time, 0));
    };
    let (clock, offset) = time.split_at(i);
    let sign = if offset.starts_with('-') { -1 } else { 1 };
    let (h, m) = offset[1..].split_once(':')?;
    let minutes = h.parse::<i64>().ok()? * 60 + m.parse::<i64>().ok()?;
    Some((clock, sign * minutes * 60_000))
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date `days` after 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(ms: i64) -> Timestamp {
        Timestamp::from_millis(ms)
    }

    #[test]
    fn formats_rfc3339_utc() {
        assert_eq!(format(ts(0)), "1970-01-01T00:00:00Z");
        assert_eq!(format(ts(1_714_557_600_123)), "2024-05-01T10:00:00.123Z");
        assert_eq!(format(ts(951_782_400_000)), "2000-02-29T00:00:00Z");
        assert_eq!(format(ts(-1000)), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn parses_dates_times_and_offsets() {
        let now = ts(1_714_557_600_000);
        assert_eq!(parse_at("2024-05-01", now).unwrap(), ts(1_714_521_600_000));
        assert_eq!(parse_at("2024-05-01T10:00:00Z", now).unwrap(), now);
        assert_eq!(parse_at("2024-05-01T10:00", now).unwrap(), now);
        assert_eq!(parse_at("2024-05-01 12:00:00+02:00", now).unwrap(), now);
        assert_eq!(
            parse_at("2024-05-01T09:30:00.5-00:30", now).unwrap(),
            ts(1_714_557_600_500)
        );
        assert_eq!(parse_at("1714557600", now).unwrap(), now);
        assert_eq!(parse_at("now", now).unwrap(), now);
        assert_eq!(
            parse_at("2h", now).unwrap(),
            ts(1_714_557_600_000 - 7_200_000)
        );
        assert!(parse_at("yesterday", now).unwrap_err().contains("RFC 3339"));
        assert!(parse_at("2024-13-01", now).is_err());
    }

    #[test]
    fn calendar_roundtrip() {
        for days in [-800_000, -1, 0, 59, 60, 11_016, 19_844, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days, "{y}-{m}-{d}");
        }
    }
}
