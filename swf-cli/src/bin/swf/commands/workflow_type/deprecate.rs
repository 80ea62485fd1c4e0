//! `swf workflow-type deprecate`.

use swf_core::Client;
use swf_core::types::DeprecateWorkflowTypeInput;

use crate::args::TypeRef;
use crate::error::CliError;
use crate::output::Format;
use crate::type_kind::{self, Workflow};

/// Deprecates the workflow type.
pub(super) async fn run(client: &Client, t: TypeRef, format: Format) -> Result<(), CliError> {
    type_kind::change::<Workflow, _>(t, format, "Deprecated", |domain, workflow_type| {
        client.deprecate_workflow_type(DeprecateWorkflowTypeInput {
            domain,
            workflow_type,
        })
    })
    .await
}
