//! Decisions, every member set that SWF would otherwise fill from a type's defaults.

use super::*;

pub(super) fn task_list(name: &str) -> TaskList {
    TaskList { name: name.into() }
}

pub(super) fn workflow_type((name, version): (&str, &str)) -> WorkflowType {
    WorkflowType {
        name: name.into(),
        version: version.into(),
    }
}

/// `ScheduleActivityTask` for `id`, then `adjust`ed.
pub(super) fn schedule_with(
    id: &str,
    adjust: impl FnOnce(&mut ScheduleActivityTaskDecisionAttributes),
) -> Decision {
    let mut a = ScheduleActivityTaskDecisionAttributes {
        activity_id: id.into(),
        activity_type: ActivityType {
            name: ACTIVITY.0.into(),
            version: ACTIVITY.1.into(),
        },
        control: Some(format!("control of {id}")),
        input: Some(format!(r#"{{"activity":"{id}"}}"#)),
        task_list: Some(task_list(ACTIVITIES)),
        task_priority: Some("3".into()),
        schedule_to_close_timeout: Some("600".into()),
        schedule_to_start_timeout: Some("300".into()),
        start_to_close_timeout: Some("300".into()),
        heartbeat_timeout: Some("NONE".into()),
    };
    adjust(&mut a);
    Decision::from(a)
}

pub(super) fn schedule(id: &str) -> Decision {
    schedule_with(id, |_| {})
}

pub(super) fn request_cancel_activity(id: &str) -> Decision {
    Decision::from(RequestCancelActivityTaskDecisionAttributes {
        activity_id: id.into(),
    })
}

pub(super) fn start_timer(id: &str, secs: u64) -> Decision {
    Decision::from(StartTimerDecisionAttributes {
        timer_id: id.into(),
        start_to_fire_timeout: secs.to_string(),
        control: Some(format!("control of {id}")),
    })
}

pub(super) fn cancel_timer(id: &str) -> Decision {
    Decision::from(CancelTimerDecisionAttributes {
        timer_id: id.into(),
    })
}

pub(super) fn record_marker(name: &str, details: Option<&str>) -> Decision {
    Decision::from(RecordMarkerDecisionAttributes {
        marker_name: name.into(),
        details: details.map(Into::into),
    })
}

pub(super) fn start_child(workflow_id: &str) -> Decision {
    Decision::from(StartChildWorkflowExecutionDecisionAttributes {
        workflow_id: workflow_id.into(),
        workflow_type: workflow_type(CHILD),
        // Each child on its own list, so polling it finds that child's task.
        task_list: Some(task_list(workflow_id)),
        input: Some(format!(r#"{{"child":"{workflow_id}"}}"#)),
        control: Some(format!("control of {workflow_id}")),
        child_policy: Some(ChildPolicy::Abandon),
        execution_start_to_close_timeout: Some("1200".into()),
        task_start_to_close_timeout: Some("20".into()),
        task_priority: Some("2".into()),
        tag_list: Some(vec!["child".into()]),
        lambda_role: None,
    })
}

/// `SignalExternalWorkflowExecution` under command id `id` (its `control`).
pub(super) fn signal_external(id: &str, workflow_id: &str, signal_name: &str) -> Decision {
    Decision::from(SignalExternalWorkflowExecutionDecisionAttributes {
        control: Some(id.into()),
        input: Some(r#"{"poke":true}"#.into()),
        run_id: None,
        signal_name: signal_name.into(),
        workflow_id: workflow_id.into(),
    })
}

/// `RequestCancelExternalWorkflowExecution` under command id `id` (its `control`).
pub(super) fn request_cancel_external(id: &str, workflow_id: &str) -> Decision {
    Decision::from(RequestCancelExternalWorkflowExecutionDecisionAttributes {
        control: Some(id.into()),
        run_id: None,
        workflow_id: workflow_id.into(),
    })
}

pub(super) fn complete(result: Option<&str>) -> Decision {
    Decision::from(CompleteWorkflowExecutionDecisionAttributes {
        result: result.map(Into::into),
    })
}

pub(super) fn fail(reason: &str, details: Option<&str>) -> Decision {
    Decision::from(FailWorkflowExecutionDecisionAttributes {
        reason: Some(reason.into()),
        details: details.map(Into::into),
    })
}

pub(super) fn cancel_workflow(details: Option<&str>) -> Decision {
    Decision::from(CancelWorkflowExecutionDecisionAttributes {
        details: details.map(Into::into),
    })
}

pub(super) fn continue_as_new(input: &str) -> Decision {
    Decision::from(ContinueAsNewWorkflowExecutionDecisionAttributes {
        input: Some(input.into()),
        child_policy: Some(ChildPolicy::RequestCancel),
        execution_start_to_close_timeout: Some("1800".into()),
        task_start_to_close_timeout: Some("15".into()),
        task_list: Some(task_list(DECISIONS)),
        task_priority: Some("4".into()),
        tag_list: Some(vec!["generation-2".into()]),
        workflow_type_version: None,
        lambda_role: None,
    })
}
