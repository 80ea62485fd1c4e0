//! The command line's shape: every command, flag and help text, as `clap` derives.
//!
//! Only definitions live here (in this file the root and the argument groups several commands
//! share, in `cli/` one file per command family); what a command does is in the module named after
//! its family. Flags are named after SWF's own members in kebab-case (`--task-start-to-close-timeout`),
//! as the AWS CLI names them, so that the service's documentation applies word for word.

mod execution;
mod history;
#[cfg(feature = "local")]
mod local;
mod registry;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::output::Format;

pub(crate) use execution::{
    CountArgs, ExecutionCommand, FilterArgs, ListArgs, SignalArgs, StartArgs, TerminateArgs,
    WaitArgs,
};
pub(crate) use history::{GetArgs, HistoryCommand, ShowArgs};
#[cfg(feature = "local")]
pub(crate) use local::LocalArgs;
pub(crate) use registry::{
    ActivityTypeCommand, DomainCommand, DomainListArgs, DomainRegisterArgs, RegisterActivityArgs,
    RegisterWorkflowArgs, TypeListArgs, TypeRef, WorkflowTypeCommand,
};

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

/// Where the service is and how to print; accepted before or after the subcommand.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct GlobalArgs {
    /// The SWF endpoint [default: AWS_ENDPOINT_URL_SWF, AWS_ENDPOINT_URL, or the region's].
    #[arg(long, global = true, value_name = "URL")]
    pub(crate) endpoint_url: Option<String>,

    /// The AWS region [default: AWS_REGION, AWS_DEFAULT_REGION, or the profile's].
    #[arg(long, global = true)]
    pub(crate) region: Option<String>,

    /// How to print results: aligned tables for people, or the service's JSON for scripts.
    #[arg(long, short = 'o', global = true, value_enum, default_value_t = Format::Table, env = "SWF_OUTPUT")]
    pub(crate) output: Format,
}

/// The command families.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Run an SWF-compatible service on this machine (swf-local).
    #[cfg(feature = "local")]
    Local(LocalArgs),
    /// Register, list, describe, deprecate and undeprecate domains.
    #[command(subcommand)]
    Domain(DomainCommand),
    /// Register, list, describe, deprecate, undeprecate and delete activity types.
    #[command(subcommand)]
    ActivityType(ActivityTypeCommand),
    /// Register, list, describe, deprecate, undeprecate and delete workflow types.
    #[command(subcommand)]
    WorkflowType(WorkflowTypeCommand),
    /// Start, signal, cancel, terminate, describe, list, count and wait for workflow executions.
    #[command(subcommand)]
    Execution(ExecutionCommand),
    /// Save a workflow execution's history as JSON, or show it as a timeline.
    #[command(subcommand)]
    History(HistoryCommand),
}

/// The domain a command works in.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct DomainArg {
    /// The SWF domain.
    #[arg(long, short = 'd', env = "SWF_DOMAIN")]
    pub(crate) domain: String,
}

/// One workflow execution: a workflow id, and a run id to pick a run other than the latest.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct ExecutionArgs {
    /// The workflow id.
    pub(crate) workflow_id: String,
    /// The run [default: the open run, or else the latest one].
    #[arg(long)]
    pub(crate) run_id: Option<String>,
}

/// A payload: text, a file, or standard input.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct InputArgs {
    /// The input, as text; `-` reads it from standard input.
    #[arg(long, value_name = "TEXT", conflicts_with = "input_file")]
    pub(crate) input: Option<String>,
    /// Read the input from this file (sent exactly as the file holds it).
    #[arg(long, value_name = "PATH")]
    pub(crate) input_file: Option<PathBuf>,
}

/// Parses one of an SWF enum's values, in any case and with `-` for `_`
/// (`request-cancel` is `REQUEST_CANCEL`).
pub(crate) fn parse_wire_enum<T: From<String>>(
    values: &'static [&'static str],
) -> impl Fn(&str) -> Result<T, String> + Clone + Send + Sync + 'static {
    move |text: &str| {
        let wanted = text.trim().to_ascii_uppercase().replace('-', "_");
        match values.iter().find(|v| **v == wanted) {
            Some(v) => Ok(T::from((*v).to_string())),
            None => Err(format!("{text:?} is not one of {}", values.join(", "))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn definitions_are_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn enums_parse_in_any_case() {
        use swf_core::types::ChildPolicy;
        let parse = parse_wire_enum::<ChildPolicy>(ChildPolicy::VALUES);
        assert_eq!(parse("request-cancel").unwrap(), ChildPolicy::RequestCancel);
        assert_eq!(parse("ABANDON").unwrap(), ChildPolicy::Abandon);
        assert!(
            parse("kill")
                .unwrap_err()
                .contains("TERMINATE, REQUEST_CANCEL, ABANDON")
        );
    }
}
