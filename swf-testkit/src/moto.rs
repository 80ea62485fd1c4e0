//! `moto_server` on a free loopback port for one test, stopped when dropped.
//!
//! moto is an SWF implementation no one here wrote: tests compare the client's wire format and
//! swf-local's answers with it, so a mistake on our side has something that can disagree with it.
//! Where `moto_server` is not installed, [`Moto::start`] skips by [`Requirement::MOTO`]'s rule:
//! counted and shown, or a failure when `SWF_TEST_REQUIRE_MOTO` is set.

use crate::process::ChildProcess;
use crate::skip::Requirement;
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// How long moto may take to start (Python imports are slow on a cold machine).
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// A running `moto_server`.
#[derive(Debug)]
pub struct Moto {
    // Held for its drop, which kills the server.
    _process: ChildProcess,
    /// `http://127.0.0.1:<port>`.
    pub endpoint: String,
}

impl Moto {
    /// Starts moto for `test`, or returns `None` after a counted, visible skip when it is not
    /// installed and not required.
    ///
    /// # Panics
    /// When moto is required but missing, or starts but does not listen within a minute.
    pub fn start(test: &str) -> Option<Moto> {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free loopback port")
            .port();
        let spawned = ChildProcess::spawn(
            "moto_server",
            Command::new("moto_server")
                .args(["-H", "127.0.0.1", "-p", &port.to_string()])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::piped()),
        );
        let mut process = match spawned {
            Ok(process) => process,
            Err(e) => {
                Requirement::MOTO.skip(test, &format!("moto_server did not start: {e}"));
                return None;
            }
        };
        // Werkzeug announces the address on stderr once it listens: wait for that line, not a guess.
        let stderr = process.take_stderr();
        let (announced, listening) = mpsc::channel();
        std::thread::spawn(move || {
            let mut sent = false;
            // Keep reading to the end, so moto never blocks on a full pipe.
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if !sent && line.contains("Running on") {
                    sent = true;
                    let _ = announced.send(());
                }
            }
        });
        if listening.recv_timeout(START_TIMEOUT).is_err() {
            panic!("moto_server did not announce that it was listening within {START_TIMEOUT:?}");
        }
        Some(Moto {
            _process: process,
            endpoint: format!("http://127.0.0.1:{port}"),
        })
    }
}
