//! A scenario's steps, and how the builder takes each.

use super::*;

/// One step of a scenario, as both sides take it.
#[derive(Debug, Clone)]
pub(super) enum Step {
    /// The decision task is polled (started) but not yet answered: events that arrive now arrive
    /// during the task.
    DecisionStarted,
    /// The decision task is polled if it was not, then completed with these decisions.
    Decide(Vec<Decision>),
    /// The same, for decisions SWF refuses: the builder completes the task and records the
    /// failures as the function says.
    Refused(Vec<Decision>, fn(&mut HistoryBuilder)),
    /// The activity task is polled by the worker.
    ActivityStarted(&'static str),
    /// The worker completes the activity task (polling it first if it has not).
    ActivityCompleted(&'static str, Option<&'static str>),
    /// The worker fails the activity task: reason and details.
    ActivityFailed(&'static str, &'static str, Option<&'static str>),
    /// The worker reports the activity task canceled, with details.
    ActivityCanceled(&'static str, Option<&'static str>),
    /// The worker heartbeats the started activity task with these details (no event: SWF keeps
    /// the details for an `ActivityTaskTimedOut`).
    Heartbeat(&'static str, Option<&'static str>),
    /// The activity times out: swf-local's own step, awaited by the next `Decide`.
    ActivityTimedOut(&'static str, ActivityTaskTimeoutType),
    /// The timer fires: swf-local's own step, awaited by the next `Decide`.
    TimerFired(&'static str),
    /// `SignalWorkflowExecution`: name and input.
    Signal(&'static str, Option<&'static str>),
    /// `RequestCancelWorkflowExecution`.
    CancelRequested,
    /// The child started: swf-local starts it while handling the decision, so nothing to do.
    ChildStarted(&'static str),
    /// The signal sent under this command id (its `control`) was delivered: swf-local delivers it
    /// while handling the decision, so nothing to do.
    ExternalSignaled(&'static str),
    /// The cancel request sent under this command id was delivered, likewise.
    ExternalCancelRequested(&'static str),
    /// The child's own decider completes it with this result.
    ChildCompleted(&'static str, Option<&'static str>),
    /// The child's own decider fails it: reason and details.
    ChildFailed(&'static str, &'static str, Option<&'static str>),
}

impl Step {
    /// Whether swf-local takes this step on its own, later, so the next step must wait for it.
    pub(super) fn comes_due(&self) -> bool {
        matches!(self, Step::TimerFired(_) | Step::ActivityTimedOut(..))
    }

    /// The step, taken by the builder.
    pub(super) fn build(&self, h: &mut HistoryBuilder) {
        match self {
            Step::DecisionStarted => h.decision_task_started(),
            Step::Decide(decisions) => h.decision_task_completed_with(decisions),
            Step::Refused(_, record) => {
                record(h.decision_task_completed());
                h
            }
            Step::ActivityStarted(id) => h.activity_started(id),
            Step::ActivityCompleted(id, result) => h.activity_completed(id, *result),
            Step::ActivityFailed(id, reason, details) => h.activity_failed(id, reason, *details),
            Step::ActivityCanceled(id, details) => h.activity_canceled(id, *details),
            Step::Heartbeat(id, details) => h.activity_heartbeat(id, *details),
            Step::ActivityTimedOut(id, timeout) => h.activity_timed_out(id, timeout.clone(), None),
            Step::TimerFired(id) => h.timer_fired(id),
            Step::Signal(name, input) => h.signaled(name, *input),
            Step::CancelRequested => h.cancel_requested(),
            Step::ChildStarted(workflow_id) => h.child_started(workflow_id),
            Step::ExternalSignaled(id) => h.external_signaled(id),
            Step::ExternalCancelRequested(id) => h.external_cancel_requested(id),
            Step::ChildCompleted(workflow_id, result) => h.child_completed(workflow_id, *result),
            Step::ChildFailed(workflow_id, reason, details) => {
                h.child_failed(workflow_id, reason, *details)
            }
        };
    }
}
