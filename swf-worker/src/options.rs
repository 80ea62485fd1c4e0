//! What an activity type is registered with, and the heartbeat timeout its tasks run with.
//!
//! SWF keeps an activity type's defaults (task list, the four timeouts, priority) with its
//! registration, and a decider may override each of them when it schedules a task. The worker
//! uses [`ActivityOptions`] twice: to register the type when asked to (see
//! [`WorkerBuilder::register`](crate::WorkerBuilder::register)), and to know how often to
//! heartbeat. `PollForActivityTask` does not say what heartbeat timeout a task was scheduled
//! with, so the worker takes it, in order, from
//! [`ActivityOptions::with_heartbeat_timeout_override`], from the type's registration as
//! `DescribeActivityType` reports it, and from [`ActivityOptions::with_default_heartbeat_timeout`]
//! when that call fails.

use swf_core::types::{RegisterActivityTypeInput, TaskList};

/// SWF's timeout form, seconds or `NONE`; kept here under its old path for the worker's users.
pub use swf_core::Timeout;

/// The registration defaults of an activity type, and the heartbeat timeout its tasks run with.
///
/// Returned by [`Activity::options`](crate::Activity::options). Every setting is optional; one
/// left unset is not sent when registering, and SWF then requires the decider to give it when it
/// schedules the activity.
///
/// ```
/// use std::time::Duration;
/// use swf_worker::{ActivityOptions, Timeout};
///
/// let options = ActivityOptions::new()
///     .with_default_heartbeat_timeout(Duration::from_secs(30))
///     .with_default_start_to_close_timeout(Duration::from_secs(600))
///     .with_default_schedule_to_start_timeout(Timeout::Unlimited)
///     .with_default_schedule_to_close_timeout(Timeout::Unlimited)
///     .with_description("charges a card");
/// assert_eq!(options.default_heartbeat_timeout(), Some(Timeout::Seconds(30)));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActivityOptions {
    default_task_list: Option<String>,
    default_heartbeat_timeout: Option<Timeout>,
    default_schedule_to_start_timeout: Option<Timeout>,
    default_schedule_to_close_timeout: Option<Timeout>,
    default_start_to_close_timeout: Option<Timeout>,
    default_priority: Option<i32>,
    description: Option<String>,
    heartbeat_timeout_override: Option<Timeout>,
}

impl ActivityOptions {
    /// Options with nothing set.
    pub fn new() -> Self {
        ActivityOptions::default()
    }

    /// Sets the task list tasks go to when the decider names none. Default: the task list of the
    /// worker that registers the type.
    pub fn with_default_task_list(mut self, task_list: impl Into<String>) -> Self {
        self.default_task_list = Some(task_list.into());
        self
    }

    /// Sets the registered default heartbeat timeout. Default: unset.
    pub fn with_default_heartbeat_timeout(mut self, timeout: impl Into<Timeout>) -> Self {
        self.default_heartbeat_timeout = Some(timeout.into());
        self
    }

    /// Sets the registered default schedule-to-start timeout. Default: unset.
    pub fn with_default_schedule_to_start_timeout(mut self, timeout: impl Into<Timeout>) -> Self {
        self.default_schedule_to_start_timeout = Some(timeout.into());
        self
    }

    /// Sets the registered default schedule-to-close timeout. Default: unset.
    pub fn with_default_schedule_to_close_timeout(mut self, timeout: impl Into<Timeout>) -> Self {
        self.default_schedule_to_close_timeout = Some(timeout.into());
        self
    }

    /// Sets the registered default start-to-close timeout. Default: unset.
    pub fn with_default_start_to_close_timeout(mut self, timeout: impl Into<Timeout>) -> Self {
        self.default_start_to_close_timeout = Some(timeout.into());
        self
    }

    /// Sets the registered default task priority (higher runs first). Default: unset (0).
    pub fn with_default_priority(mut self, priority: i32) -> Self {
        self.default_priority = Some(priority);
        self
    }

    /// Sets the registered description. Default: unset.
    pub fn with_description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Sets the heartbeat timeout this worker assumes for the type's tasks, instead of the one
    /// the type is registered with. Use it when deciders schedule the activity with a heartbeat
    /// timeout of their own: the worker cannot see that value. Default: unset.
    pub fn with_heartbeat_timeout_override(mut self, timeout: impl Into<Timeout>) -> Self {
        self.heartbeat_timeout_override = Some(timeout.into());
        self
    }

    /// The default task list to register, if set.
    pub fn default_task_list(&self) -> Option<&str> {
        self.default_task_list.as_deref()
    }

    /// The default heartbeat timeout to register, if set.
    pub fn default_heartbeat_timeout(&self) -> Option<Timeout> {
        self.default_heartbeat_timeout
    }

    /// The default schedule-to-start timeout to register, if set.
    pub fn default_schedule_to_start_timeout(&self) -> Option<Timeout> {
        self.default_schedule_to_start_timeout
    }

    /// The default schedule-to-close timeout to register, if set.
    pub fn default_schedule_to_close_timeout(&self) -> Option<Timeout> {
        self.default_schedule_to_close_timeout
    }

    /// The default start-to-close timeout to register, if set.
    pub fn default_start_to_close_timeout(&self) -> Option<Timeout> {
        self.default_start_to_close_timeout
    }

    /// The default task priority to register, if set.
    pub fn default_priority(&self) -> Option<i32> {
        self.default_priority
    }

    /// The description to register, if set.
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }

    /// The heartbeat timeout assumed instead of the registered one, if set.
    pub fn heartbeat_timeout_override(&self) -> Option<Timeout> {
        self.heartbeat_timeout_override
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
        let timeout = |t: Option<Timeout>| t.map(|t| t.to_string());
        let task_list = self
            .default_task_list
            .as_deref()
            .unwrap_or(worker_task_list);
        RegisterActivityTypeInput {
            domain: domain.to_owned(),
            name: name.to_owned(),
            version: version.to_owned(),
            default_task_list: Some(TaskList {
                name: task_list.to_owned(),
            }),
            default_task_heartbeat_timeout: timeout(self.default_heartbeat_timeout),
            default_task_schedule_to_start_timeout: timeout(self.default_schedule_to_start_timeout),
            default_task_schedule_to_close_timeout: timeout(self.default_schedule_to_close_timeout),
            default_task_start_to_close_timeout: timeout(self.default_start_to_close_timeout),
            default_task_priority: self.default_priority.map(|p| p.to_string()),
            description: self.description.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn the_register_request_carries_every_set_default_and_the_worker_task_list() {
        let options = ActivityOptions::new()
            .with_default_heartbeat_timeout(Duration::from_secs(5))
            .with_default_schedule_to_close_timeout(Timeout::Unlimited)
            .with_default_priority(-3)
            .with_description("d");
        let input = options.register_input("dom", "A", "1", "tl");
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

        let own = ActivityOptions::new().with_default_task_list("other");
        let input = own.register_input("dom", "A", "1", "tl");
        assert_eq!(
            input.default_task_list,
            Some(TaskList {
                name: "other".into()
            })
        );
    }
}
