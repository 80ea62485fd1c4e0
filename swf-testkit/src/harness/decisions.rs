//! The decisions tests answer decision tasks with, short to write: each is built by swf-core's
//! `From<…DecisionAttributes> for Decision`, so its type and its attributes cannot disagree.

use swf_core::types::*;

/// `ScheduleActivityTask` with `attributes`.
pub fn schedule_activity(attributes: ScheduleActivityTaskDecisionAttributes) -> Decision {
    Decision::from(attributes)
}

/// `RequestCancelActivityTask` for activity `activity_id`.
pub fn request_cancel_activity(activity_id: &str) -> Decision {
    let attributes = RequestCancelActivityTaskDecisionAttributes {
        activity_id: activity_id.into(),
    };
    Decision::from(attributes)
}

/// `CompleteWorkflowExecution` with `result`.
pub fn complete(result: Option<&str>) -> Decision {
    let attributes = CompleteWorkflowExecutionDecisionAttributes {
        result: result.map(str::to_owned),
    };
    Decision::from(attributes)
}

/// `FailWorkflowExecution` with `reason` and `details`.
pub fn fail(reason: Option<&str>, details: Option<&str>) -> Decision {
    let attributes = FailWorkflowExecutionDecisionAttributes {
        reason: reason.map(str::to_owned),
        details: details.map(str::to_owned),
    };
    Decision::from(attributes)
}

/// `ContinueAsNewWorkflowExecution` with `attributes`.
pub fn continue_as_new(attributes: ContinueAsNewWorkflowExecutionDecisionAttributes) -> Decision {
    Decision::from(attributes)
}

/// `StartTimer` `timer_id`, firing after `start_to_fire_timeout` (seconds, as SWF writes them).
pub fn start_timer(timer_id: &str, start_to_fire_timeout: &str) -> Decision {
    let attributes = StartTimerDecisionAttributes {
        timer_id: timer_id.into(),
        start_to_fire_timeout: start_to_fire_timeout.into(),
        control: None,
    };
    Decision::from(attributes)
}

/// `CancelTimer` `timer_id`.
pub fn cancel_timer(timer_id: &str) -> Decision {
    let attributes = CancelTimerDecisionAttributes {
        timer_id: timer_id.into(),
    };
    Decision::from(attributes)
}

/// `RecordMarker` `name` with `details`.
pub fn marker(name: &str, details: Option<&str>) -> Decision {
    let attributes = RecordMarkerDecisionAttributes {
        marker_name: name.into(),
        details: details.map(str::to_owned),
    };
    Decision::from(attributes)
}

/// `StartChildWorkflowExecution` with `attributes`.
pub fn start_child(attributes: StartChildWorkflowExecutionDecisionAttributes) -> Decision {
    Decision::from(attributes)
}
