//! `swf history get`: the complete history as the JSON `GetWorkflowExecutionHistory` returns.
//!
//! The output is `{"events": [...]}` with every page's events and no `nextPageToken`, pretty
//! printed: byte for byte what a replay test loads as a fixture, and what `swf history show --file`
//! reads back. It ignores `--output`, since the JSON is the point.

use swf_core::Client;
use swf_core::types::History;

use crate::cli::GetArgs;
use crate::error::CliError;
use crate::output;

/// Fetches the history and writes it to `--out` or stdout.
pub(crate) async fn run(client: &Client, args: GetArgs) -> Result<(), CliError> {
    let domain = &args.domain.domain;
    let execution = crate::execution::resolve_execution(client, domain, &args.execution).await?;
    let events = super::fetch(client, domain, execution).await?;
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
