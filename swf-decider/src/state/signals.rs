//! Signals received by the execution, in the order they arrived.

use swf_core::types::{Timestamp, WorkflowExecution, WorkflowExecutionSignaledEventAttributes};

/// One `WorkflowExecutionSignaled` event.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Signal {
    /// The signal's name.
    pub name: String,
    /// Its encoded input.
    pub input: Option<String>,
    /// The `WorkflowExecutionSignaled` event. Compare it with other event ids to know what the
    /// workflow had already done when the signal arrived.
    pub event_id: i64,
    /// When it arrived.
    pub received_at: Timestamp,
    /// The execution that sent it, when another workflow did.
    pub sender: Option<WorkflowExecution>,
}

impl Signal {
    pub(crate) fn from_event(
        event_id: i64,
        at: Timestamp,
        a: WorkflowExecutionSignaledEventAttributes,
    ) -> Signal {
        Signal {
            name: a.signal_name,
            input: a.input,
            event_id,
            received_at: at,
            sender: a.external_workflow_execution,
        }
    }
}
