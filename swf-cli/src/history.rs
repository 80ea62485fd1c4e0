//! An execution's whole history, read from the service: what `swf history get` saves, what
//! `swf history show` and [`timeline::of_execution`](crate::timeline::of_execution) render.
//!
//! Every page is read: a history longer than a page (1,000 events by default) is common, and a
//! fixture or a timeline cut at a page boundary would silently mislead.

use futures::TryStreamExt;
use swf_core::Client;
use swf_core::types::{GetWorkflowExecutionHistoryInput, HistoryEvent, WorkflowExecution};

/// Every event of `execution`'s history in `domain`, oldest first, across all pages.
///
/// ```no_run
/// # async fn example(client: swf_core::Client) -> Result<(), swf_core::Error> {
/// use swf_core::types::WorkflowExecution;
///
/// let execution = WorkflowExecution { workflow_id: "order-1".into(), run_id: "22Ab...".into() };
/// let events = swf_cli::history::fetch(&client, "shop", &execution).await?;
/// println!("{} events", events.len());
/// # Ok(()) }
/// ```
pub async fn fetch(
    client: &Client,
    domain: &str,
    execution: &WorkflowExecution,
) -> Result<Vec<HistoryEvent>, swf_core::Error> {
    client
        .get_workflow_execution_history_stream(GetWorkflowExecutionHistoryInput {
            domain: domain.to_owned(),
            execution: execution.clone(),
            ..Default::default()
        })
        .try_collect()
        .await
}
