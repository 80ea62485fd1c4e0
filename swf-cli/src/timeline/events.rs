//! How each kind of history event moves the timeline: which events open an entry, which move it
//! on or close it, and what each tells the decision that caused it.

use swf_core::types::*;

use super::{Folder, Kind, detail, payload, type_name};
use crate::duration;

impl Folder {
    /// Folds one event in.
    pub(super) fn event(&mut self, e: &HistoryEvent) {
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
