//! `swf activity-type describe`.

use swf_core::Client;
use swf_core::types::ActivityTypeConfiguration;

use crate::args::TypeRef;
use crate::display::seconds;
use crate::error::CliError;
use crate::output::{Details, Format};
use crate::type_kind::{self, Activity, TypeRequest};

/// Prints the activity type's status and defaults.
pub(super) async fn run(client: &Client, t: TypeRef, format: Format) -> Result<(), CliError> {
    let detail = client
        .describe_activity_type(TypeRequest::naming(&t))
        .await?;
    type_kind::print_detail::<Activity>(&detail, format, |d| defaults(d, &detail.configuration))
}

/// The defaults only activity types have.
fn defaults(d: &mut Details, c: &ActivityTypeConfiguration) {
    d.add_opt(
        "default start-to-close",
        c.default_task_start_to_close_timeout
            .as_deref()
            .map(seconds),
    )
    .add_opt(
        "default schedule-to-close",
        c.default_task_schedule_to_close_timeout
            .as_deref()
            .map(seconds),
    )
    .add_opt(
        "default schedule-to-start",
        c.default_task_schedule_to_start_timeout
            .as_deref()
            .map(seconds),
    )
    .add_opt(
        "default heartbeat",
        c.default_task_heartbeat_timeout.as_deref().map(seconds),
    );
}
