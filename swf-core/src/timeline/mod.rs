//! An execution's history as a timeline: one entry per thing that happened (an activity, a timer,
//! a signal, a child workflow, a marker, a decision task), from its first event to its last, with
//! when it began, how it ended and how long it took.
//!
//! This is the model behind `swf history show` (which renders it as text) and swf-local's web
//! console (which renders it as HTML): both fold a history with [`fold`] and differ only in how
//! they show the entries.
//!
//! ```
//! use swf_core::timeline::{fold, Kind};
//! use swf_core::types::{EventType, HistoryEvent, Timestamp, WorkflowExecutionStartedEventAttributes};
//!
//! let started = HistoryEvent {
//!     event_id: 1,
//!     event_type: EventType::WorkflowExecutionStarted,
//!     event_timestamp: Timestamp::from_millis(1_714_557_600_000),
//!     workflow_execution_started_event_attributes: Some(Box::new(WorkflowExecutionStartedEventAttributes {
//!         workflow_type: swf_core::types::WorkflowType { name: "order".into(), version: "1".into() },
//!         task_list: swf_core::types::TaskList { name: "deciders".into() },
//!         ..Default::default()
//!     })),
//!     ..Default::default()
//! };
//! let entries = fold(&[started]);
//! assert_eq!(entries[0].kind, Kind::Workflow);
//! assert_eq!((entries[0].name.as_str(), entries[0].outcome.as_str()), ("order 1", "started"));
//! ```
//!
//! # How a history becomes a timeline
//!
//! SWF records each of those things as several events (an activity is scheduled, started, then
//! completed, failed, timed out or canceled), and the later events point back at the first by its
//! event id (`scheduledEventId`, `startedEventId`, `initiatedEventId`). [`fold`] keeps, for every
//! entry still open, the id of the event that opened it, so each later event lands on its entry in
//! one look-up; the entry's time is its first event's and its duration runs to its last. Events a
//! decision caused (`decisionTaskCompletedEventId`) are also listed on that decision's entry, so
//! that the timeline says what each decision did.
//!
//! Entries keep payloads raw; whoever shows them decides how much of a payload to show.

use std::collections::HashMap;

use crate::types::*;
use serde::ser::{SerializeMap, Serializer};

mod events;

/// What an entry is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Kind {
    /// The execution itself: its start, a cancel request, its close.
    Workflow,
    /// A decision task.
    Decision,
    /// An activity task.
    Activity,
    /// A Lambda task.
    Lambda,
    /// A timer.
    Timer,
    /// A signal the execution received.
    Signal,
    /// A child workflow execution.
    Child,
    /// A marker.
    Marker,
    /// A signal the execution sent to another.
    SendSignal,
    /// A cancellation the execution requested of another.
    RequestCancel,
}

impl Kind {
    /// The word a line starts with.
    pub fn word(self) -> &'static str {
        match self {
            Kind::Workflow => "workflow",
            Kind::Decision => "decision",
            Kind::Activity => "activity",
            Kind::Lambda => "lambda",
            Kind::Timer => "timer",
            Kind::Signal => "signal",
            Kind::Child => "child",
            Kind::Marker => "marker",
            Kind::SendSignal => "send signal",
            Kind::RequestCancel => "request cancel",
        }
    }
}

/// A labelled value on an entry: a payload (input, result, details), a reason, or a cause.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Detail {
    /// What the value is: `result`, `reason`, `cause`...
    pub label: &'static str,
    /// The value as SWF recorded it.
    pub value: String,
    /// Whether the value is free text from a program (shown quoted or as JSON), rather than a
    /// word of SWF's vocabulary (a cause, a run id) shown as is.
    pub payload: bool,
}

/// One line of the timeline.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Entry {
    /// The id of the event the entry began with; entries are in this order.
    pub event_id: i64,
    /// Milliseconds from the execution's first event to this entry's first.
    pub at_ms: i64,
    /// What the entry is about.
    pub kind: Kind,
    /// Which one: `charge-1 (charge v1)`, a timer id, a signal name.
    pub name: String,
    /// Where it ended up: `completed`, `failed`, `timed out (HEARTBEAT)`, `running`...; empty for
    /// things that happen at an instant (a signal, a marker).
    pub outcome: String,
    /// Milliseconds from its first event to its last, once it has ended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub took_ms: Option<i64>,
    /// Payloads, reasons and causes, in the order they read best.
    #[serde(serialize_with = "details_as_map")]
    pub details: Vec<Detail>,
}

/// Folds a history, oldest event first, into its timeline.
pub fn fold(events: &[HistoryEvent]) -> Vec<Entry> {
    let mut folder = Folder {
        start: events
            .first()
            .map(|e| e.event_timestamp)
            .unwrap_or_default(),
        ..Folder::default()
    };
    for event in events {
        folder.event(event);
    }
    folder.entries
}

#[derive(Default)]
struct Folder {
    start: Timestamp,
    entries: Vec<Entry>,
    /// Open entries by the id of the event that opened them.
    open: HashMap<i64, usize>,
    /// Activity entries by activity id, for the events that name the activity rather than its
    /// scheduled event (`ActivityTaskCancelRequested`).
    activities: HashMap<String, usize>,
    /// Decision entries by the id of their `DecisionTaskCompleted` event.
    decisions: HashMap<i64, usize>,
    /// How many decision tasks have been scheduled.
    decision_count: usize,
    /// The workflow's name as its start event gives it, for the lines about the workflow.
    workflow_name: String,
}

fn detail(label: &'static str, value: impl Into<String>) -> Detail {
    Detail {
        label,
        value: value.into(),
        payload: false,
    }
}

fn payload(label: &'static str, value: &Option<String>) -> Option<Detail> {
    value.as_ref().map(|v| Detail {
        label,
        value: v.clone(),
        payload: true,
    })
}

fn type_name(name: &str, version: &str) -> String {
    format!("{name} {version}")
}

impl Folder {
    /// Opens an entry at `event`; later events find it by that event's id.
    fn open(&mut self, event: &HistoryEvent, kind: Kind, name: String, outcome: &str) -> usize {
        let index = self.entries.len();
        self.entries.push(Entry {
            event_id: event.event_id,
            at_ms: event.event_timestamp.as_millis() - self.start.as_millis(),
            kind,
            name,
            outcome: outcome.to_string(),
            took_ms: None,
            details: Vec::new(),
        });
        self.open.insert(event.event_id, index);
        index
    }

    /// Moves the entry opened by `opened_by` to `outcome` at `event`; when `closes`, its
    /// duration is set and it is no longer open. Events whose entry is not in the history (a
    /// partial history, cut by `--max-events` or paging) are skipped.
    fn advance(
        &mut self,
        opened_by: i64,
        event: &HistoryEvent,
        outcome: &str,
        closes: bool,
        details: impl IntoIterator<Item = Option<Detail>>,
    ) {
        let Some(&index) = self.open.get(&opened_by) else {
            return;
        };
        let entry = &mut self.entries[index];
        entry.outcome = outcome.to_string();
        entry.details.extend(details.into_iter().flatten());
        if closes {
            let began = self.start.as_millis() + entry.at_ms;
            entry.took_ms = Some(event.event_timestamp.as_millis() - began);
            self.open.remove(&opened_by);
        }
    }

    /// Notes on the decision that caused it what an event did.
    fn decided(&mut self, decision_completed_id: i64, what: String) {
        if let Some(&index) = self.decisions.get(&decision_completed_id) {
            let entry = &mut self.entries[index];
            match entry.details.iter_mut().find(|d| d.label == "decided") {
                Some(d) => {
                    d.value.push_str(", ");
                    d.value.push_str(&what);
                }
                None => entry.details.push(detail("decided", what)),
            }
        }
    }

    /// A line about the workflow itself, closed at once.
    fn workflow_line(&mut self, event: &HistoryEvent, outcome: &str, details: Vec<Option<Detail>>) {
        let name = self.workflow_name.clone();
        let index = self.open(event, Kind::Workflow, name, outcome);
        self.open.remove(&event.event_id);
        let entry = &mut self.entries[index];
        entry.details = details.into_iter().flatten().collect();
        if outcome != "started" && outcome != "cancel requested" {
            entry.took_ms = Some(entry.at_ms);
        }
    }
}

/// Details as a JSON object, in their order: `{"result": "ok"}`.
fn details_as_map<S: Serializer>(details: &[Detail], s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(Some(details.len()))?;
    for d in details {
        map.serialize_entry(d.label, &d.value)?;
    }
    map.end()
}

/// A length of time as people read it: milliseconds under a minute (`0.045s`, `12.300s`), then
/// the two or three largest units (`2m03s`, `1h02m03s`, `3d04h02m`). Timelines write durations
/// this way, and so does the `swf` command line.
///
/// ```
/// use std::time::Duration;
/// use swf_core::timeline::format_duration;
///
/// assert_eq!(format_duration(Duration::from_millis(45)), "0.045s");
/// assert_eq!(format_duration(Duration::from_secs(3723)), "1h02m03s");
/// ```
pub fn format_duration(d: std::time::Duration) -> String {
    let secs = d.as_secs();
    if secs < 60 {
        return format!("{}.{:03}s", secs, d.subsec_millis());
    }
    let (days, hours, minutes, seconds) =
        (secs / 86400, secs / 3600 % 24, secs / 60 % 60, secs % 60);
    match (days, hours) {
        (0, 0) => format!("{minutes}m{seconds:02}s"),
        (0, _) => format!("{hours}h{minutes:02}m{seconds:02}s"),
        _ => format!("{days}d{hours:02}h{minutes:02}m"),
    }
}
