//! `swf execution`: start, signal, request-cancel, terminate, describe, list, count and wait.
//!
//! One file per command. What several of them share is beside `commands`: the listing filters
//! (`filters`) and which run a bare workflow id means (`resolve`).

mod count;
mod describe;
mod list;
mod request_cancel;
mod signal;
mod start;
mod terminate;
mod wait;

use std::process::ExitCode;

use clap::Subcommand;
use swf_core::Client;

use crate::args::ExecutionRef;
use crate::error::CliError;
use crate::output::Format;

const EXECUTION_HELP: &str = "\
Examples:
  swf execution start order-1 -d shop --type order --type-version v1 --input '{\"sku\": 42}'
  swf execution start order-2 -d shop --type order --type-version v1 --input-file order.json
  echo '{\"sku\": 7}' | swf execution start order-3 -d shop --type order --type-version v1 --input -
  swf execution signal order-1 approve -d shop --input yes
  swf execution describe order-1 -d shop
  swf execution list -d shop --type order
  swf execution list -d shop --closed --close-status failed --started-after 2h
  swf execution count -d shop --closed --closed-after 2024-05-01
  swf execution wait order-1 -d shop --timeout 5m
  swf execution request-cancel order-1 -d shop
  swf execution terminate order-1 -d shop --reason 'stuck on a bad deploy'

Times (--started-after and the like) are RFC 3339 (2024-05-01T10:00:00Z), a date (2024-05-01),
seconds since the epoch, `now`, or a duration meaning that long ago (2h, 7d).";

/// `swf execution …`
#[derive(Debug, Subcommand)]
#[command(after_help = EXECUTION_HELP)]
pub(crate) enum ExecutionCommand {
    /// Start a workflow execution.
    #[command(after_help = EXECUTION_HELP)]
    Start(start::StartArgs),
    /// Send a signal to an open execution.
    #[command(after_help = EXECUTION_HELP)]
    Signal(signal::SignalArgs),
    /// Ask an open execution to cancel itself (its decider decides how).
    #[command(after_help = EXECUTION_HELP)]
    RequestCancel(ExecutionRef),
    /// Close an open execution at once, without its decider.
    #[command(after_help = EXECUTION_HELP)]
    Terminate(terminate::TerminateArgs),
    /// Show an execution's status, configuration and open work.
    #[command(after_help = EXECUTION_HELP)]
    Describe(ExecutionRef),
    /// List open executions, or closed ones with --closed.
    #[command(after_help = EXECUTION_HELP)]
    List(list::ListArgs),
    /// Count open executions, or closed ones with --closed.
    #[command(after_help = EXECUTION_HELP)]
    Count(count::CountArgs),
    /// Wait until an execution closes; print its result, or its failure and exit non-zero.
    #[command(after_help = EXECUTION_HELP)]
    Wait(wait::WaitArgs),
}

/// Runs one `swf execution` command. Only `wait` can succeed with a non-zero exit code.
pub(crate) async fn run(
    client: &Client,
    command: ExecutionCommand,
    format: Format,
) -> Result<ExitCode, CliError> {
    match command {
        ExecutionCommand::Start(args) => start::run(client, args, format).await?,
        ExecutionCommand::Signal(args) => signal::run(client, args, format).await?,
        ExecutionCommand::RequestCancel(args) => request_cancel::run(client, args, format).await?,
        ExecutionCommand::Terminate(args) => terminate::run(client, args, format).await?,
        ExecutionCommand::Describe(args) => describe::run(client, args, format).await?,
        ExecutionCommand::List(args) => list::run(client, args, format).await?,
        ExecutionCommand::Count(args) => count::run(client, args, format).await?,
        ExecutionCommand::Wait(args) => return wait::run(client, args, format).await,
    }
    Ok(ExitCode::SUCCESS)
}
