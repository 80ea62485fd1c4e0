//! `swf local`: the swf-local service started from the `swf` binary, with its flags.

#![cfg(feature = "local")]

mod common;

use std::process::{Command, Stdio};

use common::{SWF_DEADLINE, output, swf_binary};
use swf_local::cli::STOPPED_CLEANLY;
use swf_testkit::process::{Signal, run_with_deadline};
use swf_testkit::{ChildProcess, Lines};

/// A `swf local` process (killed if the test fails), the endpoint it printed and its stderr.
struct LocalProcess {
    process: ChildProcess,
    endpoint: String,
    stderr: Lines,
}

/// `swf local` on an ephemeral loopback port with 1 s polls, and `extra` flags.
fn local_command(extra: &[&str]) -> Command {
    let mut command = swf_binary();
    command
        .args(
            [
                &["local", "--bind", "127.0.0.1:0", "--poll-timeout", "1"],
                extra,
            ]
            .concat(),
        )
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

impl LocalProcess {
    fn start(extra: &[&str]) -> LocalProcess {
        let mut process =
            ChildProcess::spawn("swf local", &mut local_command(extra)).expect("swf local starts");
        let stderr = Lines::read("swf local stderr", process.take_stderr());
        // The first line names the endpoint once the port is bound; no need to retry connecting.
        let mut stdout = Lines::read("swf local stdout", process.take_stdout());
        let line = stdout.wait_for(SWF_DEADLINE, |_| true);
        let endpoint = line
            .trim()
            .strip_prefix("swf-local listening on ")
            .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
            .to_string();
        LocalProcess {
            process,
            endpoint,
            stderr,
        }
    }

    fn swf(&self, args: &[&str]) -> String {
        let out = output(
            swf_binary()
                .arg("--endpoint-url")
                .arg(&self.endpoint)
                .args(args)
                .env_remove("AWS_PROFILE")
                .env_remove("AWS_ACCESS_KEY_ID"),
        );
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    }

    /// Stops the service with SIGTERM, as a process manager would, and checks it exits cleanly.
    /// Also checks that it reported the completed shutdown on stderr.
    fn stop(mut self) {
        self.process.signal(Signal::Term);
        let exit = self.process.wait_with_deadline(SWF_DEADLINE);
        let stderr = self.stderr.read_to_end(SWF_DEADLINE);
        assert!(exit.success(), "swf local exited with {exit}: {stderr:?}");
        let stopped = format!("{STOPPED_CLEANLY}SIGTERM");
        assert!(stderr.contains(&stopped), "{stderr:?}");
    }
}

#[test]
fn serves_until_sigterm() {
    let service = LocalProcess::start(&[]);
    assert!(
        service.endpoint.starts_with("http://127.0.0.1:"),
        "{}",
        service.endpoint
    );
    service.swf(&["domain", "register", "shop"]);
    assert!(
        service
            .swf(&["domain", "list"])
            .contains("shop  REGISTERED")
    );
    service.stop();
}

#[test]
fn keeps_state_in_the_database() {
    let db = std::env::temp_dir().join(format!("swf-cli-local-{}.sqlite", std::process::id()));
    let _ = std::fs::remove_file(&db);
    let service = LocalProcess::start(&["--db", db.to_str().unwrap()]);
    service.swf(&["domain", "register", "kept"]);
    service.stop();
    let service = LocalProcess::start(&["--db", db.to_str().unwrap()]);
    assert!(
        service
            .swf(&["domain", "list"])
            .contains("kept  REGISTERED")
    );
    service.stop();
    let _ = std::fs::remove_file(&db);
}

/// SIGTERM the moment the endpoint line appears stops it cleanly, every time of 20: the signal
/// handler is in place before the line is printed.
#[test]
fn stops_cleanly_on_sigterm_right_after_the_endpoint_line() {
    for _ in 0..20 {
        LocalProcess::start(&[]).stop();
    }
}

/// A second `swf local` on a database another one serves refuses to start, naming the file and
/// the holder's pid, rather than serve and lose the first one's writes.
#[test]
fn refuses_a_database_another_process_serves() {
    let db = std::env::temp_dir().join(format!(
        "swf-cli-local-locked-{}.sqlite",
        std::process::id()
    ));
    let db_arg = db.to_str().unwrap();
    let first = LocalProcess::start(&["--db", db_arg]);
    let second = run_with_deadline(&mut local_command(&["--db", db_arg]), SWF_DEADLINE);
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(!second.status.success(), "the second served: {stderr}");
    assert!(stderr.contains(db_arg), "{stderr}");
    assert!(
        stderr.contains(&format!("pid {}", first.process.id())),
        "{stderr}"
    );
    first.stop();
    for suffix in ["", "-wal", "-shm", ".lock"] {
        let _ = std::fs::remove_file(format!("{db_arg}{suffix}"));
    }
}
