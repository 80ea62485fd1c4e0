//! `swf execution signal`: send a signal to an open execution.
//!
//! Without `--run-id` this goes to the workflow id's open run, which is what SWF itself does when
//! the run id is left out, so no lookup is made first (and none can race with a new run).

use swf_core::Client;
use swf_core::types::SignalWorkflowExecutionInput;

use crate::args::{DomainArg, InputArgs};
use crate::error::CliError;
use crate::input;
use crate::output::{self, Format};

/// `swf execution signal`
#[derive(Debug, clap::Args)]
pub(crate) struct SignalArgs {
    #[command(flatten)]
    domain: DomainArg,
    /// The workflow id.
    workflow_id: String,
    /// The signal's name.
    signal: String,
    /// The run [default: the open run].
    #[arg(long)]
    run_id: Option<String>,
    #[command(flatten)]
    input: InputArgs,
}

/// Sends a signal.
pub(super) async fn run(client: &Client, args: SignalArgs, format: Format) -> Result<(), CliError> {
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
