//! Registering the domain and the workflow types a decider serves, idempotently.

use swf_core::Client;
use swf_core::types::{RegisterDomainInput, RegisterWorkflowTypeInput, WorkflowType};

use crate::commands::seconds;
use crate::workflow::Registration;

/// Registers `domain` (kept `retention_days` days) and each type with its defaults; what already
/// exists is left as it is.
pub(crate) async fn register(
    client: &Client,
    domain: &str,
    retention_days: &str,
    types: &[(WorkflowType, Registration)],
) -> Result<(), swf_core::Error> {
    let input = RegisterDomainInput {
        name: domain.to_owned(),
        workflow_execution_retention_period_in_days: retention_days.to_owned(),
        ..Default::default()
    };
    match client.register_domain(input).await {
        Ok(()) => tracing::info!(domain, "registered the domain"),
        Err(e) if e.is_domain_already_exists() => {}
        Err(e) => return Err(e),
    }
    for (t, r) in types {
        let input = RegisterWorkflowTypeInput {
            domain: domain.to_owned(),
            name: t.name.clone(),
            version: t.version.clone(),
            default_child_policy: r.child_policy.clone(),
            default_execution_start_to_close_timeout: r
                .execution_start_to_close_timeout
                .map(seconds),
            default_lambda_role: r.lambda_role.clone(),
            default_task_list: r.task_list.clone(),
            default_task_priority: r.task_priority.map(|p| p.to_string()),
            default_task_start_to_close_timeout: r
                .task_start_to_close_timeout
                .map(|t| t.to_string()),
            description: r.description.clone(),
        };
        match client.register_workflow_type(input).await {
            Ok(()) => {
                tracing::info!(domain, name = %t.name, version = %t.version, "registered the workflow type")
            }
            Err(e) if e.is_type_already_exists() => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}
