//! swf-local as a process of its own, for the campaign that SIGKILLs it (`campaign.rs`): this
//! test binary run again as [`chaos_service_process`], which starts the service exactly as the
//! `swf-local` binary does (its flags, `swf_local::cli::ServerArgs`, read from the `SWF_LOCAL_*`
//! variables the binary reads too; the same builder, endpoint line and signals), with `--db` on
//! a file that outlives each process.
//!
//! The examples crate cannot name the `swf-local` binary (`CARGO_BIN_EXE_*` exists only for the
//! tested package's own binaries), so it runs the binary's code instead of the file.

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{ExitStatus, Stdio};
use std::time::{Duration, Instant, SystemTime};

use clap::Parser;
use swf_local::cli::{ServerArgs, ShutdownSignal};
use swf_testkit::process::Signal;
use swf_testkit::{ChildProcess, Lines, child_test};

use crate::{DEADLINE, POLL_TIMEOUT};

/// The `swf-local` binary's variables the parent sets: its `--bind`, `--db` and
/// `--poll-timeout`.
const BIND_VAR: &str = "SWF_LOCAL_BIND";
const DB_VAR: &str = "SWF_LOCAL_DB";
const POLL_TIMEOUT_VAR: &str = "SWF_LOCAL_POLL_TIMEOUT";

/// The line the service prints once it serves, followed by its URL.
const LISTENING: &str = "swf-local listening on ";

/// The `swf-local` binary's arguments.
#[derive(Debug, Parser)]
struct Args {
    #[command(flatten)]
    server: ServerArgs,
}

/// The service, as the `swf-local` binary runs it, until SIGTERM (or SIGKILL).
#[test]
#[ignore = "the swf-local process of the chaos campaign that SIGKILLs the service, run by it"]
fn chaos_service_process() {
    if child_test::from_parent([BIND_VAR, DB_VAR, POLL_TIMEOUT_VAR]).is_none() {
        return;
    }
    examples::cli::init_logging("warn");
    // No flags: every one comes from its `SWF_LOCAL_*` variable, as the parent set them.
    let args = Args::parse_from(["swf-local"]);
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    runtime.block_on(async {
        let signal = ShutdownSignal::listen().expect("the signal handlers");
        let server = match args.server.builder().start().await {
            Ok(server) => server,
            Err(e) => {
                // On stdout, where the parent waits for the endpoint line.
                println!("swf-local: {e}");
                panic!("swf-local does not start: {e}");
            }
        };
        print!("{}", args.server.started_lines(&server));
        std::io::stdout().flush().expect("stdout");
        signal.received().await;
        server.shutdown().await;
    });
}

/// One SIGKILL of the service and its restart, in the service's wall-clock time.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Restart {
    /// Just before the SIGKILL: every event the killed process wrote is stamped at or before
    /// this millisecond, every event of the next process after it.
    pub(crate) killed_at_ms: i64,
    /// From the SIGKILL until the next process printed its endpoint line.
    pub(crate) down: Duration,
}

/// The service process, its database file and its endpoint, which stays the same across
/// restarts.
pub(crate) struct Service {
    db: PathBuf,
    bind: SocketAddr,
    process: ChildProcess,
    stdout: Lines,
    /// How many processes have been started, to name the next one.
    started: usize,
    pub(crate) restarts: Vec<Restart>,
}

impl Service {
    /// Starts the service on a free loopback port with its state in `db`.
    pub(crate) fn start(db: &Path) -> Service {
        let free: SocketAddr = "127.0.0.1:0".parse().expect("an address");
        let (process, stdout, bind) = spawn(free, db, 1);
        Service {
            db: db.to_owned(),
            bind,
            process,
            stdout,
            started: 1,
            restarts: Vec::new(),
        }
    }

    /// The service's URL, the same for every process.
    pub(crate) fn endpoint(&self) -> String {
        format!("http://{}", self.bind)
    }

    /// SIGKILLs the service, reaps it, and starts it again on the same address and file;
    /// returns once the new process serves.
    pub(crate) fn kill_and_restart(&mut self) {
        let killed_at_ms = millis(SystemTime::now());
        let killed = Instant::now();
        self.process.signal(Signal::Kill);
        if self.process.wait_until(DEADLINE).is_none() {
            panic!(
                "swf-local-{} outlived SIGKILL by {DEADLINE:?}",
                self.started
            );
        }
        self.started += 1;
        let (process, stdout, bind) = spawn(self.bind, &self.db, self.started);
        assert_eq!(bind, self.bind, "the restarted service's address");
        (self.process, self.stdout) = (process, stdout);
        self.restarts.push(Restart {
            killed_at_ms,
            down: killed.elapsed(),
        });
    }

    /// Stops the service with SIGTERM; its exit status.
    pub(crate) fn stop(mut self) -> ExitStatus {
        self.process.signal(Signal::Term);
        match self.process.wait_until(DEADLINE) {
            Some(status) => status,
            None => panic!(
                "swf-local-{} did not exit within {DEADLINE:?} of SIGTERM; it printed:\n{}",
                self.started,
                self.stdout.so_far().join("\n")
            ),
        }
    }
}

/// Runs the service process number `number` on `bind` with `db`, and waits for its endpoint
/// line; returns it, its stdout and the address it serves on.
fn spawn(bind: SocketAddr, db: &Path, number: usize) -> (ChildProcess, Lines, SocketAddr) {
    let name = format!("swf-local-{number}");
    let mut command = child_test!(chaos_service_process).isolated_command("warn");
    command
        .env(BIND_VAR, bind.to_string())
        .env(DB_VAR, db)
        .env(POLL_TIMEOUT_VAR, POLL_TIMEOUT.as_secs().to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut process = ChildProcess::spawn(&name, &mut command)
        .unwrap_or_else(|e| panic!("{name} does not start: {e}"));
    let mut stdout = Lines::read(format!("{name} stdout"), process.take_stdout());
    let line = stdout.wait_for(DEADLINE, |line| line.starts_with(LISTENING));
    let url = &line[LISTENING.len()..];
    let bound = url
        .trim_start_matches("http://")
        .parse()
        .unwrap_or_else(|e| panic!("{name}'s endpoint line {line:?}: {e}"));
    (process, stdout, bound)
}

/// Milliseconds since the Unix epoch, as the service stamps events.
pub(crate) fn millis(time: SystemTime) -> i64 {
    let since = time
        .duration_since(SystemTime::UNIX_EPOCH)
        .expect("after 1970");
    i64::try_from(since.as_millis()).expect("a time in range")
}
