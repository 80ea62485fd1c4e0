//! `swf activity-type delete`.

use swf_core::Client;
use swf_core::types::DeleteActivityTypeInput;

use crate::args::TypeRef;
use crate::error::CliError;
use crate::output::{self, Format};

/// Deletes the activity type.
pub(super) async fn run(client: &Client, t: TypeRef, format: Format) -> Result<(), CliError> {
    client
        .delete_activity_type(DeleteActivityTypeInput {
            domain: t.domain.domain.clone(),
            activity_type: t.activity_type(),
        })
        .await?;
    output::done(
        format,
        &format!("Deleted activity type {} {}.", t.name, t.version),
    )
}
