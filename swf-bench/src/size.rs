//! How big a workload runs: `tiny` for the test suite, the default for a quick run, or a number.

use std::str::FromStr;

/// The `--size` flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// A few calls or events each: enough to exercise the code, too few for a figure to mean much.
    Tiny,
    /// Each workload's own default, chosen so that `all` fits in about a minute.
    Default,
    /// A count each workload reads in its own unit (calls, events).
    Count(usize),
}

impl Size {
    /// The count for a workload whose default is `default` and whose tiny size is `tiny`.
    pub fn pick(self, tiny: usize, default: usize) -> usize {
        match self {
            Size::Tiny => tiny,
            Size::Default => default,
            Size::Count(n) => n,
        }
    }
}

impl FromStr for Size {
    type Err = String;

    fn from_str(s: &str) -> Result<Size, String> {
        match s {
            "tiny" => Ok(Size::Tiny),
            "default" => Ok(Size::Default),
            n => match n.parse::<usize>() {
                Ok(0) => Err("--size: 0 is not a size; give a positive count".into()),
                Ok(n) => Ok(Size::Count(n)),
                Err(_) => Err(format!(
                    "--size: {n:?} is neither `tiny`, `default` nor a positive count"
                )),
            },
        }
    }
}
