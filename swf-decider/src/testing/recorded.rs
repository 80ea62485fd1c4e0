//! Loading histories recorded from real runs.
//!
//! Accepted shapes, all as `GetWorkflowExecutionHistory` returns them:
//!
//! - one `{"events": [...]}` object: what `aws swf get-workflow-execution-history` writes (the
//!   CLI follows `nextPageToken` itself and merges the pages);
//! - several page objects, one after the other or in a JSON array: pages saved one by one
//!   (`--no-paginate`, or a program that saved each answer);
//! - a bare array of events.
//!
//! Timestamps may be numbers of seconds (the wire format, and AWS CLI v1's output) or ISO 8601
//! strings (AWS CLI v2's default output); both read the same.
//!
//! [`save_history_file`] writes the first shape, which
//! [`WorkflowHandle::save_history`](crate::WorkflowHandle::save_history) uses to save a fixture.

use std::fmt;
use std::io::Write;
use std::path::Path;

use serde::Serialize;
use serde_json::Value;
use swf_core::types::HistoryEvent;

/// A recorded history that could not be read.
#[derive(Debug)]
pub struct LoadError {
    message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for LoadError {}

fn error(message: impl Into<String>) -> LoadError {
    LoadError {
        message: message.into(),
    }
}

/// Reads a recorded history from JSON text: one `{"events": [...]}` page (what
/// `aws swf get-workflow-execution-history` writes, all pages merged), several pages one after the
/// other or in a JSON array, or a bare array of events. Timestamps may be numbers of seconds or
/// ISO 8601 strings (AWS CLI v2's default output).
///
/// ```
/// let events = swf_decider::testing::load_history(r#"{"events": [
///   {"eventId": 1, "eventType": "WorkflowExecutionStarted", "eventTimestamp": "2025-01-01T00:00:00.250Z",
///    "workflowExecutionStartedEventAttributes": {"childPolicy": "TERMINATE", "taskList": {"name": "l"},
///      "workflowType": {"name": "w", "version": "1"}}}
/// ]}"#)?;
/// assert_eq!(events[0].event_timestamp.as_millis(), 1_735_689_600_250);
/// # Ok::<(), swf_decider::testing::LoadError>(())
/// ```
pub fn load_history(text: &str) -> Result<Vec<HistoryEvent>, LoadError> {
    let mut events = Vec::new();
    for document in serde_json::Deserializer::from_str(text).into_iter::<Value>() {
        let document = document.map_err(|e| error(format!("not JSON: {e}")))?;
        collect(document, &mut events)?;
    }
    if events.is_empty() {
        return Err(error("no history events found"));
    }
    events.sort_by_key(|e| e.event_id);
    Ok(events)
}

/// Reads a recorded history from a file; see [`load_history`].
pub fn load_history_file(path: impl AsRef<Path>) -> Result<Vec<HistoryEvent>, LoadError> {
    let path = path.as_ref();
    let text = std::fs::read_to_string(path)
        .map_err(|e| error(format!("cannot read {}: {e}", path.display())))?;
    load_history(&text).map_err(|e| error(format!("{}: {e}", path.display())))
}

/// One page of a history as `GetWorkflowExecutionHistory` spells it, borrowed for writing.
#[derive(Serialize)]
struct Page<'a> {
    events: &'a [HistoryEvent],
}

/// Writes `events` to `path` as one `{"events": [...]}` page, pretty-printed: the form
/// [`load_history`] reads first, the same as `aws swf get-workflow-execution-history` writes (with
/// timestamps as numbers of seconds). Creates the file or replaces it. See
/// [`WorkflowHandle::save_history`](crate::WorkflowHandle::save_history) to fetch and save a run's
/// history in one call.
pub fn save_history_file(path: impl AsRef<Path>, events: &[HistoryEvent]) -> std::io::Result<()> {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
    serde_json::to_writer_pretty(&mut file, &Page { events })?;
    file.write_all(b"\n")?;
    file.flush()
}

fn collect(mut document: Value, events: &mut Vec<HistoryEvent>) -> Result<(), LoadError> {
    match &mut document {
        Value::Array(items) => {
            for item in std::mem::take(items) {
                let is_event = item.get("eventType").is_some();
                if is_event {
                    events.push(event(item)?);
                } else {
                    collect(item, events)?;
                }
            }
            Ok(())
        }
        Value::Object(page) => {
            let Some(Value::Array(page_events)) = page.get_mut("events") else {
                return Err(error("a page without an `events` array"));
            };
            for item in std::mem::take(page_events) {
                events.push(event(item)?);
            }
            Ok(())
        }
        _ => Err(error(
            "expected a history page, an array of pages, or an array of events",
        )),
    }
}

fn event(mut item: Value) -> Result<HistoryEvent, LoadError> {
    if let Some(ts) = item.get_mut("eventTimestamp")
        && let Value::String(text) = ts
    {
        let seconds = parse_iso8601(text)
            .ok_or_else(|| error(format!("unreadable eventTimestamp `{text}`")))?;
        *ts = Value::from(seconds);
    }
    serde_json::from_value(item).map_err(|e| error(format!("unreadable history event: {e}")))
}

/// Seconds since the Unix epoch of `YYYY-MM-DDTHH:MM:SS[.fff][Z|±HH:MM]`.
fn parse_iso8601(text: &str) -> Option<f64> {
    let (date, rest) = text.split_once(['T', ' '])?;
    let mut d = date.split('-').map(|p| p.parse::<i64>().ok());
    let (year, month, day) = (d.next()??, d.next()??, d.next()??);
    let tz_at = rest.find(['Z', 'z', '+', '-']).unwrap_or(rest.len());
    let (time, zone) = rest.split_at(tz_at);
    let mut t = time.split(':');
    let (hour, minute) = (
        t.next()?.parse::<i64>().ok()?,
        t.next()?.parse::<i64>().ok()?,
    );
    let second = t
        .next()
        .map(|s| s.parse::<f64>().ok())
        .unwrap_or(Some(0.0))?;
    let offset = match zone {
        "" | "Z" | "z" => 0,
        z => {
            let sign = if z.starts_with('-') { -1 } else { 1 };
            let (h, m) = z[1..]
                .split_once(':')
                .unwrap_or((&z[1..3.min(z.len())], z.get(3..).unwrap_or("0")));
            sign * (h.parse::<i64>().ok()? * 3600 + m.parse::<i64>().unwrap_or(0) * 60)
        }
    };
    let days = days_from_civil(year, month, day);
    Some((days * 86_400 + hour * 3600 + minute * 60 - offset) as f64 + second)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_iso_timestamps() {
        assert_eq!(parse_iso8601("1970-01-01T00:00:00Z"), Some(0.0));
        assert_eq!(
            parse_iso8601("2025-01-01T00:00:00.250000+00:00"),
            Some(1_735_689_600.25)
        );
        assert_eq!(
            parse_iso8601("2025-01-01T01:00:00+01:00"),
            Some(1_735_689_600.0)
        );
        assert_eq!(
            parse_iso8601("2024-02-29T12:00:00-02:30"),
            Some(1_709_217_000.0)
        );
        assert_eq!(parse_iso8601("yesterday"), None);
    }

    #[test]
    fn reads_pages_one_after_the_other_and_in_arrays() {
        let e = |id: i64| {
            format!(
                r#"{{"eventId":{id},"eventType":"DecisionTaskScheduled","eventTimestamp":1.5,"decisionTaskScheduledEventAttributes":{{"taskList":{{"name":"l"}}}}}}"#
            )
        };
        let pages = format!(
            r#"{{"events":[{}],"nextPageToken":"t"}} {{"events":[{}]}}"#,
            e(1),
            e(2)
        );
        assert_eq!(load_history(&pages).unwrap().len(), 2);
        let array = format!(r#"[{{"events":[{}]}}, {{"events":[{}]}}]"#, e(2), e(1));
        let events = load_history(&array).unwrap();
        assert_eq!(
            events.iter().map(|e| e.event_id).collect::<Vec<_>>(),
            [1, 2]
        );
        assert_eq!(load_history(&format!("[{}]", e(1))).unwrap().len(), 1);
        assert!(
            load_history("{}")
                .unwrap_err()
                .to_string()
                .contains("events")
        );
    }
}
