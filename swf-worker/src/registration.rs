//! Registering the domain and the activity types, idempotently: what
//! [`Worker::register`](crate::Worker::register) does, and [`Worker::run`](crate::Worker::run)
//! first when the builder asked for it.
//!
//! Registration in SWF is create-only: a domain or a type version, once registered, cannot be
//! changed, and registering it again fails with `DomainAlreadyExistsFault` or
//! `TypeAlreadyExistsFault`. For a worker that registers what it serves at every start, those
//! faults mean "already done", but only when what is there is what the worker would have
//! registered. A type registered earlier with other defaults keeps them, and tasks scheduled
//! without their own timeouts would run under the old ones: a silent trap. So on
//! `TypeAlreadyExistsFault` the type is described and its defaults compared with the worker's;
//! a difference, or a deprecated type, is an error that names it and says how to fix it (a new
//! version). The description is not compared: it changes nothing at run time.

use swf_core::types::{
    ActivityType, ActivityTypeConfiguration, DescribeActivityTypeInput, RegisterDomainInput,
    RegistrationStatus,
};
use swf_core::{Client, Error};

use crate::dispatch::{Activities, ServedActivity};
use crate::error::{self, WorkerError};

/// Registers `domain` (with `retention_days`) and every activity of `activities`, defaulting
/// their task list to `task_list`; what exists already with the same defaults is success.
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
        Err(err) if err.is_domain_already_exists() => {
            tracing::debug!(domain, "the domain is already registered");
        }
        Err(err) => return Err(WorkerError::register(format!("domain {domain}"), err)),
    }
    // In name and version order, so that the first type to fail is the same on every run.
    let mut served: Vec<&ServedActivity> = activities.iter().collect();
    served.sort_by_key(|s| (s.activity.name(), s.activity.version()));
    for served in served {
        register_type(client, domain, task_list, served).await?;
    }
    Ok(())
}

/// Registers one type, or checks that the one registered already has the same defaults.
async fn register_type(
    client: &Client,
    domain: &str,
    task_list: &str,
    served: &ServedActivity,
) -> Result<(), WorkerError> {
    let (name, version) = (served.activity.name(), served.activity.version());
    let input = served
        .registration
        .register_input(domain, name, version, task_list);
    match client.register_activity_type(input).await {
        Ok(()) => {
            tracing::info!(domain, name, version, "registered the activity type");
            Ok(())
        }
        Err(err) if err.is_type_already_exists() => {
            let wanted = served.registration.configuration(task_list);
            check_registered(client, domain, name, version, &wanted).await
        }
        Err(err) => Err(refused(domain, name, version, err)),
    }
}

/// Checks that type `name`/`version`, registered already, is registered with `wanted`.
async fn check_registered(
    client: &Client,
    domain: &str,
    name: &str,
    version: &str,
    wanted: &ActivityTypeConfiguration,
) -> Result<(), WorkerError> {
    let input = DescribeActivityTypeInput {
        domain: domain.to_owned(),
        activity_type: ActivityType {
            name: name.to_owned(),
            version: version.to_owned(),
        },
    };
    let described = client
        .describe_activity_type(input)
        .await
        .map_err(|err| refused(domain, name, version, err))?;
    if described.type_info.status == RegistrationStatus::Deprecated {
        return Err(error::config(format!(
            "activity type {name} version {version} is deprecated in domain {domain}: SWF \
             schedules no task of a deprecated type; give the activity a new VERSION, or \
             undeprecate the type"
        )));
    }
    let differences = differences(&described.configuration, wanted);
    if differences.is_empty() {
        tracing::debug!(
            domain,
            name,
            version,
            "the activity type is already registered with these defaults"
        );
        return Ok(());
    }
    Err(error::config(format!(
        "activity type {name} version {version} is registered in domain {domain} with other \
         defaults than this worker's: {}. A registered type cannot change: give the activity a \
         new VERSION, or deprecate and delete the type before registering it again",
        differences.join("; ")
    )))
}

/// Why registering type `name`/`version` failed, saying so plainly for an unknown domain.
fn refused(domain: &str, name: &str, version: &str, err: Error) -> WorkerError {
    let what = if err.is_unknown_resource() {
        format!(
            "activity type {name} version {version}: SWF does not know domain {domain} or it is \
             deprecated"
        )
    } else {
        format!("activity type {name} version {version} in domain {domain}")
    };
    WorkerError::register(what, err)
}

/// How a default reads in an activity type's configuration: `None` when unset.
type ReadDefault = for<'c> fn(&'c ActivityTypeConfiguration) -> Option<&'c str>;

/// The defaults [`differences`] compares, by the name its message gives each. An unset priority
/// is SWF's 0, so the two read as equal; an unset timeout is not `NONE` (it leaves the decider to
/// give one), so those differ.
const DEFAULTS: [(&str, ReadDefault); 6] = [
    ("task list", |c| {
        c.default_task_list.as_ref().map(|t| t.name.as_str())
    }),
    ("heartbeat timeout", |c| {
        c.default_task_heartbeat_timeout.as_deref()
    }),
    ("schedule-to-start timeout", |c| {
        c.default_task_schedule_to_start_timeout.as_deref()
    }),
    ("schedule-to-close timeout", |c| {
        c.default_task_schedule_to_close_timeout.as_deref()
    }),
    ("start-to-close timeout", |c| {
        c.default_task_start_to_close_timeout.as_deref()
    }),
    ("task priority", |c| {
        let priority = c.default_task_priority.as_deref().map(str::trim);
        priority.filter(|p| *p != "0")
    }),
];

/// Each default in which `registered` differs from `wanted`, as "what: X registered, Y here".
fn differences(
    registered: &ActivityTypeConfiguration,
    wanted: &ActivityTypeConfiguration,
) -> Vec<String> {
    let shown = |value: Option<&str>| value.map_or_else(|| "unset".to_owned(), str::to_owned);
    DEFAULTS
        .iter()
        .filter_map(|(what, read)| {
            let (registered, wanted) = (read(registered), read(wanted));
            (registered != wanted).then(|| {
                format!(
                    "{what}: {} registered, {} here",
                    shown(registered),
                    shown(wanted)
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::ActivityRegistration;
    use swf_core::Timeout;

    fn wanted() -> ActivityRegistration {
        ActivityRegistration::new()
            .heartbeat_timeout(Duration::from_secs(10))
            .start_to_close_timeout(Timeout::Unlimited)
    }

    #[test]
    fn the_same_defaults_have_no_difference() {
        let c = wanted().configuration("tl");
        assert_eq!(differences(&c, &c), Vec::<String>::new());
    }

    #[test]
    fn each_differing_default_is_named_with_both_values() {
        let registered = wanted().configuration("tl");
        let here = wanted()
            .heartbeat_timeout(Duration::from_secs(7))
            .schedule_to_start_timeout(Duration::from_secs(30))
            .schedule_to_close_timeout(Duration::from_secs(60))
            .start_to_close_timeout(Duration::from_secs(20))
            .task_priority(5)
            .task_list("other")
            .configuration("tl");
        // Every default differs, each named once, in a fixed order.
        assert_eq!(
            differences(&registered, &here),
            [
                "task list: tl registered, other here",
                "heartbeat timeout: 10 registered, 7 here",
                "schedule-to-start timeout: unset registered, 30 here",
                "schedule-to-close timeout: unset registered, 60 here",
                "start-to-close timeout: NONE registered, 20 here",
                "task priority: unset registered, 5 here",
            ]
        );
    }

    #[test]
    fn an_unset_priority_is_zero_but_an_unset_timeout_is_not_none() {
        let unset = ActivityRegistration::new().configuration("tl");
        let zero = ActivityRegistration::new()
            .task_priority(0)
            .configuration("tl");
        assert!(differences(&unset, &zero).is_empty());
        let none = ActivityRegistration::new()
            .start_to_close_timeout(Timeout::Unlimited)
            .configuration("tl");
        assert_eq!(
            differences(&unset, &none),
            ["start-to-close timeout: unset registered, NONE here"]
        );
    }
}
