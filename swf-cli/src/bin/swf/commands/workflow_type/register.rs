//! `swf workflow-type register`.

use swf_core::Client;
use swf_core::types::{ChildPolicy, RegisterWorkflowTypeInput, TaskList};

use crate::args::{TypeRef, parse_wire_enum};
use crate::duration::parse_timeout;
use crate::error::CliError;
use crate::output::Format;
use crate::type_kind::{self, Workflow};

/// `swf workflow-type register`
#[derive(Debug, clap::Args)]
pub(crate) struct RegisterWorkflowArgs {
    #[command(flatten)]
    type_ref: TypeRef,
    /// A description.
    #[arg(long)]
    description: Option<String>,
    /// The task list decision tasks go to when the starter names none.
    #[arg(long, value_name = "NAME")]
    default_task_list: Option<String>,
    /// The default decision task priority (an integer; higher runs first).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    default_task_priority: Option<String>,
    /// Default limit on a whole execution.
    #[arg(long, value_name = "TIMEOUT", value_parser = parse_timeout)]
    default_execution_start_to_close_timeout: Option<String>,
    /// Default limit on one decision task.
    #[arg(long, value_name = "TIMEOUT", value_parser = parse_timeout)]
    default_task_start_to_close_timeout: Option<String>,
    /// What happens to children when an execution is terminated or times out: TERMINATE,
    /// REQUEST_CANCEL or ABANDON.
    #[arg(long, value_name = "POLICY", value_parser = parse_wire_enum::<ChildPolicy>(ChildPolicy::VALUES))]
    default_child_policy: Option<ChildPolicy>,
    /// The IAM role Lambda tasks of this type run as.
    #[arg(long, value_name = "ARN")]
    default_lambda_role: Option<String>,
}

/// Registers the workflow type with its defaults.
pub(super) async fn run(
    client: &Client,
    args: RegisterWorkflowArgs,
    format: Format,
) -> Result<(), CliError> {
    let t = args.type_ref;
    client
        .register_workflow_type(RegisterWorkflowTypeInput {
            domain: t.domain.domain.clone(),
            name: t.name.clone(),
            version: t.version.clone(),
            description: args.description,
            default_task_list: args.default_task_list.map(|name| TaskList { name }),
            default_task_priority: args.default_task_priority,
            default_execution_start_to_close_timeout: args.default_execution_start_to_close_timeout,
            default_task_start_to_close_timeout: args.default_task_start_to_close_timeout,
            default_child_policy: args.default_child_policy,
            default_lambda_role: args.default_lambda_role,
        })
        .await?;
    type_kind::print_done::<Workflow>(format, "Registered", &t)
}
