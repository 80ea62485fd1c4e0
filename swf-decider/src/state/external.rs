//! Requests to other executions: signals sent and cancellations requested, each known by the
//! command id the decider keeps in the decision's `control` member.
//!
//! SWF gives these decisions no id of their own, so the decider puts the id the workflow chose in
//! `control`; events that only name the `…Initiated` event are joined through it.

use std::collections::HashMap;

use swf_core::types::{
    ExternalWorkflowExecutionCancelRequestedEventAttributes,
    ExternalWorkflowExecutionSignaledEventAttributes,
    RequestCancelExternalWorkflowExecutionFailedEventAttributes,
    RequestCancelExternalWorkflowExecutionInitiatedEventAttributes,
    SignalExternalWorkflowExecutionFailedEventAttributes,
    SignalExternalWorkflowExecutionInitiatedEventAttributes,
};

use super::HistoryError;

/// A signal sent to, or a cancellation requested of, another execution.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ExternalRequest {
    /// The command id (the decision's `control`).
    pub id: String,
    /// The target's workflow id.
    pub workflow_id: String,
    /// The target's run id, if the decision named one.
    pub run_id: Option<String>,
    /// For a signal, its name.
    pub signal_name: Option<String>,
    /// For a signal, its encoded input.
    pub input: Option<String>,
    /// The `…Initiated` event, or `None` when the decision failed at once.
    pub initiated_event_id: Option<i64>,
    /// Where it stands.
    pub status: ExternalStatus,
}

/// Where a request to another execution stands.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ExternalStatus {
    /// Sent, not yet acknowledged.
    Initiated,
    /// The target received it (`ExternalWorkflowExecutionSignaled` or
    /// `ExternalWorkflowExecutionCancelRequested`).
    Delivered {
        /// The acknowledging event.
        event_id: i64,
    },
    /// It failed; the cause as SWF spells it (`UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION`, …).
    Failed {
        /// The cause.
        cause: String,
        /// The failure event.
        event_id: i64,
    },
}

/// Requests of one kind, by id and by initiated event id.
#[derive(Debug, Clone, Default)]
pub struct ExternalRequests {
    all: Vec<ExternalRequest>,
    by_id: HashMap<String, usize>,
    by_initiated: HashMap<i64, usize>,
}

impl ExternalRequests {
    /// The latest request with this command id.
    pub fn get(&self, id: &str) -> Option<&ExternalRequest> {
        self.by_id.get(id).map(|&i| &self.all[i])
    }

    /// Every request in the order it was made.
    pub fn iter(&self) -> impl Iterator<Item = &ExternalRequest> {
        self.all.iter()
    }

    fn initiated(&mut self, request: ExternalRequest) {
        let index = self.all.len();
        self.by_id.insert(request.id.clone(), index);
        if let Some(event_id) = request.initiated_event_id {
            self.by_initiated.insert(event_id, index);
        }
        self.all.push(request);
    }

    fn delivered(&mut self, event_id: i64, initiated: i64) -> Result<(), HistoryError> {
        let index = *self.by_initiated.get(&initiated).ok_or_else(|| {
            HistoryError::unknown_reference(event_id, format!("initiated event {initiated}"))
        })?;
        self.all[index].status = ExternalStatus::Delivered { event_id };
        Ok(())
    }

    fn failed(&mut self, initiated: i64, failed: ExternalRequest) {
        match self.by_initiated.get(&initiated) {
            Some(&index) => self.all[index].status = failed.status,
            // Refused before it was initiated: the failure is the only record.
            None => self.initiated(failed),
        }
    }
}

/// Signals sent and cancellations requested.
#[derive(Debug, Clone, Default)]
pub struct External {
    /// `SignalExternalWorkflowExecution` decisions and what became of them.
    pub signals: ExternalRequests,
    /// `RequestCancelExternalWorkflowExecution` decisions and what became of them.
    pub cancels: ExternalRequests,
}

impl External {
    pub(crate) fn signal_initiated(
        &mut self,
        event_id: i64,
        a: SignalExternalWorkflowExecutionInitiatedEventAttributes,
    ) {
        self.signals.initiated(ExternalRequest {
            id: a.control.unwrap_or_default(),
            workflow_id: a.workflow_id,
            run_id: a.run_id,
            signal_name: Some(a.signal_name),
            input: a.input,
            initiated_event_id: Some(event_id),
            status: ExternalStatus::Initiated,
        });
    }

    pub(crate) fn signal_failed(
        &mut self,
        event_id: i64,
        a: SignalExternalWorkflowExecutionFailedEventAttributes,
    ) {
        let failed = ExternalRequest {
            id: a.control.unwrap_or_default(),
            workflow_id: a.workflow_id,
            run_id: a.run_id,
            signal_name: None,
            input: None,
            initiated_event_id: None,
            status: ExternalStatus::Failed {
                cause: a.cause.as_str().to_owned(),
                event_id,
            },
        };
        self.signals.failed(a.initiated_event_id, failed);
    }

    pub(crate) fn signaled(
        &mut self,
        event_id: i64,
        a: ExternalWorkflowExecutionSignaledEventAttributes,
    ) -> Result<(), HistoryError> {
        self.signals.delivered(event_id, a.initiated_event_id)
    }

    pub(crate) fn cancel_initiated(
        &mut self,
        event_id: i64,
        a: RequestCancelExternalWorkflowExecutionInitiatedEventAttributes,
    ) {
        self.cancels.initiated(ExternalRequest {
            id: a.control.unwrap_or_default(),
            workflow_id: a.workflow_id,
            run_id: a.run_id,
            signal_name: None,
            input: None,
            initiated_event_id: Some(event_id),
            status: ExternalStatus::Initiated,
        });
    }

    pub(crate) fn cancel_failed(
        &mut self,
        event_id: i64,
        a: RequestCancelExternalWorkflowExecutionFailedEventAttributes,
    ) {
        let failed = ExternalRequest {
            id: a.control.unwrap_or_default(),
            workflow_id: a.workflow_id,
            run_id: a.run_id,
            signal_name: None,
            input: None,
            initiated_event_id: None,
            status: ExternalStatus::Failed {
                cause: a.cause.as_str().to_owned(),
                event_id,
            },
        };
        self.cancels.failed(a.initiated_event_id, failed);
    }

    pub(crate) fn cancel_requested(
        &mut self,
        event_id: i64,
        a: ExternalWorkflowExecutionCancelRequestedEventAttributes,
    ) -> Result<(), HistoryError> {
        self.cancels.delivered(event_id, a.initiated_event_id)
    }
}
