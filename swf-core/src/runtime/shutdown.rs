//! Turning SIGINT and SIGTERM into a shutdown token.
//!
//! Orchestrators stop a process with SIGTERM and then, after their own grace period, SIGKILL;
//! a person stops it with Ctrl-C. Either starts the graceful shutdown of a worker or decider. A second signal
//! means "now": the process exits at once, since a person pressing Ctrl-C again does not want to
//! wait out the grace period.

use tokio_util::sync::CancellationToken;

/// A token cancelled on the process's first SIGINT or SIGTERM (Ctrl-C on Windows); the second
/// signal exits the process with status 130.
///
/// Must be called from within a tokio runtime: it spawns the task that waits for the signals.
///
/// ```no_run
/// # async fn example() {
/// let shutdown = swf_core::runtime::shutdown_on_signals();
/// // Hand `shutdown` to a worker's or a decider's `run`; here, just wait for the signal.
/// shutdown.cancelled().await;
/// # }
/// ```
pub fn shutdown_on_signals() -> CancellationToken {
    let token = CancellationToken::new();
    let cancel = token.clone();
    let mut signals = Signals::new();
    tokio::spawn(async move {
        signals.next().await;
        tracing::info!(
            "shutdown signal received: finishing running tasks (signal again to exit now)"
        );
        cancel.cancel();
        signals.next().await;
        tracing::warn!("second shutdown signal: exiting now");
        std::process::exit(130);
    });
    token
}

/// The process's shutdown signals, listened to from creation on, so that none is missed between
/// two waits.
#[cfg(unix)]
struct Signals {
    interrupt: Option<tokio::signal::unix::Signal>,
    terminate: Option<tokio::signal::unix::Signal>,
}

#[cfg(unix)]
impl Signals {
    fn new() -> Self {
        use tokio::signal::unix::{SignalKind, signal};
        let listen = |kind: SignalKind, name: &str| match signal(kind) {
            Ok(signal) => Some(signal),
            Err(err) => {
                tracing::warn!(error = %err, "cannot listen for {name}");
                None
            }
        };
        Signals {
            interrupt: listen(SignalKind::interrupt(), "SIGINT"),
            terminate: listen(SignalKind::terminate(), "SIGTERM"),
        }
    }

    /// Waits for the next signal (forever if neither could be listened to).
    async fn next(&mut self) {
        async fn recv(signal: &mut Option<tokio::signal::unix::Signal>) {
            match signal {
                Some(signal) => {
                    signal.recv().await;
                }
                None => std::future::pending().await,
            }
        }
        tokio::select! {
            () = recv(&mut self.interrupt) => {}
            () = recv(&mut self.terminate) => {}
        }
    }
}

#[cfg(not(unix))]
struct Signals;

#[cfg(not(unix))]
impl Signals {
    fn new() -> Self {
        Signals
    }

    async fn next(&mut self) {
        let _ = tokio::signal::ctrl_c().await;
    }
}
