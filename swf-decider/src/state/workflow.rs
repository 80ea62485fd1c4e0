//! The execution itself: how it started, whether cancellation was requested, how it closed, its
//! decision tasks, and the closing decisions that failed.

use swf_core::types::{
    DecisionType, Timestamp, WorkflowExecution, WorkflowExecutionCancelRequestedEventAttributes,
    WorkflowExecutionStartedEventAttributes, WorkflowExecutionTimeoutType,
};

/// A request to cancel this execution (`WorkflowExecutionCancelRequested`).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CancelRequest {
    /// The event.
    pub event_id: i64,
    /// When it arrived.
    pub requested_at: Timestamp,
    /// The execution that asked, when another workflow did.
    pub requester: Option<WorkflowExecution>,
    /// `CHILD_POLICY_APPLIED` when the parent closed with the `REQUEST_CANCEL` child policy.
    pub cause: Option<String>,
}

impl CancelRequest {
    pub(crate) fn from_event(
        event_id: i64,
        at: Timestamp,
        a: WorkflowExecutionCancelRequestedEventAttributes,
    ) -> CancelRequest {
        CancelRequest {
            event_id,
            requested_at: at,
            requester: a.external_workflow_execution,
            cause: a.cause.map(|c| c.as_str().to_owned()),
        }
    }
}

/// How the execution closed, when its history shows it closed.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Closed {
    /// `WorkflowExecutionCompleted`.
    Completed {
        /// The encoded result.
        result: Option<String>,
    },
    /// `WorkflowExecutionFailed`.
    Failed {
        /// The reason.
        reason: Option<String>,
        /// The details.
        details: Option<String>,
    },
    /// `WorkflowExecutionCanceled`.
    Canceled {
        /// The details.
        details: Option<String>,
    },
    /// `WorkflowExecutionContinuedAsNew`.
    ContinuedAsNew {
        /// The new run's id.
        new_run_id: String,
        /// The new run's encoded input.
        input: Option<String>,
    },
    /// `WorkflowExecutionTimedOut`.
    TimedOut {
        /// Which timeout.
        timeout_type: WorkflowExecutionTimeoutType,
    },
    /// `WorkflowExecutionTerminated`.
    Terminated {
        /// The reason.
        reason: Option<String>,
        /// The details.
        details: Option<String>,
        /// The cause as SWF spells it (`OPERATOR_INITIATED`, …), if given.
        cause: Option<String>,
    },
}

/// A decision of an earlier task that SWF refused, from its `…Failed` event.
///
/// The activity, timer, child, marker and Lambda families also keep their own refusals on the
/// entry concerned; this is the flat list of all of them, closing decisions included.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct DecisionFailure {
    /// The `…Failed` event.
    pub event_id: i64,
    /// The kind of decision refused.
    pub decision_type: DecisionType,
    /// The id it concerned (activity id, timer id, marker name, child workflow id, command id of an
    /// external request, Lambda id), empty for closing decisions.
    pub id: String,
    /// The cause as SWF spells it (`UNHANDLED_DECISION`, `ACTIVITY_TYPE_DOES_NOT_EXIST`, …).
    pub cause: String,
    /// The `DecisionTaskCompleted` event of the task that made the decision.
    pub decision_task_completed_event_id: i64,
}

/// The execution as a whole.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct ExecutionState {
    /// The `WorkflowExecutionStarted` event's attributes (input, type, task list, parent, …).
    pub started: WorkflowExecutionStartedEventAttributes,
    /// When it started.
    pub started_at: Timestamp,
    /// The request to cancel it, if one arrived.
    pub cancel_requested: Option<CancelRequest>,
    /// How it closed, if it did.
    pub closed: Option<Closed>,
    /// How many decision tasks were scheduled.
    pub decision_tasks_scheduled: u32,
    /// How many decision tasks completed.
    pub decision_tasks_completed: u32,
    /// How many decision tasks timed out.
    pub decision_tasks_timed_out: u32,
    /// The latest `DecisionTaskStarted` event: the task being decided, during a decision.
    pub last_decision_task_started: Option<i64>,
    /// The latest `DecisionTaskCompleted` event.
    pub last_decision_task_completed: Option<i64>,
    /// The execution context the latest completed decision task left.
    pub execution_context: Option<String>,
}
