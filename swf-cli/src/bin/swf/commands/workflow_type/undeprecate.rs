//! `swf workflow-type undeprecate`.

use swf_core::Client;
use swf_core::types::UndeprecateWorkflowTypeInput;

use crate::args::TypeRef;
use crate::error::CliError;
use crate::output::Format;
use crate::type_kind::{self, Workflow};

/// Undeprecates the workflow type.
pub(super) async fn run(client: &Client, t: TypeRef, format: Format) -> Result<(), CliError> {
    type_kind::change::<Workflow, _>(t, format, "Undeprecated", |domain, workflow_type| {
        client.undeprecate_workflow_type(UndeprecateWorkflowTypeInput {
            domain,
            workflow_type,
        })
    })
    .await
}
