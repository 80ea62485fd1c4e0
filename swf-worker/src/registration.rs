//! Registering the domain and the activity types at start, idempotently.
//!
//! Registration in SWF is create-only: a domain or a type version, once registered, cannot be
//! changed, and registering it again fails with `DomainAlreadyExistsFault` or
//! `TypeAlreadyExistsFault`. For a worker that registers what it serves at every start, those
//! faults mean "already done" and are success. (A type registered earlier with other defaults
//! keeps them; change the version to change the defaults.)

use swf_core::types::RegisterDomainInput;
use swf_core::{Client, ErrorKind};

use crate::dispatch::Activities;
use crate::error::WorkerError;

/// Registers `domain` (with `retention_days`) and every activity of `activities`, defaulting
/// them to `task_list`.
pub(crate) async fn register(
    client: &Client,
    domain: &str,
    retention_days: u32,
    task_list: &str,
    activities: &Activities,
) -> Result<(), WorkerError> {
    let input = RegisterDomainInput {
        name: domain.to_owned(),
        workflow_execution_retention_period_in_days: retention_days.to_string(),
        ..Default::default()
    };
    match client.register_domain(input).await {
        Ok(()) => tracing::info!(domain, "registered the domain"),
        Err(err) if matches!(err.kind(), ErrorKind::DomainAlreadyExistsFault(_)) => {
            tracing::debug!(domain, "the domain is already registered");
        }
        Err(err) => return Err(WorkerError::register(format!("domain {domain}"), err)),
    }
    for served in activities.iter() {
        let (name, version) = (served.activity.name(), served.activity.version());
        let input = served
            .registration
            .register_input(domain, name, version, task_list);
        match client.register_activity_type(input).await {
            Ok(()) => tracing::info!(name, version, "registered the activity type"),
            Err(err) if matches!(err.kind(), ErrorKind::TypeAlreadyExistsFault(_)) => {
                tracing::debug!(name, version, "the activity type is already registered");
            }
            Err(err) => {
                let what = format!("activity type {name} version {version}");
                return Err(WorkerError::register(what, err));
            }
        }
    }
    Ok(())
}
