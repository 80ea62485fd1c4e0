//! The pseudo API: each decision of a `RespondDecisionTaskCompleted` is an action of its own
//! (`swf:ScheduleActivityTask`, ...), allowed or not by the caller's policy, on the deciding
//! execution's domain. A decision the policy does not allow fails in the history with cause
//! `OPERATION_NOT_PERMITTED`, as SWF records it, and is otherwise not carried out.
//!
//! Condition keys are those of SWF's developer guide ("API Summary", pseudo API), with the value
//! the decision takes effect with: a task list or version the decision leaves out is the one the
//! engine then uses (the type's registered default task list; for continue-as-new, the run's own
//! version), as SWF's guide says a default counts.

use super::policy::Request;
use super::request::tag_keys;
use crate::engine::state::{DomainState, task_list_or_default, type_key};
use swf_core::types::{DecisionAttributesRef as A, *};

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
    // A decision without its attributes, or of a type this version does not know, refused the
    // whole list before any decision got here (`check_decisions`).
    let attributes = d.attributes_of_type().ok()?;
    // No caller: the service checks nothing.
    let allowed = super::with_caller(|caller| {
        caller.allows(&Request {
            action: format!("swf:{}", d.decision_type.as_str()),
            resource: caller.domain_arn(&state.name),
            context: context(state, run_id, attributes),
        })
    })?;
    if allowed {
        return None;
    }
    not_permitted(attributes, completed_id)
}

/// The condition keys of a decision, with the values it takes effect with. Only the decisions
/// that name a type have any.
fn context(state: &DomainState, run_id: &str, attributes: A<'_>) -> Vec<(String, String)> {
    let mut context = Vec::new();
    let mut put = |key: &str, value: Option<&str>| {
        if let Some(v) = value {
            context.push((key.to_owned(), v.to_owned()));
        }
    };
    let mut tags: &[String] = &[];
    match attributes {
        A::ScheduleActivityTask(a) => {
            let t = &a.activity_type;
            put("swf:activityType.name", Some(&t.name));
            put("swf:activityType.version", Some(&t.version));
            let list =
                effective_task_list(state, Kind::Activity, &t.name, &t.version, &a.task_list);
            put("swf:taskList.name", list);
        }
        A::StartChildWorkflowExecution(a) => {
            let t = &a.workflow_type;
            put("swf:workflowType.name", Some(&t.name));
            put("swf:workflowType.version", Some(&t.version));
            let list =
                effective_task_list(state, Kind::Workflow, &t.name, &t.version, &a.task_list);
            put("swf:taskList.name", list);
            tags = a.tag_list.as_deref().unwrap_or_default();
        }
        A::ContinueAsNewWorkflowExecution(a) => {
            // The new run is of the same type name, at the decision's version or the run's own.
            let current = &state.exec(run_id).workflow_type;
            let version = a
                .workflow_type_version
                .as_deref()
                .unwrap_or(&current.version);
            put("swf:workflowType.version", Some(version));
            let list =
                effective_task_list(state, Kind::Workflow, &current.name, version, &a.task_list);
            put("swf:taskList.name", list);
            tags = a.tag_list.as_deref().unwrap_or_default();
        }
        _ => {}
    }
    context.extend(tag_keys(tags.iter().map(String::as_str)));
    context
}

/// The kind of type a decision names.
#[derive(Clone, Copy)]
enum Kind {
    Activity,
    Workflow,
}

/// The task list a decision naming the `kind` type `name`/`version` takes effect on: its own
/// `given`, else the type's registered default, as the engine resolves it (`None` when neither
/// is set: the decision then fails for the missing default, and the key is absent).
fn effective_task_list<'a>(
    state: &'a DomainState,
    kind: Kind,
    name: &str,
    version: &str,
    given: &'a Option<TaskList>,
) -> Option<&'a str> {
    let key = type_key(name, version);
    let default = || match kind {
        Kind::Activity => state
            .meta
            .activity_types
            .get(&key)
            .and_then(|t| t.config.default_task_list.as_ref()),
        Kind::Workflow => state
            .meta
            .workflow_types
            .get(&key)
            .and_then(|t| t.config.default_task_list.as_ref()),
    };
    task_list_or_default(given.as_ref(), default()).map(|t| t.name.as_str())
}

/// The failure event of the decision with `attributes`, cause `OPERATION_NOT_PERMITTED`, for a
/// decision that fails before anything of it happened (so an `initiatedEventId` is 0: nothing
/// was initiated). `None` for `ScheduleLambdaFunction`, whose cause has no
/// `OPERATION_NOT_PERMITTED`, and for types this version does not know.
fn not_permitted(attributes: A<'_>, completed_id: i64) -> Option<EventAttributes> {
    let id = completed_id;
    Some(match attributes {
        A::ScheduleActivityTask(a) => ScheduleActivityTaskFailedEventAttributes {
            activity_id: a.activity_id.clone(),
            activity_type: a.activity_type.clone(),
            cause: ScheduleActivityTaskFailedCause::OperationNotPermitted,
            decision_task_completed_event_id: id,
        }
        .into(),
        A::RequestCancelActivityTask(a) => RequestCancelActivityTaskFailedEventAttributes {
            activity_id: a.activity_id.clone(),
            cause: RequestCancelActivityTaskFailedCause::OperationNotPermitted,
            decision_task_completed_event_id: id,
        }
        .into(),
        A::CompleteWorkflowExecution(_) => CompleteWorkflowExecutionFailedEventAttributes {
            cause: CompleteWorkflowExecutionFailedCause::OperationNotPermitted,
            decision_task_completed_event_id: id,
        }
        .into(),
        A::FailWorkflowExecution(_) => FailWorkflowExecutionFailedEventAttributes {
            cause: FailWorkflowExecutionFailedCause::OperationNotPermitted,
            decision_task_completed_event_id: id,
        }
        .into(),
        A::CancelWorkflowExecution(_) => CancelWorkflowExecutionFailedEventAttributes {
            cause: CancelWorkflowExecutionFailedCause::OperationNotPermitted,
            decision_task_completed_event_id: id,
        }
        .into(),
        A::ContinueAsNewWorkflowExecution(_) => {
            ContinueAsNewWorkflowExecutionFailedEventAttributes {
                cause: ContinueAsNewWorkflowExecutionFailedCause::OperationNotPermitted,
                decision_task_completed_event_id: id,
            }
            .into()
        }
        A::RecordMarker(a) => RecordMarkerFailedEventAttributes {
            cause: RecordMarkerFailedCause::OperationNotPermitted,
            decision_task_completed_event_id: id,
            marker_name: a.marker_name.clone(),
        }
        .into(),
        A::StartTimer(a) => StartTimerFailedEventAttributes {
            cause: StartTimerFailedCause::OperationNotPermitted,
            decision_task_completed_event_id: id,
            timer_id: a.timer_id.clone(),
        }
        .into(),
        A::CancelTimer(a) => CancelTimerFailedEventAttributes {
            cause: CancelTimerFailedCause::OperationNotPermitted,
            decision_task_completed_event_id: id,
            timer_id: a.timer_id.clone(),
        }
        .into(),
        A::SignalExternalWorkflowExecution(a) => {
            SignalExternalWorkflowExecutionFailedEventAttributes {
                cause: SignalExternalWorkflowExecutionFailedCause::OperationNotPermitted,
                control: a.control.clone(),
                decision_task_completed_event_id: id,
                initiated_event_id: 0,
                run_id: a.run_id.clone(),
                workflow_id: a.workflow_id.clone(),
            }
            .into()
        }
        A::RequestCancelExternalWorkflowExecution(a) => {
            RequestCancelExternalWorkflowExecutionFailedEventAttributes {
                cause: RequestCancelExternalWorkflowExecutionFailedCause::OperationNotPermitted,
                control: a.control.clone(),
                decision_task_completed_event_id: id,
                initiated_event_id: 0,
                run_id: a.run_id.clone(),
                workflow_id: a.workflow_id.clone(),
            }
            .into()
        }
        A::StartChildWorkflowExecution(a) => StartChildWorkflowExecutionFailedEventAttributes {
            cause: StartChildWorkflowExecutionFailedCause::OperationNotPermitted,
            control: a.control.clone(),
            decision_task_completed_event_id: id,
            initiated_event_id: 0,
            workflow_id: a.workflow_id.clone(),
            workflow_type: a.workflow_type.clone(),
        }
        .into(),
        A::ScheduleLambdaFunction(_) | A::Unknown(_) => return None,
    })
}
