//! `swf local`: the swf-local service started from the `swf` binary, with its flags.

#![cfg(feature = "local")]

mod common;

use std::process::Stdio;

use common::{SWF_DEADLINE, output, swf_binary};
use swf_testkit::process::Signal;
use swf_testkit::{ChildProcess, Lines};

/// A `swf local` process (killed if the test fails) and the endpoint it printed.
struct LocalProcess {
    process: ChildProcess,
    endpoint: String,
}

impl LocalProcess {
    fn start(extra: &[&str]) -> LocalProcess {
        let mut process = ChildProcess::spawn(
            "swf local",
            swf_binary()
                .args(
                    [
                        &["local", "--bind", "127.0.0.1:0", "--poll-timeout", "1"],
                        extra,
                    ]
                    .concat(),
                )
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::null()),
        )
        .expect("swf local starts");
        // The first line names the endpoint once the port is bound; no need to retry connecting.
        let mut stdout = Lines::read("swf local stdout", process.take_stdout());
        let line = stdout.wait_for(SWF_DEADLINE, |_| true);
        let endpoint = line
            .trim()
            .strip_prefix("swf-local listening on ")
            .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
            .to_string();
        LocalProcess { process, endpoint }
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
    fn stop(mut self) {
        self.process.signal(Signal::Term);
        let exit = self.process.wait_with_deadline(SWF_DEADLINE);
        assert!(exit.success(), "swf local exited with {exit}");
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
