//! The `video-demo` binary, run as the README runs it: with no SWF in the environment it starts
//! `swf-local` in its own process, runs the pipeline once, and prints the outcome and the
//! timeline.

mod common;

use common::binary::{example, succeeds};

/// Runs `video-demo` with `args` to its end, on the swf-local it starts; returns stdout, after
/// checking it exited 0 with nothing on stderr.
fn demo(args: &[&str]) -> String {
    let stdout = succeeds(example(env!("CARGO_BIN_EXE_video-demo")).args(args));
    assert!(
        stdout.starts_with("endpoint: swf-local in this process at http://127.0.0.1:"),
        "{stdout}"
    );
    stdout
}

#[test]
fn the_demo_publishes_a_video() {
    let stdout = demo(&["--transcode-ms", "10", "--publish-outages", "1"]);
    assert!(
        stdout.contains("\npublished: https://cdn.example.com/video-"),
        "{stdout}"
    );
    let timeline = stdout.split_once("\ntimeline:\n").expect("a timeline").1;
    assert!(
        timeline.contains("activity publish#2 (publish 1)"),
        "{timeline}"
    );
}

#[test]
fn the_demo_aborts_a_video() {
    // A minute of transcoding: only the abort ends the run within the deadline.
    let stdout = demo(&["--transcode-ms", "60000", "--abort-after-ms", "300"]);
    assert!(
        stdout.contains(
            "\nsent: abort\noutcome: failed: aborted: the operator aborted after 300 ms\n"
        ),
        "{stdout}"
    );
}
