//! Starts `moto_server` on a free loopback port for one test, and stops it when dropped.
//!
//! moto is an SWF implementation no one here wrote, so running the worker against it checks
//! that the worker does not lean on anything swf-local does differently. Where `moto_server` is
//! not installed the test prints that it skipped, unless `SWF_TEST_REQUIRE_MOTO` is set (as
//! `.ci/run` does), in which case its absence is a failure.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// How long moto may take to start (Python imports are slow on a cold machine).
const START_TIMEOUT: Duration = Duration::from_secs(60);

pub struct Moto {
    child: Child,
    pub endpoint: String,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Moto {
    /// Starts moto, or returns `None` (after saying so) when it is not installed and not required.
    pub fn start(test: &str) -> Option<Moto> {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let spawned = Command::new("moto_server")
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn();
        let mut child = match spawned {
            Ok(child) => child,
            Err(e) => {
                if std::env::var_os("SWF_TEST_REQUIRE_MOTO").is_some() {
                    panic!(
                        "moto_server is required (SWF_TEST_REQUIRE_MOTO is set) but did not start: {e}"
                    );
                }
                eprintln!(
                    "SKIPPED {test}: moto_server is not installed (pip install 'moto[server]'): {e}"
                );
                return None;
            }
        };
        // Werkzeug announces the address on stderr once it listens: wait for that line.
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut announced = false;
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if !announced && line.contains("Running on") {
                    announced = true;
                    let _ = tx.send(());
                }
            }
        });
        if rx.recv_timeout(START_TIMEOUT).is_err() {
            let _ = child.kill();
            panic!("moto_server did not announce that it was listening within {START_TIMEOUT:?}");
        }
        Some(Moto {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
        })
    }
}
