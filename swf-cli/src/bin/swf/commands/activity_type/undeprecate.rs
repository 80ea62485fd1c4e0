//! `swf activity-type undeprecate`.

use swf_core::Client;
use swf_core::types::UndeprecateActivityTypeInput;

use crate::args::TypeRef;
use crate::error::CliError;
use crate::output::Format;
use crate::type_kind::{self, Activity};

/// Undeprecates the activity type.
pub(super) async fn run(client: &Client, t: TypeRef, format: Format) -> Result<(), CliError> {
    type_kind::change::<Activity, _>(t, format, "Undeprecated", |domain, activity_type| {
        client.undeprecate_activity_type(UndeprecateActivityTypeInput {
            domain,
            activity_type,
        })
    })
    .await
}
