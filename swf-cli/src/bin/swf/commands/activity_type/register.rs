//! `swf activity-type register`.

use swf_core::Client;
use swf_core::types::{RegisterActivityTypeInput, TaskList};

use crate::args::TypeRef;
use crate::duration::parse_timeout;
use crate::error::CliError;
use crate::output::Format;
use crate::type_kind::{self, Activity};

/// `swf activity-type register`
#[derive(Debug, clap::Args)]
pub(crate) struct RegisterActivityArgs {
    #[command(flatten)]
    type_ref: TypeRef,
    /// A description.
    #[arg(long)]
    description: Option<String>,
    /// The task list tasks of this type go to when the decider names none.
    #[arg(long, value_name = "NAME")]
    default_task_list: Option<String>,
    /// The default task priority (an integer; higher runs first).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    default_task_priority: Option<String>,
    /// Default limit from a worker taking a task to its answer.
    #[arg(long, value_name = "TIMEOUT", value_parser = parse_timeout)]
    default_task_start_to_close_timeout: Option<String>,
    /// Default limit from scheduling a task to its answer.
    #[arg(long, value_name = "TIMEOUT", value_parser = parse_timeout)]
    default_task_schedule_to_close_timeout: Option<String>,
    /// Default limit from scheduling a task to a worker taking it.
    #[arg(long, value_name = "TIMEOUT", value_parser = parse_timeout)]
    default_task_schedule_to_start_timeout: Option<String>,
    /// Default limit between two heartbeats of a running task.
    #[arg(long, value_name = "TIMEOUT", value_parser = parse_timeout)]
    default_task_heartbeat_timeout: Option<String>,
}

/// Registers the activity type with its defaults.
pub(super) async fn run(
    client: &Client,
    args: RegisterActivityArgs,
    format: Format,
) -> Result<(), CliError> {
    let t = args.type_ref;
    client
        .register_activity_type(RegisterActivityTypeInput {
            domain: t.domain.domain.clone(),
            name: t.name.clone(),
            version: t.version.clone(),
            description: args.description,
            default_task_list: args.default_task_list.map(|name| TaskList { name }),
            default_task_priority: args.default_task_priority,
            default_task_start_to_close_timeout: args.default_task_start_to_close_timeout,
            default_task_schedule_to_close_timeout: args.default_task_schedule_to_close_timeout,
            default_task_schedule_to_start_timeout: args.default_task_schedule_to_start_timeout,
            default_task_heartbeat_timeout: args.default_task_heartbeat_timeout,
        })
        .await?;
    type_kind::print_done::<Activity>(format, "Registered", &t)
}
