//! `swf activity-type undeprecate`.

use swf_core::Client;

use crate::args::TypeRef;
use crate::error::CliError;
use crate::output::Format;
use crate::type_kind::{self, Activity, TypeRequest};

/// Undeprecates the activity type.
pub(super) async fn run(client: &Client, t: TypeRef, format: Format) -> Result<(), CliError> {
    client
        .undeprecate_activity_type(TypeRequest::naming(&t))
        .await?;
    type_kind::print_done::<Activity>(format, "Undeprecated", &t)
}
