//! The example binaries run as a user runs them, to their end.

use std::process::{Command, ExitStatus};
use std::time::Duration;

use swf_testkit::run_with_deadline;

/// How long one run of a binary may take before it is killed and the test fails: a guard against
/// a hang, far above the seconds a run needs.
pub const DEADLINE: Duration = Duration::from_secs(60);

/// A command for `program` (a path from `env!("CARGO_BIN_EXE_...")`) without the variables that
/// would send it to a configured SWF, nor `RUST_LOG`.
pub fn example(program: &str) -> Command {
    let mut command = Command::new(program);
    for name in swf_local::Endpoint::ENVIRONMENT {
        command.env_remove(name);
    }
    command.env_remove("RUST_LOG");
    command
}

/// `example(program)` sent to the service at `endpoint_url`, with a region and credentials.
pub fn example_on(program: &str, endpoint_url: &str) -> Command {
    let mut command = example(program);
    command
        .env("AWS_ENDPOINT_URL_SWF", endpoint_url)
        .env("AWS_REGION", "us-east-1")
        .env("AWS_ACCESS_KEY_ID", "local")
        .env("AWS_SECRET_ACCESS_KEY", "local");
    command
}

/// How a run of a binary ended, and what it printed.
#[derive(Debug)]
pub struct Ran {
    /// Its exit status.
    pub status: ExitStatus,
    /// What it printed on stdout.
    pub stdout: String,
    /// What it printed on stderr.
    pub stderr: String,
}

/// Runs `command` to its end, within [`DEADLINE`].
pub fn run(command: &mut Command) -> Ran {
    let output = run_with_deadline(command, DEADLINE);
    Ran {
        status: output.status,
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// Runs `command` to its end; returns its stdout, after checking it exited 0 with nothing on
/// stderr.
pub fn succeeds(command: &mut Command) -> String {
    let ran = run(command);
    assert!(ran.status.success(), "{ran:?}");
    assert_eq!(ran.stderr, "", "nothing on stderr");
    ran.stdout
}
