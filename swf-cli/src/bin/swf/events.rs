//! An execution's whole history, as `swf history get` saves it and `swf history show` reads it.
//!
//! Every page is read: a history longer than a page (1,000 events by default) is common, and a
//! fixture or a timeline cut at a page boundary would silently mislead.

use futures::TryStreamExt;
use swf_core::Client;
use swf_core::types::{GetWorkflowExecutionHistoryInput, HistoryEvent, WorkflowExecution};

use crate::error::CliError;

/// Every event of the execution's history, oldest first, across all pages.
pub(crate) async fn fetch(
    client: &Client,
    domain: &str,
    execution: WorkflowExecution,
) -> Result<Vec<HistoryEvent>, CliError> {
    let events = client
        .get_workflow_execution_history_stream(GetWorkflowExecutionHistoryInput {
            domain: domain.to_string(),
            execution,
            ..Default::default()
        })
        .try_collect()
        .await?;
    Ok(events)
}
