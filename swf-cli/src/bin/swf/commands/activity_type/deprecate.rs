//! `swf activity-type deprecate`.

use swf_core::Client;

use crate::args::TypeRef;
use crate::error::CliError;
use crate::output::Format;
use crate::type_kind::{self, Activity, TypeRequest};

/// Deprecates the activity type.
pub(super) async fn run(client: &Client, t: TypeRef, format: Format) -> Result<(), CliError> {
    client
        .deprecate_activity_type(TypeRequest::naming(&t))
        .await?;
    type_kind::print_done::<Activity>(format, "Deprecated", &t)
}
