//! `swf workflow-type describe`.

use swf_core::Client;
use swf_core::types::{DescribeWorkflowTypeInput, WorkflowTypeDetail};

use crate::args::TypeRef;
use crate::display::seconds;
use crate::error::CliError;
use crate::output::{self, Details, Format};
use crate::time;

/// Prints the workflow type's status and defaults.
pub(super) async fn run(client: &Client, t: TypeRef, format: Format) -> Result<(), CliError> {
    let detail = client
        .describe_workflow_type(DescribeWorkflowTypeInput {
            domain: t.domain.domain.clone(),
            workflow_type: t.workflow_type(),
        })
        .await?;
    match format {
        Format::Json => output::print_json(&detail),
        Format::Table => output::print(&details(&detail).render()),
    }
}

fn details(detail: &WorkflowTypeDetail) -> Details {
    let (info, c) = (&detail.type_info, &detail.configuration);
    let mut d = Details::new();
    d.add("name", &info.workflow_type.name)
        .add("version", &info.workflow_type.version)
        .add("status", info.status.to_string())
        .add_opt("description", info.description.as_deref())
        .add("created", time::format(info.creation_date))
        .add_opt("deprecated", info.deprecation_date.map(time::format))
        .add_opt(
            "default task list",
            c.default_task_list.as_ref().map(|t| t.name.as_str()),
        )
        .add_opt("default task priority", c.default_task_priority.as_deref())
        .add_opt(
            "default execution timeout",
            c.default_execution_start_to_close_timeout
                .as_deref()
                .map(seconds),
        )
        .add_opt(
            "default task timeout",
            c.default_task_start_to_close_timeout
                .as_deref()
                .map(seconds),
        )
        .add_opt(
            "default child policy",
            c.default_child_policy.as_ref().map(|p| p.to_string()),
        )
        .add_opt("default lambda role", c.default_lambda_role.as_deref());
    d
}
