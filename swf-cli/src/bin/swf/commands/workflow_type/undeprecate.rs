//! `swf workflow-type undeprecate`.

use swf_core::Client;

use crate::args::TypeRef;
use crate::error::CliError;
use crate::output::Format;
use crate::type_kind::{self, TypeRequest, Workflow};

/// Undeprecates the workflow type.
pub(super) async fn run(client: &Client, t: TypeRef, format: Format) -> Result<(), CliError> {
    client
        .undeprecate_workflow_type(TypeRequest::naming(&t))
        .await?;
    type_kind::print_done::<Workflow>(format, "Undeprecated", &t)
}
