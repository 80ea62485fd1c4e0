//! `swf local`: the SWF-compatible local service, started through `swf-local`'s library.
//!
//! Nothing here re-implements the service: the flags are the `swf-local` binary's, handed to
//! [`swf_local::Server::builder`], and the command prints the endpoint and serves until Ctrl-C or
//! SIGTERM, as that binary does.

use std::process::ExitCode;
use std::time::Duration;

use crate::cli::LocalArgs;
use crate::error::CliError;

/// Runs the service until the process is told to stop.
pub(crate) async fn run(args: LocalArgs) -> Result<ExitCode, CliError> {
    let mut builder = swf_local::Server::builder();
    builder
        .bind(args.bind)
        .poll_timeout(Duration::from_secs(args.poll_timeout));
    if let Some(db) = &args.db {
        builder.database(db);
    }
    let server = builder.start().await?;
    // The one line scripts wait for, as `swf-local` prints it: the endpoint to point clients at.
    crate::output::print(&format!(
        "swf-local listening on {}\n",
        server.endpoint_url()
    ))?;
    wait_for_signal().await;
    server.shutdown().await;
    Ok(ExitCode::SUCCESS)
}

/// Waits for SIGINT or SIGTERM.
async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
