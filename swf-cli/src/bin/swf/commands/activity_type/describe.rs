//! `swf activity-type describe`.

use swf_core::Client;
use swf_core::types::{ActivityTypeDetail, DescribeActivityTypeInput};

use crate::args::TypeRef;
use crate::display::seconds;
use crate::error::CliError;
use crate::output::{self, Details, Format};
use crate::time;

/// Prints the activity type's status and defaults.
pub(super) async fn run(client: &Client, t: TypeRef, format: Format) -> Result<(), CliError> {
    let detail = client
        .describe_activity_type(DescribeActivityTypeInput {
            domain: t.domain.domain.clone(),
            activity_type: t.activity_type(),
        })
        .await?;
    match format {
        Format::Json => output::print_json(&detail),
        Format::Table => output::print(&details(&detail).render()),
    }
}

fn details(detail: &ActivityTypeDetail) -> Details {
    let (info, c) = (&detail.type_info, &detail.configuration);
    let mut d = Details::new();
    d.add("name", &info.activity_type.name)
        .add("version", &info.activity_type.version)
        .add("status", info.status.to_string())
        .add_opt("description", info.description.as_deref())
        .add("created", time::format(info.creation_date))
        .add_opt("deprecated", info.deprecation_date.map(time::format))
        .add_opt(
            "default task list",
            c.default_task_list.as_ref().map(|t| t.name.as_str()),
        )
        .add_opt("default task priority", c.default_task_priority.as_deref())
        .add_opt(
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
    d
}
