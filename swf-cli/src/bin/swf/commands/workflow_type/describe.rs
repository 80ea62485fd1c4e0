//! `swf workflow-type describe`.

use swf_core::Client;
use swf_core::types::WorkflowTypeConfiguration;

use crate::args::TypeRef;
use crate::display::seconds;
use crate::error::CliError;
use crate::output::{Details, Format};
use crate::type_kind::{self, TypeRequest, Workflow};

/// Prints the workflow type's status and defaults.
pub(super) async fn run(client: &Client, t: TypeRef, format: Format) -> Result<(), CliError> {
    let detail = client
        .describe_workflow_type(TypeRequest::naming(&t))
        .await?;
    type_kind::print_detail::<Workflow>(&detail, format, |d| defaults(d, &detail.configuration))
}

/// The defaults only workflow types have.
fn defaults(d: &mut Details, c: &WorkflowTypeConfiguration) {
    d.add_opt(
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
}
