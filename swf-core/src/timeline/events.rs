//! How each kind of history event moves the timeline: which events open an entry, which move it
//! on or close it, and what each tells the decision that caused it.

use crate::types::{EventAttributesRef as A, HistoryEvent};

use super::{Folder, Kind, detail, format_duration, payload, type_name};

impl Folder {
    /// Folds one event in.
    pub(super) fn event(&mut self, e: &HistoryEvent) {
        match e.attributes() {
            // The execution itself.
            A::WorkflowExecutionStarted(a) => {
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
            }
            A::WorkflowExecutionCancelRequested(a) => {
                let by = a
                    .external_workflow_execution
                    .as_ref()
                    .map(|w| detail("by", &w.workflow_id));
                let cause = a.cause.as_ref().map(|c| detail("cause", c.as_str()));
                self.workflow_line(e, "cancel requested", vec![by, cause]);
            }
            A::WorkflowExecutionCompleted(a) => {
                self.decided(a.decision_task_completed_event_id, "complete".into());
                self.workflow_line(e, "completed", vec![payload("result", &a.result)]);
            }
            A::WorkflowExecutionFailed(a) => {
                self.decided(a.decision_task_completed_event_id, "fail".into());
                self.workflow_line(
                    e,
                    "failed",
                    vec![payload("reason", &a.reason), payload("details", &a.details)],
                );
            }
            A::WorkflowExecutionCanceled(a) => {
                self.decided(a.decision_task_completed_event_id, "cancel".into());
                self.workflow_line(e, "canceled", vec![payload("details", &a.details)]);
            }
            A::WorkflowExecutionTerminated(a) => {
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
            }
            A::WorkflowExecutionTimedOut(a) => {
                self.workflow_line(e, &format!("timed out ({})", a.timeout_type), vec![]);
            }
            A::WorkflowExecutionContinuedAsNew(a) => {
                self.decided(a.decision_task_completed_event_id, "continue as new".into());
                self.workflow_line(
                    e,
                    "continued as new",
                    vec![
                        Some(detail("new run", &a.new_execution_run_id)),
                        payload("input", &a.input),
                    ],
                );
            }
            A::CompleteWorkflowExecutionFailed(a) => {
                let (decision, cause) = (a.decision_task_completed_event_id, a.cause.as_str());
                self.closing_failed(e, decision, cause, "complete");
            }
            A::FailWorkflowExecutionFailed(a) => {
                let (decision, cause) = (a.decision_task_completed_event_id, a.cause.as_str());
                self.closing_failed(e, decision, cause, "fail");
            }
            A::CancelWorkflowExecutionFailed(a) => {
                let (decision, cause) = (a.decision_task_completed_event_id, a.cause.as_str());
                self.closing_failed(e, decision, cause, "cancel");
            }
            A::ContinueAsNewWorkflowExecutionFailed(a) => {
                let (decision, cause) = (a.decision_task_completed_event_id, a.cause.as_str());
                self.closing_failed(e, decision, cause, "continue as new");
            }
            // Decision tasks.
            A::DecisionTaskScheduled(_) => {
                self.decision_count += 1;
                let name = format!("#{}", self.decision_count);
                self.open(e, Kind::Decision, name, "scheduled");
            }
            A::DecisionTaskStarted(a) => {
                self.advance(a.scheduled_event_id, e, "started", false, []);
            }
            A::DecisionTaskCompleted(a) => {
                if let Some(&index) = self.open.get(&a.scheduled_event_id) {
                    self.decisions.insert(e.event_id, index);
                }
                let context = payload("context", &a.execution_context);
                self.advance(a.scheduled_event_id, e, "completed", true, [context]);
            }
            A::DecisionTaskTimedOut(a) => {
                let outcome = format!("timed out ({})", a.timeout_type);
                self.advance(a.scheduled_event_id, e, &outcome, true, []);
            }
            // Activities.
            A::ActivityTaskScheduled(a) => {
                let t = &a.activity_type;
                let name = format!("{} ({})", a.activity_id, type_name(&t.name, &t.version));
                self.decided(
                    a.decision_task_completed_event_id,
                    format!("schedule {}", a.activity_id),
                );
                let index = self.open(e, Kind::Activity, name, "scheduled");
                self.activities.insert(a.activity_id.clone(), index);
            }
            A::ScheduleActivityTaskFailed(a) => {
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
            }
            A::ActivityTaskStarted(a) => {
                self.advance(a.scheduled_event_id, e, "started", false, []);
            }
            A::ActivityTaskCompleted(a) => {
                self.advance(
                    a.scheduled_event_id,
                    e,
                    "completed",
                    true,
                    [payload("result", &a.result)],
                );
            }
            A::ActivityTaskFailed(a) => {
                let details = [payload("reason", &a.reason), payload("details", &a.details)];
                self.advance(a.scheduled_event_id, e, "failed", true, details);
            }
            A::ActivityTaskTimedOut(a) => {
                let outcome = format!("timed out ({})", a.timeout_type);
                self.advance(
                    a.scheduled_event_id,
                    e,
                    &outcome,
                    true,
                    [payload("details", &a.details)],
                );
            }
            A::ActivityTaskCanceled(a) => {
                self.advance(
                    a.scheduled_event_id,
                    e,
                    "canceled",
                    true,
                    [payload("details", &a.details)],
                );
            }
            A::ActivityTaskCancelRequested(a) => {
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
            }
            A::RequestCancelActivityTaskFailed(a) => {
                self.decided(
                    a.decision_task_completed_event_id,
                    format!("cancel {} (failed)", a.activity_id),
                );
            }
            // Timers.
            A::TimerStarted(a) => {
                let delay = match a.start_to_fire_timeout.parse::<u64>() {
                    Ok(secs) if secs < 60 => format!("{secs}s"),
                    Ok(secs) => format_duration(std::time::Duration::from_secs(secs)),
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
            }
            A::TimerFired(a) => {
                self.advance(a.started_event_id, e, "fired", true, []);
            }
            A::TimerCanceled(a) => {
                self.decided(
                    a.decision_task_completed_event_id,
                    format!("cancel timer {}", a.timer_id),
                );
                self.advance(a.started_event_id, e, "canceled", true, []);
            }
            A::StartTimerFailed(a) => {
                self.decided(
                    a.decision_task_completed_event_id,
                    format!("timer {} (failed)", a.timer_id),
                );
                let index = self.open(e, Kind::Timer, a.timer_id.clone(), "not started");
                self.open.remove(&e.event_id);
                self.entries[index]
                    .details
                    .push(detail("cause", a.cause.as_str()));
            }
            A::CancelTimerFailed(a) => {
                self.decided(
                    a.decision_task_completed_event_id,
                    format!("cancel timer {} (failed)", a.timer_id),
                );
            }
            // Child workflow executions.
            A::StartChildWorkflowExecutionInitiated(a) => {
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
            }
            A::StartChildWorkflowExecutionFailed(a) => {
                self.decided(
                    a.decision_task_completed_event_id,
                    format!("child {} (failed)", a.workflow_id),
                );
                let cause = Some(detail("cause", a.cause.as_str()));
                self.advance(a.initiated_event_id, e, "could not start", true, [cause]);
            }
            A::ChildWorkflowExecutionStarted(a) => {
                let run = Some(detail("run", &a.workflow_execution.run_id));
                self.advance(a.initiated_event_id, e, "running", false, [run]);
            }
            A::ChildWorkflowExecutionCompleted(a) => {
                self.advance(
                    a.initiated_event_id,
                    e,
                    "completed",
                    true,
                    [payload("result", &a.result)],
                );
            }
            A::ChildWorkflowExecutionFailed(a) => {
                let details = [payload("reason", &a.reason), payload("details", &a.details)];
                self.advance(a.initiated_event_id, e, "failed", true, details);
            }
            A::ChildWorkflowExecutionTimedOut(a) => {
                let outcome = format!("timed out ({})", a.timeout_type);
                self.advance(a.initiated_event_id, e, &outcome, true, []);
            }
            A::ChildWorkflowExecutionCanceled(a) => {
                self.advance(
                    a.initiated_event_id,
                    e,
                    "canceled",
                    true,
                    [payload("details", &a.details)],
                );
            }
            A::ChildWorkflowExecutionTerminated(a) => {
                self.advance(a.initiated_event_id, e, "terminated", true, []);
            }
            // Requests to other executions.
            A::SignalExternalWorkflowExecutionInitiated(a) => {
                self.decided(
                    a.decision_task_completed_event_id,
                    format!("signal {}", a.workflow_id),
                );
                let name = format!("{} to {}", a.signal_name, a.workflow_id);
                let index = self.open(e, Kind::SendSignal, name, "sent");
                if let Some(d) = payload("input", &a.input) {
                    self.entries[index].details.push(d);
                }
            }
            A::ExternalWorkflowExecutionSignaled(a) => {
                self.advance(a.initiated_event_id, e, "delivered", true, []);
            }
            A::SignalExternalWorkflowExecutionFailed(a) => {
                self.decided(
                    a.decision_task_completed_event_id,
                    format!("signal {} (failed)", a.workflow_id),
                );
                let cause = Some(detail("cause", a.cause.as_str()));
                self.advance(a.initiated_event_id, e, "failed", true, [cause]);
            }
            A::RequestCancelExternalWorkflowExecutionInitiated(a) => {
                self.decided(
                    a.decision_task_completed_event_id,
                    format!("cancel {}", a.workflow_id),
                );
                self.open(e, Kind::RequestCancel, a.workflow_id.clone(), "sent");
            }
            A::ExternalWorkflowExecutionCancelRequested(a) => {
                self.advance(a.initiated_event_id, e, "delivered", true, []);
            }
            A::RequestCancelExternalWorkflowExecutionFailed(a) => {
                self.decided(
                    a.decision_task_completed_event_id,
                    format!("cancel {} (failed)", a.workflow_id),
                );
                let cause = Some(detail("cause", a.cause.as_str()));
                self.advance(a.initiated_event_id, e, "failed", true, [cause]);
            }
            // Signals and markers.
            A::WorkflowExecutionSignaled(a) => {
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
            }
            A::MarkerRecorded(a) => {
                self.decided(
                    a.decision_task_completed_event_id,
                    format!("marker {}", a.marker_name),
                );
                let index = self.open(e, Kind::Marker, a.marker_name.clone(), "");
                self.open.remove(&e.event_id);
                self.entries[index]
                    .details
                    .extend(payload("details", &a.details));
            }
            A::RecordMarkerFailed(a) => {
                self.decided(
                    a.decision_task_completed_event_id,
                    format!("marker {} (failed)", a.marker_name),
                );
                let index = self.open(e, Kind::Marker, a.marker_name.clone(), "not recorded");
                self.open.remove(&e.event_id);
                self.entries[index]
                    .details
                    .push(detail("cause", a.cause.as_str()));
            }
            // Lambda functions.
            A::LambdaFunctionScheduled(a) => {
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
            }
            A::ScheduleLambdaFunctionFailed(a) => {
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
            }
            A::LambdaFunctionStarted(a) => {
                self.advance(a.scheduled_event_id, e, "started", false, []);
            }
            A::StartLambdaFunctionFailed(a) => {
                let cause = a.cause.as_ref().map(|c| detail("cause", c.as_str()));
                let message = payload("message", &a.message);
                if let Some(scheduled) = a.scheduled_event_id {
                    self.advance(scheduled, e, "could not start", true, [cause, message]);
                }
            }
            A::LambdaFunctionCompleted(a) => {
                self.advance(
                    a.scheduled_event_id,
                    e,
                    "completed",
                    true,
                    [payload("result", &a.result)],
                );
            }
            A::LambdaFunctionFailed(a) => {
                let details = [payload("reason", &a.reason), payload("details", &a.details)];
                self.advance(a.scheduled_event_id, e, "failed", true, details);
            }
            A::LambdaFunctionTimedOut(a) => {
                let outcome = match &a.timeout_type {
                    Some(t) => format!("timed out ({t})"),
                    None => "timed out".into(),
                };
                self.advance(a.scheduled_event_id, e, &outcome, true, []);
            }
            // A type from a newer service, or an event without its attributes: nothing to show.
            A::Unknown(_) => {}
        }
    }

    /// A decision to close the workflow that SWF refused: its decision, the cause, and what it tried.
    fn closing_failed(&mut self, e: &HistoryEvent, decision: i64, cause: &str, what: &str) {
        self.decided(decision, format!("{what} (failed)"));
        self.workflow_line(
            e,
            &format!("could not {what}"),
            vec![Some(detail("cause", cause))],
        );
    }
}
