//! A line buffer for emitted code.

/// Collects emitted lines.
#[derive(Debug, Default)]
pub(crate) struct Out(String);

impl Out {
    pub(crate) fn new() -> Out {
        Out::default()
    }

    /// Appends one line (no trailing whitespace is ever emitted).
    pub(crate) fn line(&mut self, s: &str) {
        self.0.push_str(s.trim_end());
        self.0.push('\n');
    }

    pub(crate) fn finish(self) -> String {
        self.0
    }
}
