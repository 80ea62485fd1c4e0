//! swf-local in a process of its own, for a workload whose figures must be the bench process's
//! alone (its resident memory, above all).
//!
//! The child is the bench's own binary run as `swf-bench serve-local` ([`SERVE`]), which serves
//! swf-local as the `swf-local` binary does: `swf_local::Server`, its endpoint announced on one
//! line of standard output, stopped by SIGTERM or SIGINT. The bench's own binary rather than
//! `swf-local`'s: Cargo builds a package's binaries for its own tests and `cargo run` only, so
//! `swf-local` may not be there, while the program running the bench always is (the test suite
//! names it by `CARGO_BIN_EXE_swf-bench`). The child also stops when its standard input closes,
//! so it cannot outlive a bench that was killed.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use swf_local::cli::ShutdownSignal;
use swf_testkit::ChildProcess;
use swf_testkit::process::Signal;

use crate::Error;

/// The command of the bench's binary that serves swf-local; not a workload.
pub const SERVE: &str = "serve-local";
/// The line the child prints before its endpoint, as the `swf-local` binary prints it.
const LISTENING: &str = "swf-local listening on ";
/// How long polls of an empty task list wait, as in [`crate::rig::Rig`]: workers stop promptly.
const POLL_TIMEOUT: Duration = Duration::from_secs(1);
/// How long the child may take to announce its endpoint, or to stop when told to. Only a guard
/// against a hang.
const PROCESS_DEADLINE: Duration = Duration::from_secs(30);

/// swf-local in a child process, stopped (SIGTERM, then SIGKILL) when dropped.
#[derive(Debug)]
pub struct LocalProcess {
    process: ChildProcess,
    endpoint: String,
}

impl LocalProcess {
    /// Runs `program` (the bench's binary) as [`SERVE`] and waits for its endpoint.
    pub fn start(program: &Path) -> Result<LocalProcess, Error> {
        let mut command = Command::new(program);
        command
            .arg(SERVE)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        let mut process = ChildProcess::spawn("swf-local", &mut command)
            .map_err(|e| format!("starting `{} {SERVE}`: {e}", program.display()))?;
        // Read on a thread, so a child that never prints fails the workload instead of hanging
        // it; the thread then drains the pipe until the child exits.
        let mut lines = BufReader::new(process.take_stdout()).lines();
        let (first, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = first.send(lines.next());
            lines.for_each(drop);
        });
        let line = match rx.recv_timeout(PROCESS_DEADLINE) {
            Ok(Some(Ok(line))) => line,
            other => {
                return Err(format!(
                    "`{} {SERVE}` printed no endpoint within {PROCESS_DEADLINE:?}: {other:?}",
                    program.display()
                )
                .into());
            }
        };
        let endpoint = line
            .strip_prefix(LISTENING)
            .ok_or_else(|| format!("`{SERVE}` printed {line:?}, not its endpoint"))?
            .to_owned();
        Ok(LocalProcess { process, endpoint })
    }

    /// `http://127.0.0.1:<port>` of the child.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }
}

impl Drop for LocalProcess {
    fn drop(&mut self) {
        if self.process.try_status().is_none() {
            self.process.signal(Signal::Term);
            // Still running after the deadline: `ChildProcess`'s own drop kills it.
            let _ = self.process.wait_until(PROCESS_DEADLINE);
        }
    }
}

/// The child's side: serves swf-local on a free loopback port until SIGTERM, SIGINT or the end of
/// standard input.
pub fn serve() -> Result<(), Error> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        // Listening before announcing: a parent that signals as soon as it has the endpoint
        // stops the server cleanly.
        let signal = ShutdownSignal::listen()?;
        let server = swf_local::Server::builder()
            .poll_timeout(POLL_TIMEOUT)
            .start()
            .await?;
        // Standard output is line-buffered: the parent gets the line at once.
        println!("{LISTENING}{}", server.endpoint_url());
        let (closed, stdin_closed) = tokio::sync::oneshot::channel();
        // A plain thread, not `spawn_blocking`: the runtime would wait for it when dropped.
        std::thread::spawn(move || {
            let _ = std::io::copy(&mut std::io::stdin(), &mut std::io::sink());
            let _ = closed.send(());
        });
        tokio::select! {
            _ = signal.received() => {}
            _ = stdin_closed => {}
        }
        server.shutdown().await;
        Ok(())
    })
}
