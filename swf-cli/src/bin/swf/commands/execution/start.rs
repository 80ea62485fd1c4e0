//! `swf execution start`.

use swf_core::Client;
use swf_core::types::{ChildPolicy, StartWorkflowExecutionInput, TaskList, WorkflowType};

use crate::args::{DomainArg, InputArgs, parse_wire_enum};
use crate::duration::parse_timeout;
use crate::error::CliError;
use crate::input;
use crate::output::{self, Details, Format};

/// `swf execution start`
#[derive(Debug, clap::Args)]
pub(crate) struct StartArgs {
    #[command(flatten)]
    domain: DomainArg,
    /// The workflow id: your name for this execution, unique among open executions.
    workflow_id: String,
    /// The workflow type's name.
    #[arg(long = "type", value_name = "NAME")]
    type_name: String,
    /// The workflow type's version.
    #[arg(long, value_name = "VERSION")]
    type_version: String,
    #[command(flatten)]
    input: InputArgs,
    /// The decision task list [default: the type's].
    #[arg(long, value_name = "NAME")]
    task_list: Option<String>,
    /// A tag to find the execution by; repeat for several (at most 5).
    #[arg(long = "tag", value_name = "TAG")]
    tags: Vec<String>,
    /// Limit on the whole execution [default: the type's].
    #[arg(long, value_name = "TIMEOUT", value_parser = parse_timeout)]
    execution_start_to_close_timeout: Option<String>,
    /// Limit on one decision task [default: the type's].
    #[arg(long, value_name = "TIMEOUT", value_parser = parse_timeout)]
    task_start_to_close_timeout: Option<String>,
    /// What happens to children if this execution is terminated or times out: TERMINATE,
    /// REQUEST_CANCEL or ABANDON [default: the type's].
    #[arg(long, value_name = "POLICY", value_parser = parse_wire_enum::<ChildPolicy>(ChildPolicy::VALUES))]
    child_policy: Option<ChildPolicy>,
    /// The decision task priority [default: the type's].
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    task_priority: Option<String>,
    /// The IAM role Lambda tasks run as [default: the type's].
    #[arg(long, value_name = "ARN")]
    lambda_role: Option<String>,
}

/// Starts the execution and prints its run id (`{"runId": ...}` in JSON, as SWF answers).
pub(super) async fn run(client: &Client, args: StartArgs, format: Format) -> Result<(), CliError> {
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
