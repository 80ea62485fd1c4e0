//! Activities: scheduled, started, and closed in one of five ways, each known by its activity id.
//!
//! Events after `ActivityTaskScheduled` name the activity by its scheduled event id, not its
//! activity id, so the family keeps both indexes. An activity id may be used again once the earlier
//! activity closed; [`Activities::get`] then answers with the latest one, and every attempt stays in
//! [`Activities::iter`].

use std::collections::HashMap;

use swf_core::types::{
    ActivityTaskCancelRequestedEventAttributes, ActivityTaskCanceledEventAttributes,
    ActivityTaskCompletedEventAttributes, ActivityTaskFailedEventAttributes,
    ActivityTaskScheduledEventAttributes, ActivityTaskStartedEventAttributes,
    ActivityTaskTimedOutEventAttributes, ActivityTaskTimeoutType, ActivityType,
    RequestCancelActivityTaskFailedCause, RequestCancelActivityTaskFailedEventAttributes,
    ScheduleActivityTaskFailedCause, ScheduleActivityTaskFailedEventAttributes,
};

use super::HistoryError;

/// One activity as the history tells it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ActivityState {
    /// The activity id the workflow chose.
    pub activity_id: String,
    /// The activity type (name and version).
    pub activity_type: ActivityType,
    /// The encoded input it was scheduled with.
    pub input: Option<String>,
    /// The `control` data it was scheduled with.
    pub control: Option<String>,
    /// The `ActivityTaskScheduled` event, or `None` when scheduling failed.
    pub scheduled_event_id: Option<i64>,
    /// The `DecisionTaskCompleted` event of the decision that asked for it.
    pub decision_task_completed_event_id: i64,
    /// The `ActivityTaskStarted` event and the identity of the worker that took the task.
    pub started: Option<(i64, Option<String>)>,
    /// The `ActivityTaskCancelRequested` event, once the workflow asked for cancellation.
    pub cancel_requested_event_id: Option<i64>,
    /// Why a `RequestCancelActivityTask` decision for this activity failed, if it did.
    pub cancel_failed: Option<RequestCancelActivityTaskFailedCause>,
    /// Where the activity stands.
    pub status: ActivityStatus,
    /// The event that closed the activity (or recorded the failure to schedule it).
    pub closed_event_id: Option<i64>,
}

impl ActivityState {
    /// Whether the activity is scheduled or running: neither closed nor refused.
    pub fn is_open(&self) -> bool {
        matches!(
            self.status,
            ActivityStatus::Scheduled | ActivityStatus::Started
        )
    }
}

/// Where an activity stands.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ActivityStatus {
    /// Scheduled, waiting for a worker.
    Scheduled,
    /// A worker took the task.
    Started,
    /// The worker completed it with this encoded result.
    Completed {
        /// The encoded result.
        result: Option<String>,
    },
    /// The worker failed it.
    Failed {
        /// The reason the worker gave.
        reason: Option<String>,
        /// The details the worker gave.
        details: Option<String>,
    },
    /// One of its timeouts expired.
    TimedOut {
        /// Which timeout.
        timeout_type: ActivityTaskTimeoutType,
        /// The last heartbeat details, for a heartbeat timeout.
        details: Option<String>,
    },
    /// The worker acknowledged a cancellation request.
    Canceled {
        /// The details the worker gave.
        details: Option<String>,
    },
    /// The `ScheduleActivityTask` decision failed; the activity never existed.
    ScheduleFailed {
        /// Why.
        cause: ScheduleActivityTaskFailedCause,
    },
}

impl ActivityStatus {
    /// The details the activity closed with: the worker's when it failed or acknowledged a
    /// cancellation, those of its last heartbeat when it timed out. `None` while it is open, when
    /// it completed (it has a result instead) or could not be scheduled, and when none were given.
    pub fn details(&self) -> Option<&str> {
        match self {
            ActivityStatus::Failed { details, .. }
            | ActivityStatus::TimedOut { details, .. }
            | ActivityStatus::Canceled { details } => details.as_deref(),
            ActivityStatus::Scheduled
            | ActivityStatus::Started
            | ActivityStatus::Completed { .. }
            | ActivityStatus::ScheduleFailed { .. } => None,
        }
    }
}

/// Every activity of the execution, by activity id and by scheduled event id.
#[derive(Debug, Clone, Default)]
pub struct Activities {
    all: Vec<ActivityState>,
    by_id: HashMap<String, usize>,
    by_scheduled: HashMap<i64, usize>,
    open: usize,
}

impl Activities {
    /// The latest activity with this activity id. An activity with a
    /// [`RetryPolicy`](crate::RetryPolicy) is a series of activities, one per attempt (`job`,
    /// `job#2`, …; see [`AttemptIds`](crate::AttemptIds)): this finds the attempt named, while
    /// [`ActivityHandle::state`](crate::ActivityHandle::state) follows the current one.
    pub fn get(&self, activity_id: &str) -> Option<&ActivityState> {
        self.by_id.get(activity_id).map(|&i| &self.all[i])
    }

    /// The activity scheduled by this `ActivityTaskScheduled` event.
    pub fn by_scheduled_event(&self, event_id: i64) -> Option<&ActivityState> {
        self.by_scheduled.get(&event_id).map(|&i| &self.all[i])
    }

    /// Every activity in the order it was scheduled (or refused).
    pub fn iter(&self) -> impl Iterator<Item = &ActivityState> {
        self.all.iter()
    }

    /// How many activities are scheduled or running.
    pub fn open_count(&self) -> usize {
        self.open
    }

    /// How many activities the history names, refused ones included.
    pub fn len(&self) -> usize {
        self.all.len()
    }

    /// Whether the history names no activity.
    pub fn is_empty(&self) -> bool {
        self.all.is_empty()
    }

    pub(crate) fn scheduled(&mut self, event_id: i64, a: ActivityTaskScheduledEventAttributes) {
        let index = self.all.len();
        self.by_id.insert(a.activity_id.clone(), index);
        self.by_scheduled.insert(event_id, index);
        self.open += 1;
        self.all.push(ActivityState {
            activity_id: a.activity_id,
            activity_type: a.activity_type,
            input: a.input,
            control: a.control,
            scheduled_event_id: Some(event_id),
            decision_task_completed_event_id: a.decision_task_completed_event_id,
            started: None,
            cancel_requested_event_id: None,
            cancel_failed: None,
            status: ActivityStatus::Scheduled,
            closed_event_id: None,
        });
    }

    pub(crate) fn schedule_failed(
        &mut self,
        event_id: i64,
        a: ScheduleActivityTaskFailedEventAttributes,
    ) {
        // A refused id that was open before keeps its open activity: the refusal
        // (ACTIVITY_ID_ALREADY_IN_USE) is about the new decision, not the running activity.
        if self.get(&a.activity_id).is_some_and(ActivityState::is_open) {
            return;
        }
        let index = self.all.len();
        self.by_id.insert(a.activity_id.clone(), index);
        self.all.push(ActivityState {
            activity_id: a.activity_id,
            activity_type: a.activity_type,
            input: None,
            control: None,
            scheduled_event_id: None,
            decision_task_completed_event_id: a.decision_task_completed_event_id,
            started: None,
            cancel_requested_event_id: None,
            cancel_failed: None,
            status: ActivityStatus::ScheduleFailed { cause: a.cause },
            closed_event_id: Some(event_id),
        });
    }

    pub(crate) fn started(
        &mut self,
        event_id: i64,
        a: ActivityTaskStartedEventAttributes,
    ) -> Result<(), HistoryError> {
        let activity = self.scheduled_mut(event_id, a.scheduled_event_id)?;
        activity.started = Some((event_id, a.identity));
        activity.status = ActivityStatus::Started;
        Ok(())
    }

    pub(crate) fn completed(
        &mut self,
        event_id: i64,
        a: ActivityTaskCompletedEventAttributes,
    ) -> Result<(), HistoryError> {
        self.close(
            event_id,
            a.scheduled_event_id,
            ActivityStatus::Completed { result: a.result },
        )
    }

    pub(crate) fn failed(
        &mut self,
        event_id: i64,
        a: ActivityTaskFailedEventAttributes,
    ) -> Result<(), HistoryError> {
        let status = ActivityStatus::Failed {
            reason: a.reason,
            details: a.details,
        };
        self.close(event_id, a.scheduled_event_id, status)
    }

    pub(crate) fn timed_out(
        &mut self,
        event_id: i64,
        a: ActivityTaskTimedOutEventAttributes,
    ) -> Result<(), HistoryError> {
        let status = ActivityStatus::TimedOut {
            timeout_type: a.timeout_type,
            details: a.details,
        };
        self.close(event_id, a.scheduled_event_id, status)
    }

    pub(crate) fn canceled(
        &mut self,
        event_id: i64,
        a: ActivityTaskCanceledEventAttributes,
    ) -> Result<(), HistoryError> {
        self.close(
            event_id,
            a.scheduled_event_id,
            ActivityStatus::Canceled { details: a.details },
        )
    }

    pub(crate) fn cancel_requested(
        &mut self,
        event_id: i64,
        a: ActivityTaskCancelRequestedEventAttributes,
    ) -> Result<(), HistoryError> {
        let index = *self.by_id.get(&a.activity_id).ok_or_else(|| {
            HistoryError::unknown_reference(event_id, format!("activity id `{}`", a.activity_id))
        })?;
        self.all[index].cancel_requested_event_id = Some(event_id);
        Ok(())
    }

    pub(crate) fn request_cancel_failed(
        &mut self,
        a: RequestCancelActivityTaskFailedEventAttributes,
    ) {
        // ACTIVITY_ID_UNKNOWN is a legitimate answer for an id the history never saw.
        if let Some(&index) = self.by_id.get(&a.activity_id) {
            self.all[index].cancel_failed = Some(a.cause);
        }
    }

    fn close(
        &mut self,
        event_id: i64,
        scheduled: i64,
        status: ActivityStatus,
    ) -> Result<(), HistoryError> {
        let activity = self.scheduled_mut(event_id, scheduled)?;
        let was_open = activity.is_open();
        activity.status = status;
        activity.closed_event_id = Some(event_id);
        if was_open {
            self.open -= 1;
        }
        Ok(())
    }

    fn scheduled_mut(
        &mut self,
        event_id: i64,
        scheduled: i64,
    ) -> Result<&mut ActivityState, HistoryError> {
        match self.by_scheduled.get(&scheduled) {
            Some(&i) => Ok(&mut self.all[i]),
            None => Err(HistoryError::unknown_reference(
                event_id,
                format!("scheduled event {scheduled}"),
            )),
        }
    }
}
