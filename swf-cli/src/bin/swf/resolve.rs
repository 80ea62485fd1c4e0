//! Which run a command means when the user gives only a workflow id: the open run, else the run
//! that started last ([`Client::latest_run`] says why). (Signal, cancel and terminate need no
//! resolution: SWF itself takes the open run when the run id is left out.)

use swf_core::Client;
use swf_core::types::WorkflowExecution;

use crate::args::ExecutionArgs;
use crate::error::CliError;

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
    let workflow_id = &args.workflow_id;
    let latest = client.latest_run(domain, workflow_id).await?;
    latest.ok_or_else(|| CliError::NoSuchExecution {
        domain: domain.to_string(),
        workflow_id: workflow_id.to_string(),
    })
}
