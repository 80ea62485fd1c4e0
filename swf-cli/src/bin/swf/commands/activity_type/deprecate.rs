//! `swf activity-type deprecate`.

use swf_core::Client;
use swf_core::types::DeprecateActivityTypeInput;

use crate::args::TypeRef;
use crate::error::CliError;
use crate::output::{self, Format};

/// Deprecates the activity type.
pub(super) async fn run(client: &Client, t: TypeRef, format: Format) -> Result<(), CliError> {
    client
        .deprecate_activity_type(DeprecateActivityTypeInput {
            domain: t.domain.domain.clone(),
            activity_type: t.activity_type(),
        })
        .await?;
    output::done(
        format,
        &format!("Deprecated activity type {} {}.", t.name, t.version),
    )
}
