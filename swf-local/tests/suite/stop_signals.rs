//! The binary stops cleanly on SIGTERM and SIGINT sent the moment it announces its endpoint: it
//! listens for them before printing the line a process manager waits for, so no signal finds
//! the default handler, which would end it without a clean shutdown.
//!
//! A race shows only sometimes, so each signal is sent 20 times, each to a fresh process right
//! after its endpoint line, and all 20 must stop cleanly: exit status 0 and the stop reported
//! on stderr once the shutdown has completed.

use crate::binary_cli::{LocalBinary, PROCESS_DEADLINE};
use swf_local::cli::STOPPED_CLEANLY;
use swf_testkit::process::Signal;

/// How many fresh processes each signal is sent to.
const TRIES: usize = 20;

fn stops_cleanly_every_time_on(signal: Signal, name: &str) {
    let expected = format!("{STOPPED_CLEANLY}{name}");
    let mut unclean = Vec::new();
    for _ in 0..TRIES {
        let (mut binary, mut stderr) = LocalBinary::start_reading_stderr(None);
        binary.process.signal(signal);
        let status = binary.process.wait_with_deadline(PROCESS_DEADLINE);
        let lines = stderr.read_to_end(PROCESS_DEADLINE);
        if !status.success() || !lines.contains(&expected) {
            unclean.push(format!("{status}, stderr {lines:?}"));
        }
    }
    assert!(
        unclean.is_empty(),
        "{name} right after the endpoint line stops it cleanly every time, but {} of {TRIES} \
         did not: {unclean:#?}",
        unclean.len()
    );
}

#[test]
fn sigterm_right_after_the_endpoint_line_stops_it_cleanly() {
    stops_cleanly_every_time_on(Signal::Term, "SIGTERM");
}

#[test]
fn sigint_right_after_the_endpoint_line_stops_it_cleanly() {
    stops_cleanly_every_time_on(Signal::Int, "SIGINT");
}
