//! `swf workflow-type undeprecate`.

use swf_core::Client;
use swf_core::types::UndeprecateWorkflowTypeInput;

use crate::args::TypeRef;
use crate::error::CliError;
use crate::output::{self, Format};

/// Undeprecates the workflow type.
pub(super) async fn run(client: &Client, t: TypeRef, format: Format) -> Result<(), CliError> {
    client
        .undeprecate_workflow_type(UndeprecateWorkflowTypeInput {
            domain: t.domain.domain.clone(),
            workflow_type: t.workflow_type(),
        })
        .await?;
    output::done(
        format,
        &format!("Undeprecated workflow type {} {}.", t.name, t.version),
    )
}
