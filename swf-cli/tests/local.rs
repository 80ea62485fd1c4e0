//! `swf local`: the swf-local service started from the `swf` binary, with its flags.

#![cfg(feature = "local")]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// A `swf local` process and the endpoint it printed.
struct Service {
    child: Child,
    endpoint: String,
}

impl Service {
    fn start(extra: &[&str]) -> Service {
        let mut child = Command::new(env!("CARGO_BIN_EXE_swf"))
            .args(
                [
                    &["local", "--bind", "127.0.0.1:0", "--poll-timeout", "1"],
                    extra,
                ]
                .concat(),
            )
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // The first line names the endpoint once the port is bound; no need to retry connecting.
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let endpoint = line
            .trim()
            .strip_prefix("swf-local listening on ")
            .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
            .to_string();
        Service { child, endpoint }
    }

    fn swf(&self, args: &[&str]) -> String {
        let out = Command::new(env!("CARGO_BIN_EXE_swf"))
            .arg("--endpoint-url")
            .arg(&self.endpoint)
            .args(args)
            .env_remove("AWS_PROFILE")
            .env_remove("AWS_ACCESS_KEY_ID")
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    }

    /// Stops the service with SIGTERM, as a process manager would, and checks it exits cleanly.
    fn stop(mut self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let exit = self.child.wait().unwrap();
        assert!(exit.success(), "swf local exited with {exit}");
    }
}

#[test]
fn serves_until_sigterm() {
    let service = Service::start(&[]);
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
    let service = Service::start(&["--db", db.to_str().unwrap()]);
    service.swf(&["domain", "register", "kept"]);
    service.stop();
    let service = Service::start(&["--db", db.to_str().unwrap()]);
    assert!(
        service
            .swf(&["domain", "list"])
            .contains("kept  REGISTERED")
    );
    service.stop();
    let _ = std::fs::remove_file(&db);
}
