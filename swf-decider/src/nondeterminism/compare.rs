//! The comparison of one replayed decision task: which event records which decision (with its
//! input, when inputs are compared), and the recorded decisions set against the ones asked for.

use std::collections::HashMap;

use swf_core::types::{
    Decision, DecisionAttributesRef, DecisionType, EventAttributesRef as A, HistoryEvent,
};

use super::{DecisionKey, Mismatch, NonDeterminism};
use crate::commands::{Command, CommandKey};

/// A decision as an event of the history records it.
#[derive(Debug, Clone)]
pub(crate) struct Recorded {
    pub(crate) key: CommandKey,
    pub(crate) event_id: i64,
    pub(crate) decision_task_completed_event_id: i64,
    /// The decision's input as recorded, when inputs are compared and the event carries it (the
    /// `…Failed` records do not): `Some(None)` is a decision recorded without input.
    pub(crate) input: Option<Option<String>>,
}

/// The decision an event records, if it is the immediate record of one.
///
/// The `…Failed` events of requests to other executions and of child starts come in two forms:
/// with an initiated event id, they report a later outcome of a decision already recorded by its
/// `…Initiated` event; with 0, they are the decision's only record.
///
/// With `with_input`, the input is copied out of the event (see [`Recorded::input`]); only the
/// replay tests that compare inputs pay for the copy.
pub(crate) fn recorded_decision(e: &HistoryEvent, with_input: bool) -> Option<Recorded> {
    use DecisionType as D;
    let typed = |kind, id: &str, t: String| CommandKey::typed(kind, id, t);
    let plain = |kind, id: &str| CommandKey::new(kind, id);
    let (key, completed, input) = match e.attributes() {
        A::ActivityTaskScheduled(a) => (
            typed(
                D::ScheduleActivityTask,
                &a.activity_id,
                type_name(&a.activity_type.name, &a.activity_type.version),
            ),
            a.decision_task_completed_event_id,
            Some(a.input.as_deref()),
        ),
        A::ScheduleActivityTaskFailed(a) => (
            typed(
                D::ScheduleActivityTask,
                &a.activity_id,
                type_name(&a.activity_type.name, &a.activity_type.version),
            ),
            a.decision_task_completed_event_id,
            None,
        ),
        A::ActivityTaskCancelRequested(a) => (
            plain(D::RequestCancelActivityTask, &a.activity_id),
            a.decision_task_completed_event_id,
            None,
        ),
        A::RequestCancelActivityTaskFailed(a) => (
            plain(D::RequestCancelActivityTask, &a.activity_id),
            a.decision_task_completed_event_id,
            None,
        ),
        A::TimerStarted(a) => (
            plain(D::StartTimer, &a.timer_id),
            a.decision_task_completed_event_id,
            None,
        ),
        A::StartTimerFailed(a) => (
            plain(D::StartTimer, &a.timer_id),
            a.decision_task_completed_event_id,
            None,
        ),
        A::TimerCanceled(a) => (
            plain(D::CancelTimer, &a.timer_id),
            a.decision_task_completed_event_id,
            None,
        ),
        A::CancelTimerFailed(a) => (
            plain(D::CancelTimer, &a.timer_id),
            a.decision_task_completed_event_id,
            None,
        ),
        A::MarkerRecorded(a) => (
            plain(D::RecordMarker, &a.marker_name),
            a.decision_task_completed_event_id,
            Some(a.details.as_deref()),
        ),
        A::RecordMarkerFailed(a) => (
            plain(D::RecordMarker, &a.marker_name),
            a.decision_task_completed_event_id,
            None,
        ),
        A::WorkflowExecutionCompleted(a) => (
            plain(D::CompleteWorkflowExecution, ""),
            a.decision_task_completed_event_id,
            None,
        ),
        A::CompleteWorkflowExecutionFailed(a) => (
            plain(D::CompleteWorkflowExecution, ""),
            a.decision_task_completed_event_id,
            None,
        ),
        A::WorkflowExecutionFailed(a) => (
            plain(D::FailWorkflowExecution, ""),
            a.decision_task_completed_event_id,
            None,
        ),
        A::FailWorkflowExecutionFailed(a) => (
            plain(D::FailWorkflowExecution, ""),
            a.decision_task_completed_event_id,
            None,
        ),
        A::WorkflowExecutionCanceled(a) => (
            plain(D::CancelWorkflowExecution, ""),
            a.decision_task_completed_event_id,
            None,
        ),
        A::CancelWorkflowExecutionFailed(a) => (
            plain(D::CancelWorkflowExecution, ""),
            a.decision_task_completed_event_id,
            None,
        ),
        A::WorkflowExecutionContinuedAsNew(a) => (
            plain(D::ContinueAsNewWorkflowExecution, ""),
            a.decision_task_completed_event_id,
            Some(a.input.as_deref()),
        ),
        A::ContinueAsNewWorkflowExecutionFailed(a) => (
            plain(D::ContinueAsNewWorkflowExecution, ""),
            a.decision_task_completed_event_id,
            None,
        ),
        A::StartChildWorkflowExecutionInitiated(a) => (
            typed(
                D::StartChildWorkflowExecution,
                &a.workflow_id,
                type_name(&a.workflow_type.name, &a.workflow_type.version),
            ),
            a.decision_task_completed_event_id,
            Some(a.input.as_deref()),
        ),
        A::StartChildWorkflowExecutionFailed(a) => {
            if a.initiated_event_id != 0 {
                return None;
            }
            (
                typed(
                    D::StartChildWorkflowExecution,
                    &a.workflow_id,
                    type_name(&a.workflow_type.name, &a.workflow_type.version),
                ),
                a.decision_task_completed_event_id,
                None,
            )
        }
        A::SignalExternalWorkflowExecutionInitiated(a) => (
            plain(
                D::SignalExternalWorkflowExecution,
                a.control.as_deref().unwrap_or_default(),
            ),
            a.decision_task_completed_event_id,
            Some(a.input.as_deref()),
        ),
        A::SignalExternalWorkflowExecutionFailed(a) => {
            if a.initiated_event_id != 0 {
                return None;
            }
            (
                plain(
                    D::SignalExternalWorkflowExecution,
                    a.control.as_deref().unwrap_or_default(),
                ),
                a.decision_task_completed_event_id,
                None,
            )
        }
        A::RequestCancelExternalWorkflowExecutionInitiated(a) => (
            plain(
                D::RequestCancelExternalWorkflowExecution,
                a.control.as_deref().unwrap_or_default(),
            ),
            a.decision_task_completed_event_id,
            None,
        ),
        A::RequestCancelExternalWorkflowExecutionFailed(a) => {
            if a.initiated_event_id != 0 {
                return None;
            }
            (
                plain(
                    D::RequestCancelExternalWorkflowExecution,
                    a.control.as_deref().unwrap_or_default(),
                ),
                a.decision_task_completed_event_id,
                None,
            )
        }
        A::LambdaFunctionScheduled(a) => (
            typed(D::ScheduleLambdaFunction, &a.id, a.name.clone()),
            a.decision_task_completed_event_id,
            Some(a.input.as_deref()),
        ),
        A::ScheduleLambdaFunctionFailed(a) => (
            typed(D::ScheduleLambdaFunction, &a.id, a.name.clone()),
            a.decision_task_completed_event_id,
            None,
        ),
        // Events that record no decision of their own.
        A::WorkflowExecutionStarted(_)
        | A::WorkflowExecutionCancelRequested(_)
        | A::WorkflowExecutionTimedOut(_)
        | A::WorkflowExecutionTerminated(_)
        | A::DecisionTaskScheduled(_)
        | A::DecisionTaskStarted(_)
        | A::DecisionTaskCompleted(_)
        | A::DecisionTaskTimedOut(_)
        | A::ActivityTaskStarted(_)
        | A::ActivityTaskCompleted(_)
        | A::ActivityTaskFailed(_)
        | A::ActivityTaskTimedOut(_)
        | A::ActivityTaskCanceled(_)
        | A::WorkflowExecutionSignaled(_)
        | A::TimerFired(_)
        | A::ChildWorkflowExecutionStarted(_)
        | A::ChildWorkflowExecutionCompleted(_)
        | A::ChildWorkflowExecutionFailed(_)
        | A::ChildWorkflowExecutionTimedOut(_)
        | A::ChildWorkflowExecutionCanceled(_)
        | A::ChildWorkflowExecutionTerminated(_)
        | A::ExternalWorkflowExecutionSignaled(_)
        | A::ExternalWorkflowExecutionCancelRequested(_)
        | A::LambdaFunctionStarted(_)
        | A::LambdaFunctionCompleted(_)
        | A::LambdaFunctionFailed(_)
        | A::LambdaFunctionTimedOut(_)
        | A::StartLambdaFunctionFailed(_)
        | A::Unknown(_) => return None,
    };
    Some(Recorded {
        key,
        event_id: e.event_id,
        decision_task_completed_event_id: completed,
        input: input.filter(|_| with_input).map(|i| i.map(str::to_owned)),
    })
}

/// `name/version`, the way errors show a type.
pub(crate) fn type_name(name: &str, version: &str) -> String {
    format!("{name}/{version}")
}

/// The input a decision carries, the one its record keeps: `None` for the kinds without one.
/// Matches [`recorded_decision`]'s events that keep an input.
pub(crate) fn asked_input(d: &Decision) -> Option<Option<&str>> {
    use DecisionAttributesRef as D;
    match d.attributes() {
        D::ScheduleActivityTask(a) => Some(a.input.as_deref()),
        D::StartChildWorkflowExecution(a) => Some(a.input.as_deref()),
        D::SignalExternalWorkflowExecution(a) => Some(a.input.as_deref()),
        D::ScheduleLambdaFunction(a) => Some(a.input.as_deref()),
        D::ContinueAsNewWorkflowExecution(a) => Some(a.input.as_deref()),
        D::RecordMarker(a) => Some(a.details.as_deref()),
        D::RequestCancelActivityTask(_)
        | D::CompleteWorkflowExecution(_)
        | D::FailWorkflowExecution(_)
        | D::CancelWorkflowExecution(_)
        | D::StartTimer(_)
        | D::CancelTimer(_)
        | D::RequestCancelExternalWorkflowExecution(_)
        | D::Unknown(_) => None,
    }
}

/// Compares what a task recorded with what the workflow decides when replayed at that task, as
/// sets of keys (kind and id; then the type of each pair, and its input when the records carry
/// one). The first contradiction in history order is reported, with the other side: what the
/// workflow asks for instead of a recorded decision it no longer makes, or what the task recorded
/// besides a decision it did not.
pub(crate) fn compare(recorded: &[Recorded], planned: &[Command]) -> Result<(), NonDeterminism> {
    let mut unmatched: HashMap<(&DecisionType, &str), &Command> = planned
        .iter()
        .map(|c| ((&c.key.kind, c.key.id.as_str()), c))
        .collect();
    let pairs: Vec<(&Recorded, Option<&Command>)> = recorded
        .iter()
        .map(|r| (r, unmatched.remove(&(&r.key.kind, r.key.id.as_str()))))
        .collect();
    // What the workflow asks for that no record matched, in the order it asked (a stable message).
    let leftover = || -> Vec<DecisionKey> {
        planned
            .iter()
            .filter(|c| unmatched.contains_key(&(&c.key.kind, c.key.id.as_str())))
            .map(|c| DecisionKey::from(&c.key))
            .collect()
    };
    for (r, asked) in &pairs {
        let at = |mismatch| Err(NonDeterminism::new(Some(r.event_id), mismatch));
        let Some(c) = asked else {
            return at(Mismatch::NotAsked {
                recorded: DecisionKey::from(&r.key),
                asked_instead: leftover(),
            });
        };
        if let (Some(was), Some(now)) = (&r.key.type_name, &c.key.type_name)
            && was != now
        {
            return at(Mismatch::TypeChanged {
                recorded: DecisionKey::from(&r.key),
                asked: DecisionKey::from(&c.key),
            });
        }
        if let (Some(was), Some(now)) = (&r.input, asked_input(&c.decision))
            && was.as_deref() != now
        {
            return at(Mismatch::InputChanged {
                decision: DecisionKey::from(&r.key),
                recorded_input: was.clone(),
                asked_input: now.map(str::to_owned),
            });
        }
    }
    if let Some(asked) = leftover().into_iter().next() {
        let task_recorded = recorded.iter().map(|r| DecisionKey::from(&r.key)).collect();
        return Err(NonDeterminism::new(
            None,
            Mismatch::NotRecorded {
                asked,
                task_recorded,
            },
        ));
    }
    Ok(())
}
