//! `swf activity-type deprecate`.

use swf_core::Client;
use swf_core::types::DeprecateActivityTypeInput;

use crate::args::TypeRef;
use crate::error::CliError;
use crate::output::Format;
use crate::type_kind::{self, Activity};

/// Deprecates the activity type.
pub(super) async fn run(client: &Client, t: TypeRef, format: Format) -> Result<(), CliError> {
    type_kind::change::<Activity, _>(t, format, "Deprecated", |domain, activity_type| {
        client.deprecate_activity_type(DeprecateActivityTypeInput {
            domain,
            activity_type,
        })
    })
    .await
}
