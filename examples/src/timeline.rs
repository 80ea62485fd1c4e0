//! An execution's history, fetched whole and shown as the timeline `swf history show` prints.

use futures::TryStreamExt;
use serde::de::DeserializeOwned;
use swf_core::Client;
use swf_core::types::{GetWorkflowExecutionHistoryInput, HistoryEvent, WorkflowExecution};
use swf_decider::{Codec, WorkflowHandle};

/// The execution a handle is on: its workflow id, and its run id (empty when the handle has none).
pub fn execution<O: DeserializeOwned, C: Codec + Clone>(
    run: &WorkflowHandle<O, C>,
) -> WorkflowExecution {
    WorkflowExecution {
        workflow_id: run.workflow_id().to_owned(),
        run_id: run.run_id().unwrap_or_default().to_owned(),
    }
}

/// Every event of `execution`'s history in `domain`, oldest first, across all pages.
pub async fn history(
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

/// `execution`'s history as a timeline, one line per activity, timer, signal, child, marker and
/// decision (see [`swf_cli::timeline`]).
///
/// ```no_run
/// # async fn example(client: swf_core::Client, execution: swf_core::types::WorkflowExecution)
/// # -> Result<(), swf_core::Error> {
/// println!("{}", examples::timeline(&client, "shop", &execution).await?);
/// # Ok(()) }
/// ```
pub async fn timeline(
    client: &Client,
    domain: &str,
    execution: &WorkflowExecution,
) -> Result<String, swf_core::Error> {
    Ok(swf_cli::timeline::render_history(
        &history(client, domain, execution).await?,
    ))
}
