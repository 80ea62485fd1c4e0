//! The decisions tests answer decision tasks with, short to write: each is the wire `Decision` of
//! swf-core's `DecisionAttributes`, so its type and its attributes cannot disagree.

use swf_core::types::*;

/// `ScheduleActivityTask` with `attributes`.
pub fn schedule_activity(attributes: ScheduleActivityTaskDecisionAttributes) -> Decision {
    DecisionAttributes::ScheduleActivityTask(Box::new(attributes)).into()
}

/// `RequestCancelActivityTask` for activity `activity_id`.
pub fn request_cancel_activity(activity_id: &str) -> Decision {
    let attributes = RequestCancelActivityTaskDecisionAttributes {
        activity_id: activity_id.into(),
    };
    DecisionAttributes::RequestCancelActivityTask(Box::new(attributes)).into()
}

/// `CompleteWorkflowExecution` with `result`.
pub fn complete(result: Option<&str>) -> Decision {
    let attributes = CompleteWorkflowExecutionDecisionAttributes {
        result: result.map(str::to_owned),
    };
    DecisionAttributes::CompleteWorkflowExecution(Box::new(attributes)).into()
}

/// `FailWorkflowExecution` with `reason` and `details`.
pub fn fail(reason: Option<&str>, details: Option<&str>) -> Decision {
    let attributes = FailWorkflowExecutionDecisionAttributes {
        reason: reason.map(str::to_owned),
        details: details.map(str::to_owned),
    };
    DecisionAttributes::FailWorkflowExecution(Box::new(attributes)).into()
}

/// `ContinueAsNewWorkflowExecution` with `attributes`.
pub fn continue_as_new(attributes: ContinueAsNewWorkflowExecutionDecisionAttributes) -> Decision {
    DecisionAttributes::ContinueAsNewWorkflowExecution(Box::new(attributes)).into()
}

/// `StartTimer` `timer_id`, firing after `start_to_fire_timeout` (seconds, as SWF writes them).
pub fn start_timer(timer_id: &str, start_to_fire_timeout: &str) -> Decision {
    let attributes = StartTimerDecisionAttributes {
        timer_id: timer_id.into(),
        start_to_fire_timeout: start_to_fire_timeout.into(),
        control: None,
    };
    DecisionAttributes::StartTimer(Box::new(attributes)).into()
}

/// `CancelTimer` `timer_id`.
pub fn cancel_timer(timer_id: &str) -> Decision {
    let attributes = CancelTimerDecisionAttributes {
        timer_id: timer_id.into(),
    };
    DecisionAttributes::CancelTimer(Box::new(attributes)).into()
}

/// `RecordMarker` `name` with `details`.
pub fn marker(name: &str, details: Option<&str>) -> Decision {
    let attributes = RecordMarkerDecisionAttributes {
        marker_name: name.into(),
        details: details.map(str::to_owned),
    };
    DecisionAttributes::RecordMarker(Box::new(attributes)).into()
}

/// `StartChildWorkflowExecution` with `attributes`.
pub fn start_child(attributes: StartChildWorkflowExecutionDecisionAttributes) -> Decision {
    DecisionAttributes::StartChildWorkflowExecution(Box::new(attributes)).into()
}
