//! `swf execution`: start, signal, request-cancel, terminate, describe, list, count and wait.
//!
//! One file per verb (or per close group of verbs), plus the two pieces several verbs share:
//! [`filters`] (the listing filters and SWF's rules for combining them) and [`resolve`] (which
//! run a bare workflow id means).

mod control;
mod describe;
mod filters;
mod list;
mod resolve;
mod start;
mod wait;

use std::process::ExitCode;

use swf_core::Client;

use crate::cli::ExecutionCommand;
use crate::error::CliError;
use crate::output::Format;

pub(crate) use filters::FilterError;
pub(crate) use resolve::execution as resolve_execution;

/// Runs one `swf execution` command. Only `wait` can succeed with a non-zero exit code.
pub(crate) async fn run(
    client: &Client,
    command: ExecutionCommand,
    format: Format,
) -> Result<ExitCode, CliError> {
    match command {
        ExecutionCommand::Start(args) => start::run(client, args, format).await?,
        ExecutionCommand::Signal(args) => control::signal(client, args, format).await?,
        ExecutionCommand::RequestCancel { domain, execution } => {
            control::request_cancel(client, domain, execution, format).await?
        }
        ExecutionCommand::Terminate(args) => control::terminate(client, args, format).await?,
        ExecutionCommand::Describe { domain, execution } => {
            describe::run(client, domain, execution, format).await?
        }
        ExecutionCommand::List(args) => list::list(client, args, format).await?,
        ExecutionCommand::Count(args) => list::count(client, args, format).await?,
        ExecutionCommand::Wait(args) => return wait::run(client, args, format).await,
    }
    Ok(ExitCode::SUCCESS)
}
