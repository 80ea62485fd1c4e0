//! Which run a command means when the user gives only a workflow id.
//!
//! `DescribeWorkflowExecution` and `GetWorkflowExecutionHistory` need a run id, but people think
//! in workflow ids. A workflow id has at most one open run, so that is the one meant; when none is
//! open, the run that started last. (Signal, cancel and terminate need no resolution: SWF itself
//! takes the open run when the run id is left out.)

use swf_core::Client;
use swf_core::types::{
    ListClosedWorkflowExecutionsInput, ListOpenWorkflowExecutionsInput, WorkflowExecution,
};

use crate::args::ExecutionArgs;
use crate::error::CliError;
use crate::filters::Filters;

/// The execution `args` names in `domain`: its run id if given, else the open run, else the run
/// that started last.
pub(crate) async fn execution(
    client: &Client,
    domain: &str,
    args: &ExecutionArgs,
) -> Result<WorkflowExecution, CliError> {
    if let Some(run_id) = &args.run_id {
        return Ok(WorkflowExecution {
            workflow_id: args.workflow_id.clone(),
            run_id: run_id.clone(),
        });
    }
    latest_run(client, domain, &args.workflow_id).await
}

async fn latest_run(
    client: &Client,
    domain: &str,
    workflow_id: &str,
) -> Result<WorkflowExecution, CliError> {
    let open = client
        .list_open_workflow_executions(ListOpenWorkflowExecutionsInput {
            maximum_page_size: Some(1),
            ..Filters::workflow_id(domain, workflow_id, false).list_open()
        })
        .await?;
    if let Some(info) = open.execution_infos.into_iter().next() {
        return Ok(info.execution);
    }
    // Newest first is SWF's order for closed executions filtered by start time.
    let closed = client
        .list_closed_workflow_executions(ListClosedWorkflowExecutionsInput {
            maximum_page_size: Some(1),
            ..Filters::workflow_id(domain, workflow_id, true).list_closed()
        })
        .await?;
    match closed.execution_infos.into_iter().next() {
        Some(info) => Ok(info.execution),
        None => Err(CliError::NoSuchExecution {
            domain: domain.to_string(),
            workflow_id: workflow_id.to_string(),
        }),
    }
}
