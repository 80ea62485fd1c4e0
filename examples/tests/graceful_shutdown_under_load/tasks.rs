//! The tasks of a history, as the service recorded them: who started each, when, and how and when
//! it closed. Everything the test concludes about a process it stopped comes from here, read
//! from the service, never from the process's own account.

use std::collections::HashMap;

use swf_core::types::{EventAttributesRef, EventType, HistoryEvent, Timestamp};

/// Whether a task was a decision task or an activity task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Decision,
    Activity,
}

/// One started task of one history.
#[derive(Debug, Clone)]
pub(crate) struct Task {
    pub(crate) kind: Kind,
    /// The identity its poll reported: which process took it.
    pub(crate) identity: String,
    /// When the service handed it out (its `…TaskStarted` event).
    pub(crate) started: Timestamp,
    /// When and how it closed, if it has.
    pub(crate) closed: Option<(Timestamp, EventType)>,
}

impl Task {
    /// Whether `identity` had taken it and not yet answered it at `at`: started at or before,
    /// closed after (or not at all).
    pub(crate) fn held_by_at(&self, identity: &str, at: Timestamp) -> bool {
        self.identity == identity
            && self.started <= at
            && self.closed.as_ref().is_none_or(|(closed, _)| *closed > at)
    }
}

/// The started tasks of `events`, in the order they started, each with its close if it has one.
pub(crate) fn tasks(events: &[HistoryEvent]) -> Vec<Task> {
    let mut tasks = Vec::new();
    // Started event id → index in `tasks`.
    let mut by_started = HashMap::new();
    for event in events {
        let started = |kind, identity: &Option<String>| Task {
            kind,
            identity: identity.clone().unwrap_or_default(),
            started: event.event_timestamp,
            closed: None,
        };
        let (task, closes) = match event.attributes() {
            EventAttributesRef::DecisionTaskStarted(a) => {
                (Some(started(Kind::Decision, &a.identity)), None)
            }
            EventAttributesRef::ActivityTaskStarted(a) => {
                (Some(started(Kind::Activity, &a.identity)), None)
            }
            EventAttributesRef::DecisionTaskCompleted(a) => (None, Some(a.started_event_id)),
            EventAttributesRef::DecisionTaskTimedOut(a) => (None, Some(a.started_event_id)),
            EventAttributesRef::ActivityTaskCompleted(a) => (None, Some(a.started_event_id)),
            EventAttributesRef::ActivityTaskFailed(a) => (None, Some(a.started_event_id)),
            EventAttributesRef::ActivityTaskTimedOut(a) => (None, Some(a.started_event_id)),
            EventAttributesRef::ActivityTaskCanceled(a) => (None, Some(a.started_event_id)),
            _ => (None, None),
        };
        if let Some(task) = task {
            by_started.insert(event.event_id, tasks.len());
            tasks.push(task);
        }
        // A timeout before the start (schedule-to-start) names started event 0: no task of ours.
        if let Some(index) = closes.and_then(|id| by_started.get(&id)) {
            let task: &mut Task = &mut tasks[*index];
            task.closed = Some((event.event_timestamp, event.event_type.clone()));
        }
    }
    tasks
}

/// One task timeout of a history.
#[derive(Debug, Clone)]
pub(crate) struct TimedOut {
    /// `ActivityTaskTimedOut` or `DecisionTaskTimedOut`.
    pub(crate) event_type: EventType,
    /// Which timeout, as SWF spells it: `SCHEDULE_TO_START`, `HEARTBEAT`, ...
    pub(crate) timeout_type: String,
    /// The task list the task was scheduled on.
    pub(crate) task_list: String,
}

/// The task timeouts of `events`: every `ActivityTaskTimedOut` and `DecisionTaskTimedOut`.
pub(crate) fn timeouts(events: &[HistoryEvent]) -> Vec<TimedOut> {
    // Scheduled event id → the task list it was scheduled on.
    let mut scheduled_on = HashMap::new();
    let mut timeouts = Vec::new();
    for event in events {
        let list = |scheduled: &i64| scheduled_on.get(scheduled).cloned().unwrap_or_default();
        let timed_out = match event.attributes() {
            EventAttributesRef::DecisionTaskScheduled(a) => {
                scheduled_on.insert(event.event_id, a.task_list.name.clone());
                None
            }
            EventAttributesRef::ActivityTaskScheduled(a) => {
                scheduled_on.insert(event.event_id, a.task_list.name.clone());
                None
            }
            EventAttributesRef::DecisionTaskTimedOut(a) => {
                Some((a.timeout_type.as_str(), list(&a.scheduled_event_id)))
            }
            EventAttributesRef::ActivityTaskTimedOut(a) => {
                Some((a.timeout_type.as_str(), list(&a.scheduled_event_id)))
            }
            _ => None,
        };
        if let Some((timeout_type, task_list)) = timed_out {
            timeouts.push(TimedOut {
                event_type: event.event_type.clone(),
                timeout_type: timeout_type.to_owned(),
                task_list,
            });
        }
    }
    timeouts
}
