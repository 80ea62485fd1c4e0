//! The checks SWF makes on a decision list as a whole, before carrying out any of it.

use crate::engine::durations;
use crate::engine::executions::{ConfigOverrides, check_overrides};
use crate::error::Fault;
use swf_core::types::*;

fn is_closing(d: &DecisionType) -> bool {
    matches!(
        d,
        DecisionType::CompleteWorkflowExecution
            | DecisionType::FailWorkflowExecution
            | DecisionType::CancelWorkflowExecution
            | DecisionType::ContinueAsNewWorkflowExecution
    )
}

/// Checks what the model cannot: each decision carries the attributes of its type, durations
/// parse, and a closing decision is the last one. SWF refuses such a list as a whole.
pub(super) fn check_decisions(decisions: &[Decision]) -> Result<(), Fault> {
    for (i, d) in decisions.iter().enumerate() {
        let missing = |name: &str| {
            Fault::validation(format!(
                "decisions.{}.member.{name} must be set for decision type {}",
                i + 1,
                d.decision_type
            ))
        };
        let dur = |name: &str, v: &Option<String>| -> Result<(), Fault> {
            if let Some(v) = v {
                durations::parse(&format!("decisions.{}.member.{name}", i + 1), v)?;
            }
            Ok(())
        };
        match &d.decision_type {
            DecisionType::ScheduleActivityTask => {
                let a = d
                    .schedule_activity_task_decision_attributes
                    .as_ref()
                    .ok_or_else(|| missing("scheduleActivityTaskDecisionAttributes"))?;
                dur("scheduleToCloseTimeout", &a.schedule_to_close_timeout)?;
                dur("scheduleToStartTimeout", &a.schedule_to_start_timeout)?;
                dur("startToCloseTimeout", &a.start_to_close_timeout)?;
                dur("heartbeatTimeout", &a.heartbeat_timeout)?;
            }
            DecisionType::RequestCancelActivityTask => {
                d.request_cancel_activity_task_decision_attributes
                    .as_ref()
                    .ok_or_else(|| missing("requestCancelActivityTaskDecisionAttributes"))?;
            }
            DecisionType::CompleteWorkflowExecution
            | DecisionType::FailWorkflowExecution
            | DecisionType::CancelWorkflowExecution => {}
            DecisionType::ContinueAsNewWorkflowExecution => {
                if let Some(a) = &d.continue_as_new_workflow_execution_decision_attributes {
                    check_overrides(&ConfigOverrides {
                        execution_start_to_close_timeout: a
                            .execution_start_to_close_timeout
                            .as_ref(),
                        task_start_to_close_timeout: a.task_start_to_close_timeout.as_ref(),
                        child_policy: a.child_policy.as_ref(),
                        ..Default::default()
                    })?;
                }
            }
            DecisionType::RecordMarker => {
                d.record_marker_decision_attributes
                    .as_ref()
                    .ok_or_else(|| missing("recordMarkerDecisionAttributes"))?;
            }
            DecisionType::StartTimer => {
                let a = d
                    .start_timer_decision_attributes
                    .as_ref()
                    .ok_or_else(|| missing("startTimerDecisionAttributes"))?;
                if durations::parse("startToFireTimeout", &a.start_to_fire_timeout)?.is_none() {
                    return Err(Fault::validation(format!(
                        "decisions.{}.member.startTimerDecisionAttributes.startToFireTimeout cannot be NONE",
                        i + 1
                    )));
                }
            }
            DecisionType::CancelTimer => {
                d.cancel_timer_decision_attributes
                    .as_ref()
                    .ok_or_else(|| missing("cancelTimerDecisionAttributes"))?;
            }
            DecisionType::SignalExternalWorkflowExecution => {
                d.signal_external_workflow_execution_decision_attributes
                    .as_ref()
                    .ok_or_else(|| missing("signalExternalWorkflowExecutionDecisionAttributes"))?;
            }
            DecisionType::RequestCancelExternalWorkflowExecution => {
                d.request_cancel_external_workflow_execution_decision_attributes
                    .as_ref()
                    .ok_or_else(|| {
                        missing("requestCancelExternalWorkflowExecutionDecisionAttributes")
                    })?;
            }
            DecisionType::StartChildWorkflowExecution => {
                let a = d
                    .start_child_workflow_execution_decision_attributes
                    .as_ref()
                    .ok_or_else(|| missing("startChildWorkflowExecutionDecisionAttributes"))?;
                check_overrides(&ConfigOverrides {
                    execution_start_to_close_timeout: a.execution_start_to_close_timeout.as_ref(),
                    task_start_to_close_timeout: a.task_start_to_close_timeout.as_ref(),
                    child_policy: a.child_policy.as_ref(),
                    ..Default::default()
                })?;
            }
            DecisionType::ScheduleLambdaFunction => {
                d.schedule_lambda_function_decision_attributes
                    .as_ref()
                    .ok_or_else(|| missing("scheduleLambdaFunctionDecisionAttributes"))?;
            }
            other => {
                return Err(Fault::validation(format!(
                    "Value '{other}' at 'decisions.{}.member.decisionType' failed to satisfy constraint: Member must satisfy enum value set",
                    i + 1
                )));
            }
        }
        if is_closing(&d.decision_type) && i + 1 != decisions.len() {
            return Err(Fault::validation(format!(
                "Close must be last decision in list: decision {} is {} but is followed by other decisions",
                i + 1,
                d.decision_type
            )));
        }
    }
    Ok(())
}
