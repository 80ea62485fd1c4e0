//! The `swf-local` binary: one line with the endpoint on start, `--poll-timeout` honored, a clean
//! exit on SIGTERM; and the library's shutdown releases parked polls at once.
//!
//! [`LocalBinary`] runs the built binary for every test of this suite that needs a process to
//! signal or kill.

use crate::common::*;
use std::io::{BufRead, BufReader};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use swf_core::types::*;
use swf_testkit::process::Signal;
use swf_testkit::{ChildProcess, Lines};

/// The first line the binary prints, before its endpoint.
const LISTENING: &str = "swf-local listening on ";

/// The number of SIGKILL, as an exit status reports it.
const SIGKILL: i32 = 9;

/// How long the binary may take to print its endpoint, or to exit when told to. Generous: only a
/// guard against a hang.
pub(crate) const PROCESS_DEADLINE: Duration = Duration::from_secs(30);

/// The built `swf-local` binary, running on an ephemeral loopback port with 1 s polls. It is a
/// [`ChildProcess`], so it is killed when the test that started it ends or fails.
pub(crate) struct LocalBinary {
    pub(crate) process: ChildProcess,
    /// The endpoint the binary printed.
    pub(crate) url: String,
}

impl LocalBinary {
    /// Starts the binary, keeping its state in `db` if given, and waits for its endpoint line.
    pub(crate) fn start(db: Option<&Path>) -> LocalBinary {
        LocalBinary::start_with(db, &[])
    }

    /// [`LocalBinary::start`] with more flags.
    pub(crate) fn start_with(db: Option<&Path>, flags: &[&str]) -> LocalBinary {
        LocalBinary::spawn(LocalBinary::command(db, flags).stderr(Stdio::inherit()))
    }

    /// [`LocalBinary::start`], with its stderr read into [`Lines`] rather than the test's.
    pub(crate) fn start_reading_stderr(db: Option<&Path>) -> (LocalBinary, Lines) {
        let mut binary = LocalBinary::spawn(LocalBinary::command(db, &[]).stderr(Stdio::piped()));
        let stderr = Lines::read("swf-local stderr", binary.process.take_stderr());
        (binary, stderr)
    }

    /// The binary's command line: loopback, ephemeral port, 1 s polls, `db` if given, `flags`.
    pub(crate) fn command(db: Option<&Path>, flags: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_swf-local"));
        command
            .args(["--bind", "127.0.0.1:0", "--poll-timeout", "1"])
            .args(flags)
            .stdout(Stdio::piped());
        if let Some(db) = db {
            command.arg("--db").arg(db);
        }
        command
    }

    /// Spawns `command` and waits for its endpoint line.
    fn spawn(command: &mut Command) -> LocalBinary {
        let mut process = ChildProcess::spawn("swf-local", command).expect("binary starts");
        // Read on a thread, so a binary that never prints fails the test instead of hanging it;
        // the thread keeps draining the pipe until the process exits.
        let mut lines = BufReader::new(process.take_stdout()).lines();
        let (first, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = first.send(lines.next());
            lines.for_each(drop);
        });
        let line = match rx.recv_timeout(PROCESS_DEADLINE) {
            Ok(Some(Ok(line))) => line,
            other => panic!("swf-local printed no endpoint within {PROCESS_DEADLINE:?}: {other:?}"),
        };
        let url = line
            .strip_prefix(LISTENING)
            .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
            .to_owned();
        assert!(url.starts_with("http://127.0.0.1:"), "{line}");
        LocalBinary { process, url }
    }

    /// Kills the process with SIGKILL (no chance to flush or clean up) and reaps it.
    pub(crate) fn kill(mut self) {
        self.process.signal(Signal::Kill);
        let status = self.process.wait_with_deadline(PROCESS_DEADLINE);
        assert_eq!(
            status.signal(),
            Some(SIGKILL),
            "killed, not exited: {status}"
        );
    }
}

/// Longer than any answer these tests wait for, and well short of SWF's 60 s poll timeout, so a
/// poll that outlives it was not cut short by `--poll-timeout 1` or by a shutdown.
const SHORT_OF_A_DEFAULT_POLL: Duration = Duration::from_secs(30);

#[tokio::test]
async fn binary_prints_its_endpoint_and_stops_on_sigterm() {
    let mut binary = LocalBinary::start(None);
    let client = client_for(&binary.url).await;
    register_domain(&client, "d").await;

    // An empty poll waits out `--poll-timeout 1`, not the default 60 s: it parks for at least
    // the one second (a poll never ends before its timeout) and answers empty long before 60 s.
    let t0 = Instant::now();
    let task = tokio::time::timeout(
        SHORT_OF_A_DEFAULT_POLL,
        client.poll_for_activity_task(PollForActivityTaskInput {
            domain: "d".into(),
            task_list: TaskList {
                name: "empty".into(),
            },
            identity: None,
        }),
    )
    .await
    .expect("--poll-timeout 1 was not honored")
    .unwrap();
    assert!(task.task_token.is_empty());
    assert!(
        t0.elapsed() >= Duration::from_secs(1),
        "the poll answered before its timeout: {:?}",
        t0.elapsed()
    );

    binary.process.signal(Signal::Term);
    let status = binary.process.wait_with_deadline(PROCESS_DEADLINE);
    assert!(status.success(), "SIGTERM ends it cleanly, but: {status}");
}

#[tokio::test]
async fn shutdown_releases_parked_polls() {
    let env = env_with(Duration::from_secs(60)).await;
    let client = env.client.clone();
    let poll = tokio::spawn(async move {
        client
            .poll_for_decision_task(PollForDecisionTaskInput {
                domain: "d".into(),
                task_list: TaskList {
                    name: DECISIONS.into(),
                },
                ..Default::default()
            })
            .await
    });
    // Parked, so the shutdown has a waiting poll to release (not one yet to arrive).
    tokio::time::timeout(SHORT_OF_A_DEFAULT_POLL, env.server.wait_for_parked_polls(1))
        .await
        .expect("the poll parks");
    // The poll waits up to 60 s; an answer well before that is the shutdown's doing.
    tokio::time::timeout(SHORT_OF_A_DEFAULT_POLL, env.server.shutdown())
        .await
        .expect("shutdown finishes");
    let answer = tokio::time::timeout(SHORT_OF_A_DEFAULT_POLL, poll)
        .await
        .expect("the parked poll is released by the shutdown")
        .unwrap()
        .unwrap();
    assert!(answer.task_token.is_empty());
}
