//! What a command that runs the service needs: its flags, and the signals that stop it.
//!
//! Behind the `cli` feature (on by default), so that programs embedding the service in-process
//! do not build `clap`. The `swf-local` binary and `swf local` both run the service with these
//! flags and stop it on these signals, so the two commands cannot drift apart.

mod clock;
mod connections;
mod limits;

pub use clock::{ClockArgs, ClockMode};
pub use connections::ConnectionArgs;
pub use limits::LimitArgs;

use crate::error::StartError;
use crate::server::Builder;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// The flags that configure the service: where it listens, where it keeps its state and how
/// long polls wait. Flatten it into a command's own arguments with `#[command(flatten)]`.
#[derive(Debug, Clone, clap::Args)]
pub struct ServerArgs {
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1:8720", env = "SWF_LOCAL_BIND")]
    pub bind: SocketAddr,
    /// Keep state in this SQLite file [default: in memory only].
    #[arg(long, value_name = "PATH", env = "SWF_LOCAL_DB")]
    pub db: Option<PathBuf>,
    /// How long polls wait for a task, in seconds (SWF: 60).
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 60,
        env = "SWF_LOCAL_POLL_TIMEOUT"
    )]
    pub poll_timeout: u64,
    /// Serve the web console at /console on the same address: domains, executions, their
    /// timelines, pending activities and child executions, read-only [default: off].
    #[arg(long, env = "SWF_LOCAL_CONSOLE")]
    pub console: bool,
    /// Check every call: its SigV4 signature by a key this JSON file lists, and that key's IAM
    /// policy (see the README) [default: none, any credentials and none work].
    #[arg(long, value_name = "PATH", env = "SWF_LOCAL_AUTH_FILE")]
    pub auth_file: Option<PathBuf>,
    /// The region the service stands for: in the ARNs it forms and, with --auth-file, the one
    /// signatures must be scoped to.
    #[arg(long, default_value = crate::engine::DEFAULT_REGION, env = "SWF_LOCAL_REGION")]
    pub region: String,
    /// SWF's throttles and injected faults.
    #[command(flatten)]
    pub limits: LimitArgs,
    /// Read timeouts and the connection bound.
    #[command(flatten)]
    pub connections: ConnectionArgs,
    /// The wall clock, or a virtual clock for tests.
    #[command(flatten)]
    pub clock: ClockArgs,
}

impl ServerArgs {
    /// What a command prints once the service is up: `swf-local listening on <URL>`, the line
    /// scripts wait for, then `console at <URL>/console` when `--console` is on. The
    /// `swf-local` binary and `swf local` both print exactly this.
    pub fn started_lines(&self, server: &crate::Server) -> String {
        let endpoint = server.endpoint_url();
        let mut lines = format!("swf-local listening on {endpoint}\n");
        if self.console {
            lines.push_str(&format!("console at {endpoint}{}\n", crate::console::PATH));
        }
        lines
    }

    /// A [`Builder`] configured by these flags, ready to [`start`](Builder::start).
    pub fn builder(&self) -> Builder {
        let mut builder = crate::Server::builder();
        builder
            .bind(self.bind)
            .poll_timeout(Duration::from_secs(self.poll_timeout))
            .console(self.console)
            .region(&self.region);
        if let Some(db) = &self.db {
            builder.database(db);
        }
        if let Some(path) = &self.auth_file {
            builder.auth_file(path);
        }
        self.limits.configure(&mut builder);
        self.connections.configure(&mut builder);
        self.clock.configure(&mut builder);
        builder
    }
}

/// The signals that stop the service: SIGINT (Ctrl-C) and, on Unix, SIGTERM.
///
/// Listen before announcing the endpoint: a process manager that sends SIGTERM as soon as it
/// sees the endpoint line then stops the service cleanly instead of killing it.
#[derive(Debug)]
pub struct ShutdownSignal {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl ShutdownSignal {
    /// Starts listening for the signals. Must be called within a Tokio runtime.
    ///
    /// Fails when the operating system refuses a handler, rather than running on with a signal
    /// that would end the service without a clean shutdown.
    pub fn listen() -> Result<ShutdownSignal, StartError> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(ShutdownSignal {
                interrupt: signal(SignalKind::interrupt()).map_err(StartError::Signal)?,
                terminate: signal(SignalKind::terminate()).map_err(StartError::Signal)?,
            })
        }
        #[cfg(not(unix))]
        {
            Ok(ShutdownSignal {})
        }
    }

    /// Waits for SIGINT or SIGTERM, and says which came.
    #[cfg(unix)]
    pub async fn received(mut self) -> Stopped {
        tokio::select! {
            _ = self.interrupt.recv() => Stopped("SIGINT"),
            _ = self.terminate.recv() => Stopped("SIGTERM"),
        }
    }

    /// Waits for Ctrl-C.
    #[cfg(not(unix))]
    pub async fn received(self) -> Stopped {
        // Ctrl-C's handler is installed on the first poll, so a failure can only be reported
        // here; waiting on would never end, so it ends the wait as Ctrl-C would.
        let _ = tokio::signal::ctrl_c().await;
        Stopped("Ctrl-C")
    }
}

/// How the line [`Stopped::report`] writes begins; the signal's name follows.
pub const STOPPED_CLEANLY: &str = "swf-local stopped cleanly on ";

/// The signal that stopped the service, as [`ShutdownSignal::received`] reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stopped(&'static str);

impl Stopped {
    /// The signal's name: `SIGINT`, `SIGTERM` (or `Ctrl-C` off Unix).
    pub fn signal(&self) -> &'static str {
        self.0
    }

    /// Reports on stderr a shutdown that completed, after [`crate::Server::shutdown`]: the
    /// line a process manager or a test reads to tell a clean stop from a killed process. The
    /// `swf-local` binary and `swf local` both report it. A closed stderr is ignored: the
    /// service has stopped cleanly either way.
    pub fn report(&self) {
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "{STOPPED_CLEANLY}{}", self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    /// A command with only the service's flags.
    #[derive(clap::Parser)]
    struct Command {
        #[command(flatten)]
        server: ServerArgs,
    }

    #[tokio::test]
    async fn the_region_flag_reaches_the_service() {
        let default = Command::try_parse_from(["swf-local"]).unwrap();
        assert_eq!(default.server.region, "us-east-1");
        let args = [
            "swf-local",
            "--bind",
            "127.0.0.1:0",
            "--region",
            "Not A Region",
        ];
        let parsed = Command::try_parse_from(args).unwrap();
        let err = parsed.server.builder().start().await.unwrap_err();
        assert!(err.to_string().contains("`Not A Region`"), "{err}");
    }
}
