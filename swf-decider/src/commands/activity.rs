//! Activities: [`WorkflowContext::activity`], its options, its handle, and retries.

use serde::Serialize;
use serde::de::DeserializeOwned;
use swf_core::Timeout;
use swf_core::codec::Codec;
use swf_core::types::{
    ActivityType, Decision, DecisionType, RequestCancelActivityTaskDecisionAttributes,
    ScheduleActivityTaskDecisionAttributes, TaskList,
};

use super::CommandKey;
use crate::context::WorkflowContext;
use crate::limits;
use crate::nondeterminism::{NonDeterminism, type_name};
use crate::retry_policy::{RetryPolicy, attempt_id};
use crate::state::{ActivityState, ActivityStatus, TimerStatus};
use crate::workflow::{Exit, WorkflowResult};

/// How to schedule an activity: its type, and optionally its task list, timeouts, priority and
/// retry policy. Unset values fall back to the defaults registered with the activity type.
///
/// ```
/// use std::time::Duration;
/// use swf_decider::{ActivityOptions, RetryPolicy, Timeout};
///
/// let charge = ActivityOptions::new("charge", "1")
///     .task_list("payments")
///     .start_to_close_timeout(Duration::from_secs(30))
///     .heartbeat_timeout(Timeout::Unlimited)
///     .retry(RetryPolicy::new(3));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityOptions {
    activity_type: ActivityType,
    task_list: Option<String>,
    schedule_to_close: Option<Timeout>,
    schedule_to_start: Option<Timeout>,
    start_to_close: Option<Timeout>,
    heartbeat: Option<Timeout>,
    task_priority: Option<i32>,
    control: Option<String>,
    retry: Option<RetryPolicy>,
}

impl ActivityOptions {
    /// An activity of type `name`/`version`, everything else from the type's registered defaults.
    pub fn new(name: impl Into<String>, version: impl Into<String>) -> ActivityOptions {
        ActivityOptions {
            activity_type: ActivityType {
                name: name.into(),
                version: version.into(),
            },
            task_list: None,
            schedule_to_close: None,
            schedule_to_start: None,
            start_to_close: None,
            heartbeat: None,
            task_priority: None,
            control: None,
            retry: None,
        }
    }

    /// The task list to schedule it on.
    pub fn task_list(mut self, name: impl Into<String>) -> Self {
        self.task_list = Some(name.into());
        self
    }

    /// The schedule-to-close timeout: a [`Duration`](std::time::Duration) (whole seconds, rounded
    /// up) or [`Timeout::Unlimited`].
    pub fn schedule_to_close_timeout(mut self, timeout: impl Into<Timeout>) -> Self {
        self.schedule_to_close = Some(timeout.into());
        self
    }

    /// The schedule-to-start timeout: a [`Duration`](std::time::Duration) (whole seconds, rounded
    /// up) or [`Timeout::Unlimited`].
    pub fn schedule_to_start_timeout(mut self, timeout: impl Into<Timeout>) -> Self {
        self.schedule_to_start = Some(timeout.into());
        self
    }

    /// The start-to-close timeout: a [`Duration`](std::time::Duration) (whole seconds, rounded up)
    /// or [`Timeout::Unlimited`].
    pub fn start_to_close_timeout(mut self, timeout: impl Into<Timeout>) -> Self {
        self.start_to_close = Some(timeout.into());
        self
    }

    /// The heartbeat timeout: a [`Duration`](std::time::Duration) (whole seconds, rounded up) or
    /// [`Timeout::Unlimited`].
    pub fn heartbeat_timeout(mut self, timeout: impl Into<Timeout>) -> Self {
        self.heartbeat = Some(timeout.into());
        self
    }

    /// The task priority.
    pub fn task_priority(mut self, priority: i32) -> Self {
        self.task_priority = Some(priority);
        self
    }

    /// `control` data recorded with the scheduled event, not sent to the worker.
    pub fn control(mut self, control: impl Into<String>) -> Self {
        self.control = Some(control.into());
        self
    }

    /// Retries failed attempts under `policy`; see [`RetryPolicy`].
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// The activity type.
    pub fn activity_type(&self) -> &ActivityType {
        &self.activity_type
    }
}

/// What the history says about an activity the workflow asked for.
#[derive(Debug)]
pub struct ActivityHandle<'a, C: Codec> {
    id: String,
    attempt: u32,
    // `None` while waiting: not in the history yet, or between retry attempts.
    done: Option<&'a ActivityState>,
    latest: Option<&'a ActivityState>,
    codec: &'a C,
}

impl<'a, C: Codec> ActivityHandle<'a, C> {
    /// The latest attempt as the history shows it, if it shows it yet.
    pub fn state(&self) -> Option<&'a ActivityState> {
        self.latest
    }

    /// The attempt the series is at (1 without a retry policy).
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// Whether the activity is over for good: completed, or failed with no attempt left.
    pub fn is_done(&self) -> bool {
        self.done.is_some()
    }

    /// Whether it completed.
    pub fn is_completed(&self) -> bool {
        matches!(
            self.done.map(|a| &a.status),
            Some(ActivityStatus::Completed { .. })
        )
    }

    /// The decoded result once completed; [`Exit::Pending`] while it runs or waits for a retry;
    /// [`Exit::Fail`] naming the activity when it failed, timed out, was canceled or could not be
    /// scheduled, with no attempt left. With `?`, a failed activity fails the workflow.
    pub fn result<T: DeserializeOwned>(&self) -> WorkflowResult<T> {
        let Some(activity) = self.done else {
            return Err(Exit::Pending);
        };
        let id = &self.id;
        let failed = |reason: String, details: Option<&String>| {
            Err(Exit::fail(
                limits::truncate_reason(reason),
                details.cloned(),
            ))
        };
        match &activity.status {
            ActivityStatus::Completed { result } => {
                self.codec.decode(result.as_deref()).map_err(|e| {
                    Exit::error(format!("cannot decode the result of activity `{id}`: {e}"))
                })
            }
            ActivityStatus::Failed { reason, details } => failed(
                format!(
                    "activity `{id}` failed: {}",
                    reason.as_deref().unwrap_or("no reason given")
                ),
                details.as_ref(),
            ),
            ActivityStatus::TimedOut {
                timeout_type,
                details,
            } => failed(
                format!("activity `{id}` timed out ({timeout_type})"),
                details.as_ref(),
            ),
            ActivityStatus::Canceled { details } => {
                failed(format!("activity `{id}` was canceled"), details.as_ref())
            }
            ActivityStatus::ScheduleFailed { cause } => failed(
                format!("activity `{id}` could not be scheduled: {cause}"),
                None,
            ),
            ActivityStatus::Scheduled | ActivityStatus::Started => Err(Exit::Pending),
        }
    }
}

impl<'a, C: Codec> WorkflowContext<'a, C> {
    /// Asks for activity `id` with `options` and `input` (encoded by the codec), and tells what
    /// the history says about it.
    ///
    /// Scheduled the first time; on later runs, the history's record is returned and nothing is
    /// emitted. With a [`RetryPolicy`], failed attempts are followed, after a backoff timer, by
    /// attempts `id#2`, `id#3`, … and the handle reports on the series.
    pub fn activity<I: Serialize>(
        &mut self,
        id: &str,
        options: &ActivityOptions,
        input: &I,
    ) -> ActivityHandle<'a, C> {
        let mut attempt = 1;
        loop {
            let attempt_id = attempt_id(id, attempt);
            if attempt > 1 && !self.backoff_elapsed(&attempt_id, options, attempt) {
                return self.activity_handle(id, attempt, None, None);
            }
            let Some(activity) = self.schedule_activity(attempt_id, options, input) else {
                return self.activity_handle(id, attempt, None, None);
            };
            if activity.is_open() {
                return self.activity_handle(id, attempt, None, Some(activity));
            }
            match &options.retry {
                Some(policy) if policy.retries_after(&activity.status, attempt) => attempt += 1,
                _ => return self.activity_handle(id, attempt, Some(activity), Some(activity)),
            }
        }
    }

    /// Asks SWF to cancel activity `id` (`RequestCancelActivityTask`) if the history shows it
    /// open and not already asked to cancel. The worker sees the request at its next heartbeat.
    pub fn request_cancel_activity(&mut self, id: &str) {
        let open = self.state.activities().get(id).is_some_and(|a| {
            a.is_open() && a.cancel_requested_event_id.is_none() && a.cancel_failed.is_none()
        });
        if !open
            || self
                .commands
                .already_asked(&DecisionType::RequestCancelActivityTask, id)
        {
            return;
        }
        let d = Decision::from(RequestCancelActivityTaskDecisionAttributes {
            activity_id: id.to_owned(),
        });
        self.commands.push(
            CommandKey::new(DecisionType::RequestCancelActivityTask, id),
            d,
        );
    }

    fn activity_handle(
        &self,
        id: &str,
        attempt: u32,
        done: Option<&'a ActivityState>,
        latest: Option<&'a ActivityState>,
    ) -> ActivityHandle<'a, C> {
        ActivityHandle {
            id: id.to_owned(),
            attempt,
            done,
            latest,
            codec: self.codec,
        }
    }

    /// Whether the timer before attempt `attempt` has fired, starting it when the history does not
    /// show it yet.
    fn backoff_elapsed(&mut self, timer_id: &str, options: &ActivityOptions, attempt: u32) -> bool {
        let delay = options
            .retry
            .as_ref()
            .map(|p| p.delay_before(attempt))
            .unwrap_or_default();
        if delay.is_zero() {
            return true;
        }
        match self.state.timers().get(timer_id).map(|t| &t.status) {
            Some(TimerStatus::Fired { .. }) => true,
            // A backoff timer SWF refused or that was canceled does not hold the series up.
            Some(TimerStatus::StartFailed { .. } | TimerStatus::Canceled { .. }) => true,
            Some(TimerStatus::Started) => false,
            None => {
                self.start_timer_command(timer_id, delay);
                false
            }
        }
    }

    /// Emits `ScheduleActivityTask` for `id` unless the history or this run already has it;
    /// returns the history's record.
    fn schedule_activity<I: Serialize>(
        &mut self,
        id: String,
        options: &ActivityOptions,
        input: &I,
    ) -> Option<&'a ActivityState> {
        let kind = DecisionType::ScheduleActivityTask;
        if let Some(activity) = self.state.activities().get(&id) {
            if activity.activity_type != options.activity_type {
                let recorded = type_name(
                    &activity.activity_type.name,
                    &activity.activity_type.version,
                );
                let asked = type_name(&options.activity_type.name, &options.activity_type.version);
                let event_id = activity.scheduled_event_id.or(activity.closed_event_id);
                let e = NonDeterminism::type_changed(kind, &id, recorded, asked, event_id);
                self.commands.fail(e);
            }
            return Some(activity);
        }
        if self.commands.already_asked(&kind, &id) {
            return None;
        }
        if let Err(e) = limits::check_id(&id, &|| "activity id".to_owned()) {
            self.commands.fail(e);
            return None;
        }
        let input = self.encode(input, &|| format!("the input of activity `{id}`"));
        let o = options;
        let d = Decision::from(ScheduleActivityTaskDecisionAttributes {
            activity_id: id.clone(),
            activity_type: o.activity_type.clone(),
            control: o.control.clone(),
            heartbeat_timeout: o.heartbeat.map(|t| t.to_string()),
            input,
            schedule_to_close_timeout: o.schedule_to_close.map(|t| t.to_string()),
            schedule_to_start_timeout: o.schedule_to_start.map(|t| t.to_string()),
            start_to_close_timeout: o.start_to_close.map(|t| t.to_string()),
            task_list: o
                .task_list
                .as_ref()
                .map(|name| TaskList { name: name.clone() }),
            task_priority: o.task_priority.map(|p| p.to_string()),
        });
        let type_name = type_name(&o.activity_type.name, &o.activity_type.version);
        self.commands
            .push(CommandKey::typed(kind, id, type_name), d);
        None
    }
}
