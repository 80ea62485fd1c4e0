//! What every history must satisfy, whatever calls made it, and the open counts it implies.
//!
//! The history is read as a log and replayed here by its own references (scheduled, started and
//! initiated event ids), not by any model of what the calls should have done: a check that only
//! reads the history cannot agree with a mistake in the service that wrote it.

use std::collections::{BTreeMap, BTreeSet};
use swf_core::types::*;

/// What a history implies is open at its end: what `DescribeWorkflowExecution`'s `openCounts`
/// must say. A closed run has nothing open.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Implied {
    /// Whether the history ends with a closing event.
    pub closed: bool,
    pub activity_tasks: i32,
    pub timers: i32,
    pub child_executions: i32,
    pub decision_tasks: i32,
    pub lambdas: i32,
}

impl Implied {
    /// The counts as `DescribeWorkflowExecution` answers them.
    pub(super) fn open_counts(&self) -> WorkflowExecutionOpenCounts {
        WorkflowExecutionOpenCounts {
            open_activity_tasks: self.activity_tasks,
            open_child_workflow_executions: self.child_executions,
            open_decision_tasks: self.decision_tasks,
            open_lambda_functions: Some(self.lambdas),
            open_timers: self.timers,
        }
    }
}

/// One decision task between its scheduled event and its completed or timed-out event.
#[derive(Debug)]
struct OpenDecision {
    scheduled: i64,
    started: Option<i64>,
}

/// The history read so far: what is open, by the ids that later events name.
#[derive(Debug, Default)]
struct Replay {
    decision: Option<OpenDecision>,
    /// Open activity tasks: scheduled event id -> started event id, once started.
    activities: BTreeMap<i64, Option<i64>>,
    /// Open timers: timer id -> its started event id.
    timers: BTreeMap<String, i64>,
    /// Open children, by initiated event id.
    children: BTreeSet<i64>,
    /// Open lambda functions, by scheduled event id.
    lambdas: BTreeSet<i64>,
    /// The closing event's id, once there is one.
    closed_at: Option<i64>,
}

/// Checks `events`, a run's whole history oldest first: ids are 1, 2, 3, … with timestamps
/// that never go back; it starts with `WorkflowExecutionStarted`; every event's attributes are
/// those of its type; at most one decision task is open at any point; every task is started at
/// most once and closed at most once, and only after it was scheduled; at most one closing
/// event, and nothing after it. Returns what the history leaves open.
pub(super) fn check_history(events: &[HistoryEvent]) -> Result<Implied, String> {
    let mut replay = Replay::default();
    let mut previous_time = None;
    for (i, event) in events.iter().enumerate() {
        let expected_id = i as i64 + 1;
        let at = || format!("event {} ({:?})", event.event_id, event.event_type);
        if event.event_id != expected_id {
            return Err(format!("{} where id {expected_id} was due", at()));
        }
        if previous_time.is_some_and(|t| event.event_timestamp < t) {
            return Err(format!("{} is older than the event before it", at()));
        }
        previous_time = Some(event.event_timestamp);
        if let Some(close) = replay.closed_at {
            return Err(format!("{} follows the closing event {close}", at()));
        }
        if (i == 0) != (event.event_type == EventType::WorkflowExecutionStarted) {
            return Err(format!(
                "{}: a history starts, and only starts, with WorkflowExecutionStarted",
                at()
            ));
        }
        replay.apply(event).map_err(|e| format!("{}: {e}", at()))?;
    }
    Ok(replay.implied())
}

impl Replay {
    fn apply(&mut self, event: &HistoryEvent) -> Result<(), String> {
        use EventAttributesRef as A;
        match event.attributes() {
            A::Unknown(_) => return Err("attributes that are not those of its type".into()),
            A::DecisionTaskScheduled(_) => {
                if let Some(open) = &self.decision {
                    return Err(format!(
                        "a second decision task while #{} is open",
                        open.scheduled
                    ));
                }
                self.decision = Some(OpenDecision {
                    scheduled: event.event_id,
                    started: None,
                });
            }
            A::DecisionTaskStarted(a) => match &mut self.decision {
                Some(open) if open.scheduled == a.scheduled_event_id && open.started.is_none() => {
                    open.started = Some(event.event_id);
                }
                _ => {
                    return Err(format!(
                        "decision task #{} is not waiting to start",
                        a.scheduled_event_id
                    ));
                }
            },
            A::DecisionTaskCompleted(a) => {
                self.close_decision(a.scheduled_event_id, Some(a.started_event_id))?
            }
            A::DecisionTaskTimedOut(a) => {
                let started = (a.started_event_id != 0).then_some(a.started_event_id);
                self.close_decision(a.scheduled_event_id, started)?;
            }
            A::ActivityTaskScheduled(_) => {
                self.activities.insert(event.event_id, None);
            }
            A::ActivityTaskStarted(a) => match self.activities.get_mut(&a.scheduled_event_id) {
                Some(started @ None) => *started = Some(event.event_id),
                Some(Some(first)) => {
                    return Err(format!(
                        "activity task #{} started again (first at #{first})",
                        a.scheduled_event_id
                    ));
                }
                None => {
                    return Err(format!(
                        "activity task #{} is not open",
                        a.scheduled_event_id
                    ));
                }
            },
            A::ActivityTaskCompleted(a) => {
                self.close_activity(a.scheduled_event_id, Some(a.started_event_id))?
            }
            A::ActivityTaskFailed(a) => {
                self.close_activity(a.scheduled_event_id, Some(a.started_event_id))?
            }
            A::ActivityTaskCanceled(a) => {
                let started = (a.started_event_id != 0).then_some(a.started_event_id);
                self.close_activity(a.scheduled_event_id, started)?;
            }
            A::ActivityTaskTimedOut(a) => {
                let started = (a.started_event_id != 0).then_some(a.started_event_id);
                self.close_activity(a.scheduled_event_id, started)?;
            }
            A::TimerStarted(a) => self.open_timer(&a.timer_id, event.event_id)?,
            A::TimerFired(a) => self.close_timer(&a.timer_id, a.started_event_id)?,
            A::TimerCanceled(a) => self.close_timer(&a.timer_id, a.started_event_id)?,
            A::ChildWorkflowExecutionStarted(a) => self.open_child(a.initiated_event_id)?,
            A::ChildWorkflowExecutionCompleted(a) => self.close_child(a.initiated_event_id)?,
            A::ChildWorkflowExecutionFailed(a) => self.close_child(a.initiated_event_id)?,
            A::ChildWorkflowExecutionTimedOut(a) => self.close_child(a.initiated_event_id)?,
            A::ChildWorkflowExecutionCanceled(a) => self.close_child(a.initiated_event_id)?,
            A::ChildWorkflowExecutionTerminated(a) => self.close_child(a.initiated_event_id)?,
            A::LambdaFunctionScheduled(_) => {
                self.lambdas.insert(event.event_id);
            }
            A::LambdaFunctionCompleted(a) => self.close_lambda(a.scheduled_event_id)?,
            A::LambdaFunctionFailed(a) => self.close_lambda(a.scheduled_event_id)?,
            A::LambdaFunctionTimedOut(a) => self.close_lambda(a.scheduled_event_id)?,
            A::WorkflowExecutionCompleted(_)
            | A::WorkflowExecutionFailed(_)
            | A::WorkflowExecutionTimedOut(_)
            | A::WorkflowExecutionCanceled(_)
            | A::WorkflowExecutionContinuedAsNew(_)
            | A::WorkflowExecutionTerminated(_) => self.closed_at = Some(event.event_id),
            _ => {}
        }
        Ok(())
    }

    fn close_decision(&mut self, scheduled: i64, started: Option<i64>) -> Result<(), String> {
        match &self.decision {
            Some(open) if open.scheduled == scheduled && open.started == started => {
                self.decision = None;
                Ok(())
            }
            open => Err(format!(
                "closes decision task #{scheduled} started at {started:?}, but the open one is {open:?}"
            )),
        }
    }

    fn close_activity(&mut self, scheduled: i64, started: Option<i64>) -> Result<(), String> {
        match self.activities.remove(&scheduled) {
            Some(open) if open == started => Ok(()),
            open => Err(format!(
                "closes activity task #{scheduled} started at {started:?}, but it is {open:?}"
            )),
        }
    }

    fn open_timer(&mut self, timer_id: &str, started: i64) -> Result<(), String> {
        match self.timers.insert(timer_id.to_owned(), started) {
            None => Ok(()),
            Some(open) => Err(format!("timer {timer_id} started while open since #{open}")),
        }
    }

    fn close_timer(&mut self, timer_id: &str, started: i64) -> Result<(), String> {
        match self.timers.remove(timer_id) {
            Some(open) if open == started => Ok(()),
            open => Err(format!(
                "closes timer {timer_id} started at #{started}, but it is {open:?}"
            )),
        }
    }

    fn open_child(&mut self, initiated: i64) -> Result<(), String> {
        if self.children.insert(initiated) {
            Ok(())
        } else {
            Err(format!("child #{initiated} started twice"))
        }
    }

    fn close_child(&mut self, initiated: i64) -> Result<(), String> {
        if self.children.remove(&initiated) {
            Ok(())
        } else {
            Err(format!("closes child #{initiated}, which is not open"))
        }
    }

    fn close_lambda(&mut self, scheduled: i64) -> Result<(), String> {
        if self.lambdas.remove(&scheduled) {
            Ok(())
        } else {
            Err(format!("closes lambda #{scheduled}, which is not open"))
        }
    }

    fn implied(&self) -> Implied {
        if self.closed_at.is_some() {
            return Implied {
                closed: true,
                ..Implied::default()
            };
        }
        Implied {
            closed: false,
            activity_tasks: self.activities.len() as i32,
            timers: self.timers.len() as i32,
            child_executions: self.children.len() as i32,
            decision_tasks: i32::from(self.decision.is_some()),
            lambdas: self.lambdas.len() as i32,
        }
    }
}

/// Whether `events` show the task started at `started` (a decision task if `decision`, else an
/// activity task) as no longer open: closed by an event naming that start, or its run closed.
/// A task the service refuses as unknown must be one of these.
pub(super) fn task_is_over(events: &[HistoryEvent], started: i64, decision: bool) -> bool {
    use EventAttributesRef as A;
    events.iter().any(|event| match event.attributes() {
        A::DecisionTaskCompleted(a) if decision => a.started_event_id == started,
        A::DecisionTaskTimedOut(a) if decision => a.started_event_id == started,
        A::ActivityTaskCompleted(a) if !decision => a.started_event_id == started,
        A::ActivityTaskFailed(a) if !decision => a.started_event_id == started,
        A::ActivityTaskCanceled(a) if !decision => a.started_event_id == started,
        A::ActivityTaskTimedOut(a) if !decision => a.started_event_id == started,
        A::WorkflowExecutionCompleted(_)
        | A::WorkflowExecutionFailed(_)
        | A::WorkflowExecutionTimedOut(_)
        | A::WorkflowExecutionCanceled(_)
        | A::WorkflowExecutionContinuedAsNew(_)
        | A::WorkflowExecutionTerminated(_) => true,
        _ => false,
    })
}
