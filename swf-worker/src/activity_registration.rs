//! [`ActivityRegistration`]: the defaults an activity type is registered with, and the heartbeat
//! timeout its tasks run with.
//!
//! SWF keeps an activity type's defaults (task list, the four timeouts, priority) with its
//! registration, and a decider may override each of them when it schedules a task. The worker
//! uses an [`ActivityRegistration`] twice: to register the type (see
//! [`Worker::register`](crate::Worker::register)), and to know how often to heartbeat.
//! `PollForActivityTask` does not say what heartbeat timeout a task was scheduled with, so the
//! worker takes [`ActivityRegistration::heartbeat_timeout_override`] if set, else reads it from
//! the task's history (see [`HeartbeatTimeoutSource`](crate::HeartbeatTimeoutSource)), else
//! takes the type's registration as `DescribeActivityType` reports it, or
//! [`ActivityRegistration::heartbeat_timeout`] when that call fails too.
//!
//! The setters are named as the settings are named where a workflow schedules an activity
//! (`swf_decider::ActivityOptions::start_to_close_timeout`) and where a workflow type is
//! registered (`swf_decider::Registration`): bare names, timeouts taking `impl Into<Timeout>`.

use swf_core::Timeout;
use swf_core::types::{ActivityTypeConfiguration, RegisterActivityTypeInput, TaskList};

/// The defaults an activity type is registered with, and the heartbeat timeout its tasks run
/// with; the worker's counterpart of the decider's `Registration` for workflow types.
///
/// Returned by [`Activity::registration`](crate::Activity::registration). Every setting is
/// optional; a default left unset is not sent when registering, and SWF then requires the
/// decider to give it when it schedules the activity.
///
/// ```
/// use std::time::Duration;
/// use swf_worker::{ActivityRegistration, Timeout};
///
/// let registration = ActivityRegistration::new()
///     .heartbeat_timeout(Duration::from_secs(30))
///     .start_to_close_timeout(Duration::from_secs(600))
///     .schedule_to_start_timeout(Timeout::Unlimited)
///     .schedule_to_close_timeout(Timeout::Unlimited)
///     .description("charges a card");
/// assert_eq!(registration.heartbeat_timeout, Some(Timeout::Seconds(30)));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ActivityRegistration {
    /// The task list tasks go to when the decider names none; the registering worker's task
    /// list when unset.
    pub task_list: Option<TaskList>,
    /// The default heartbeat timeout.
    pub heartbeat_timeout: Option<Timeout>,
    /// The default schedule-to-start timeout.
    pub schedule_to_start_timeout: Option<Timeout>,
    /// The default schedule-to-close timeout.
    pub schedule_to_close_timeout: Option<Timeout>,
    /// The default start-to-close timeout.
    pub start_to_close_timeout: Option<Timeout>,
    /// The default task priority (higher runs first; SWF's default is 0).
    pub task_priority: Option<i32>,
    /// The type's description.
    pub description: Option<String>,
    /// Not registered: the heartbeat timeout this worker assumes for the type's tasks instead
    /// of the registered one.
    pub heartbeat_timeout_override: Option<Timeout>,
}

impl ActivityRegistration {
    /// No defaults, no override.
    pub fn new() -> Self {
        ActivityRegistration::default()
    }

    /// Sets the task list tasks go to when the decider names none. Default: the task list of the
    /// worker that registers the type.
    pub fn task_list(mut self, name: impl Into<String>) -> Self {
        self.task_list = Some(TaskList { name: name.into() });
        self
    }

    /// Sets the default heartbeat timeout: a [`Duration`](std::time::Duration) (whole seconds,
    /// rounded up) or [`Timeout::Unlimited`]. Default: unset.
    pub fn heartbeat_timeout(mut self, timeout: impl Into<Timeout>) -> Self {
        self.heartbeat_timeout = Some(timeout.into());
        self
    }

    /// Sets the default schedule-to-start timeout: a [`Duration`](std::time::Duration) (whole
    /// seconds, rounded up) or [`Timeout::Unlimited`]. Default: unset.
    pub fn schedule_to_start_timeout(mut self, timeout: impl Into<Timeout>) -> Self {
        self.schedule_to_start_timeout = Some(timeout.into());
        self
    }

    /// Sets the default schedule-to-close timeout: a [`Duration`](std::time::Duration) (whole
    /// seconds, rounded up) or [`Timeout::Unlimited`]. Default: unset.
    pub fn schedule_to_close_timeout(mut self, timeout: impl Into<Timeout>) -> Self {
        self.schedule_to_close_timeout = Some(timeout.into());
        self
    }

    /// Sets the default start-to-close timeout: a [`Duration`](std::time::Duration) (whole
    /// seconds, rounded up) or [`Timeout::Unlimited`]. Default: unset.
    pub fn start_to_close_timeout(mut self, timeout: impl Into<Timeout>) -> Self {
        self.start_to_close_timeout = Some(timeout.into());
        self
    }

    /// Sets the default task priority (higher runs first). Default: unset (0).
    pub fn task_priority(mut self, priority: i32) -> Self {
        self.task_priority = Some(priority);
        self
    }

    /// Sets the description. Default: unset.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Sets the heartbeat timeout this worker assumes for the type's tasks, instead of the one
    /// each task was scheduled with: for a worker that may not read histories, the shortest
    /// heartbeat timeout deciders schedule the activity with. It is not registered. Default:
    /// unset.
    pub fn heartbeat_timeout_override(mut self, timeout: impl Into<Timeout>) -> Self {
        self.heartbeat_timeout_override = Some(timeout.into());
        self
    }

    /// The `RegisterActivityType` request for type `name`/`version` in `domain`, with
    /// `worker_task_list` as the default task list unless one is set here.
    pub(crate) fn register_input(
        &self,
        domain: &str,
        name: &str,
        version: &str,
        worker_task_list: &str,
    ) -> RegisterActivityTypeInput {
        let configuration = self.configuration(worker_task_list);
        RegisterActivityTypeInput {
            domain: domain.to_owned(),
            name: name.to_owned(),
            version: version.to_owned(),
            default_task_list: configuration.default_task_list,
            default_task_heartbeat_timeout: configuration.default_task_heartbeat_timeout,
            default_task_schedule_to_start_timeout: configuration
                .default_task_schedule_to_start_timeout,
            default_task_schedule_to_close_timeout: configuration
                .default_task_schedule_to_close_timeout,
            default_task_start_to_close_timeout: configuration.default_task_start_to_close_timeout,
            default_task_priority: configuration.default_task_priority,
            description: self.description.clone(),
        }
    }

    /// The defaults as `DescribeActivityType` reports them for a type registered with these,
    /// `worker_task_list` standing for an unset task list.
    pub(crate) fn configuration(&self, worker_task_list: &str) -> ActivityTypeConfiguration {
        let timeout = |t: Option<Timeout>| t.map(|t| t.to_string());
        let task_list = self.task_list.clone().unwrap_or_else(|| TaskList {
            name: worker_task_list.to_owned(),
        });
        ActivityTypeConfiguration {
            default_task_list: Some(task_list),
            default_task_heartbeat_timeout: timeout(self.heartbeat_timeout),
            default_task_schedule_to_start_timeout: timeout(self.schedule_to_start_timeout),
            default_task_schedule_to_close_timeout: timeout(self.schedule_to_close_timeout),
            default_task_start_to_close_timeout: timeout(self.start_to_close_timeout),
            default_task_priority: self.task_priority.map(|p| p.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn the_register_request_carries_every_set_default_and_the_worker_task_list() {
        let registration = ActivityRegistration::new()
            .heartbeat_timeout(Duration::from_secs(5))
            .schedule_to_close_timeout(Timeout::Unlimited)
            .task_priority(-3)
            .description("d");
        let input = registration.register_input("dom", "A", "1", "tl");
        assert_eq!(
            input.default_task_list,
            Some(TaskList { name: "tl".into() })
        );
        assert_eq!(input.default_task_heartbeat_timeout.as_deref(), Some("5"));
        assert_eq!(
            input.default_task_schedule_to_close_timeout.as_deref(),
            Some("NONE")
        );
        assert_eq!(input.default_task_start_to_close_timeout, None);
        assert_eq!(input.default_task_priority.as_deref(), Some("-3"));
        assert_eq!(input.description.as_deref(), Some("d"));

        let own = ActivityRegistration::new().task_list("other");
        let input = own.register_input("dom", "A", "1", "tl");
        assert_eq!(
            input.default_task_list,
            Some(TaskList {
                name: "other".into()
            })
        );
    }
}
