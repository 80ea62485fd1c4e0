//! A history folded into a timeline: one entry per thing that happened (an activity, a timer, a
//! signal, a child workflow, a marker, a decision task), from its first event to its last.
//!
//! SWF records each of those as several events (an activity is scheduled, started, then completed,
//! failed, timed out or canceled), and the later events point back at the first by its event id
//! (`scheduledEventId`, `startedEventId`, `initiatedEventId`). The fold keeps, for every entry still
//! open, the id of the event that opened it, so each later event lands on its entry in one look-up;
//! the entry's time is its first event's and its duration runs to its last. Events a decision
//! caused (`decisionTaskCompletedEventId`) are also listed on that decision's entry, so that the
//! timeline says what each decision did.
//!
//! Entries keep payloads raw; [`super::render`] decides how much of them a line shows.

use std::collections::HashMap;

use serde::ser::{SerializeMap, Serializer};
use swf_core::types::*;

use crate::duration;

/// What an entry is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Kind {
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
    pub(crate) fn word(self) -> &'static str {
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
pub(crate) struct Detail {
    /// What the value is: `result`, `reason`, `cause`...
    pub(crate) label: &'static str,
    /// The value as SWF recorded it.
    pub(crate) value: String,
    /// Whether the value is free text from a program (shown quoted or as JSON), rather than a
    /// word of SWF's vocabulary (a cause, a run id) shown as is.
    pub(crate) payload: bool,
}

/// One line of the timeline.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Entry {
    /// The id of the event the entry began with; entries are in this order.
    pub(crate) event_id: i64,
    /// Milliseconds from the execution's first event to this entry's first.
    pub(crate) at_ms: i64,
    /// What the entry is about.
    pub(crate) kind: Kind,
    /// Which one: `charge-1 (charge v1)`, a timer id, a signal name.
    pub(crate) name: String,
    /// Where it ended up: `completed`, `failed`, `timed out (HEARTBEAT)`, `running`...; empty for
    /// things that happen at an instant (a signal, a marker).
    pub(crate) outcome: String,
    /// Milliseconds from its first event to its last, once it has ended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) took_ms: Option<i64>,
    /// Payloads, reasons and causes, in the order they read best.
    #[serde(serialize_with = "details_as_map")]
    pub(crate) details: Vec<Detail>,
}

/// Folds a history, oldest event first, into its timeline.
pub(crate) fn fold(events: &[HistoryEvent]) -> Vec<Entry> {
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
    /// Opens an entry at `event`; `opened_by` lets later events find it.
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

    fn event(&mut self, e: &HistoryEvent) {
        if self.workflow(e) || self.decision(e) || self.activity(e) || self.timer(e) {
            return;
        }
        if self.child(e) || self.external(e) || self.marker_and_signal(e) {
            return;
        }
        self.lambda(e);
    }

    fn workflow(&mut self, e: &HistoryEvent) -> bool {
        if let Some(a) = &e.workflow_execution_started_event_attributes {
            self.workflow_name = type_name(&a.workflow_type.name, &a.workflow_type.version);
            let parent = a
                .parent_workflow_execution
                .as_ref()
                .map(|p| detail("parent", &p.workflow_id));
            let continued = a
                .continued_execution_run_id
                .as_ref()
                .map(|r| detail("continued from run", r));
            self.workflow_line(
                e,
                "started",
                vec![
                    payload("input", &a.input),
                    Some(detail("task list", &a.task_list.name)),
                    parent,
                    continued,
                ],
            );
        } else if let Some(a) = &e.workflow_execution_cancel_requested_event_attributes {
            let by = a
                .external_workflow_execution
                .as_ref()
                .map(|w| detail("by", &w.workflow_id));
            let cause = a.cause.as_ref().map(|c| detail("cause", c.as_str()));
            self.workflow_line(e, "cancel requested", vec![by, cause]);
        } else if let Some(a) = &e.workflow_execution_completed_event_attributes {
            self.decided(a.decision_task_completed_event_id, "complete".into());
            self.workflow_line(e, "completed", vec![payload("result", &a.result)]);
        } else if let Some(a) = &e.workflow_execution_failed_event_attributes {
            self.decided(a.decision_task_completed_event_id, "fail".into());
            self.workflow_line(
                e,
                "failed",
                vec![payload("reason", &a.reason), payload("details", &a.details)],
            );
        } else if let Some(a) = &e.workflow_execution_canceled_event_attributes {
            self.decided(a.decision_task_completed_event_id, "cancel".into());
            self.workflow_line(e, "canceled", vec![payload("details", &a.details)]);
        } else if let Some(a) = &e.workflow_execution_terminated_event_attributes {
            let cause = a.cause.as_ref().map(|c| detail("cause", c.as_str()));
            self.workflow_line(
                e,
                "terminated",
                vec![
                    payload("reason", &a.reason),
                    payload("details", &a.details),
                    cause,
                ],
            );
        } else if let Some(a) = &e.workflow_execution_timed_out_event_attributes {
            self.workflow_line(e, &format!("timed out ({})", a.timeout_type), vec![]);
        } else if let Some(a) = &e.workflow_execution_continued_as_new_event_attributes {
            self.decided(a.decision_task_completed_event_id, "continue as new".into());
            self.workflow_line(
                e,
                "continued as new",
                vec![
                    Some(detail("new run", &a.new_execution_run_id)),
                    payload("input", &a.input),
                ],
            );
        } else if let Some((decision, cause, what)) = closing_failure(e) {
            self.decided(decision, format!("{what} (failed)"));
            self.workflow_line(
                e,
                &format!("could not {what}"),
                vec![Some(detail("cause", cause))],
            );
        } else {
            return false;
        }
        true
    }

    fn decision(&mut self, e: &HistoryEvent) -> bool {
        if e.decision_task_scheduled_event_attributes.is_some() {
            self.decision_count += 1;
            let name = format!("#{}", self.decision_count);
            self.open(e, Kind::Decision, name, "scheduled");
        } else if let Some(a) = &e.decision_task_started_event_attributes {
            self.advance(a.scheduled_event_id, e, "started", false, []);
        } else if let Some(a) = &e.decision_task_completed_event_attributes {
            if let Some(&index) = self.open.get(&a.scheduled_event_id) {
                self.decisions.insert(e.event_id, index);
            }
            let context = payload("context", &a.execution_context);
            self.advance(a.scheduled_event_id, e, "completed", true, [context]);
        } else if let Some(a) = &e.decision_task_timed_out_event_attributes {
            let outcome = format!("timed out ({})", a.timeout_type);
            self.advance(a.scheduled_event_id, e, &outcome, true, []);
        } else {
            return false;
        }
        true
    }

    fn activity(&mut self, e: &HistoryEvent) -> bool {
        if let Some(a) = &e.activity_task_scheduled_event_attributes {
            let t = &a.activity_type;
            let name = format!("{} ({})", a.activity_id, type_name(&t.name, &t.version));
            self.decided(
                a.decision_task_completed_event_id,
                format!("schedule {}", a.activity_id),
            );
            let index = self.open(e, Kind::Activity, name, "scheduled");
            self.activities.insert(a.activity_id.clone(), index);
        } else if let Some(a) = &e.schedule_activity_task_failed_event_attributes {
            let t = &a.activity_type;
            let name = format!("{} ({})", a.activity_id, type_name(&t.name, &t.version));
            self.decided(
                a.decision_task_completed_event_id,
                format!("schedule {} (failed)", a.activity_id),
            );
            let index = self.open(e, Kind::Activity, name, "not scheduled");
            self.open.remove(&e.event_id);
            self.entries[index]
                .details
                .push(detail("cause", a.cause.as_str()));
        } else if let Some(a) = &e.activity_task_started_event_attributes {
            self.advance(a.scheduled_event_id, e, "started", false, []);
        } else if let Some(a) = &e.activity_task_completed_event_attributes {
            self.advance(
                a.scheduled_event_id,
                e,
                "completed",
                true,
                [payload("result", &a.result)],
            );
        } else if let Some(a) = &e.activity_task_failed_event_attributes {
            let details = [payload("reason", &a.reason), payload("details", &a.details)];
            self.advance(a.scheduled_event_id, e, "failed", true, details);
        } else if let Some(a) = &e.activity_task_timed_out_event_attributes {
            let outcome = format!("timed out ({})", a.timeout_type);
            self.advance(
                a.scheduled_event_id,
                e,
                &outcome,
                true,
                [payload("details", &a.details)],
            );
        } else if let Some(a) = &e.activity_task_canceled_event_attributes {
            self.advance(
                a.scheduled_event_id,
                e,
                "canceled",
                true,
                [payload("details", &a.details)],
            );
        } else if let Some(a) = &e.activity_task_cancel_requested_event_attributes {
            self.decided(
                a.decision_task_completed_event_id,
                format!("cancel {}", a.activity_id),
            );
            if let Some(&index) = self.activities.get(&a.activity_id) {
                let entry = &mut self.entries[index];
                if entry.took_ms.is_none() {
                    entry.outcome = "cancel requested".into();
                }
            }
        } else if let Some(a) = &e.request_cancel_activity_task_failed_event_attributes {
            self.decided(
                a.decision_task_completed_event_id,
                format!("cancel {} (failed)", a.activity_id),
            );
        } else {
            return false;
        }
        true
    }

    fn timer(&mut self, e: &HistoryEvent) -> bool {
        if let Some(a) = &e.timer_started_event_attributes {
            let delay = match a.start_to_fire_timeout.parse::<u64>() {
                Ok(secs) if secs < 60 => format!("{secs}s"),
                Ok(secs) => duration::format(std::time::Duration::from_secs(secs)),
                Err(_) => a.start_to_fire_timeout.clone(),
            };
            self.decided(
                a.decision_task_completed_event_id,
                format!("timer {}", a.timer_id),
            );
            self.open(
                e,
                Kind::Timer,
                format!("{} ({delay})", a.timer_id),
                "started",
            );
        } else if let Some(a) = &e.timer_fired_event_attributes {
            self.advance(a.started_event_id, e, "fired", true, []);
        } else if let Some(a) = &e.timer_canceled_event_attributes {
            self.decided(
                a.decision_task_completed_event_id,
                format!("cancel timer {}", a.timer_id),
            );
            self.advance(a.started_event_id, e, "canceled", true, []);
        } else if let Some(a) = &e.start_timer_failed_event_attributes {
            self.decided(
                a.decision_task_completed_event_id,
                format!("timer {} (failed)", a.timer_id),
            );
            let index = self.open(e, Kind::Timer, a.timer_id.clone(), "not started");
            self.open.remove(&e.event_id);
            self.entries[index]
                .details
                .push(detail("cause", a.cause.as_str()));
        } else if let Some(a) = &e.cancel_timer_failed_event_attributes {
            self.decided(
                a.decision_task_completed_event_id,
                format!("cancel timer {} (failed)", a.timer_id),
            );
        } else {
            return false;
        }
        true
    }

    fn child(&mut self, e: &HistoryEvent) -> bool {
        if let Some(a) = &e.start_child_workflow_execution_initiated_event_attributes {
            let t = &a.workflow_type;
            let name = format!("{} ({})", a.workflow_id, type_name(&t.name, &t.version));
            self.decided(
                a.decision_task_completed_event_id,
                format!("child {}", a.workflow_id),
            );
            let index = self.open(e, Kind::Child, name, "starting");
            if let Some(d) = payload("input", &a.input) {
                self.entries[index].details.push(d);
            }
        } else if let Some(a) = &e.start_child_workflow_execution_failed_event_attributes {
            self.decided(
                a.decision_task_completed_event_id,
                format!("child {} (failed)", a.workflow_id),
            );
            let cause = Some(detail("cause", a.cause.as_str()));
            self.advance(a.initiated_event_id, e, "could not start", true, [cause]);
        } else if let Some(a) = &e.child_workflow_execution_started_event_attributes {
            let run = Some(detail("run", &a.workflow_execution.run_id));
            self.advance(a.initiated_event_id, e, "running", false, [run]);
        } else if let Some(a) = &e.child_workflow_execution_completed_event_attributes {
            self.advance(
                a.initiated_event_id,
                e,
                "completed",
                true,
                [payload("result", &a.result)],
            );
        } else if let Some(a) = &e.child_workflow_execution_failed_event_attributes {
            let details = [payload("reason", &a.reason), payload("details", &a.details)];
            self.advance(a.initiated_event_id, e, "failed", true, details);
        } else if let Some(a) = &e.child_workflow_execution_timed_out_event_attributes {
            let outcome = format!("timed out ({})", a.timeout_type);
            self.advance(a.initiated_event_id, e, &outcome, true, []);
        } else if let Some(a) = &e.child_workflow_execution_canceled_event_attributes {
            self.advance(
                a.initiated_event_id,
                e,
                "canceled",
                true,
                [payload("details", &a.details)],
            );
        } else if let Some(a) = &e.child_workflow_execution_terminated_event_attributes {
            self.advance(a.initiated_event_id, e, "terminated", true, []);
        } else {
            return false;
        }
        true
    }

    fn external(&mut self, e: &HistoryEvent) -> bool {
        if let Some(a) = &e.signal_external_workflow_execution_initiated_event_attributes {
            self.decided(
                a.decision_task_completed_event_id,
                format!("signal {}", a.workflow_id),
            );
            let name = format!("{} to {}", a.signal_name, a.workflow_id);
            let index = self.open(e, Kind::SendSignal, name, "sent");
            if let Some(d) = payload("input", &a.input) {
                self.entries[index].details.push(d);
            }
        } else if let Some(a) = &e.external_workflow_execution_signaled_event_attributes {
            self.advance(a.initiated_event_id, e, "delivered", true, []);
        } else if let Some(a) = &e.signal_external_workflow_execution_failed_event_attributes {
            self.decided(
                a.decision_task_completed_event_id,
                format!("signal {} (failed)", a.workflow_id),
            );
            let cause = Some(detail("cause", a.cause.as_str()));
            self.advance(a.initiated_event_id, e, "failed", true, [cause]);
        } else if let Some(a) =
            &e.request_cancel_external_workflow_execution_initiated_event_attributes
        {
            self.decided(
                a.decision_task_completed_event_id,
                format!("cancel {}", a.workflow_id),
            );
            self.open(e, Kind::RequestCancel, a.workflow_id.clone(), "sent");
        } else if let Some(a) = &e.external_workflow_execution_cancel_requested_event_attributes {
            self.advance(a.initiated_event_id, e, "delivered", true, []);
        } else if let Some(a) =
            &e.request_cancel_external_workflow_execution_failed_event_attributes
        {
            self.decided(
                a.decision_task_completed_event_id,
                format!("cancel {} (failed)", a.workflow_id),
            );
            let cause = Some(detail("cause", a.cause.as_str()));
            self.advance(a.initiated_event_id, e, "failed", true, [cause]);
        } else {
            return false;
        }
        true
    }

    fn marker_and_signal(&mut self, e: &HistoryEvent) -> bool {
        if let Some(a) = &e.workflow_execution_signaled_event_attributes {
            let index = self.open(e, Kind::Signal, a.signal_name.clone(), "");
            self.open.remove(&e.event_id);
            let from = a
                .external_workflow_execution
                .as_ref()
                .map(|w| detail("from", &w.workflow_id));
            let details = [payload("input", &a.input), from];
            self.entries[index]
                .details
                .extend(details.into_iter().flatten());
        } else if let Some(a) = &e.marker_recorded_event_attributes {
            self.decided(
                a.decision_task_completed_event_id,
                format!("marker {}", a.marker_name),
            );
            let index = self.open(e, Kind::Marker, a.marker_name.clone(), "");
            self.open.remove(&e.event_id);
            self.entries[index]
                .details
                .extend(payload("details", &a.details));
        } else if let Some(a) = &e.record_marker_failed_event_attributes {
            self.decided(
                a.decision_task_completed_event_id,
                format!("marker {} (failed)", a.marker_name),
            );
            let index = self.open(e, Kind::Marker, a.marker_name.clone(), "not recorded");
            self.open.remove(&e.event_id);
            self.entries[index]
                .details
                .push(detail("cause", a.cause.as_str()));
        } else {
            return false;
        }
        true
    }

    fn lambda(&mut self, e: &HistoryEvent) -> bool {
        if let Some(a) = &e.lambda_function_scheduled_event_attributes {
            self.decided(
                a.decision_task_completed_event_id,
                format!("lambda {}", a.id),
            );
            self.open(
                e,
                Kind::Lambda,
                format!("{} ({})", a.id, a.name),
                "scheduled",
            );
        } else if let Some(a) = &e.schedule_lambda_function_failed_event_attributes {
            self.decided(
                a.decision_task_completed_event_id,
                format!("lambda {} (failed)", a.id),
            );
            let index = self.open(
                e,
                Kind::Lambda,
                format!("{} ({})", a.id, a.name),
                "not scheduled",
            );
            self.open.remove(&e.event_id);
            self.entries[index]
                .details
                .push(detail("cause", a.cause.as_str()));
        } else if let Some(a) = &e.lambda_function_started_event_attributes {
            self.advance(a.scheduled_event_id, e, "started", false, []);
        } else if let Some(a) = &e.start_lambda_function_failed_event_attributes {
            let cause = a.cause.as_ref().map(|c| detail("cause", c.as_str()));
            let message = payload("message", &a.message);
            if let Some(scheduled) = a.scheduled_event_id {
                self.advance(scheduled, e, "could not start", true, [cause, message]);
            }
        } else if let Some(a) = &e.lambda_function_completed_event_attributes {
            self.advance(
                a.scheduled_event_id,
                e,
                "completed",
                true,
                [payload("result", &a.result)],
            );
        } else if let Some(a) = &e.lambda_function_failed_event_attributes {
            let details = [payload("reason", &a.reason), payload("details", &a.details)];
            self.advance(a.scheduled_event_id, e, "failed", true, details);
        } else if let Some(a) = &e.lambda_function_timed_out_event_attributes {
            let outcome = match &a.timeout_type {
                Some(t) => format!("timed out ({t})"),
                None => "timed out".into(),
            };
            self.advance(a.scheduled_event_id, e, &outcome, true, []);
        } else {
            return false;
        }
        true
    }
}

/// A decision to close the workflow that SWF refused: its decision, the cause, and what it tried.
fn closing_failure(e: &HistoryEvent) -> Option<(i64, &str, &'static str)> {
    if let Some(a) = &e.complete_workflow_execution_failed_event_attributes {
        return Some((
            a.decision_task_completed_event_id,
            a.cause.as_str(),
            "complete",
        ));
    }
    if let Some(a) = &e.fail_workflow_execution_failed_event_attributes {
        return Some((a.decision_task_completed_event_id, a.cause.as_str(), "fail"));
    }
    if let Some(a) = &e.cancel_workflow_execution_failed_event_attributes {
        return Some((
            a.decision_task_completed_event_id,
            a.cause.as_str(),
            "cancel",
        ));
    }
    if let Some(a) = &e.continue_as_new_workflow_execution_failed_event_attributes {
        return Some((
            a.decision_task_completed_event_id,
            a.cause.as_str(),
            "continue as new",
        ));
    }
    None
}

/// Details as a JSON object, in their order: `{"result": "ok"}`.
fn details_as_map<S: Serializer>(details: &[Detail], s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(Some(details.len()))?;
    for d in details {
        map.serialize_entry(d.label, &d.value)?;
    }
    map.end()
}
