//! The `video-demo` binary, run as the README runs it: with no SWF in the environment it starts
//! `swf-local` in its own process, runs the pipeline once, and prints the outcome and the
//! timeline.

use std::process::Command;
use std::time::Duration;

use swf_testkit::run_with_deadline;

/// A guard against a hang, far above the seconds a run needs.
const DEADLINE: Duration = Duration::from_secs(60);

/// Runs `video-demo` with `args` to its end, on the swf-local it starts; returns stdout, after
/// checking it exited 0 with nothing on stderr.
fn demo(args: &[&str]) -> String {
    let mut command = Command::new(env!("CARGO_BIN_EXE_video-demo"));
    command.args(args).env_remove("RUST_LOG");
    // The variables that would send the demo to a configured SWF.
    for name in swf_local::Endpoint::ENVIRONMENT {
        command.env_remove(name);
    }
    let output = run_with_deadline(&mut command, DEADLINE);
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        output.status.success(),
        "exit {:?}\n{stdout}\n{stderr}",
        output.status
    );
    assert_eq!(stderr, "", "nothing on stderr");
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
