//! The command line's root: the command families, the settings every command shares, and the
//! help that introduces them.
//!
//! Each family's subcommands, with their flags and what they do, are in `commands/<family>/`;
//! the argument groups several commands share are in `args`.

use clap::{Parser, Subcommand};

use crate::args::GlobalArgs;
#[cfg(feature = "local")]
use crate::commands::local;
use crate::commands::{activity_type, domain, execution, history, workflow_type};

const ROOT_HELP: &str = "\
Examples:
  swf local                                   # an SWF service on 127.0.0.1:8720, in memory
  export AWS_ENDPOINT_URL_SWF=http://127.0.0.1:8720 SWF_DOMAIN=shop
  swf domain register shop --retention-days 7
  swf workflow-type register order v1 --default-task-list deciders \\
      --default-execution-start-to-close-timeout 1h --default-task-start-to-close-timeout 30s
  swf execution start order-1 --type order --type-version v1 --input '{\"sku\": 42}'
  swf execution wait order-1
  swf history show order-1

Configuration, as the AWS SDKs and CLI resolve it:
  region       --region, AWS_REGION, AWS_DEFAULT_REGION, then the profile
  endpoint     --endpoint-url, AWS_ENDPOINT_URL_SWF, AWS_ENDPOINT_URL, then the region's
  credentials  the standard chain (environment, profiles, SSO, web identity, ECS, IMDS)
  On a loopback endpoint (localhost, 127.0.0.1, ::1) without AWS_ACCESS_KEY_ID or AWS_PROFILE set,
  `swf` signs with dummy credentials and defaults the region to us-east-1: local services do not
  check them.

Exit status:
  0  success
  1  the command failed (the reason is on stderr)
  2  usage error: unknown flag, missing argument, flags that cannot be combined
  3  `execution wait`: the execution closed without completing
  4  `execution wait --timeout`: the execution is still open";

/// The Amazon SWF command line: domains, types, executions and histories, on any endpoint.
#[derive(Debug, Parser)]
#[command(name = "swf", version, after_help = ROOT_HELP)]
pub(crate) struct Cli {
    /// Settings every command shares.
    #[command(flatten)]
    pub(crate) global: GlobalArgs,
    /// What to do.
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// The command families.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Run an SWF-compatible service on this machine (swf-local).
    #[cfg(feature = "local")]
    Local(local::LocalArgs),
    /// Register, list, describe, deprecate and undeprecate domains.
    #[command(subcommand)]
    Domain(domain::DomainCommand),
    /// Register, list, describe, deprecate, undeprecate and delete activity types.
    #[command(subcommand)]
    ActivityType(activity_type::ActivityTypeCommand),
    /// Register, list, describe, deprecate, undeprecate and delete workflow types.
    #[command(subcommand)]
    WorkflowType(workflow_type::WorkflowTypeCommand),
    /// Start, signal, cancel, terminate, describe, list, count and wait for workflow executions.
    #[command(subcommand)]
    Execution(execution::ExecutionCommand),
    /// Save a workflow execution's history as JSON, or show it as a timeline.
    #[command(subcommand)]
    History(history::HistoryCommand),
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn definitions_are_consistent() {
        Cli::command().debug_assert();
    }
}
