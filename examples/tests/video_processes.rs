//! The video pipeline as separate processes, as the README runs it: `video-worker` and
//! `video-decider` with `--register` and nothing else (their domain and task lists are their
//! defaults), and `video-starter start --wait`; then SIGTERM stops the worker and the decider,
//! each with status 0.

mod common;

use std::process::Stdio;
use std::time::Duration;

use common::binary::{self, DEADLINE, example_on};
use swf_testkit::ChildProcess;
use swf_testkit::local::LocalService;
use swf_testkit::process::Signal;

/// Starts `program` with `--register` against `service`, its output discarded.
fn spawn(service: &LocalService, name: &str, program: &str) -> ChildProcess {
    let mut command = example_on(program, &service.endpoint);
    command
        .arg("--register")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    ChildProcess::spawn(name, &mut command).expect("the binary starts")
}

#[test]
fn the_worker_decider_and_starter_binaries_run_a_pipeline_then_stop_on_sigterm() {
    // Short empty polls: a binary that stops waits for the polls it has in flight.
    let service = LocalService::start(Duration::from_secs(1));
    let processes = [
        ("video-worker", env!("CARGO_BIN_EXE_video-worker")),
        ("video-decider", env!("CARGO_BIN_EXE_video-decider")),
    ]
    .map(|(name, program)| (name, spawn(&service, name, program)));
    // Two pollers each: once four polls are parked, both have registered what they serve, in
    // their default domain, and poll their default task lists.
    assert!(
        service.wait_for_parked_polls(4, DEADLINE),
        "the worker and the decider did not both poll within {DEADLINE:?}"
    );

    let starter = env!("CARGO_BIN_EXE_video-starter");
    let mut command = example_on(starter, &service.endpoint);
    let args = [
        "start",
        "v-1",
        "--wait",
        "--transcode-ms",
        "10",
        "--publish-outages",
        "0",
    ];
    let ran = binary::run(command.args(args));
    assert_eq!(ran.status.code(), Some(0), "{ran:?}");
    assert!(
        ran.stdout.contains("\nv-1 completed: {")
            && ran.stdout.contains("https://cdn.example.com/v-1/720p.mp4"),
        "{ran:?}"
    );

    for (name, mut process) in processes {
        process.signal(Signal::Term);
        let status = process.wait_with_deadline(DEADLINE);
        assert!(status.success(), "{name} exited with {status:?}");
    }
}
