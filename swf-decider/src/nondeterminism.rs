//! Non-determinism: the workflow's commands contradict what its history records.
//!
//! A workflow must decide the same way every time it runs over the same history. When its code
//! changes under a running execution (an activity renamed, a step removed or added), a run over
//! the old history asks for something else than what was decided back then. Sending the new
//! commands would mix two versions of the workflow in one execution, so the decider reports the
//! contradiction instead, naming the event and the mismatch, and makes no decision.
//!
//! Two checks find it:
//!
//! - **On every run**, an id the history already shows must be asked for with the same type: the
//!   history schedules activity `charge` as `charge/1`, the workflow now asks for `charge/2`.
//! - **Per decision task**, replaying the history up to the start of a completed task and running
//!   the workflow there must give exactly the decisions that task recorded, as a set: a recorded
//!   decision the workflow no longer makes, or a decision it now makes that was not recorded, is a
//!   mismatch. The decider checks the latest completed task by default; replay tests check every
//!   task ([`ReplayCheck`](crate::ReplayCheck)).

use std::collections::HashMap;
use std::fmt;

use swf_core::types::{DecisionType, EventAttributesRef as A, HistoryEvent};

use crate::commands::{Command, CommandKey};

/// A contradiction between the workflow's commands and its history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NonDeterminism {
    event_id: Option<i64>,
    decision_task: Option<i64>,
    mismatch: Mismatch,
}

/// What the contradiction is.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Mismatch {
    /// An id the history shows is asked for with another type.
    TypeChanged {
        /// The decision, its id and the recorded type, in words.
        recorded: String,
        /// The type asked for now.
        asked: String,
    },
    /// A decision the task recorded that the workflow no longer makes.
    NotAsked {
        /// The recorded decision, in words.
        recorded: String,
    },
    /// A decision the workflow now makes that the task did not record.
    NotRecorded {
        /// The decision, in words.
        asked: String,
    },
}

impl NonDeterminism {
    pub(crate) fn new(event_id: Option<i64>, mismatch: Mismatch) -> NonDeterminism {
        NonDeterminism {
            event_id,
            decision_task: None,
            mismatch,
        }
    }

    /// The per-run check's finding: `id`, which the history (at `event_id`) records as a `kind`
    /// of type `recorded`, is now asked for with type `asked`. One constructor, so that
    /// activities, children and Lambda functions word the contradiction alike.
    pub(crate) fn type_changed(
        kind: DecisionType,
        id: &str,
        recorded: String,
        asked: String,
        event_id: Option<i64>,
    ) -> NonDeterminism {
        let recorded = CommandKey::typed(kind, id, recorded).describe();
        NonDeterminism::new(event_id, Mismatch::TypeChanged { recorded, asked })
    }

    pub(crate) fn in_task(mut self, started_event_id: i64) -> NonDeterminism {
        self.decision_task = Some(started_event_id);
        self
    }

    /// The history event the contradiction is about, when there is one (a decision the workflow
    /// now makes that was never recorded has none).
    pub fn event_id(&self) -> Option<i64> {
        self.event_id
    }

    /// The `DecisionTaskStarted` event of the task whose replay found it, for the per-task check.
    pub fn decision_task_started_event_id(&self) -> Option<i64> {
        self.decision_task
    }

    /// What the contradiction is.
    pub fn mismatch(&self) -> &Mismatch {
        &self.mismatch
    }
}

impl fmt::Display for NonDeterminism {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("non-determinism")?;
        if let Some(id) = self.event_id {
            write!(f, " at event {id}")?;
        }
        if let Some(task) = self.decision_task {
            write!(f, " (replaying the decision task started at event {task})")?;
        }
        match &self.mismatch {
            Mismatch::TypeChanged { recorded, asked } => {
                write!(
                    f,
                    ": the history records {recorded}, the workflow now asks for type {asked}"
                )
            }
            Mismatch::NotAsked { recorded } => {
                write!(
                    f,
                    ": the history records {recorded}, which the workflow no longer asks for"
                )
            }
            Mismatch::NotRecorded { asked } => {
                write!(
                    f,
                    ": the workflow now asks for {asked}, which the history does not record"
                )
            }
        }
    }
}

impl std::error::Error for NonDeterminism {}

/// A decision as an event of the history records it.
#[derive(Debug, Clone)]
pub(crate) struct Recorded {
    pub(crate) key: CommandKey,
    pub(crate) event_id: i64,
    pub(crate) decision_task_completed_event_id: i64,
}

/// The decision an event records, if it is the immediate record of one.
///
/// The `…Failed` events of requests to other executions and of child starts come in two forms:
/// with an initiated event id, they report a later outcome of a decision already recorded by its
/// `…Initiated` event; with 0, they are the decision's only record.
pub(crate) fn recorded_decision(e: &HistoryEvent) -> Option<Recorded> {
    use DecisionType as D;
    let typed = |kind, id: &str, t: String| CommandKey::typed(kind, id, t);
    let plain = |kind, id: &str| CommandKey::new(kind, id);
    let (key, completed) = match e.attributes() {
        A::ActivityTaskScheduled(a) => (
            typed(
                D::ScheduleActivityTask,
                &a.activity_id,
                type_name(&a.activity_type.name, &a.activity_type.version),
            ),
            a.decision_task_completed_event_id,
        ),
        A::ScheduleActivityTaskFailed(a) => (
            typed(
                D::ScheduleActivityTask,
                &a.activity_id,
                type_name(&a.activity_type.name, &a.activity_type.version),
            ),
            a.decision_task_completed_event_id,
        ),
        A::ActivityTaskCancelRequested(a) => (
            plain(D::RequestCancelActivityTask, &a.activity_id),
            a.decision_task_completed_event_id,
        ),
        A::RequestCancelActivityTaskFailed(a) => (
            plain(D::RequestCancelActivityTask, &a.activity_id),
            a.decision_task_completed_event_id,
        ),
        A::TimerStarted(a) => (
            plain(D::StartTimer, &a.timer_id),
            a.decision_task_completed_event_id,
        ),
        A::StartTimerFailed(a) => (
            plain(D::StartTimer, &a.timer_id),
            a.decision_task_completed_event_id,
        ),
        A::TimerCanceled(a) => (
            plain(D::CancelTimer, &a.timer_id),
            a.decision_task_completed_event_id,
        ),
        A::CancelTimerFailed(a) => (
            plain(D::CancelTimer, &a.timer_id),
            a.decision_task_completed_event_id,
        ),
        A::MarkerRecorded(a) => (
            plain(D::RecordMarker, &a.marker_name),
            a.decision_task_completed_event_id,
        ),
        A::RecordMarkerFailed(a) => (
            plain(D::RecordMarker, &a.marker_name),
            a.decision_task_completed_event_id,
        ),
        A::WorkflowExecutionCompleted(a) => (
            plain(D::CompleteWorkflowExecution, ""),
            a.decision_task_completed_event_id,
        ),
        A::CompleteWorkflowExecutionFailed(a) => (
            plain(D::CompleteWorkflowExecution, ""),
            a.decision_task_completed_event_id,
        ),
        A::WorkflowExecutionFailed(a) => (
            plain(D::FailWorkflowExecution, ""),
            a.decision_task_completed_event_id,
        ),
        A::FailWorkflowExecutionFailed(a) => (
            plain(D::FailWorkflowExecution, ""),
            a.decision_task_completed_event_id,
        ),
        A::WorkflowExecutionCanceled(a) => (
            plain(D::CancelWorkflowExecution, ""),
            a.decision_task_completed_event_id,
        ),
        A::CancelWorkflowExecutionFailed(a) => (
            plain(D::CancelWorkflowExecution, ""),
            a.decision_task_completed_event_id,
        ),
        A::WorkflowExecutionContinuedAsNew(a) => (
            plain(D::ContinueAsNewWorkflowExecution, ""),
            a.decision_task_completed_event_id,
        ),
        A::ContinueAsNewWorkflowExecutionFailed(a) => (
            plain(D::ContinueAsNewWorkflowExecution, ""),
            a.decision_task_completed_event_id,
        ),
        A::StartChildWorkflowExecutionInitiated(a) => (
            typed(
                D::StartChildWorkflowExecution,
                &a.workflow_id,
                type_name(&a.workflow_type.name, &a.workflow_type.version),
            ),
            a.decision_task_completed_event_id,
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
            )
        }
        A::SignalExternalWorkflowExecutionInitiated(a) => (
            plain(
                D::SignalExternalWorkflowExecution,
                a.control.as_deref().unwrap_or_default(),
            ),
            a.decision_task_completed_event_id,
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
            )
        }
        A::RequestCancelExternalWorkflowExecutionInitiated(a) => (
            plain(
                D::RequestCancelExternalWorkflowExecution,
                a.control.as_deref().unwrap_or_default(),
            ),
            a.decision_task_completed_event_id,
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
            )
        }
        A::LambdaFunctionScheduled(a) => (
            typed(D::ScheduleLambdaFunction, &a.id, a.name.clone()),
            a.decision_task_completed_event_id,
        ),
        A::ScheduleLambdaFunctionFailed(a) => (
            typed(D::ScheduleLambdaFunction, &a.id, a.name.clone()),
            a.decision_task_completed_event_id,
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
    })
}

/// `name/version`, the way errors show a type.
pub(crate) fn type_name(name: &str, version: &str) -> String {
    format!("{name}/{version}")
}

/// Compares what a task recorded with what the workflow decides when replayed at that task, as
/// sets of keys.
pub(crate) fn compare(recorded: &[Recorded], planned: &[Command]) -> Result<(), NonDeterminism> {
    let mut asked: HashMap<(&DecisionType, &str), &CommandKey> = planned
        .iter()
        .map(|c| ((&c.key.kind, c.key.id.as_str()), &c.key))
        .collect();
    for r in recorded {
        match asked.remove(&(&r.key.kind, r.key.id.as_str())) {
            Some(key) => {
                if let (Some(was), Some(now)) = (&r.key.type_name, &key.type_name)
                    && was != now
                {
                    let mismatch = Mismatch::TypeChanged {
                        recorded: r.key.describe(),
                        asked: now.clone(),
                    };
                    return Err(NonDeterminism::new(Some(r.event_id), mismatch));
                }
            }
            None => {
                let mismatch = Mismatch::NotAsked {
                    recorded: r.key.describe(),
                };
                return Err(NonDeterminism::new(Some(r.event_id), mismatch));
            }
        }
    }
    // Report the first leftover in the order the workflow asked, so the message is stable.
    if let Some(c) = planned
        .iter()
        .find(|c| asked.contains_key(&(&c.key.kind, c.key.id.as_str())))
    {
        return Err(NonDeterminism::new(
            None,
            Mismatch::NotRecorded {
                asked: c.key.describe(),
            },
        ));
    }
    Ok(())
}
