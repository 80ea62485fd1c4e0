//! Runs the boto3 suite (`tests/python`, pytest) against the built binary, so `cargo test`
//! covers a client nobody here wrote.
//!
//! Without Python, boto3 or pytest the test skips by `swf_testkit`'s rule (seen, counted, and a
//! failure when `SWF_TEST_REQUIRE_PYTHON` is set). pytest's own skips (the differential cases,
//! without `moto_server`) are read off its summary and counted the same way, under
//! `SWF_TEST_REQUIRE_MOTO`, which `conftest.py` also reads, by the same rule, to fail instead.

use std::process::Command;
use std::time::Duration;
use swf_testkit::{Requirement, run_with_deadline};

/// The whole suite takes seconds; this only guards against a hang.
const SUITE_DEADLINE: Duration = Duration::from_secs(300);

#[test]
fn boto3_suite_passes() {
    let probe = run_with_deadline(
        Command::new("python3").args(["-c", "import boto3, pytest"]),
        Duration::from_secs(60),
    );
    if !probe.status.success() {
        Requirement::PYTHON.skip(
            "boto3_suite_passes",
            &format!(
                "`import boto3, pytest` failed: {}",
                String::from_utf8_lossy(&probe.stderr).trim()
            ),
        );
        return;
    }
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/python");
    let output = run_with_deadline(
        Command::new("python3")
            // -rs lists each skip with its reason in the summary.
            .args(["-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", dir])
            .env("SWF_LOCAL_BIN", env!("CARGO_BIN_EXE_swf-local"))
            .current_dir(dir),
        SUITE_DEADLINE,
    );
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "the boto3 suite failed:\n{text}");
    let summary = text.lines().last().unwrap_or_default();
    let counts = PytestCounts::parse(summary)
        .unwrap_or_else(|| panic!("no pytest summary line at the end of:\n{text}"));
    assert!(counts.passed > 0, "pytest ran no test:\n{text}");
    // `-rs` lists skips grouped by reason: `SKIPPED [9] conftest.py:86: moto_server is not installed`.
    let mut listed = 0;
    for line in text.lines().filter(|line| line.starts_with("SKIPPED")) {
        let cases = skipped_cases(line);
        for case in 1..=cases {
            Requirement::MOTO.skip(
                &format!("boto3_suite_passes (pytest, {case} of {cases})"),
                line,
            );
        }
        listed += cases;
    }
    assert_eq!(
        counts.skipped, listed,
        "every pytest skip is listed with -rs, and counted above:\n{text}"
    );
}

/// How many cases one `-rs` line stands for: the `[N]` after `SKIPPED`, else one.
fn skipped_cases(line: &str) -> usize {
    line.strip_prefix("SKIPPED [")
        .and_then(|rest| rest.split_once(']'))
        .and_then(|(n, _)| n.parse().ok())
        .unwrap_or(1)
}

/// The counts in pytest's last line, `12 passed, 9 skipped in 3.21s`.
#[derive(Debug, Default, PartialEq)]
struct PytestCounts {
    passed: usize,
    skipped: usize,
}

impl PytestCounts {
    fn parse(line: &str) -> Option<PytestCounts> {
        let mut counts = PytestCounts::default();
        let mut found = false;
        let words: Vec<&str> = line
            .split(|c: char| c == ',' || c.is_whitespace() || c == '=')
            .filter(|w| !w.is_empty())
            .collect();
        for pair in words.windows(2) {
            let Ok(n) = pair[0].parse::<usize>() else {
                continue;
            };
            match pair[1] {
                "passed" => counts.passed = n,
                "skipped" => counts.skipped = n,
                _ => continue,
            }
            found = true;
        }
        found.then_some(counts)
    }
}

#[test]
fn pytest_summaries_are_read() {
    assert_eq!(
        PytestCounts::parse("21 passed in 4.02s"),
        Some(PytestCounts {
            passed: 21,
            skipped: 0
        })
    );
    assert_eq!(
        PytestCounts::parse("12 passed, 9 skipped in 3.21s"),
        Some(PytestCounts {
            passed: 12,
            skipped: 9
        })
    );
    assert_eq!(
        PytestCounts::parse("==== 3 passed, 1 skipped, 2 warnings in 1.00s ===="),
        Some(PytestCounts {
            passed: 3,
            skipped: 1
        })
    );
    assert_eq!(PytestCounts::parse("no tests ran in 0.01s"), None);
    assert_eq!(
        skipped_cases("SKIPPED [9] conftest.py:86: moto_server is not installed"),
        9
    );
    assert_eq!(
        skipped_cases("SKIPPED conftest.py:86: moto_server is not installed"),
        1
    );
}
