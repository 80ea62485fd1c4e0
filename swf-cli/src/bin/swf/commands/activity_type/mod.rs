//! `swf activity-type`: register, list, describe, deprecate, undeprecate and delete the activity
//! types of a domain.
//!
//! The verbs are those of `swf workflow-type`, over different SWF structures. What both families
//! do alike (naming the type in a request, printing the answer) is written once in `type_kind`;
//! each command's file keeps its flags and the SWF operation it calls.

mod delete;
mod deprecate;
mod describe;
mod list;
mod register;
mod undeprecate;

use clap::Subcommand;
use swf_core::Client;

use crate::args::{TypeQuery, TypeRef};
use crate::error::CliError;
use crate::output::Format;

const ACTIVITY_TYPE_HELP: &str = "\
Examples:
  swf activity-type register charge v1 -d shop --default-task-list payments \\
      --default-task-start-to-close-timeout 30s --default-task-schedule-to-close-timeout 5m \\
      --default-task-schedule-to-start-timeout NONE --default-task-heartbeat-timeout NONE
  swf activity-type list -d shop
  swf activity-type describe charge v1 -d shop
  swf activity-type deprecate charge v1 -d shop

Timeouts are SWF's: whole seconds, or NONE for no limit; 90s, 5m, 1h and 1h30m are accepted too.";

/// `swf activity-type …`
#[derive(Debug, Subcommand)]
#[command(after_help = ACTIVITY_TYPE_HELP)]
pub(crate) enum ActivityTypeCommand {
    /// Register an activity type with its defaults.
    #[command(after_help = ACTIVITY_TYPE_HELP)]
    Register(register::RegisterActivityArgs),
    /// List the activity types of a domain.
    #[command(after_help = ACTIVITY_TYPE_HELP)]
    List(TypeQuery),
    /// Show an activity type's status and defaults.
    #[command(after_help = ACTIVITY_TYPE_HELP)]
    Describe(TypeRef),
    /// Deprecate an activity type: no new tasks of it can be scheduled.
    #[command(after_help = ACTIVITY_TYPE_HELP)]
    Deprecate(TypeRef),
    /// Undeprecate a deprecated activity type.
    #[command(after_help = ACTIVITY_TYPE_HELP)]
    Undeprecate(TypeRef),
    /// Delete a deprecated activity type.
    #[command(after_help = ACTIVITY_TYPE_HELP)]
    Delete(TypeRef),
}

/// Runs one `swf activity-type` command.
pub(crate) async fn run(
    client: &Client,
    command: ActivityTypeCommand,
    format: Format,
) -> Result<(), CliError> {
    match command {
        ActivityTypeCommand::Register(args) => register::run(client, args, format).await,
        ActivityTypeCommand::List(args) => list::run(client, args, format).await,
        ActivityTypeCommand::Describe(t) => describe::run(client, t, format).await,
        ActivityTypeCommand::Deprecate(t) => deprecate::run(client, t, format).await,
        ActivityTypeCommand::Undeprecate(t) => undeprecate::run(client, t, format).await,
        ActivityTypeCommand::Delete(t) => delete::run(client, t, format).await,
    }
}
