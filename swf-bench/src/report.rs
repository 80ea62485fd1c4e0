//! The tables a workload produces, and `BENCHMARKS.md`, which holds them with the machine's facts.

use std::fmt::Write;
use std::time::{SystemTime, UNIX_EPOCH};

/// One workload's figures: a markdown table with a title and a note on how it was measured.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The workload, as a heading.
    pub title: String,
    /// How the figures were taken (the peers, the sizes, what a ratio divides).
    pub note: String,
    /// Column headings.
    pub header: Vec<String>,
    /// One row per peer (or per size), each as long as `header`.
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// An empty table with these headings.
    pub fn new(title: impl Into<String>, note: impl Into<String>, header: &[&str]) -> Table {
        Table {
            title: title.into(),
            note: note.into(),
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row; it must have one cell per heading.
    ///
    /// # Panics
    /// When it does not: a row that shifts its figures into the wrong columns is a bench bug.
    pub fn row(&mut self, cells: Vec<String>) {
        assert_eq!(
            cells.len(),
            self.header.len(),
            "row {cells:?} for table {:?} does not match its headings {:?}",
            self.title,
            self.header
        );
        self.rows.push(cells);
    }

    /// The row whose first cells are `key`, if any.
    pub fn find(&self, key: &[&str]) -> Option<&[String]> {
        self.rows
            .iter()
            .find(|row| row.iter().zip(key).all(|(cell, k)| cell == k))
            .map(Vec::as_slice)
    }

    /// The table as markdown: a `###` heading, the note, the table.
    pub fn markdown(&self) -> String {
        let mut out = format!("### {}\n\n{}\n\n", self.title, self.note);
        let line = |cells: &[String]| format!("| {} |\n", cells.join(" | "));
        out.push_str(&line(&self.header));
        let rule: Vec<String> = self
            .header
            .iter()
            .enumerate()
            .map(|(i, _)| if i == 0 { "---".into() } else { "---:".into() })
            .collect();
        out.push_str(&line(&rule));
        for row in &self.rows {
            out.push_str(&line(row));
        }
        out
    }
}

/// A figure with three significant digits or so, without a run of meaningless decimals.
pub fn figure(x: f64) -> String {
    if x >= 100.0 {
        format!("{x:.0}")
    } else if x >= 10.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.2}")
    }
}

/// A ratio as `2.35×`, or `n/a` when the divisor is zero.
pub fn ratio(numerator: f64, denominator: f64) -> String {
    if denominator > 0.0 {
        format!("{:.2}×", numerator / denominator)
    } else {
        "n/a".into()
    }
}

/// `BENCHMARKS.md`: the machine's core count, the date, the command, and every table.
pub fn document(tables: &[Table], command: &str) -> String {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let mut out = String::from("# Benchmarks\n\n");
    let _ = writeln!(
        out,
        "Written by `{command}` on {} (UTC), on a machine with {cores} cores. Every figure in a \
         table was measured in the same run against swf-local: in the bench's process, on a \
         runtime of its own (one server for the calls, history, cache and sticky workloads, \
         those two workloads' executions on task lists of their own; a fresh one per peer for \
         the worker and service workloads, so each starts from the same state), except for the \
         heartbeat workload, whose swf-local runs in a process of its own so that the memory \
         figure is the worker's alone. Ratios compare rows within one table only. Figures from \
         a shared machine move by 10–20 % between runs.\n",
        today()
    );
    for table in tables {
        out.push_str(&table.markdown());
        out.push('\n');
    }
    out.push_str(HISTORY_PROFILE);
    out
}

/// What profiling the history workload found and what each optimization bought: written by
/// hand, with figures measured when the change was made, so every regeneration keeps it.
const HISTORY_PROFILE: &str = include_str!("../history-profile.md");

/// Today's date, `YYYY-MM-DD` in UTC, from the system clock.
fn today() -> String {
    let days = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400) as i64;
    // Howard Hinnant's days-to-civil: the Gregorian date of a count of days since 1970-01-01.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_renders_as_markdown_with_its_rows() {
        let mut table = Table::new("T", "note", &["peer", "calls/s"]);
        table.row(vec!["swf-core".into(), "10".into()]);
        assert_eq!(
            table.markdown(),
            "### T\n\nnote\n\n| peer | calls/s |\n| --- | ---: |\n| swf-core | 10 |\n"
        );
        assert_eq!(table.find(&["swf-core"]).map(|r| r[1].as_str()), Some("10"));
    }

    #[test]
    fn today_is_a_date_after_the_crate_was_written() {
        let date = today();
        assert_eq!(date.len(), 10, "{date}");
        assert!(date.as_str() > "2025-01-01", "{date}");
    }
}
