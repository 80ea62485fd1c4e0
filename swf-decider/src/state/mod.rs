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
//! [`WorkflowState::apply`] is one `match` over [`EventType`] with an arm for each of the 54
//! event types of the service model. `EventType` is `#[non_exhaustive]` (a newer service may send
//! types this version does not know, kept as `EventType::Unknown`), so Rust demands a wildcard arm
//! too; unknown types are ignored with a trace, and a test proves that every type the model
//! defines reaches its own arm rather than the wildcard.
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

use swf_core::types::{DecisionType, EventType, HistoryEvent, Timestamp};

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

/// Takes an event's attributes out of it, or fails naming the event.
macro_rules! take {
    ($event:ident . $field:ident) => {
        match $event.$field.take() {
            Some(attributes) => *attributes,
            None => {
                return Err(HistoryError::missing_attributes(
                    $event.event_id,
                    $event.event_type.clone(),
                ))
            }
        }
    };
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

    /// Folds `e`, taking its attributes out of it. Working in place matters: a `HistoryEvent`
    /// holds an inline slot for every event type's attributes, thousands of bytes, so moving
    /// events around would cost more than folding them.
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
        let x = &mut self.execution;
        match e.event_type {
            // The execution itself.
            EventType::WorkflowExecutionStarted => {
                x.started = take!(e.workflow_execution_started_event_attributes);
                x.started_at = at;
            }
            EventType::WorkflowExecutionCancelRequested => {
                let a = take!(e.workflow_execution_cancel_requested_event_attributes);
                x.cancel_requested = Some(CancelRequest::from_event(id, at, a));
            }
            EventType::WorkflowExecutionCompleted => {
                let a = take!(e.workflow_execution_completed_event_attributes);
                x.closed = Some(Closed::Completed { result: a.result });
            }
            EventType::CompleteWorkflowExecutionFailed => {
                let a = take!(e.complete_workflow_execution_failed_event_attributes);
                self.failure(
                    id,
                    DecisionType::CompleteWorkflowExecution,
                    String::new(),
                    a.cause.as_str(),
                    a.decision_task_completed_event_id,
                );
            }
            EventType::WorkflowExecutionFailed => {
                let a = take!(e.workflow_execution_failed_event_attributes);
                x.closed = Some(Closed::Failed {
                    reason: a.reason,
                    details: a.details,
                });
            }
            EventType::FailWorkflowExecutionFailed => {
                let a = take!(e.fail_workflow_execution_failed_event_attributes);
                self.failure(
                    id,
                    DecisionType::FailWorkflowExecution,
                    String::new(),
                    a.cause.as_str(),
                    a.decision_task_completed_event_id,
                );
            }
            EventType::WorkflowExecutionTimedOut => {
                let a = take!(e.workflow_execution_timed_out_event_attributes);
                x.closed = Some(Closed::TimedOut {
                    timeout_type: a.timeout_type,
                });
            }
            EventType::WorkflowExecutionCanceled => {
                let a = take!(e.workflow_execution_canceled_event_attributes);
                x.closed = Some(Closed::Canceled { details: a.details });
            }
            EventType::CancelWorkflowExecutionFailed => {
                let a = take!(e.cancel_workflow_execution_failed_event_attributes);
                self.failure(
                    id,
                    DecisionType::CancelWorkflowExecution,
                    String::new(),
                    a.cause.as_str(),
                    a.decision_task_completed_event_id,
                );
            }
            EventType::WorkflowExecutionContinuedAsNew => {
                let a = take!(e.workflow_execution_continued_as_new_event_attributes);
                x.closed = Some(Closed::ContinuedAsNew {
                    new_run_id: a.new_execution_run_id,
                    input: a.input,
                });
            }
            EventType::ContinueAsNewWorkflowExecutionFailed => {
                let a = take!(e.continue_as_new_workflow_execution_failed_event_attributes);
                self.failure(
                    id,
                    DecisionType::ContinueAsNewWorkflowExecution,
                    String::new(),
                    a.cause.as_str(),
                    a.decision_task_completed_event_id,
                );
            }
            EventType::WorkflowExecutionTerminated => {
                let a = take!(e.workflow_execution_terminated_event_attributes);
                let cause = a.cause.map(|c| c.as_str().to_owned());
                x.closed = Some(Closed::Terminated {
                    reason: a.reason,
                    details: a.details,
                    cause,
                });
            }
            // Decision tasks.
            EventType::DecisionTaskScheduled => {
                take!(e.decision_task_scheduled_event_attributes);
                x.decision_tasks_scheduled += 1;
            }
            EventType::DecisionTaskStarted => {
                take!(e.decision_task_started_event_attributes);
                x.last_decision_task_started = Some(id);
            }
            EventType::DecisionTaskCompleted => {
                let a = take!(e.decision_task_completed_event_attributes);
                x.decision_tasks_completed += 1;
                x.last_decision_task_completed = Some(id);
                x.execution_context = a.execution_context;
            }
            EventType::DecisionTaskTimedOut => {
                take!(e.decision_task_timed_out_event_attributes);
                x.decision_tasks_timed_out += 1;
            }
            // Activities.
            EventType::ActivityTaskScheduled => {
                self.activities
                    .scheduled(id, take!(e.activity_task_scheduled_event_attributes));
            }
            EventType::ScheduleActivityTaskFailed => {
                let a = take!(e.schedule_activity_task_failed_event_attributes);
                self.failure(
                    id,
                    DecisionType::ScheduleActivityTask,
                    a.activity_id.clone(),
                    a.cause.as_str(),
                    a.decision_task_completed_event_id,
                );
                self.activities.schedule_failed(id, a);
            }
            EventType::ActivityTaskStarted => {
                self.activities
                    .started(id, take!(e.activity_task_started_event_attributes))?;
            }
            EventType::ActivityTaskCompleted => {
                self.activities
                    .completed(id, take!(e.activity_task_completed_event_attributes))?;
            }
            EventType::ActivityTaskFailed => {
                self.activities
                    .failed(id, take!(e.activity_task_failed_event_attributes))?;
            }
            EventType::ActivityTaskTimedOut => {
                self.activities
                    .timed_out(id, take!(e.activity_task_timed_out_event_attributes))?;
            }
            EventType::ActivityTaskCanceled => {
                self.activities
                    .canceled(id, take!(e.activity_task_canceled_event_attributes))?;
            }
            EventType::ActivityTaskCancelRequested => {
                self.activities.cancel_requested(
                    id,
                    take!(e.activity_task_cancel_requested_event_attributes),
                )?;
            }
            EventType::RequestCancelActivityTaskFailed => {
                let a = take!(e.request_cancel_activity_task_failed_event_attributes);
                self.failure(
                    id,
                    DecisionType::RequestCancelActivityTask,
                    a.activity_id.clone(),
                    a.cause.as_str(),
                    a.decision_task_completed_event_id,
                );
                self.activities.request_cancel_failed(a);
            }
            // Signals and markers.
            EventType::WorkflowExecutionSignaled => {
                let a = take!(e.workflow_execution_signaled_event_attributes);
                self.signals.push(Signal::from_event(id, at, a));
            }
            EventType::MarkerRecorded => {
                self.markers.push(Marker::recorded(
                    id,
                    take!(e.marker_recorded_event_attributes),
                ));
            }
            EventType::RecordMarkerFailed => {
                let a = take!(e.record_marker_failed_event_attributes);
                self.failure(
                    id,
                    DecisionType::RecordMarker,
                    a.marker_name.clone(),
                    a.cause.as_str(),
                    a.decision_task_completed_event_id,
                );
                self.markers.push(Marker::failed(id, a));
            }
            // Timers.
            EventType::TimerStarted => {
                self.timers
                    .started(id, at, take!(e.timer_started_event_attributes));
            }
            EventType::StartTimerFailed => {
                let a = take!(e.start_timer_failed_event_attributes);
                self.failure(
                    id,
                    DecisionType::StartTimer,
                    a.timer_id.clone(),
                    a.cause.as_str(),
                    a.decision_task_completed_event_id,
                );
                self.timers.start_failed(a);
            }
            EventType::TimerFired => {
                self.timers
                    .fired(id, take!(e.timer_fired_event_attributes))?;
            }
            EventType::TimerCanceled => {
                self.timers
                    .canceled(id, take!(e.timer_canceled_event_attributes))?;
            }
            EventType::CancelTimerFailed => {
                let a = take!(e.cancel_timer_failed_event_attributes);
                self.failure(
                    id,
                    DecisionType::CancelTimer,
                    a.timer_id.clone(),
                    a.cause.as_str(),
                    a.decision_task_completed_event_id,
                );
                self.timers.cancel_failed(a);
            }
            // Child workflow executions.
            EventType::StartChildWorkflowExecutionInitiated => {
                self.children.initiated(
                    id,
                    take!(e.start_child_workflow_execution_initiated_event_attributes),
                );
            }
            EventType::StartChildWorkflowExecutionFailed => {
                let a = take!(e.start_child_workflow_execution_failed_event_attributes);
                self.failure(
                    id,
                    DecisionType::StartChildWorkflowExecution,
                    a.workflow_id.clone(),
                    a.cause.as_str(),
                    a.decision_task_completed_event_id,
                );
                self.children.start_failed(id, a);
            }
            EventType::ChildWorkflowExecutionStarted => {
                self.children.started(
                    id,
                    take!(e.child_workflow_execution_started_event_attributes),
                )?;
            }
            EventType::ChildWorkflowExecutionCompleted => {
                self.children.completed(
                    id,
                    take!(e.child_workflow_execution_completed_event_attributes),
                )?;
            }
            EventType::ChildWorkflowExecutionFailed => {
                self.children.failed(
                    id,
                    take!(e.child_workflow_execution_failed_event_attributes),
                )?;
            }
            EventType::ChildWorkflowExecutionTimedOut => {
                self.children.timed_out(
                    id,
                    take!(e.child_workflow_execution_timed_out_event_attributes),
                )?;
            }
            EventType::ChildWorkflowExecutionCanceled => {
                self.children.canceled(
                    id,
                    take!(e.child_workflow_execution_canceled_event_attributes),
                )?;
            }
            EventType::ChildWorkflowExecutionTerminated => {
                self.children.terminated(
                    id,
                    take!(e.child_workflow_execution_terminated_event_attributes),
                )?;
            }
            // Requests to other executions.
            EventType::SignalExternalWorkflowExecutionInitiated => {
                self.external.signal_initiated(
                    id,
                    take!(e.signal_external_workflow_execution_initiated_event_attributes),
                );
            }
            EventType::SignalExternalWorkflowExecutionFailed => {
                let a = take!(e.signal_external_workflow_execution_failed_event_attributes);
                let key = a.control.clone().unwrap_or_default();
                self.failure(
                    id,
                    DecisionType::SignalExternalWorkflowExecution,
                    key,
                    a.cause.as_str(),
                    a.decision_task_completed_event_id,
                );
                self.external.signal_failed(id, a);
            }
            EventType::ExternalWorkflowExecutionSignaled => {
                self.external.signaled(
                    id,
                    take!(e.external_workflow_execution_signaled_event_attributes),
                )?;
            }
            EventType::RequestCancelExternalWorkflowExecutionInitiated => {
                self.external.cancel_initiated(
                    id,
                    take!(e.request_cancel_external_workflow_execution_initiated_event_attributes),
                );
            }
            EventType::RequestCancelExternalWorkflowExecutionFailed => {
                let a = take!(e.request_cancel_external_workflow_execution_failed_event_attributes);
                let key = a.control.clone().unwrap_or_default();
                self.failure(
                    id,
                    DecisionType::RequestCancelExternalWorkflowExecution,
                    key,
                    a.cause.as_str(),
                    a.decision_task_completed_event_id,
                );
                self.external.cancel_failed(id, a);
            }
            EventType::ExternalWorkflowExecutionCancelRequested => {
                self.external.cancel_requested(
                    id,
                    take!(e.external_workflow_execution_cancel_requested_event_attributes),
                )?;
            }
            // Lambda functions.
            EventType::LambdaFunctionScheduled => {
                self.lambdas
                    .scheduled(id, take!(e.lambda_function_scheduled_event_attributes));
            }
            EventType::LambdaFunctionStarted => {
                self.lambdas
                    .started(id, take!(e.lambda_function_started_event_attributes))?;
            }
            EventType::LambdaFunctionCompleted => {
                self.lambdas
                    .completed(id, take!(e.lambda_function_completed_event_attributes))?;
            }
            EventType::LambdaFunctionFailed => {
                self.lambdas
                    .failed(id, take!(e.lambda_function_failed_event_attributes))?;
            }
            EventType::LambdaFunctionTimedOut => {
                self.lambdas
                    .timed_out(id, take!(e.lambda_function_timed_out_event_attributes))?;
            }
            EventType::ScheduleLambdaFunctionFailed => {
                let a = take!(e.schedule_lambda_function_failed_event_attributes);
                self.failure(
                    id,
                    DecisionType::ScheduleLambdaFunction,
                    a.id.clone(),
                    a.cause.as_str(),
                    a.decision_task_completed_event_id,
                );
                self.lambdas.schedule_failed(a);
            }
            EventType::StartLambdaFunctionFailed => {
                self.lambdas
                    .start_failed(id, take!(e.start_lambda_function_failed_event_attributes))?;
            }
            // A type a newer service sends and this version does not know: nothing to fold.
            EventType::Unknown(ref name) => {
                tracing::trace!(event_id = id, event_type = %name, "ignoring an unknown history event type");
                return Ok(Applied::Unrecognized);
            }
            // Demanded by `#[non_exhaustive]`; every type the model defines has its arm above (a
            // test walks `EventType::VALUES` to prove it).
            ref other => {
                tracing::trace!(event_id = id, event_type = %other, "ignoring an unknown history event type");
                return Ok(Applied::Unrecognized);
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
