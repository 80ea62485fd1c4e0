//! `swf workflow-type delete`.

use swf_core::Client;
use swf_core::types::DeleteWorkflowTypeInput;

use crate::args::TypeRef;
use crate::error::CliError;
use crate::output::{self, Format};

/// Deletes the workflow type.
pub(super) async fn run(client: &Client, t: TypeRef, format: Format) -> Result<(), CliError> {
    client
        .delete_workflow_type(DeleteWorkflowTypeInput {
            domain: t.domain.domain.clone(),
            workflow_type: t.workflow_type(),
        })
        .await?;
    output::done(
        format,
        &format!("Deleted workflow type {} {}.", t.name, t.version),
    )
}
