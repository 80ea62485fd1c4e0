//! Canceling what the workflow asked for: [`Cancellation`], what a cancel command did, and the
//! one place each family's cancel is decided from the history and the run's commands.
//!
//! # Why every cancel answers
//!
//! A cancel can fail to take effect for reasons the workflow should see: the id is misspelled or
//! names an attempt that is not the current one, the thing already closed, SWF refused an earlier
//! request. A cancel that silently did nothing in those cases would leave a workflow waiting for
//! a close that never comes, so every cancel returns a [`Cancellation`] saying what it did; the
//! cancels by id are `#[must_use]`, so ignoring the answer is a compiler warning.

use swf_core::codec::Codec;
use swf_core::types::{
    CancelTimerDecisionAttributes, Decision, DecisionType,
    RequestCancelActivityTaskDecisionAttributes,
    RequestCancelExternalWorkflowExecutionDecisionAttributes,
};

use super::CommandKey;
use crate::context::WorkflowContext;
use crate::state::{ChildState, ExternalStatus};

/// What a cancel command did.
///
/// Every cancel answers, so that one which cannot take effect is never a silent no-op:
/// [`ActivityHandle::cancel`](crate::ActivityHandle::cancel),
/// [`TimerHandle::cancel`](crate::TimerHandle::cancel),
/// [`ChildHandle::cancel`](crate::ChildHandle::cancel),
/// [`WorkflowContext::request_cancel_activity`] and [`WorkflowContext::cancel_timer`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Cancellation {
    /// The cancel goes out with this task's answer (`RequestCancelActivityTask`, `CancelTimer`, or
    /// `RequestCancelExternalWorkflowExecution` for a child). A timer is canceled at once; an
    /// activity or a child is asked to stop and closes when it acknowledges (or ends otherwise).
    Requested,
    /// An earlier task asked already and the history shows the request; it has not closed yet.
    AlreadyRequested,
    /// It was asked for in this run only, not in the history yet: that request is taken back and
    /// nothing is sent. Every run that asks and cancels again withdraws it again, so it never
    /// starts; its handle reports it canceled.
    Withdrawn,
    /// It closed already (completed, failed, timed out, canceled; a timer fired or was canceled):
    /// there is nothing to cancel, and nothing is sent.
    AlreadyClosed,
    /// SWF refused an earlier request to cancel it (`RequestCancelActivityTaskFailed`,
    /// `CancelTimerFailed`, `RequestCancelExternalWorkflowExecutionFailed`); it is not asked
    /// again. The state keeps the cause.
    Refused,
    /// Neither the history nor this run knows anything by this id: nothing is sent. Usually a
    /// misspelled id.
    Unknown,
}

impl Cancellation {
    /// Whether it is canceled or on its way to being canceled: [`Requested`](Self::Requested),
    /// [`AlreadyRequested`](Self::AlreadyRequested) or [`Withdrawn`](Self::Withdrawn).
    pub fn is_canceling(self) -> bool {
        matches!(
            self,
            Cancellation::Requested | Cancellation::AlreadyRequested | Cancellation::Withdrawn
        )
    }
}

/// The command id of the request that cancels a child, kept in the decision's `control`: named
/// after the child's initiated event, so a workflow id used again by a later child gets its own.
fn child_cancel_id(initiated_event_id: i64) -> String {
    format!("swf-decider.cancel-child.{initiated_event_id}")
}

impl<C: Codec> WorkflowContext<'_, C> {
    /// Cancels the activity whose activity id (its attempt's id) is `attempt_id`.
    pub(crate) fn cancel_activity_attempt(&mut self, attempt_id: &str) -> Cancellation {
        let kind = DecisionType::RequestCancelActivityTask;
        match self.state.activities().get(attempt_id) {
            Some(a) if a.is_open() => {
                if a.cancel_failed.is_some() {
                    Cancellation::Refused
                } else if a.cancel_requested_event_id.is_some() {
                    Cancellation::AlreadyRequested
                } else {
                    if !self.commands.already_asked(&kind, attempt_id) {
                        let d = Decision::from(RequestCancelActivityTaskDecisionAttributes {
                            activity_id: attempt_id.to_owned(),
                        });
                        self.commands.push(CommandKey::new(kind, attempt_id), d);
                    }
                    Cancellation::Requested
                }
            }
            Some(_) => Cancellation::AlreadyClosed,
            None => self.withdraw(DecisionType::ScheduleActivityTask, attempt_id),
        }
    }

    /// Cancels timer `timer_id`.
    pub(crate) fn cancel_timer_id(&mut self, timer_id: &str) -> Cancellation {
        let kind = DecisionType::CancelTimer;
        match self.state.timers().get(timer_id) {
            Some(t) if t.is_open() => {
                if t.cancel_failed.is_some() {
                    return Cancellation::Refused;
                }
                if !self.commands.already_asked(&kind, timer_id) {
                    let d = Decision::from(CancelTimerDecisionAttributes {
                        timer_id: timer_id.to_owned(),
                    });
                    self.commands.push(CommandKey::new(kind, timer_id), d);
                }
                Cancellation::Requested
            }
            Some(_) => Cancellation::AlreadyClosed,
            None => self.withdraw(DecisionType::StartTimer, timer_id),
        }
    }

    /// Cancels child `workflow_id`, as the history shows it (`child`) or as this run asked for it.
    pub(crate) fn cancel_child(
        &mut self,
        workflow_id: &str,
        child: Option<&ChildState>,
    ) -> Cancellation {
        let kind = DecisionType::RequestCancelExternalWorkflowExecution;
        let Some(child) = child else {
            return self.withdraw(DecisionType::StartChildWorkflowExecution, workflow_id);
        };
        let (true, Some(initiated)) = (child.is_open(), child.initiated_event_id) else {
            return Cancellation::AlreadyClosed;
        };
        let id = child_cancel_id(initiated);
        match self.state.external().cancels.get(&id).map(|r| &r.status) {
            Some(ExternalStatus::Failed { .. }) => Cancellation::Refused,
            Some(_) => Cancellation::AlreadyRequested,
            None => {
                if !self.commands.already_asked(&kind, &id) {
                    let d =
                        Decision::from(RequestCancelExternalWorkflowExecutionDecisionAttributes {
                            control: Some(id.clone()),
                            // Before the child started its run id is unknown: SWF then cancels the
                            // workflow id's current run, which is the child's.
                            run_id: child.run_id.clone(),
                            workflow_id: workflow_id.to_owned(),
                        });
                    self.commands.push(CommandKey::new(kind, id), d);
                }
                Cancellation::Requested
            }
        }
    }

    /// Takes back this run's request of `kind` for `id`; [`Cancellation::Unknown`] when this run
    /// asked for no such thing either.
    fn withdraw(&mut self, kind: DecisionType, id: &str) -> Cancellation {
        if self.commands.withdraw(&kind, id) || self.commands.is_withdrawn(&kind, id) {
            Cancellation::Withdrawn
        } else {
            Cancellation::Unknown
        }
    }
}
