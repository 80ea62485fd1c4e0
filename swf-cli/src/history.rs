//! An execution's whole history, read from the service: what `swf history get` saves, what
//! `swf history show` and [`timeline::of_execution`](crate::timeline::of_execution) render.
//!
//! Every page is read: a history longer than a page (1,000 events by default) is common, and a
//! fixture or a timeline cut at a page boundary would silently mislead. The reading is
//! [`Client::get_whole_workflow_execution_history`]'s, bounded like every whole-history read in
//! the workspace; this is the shorthand for an execution named by domain, workflow id and run id.

use swf_core::Client;
use swf_core::types::{GetWorkflowExecutionHistoryInput, HistoryEvent, WorkflowExecution};

/// Every event of `execution`'s history in `domain`, oldest first, across all pages.
///
/// Fails with [`ErrorKind::EndlessHistory`](swf_core::ErrorKind::EndlessHistory) when the
/// service's pages do not end within what 25,000 events fill.
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
    let input = GetWorkflowExecutionHistoryInput {
        domain: domain.to_owned(),
        execution: execution.clone(),
        ..Default::default()
    };
    Ok(client
        .get_whole_workflow_execution_history(input)
        .await?
        .events)
}
