//! `swf activity-type delete`.

use swf_core::Client;
use swf_core::types::DeleteActivityTypeInput;

use crate::args::TypeRef;
use crate::error::CliError;
use crate::output::Format;
use crate::type_kind::{self, Activity};

/// Deletes the activity type.
pub(super) async fn run(client: &Client, t: TypeRef, format: Format) -> Result<(), CliError> {
    type_kind::change::<Activity, _>(t, format, "Deleted", |domain, activity_type| {
        client.delete_activity_type(DeleteActivityTypeInput {
            domain,
            activity_type,
        })
    })
    .await
}
