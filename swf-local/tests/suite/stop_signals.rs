//! The binary stops cleanly on SIGTERM and SIGINT sent the moment it announces its endpoint: it
//! listens for them before printing the line a process manager waits for, so no signal finds
//! the default handler, which would end it without a clean shutdown.

use crate::binary_cli::{LocalBinary, PROCESS_DEADLINE};
use swf_testkit::process::Signal;

fn stops_cleanly_on(signal: Signal) {
    let mut binary = LocalBinary::start(None);
    binary.process.signal(signal);
    let status = binary.process.wait_with_deadline(PROCESS_DEADLINE);
    assert!(
        status.success(),
        "{signal:?} right after the endpoint line ends it cleanly, but: {status}"
    );
}

#[test]
fn sigterm_right_after_the_endpoint_line_stops_it_cleanly() {
    stops_cleanly_on(Signal::Term);
}

#[test]
fn sigint_right_after_the_endpoint_line_stops_it_cleanly() {
    stops_cleanly_on(Signal::Int);
}
