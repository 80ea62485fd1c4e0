//! `swf execution signal`, `request-cancel` and `terminate`: acting on an open execution.
//!
//! Without `--run-id` these go to the workflow id's open run, which is what SWF itself does when
//! the run id is left out, so no lookup is made first (and none can race with a new run).

use swf_core::Client;
use swf_core::types::{
    RequestCancelWorkflowExecutionInput, SignalWorkflowExecutionInput,
    TerminateWorkflowExecutionInput,
};

use crate::cli::{DomainArg, ExecutionArgs, SignalArgs, TerminateArgs};
use crate::error::CliError;
use crate::input;
use crate::output::{self, Format};

/// Sends a signal.
pub(crate) async fn signal(
    client: &Client,
    args: SignalArgs,
    format: Format,
) -> Result<(), CliError> {
    let input = input::read(&args.input)?;
    client
        .signal_workflow_execution(SignalWorkflowExecutionInput {
            domain: args.domain.domain,
            workflow_id: args.workflow_id.clone(),
            run_id: args.run_id,
            signal_name: args.signal.clone(),
            input,
        })
        .await?;
    output::done(
        format,
        &format!("Sent signal {} to {}.", args.signal, args.workflow_id),
    )
}

/// Requests cancellation.
pub(crate) async fn request_cancel(
    client: &Client,
    domain: DomainArg,
    execution: ExecutionArgs,
    format: Format,
) -> Result<(), CliError> {
    client
        .request_cancel_workflow_execution(RequestCancelWorkflowExecutionInput {
            domain: domain.domain,
            workflow_id: execution.workflow_id.clone(),
            run_id: execution.run_id,
        })
        .await?;
    output::done(
        format,
        &format!("Requested cancellation of {}.", execution.workflow_id),
    )
}

/// Terminates.
pub(crate) async fn terminate(
    client: &Client,
    args: TerminateArgs,
    format: Format,
) -> Result<(), CliError> {
    client
        .terminate_workflow_execution(TerminateWorkflowExecutionInput {
            domain: args.domain.domain,
            workflow_id: args.workflow_id.clone(),
            run_id: args.run_id,
            reason: args.reason,
            details: args.details,
            child_policy: args.child_policy,
        })
        .await?;
    output::done(format, &format!("Terminated {}.", args.workflow_id))
}
