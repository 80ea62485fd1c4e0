//! `swf activity-type undeprecate`.

use swf_core::Client;
use swf_core::types::UndeprecateActivityTypeInput;

use crate::args::TypeRef;
use crate::error::CliError;
use crate::output::{self, Format};

/// Undeprecates the activity type.
pub(super) async fn run(client: &Client, t: TypeRef, format: Format) -> Result<(), CliError> {
    client
        .undeprecate_activity_type(UndeprecateActivityTypeInput {
            domain: t.domain.domain.clone(),
            activity_type: t.activity_type(),
        })
        .await?;
    output::done(
        format,
        &format!("Undeprecated activity type {} {}.", t.name, t.version),
    )
}
