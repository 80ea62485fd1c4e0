//! `swf workflow-type delete`.

use swf_core::Client;
use swf_core::types::DeleteWorkflowTypeInput;

use crate::args::TypeRef;
use crate::error::CliError;
use crate::output::Format;
use crate::type_kind::{self, Workflow};

/// Deletes the workflow type.
pub(super) async fn run(client: &Client, t: TypeRef, format: Format) -> Result<(), CliError> {
    type_kind::change::<Workflow, _>(t, format, "Deleted", |domain, workflow_type| {
        client.delete_workflow_type(DeleteWorkflowTypeInput {
            domain,
            workflow_type,
        })
    })
    .await
}
