//! The `swf-local` binary: an SWF-compatible service on a local port.

use clap::Parser;
use swf_local::cli::{ServerArgs, ShutdownSignal};

/// An Amazon SWF-compatible local service.
#[derive(Debug, Parser)]
#[command(name = "swf-local", version, about)]
struct Args {
    #[command(flatten)]
    server: ServerArgs,
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
    match serve(&args.server).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("swf-local: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Serves until SIGINT or SIGTERM.
async fn serve(args: &ServerArgs) -> Result<(), swf_local::StartError> {
    let signal = ShutdownSignal::listen()?;
    let server = args.builder().start().await?;
    // The endpoint line scripts wait for (and the console's address when it is on).
    print!("{}", args.started_lines(&server));
    let stopped = signal.received().await;
    server.shutdown().await;
    stopped.report();
    Ok(())
}
