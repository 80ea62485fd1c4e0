//! `swf workflow-type`: register, list, describe, deprecate, undeprecate and delete the workflow
//! types of a domain.
//!
//! The verbs are those of `swf activity-type`, over different SWF structures. What both families
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

const WORKFLOW_TYPE_HELP: &str = "\
Examples:
  swf workflow-type register order v1 -d shop --default-task-list deciders \\
      --default-execution-start-to-close-timeout 1h --default-task-start-to-close-timeout 30s \\
      --default-child-policy terminate
  swf workflow-type list -d shop --name order
  swf workflow-type describe order v1 -d shop
  swf workflow-type deprecate order v1 -d shop

Timeouts are SWF's: whole seconds, or NONE for no limit; 90s, 5m, 1h and 1h30m are accepted too.";

/// `swf workflow-type …`
#[derive(Debug, Subcommand)]
#[command(after_help = WORKFLOW_TYPE_HELP)]
pub(crate) enum WorkflowTypeCommand {
    /// Register a workflow type with its defaults.
    #[command(after_help = WORKFLOW_TYPE_HELP)]
    Register(register::RegisterWorkflowArgs),
    /// List the workflow types of a domain.
    #[command(after_help = WORKFLOW_TYPE_HELP)]
    List(TypeQuery),
    /// Show a workflow type's status and defaults.
    #[command(after_help = WORKFLOW_TYPE_HELP)]
    Describe(TypeRef),
    /// Deprecate a workflow type: no new executions of it can start.
    #[command(after_help = WORKFLOW_TYPE_HELP)]
    Deprecate(TypeRef),
    /// Undeprecate a deprecated workflow type.
    #[command(after_help = WORKFLOW_TYPE_HELP)]
    Undeprecate(TypeRef),
    /// Delete a deprecated workflow type.
    #[command(after_help = WORKFLOW_TYPE_HELP)]
    Delete(TypeRef),
}

/// Runs one `swf workflow-type` command.
pub(crate) async fn run(
    client: &Client,
    command: WorkflowTypeCommand,
    format: Format,
) -> Result<(), CliError> {
    match command {
        WorkflowTypeCommand::Register(args) => register::run(client, args, format).await,
        WorkflowTypeCommand::List(args) => list::run(client, args, format).await,
        WorkflowTypeCommand::Describe(t) => describe::run(client, t, format).await,
        WorkflowTypeCommand::Deprecate(t) => deprecate::run(client, t, format).await,
        WorkflowTypeCommand::Undeprecate(t) => undeprecate::run(client, t, format).await,
        WorkflowTypeCommand::Delete(t) => delete::run(client, t, format).await,
    }
}
