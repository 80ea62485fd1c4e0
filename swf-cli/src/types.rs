//! `swf activity-type` and `swf workflow-type`: register, list, describe, deprecate, undeprecate
//! and delete the types of a domain.
//!
//! The two families have the same verbs over different SWF structures, so each verb is written
//! once per family rather than behind a trait: the bodies are a call and a print, and a trait
//! over twelve generated input types would be longer than what it saves.

use futures::TryStreamExt;
use swf_core::Client;
use swf_core::types::*;

use crate::cli::{
    ActivityTypeCommand, RegisterActivityArgs, RegisterWorkflowArgs, TypeListArgs, TypeRef,
    WorkflowTypeCommand,
};
use crate::error::CliError;
use crate::output::{self, Details, Format, Table};
use crate::time;

/// Runs one `swf activity-type` command.
pub(crate) async fn run_activity(
    client: &Client,
    command: ActivityTypeCommand,
    format: Format,
) -> Result<(), CliError> {
    let domain_and_type = |t: &TypeRef| {
        let activity_type = ActivityType {
            name: t.name.clone(),
            version: t.version.clone(),
        };
        (t.domain.domain.clone(), activity_type)
    };
    match command {
        ActivityTypeCommand::Register(args) => register_activity(client, args, format).await,
        ActivityTypeCommand::List(args) => list_activity(client, args, format).await,
        ActivityTypeCommand::Describe(t) => {
            let (domain, activity_type) = domain_and_type(&t);
            let detail = client
                .describe_activity_type(DescribeActivityTypeInput {
                    domain,
                    activity_type,
                })
                .await?;
            match format {
                Format::Json => output::print_json(&detail),
                Format::Table => output::print(&activity_details(&detail).render()),
            }
        }
        ActivityTypeCommand::Deprecate(t) => {
            let (domain, activity_type) = domain_and_type(&t);
            client
                .deprecate_activity_type(DeprecateActivityTypeInput {
                    domain,
                    activity_type,
                })
                .await?;
            output::done(
                format,
                &format!("Deprecated activity type {} {}.", t.name, t.version),
            )
        }
        ActivityTypeCommand::Undeprecate(t) => {
            let (domain, activity_type) = domain_and_type(&t);
            client
                .undeprecate_activity_type(UndeprecateActivityTypeInput {
                    domain,
                    activity_type,
                })
                .await?;
            output::done(
                format,
                &format!("Undeprecated activity type {} {}.", t.name, t.version),
            )
        }
        ActivityTypeCommand::Delete(t) => {
            let (domain, activity_type) = domain_and_type(&t);
            client
                .delete_activity_type(DeleteActivityTypeInput {
                    domain,
                    activity_type,
                })
                .await?;
            output::done(
                format,
                &format!("Deleted activity type {} {}.", t.name, t.version),
            )
        }
    }
}

/// Runs one `swf workflow-type` command.
pub(crate) async fn run_workflow(
    client: &Client,
    command: WorkflowTypeCommand,
    format: Format,
) -> Result<(), CliError> {
    let domain_and_type = |t: &TypeRef| {
        let workflow_type = WorkflowType {
            name: t.name.clone(),
            version: t.version.clone(),
        };
        (t.domain.domain.clone(), workflow_type)
    };
    match command {
        WorkflowTypeCommand::Register(args) => register_workflow(client, args, format).await,
        WorkflowTypeCommand::List(args) => list_workflow(client, args, format).await,
        WorkflowTypeCommand::Describe(t) => {
            let (domain, workflow_type) = domain_and_type(&t);
            let detail = client
                .describe_workflow_type(DescribeWorkflowTypeInput {
                    domain,
                    workflow_type,
                })
                .await?;
            match format {
                Format::Json => output::print_json(&detail),
                Format::Table => output::print(&workflow_details(&detail).render()),
            }
        }
        WorkflowTypeCommand::Deprecate(t) => {
            let (domain, workflow_type) = domain_and_type(&t);
            client
                .deprecate_workflow_type(DeprecateWorkflowTypeInput {
                    domain,
                    workflow_type,
                })
                .await?;
            output::done(
                format,
                &format!("Deprecated workflow type {} {}.", t.name, t.version),
            )
        }
        WorkflowTypeCommand::Undeprecate(t) => {
            let (domain, workflow_type) = domain_and_type(&t);
            client
                .undeprecate_workflow_type(UndeprecateWorkflowTypeInput {
                    domain,
                    workflow_type,
                })
                .await?;
            output::done(
                format,
                &format!("Undeprecated workflow type {} {}.", t.name, t.version),
            )
        }
        WorkflowTypeCommand::Delete(t) => {
            let (domain, workflow_type) = domain_and_type(&t);
            client
                .delete_workflow_type(DeleteWorkflowTypeInput {
                    domain,
                    workflow_type,
                })
                .await?;
            output::done(
                format,
                &format!("Deleted workflow type {} {}.", t.name, t.version),
            )
        }
    }
}

async fn register_activity(
    client: &Client,
    args: RegisterActivityArgs,
    format: Format,
) -> Result<(), CliError> {
    let t = args.type_ref;
    client
        .register_activity_type(RegisterActivityTypeInput {
            domain: t.domain.domain,
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
    output::done(
        format,
        &format!("Registered activity type {} {}.", t.name, t.version),
    )
}

async fn register_workflow(
    client: &Client,
    args: RegisterWorkflowArgs,
    format: Format,
) -> Result<(), CliError> {
    let t = args.type_ref;
    client
        .register_workflow_type(RegisterWorkflowTypeInput {
            domain: t.domain.domain,
            name: t.name.clone(),
            version: t.version.clone(),
            description: args.description,
            default_task_list: args.default_task_list.map(|name| TaskList { name }),
            default_task_priority: args.default_task_priority,
            default_execution_start_to_close_timeout: args.default_execution_start_to_close_timeout,
            default_task_start_to_close_timeout: args.default_task_start_to_close_timeout,
            default_child_policy: args.default_child_policy,
            default_lambda_role: args.default_lambda_role,
        })
        .await?;
    output::done(
        format,
        &format!("Registered workflow type {} {}.", t.name, t.version),
    )
}

fn registration_status(args: &TypeListArgs) -> RegistrationStatus {
    match args.deprecated {
        true => RegistrationStatus::Deprecated,
        false => RegistrationStatus::Registered,
    }
}

const TYPE_COLUMNS: &[&str] = &["NAME", "VERSION", "STATUS", "CREATED", "DESCRIPTION"];

async fn list_activity(
    client: &Client,
    args: TypeListArgs,
    format: Format,
) -> Result<(), CliError> {
    let type_infos: Vec<ActivityTypeInfo> = client
        .list_activity_types_stream(ListActivityTypesInput {
            domain: args.domain.domain.clone(),
            name: args.name.clone(),
            registration_status: registration_status(&args),
            ..Default::default()
        })
        .try_collect()
        .await?;
    match format {
        Format::Json => output::print_json(&ActivityTypeInfos {
            type_infos,
            next_page_token: None,
        }),
        Format::Table => {
            let mut table = Table::new(TYPE_COLUMNS);
            for t in type_infos {
                table.row(vec![
                    t.activity_type.name,
                    t.activity_type.version,
                    t.status.to_string(),
                    time::format(t.creation_date),
                    t.description.unwrap_or_default(),
                ]);
            }
            output::print(&table.render())
        }
    }
}

async fn list_workflow(
    client: &Client,
    args: TypeListArgs,
    format: Format,
) -> Result<(), CliError> {
    let type_infos: Vec<WorkflowTypeInfo> = client
        .list_workflow_types_stream(ListWorkflowTypesInput {
            domain: args.domain.domain.clone(),
            name: args.name.clone(),
            registration_status: registration_status(&args),
            ..Default::default()
        })
        .try_collect()
        .await?;
    match format {
        Format::Json => output::print_json(&WorkflowTypeInfos {
            type_infos,
            next_page_token: None,
        }),
        Format::Table => {
            let mut table = Table::new(TYPE_COLUMNS);
            for t in type_infos {
                table.row(vec![
                    t.workflow_type.name,
                    t.workflow_type.version,
                    t.status.to_string(),
                    time::format(t.creation_date),
                    t.description.unwrap_or_default(),
                ]);
            }
            output::print(&table.render())
        }
    }
}

fn activity_details(detail: &ActivityTypeDetail) -> Details {
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

fn workflow_details(detail: &WorkflowTypeDetail) -> Details {
    let (info, c) = (&detail.type_info, &detail.configuration);
    let mut d = Details::new();
    d.add("name", &info.workflow_type.name)
        .add("version", &info.workflow_type.version)
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
            "default execution timeout",
            c.default_execution_start_to_close_timeout
                .as_deref()
                .map(seconds),
        )
        .add_opt(
            "default task timeout",
            c.default_task_start_to_close_timeout
                .as_deref()
                .map(seconds),
        )
        .add_opt(
            "default child policy",
            c.default_child_policy.as_ref().map(|p| p.to_string()),
        )
        .add_opt("default lambda role", c.default_lambda_role.as_deref());
    d
}

/// An SWF timeout for people: `300` as `300s (5m00s)`, `NONE` as is.
pub(crate) fn seconds(value: &str) -> String {
    match value.parse::<u64>() {
        Ok(secs) if secs >= 60 => {
            let pretty = crate::duration::format(std::time::Duration::from_secs(secs));
            format!("{secs}s ({pretty})")
        }
        Ok(secs) => format!("{secs}s"),
        Err(_) => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn timeouts_read_as_durations() {
        assert_eq!(super::seconds("30"), "30s");
        assert_eq!(super::seconds("300"), "300s (5m00s)");
        assert_eq!(super::seconds("NONE"), "NONE");
    }
}
