//! Finding out what really happened when a retried, non-idempotent call meets the effect of its
//! own earlier attempt.
//!
//! A call that timed out or got a 5xx may still have been applied by the service. Retrying it is
//! right (the caller wants the effect), but the retry can then fail *because* the first attempt
//! worked. Where the truth can be found out, the client finds it out here; elsewhere the error says
//! so through [`Error::after_ambiguous_attempt`].

use crate::client::Client;
use crate::error::Error;
use crate::generated::operations::Operation;
use crate::types::{
    ExecutionTimeFilter, ListOpenWorkflowExecutionsInput, Run, StartWorkflowExecutionInput,
    Timestamp, WorkflowExecutionFilter, WorkflowExecutionInfo,
};
use futures::TryStreamExt;
use std::time::Duration;

/// How far back to look for the execution an earlier attempt started. The attempt was made
/// seconds ago; the margin covers clock skew between this machine and the service.
const LOOKBACK: Duration = Duration::from_secs(15 * 60);

/// `StartWorkflowExecution`, resolving `WorkflowExecutionAlreadyStartedFault` after an ambiguous
/// attempt into the run id of the execution that attempt started.
pub(crate) async fn start_workflow_execution(
    client: &Client,
    input: StartWorkflowExecutionInput,
) -> Result<Run, Error> {
    match client
        .call::<_, Run>(Operation::StartWorkflowExecution, &input)
        .await
    {
        Err(e)
            if e.code() == Some("WorkflowExecutionAlreadyStartedFault")
                && e.after_ambiguous_attempt() =>
        {
            match started_by_earlier_attempt(client, &input).await {
                Some(run) => {
                    tracing::warn!(
                        workflow_id = %input.workflow_id,
                        run_id = ?run.run_id,
                        "StartWorkflowExecution: an earlier attempt that timed out had started the execution"
                    );
                    Ok(run)
                }
                None => Err(e),
            }
        }
        other => other,
    }
}

/// The one open execution with the requested workflow id, type and tags, started recently.
async fn started_by_earlier_attempt(
    client: &Client,
    input: &StartWorkflowExecutionInput,
) -> Option<Run> {
    let now = Timestamp::now();
    let oldest = Timestamp::from_millis(now.as_millis() - LOOKBACK.as_millis() as i64);
    let query = ListOpenWorkflowExecutionsInput {
        domain: input.domain.clone(),
        start_time_filter: ExecutionTimeFilter {
            oldest_date: oldest,
            latest_date: None,
        },
        execution_filter: Some(WorkflowExecutionFilter {
            workflow_id: input.workflow_id.clone(),
        }),
        ..Default::default()
    };
    let found: Vec<WorkflowExecutionInfo> = client
        .list_open_workflow_executions_stream(query)
        .try_collect()
        .await
        .ok()?;
    let mut matching = found.into_iter().filter(|info| {
        // The execution filter already asked for this id; checked again because not every
        // SWF-compatible service applies it (moto_server ignores it).
        info.execution.workflow_id == input.workflow_id
            && info.workflow_type == input.workflow_type
            && input
                .tag_list
                .as_ref()
                .is_none_or(|tags| info.tag_list.as_ref() == Some(tags))
    });
    let only = matching.next()?;
    if matching.next().is_some() {
        return None;
    }
    Some(Run {
        run_id: Some(only.execution.run_id),
    })
}
