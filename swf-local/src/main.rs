//! The `swf-local` binary: an SWF-compatible service on a local port.

use clap::Parser;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// An Amazon SWF-compatible local service.
#[derive(Debug, Parser)]
#[command(name = "swf-local", version, about)]
struct Args {
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1:8720", env = "SWF_LOCAL_BIND")]
    bind: SocketAddr,
    /// Keep state in this SQLite file (default: in memory only).
    #[arg(long, env = "SWF_LOCAL_DB")]
    db: Option<PathBuf>,
    /// How long polls wait for a task, in seconds (SWF: 60).
    #[arg(long, default_value_t = 60, env = "SWF_LOCAL_POLL_TIMEOUT")]
    poll_timeout: u64,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let args = Args::parse();
    let mut builder = swf_local::Server::builder();
    builder
        .bind(args.bind)
        .poll_timeout(Duration::from_secs(args.poll_timeout));
    if let Some(db) = &args.db {
        builder.database(db);
    }
    let server = match builder.start().await {
        Ok(server) => server,
        Err(e) => {
            eprintln!("swf-local: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    // The one line scripts wait for: the endpoint to point clients at.
    println!("swf-local listening on {}", server.endpoint_url());
    wait_for_signal().await;
    server.shutdown().await;
    std::process::ExitCode::SUCCESS
}

/// Waits for SIGINT or SIGTERM.
async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = signal(SignalKind::terminate()).expect("can listen for SIGTERM");
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
