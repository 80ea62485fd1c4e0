//! `swf execution describe`.

use swf_core::Client;
use swf_core::types::{DescribeWorkflowExecutionInput, WorkflowExecutionDetail};

use crate::args::ExecutionRef;
use crate::display::{seconds, status};
use crate::error::CliError;
use crate::output::{self, Details, Format};
use crate::resolve;
use crate::time;

/// Describes the execution (the open run, or the latest, unless `--run-id` says which).
pub(super) async fn run(
    client: &Client,
    args: ExecutionRef,
    format: Format,
) -> Result<(), CliError> {
    let ExecutionRef { domain, execution } = args;
    let execution = resolve::execution(client, &domain.domain, &execution).await?;
    let detail = client
        .describe_workflow_execution(DescribeWorkflowExecutionInput {
            domain: domain.domain,
            execution,
        })
        .await?;
    match format {
        Format::Json => output::print_json(&detail),
        Format::Table => output::print(&details(&detail).render()),
    }
}

fn details(detail: &WorkflowExecutionDetail) -> Details {
    let (info, config, open) = (
        &detail.execution_info,
        &detail.execution_configuration,
        &detail.open_counts,
    );
    let mut d = Details::new();
    d.add("workflow id", &info.execution.workflow_id)
        .add("run id", &info.execution.run_id)
        .add(
            "type",
            format!("{} {}", info.workflow_type.name, info.workflow_type.version),
        )
        .add("status", status(info))
        .add("started", time::format(info.start_timestamp))
        .add_opt("closed", info.close_timestamp.map(time::format))
        .add_opt(
            "parent",
            info.parent
                .as_ref()
                .map(|p| format!("{} (run {})", p.workflow_id, p.run_id)),
        )
        .add_opt(
            "tags",
            info.tag_list
                .as_ref()
                .filter(|t| !t.is_empty())
                .map(|t| t.join(", ")),
        )
        .add("task list", &config.task_list.name)
        .add_opt("task priority", config.task_priority.as_deref())
        .add(
            "execution timeout",
            seconds(&config.execution_start_to_close_timeout),
        )
        .add("task timeout", seconds(&config.task_start_to_close_timeout))
        .add("child policy", config.child_policy.to_string())
        .add_opt("lambda role", config.lambda_role.as_deref())
        .add("open activities", open.open_activity_tasks.to_string())
        .add("open timers", open.open_timers.to_string())
        .add(
            "open children",
            open.open_child_workflow_executions.to_string(),
        )
        .add("open decision tasks", open.open_decision_tasks.to_string())
        .add_opt(
            "open lambdas",
            open.open_lambda_functions.map(|n| n.to_string()),
        )
        .add_opt(
            "latest activity task",
            detail.latest_activity_task_timestamp.map(time::format),
        )
        .add_opt("latest context", detail.latest_execution_context.as_deref());
    d
}
