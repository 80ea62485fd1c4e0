//! `swf history get`: the complete history as the JSON `GetWorkflowExecutionHistory` returns.
//!
//! The output is `{"events": [...]}` with every page's events and no `nextPageToken`, pretty
//! printed: byte for byte what a replay test loads as a fixture, and what `swf history show --file`
//! reads back. It ignores `--output`, since the JSON is the point.

use std::path::PathBuf;

use swf_core::Client;
use swf_core::types::History;

use crate::args::{DomainArg, ExecutionArgs};
use crate::error::CliError;
use crate::output;
use crate::{events, resolve};

/// `swf history get`
#[derive(Debug, clap::Args)]
pub(crate) struct GetArgs {
    #[command(flatten)]
    domain: DomainArg,
    #[command(flatten)]
    execution: ExecutionArgs,
    /// Write to this file instead of standard output.
    #[arg(long, value_name = "PATH")]
    out: Option<PathBuf>,
}

/// Fetches the history and writes it to `--out` or stdout.
pub(super) async fn run(client: &Client, args: GetArgs) -> Result<(), CliError> {
    let domain = &args.domain.domain;
    let execution = resolve::execution(client, domain, &args.execution).await?;
    let events = events::fetch(client, domain, execution).await?;
    let json = output::to_json(&History {
        events,
        next_page_token: None,
    }) + "\n";
    match &args.out {
        Some(path) => std::fs::write(path, json).map_err(|source| CliError::WriteFile {
            path: path.clone(),
            source,
        }),
        None => output::print(&json),
    }
}
