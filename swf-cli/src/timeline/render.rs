//! A timeline as text: one line per entry, in columns a person can scan.
//!
//! ```text
//! +0.000s  workflow order v1              started  input: {"sku":42}  task list: deciders
//! +0.012s  decision #1                    completed in 0.009s  decided: schedule charge-1
//! +0.120s  activity charge-1 (charge v1)  completed in 0.045s  result: "ok"
//! ```
//!
//! The time and title columns are padded to their widest (the title to at most
//! [`MAX_TITLE`] characters, so one long name does not push every line right). Payloads are shown
//! as JSON when they are JSON and as a quoted string otherwise, so `ok` and `"ok"` and `42` stay
//! told apart; they are cut to [`MAX_PAYLOAD`] characters unless the whole is asked for.

use std::time::Duration;

use super::{Detail, Entry};

/// The widest the title column is padded to.
const MAX_TITLE: usize = 48;
/// How many characters of a payload a line shows, unless `--full` (said on [`render`]).
const MAX_PAYLOAD: usize = 60;

/// The timeline as text, one line per entry, each ending in a newline. Payloads are cut to 60
/// characters unless `full`.
pub fn render(entries: &[Entry], full: bool) -> String {
    let times: Vec<String> = entries
        .iter()
        .map(|e| format!("+{}", millis(e.at_ms)))
        .collect();
    let titles: Vec<String> = entries.iter().map(title).collect();
    let time_width = times.iter().map(|t| t.len()).max().unwrap_or(0);
    let title_width = titles
        .iter()
        .map(|t| t.chars().count())
        .max()
        .unwrap_or(0)
        .min(MAX_TITLE);
    let mut out = String::new();
    for ((entry, time), title) in entries.iter().zip(&times).zip(&titles) {
        let mut line = format!("{time:>time_width$}  {title:<title_width$}");
        let outcome = outcome(entry);
        for part in std::iter::once(outcome).chain(entry.details.iter().map(|d| detail(d, full))) {
            if !part.is_empty() {
                line.push_str("  ");
                line.push_str(&part);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn title(entry: &Entry) -> String {
    match entry.name.is_empty() {
        true => entry.kind.word().to_string(),
        false => format!("{} {}", entry.kind.word(), entry.name),
    }
}

/// `completed in 0.045s`, `fired after 30.001s`, `running`.
fn outcome(entry: &Entry) -> String {
    match entry.took_ms {
        Some(took) => {
            let word = if entry.outcome == "completed" {
                "in"
            } else {
                "after"
            };
            format!("{} {word} {}", entry.outcome, millis(took))
        }
        None => entry.outcome.clone(),
    }
}

fn detail(d: &Detail, full: bool) -> String {
    let value = match d.payload {
        true => shown_payload(&d.value, full),
        false => d.value.clone(),
    };
    format!("{}: {value}", d.label)
}

/// A payload on one line: JSON as compact JSON, anything else as a quoted string, cut to
/// [`MAX_PAYLOAD`] characters unless `full`.
pub(crate) fn shown_payload(value: &str, full: bool) -> String {
    let shown = match serde_json::from_str::<serde_json::Value>(value) {
        // Re-encoding only when needed keeps the payload's own key order on the common one-line case.
        Ok(json) if value.contains('\n') => json.to_string(),
        Ok(_) => value.trim().to_string(),
        Err(_) => serde_json::Value::String(value.to_string()).to_string(),
    };
    if full {
        return shown;
    }
    swf_core::text::truncate_with_ellipsis(shown, MAX_PAYLOAD)
}

fn millis(ms: i64) -> String {
    swf_core::timeline::format_duration(Duration::from_millis(ms.max(0) as u64))
}
