//! `swf workflow-type list`.

use futures::TryStreamExt;
use swf_core::Client;
use swf_core::types::ListWorkflowTypesInput;

use crate::args::TypeListArgs;
use crate::error::CliError;
use crate::output::Format;
use crate::type_kind::{self, Workflow};

/// Lists the workflow types of the domain, every page of them.
pub(super) async fn run(
    client: &Client,
    args: TypeListArgs,
    format: Format,
) -> Result<(), CliError> {
    let (domain, name, registration_status) = args.query();
    let input = ListWorkflowTypesInput {
        domain,
        name,
        registration_status,
        ..Default::default()
    };
    let type_infos = client
        .list_workflow_types_stream(input)
        .try_collect()
        .await?;
    type_kind::print_list::<Workflow>(type_infos, format)
}
