//! `swf execution request-cancel`: ask an open execution to cancel itself.
//!
//! Without `--run-id` this goes to the workflow id's open run, which is what SWF itself does when
//! the run id is left out, so no lookup is made first (and none can race with a new run).

use swf_core::Client;
use swf_core::types::RequestCancelWorkflowExecutionInput;

use crate::args::ExecutionRef;
use crate::error::CliError;
use crate::output::{self, Format};

/// Requests cancellation.
pub(super) async fn run(
    client: &Client,
    args: ExecutionRef,
    format: Format,
) -> Result<(), CliError> {
    client
        .request_cancel_workflow_execution(RequestCancelWorkflowExecutionInput {
            domain: args.domain.domain,
            workflow_id: args.execution.workflow_id.clone(),
            run_id: args.execution.run_id,
        })
        .await?;
    output::done(
        format,
        &format!("Requested cancellation of {}.", args.execution.workflow_id),
    )
}
