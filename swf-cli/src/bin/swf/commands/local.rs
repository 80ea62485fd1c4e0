//! `swf local`: the SWF-compatible local service, started through `swf-local`'s library.
//!
//! Nothing here re-implements the service: the flags are the `swf-local` binary's
//! ([`ServerArgs`]), and the command prints the endpoint and serves until Ctrl-C or SIGTERM
//! ([`ShutdownSignal`]), as that binary does.

use std::process::ExitCode;

use swf_local::cli::{ServerArgs, ShutdownSignal};

use crate::error::CliError;

const LOCAL_HELP: &str = "\
Examples:
  swf local                                   # in memory, on 127.0.0.1:8720
  swf local --db swf.sqlite                   # state kept across restarts
  swf local --bind 127.0.0.1:0 --poll-timeout 5

Then, in another shell:
  export AWS_ENDPOINT_URL_SWF=http://127.0.0.1:8720
  swf domain register shop

Stops on Ctrl-C or SIGTERM.";

/// `swf local`
#[derive(Debug, clap::Args)]
#[command(after_help = LOCAL_HELP)]
pub(crate) struct LocalArgs {
    // The `swf-local` binary's flags, with their names, defaults and environment variables.
    #[command(flatten)]
    server: ServerArgs,
}

/// Runs the service until the process is told to stop.
pub(crate) async fn run(args: LocalArgs) -> Result<ExitCode, CliError> {
    // Listening before the endpoint line, so a signal sent as soon as it appears stops cleanly.
    let signal = ShutdownSignal::listen()?;
    let server = args.server.builder().start().await?;
    // The one line scripts wait for, as `swf-local` prints it: the endpoint to point clients at.
    crate::output::print(&args.server.started_lines(&server))?;
    let stopped = signal.received().await;
    server.shutdown().await;
    stopped.report();
    Ok(ExitCode::SUCCESS)
}
