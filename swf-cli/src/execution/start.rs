//! `swf execution start`.

use swf_core::Client;
use swf_core::types::{StartWorkflowExecutionInput, TaskList, WorkflowType};

use crate::cli::StartArgs;
use crate::error::CliError;
use crate::input;
use crate::output::{self, Details, Format};

/// Starts the execution and prints its run id (`{"runId": ...}` in JSON, as SWF answers).
pub(crate) async fn run(client: &Client, args: StartArgs, format: Format) -> Result<(), CliError> {
    let input = input::read(&args.input)?;
    let run = client
        .start_workflow_execution(StartWorkflowExecutionInput {
            domain: args.domain.domain,
            workflow_id: args.workflow_id.clone(),
            workflow_type: WorkflowType {
                name: args.type_name,
                version: args.type_version,
            },
            input,
            task_list: args.task_list.map(|name| TaskList { name }),
            tag_list: (!args.tags.is_empty()).then_some(args.tags),
            execution_start_to_close_timeout: args.execution_start_to_close_timeout,
            task_start_to_close_timeout: args.task_start_to_close_timeout,
            child_policy: args.child_policy,
            task_priority: args.task_priority,
            lambda_role: args.lambda_role,
        })
        .await?;
    match format {
        Format::Json => output::print_json(&run),
        Format::Table => {
            let mut d = Details::new();
            d.add("workflow id", args.workflow_id)
                .add("run id", run.run_id.unwrap_or_default());
            output::print(&d.render())
        }
    }
}
