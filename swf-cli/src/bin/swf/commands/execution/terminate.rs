//! `swf execution terminate`: close an open execution at once, without its decider.
//!
//! Without `--run-id` this goes to the workflow id's open run, which is what SWF itself does when
//! the run id is left out, so no lookup is made first (and none can race with a new run).

use swf_core::Client;
use swf_core::types::{ChildPolicy, TerminateWorkflowExecutionInput};

use crate::args::{DomainArg, parse_wire_enum};
use crate::error::CliError;
use crate::output::{self, Format};

/// `swf execution terminate`
#[derive(Debug, clap::Args)]
pub(crate) struct TerminateArgs {
    #[command(flatten)]
    domain: DomainArg,
    /// The workflow id.
    workflow_id: String,
    /// The run [default: the open run].
    #[arg(long)]
    run_id: Option<String>,
    /// Why, in a few words (recorded in the history).
    #[arg(long)]
    reason: Option<String>,
    /// More details (recorded in the history).
    #[arg(long)]
    details: Option<String>,
    /// What happens to the execution's children: TERMINATE, REQUEST_CANCEL or ABANDON
    /// [default: the execution's].
    #[arg(long, value_name = "POLICY", value_parser = parse_wire_enum::<ChildPolicy>(ChildPolicy::VALUES))]
    child_policy: Option<ChildPolicy>,
}

/// Terminates the execution.
pub(super) async fn run(
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
