//! Registering the domain and the workflow types a decider serves, idempotently.
//!
//! A type registered without a default child policy cannot be started unless every start names
//! one: SWF answers `DefaultUndefinedFault`, about a setting many users never heard of. A type
//! registered here without one therefore gets [`DEFAULT_CHILD_POLICY`], `TERMINATE`: SWF's own
//! usual choice, and the safe one, since no child outlives its parent unnoticed.

use swf_core::Client;
use swf_core::types::{ChildPolicy, RegisterDomainInput, RegisterWorkflowTypeInput, WorkflowType};

use crate::commands::seconds;
use crate::workflow::Registration;

/// The child policy registered for a type whose [`Registration`] sets none.
pub(crate) const DEFAULT_CHILD_POLICY: ChildPolicy = ChildPolicy::Terminate;

/// Registers `domain` (kept `retention_days` days) and each type with its defaults (its child
/// policy [`DEFAULT_CHILD_POLICY`] when it sets none); what already exists is left as it is.
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
            default_child_policy: Some(r.child_policy.clone().unwrap_or(DEFAULT_CHILD_POLICY)),
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
