//! What every history must show after the chaos, read from the service, never from the
//! processes' own account: the workflow completed once with the right result, each task was
//! closed at most once, and each activity series completed exactly once with the right result.

use std::collections::HashMap;
use std::time::Duration;

use swf_core::types::{ActivityTaskTimeoutType, EventAttributesRef as Attributes, HistoryEvent};

use crate::app::{self, SERIES};

/// What one history showed, for the test's figures.
#[derive(Debug, Default)]
pub(crate) struct Figures {
    /// Activity attempts scheduled.
    pub(crate) attempts: usize,
    /// Attempts that were retries (`id#2`, ...).
    pub(crate) retries: usize,
    /// Attempts that failed (only the ones that fail on purpose may).
    pub(crate) failed: usize,
    pub(crate) activity_timeouts: usize,
    /// Activity timeouts of type `HEARTBEAT`.
    pub(crate) heartbeat_timeouts: usize,
    pub(crate) decision_tasks: usize,
    pub(crate) decision_timeouts: usize,
    /// The identity of the process that had taken each task that then timed out.
    pub(crate) timed_out_holders: Vec<String>,
    /// From the execution's start to its close.
    pub(crate) took: Duration,
}

impl Figures {
    /// Adds `other`'s counts to these; `took` becomes the longer.
    pub(crate) fn add(&mut self, other: Figures) {
        self.attempts += other.attempts;
        self.retries += other.retries;
        self.failed += other.failed;
        self.activity_timeouts += other.activity_timeouts;
        self.heartbeat_timeouts += other.heartbeat_timeouts;
        self.decision_tasks += other.decision_tasks;
        self.decision_timeouts += other.decision_timeouts;
        self.timed_out_holders.extend(other.timed_out_holders);
        self.took = self.took.max(other.took);
    }
}

/// Checks the history of `chain(n)`, panicking with what is wrong, and returns its figures.
pub(crate) fn check(n: u64, events: &[HistoryEvent]) -> Figures {
    let id = format!("chain-{n}");
    let ids: Vec<i64> = events.iter().map(|e| e.event_id).collect();
    let dense: Vec<i64> = (1..=events.len() as i64).collect();
    assert_eq!(ids, dense, "{id}: event ids are not 1, 2, 3, ...");
    check_close(&id, n, events);
    let mut figures = tasks(&id, events);
    check_series(&id, n, events, &mut figures);
    let first = events.first().expect("a history has a first event");
    let last = events.last().expect("and a last");
    let took_ms = last.event_timestamp.as_millis() - first.event_timestamp.as_millis();
    figures.took = Duration::from_millis(took_ms.max(0) as u64);
    figures
}

/// Exactly one close event, the last, and it is the completion with the expected result.
fn check_close(id: &str, n: u64, events: &[HistoryEvent]) {
    let closes: Vec<&HistoryEvent> = events
        .iter()
        .filter(|e| {
            matches!(
                e.attributes(),
                Attributes::WorkflowExecutionCompleted(_)
                    | Attributes::WorkflowExecutionFailed(_)
                    | Attributes::WorkflowExecutionTimedOut(_)
                    | Attributes::WorkflowExecutionCanceled(_)
                    | Attributes::WorkflowExecutionTerminated(_)
                    | Attributes::WorkflowExecutionContinuedAsNew(_)
            )
        })
        .collect();
    assert_eq!(closes.len(), 1, "{id}: close events {closes:#?}");
    assert_eq!(
        closes[0].event_id,
        events.len() as i64,
        "{id}: events after the close"
    );
    let Attributes::WorkflowExecutionCompleted(a) = closes[0].attributes() else {
        panic!("{id} did not complete: {:#?}", closes[0]);
    };
    let result: u64 = decode(id, "the workflow's result", a.result.as_deref());
    assert_eq!(result, app::expected(n)[3], "{id}'s result");
}

/// Every task (activity or decision) closed at most once and started at most once, and who held
/// each one that timed out after it was started.
fn tasks(id: &str, events: &[HistoryEvent]) -> Figures {
    let mut figures = Figures::default();
    // Scheduled event id → how many starts and closes name it.
    let mut starts: HashMap<i64, usize> = HashMap::new();
    let mut closes: HashMap<i64, usize> = HashMap::new();
    // Started event id → the identity of the poll that took the task.
    let mut holders: HashMap<i64, String> = HashMap::new();
    for e in events {
        let (started, closed, timed_out_after_start) = match e.attributes() {
            Attributes::ActivityTaskScheduled(_) => {
                figures.attempts += 1;
                (None, None, None)
            }
            Attributes::DecisionTaskScheduled(_) => {
                figures.decision_tasks += 1;
                (None, None, None)
            }
            Attributes::ActivityTaskStarted(a) => {
                holders.insert(e.event_id, a.identity.clone().unwrap_or_default());
                (Some(a.scheduled_event_id), None, None)
            }
            Attributes::DecisionTaskStarted(a) => {
                holders.insert(e.event_id, a.identity.clone().unwrap_or_default());
                (Some(a.scheduled_event_id), None, None)
            }
            Attributes::ActivityTaskCompleted(a) => (None, Some(a.scheduled_event_id), None),
            Attributes::ActivityTaskFailed(a) => {
                figures.failed += 1;
                (None, Some(a.scheduled_event_id), None)
            }
            Attributes::ActivityTaskCanceled(a) => (None, Some(a.scheduled_event_id), None),
            Attributes::DecisionTaskCompleted(a) => (None, Some(a.scheduled_event_id), None),
            Attributes::ActivityTaskTimedOut(a) => {
                figures.activity_timeouts += 1;
                if a.timeout_type == ActivityTaskTimeoutType::Heartbeat {
                    figures.heartbeat_timeouts += 1;
                }
                let started = a.started_event_id;
                (None, Some(a.scheduled_event_id), Some(started))
            }
            Attributes::DecisionTaskTimedOut(a) => {
                figures.decision_timeouts += 1;
                let started = a.started_event_id;
                (None, Some(a.scheduled_event_id), Some(started))
            }
            _ => (None, None, None),
        };
        for (scheduled, count) in [(started, &mut starts), (closed, &mut closes)] {
            if let Some(scheduled) = scheduled {
                *count.entry(scheduled).or_default() += 1;
            }
        }
        // A schedule-to-start timeout names started event 0: nobody held the task.
        if let Some(holder) = timed_out_after_start.and_then(|s| holders.get(&s)) {
            figures.timed_out_holders.push(holder.clone());
        }
    }
    for (what, counts) in [("started", &starts), ("closed", &closes)] {
        let twice: Vec<_> = counts.iter().filter(|(_, c)| **c > 1).collect();
        assert!(
            twice.is_empty(),
            "{id}: tasks {what} more than once (scheduled event id, times): {twice:?}"
        );
    }
    figures
}

/// Each activity series completed exactly once, with the result its input implies, and no
/// attempt of it was scheduled after that; the workflows that fail `last` on purpose retried it.
fn check_series(id: &str, n: u64, events: &[HistoryEvent], figures: &mut Figures) {
    // Scheduled event id → its series' index in `SERIES`.
    let mut series_of: HashMap<i64, usize> = HashMap::new();
    let mut attempts = [0usize; 4];
    let mut completed: [Vec<u64>; 4] = Default::default();
    for e in events {
        match e.attributes() {
            Attributes::ActivityTaskScheduled(a) => {
                let series = a.activity_id.split('#').next().unwrap_or_default();
                let Some(index) = SERIES.iter().position(|s| *s == series) else {
                    panic!("{id}: an activity of no series: {}", a.activity_id);
                };
                assert!(
                    completed[index].is_empty(),
                    "{id}: {} scheduled after its series completed",
                    a.activity_id
                );
                attempts[index] += 1;
                series_of.insert(e.event_id, index);
            }
            Attributes::ActivityTaskCompleted(a) => {
                let index = series_of[&a.scheduled_event_id];
                let what = format!("{}'s result", SERIES[index]);
                completed[index].push(decode(id, &what, a.result.as_deref()));
            }
            _ => {}
        }
    }
    let expected = app::expected(n);
    for (index, series) in SERIES.iter().enumerate() {
        assert_eq!(
            completed[index],
            [expected[index]],
            "{id}: the completions of series {series}"
        );
    }
    if app::fails_first_attempt(n) {
        assert!(attempts[3] >= 2, "{id}: {} was not retried", SERIES[3]);
    }
    figures.retries += attempts.iter().map(|a| a - 1).sum::<usize>();
}

/// Decodes a JSON result, or panics naming what it is.
fn decode<T: serde::de::DeserializeOwned>(id: &str, what: &str, text: Option<&str>) -> T {
    let text = text.unwrap_or_else(|| panic!("{id}: {what} is missing"));
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{id}: {what} {text:?}: {e}"))
}
