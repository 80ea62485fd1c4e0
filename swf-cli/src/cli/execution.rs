//! `swf execution`: starting, steering, finding and waiting for workflow executions.

use std::time::Duration;

use clap::Subcommand;
use swf_core::types::{ChildPolicy, CloseStatus, Timestamp};

use super::{DomainArg, ExecutionArgs, InputArgs, parse_wire_enum};
use crate::duration::parse_timeout;
use crate::time::parse_when;

const EXECUTION_HELP: &str = "\
Examples:
  swf execution start order-1 -d shop --type order --type-version v1 --input '{\"sku\": 42}'
  swf execution start order-2 -d shop --type order --type-version v1 --input-file order.json
  echo '{\"sku\": 7}' | swf execution start order-3 -d shop --type order --type-version v1 --input -
  swf execution signal order-1 approve -d shop --input yes
  swf execution describe order-1 -d shop
  swf execution list -d shop --type order
  swf execution list -d shop --closed --close-status failed --started-after 2h
  swf execution count -d shop --closed --closed-after 2024-05-01
  swf execution wait order-1 -d shop --timeout 5m
  swf execution request-cancel order-1 -d shop
  swf execution terminate order-1 -d shop --reason 'stuck on a bad deploy'

Times (--started-after and the like) are RFC 3339 (2024-05-01T10:00:00Z), a date (2024-05-01),
seconds since the epoch, `now`, or a duration meaning that long ago (2h, 7d).";

/// `swf execution …`
#[derive(Debug, Subcommand)]
#[command(after_help = EXECUTION_HELP)]
pub(crate) enum ExecutionCommand {
    /// Start a workflow execution.
    #[command(after_help = EXECUTION_HELP)]
    Start(StartArgs),
    /// Send a signal to an open execution.
    #[command(after_help = EXECUTION_HELP)]
    Signal(SignalArgs),
    /// Ask an open execution to cancel itself (its decider decides how).
    #[command(after_help = EXECUTION_HELP)]
    RequestCancel {
        #[command(flatten)]
        domain: DomainArg,
        #[command(flatten)]
        execution: ExecutionArgs,
    },
    /// Close an open execution at once, without its decider.
    #[command(after_help = EXECUTION_HELP)]
    Terminate(TerminateArgs),
    /// Show an execution's status, configuration and open work.
    #[command(after_help = EXECUTION_HELP)]
    Describe {
        #[command(flatten)]
        domain: DomainArg,
        #[command(flatten)]
        execution: ExecutionArgs,
    },
    /// List open executions, or closed ones with --closed.
    #[command(after_help = EXECUTION_HELP)]
    List(ListArgs),
    /// Count open executions, or closed ones with --closed.
    #[command(after_help = EXECUTION_HELP)]
    Count(CountArgs),
    /// Wait until an execution closes; print its result, or its failure and exit non-zero.
    #[command(after_help = EXECUTION_HELP)]
    Wait(WaitArgs),
}

/// `swf execution start`
#[derive(Debug, clap::Args)]
pub(crate) struct StartArgs {
    #[command(flatten)]
    pub(crate) domain: DomainArg,
    /// The workflow id: your name for this execution, unique among open executions.
    pub(crate) workflow_id: String,
    /// The workflow type's name.
    #[arg(long = "type", value_name = "NAME")]
    pub(crate) type_name: String,
    /// The workflow type's version.
    #[arg(long, value_name = "VERSION")]
    pub(crate) type_version: String,
    #[command(flatten)]
    pub(crate) input: InputArgs,
    /// The decision task list [default: the type's].
    #[arg(long, value_name = "NAME")]
    pub(crate) task_list: Option<String>,
    /// A tag to find the execution by; repeat for several (at most 5).
    #[arg(long = "tag", value_name = "TAG")]
    pub(crate) tags: Vec<String>,
    /// Limit on the whole execution [default: the type's].
    #[arg(long, value_name = "TIMEOUT", value_parser = parse_timeout)]
    pub(crate) execution_start_to_close_timeout: Option<String>,
    /// Limit on one decision task [default: the type's].
    #[arg(long, value_name = "TIMEOUT", value_parser = parse_timeout)]
    pub(crate) task_start_to_close_timeout: Option<String>,
    /// What happens to children if this execution is terminated or times out: TERMINATE,
    /// REQUEST_CANCEL or ABANDON [default: the type's].
    #[arg(long, value_name = "POLICY", value_parser = parse_wire_enum::<ChildPolicy>(ChildPolicy::VALUES))]
    pub(crate) child_policy: Option<ChildPolicy>,
    /// The decision task priority [default: the type's].
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub(crate) task_priority: Option<String>,
    /// The IAM role Lambda tasks run as [default: the type's].
    #[arg(long, value_name = "ARN")]
    pub(crate) lambda_role: Option<String>,
}

/// `swf execution signal`
#[derive(Debug, clap::Args)]
pub(crate) struct SignalArgs {
    #[command(flatten)]
    pub(crate) domain: DomainArg,
    /// The workflow id.
    pub(crate) workflow_id: String,
    /// The signal's name.
    pub(crate) signal: String,
    /// The run [default: the open run].
    #[arg(long)]
    pub(crate) run_id: Option<String>,
    #[command(flatten)]
    pub(crate) input: InputArgs,
}

/// `swf execution terminate`
#[derive(Debug, clap::Args)]
pub(crate) struct TerminateArgs {
    #[command(flatten)]
    pub(crate) domain: DomainArg,
    /// The workflow id.
    pub(crate) workflow_id: String,
    /// The run [default: the open run].
    #[arg(long)]
    pub(crate) run_id: Option<String>,
    /// Why, in a few words (recorded in the history).
    #[arg(long)]
    pub(crate) reason: Option<String>,
    /// More details (recorded in the history).
    #[arg(long)]
    pub(crate) details: Option<String>,
    /// What happens to the execution's children: TERMINATE, REQUEST_CANCEL or ABANDON
    /// [default: the execution's].
    #[arg(long, value_name = "POLICY", value_parser = parse_wire_enum::<ChildPolicy>(ChildPolicy::VALUES))]
    pub(crate) child_policy: Option<ChildPolicy>,
}

/// The filters of `list` and `count`, as SWF offers them.
///
/// SWF takes at most one of --workflow-id, --type, --tag and --close-status, and for closed
/// executions one time filter: by start time or by close time, not both. Combining them is an
/// error that says so before anything is sent.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct FilterArgs {
    #[command(flatten)]
    pub(crate) domain: DomainArg,
    /// Closed executions instead of open ones.
    #[arg(long)]
    pub(crate) closed: bool,
    /// Only executions started at or after this time.
    #[arg(long, value_name = "TIME", value_parser = parse_when)]
    pub(crate) started_after: Option<Timestamp>,
    /// Only executions started at or before this time.
    #[arg(long, value_name = "TIME", value_parser = parse_when)]
    pub(crate) started_before: Option<Timestamp>,
    /// Only executions closed at or after this time (implies --closed).
    #[arg(long, value_name = "TIME", value_parser = parse_when)]
    pub(crate) closed_after: Option<Timestamp>,
    /// Only executions closed at or before this time (implies --closed).
    #[arg(long, value_name = "TIME", value_parser = parse_when)]
    pub(crate) closed_before: Option<Timestamp>,
    /// Only executions with this workflow id.
    #[arg(long, value_name = "ID")]
    pub(crate) workflow_id: Option<String>,
    /// Only executions of this workflow type.
    #[arg(long = "type", value_name = "NAME")]
    pub(crate) type_name: Option<String>,
    /// Only executions of this version of the --type.
    #[arg(long, value_name = "VERSION", requires = "type_name")]
    pub(crate) type_version: Option<String>,
    /// Only executions carrying this tag.
    #[arg(long)]
    pub(crate) tag: Option<String>,
    /// Only executions that closed this way (implies --closed): COMPLETED, FAILED, CANCELED,
    /// TERMINATED, CONTINUED_AS_NEW or TIMED_OUT.
    #[arg(long, value_name = "STATUS", value_parser = parse_wire_enum::<CloseStatus>(CloseStatus::VALUES))]
    pub(crate) close_status: Option<CloseStatus>,
}

/// `swf execution list`
#[derive(Debug, clap::Args)]
pub(crate) struct ListArgs {
    #[command(flatten)]
    pub(crate) filters: FilterArgs,
    /// Stop after this many executions [default: all].
    #[arg(long, value_name = "N")]
    pub(crate) max_items: Option<usize>,
    /// Oldest first (SWF lists newest first).
    #[arg(long)]
    pub(crate) oldest_first: bool,
}

/// `swf execution count`
#[derive(Debug, clap::Args)]
pub(crate) struct CountArgs {
    #[command(flatten)]
    pub(crate) filters: FilterArgs,
}

/// `swf execution wait`
#[derive(Debug, clap::Args)]
pub(crate) struct WaitArgs {
    #[command(flatten)]
    pub(crate) domain: DomainArg,
    #[command(flatten)]
    pub(crate) execution: ExecutionArgs,
    /// Give up after this long (exit code 4) [default: wait as long as it takes].
    #[arg(long, value_name = "DURATION", value_parser = crate::duration::parse)]
    pub(crate) timeout: Option<Duration>,
    /// Stop at a run that continued as new instead of following it to the new run.
    #[arg(long)]
    pub(crate) no_follow: bool,
}
