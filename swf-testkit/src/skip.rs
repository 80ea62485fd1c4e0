//! Skips that are seen, counted, and refused where they are not allowed.
//!
//! # Why
//! libtest shows a passing test's output only with `--nocapture`, so a test that returns early
//! after `eprintln!("SKIPPED")` looks exactly like one that ran. Here a skip is written straight to
//! the process's standard error, which libtest does not capture (it captures only the `print!`
//! family), and counted; when the test binary exits, one line after libtest's `test result:`
//! says how many tests skipped and why.
//!
//! # Requirement variables
//! Each [`Requirement`] has a variable (`SWF_TEST_REQUIRE_MOTO`, `SWF_TEST_REQUIRE_PYTHON`,
//! `SWF_TEST_REQUIRE_AWS_CLI`, `SWF_TEST_REQUIRE_CHROMIUM`). It is
//! read by one rule, the same as `tests/python/conftest.py`'s: unset or empty means not
//! required; `1`, `true` or `yes` means required; `0`, `false` or `no` means not required; any
//! other value is an error, so a typo cannot turn a requirement off. While a requirement is set, a
//! skip for it panics: the test fails and names what is missing.

use std::io::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// Something a test needs from the machine, and the variable that makes its absence a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Requirement {
    /// The environment variable that makes the requirement mandatory.
    pub variable: &'static str,
    /// What is needed, as a person would say it.
    pub what: &'static str,
    /// How to get it.
    pub install: &'static str,
}

impl Requirement {
    /// `moto_server`, the SWF implementation the differential and wire tests compare against.
    pub const MOTO: Requirement = Requirement {
        variable: "SWF_TEST_REQUIRE_MOTO",
        what: "moto_server",
        install: "pip install 'moto[server]'",
    };

    /// Python 3 with boto3 and pytest, for swf-local's boto3 suite.
    pub const PYTHON: Requirement = Requirement {
        variable: "SWF_TEST_REQUIRE_PYTHON",
        what: "python3 with boto3 and pytest",
        install: "pip install boto3 pytest",
    };

    /// Debian's Chromium and ChromeDriver, the real browser swf-local's console tests drive
    /// (see `browser`, feature `browser`).
    pub const CHROMIUM: Requirement = Requirement {
        variable: "SWF_TEST_REQUIRE_CHROMIUM",
        what: "chromium and chromedriver",
        install: "apt-get install chromium chromium-driver",
    };

    /// The AWS CLI (`aws`), which swf-local's tests run as a client (see [`crate::aws_cli`]).
    pub const AWS_CLI: Requirement = Requirement {
        variable: "SWF_TEST_REQUIRE_AWS_CLI",
        what: "the AWS CLI (aws)",
        install: "pip install awscli",
    };

    /// Whether a skip for this requirement must fail the test, by the rule in the module docs.
    ///
    /// # Panics
    /// On a value the rule does not know.
    pub fn is_required(&self) -> bool {
        match std::env::var(self.variable) {
            Err(std::env::VarError::NotPresent) => false,
            Ok(value) => parse_flag(&value).unwrap_or_else(|| {
                panic!(
                    "{}={value:?} is not a flag: use 1, true or yes to require {}, or 0, false, no or empty not to",
                    self.variable, self.what
                )
            }),
            Err(std::env::VarError::NotUnicode(value)) => {
                panic!("{}={value:?} is not a flag", self.variable)
            }
        }
    }

    /// Skips `test` because this requirement is not met (`why` says how it failed).
    ///
    /// Returns when the skip is allowed, after writing `SKIPPED <test>: ...` to standard error
    /// and counting it for the summary; the caller then returns from the test.
    ///
    /// # Panics
    /// When the requirement's variable is set: the test fails instead of skipping.
    pub fn skip(&self, test: &str, why: &str) {
        if self.is_required() {
            panic!(
                "{test} needs {} ({} is set, so it may not be skipped): {why}; {}",
                self.what, self.variable, self.install
            );
        }
        record_skip(test, self, why);
    }
}

/// The one reading of a requirement flag's value; `None` when it is not a flag.
fn parse_flag(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "" | "0" | "false" | "no" => Some(false),
        "1" | "true" | "yes" => Some(true),
        _ => None,
    }
}

/// The skips of this test binary, for the summary line.
static SKIPS: Mutex<Vec<(String, Requirement)>> = Mutex::new(Vec::new());
static SUMMARY_REGISTERED: AtomicBool = AtomicBool::new(false);

fn record_skip(test: &str, requirement: &Requirement, why: &str) {
    write_uncaptured(&format!(
        "SKIPPED {test}: {why} (needs {}: {}; set {}=1 to make this a failure)\n",
        requirement.what, requirement.install, requirement.variable
    ));
    SKIPS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .push((test.to_owned(), *requirement));
    if !SUMMARY_REGISTERED.swap(true, Ordering::SeqCst) {
        register_summary();
    }
}

/// Writes to file descriptor 2 directly: libtest's capture does not see it.
fn write_uncaptured(text: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(text.as_bytes());
    let _ = stderr.flush();
}

/// Prints the summary when the process exits, after libtest's own result line.
#[allow(unsafe_code)]
fn register_summary() {
    // SAFETY: `atexit` is given a plain `extern "C"` function that takes no arguments, does not
    // unwind (it catches panics) and touches only statics that outlive the process's exit.
    let status = unsafe { libc::atexit(print_summary) };
    if status != 0 {
        write_uncaptured("swf-testkit: could not register the skip summary\n");
    }
}

extern "C" fn print_summary() {
    let _ = std::panic::catch_unwind(|| {
        let skips = SKIPS
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        write_uncaptured(&summary(&skips));
    });
}

/// `skipped: 3 tests (3 need moto_server; set SWF_TEST_REQUIRE_MOTO=1 to fail instead)`.
fn summary(skips: &[(String, Requirement)]) -> String {
    let mut by_requirement: Vec<(Requirement, usize)> = Vec::new();
    for (_, requirement) in skips {
        match by_requirement.iter_mut().find(|(r, _)| r == requirement) {
            Some((_, count)) => *count += 1,
            None => by_requirement.push((*requirement, 1)),
        }
    }
    let reasons: Vec<String> = by_requirement
        .iter()
        .map(|(r, count)| {
            format!(
                "{count} need {}; set {}=1 to fail instead",
                r.what, r.variable
            )
        })
        .collect();
    let plural = if skips.len() == 1 { "" } else { "s" };
    format!(
        "skipped: {} test{plural} ({})\n",
        skips.len(),
        reasons.join("; ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_are_read_by_one_rule() {
        for off in ["", " ", "0", "false", "FALSE", "no"] {
            assert_eq!(parse_flag(off), Some(false), "{off:?}");
        }
        for on in ["1", "true", "True", "yes", " 1 "] {
            assert_eq!(parse_flag(on), Some(true), "{on:?}");
        }
        for bad in ["2", "on", "required", "y"] {
            assert_eq!(parse_flag(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn the_summary_counts_skips_by_requirement() {
        let skips = vec![
            ("a".to_owned(), Requirement::MOTO),
            ("b".to_owned(), Requirement::PYTHON),
            ("c".to_owned(), Requirement::MOTO),
        ];
        assert_eq!(
            summary(&skips),
            "skipped: 3 tests (2 need moto_server; set SWF_TEST_REQUIRE_MOTO=1 to fail instead; \
             1 need python3 with boto3 and pytest; set SWF_TEST_REQUIRE_PYTHON=1 to fail instead)\n"
        );
        assert_eq!(
            summary(&skips[..1]),
            "skipped: 1 test (1 need moto_server; set SWF_TEST_REQUIRE_MOTO=1 to fail instead)\n"
        );
    }
}
