//! The pseudo API: each decision of a `RespondDecisionTaskCompleted` is an action of its own
//! (`swf:ScheduleActivityTask`, ...), allowed or not by the caller's policy, on the deciding
//! execution's domain. A decision the policy does not allow fails in the history with cause
//! `OPERATION_NOT_PERMITTED`, as SWF records it, and is otherwise not carried out.
//!
//! Condition keys are those of SWF's developer guide ("API Summary", pseudo API), with the value
//! the decision takes effect with: a task list the decision leaves out is the type's default
//! (or, for continue-as-new, the run's own), as SWF's guide says a default counts.

use super::policy::Request;
use super::request::tag_keys;
use crate::engine::state::{DomainState, type_key};
use swf_core::types::*;

/// The failure event (cause `OPERATION_NOT_PERMITTED`) of `d` in the run `run_id` of `state`
/// when the caller of the call being handled may not make it; `None` when it may, and always
/// when the service checks nothing (no auth file). `ScheduleLambdaFunction` is left to fail as
/// it always does here: its cause has no `OPERATION_NOT_PERMITTED`.
pub(crate) fn refused(
    state: &DomainState,
    run_id: &str,
    d: &Decision,
    completed_id: i64,
) -> Option<EventAttributes> {
    if d.decision_type == DecisionType::ScheduleLambdaFunction {
        return None;
    }
    let allowed = super::with_caller(|caller| {
        caller.allows(&request(state, run_id, d, &caller.domain_arn(&state.name)))
    })
    .unwrap_or(true);
    (!allowed).then(|| not_permitted(d, completed_id)).flatten()
}

/// What IAM decides on for `d`.
fn request(state: &DomainState, run_id: &str, d: &Decision, domain_arn: &str) -> Request {
    let mut context = Vec::new();
    if let Some(a) = &d.schedule_activity_task_decision_attributes {
        let default = state
            .meta
            .activity_types
            .get(&type_key(&a.activity_type.name, &a.activity_type.version))
            .and_then(|t| t.config.default_task_list.as_ref());
        let list = a.task_list.as_ref().or(default);
        typed(
            &mut context,
            "activityType",
            &a.activity_type.name,
            &a.activity_type.version,
            list,
        );
    }
    if let Some(a) = &d.start_child_workflow_execution_decision_attributes {
        let default = state
            .meta
            .workflow_types
            .get(&type_key(&a.workflow_type.name, &a.workflow_type.version))
            .and_then(|t| t.config.default_task_list.as_ref());
        let list = a.task_list.as_ref().or(default);
        typed(
            &mut context,
            "workflowType",
            &a.workflow_type.name,
            &a.workflow_type.version,
            list,
        );
        context.extend(tag_keys(a.tag_list.iter().flatten().map(String::as_str)));
    }
    if let Some(a) = &d.continue_as_new_workflow_execution_decision_attributes {
        let exec = state.exec(run_id);
        put(
            &mut context,
            "swf:workflowType.version",
            Some(
                a.workflow_type_version
                    .as_deref()
                    .unwrap_or(&exec.workflow_type.version),
            ),
        );
        put(
            &mut context,
            "swf:taskList.name",
            Some(
                a.task_list
                    .as_ref()
                    .map_or(exec.config.task_list.name.as_str(), |t| t.name.as_str()),
            ),
        );
        context.extend(tag_keys(a.tag_list.iter().flatten().map(String::as_str)));
    }
    Request {
        action: format!("swf:{}", d.decision_type.as_str()),
        resource: domain_arn.to_owned(),
        context,
    }
}

/// The keys of a decision that names a type (`kind`: `activityType` or `workflowType`) and the
/// task list it runs on (the decision's, else the type's default).
fn typed(
    context: &mut Vec<(String, String)>,
    kind: &str,
    name: &str,
    version: &str,
    list: Option<&TaskList>,
) {
    put(context, &format!("swf:{kind}.name"), Some(name));
    put(context, &format!("swf:{kind}.version"), Some(version));
    put(context, "swf:taskList.name", list.map(|t| t.name.as_str()));
}

/// Adds `key` with `value`, if the decision has one.
fn put(context: &mut Vec<(String, String)>, key: &str, value: Option<&str>) {
    if let Some(v) = value {
        context.push((key.to_owned(), v.to_owned()));
    }
}

/// The failure event of `d` with cause `OPERATION_NOT_PERMITTED`, for the decision that fails
/// before anything of it happened (so an `initiatedEventId` is 0: nothing was initiated).
fn not_permitted(d: &Decision, completed_id: i64) -> Option<EventAttributes> {
    let id = completed_id;
    Some(match d.decision_type {
        DecisionType::ScheduleActivityTask => {
            let a = d
                .schedule_activity_task_decision_attributes
                .as_deref()
                .cloned()
                .unwrap_or_default();
            ScheduleActivityTaskFailedEventAttributes {
                activity_id: a.activity_id,
                activity_type: a.activity_type,
                cause: ScheduleActivityTaskFailedCause::OperationNotPermitted,
                decision_task_completed_event_id: id,
            }
            .into()
        }
        DecisionType::RequestCancelActivityTask => {
            let a = d
                .request_cancel_activity_task_decision_attributes
                .as_deref()
                .cloned()
                .unwrap_or_default();
            RequestCancelActivityTaskFailedEventAttributes {
                activity_id: a.activity_id,
                cause: RequestCancelActivityTaskFailedCause::OperationNotPermitted,
                decision_task_completed_event_id: id,
            }
            .into()
        }
        DecisionType::CompleteWorkflowExecution => CompleteWorkflowExecutionFailedEventAttributes {
            cause: CompleteWorkflowExecutionFailedCause::OperationNotPermitted,
            decision_task_completed_event_id: id,
        }
        .into(),
        DecisionType::FailWorkflowExecution => FailWorkflowExecutionFailedEventAttributes {
            cause: FailWorkflowExecutionFailedCause::OperationNotPermitted,
            decision_task_completed_event_id: id,
        }
        .into(),
        DecisionType::CancelWorkflowExecution => CancelWorkflowExecutionFailedEventAttributes {
            cause: CancelWorkflowExecutionFailedCause::OperationNotPermitted,
            decision_task_completed_event_id: id,
        }
        .into(),
        DecisionType::ContinueAsNewWorkflowExecution => {
            ContinueAsNewWorkflowExecutionFailedEventAttributes {
                cause: ContinueAsNewWorkflowExecutionFailedCause::OperationNotPermitted,
                decision_task_completed_event_id: id,
            }
            .into()
        }
        DecisionType::RecordMarker => {
            let a = d
                .record_marker_decision_attributes
                .as_deref()
                .cloned()
                .unwrap_or_default();
            RecordMarkerFailedEventAttributes {
                cause: RecordMarkerFailedCause::OperationNotPermitted,
                decision_task_completed_event_id: id,
                marker_name: a.marker_name,
            }
            .into()
        }
        DecisionType::StartTimer => {
            let a = d
                .start_timer_decision_attributes
                .as_deref()
                .cloned()
                .unwrap_or_default();
            StartTimerFailedEventAttributes {
                cause: StartTimerFailedCause::OperationNotPermitted,
                decision_task_completed_event_id: id,
                timer_id: a.timer_id,
            }
            .into()
        }
        DecisionType::CancelTimer => {
            let a = d
                .cancel_timer_decision_attributes
                .as_deref()
                .cloned()
                .unwrap_or_default();
            CancelTimerFailedEventAttributes {
                cause: CancelTimerFailedCause::OperationNotPermitted,
                decision_task_completed_event_id: id,
                timer_id: a.timer_id,
            }
            .into()
        }
        DecisionType::SignalExternalWorkflowExecution => {
            let a = d
                .signal_external_workflow_execution_decision_attributes
                .as_deref()
                .cloned()
                .unwrap_or_default();
            SignalExternalWorkflowExecutionFailedEventAttributes {
                cause: SignalExternalWorkflowExecutionFailedCause::OperationNotPermitted,
                control: a.control,
                decision_task_completed_event_id: id,
                initiated_event_id: 0,
                run_id: a.run_id,
                workflow_id: a.workflow_id,
            }
            .into()
        }
        DecisionType::RequestCancelExternalWorkflowExecution => {
            let a = d
                .request_cancel_external_workflow_execution_decision_attributes
                .as_deref()
                .cloned()
                .unwrap_or_default();
            RequestCancelExternalWorkflowExecutionFailedEventAttributes {
                cause: RequestCancelExternalWorkflowExecutionFailedCause::OperationNotPermitted,
                control: a.control,
                decision_task_completed_event_id: id,
                initiated_event_id: 0,
                run_id: a.run_id,
                workflow_id: a.workflow_id,
            }
            .into()
        }
        DecisionType::StartChildWorkflowExecution => {
            let a = d
                .start_child_workflow_execution_decision_attributes
                .as_deref()
                .cloned()
                .unwrap_or_default();
            StartChildWorkflowExecutionFailedEventAttributes {
                cause: StartChildWorkflowExecutionFailedCause::OperationNotPermitted,
                control: a.control,
                decision_task_completed_event_id: id,
                initiated_event_id: 0,
                workflow_id: a.workflow_id,
                workflow_type: a.workflow_type,
            }
            .into()
        }
        // ScheduleLambdaFunction, whose cause has no OPERATION_NOT_PERMITTED, and types this
        // version does not know (refused before any decision is carried out).
        _ => return None,
    })
}
