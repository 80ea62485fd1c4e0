//! The replayed state of an execution: every history event folded, in order, into one value.
//!
//! # Why a fold
//!
//! A decision is a function of the history, but the history is a long list of low-level events
//! that refer to one another by event id (`ActivityTaskCompleted` names its `scheduledEventId`,
//! not its activity id). Folding it once into a [`WorkflowState`] gives the workflow what it
//! actually asks about — "has `charge` completed, and with what?" — by id, in constant time.
//!
//! The fold is incremental: [`WorkflowState::apply`] takes the state and one more event and gives
//! the next state. Nothing in it looks back at earlier events, so a decider that keeps an
//! execution's state between decision tasks only has to fold the new events.
//!
//! # Every event type
//!
//! [`WorkflowState::apply`] is one `match` over [`EventAttributes`](swf_core::types::EventAttributes),
//! generated from the service model with one variant per event type, and no wildcard arm: an event
//! type added to the model fails to compile here until it has its arm. Only `Unknown` is left to
//! judgement: a type a newer service sends is ignored with a trace, while a known type that comes
//! without its attributes is refused.
//!
//! Each family of events keeps its own file: [`activities`](Activities), [`timers`](Timers),
//! [`signals`](Signal), [`markers`](Marker), [`children`](Children), [`external`](External)
//! requests, [`lambdas`](Lambdas), and the [`workflow`](ExecutionState) itself.

mod activities;
mod children;
mod error;
mod external;
mod lambdas;
mod markers;
mod signals;
mod timers;
mod workflow;

#[cfg(test)]
mod tests;

pub use activities::{Activities, ActivityState, ActivityStatus};
pub use children::{ChildState, ChildStatus, Children};
pub use error::HistoryError;
pub use external::{External, ExternalRequest, ExternalRequests, ExternalStatus};
pub use lambdas::{LambdaState, LambdaStatus, Lambdas};
pub use markers::Marker;
pub use signals::Signal;
pub use timers::{TimerState, TimerStatus, Timers};
pub use workflow::{CancelRequest, Closed, DecisionFailure, ExecutionState};

use std::collections::HashMap;

use swf_core::types::{DecisionType, EventAttributes as A, EventType, HistoryEvent, Timestamp};

/// Everything the history of one execution says, folded event by event.
///
/// The workflow reads it through [`WorkflowContext`](crate::WorkflowContext); tests can build one
/// directly from events.
///
/// ```
/// use swf_decider::WorkflowState;
/// use swf_decider::testing::HistoryBuilder;
///
/// let mut history = HistoryBuilder::new("order", "1");
/// history.decision_task().activity_scheduled("charge", "charge", "1").activity_completed("charge", Some("42"));
/// let state = WorkflowState::from_events(history.events())?;
/// assert!(state.activities().get("charge").is_some_and(|a| !a.is_open()));
/// # Ok::<(), swf_decider::HistoryError>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct WorkflowState {
    execution: ExecutionState,
    activities: Activities,
    timers: Timers,
    signals: Vec<Signal>,
    /// Where each name's signals sit in `signals`: a workflow looks a signal up by name on every
    /// run, and a scan would cost a long-lived execution time in proportion to all it received.
    signals_by_name: HashMap<String, Vec<usize>>,
    markers: Vec<Marker>,
    children: Children,
    external: External,
    lambdas: Lambdas,
    decision_failures: Vec<DecisionFailure>,
    last_event_id: i64,
    now: Timestamp,
}

/// What folding one event did; tests use it to prove no known type falls through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Applied {
    Folded,
    Unrecognized,
}

/// Takes `e`'s attributes out of it, leaving its id, type and timestamp, which replay still reads.
fn take_attributes(e: &mut HistoryEvent) -> A {
    let rest = HistoryEvent {
        event_id: e.event_id,
        event_timestamp: e.event_timestamp,
        event_type: e.event_type.clone(),
        ..HistoryEvent::default()
    };
    A::from(std::mem::replace(e, rest))
}

impl WorkflowState {
    /// An empty state, before the first event.
    pub fn new() -> WorkflowState {
        WorkflowState::default()
    }

    /// Folds `events`, in order, into a new state.
    pub fn from_events(
        events: impl IntoIterator<Item = HistoryEvent>,
    ) -> Result<WorkflowState, HistoryError> {
        let mut state = WorkflowState::new();
        for mut event in events {
            state.apply_event(&mut event)?;
        }
        Ok(state)
    }

    /// Folds one more event. Events must come in order, without gaps, starting with
    /// `WorkflowExecutionStarted`.
    pub fn apply(&mut self, mut event: HistoryEvent) -> Result<(), HistoryError> {
        self.apply_event(&mut event).map(|_| ())
    }

    /// Folds `e`, taking its attributes out of it (replay reads the id, type and timestamp left
    /// behind), so that no attribute structure is copied.
    pub(crate) fn apply_event(&mut self, e: &mut HistoryEvent) -> Result<Applied, HistoryError> {
        let id = e.event_id;
        let at = e.event_timestamp;
        if self.last_event_id == 0 {
            if e.event_type != EventType::WorkflowExecutionStarted {
                return Err(HistoryError::not_started(id, e.event_type.clone()));
            }
        } else if id != self.last_event_id + 1 {
            return Err(HistoryError::out_of_order(id, self.last_event_id));
        }
        self.last_event_id = id;
        self.now = at;
        let attributes = take_attributes(e);
        let x = &mut self.execution;
        match attributes {
            // The execution itself.
            A::WorkflowExecutionStarted(a) => {
                x.started = *a;
                x.started_at = at;
            }
            A::WorkflowExecutionCancelRequested(a) => {
                x.cancel_requested = Some(CancelRequest::from_event(id, at, *a));
            }
            A::WorkflowExecutionCompleted(a) => {
                x.closed = Some(Closed::Completed { result: a.result });
            }
            A::CompleteWorkflowExecutionFailed(a) => {
                self.failure(
                    id,
                    DecisionType::CompleteWorkflowExecution,
                    String::new(),
                    a.cause.as_str(),
                    a.decision_task_completed_event_id,
                );
            }
            A::WorkflowExecutionFailed(a) => {
                x.closed = Some(Closed::Failed {
                    reason: a.reason,
                    details: a.details,
                });
            }
            A::FailWorkflowExecutionFailed(a) => {
                self.failure(
                    id,
                    DecisionType::FailWorkflowExecution,
                    String::new(),
                    a.cause.as_str(),
                    a.decision_task_completed_event_id,
                );
            }
            A::WorkflowExecutionTimedOut(a) => {
                x.closed = Some(Closed::TimedOut {
                    timeout_type: a.timeout_type,
                });
            }
            A::WorkflowExecutionCanceled(a) => {
                x.closed = Some(Closed::Canceled { details: a.details });
            }
            A::CancelWorkflowExecutionFailed(a) => {
                self.failure(
                    id,
                    DecisionType::CancelWorkflowExecution,
                    String::new(),
                    a.cause.as_str(),
                    a.decision_task_completed_event_id,
                );
            }
            A::WorkflowExecutionContinuedAsNew(a) => {
                x.closed = Some(Closed::ContinuedAsNew {
                    new_run_id: a.new_execution_run_id,
                    input: a.input,
                });
            }
            A::ContinueAsNewWorkflowExecutionFailed(a) => {
                self.failure(
                    id,
                    DecisionType::ContinueAsNewWorkflowExecution,
                    String::new(),
                    a.cause.as_str(),
                    a.decision_task_completed_event_id,
                );
            }
            A::WorkflowExecutionTerminated(a) => {
                let cause = a.cause.map(|c| c.as_str().to_owned());
                x.closed = Some(Closed::Terminated {
                    reason: a.reason,
                    details: a.details,
                    cause,
                });
            }
            // Decision tasks.
            A::DecisionTaskScheduled(_) => {
                x.decision_tasks_scheduled += 1;
            }
            A::DecisionTaskStarted(_) => {
                x.last_decision_task_started = Some(id);
            }
            A::DecisionTaskCompleted(a) => {
                x.decision_tasks_completed += 1;
                x.last_decision_task_completed = Some(id);
                x.execution_context = a.execution_context;
            }
            A::DecisionTaskTimedOut(_) => {
                x.decision_tasks_timed_out += 1;
            }
            // Activities.
            A::ActivityTaskScheduled(a) => {
                self.activities.scheduled(id, *a);
            }
            A::ScheduleActivityTaskFailed(a) => {
                self.failure(
                    id,
                    DecisionType::ScheduleActivityTask,
                    a.activity_id.clone(),
                    a.cause.as_str(),
                    a.decision_task_completed_event_id,
                );
                self.activities.schedule_failed(id, *a);
            }
            A::ActivityTaskStarted(a) => {
                self.activities.started(id, *a)?;
            }
            A::ActivityTaskCompleted(a) => {
                self.activities.completed(id, *a)?;
            }
            A::ActivityTaskFailed(a) => {
                self.activities.failed(id, *a)?;
            }
            A::ActivityTaskTimedOut(a) => {
                self.activities.timed_out(id, *a)?;
            }
            A::ActivityTaskCanceled(a) => {
                self.activities.canceled(id, *a)?;
            }
            A::ActivityTaskCancelRequested(a) => {
                self.activities.cancel_requested(id, *a)?;
            }
            A::RequestCancelActivityTaskFailed(a) => {
                self.failure(
                    id,
                    DecisionType::RequestCancelActivityTask,
                    a.activity_id.clone(),
                    a.cause.as_str(),
                    a.decision_task_completed_event_id,
                );
                self.activities.request_cancel_failed(*a);
            }
            // Signals and markers.
            A::WorkflowExecutionSignaled(a) => {
                let signal = Signal::from_event(id, at, *a);
                self.signals_by_name
                    .entry(signal.name.clone())
                    .or_default()
                    .push(self.signals.len());
                self.signals.push(signal);
            }
            A::MarkerRecorded(a) => {
                self.markers.push(Marker::recorded(id, *a));
            }
            A::RecordMarkerFailed(a) => {
                self.failure(
                    id,
                    DecisionType::RecordMarker,
                    a.marker_name.clone(),
                    a.cause.as_str(),
                    a.decision_task_completed_event_id,
                );
                self.markers.push(Marker::failed(id, *a));
            }
            // Timers.
            A::TimerStarted(a) => {
                self.timers.started(id, at, *a);
            }
            A::StartTimerFailed(a) => {
                self.failure(
                    id,
                    DecisionType::StartTimer,
                    a.timer_id.clone(),
                    a.cause.as_str(),
                    a.decision_task_completed_event_id,
                );
                self.timers.start_failed(*a);
            }
            A::TimerFired(a) => {
                self.timers.fired(id, *a)?;
            }
            A::TimerCanceled(a) => {
                self.timers.canceled(id, *a)?;
            }
            A::CancelTimerFailed(a) => {
                self.failure(
                    id,
                    DecisionType::CancelTimer,
                    a.timer_id.clone(),
                    a.cause.as_str(),
                    a.decision_task_completed_event_id,
                );
                self.timers.cancel_failed(*a);
            }
            // Child workflow executions.
            A::StartChildWorkflowExecutionInitiated(a) => {
                self.children.initiated(id, *a);
            }
            A::StartChildWorkflowExecutionFailed(a) => {
                self.failure(
                    id,
                    DecisionType::StartChildWorkflowExecution,
                    a.workflow_id.clone(),
                    a.cause.as_str(),
                    a.decision_task_completed_event_id,
                );
                self.children.start_failed(id, *a);
            }
            A::ChildWorkflowExecutionStarted(a) => {
                self.children.started(id, *a)?;
            }
            A::ChildWorkflowExecutionCompleted(a) => {
                self.children.completed(id, *a)?;
            }
            A::ChildWorkflowExecutionFailed(a) => {
                self.children.failed(id, *a)?;
            }
            A::ChildWorkflowExecutionTimedOut(a) => {
                self.children.timed_out(id, *a)?;
            }
            A::ChildWorkflowExecutionCanceled(a) => {
                self.children.canceled(id, *a)?;
            }
            A::ChildWorkflowExecutionTerminated(a) => {
                self.children.terminated(id, *a)?;
            }
            // Requests to other executions.
            A::SignalExternalWorkflowExecutionInitiated(a) => {
                self.external.signal_initiated(id, *a);
            }
            A::SignalExternalWorkflowExecutionFailed(a) => {
                let key = a.control.clone().unwrap_or_default();
                self.failure(
                    id,
                    DecisionType::SignalExternalWorkflowExecution,
                    key,
                    a.cause.as_str(),
                    a.decision_task_completed_event_id,
                );
                self.external.signal_failed(id, *a);
            }
            A::ExternalWorkflowExecutionSignaled(a) => {
                self.external.signaled(id, *a)?;
            }
            A::RequestCancelExternalWorkflowExecutionInitiated(a) => {
                self.external.cancel_initiated(id, *a);
            }
            A::RequestCancelExternalWorkflowExecutionFailed(a) => {
                let key = a.control.clone().unwrap_or_default();
                self.failure(
                    id,
                    DecisionType::RequestCancelExternalWorkflowExecution,
                    key,
                    a.cause.as_str(),
                    a.decision_task_completed_event_id,
                );
                self.external.cancel_failed(id, *a);
            }
            A::ExternalWorkflowExecutionCancelRequested(a) => {
                self.external.cancel_requested(id, *a)?;
            }
            // Lambda functions.
            A::LambdaFunctionScheduled(a) => {
                self.lambdas.scheduled(id, *a);
            }
            A::LambdaFunctionStarted(a) => {
                self.lambdas.started(id, *a)?;
            }
            A::LambdaFunctionCompleted(a) => {
                self.lambdas.completed(id, *a)?;
            }
            A::LambdaFunctionFailed(a) => {
                self.lambdas.failed(id, *a)?;
            }
            A::LambdaFunctionTimedOut(a) => {
                self.lambdas.timed_out(id, *a)?;
            }
            A::ScheduleLambdaFunctionFailed(a) => {
                self.failure(
                    id,
                    DecisionType::ScheduleLambdaFunction,
                    a.id.clone(),
                    a.cause.as_str(),
                    a.decision_task_completed_event_id,
                );
                self.lambdas.schedule_failed(id, *a);
            }
            A::StartLambdaFunctionFailed(a) => {
                self.lambdas.start_failed(id, *a)?;
            }
            // A type a newer service sends and this version does not know: nothing to fold.
            A::Unknown(event) if event.event_type.is_unknown() => {
                tracing::trace!(event_id = id, event_type = %event.event_type, "ignoring an unknown history event type");
                return Ok(Applied::Unrecognized);
            }
            // A known type whose attributes are missing (or not its own): nothing to fold it from.
            A::Unknown(event) => {
                return Err(HistoryError::missing_attributes(id, event.event_type));
            }
        }
        Ok(Applied::Folded)
    }

    fn failure(
        &mut self,
        event_id: i64,
        decision_type: DecisionType,
        id: String,
        cause: &str,
        completed: i64,
    ) {
        self.decision_failures.push(DecisionFailure {
            event_id,
            decision_type,
            id,
            cause: cause.to_owned(),
            decision_task_completed_event_id: completed,
        });
    }

    /// The execution itself: its start, cancel request, close and decision tasks.
    pub fn execution(&self) -> &ExecutionState {
        &self.execution
    }

    /// The encoded input the execution was started with.
    pub fn input(&self) -> Option<&str> {
        self.execution.started.input.as_deref()
    }

    /// Every activity, by id.
    pub fn activities(&self) -> &Activities {
        &self.activities
    }

    /// Every timer, by id.
    pub fn timers(&self) -> &Timers {
        &self.timers
    }

    /// Every signal received, in the order received.
    pub fn signals(&self) -> &[Signal] {
        &self.signals
    }

    /// The signals named `name`, in the order received; found by name, not by a scan.
    pub fn signals_named<'s>(&'s self, name: &str) -> impl Iterator<Item = &'s Signal> + 's {
        let positions = self
            .signals_by_name
            .get(name)
            .map_or(&[][..], Vec::as_slice);
        positions.iter().map(|&i| &self.signals[i])
    }

    /// Every marker recorded (and every marker that failed to record), in order.
    pub fn markers(&self) -> &[Marker] {
        &self.markers
    }

    /// Every child workflow execution, by workflow id.
    pub fn children(&self) -> &Children {
        &self.children
    }

    /// Signals sent to and cancellations requested of other executions.
    pub fn external(&self) -> &External {
        &self.external
    }

    /// Every Lambda function invocation, by id.
    pub fn lambdas(&self) -> &Lambdas {
        &self.lambdas
    }

    /// Every decision SWF refused, in order, with its cause.
    pub fn decision_failures(&self) -> &[DecisionFailure] {
        &self.decision_failures
    }

    /// The request to cancel this execution, if one arrived.
    pub fn cancel_requested(&self) -> Option<&CancelRequest> {
        self.execution.cancel_requested.as_ref()
    }

    /// How the execution closed, if its history shows it closed.
    pub fn closed(&self) -> Option<&Closed> {
        self.execution.closed.as_ref()
    }

    /// The id of the last event folded (0 before the first).
    pub fn last_event_id(&self) -> i64 {
        self.last_event_id
    }

    /// The workflow's "now": the timestamp of the last event folded. During a decision that is the
    /// `DecisionTaskStarted` event, so the same history always gives the same time.
    pub fn now(&self) -> Timestamp {
        self.now
    }
}
