//! `swf domain`, `swf activity-type` and `swf workflow-type`: what is registered with SWF.

use clap::Subcommand;
use swf_core::types::ChildPolicy;

use super::{DomainArg, parse_wire_enum};
use crate::duration::parse_timeout;

const DOMAIN_HELP: &str = "\
Examples:
  swf domain register shop --retention-days 7 --description 'orders and payments'
  swf domain list
  swf domain list --deprecated -o json
  swf domain describe shop
  swf domain deprecate shop";

const ACTIVITY_TYPE_HELP: &str = "\
Examples:
  swf activity-type register charge v1 -d shop --default-task-list payments \\
      --default-task-start-to-close-timeout 30s --default-task-schedule-to-close-timeout 5m \\
      --default-task-schedule-to-start-timeout NONE --default-task-heartbeat-timeout NONE
  swf activity-type list -d shop
  swf activity-type describe charge v1 -d shop
  swf activity-type deprecate charge v1 -d shop

Timeouts are SWF's: whole seconds, or NONE for no limit; 90s, 5m, 1h and 1h30m are accepted too.";

const WORKFLOW_TYPE_HELP: &str = "\
Examples:
  swf workflow-type register order v1 -d shop --default-task-list deciders \\
      --default-execution-start-to-close-timeout 1h --default-task-start-to-close-timeout 30s \\
      --default-child-policy terminate
  swf workflow-type list -d shop --name order
  swf workflow-type describe order v1 -d shop
  swf workflow-type deprecate order v1 -d shop

Timeouts are SWF's: whole seconds, or NONE for no limit; 90s, 5m, 1h and 1h30m are accepted too.";

/// `swf domain …`
#[derive(Debug, Subcommand)]
#[command(after_help = DOMAIN_HELP)]
pub(crate) enum DomainCommand {
    /// Register a domain.
    #[command(after_help = DOMAIN_HELP)]
    Register(DomainRegisterArgs),
    /// List registered (or deprecated) domains.
    #[command(after_help = DOMAIN_HELP)]
    List(DomainListArgs),
    /// Show a domain's status and configuration.
    #[command(after_help = DOMAIN_HELP)]
    Describe {
        /// The domain.
        name: String,
    },
    /// Deprecate a domain: no new executions or types; open executions run on.
    #[command(after_help = DOMAIN_HELP)]
    Deprecate {
        /// The domain.
        name: String,
    },
    /// Undeprecate a deprecated domain.
    #[command(after_help = DOMAIN_HELP)]
    Undeprecate {
        /// The domain.
        name: String,
    },
}

/// `swf domain register`
#[derive(Debug, clap::Args)]
pub(crate) struct DomainRegisterArgs {
    /// The domain's name.
    pub(crate) name: String,
    /// How many days SWF keeps the history of closed executions (0 to 90, or NONE).
    #[arg(long, value_name = "DAYS", default_value = "7")]
    pub(crate) retention_days: String,
    /// A description.
    #[arg(long)]
    pub(crate) description: Option<String>,
    /// A tag, as KEY=VALUE or KEY; repeat for several.
    #[arg(long = "tag", value_name = "KEY=VALUE")]
    pub(crate) tags: Vec<String>,
}

/// `swf domain list`
#[derive(Debug, clap::Args)]
pub(crate) struct DomainListArgs {
    /// List deprecated domains instead of registered ones.
    #[arg(long)]
    pub(crate) deprecated: bool,
}

/// `swf activity-type …`
#[derive(Debug, Subcommand)]
#[command(after_help = ACTIVITY_TYPE_HELP)]
pub(crate) enum ActivityTypeCommand {
    /// Register an activity type with its defaults.
    #[command(after_help = ACTIVITY_TYPE_HELP)]
    Register(RegisterActivityArgs),
    /// List the activity types of a domain.
    #[command(after_help = ACTIVITY_TYPE_HELP)]
    List(TypeListArgs),
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

/// `swf workflow-type …`
#[derive(Debug, Subcommand)]
#[command(after_help = WORKFLOW_TYPE_HELP)]
pub(crate) enum WorkflowTypeCommand {
    /// Register a workflow type with its defaults.
    #[command(after_help = WORKFLOW_TYPE_HELP)]
    Register(RegisterWorkflowArgs),
    /// List the workflow types of a domain.
    #[command(after_help = WORKFLOW_TYPE_HELP)]
    List(TypeListArgs),
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

/// One activity or workflow type of a domain.
#[derive(Debug, clap::Args)]
pub(crate) struct TypeRef {
    #[command(flatten)]
    pub(crate) domain: DomainArg,
    /// The type's name.
    pub(crate) name: String,
    /// The type's version.
    pub(crate) version: String,
}

/// `swf activity-type list` and `swf workflow-type list`.
#[derive(Debug, clap::Args)]
pub(crate) struct TypeListArgs {
    #[command(flatten)]
    pub(crate) domain: DomainArg,
    /// Only types of this name.
    #[arg(long)]
    pub(crate) name: Option<String>,
    /// List deprecated types instead of registered ones.
    #[arg(long)]
    pub(crate) deprecated: bool,
}

/// `swf activity-type register`
#[derive(Debug, clap::Args)]
pub(crate) struct RegisterActivityArgs {
    #[command(flatten)]
    pub(crate) type_ref: TypeRef,
    /// A description.
    #[arg(long)]
    pub(crate) description: Option<String>,
    /// The task list tasks of this type go to when the decider names none.
    #[arg(long, value_name = "NAME")]
    pub(crate) default_task_list: Option<String>,
    /// The default task priority (an integer; higher runs first).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub(crate) default_task_priority: Option<String>,
    /// Default limit from a worker taking a task to its answer.
    #[arg(long, value_name = "TIMEOUT", value_parser = parse_timeout)]
    pub(crate) default_task_start_to_close_timeout: Option<String>,
    /// Default limit from scheduling a task to its answer.
    #[arg(long, value_name = "TIMEOUT", value_parser = parse_timeout)]
    pub(crate) default_task_schedule_to_close_timeout: Option<String>,
    /// Default limit from scheduling a task to a worker taking it.
    #[arg(long, value_name = "TIMEOUT", value_parser = parse_timeout)]
    pub(crate) default_task_schedule_to_start_timeout: Option<String>,
    /// Default limit between two heartbeats of a running task.
    #[arg(long, value_name = "TIMEOUT", value_parser = parse_timeout)]
    pub(crate) default_task_heartbeat_timeout: Option<String>,
}

/// `swf workflow-type register`
#[derive(Debug, clap::Args)]
pub(crate) struct RegisterWorkflowArgs {
    #[command(flatten)]
    pub(crate) type_ref: TypeRef,
    /// A description.
    #[arg(long)]
    pub(crate) description: Option<String>,
    /// The task list decision tasks go to when the starter names none.
    #[arg(long, value_name = "NAME")]
    pub(crate) default_task_list: Option<String>,
    /// The default decision task priority (an integer; higher runs first).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub(crate) default_task_priority: Option<String>,
    /// Default limit on a whole execution.
    #[arg(long, value_name = "TIMEOUT", value_parser = parse_timeout)]
    pub(crate) default_execution_start_to_close_timeout: Option<String>,
    /// Default limit on one decision task.
    #[arg(long, value_name = "TIMEOUT", value_parser = parse_timeout)]
    pub(crate) default_task_start_to_close_timeout: Option<String>,
    /// What happens to children when an execution is terminated or times out: TERMINATE,
    /// REQUEST_CANCEL or ABANDON.
    #[arg(long, value_name = "POLICY", value_parser = parse_wire_enum::<ChildPolicy>(ChildPolicy::VALUES))]
    pub(crate) default_child_policy: Option<ChildPolicy>,
    /// The IAM role Lambda tasks of this type run as.
    #[arg(long, value_name = "ARN")]
    pub(crate) default_lambda_role: Option<String>,
}
