//! Child workflow executions: initiated, started, and closed in one of five ways, each known by
//! the child's workflow id.

use std::collections::HashMap;

use swf_core::types::{
    ChildWorkflowExecutionCanceledEventAttributes, ChildWorkflowExecutionCompletedEventAttributes,
    ChildWorkflowExecutionFailedEventAttributes, ChildWorkflowExecutionStartedEventAttributes,
    ChildWorkflowExecutionTerminatedEventAttributes, ChildWorkflowExecutionTimedOutEventAttributes,
    StartChildWorkflowExecutionFailedCause, StartChildWorkflowExecutionFailedEventAttributes,
    StartChildWorkflowExecutionInitiatedEventAttributes, WorkflowExecutionTimeoutType,
    WorkflowType,
};

use super::HistoryError;

/// One child workflow execution as the parent's history tells it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ChildState {
    /// The child's workflow id.
    pub workflow_id: String,
    /// The child's workflow type.
    pub workflow_type: WorkflowType,
    /// The encoded input it was started with.
    pub input: Option<String>,
    /// The `control` data of the decision.
    pub control: Option<String>,
    /// The `StartChildWorkflowExecutionInitiated` event, or `None` when the decision failed at once.
    pub initiated_event_id: Option<i64>,
    /// The child's run id, once it started.
    pub run_id: Option<String>,
    /// Where it stands.
    pub status: ChildStatus,
    /// The event that closed the child (or recorded the failure to start it).
    pub closed_event_id: Option<i64>,
}

impl ChildState {
    /// Whether the child is being started or running.
    pub fn is_open(&self) -> bool {
        matches!(self.status, ChildStatus::Initiated | ChildStatus::Started)
    }
}

/// Where a child workflow execution stands.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ChildStatus {
    /// The start was asked for.
    Initiated,
    /// The child runs.
    Started,
    /// It completed with this encoded result.
    Completed {
        /// The encoded result.
        result: Option<String>,
    },
    /// It failed.
    Failed {
        /// Its reason.
        reason: Option<String>,
        /// Its details.
        details: Option<String>,
    },
    /// It timed out.
    TimedOut {
        /// Which timeout.
        timeout_type: WorkflowExecutionTimeoutType,
    },
    /// It was canceled.
    Canceled {
        /// Its details.
        details: Option<String>,
    },
    /// It was terminated.
    Terminated,
    /// It could not be started.
    StartFailed {
        /// Why.
        cause: StartChildWorkflowExecutionFailedCause,
    },
}

impl ChildStatus {
    /// The details the child closed with, when it failed or was canceled. `None` while it is
    /// open, when it completed (it has a result instead), timed out, was terminated or could not
    /// start, and when none were given.
    pub fn details(&self) -> Option<&str> {
        match self {
            ChildStatus::Failed { details, .. } | ChildStatus::Canceled { details } => {
                details.as_deref()
            }
            ChildStatus::Initiated
            | ChildStatus::Started
            | ChildStatus::Completed { .. }
            | ChildStatus::TimedOut { .. }
            | ChildStatus::Terminated
            | ChildStatus::StartFailed { .. } => None,
        }
    }
}

/// Every child of the execution, by workflow id and by initiated event id.
#[derive(Debug, Clone, Default)]
pub struct Children {
    all: Vec<ChildState>,
    by_id: HashMap<String, usize>,
    by_initiated: HashMap<i64, usize>,
    open: usize,
}

impl Children {
    /// The latest child with this workflow id.
    pub fn get(&self, workflow_id: &str) -> Option<&ChildState> {
        self.by_id.get(workflow_id).map(|&i| &self.all[i])
    }

    /// Every child in the order it was initiated.
    pub fn iter(&self) -> impl Iterator<Item = &ChildState> {
        self.all.iter()
    }

    /// How many children are being started or running.
    pub fn open_count(&self) -> usize {
        self.open
    }

    pub(crate) fn initiated(
        &mut self,
        event_id: i64,
        a: StartChildWorkflowExecutionInitiatedEventAttributes,
    ) {
        let index = self.all.len();
        self.by_id.insert(a.workflow_id.clone(), index);
        self.by_initiated.insert(event_id, index);
        self.open += 1;
        self.all.push(ChildState {
            workflow_id: a.workflow_id,
            workflow_type: a.workflow_type,
            input: a.input,
            control: a.control,
            initiated_event_id: Some(event_id),
            run_id: None,
            status: ChildStatus::Initiated,
            closed_event_id: None,
        });
    }

    pub(crate) fn start_failed(
        &mut self,
        event_id: i64,
        a: StartChildWorkflowExecutionFailedEventAttributes,
    ) {
        let status = ChildStatus::StartFailed { cause: a.cause };
        // SWF sets `initiatedEventId` for WORKFLOW_ALREADY_RUNNING (the start was initiated, then
        // refused) and leaves it 0 when the decision itself was refused.
        if let Some(&index) = self.by_initiated.get(&a.initiated_event_id) {
            let child = &mut self.all[index];
            if child.is_open() {
                self.open -= 1;
            }
            child.status = status;
            child.closed_event_id = Some(event_id);
            return;
        }
        let index = self.all.len();
        self.by_id.insert(a.workflow_id.clone(), index);
        self.all.push(ChildState {
            workflow_id: a.workflow_id,
            workflow_type: a.workflow_type,
            input: None,
            control: a.control,
            initiated_event_id: None,
            run_id: None,
            status,
            closed_event_id: Some(event_id),
        });
    }

    pub(crate) fn started(
        &mut self,
        event_id: i64,
        a: ChildWorkflowExecutionStartedEventAttributes,
    ) -> Result<(), HistoryError> {
        let child = self.initiated_mut(event_id, a.initiated_event_id)?;
        child.run_id = Some(a.workflow_execution.run_id);
        child.status = ChildStatus::Started;
        Ok(())
    }

    pub(crate) fn completed(
        &mut self,
        event_id: i64,
        a: ChildWorkflowExecutionCompletedEventAttributes,
    ) -> Result<(), HistoryError> {
        self.close(
            event_id,
            a.initiated_event_id,
            ChildStatus::Completed { result: a.result },
        )
    }

    pub(crate) fn failed(
        &mut self,
        event_id: i64,
        a: ChildWorkflowExecutionFailedEventAttributes,
    ) -> Result<(), HistoryError> {
        let status = ChildStatus::Failed {
            reason: a.reason,
            details: a.details,
        };
        self.close(event_id, a.initiated_event_id, status)
    }

    pub(crate) fn timed_out(
        &mut self,
        event_id: i64,
        a: ChildWorkflowExecutionTimedOutEventAttributes,
    ) -> Result<(), HistoryError> {
        self.close(
            event_id,
            a.initiated_event_id,
            ChildStatus::TimedOut {
                timeout_type: a.timeout_type,
            },
        )
    }

    pub(crate) fn canceled(
        &mut self,
        event_id: i64,
        a: ChildWorkflowExecutionCanceledEventAttributes,
    ) -> Result<(), HistoryError> {
        self.close(
            event_id,
            a.initiated_event_id,
            ChildStatus::Canceled { details: a.details },
        )
    }

    pub(crate) fn terminated(
        &mut self,
        event_id: i64,
        a: ChildWorkflowExecutionTerminatedEventAttributes,
    ) -> Result<(), HistoryError> {
        self.close(event_id, a.initiated_event_id, ChildStatus::Terminated)
    }

    fn close(
        &mut self,
        event_id: i64,
        initiated: i64,
        status: ChildStatus,
    ) -> Result<(), HistoryError> {
        let child = self.initiated_mut(event_id, initiated)?;
        let was_open = child.is_open();
        child.status = status;
        child.closed_event_id = Some(event_id);
        if was_open {
            self.open -= 1;
        }
        Ok(())
    }

    fn initiated_mut(
        &mut self,
        event_id: i64,
        initiated: i64,
    ) -> Result<&mut ChildState, HistoryError> {
        match self.by_initiated.get(&initiated) {
            Some(&i) => Ok(&mut self.all[i]),
            None => Err(HistoryError::unknown_reference(
                event_id,
                format!("initiated event {initiated}"),
            )),
        }
    }
}
