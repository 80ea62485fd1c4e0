//! What commands print: aligned tables and `key: value` details for people, JSON for scripts.
//!
//! The JSON of a command is the service's own JSON for the same call wherever there is one
//! (`swf domain describe -o json` prints what `DescribeDomain` returns), so a script written
//! against the AWS CLI's output reads ours too. Listings are the service's page shape with every
//! page's items gathered and no `nextPageToken`.
//!
//! The table printer is a few lines rather than a dependency: columns are padded to their widest
//! cell (counted in characters), separated by two spaces, and the last column is not padded, so
//! no line ends in spaces.

use std::io::Write;

use serde::Serialize;

use crate::error::CliError;

/// How results are printed (`--output`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// Aligned tables and `key: value` details, for people.
    Table,
    /// The service's JSON, pretty-printed, for scripts.
    Json,
}

/// Rows under a header line, each column as wide as its widest cell.
#[derive(Debug)]
pub(crate) struct Table {
    headers: Vec<&'static str>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// An empty table with these column headers.
    pub(crate) fn new(headers: &[&'static str]) -> Table {
        Table {
            headers: headers.to_vec(),
            rows: Vec::new(),
        }
    }

    /// Adds a row; it should have one cell per header.
    pub(crate) fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// The table as text, one line per row, after the header line. A table without rows is the
    /// header line alone, so an empty listing still says what it would have listed.
    pub(crate) fn render(&self) -> String {
        let header: Vec<String> = self.headers.iter().map(|h| h.to_string()).collect();
        let lines: Vec<&Vec<String>> = std::iter::once(&header).chain(&self.rows).collect();
        let columns = self.headers.len();
        let widths: Vec<usize> = (0..columns)
            .map(|c| {
                lines
                    .iter()
                    .map(|l| l.get(c).map_or(0, |s| s.chars().count()))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut out = String::new();
        for line in lines {
            out.push_str(&align(line, &widths));
            out.push('\n');
        }
        out
    }
}

/// `key: value` lines with the values lined up, for one thing described.
#[derive(Debug, Default)]
pub(crate) struct Details {
    rows: Vec<(&'static str, String)>,
}

impl Details {
    /// No details yet.
    pub(crate) fn new() -> Details {
        Details::default()
    }

    /// Adds a line.
    pub(crate) fn add(&mut self, key: &'static str, value: impl Into<String>) -> &mut Self {
        self.rows.push((key, value.into()));
        self
    }

    /// Adds a line when there is a value; optional fields the service left out are not shown.
    pub(crate) fn add_opt(
        &mut self,
        key: &'static str,
        value: Option<impl Into<String>>,
    ) -> &mut Self {
        if let Some(v) = value {
            self.rows.push((key, v.into()));
        }
        self
    }

    /// The details as text.
    pub(crate) fn render(&self) -> String {
        let width = self
            .rows
            .iter()
            .map(|(k, _)| k.len() + 1)
            .max()
            .unwrap_or(0);
        let mut out = String::new();
        for (key, value) in &self.rows {
            out.push_str(&format!("{:<width$}  {value}\n", format!("{key}:")));
        }
        out
    }
}

/// Pads every cell but the last to its column's width.
fn align(cells: &[String], widths: &[usize]) -> String {
    let mut line = String::new();
    for (i, cell) in cells.iter().enumerate() {
        if i + 1 == cells.len() {
            line.push_str(cell);
        } else {
            let pad = widths[i].saturating_sub(cell.chars().count());
            line.push_str(cell);
            line.extend(std::iter::repeat_n(' ', pad + 2));
        }
    }
    line.truncate(line.trim_end().len());
    line
}

/// Writes `text` to stdout as is.
pub(crate) fn print(text: &str) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(CliError::Stdout)
}

/// Writes `value` to stdout as pretty JSON and a newline.
pub(crate) fn print_json<T: Serialize>(value: &T) -> Result<(), CliError> {
    print(&(to_json(value) + "\n"))
}

/// `value` as pretty JSON. Our values are plain data, which always serialize.
pub(crate) fn to_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).expect("SWF values serialize to JSON")
}

/// A confirmation for people after a call without output (`Registered domain shop.`); in JSON
/// mode nothing, as the AWS CLI prints nothing for those calls.
pub(crate) fn done(format: Format, message: &str) -> Result<(), CliError> {
    match format {
        Format::Table => print(&format!("{message}\n")),
        Format::Json => Ok(()),
    }
}

/// The text for an optional value in a table cell: the value, or `-`.
pub(crate) fn or_dash(value: Option<&str>) -> String {
    value.map_or_else(|| "-".to_string(), str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_line_up_without_trailing_spaces() {
        let mut t = Table::new(&["NAME", "STATUS", "DESCRIPTION"]);
        t.row(vec!["shop".into(), "REGISTERED".into(), "orders".into()]);
        t.row(vec![
            "a-long-name".into(),
            "DEPRECATED".into(),
            String::new(),
        ]);
        assert_eq!(
            t.render(),
            "NAME         STATUS      DESCRIPTION\n\
             shop         REGISTERED  orders\n\
             a-long-name  DEPRECATED\n"
        );
    }

    #[test]
    fn details_line_up() {
        let mut d = Details::new();
        d.add("name", "shop")
            .add_opt("description", None::<String>)
            .add("retention", "7 days");
        assert_eq!(d.render(), "name:       shop\nretention:  7 days\n");
    }
}
