//! `swf workflow-type deprecate`.

use swf_core::Client;
use swf_core::types::DeprecateWorkflowTypeInput;

use crate::args::TypeRef;
use crate::error::CliError;
use crate::output::{self, Format};

/// Deprecates the workflow type.
pub(super) async fn run(client: &Client, t: TypeRef, format: Format) -> Result<(), CliError> {
    client
        .deprecate_workflow_type(DeprecateWorkflowTypeInput {
            domain: t.domain.domain.clone(),
            workflow_type: t.workflow_type(),
        })
        .await?;
    output::done(
        format,
        &format!("Deprecated workflow type {} {}.", t.name, t.version),
    )
}
