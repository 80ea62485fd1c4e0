//! The log every example binary writes: on stderr, at a level `RUST_LOG` can change.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

/// Logs to stderr at the `default` level (`"warn"`, `"info"`, ...) unless `RUST_LOG` says
/// otherwise (`RUST_LOG=swf_core=debug` shows every call to SWF), in colour only on a terminal,
/// so that a log collected from a pipe or a file reads as plain text.
pub fn init_logging(default: &str) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
}
