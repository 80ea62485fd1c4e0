//! `swf activity-type delete`.

use swf_core::Client;

use crate::args::TypeRef;
use crate::error::CliError;
use crate::output::Format;
use crate::type_kind::{self, Activity, TypeRequest};

/// Deletes the activity type.
pub(super) async fn run(client: &Client, t: TypeRef, format: Format) -> Result<(), CliError> {
    client.delete_activity_type(TypeRequest::naming(&t)).await?;
    type_kind::print_done::<Activity>(format, "Deleted", &t)
}
