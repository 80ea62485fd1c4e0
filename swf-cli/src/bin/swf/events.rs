//! An execution's whole history, as `swf history get` saves it and `swf history show` reads it.
//!
//! Every page is read: a history longer than a page (1,000 events by default) is common, and a
//! fixture or a timeline cut at a page boundary would silently mislead.

use swf_core::Client;
use swf_core::types::{HistoryEvent, WorkflowExecution};

use crate::error::CliError;

/// Every event of the execution's history, oldest first, across all pages.
pub(crate) async fn fetch(
    client: &Client,
    domain: &str,
    execution: WorkflowExecution,
) -> Result<Vec<HistoryEvent>, CliError> {
    // The library's, which other programs print timelines with.
    Ok(swf_cli::history::fetch(client, domain, &execution).await?)
}
