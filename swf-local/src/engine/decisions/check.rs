//! The checks SWF makes on a decision list as a whole, before carrying out any of it.

use crate::engine::durations;
use crate::engine::executions::{ConfigOverrides, check_overrides};
use crate::error::Fault;
use swf_core::types::*;

/// Checks what the model cannot: each decision carries the attributes of its type, durations
/// parse, and a closing decision is the last one. SWF refuses such a list as a whole.
pub(super) fn check_decisions(decisions: &[Decision]) -> Result<(), Fault> {
    for (i, d) in decisions.iter().enumerate() {
        let n = i + 1;
        // Read as SWF reads it: by its type alone (a closing decision may omit its attributes).
        let attributes = d.attributes_of_type().map_err(|missing| {
            Fault::validation(format!(
                "decisions.{n}.member.{} must be set for decision type {}",
                missing.member, missing.decision_type
            ))
        })?;
        if closes_the_run(n, attributes)? && n != decisions.len() {
            return Err(Fault::validation(format!(
                "Close must be last decision in list: decision {n} is {} but is followed by other decisions",
                d.decision_type
            )));
        }
    }
    Ok(())
}

/// Checks decision `n`'s attributes; whether the decision closes the run. Every type is listed,
/// so a new one in the model must be placed here.
fn closes_the_run(n: usize, attributes: DecisionAttributesRef<'_>) -> Result<bool, Fault> {
    use DecisionAttributesRef as D;
    let duration = |name: &str, v: &Option<String>| -> Result<(), Fault> {
        if let Some(v) = v {
            durations::parse(&format!("decisions.{n}.member.{name}"), v)?;
        }
        Ok(())
    };
    match attributes {
        D::ScheduleActivityTask(a) => {
            duration("scheduleToCloseTimeout", &a.schedule_to_close_timeout)?;
            duration("scheduleToStartTimeout", &a.schedule_to_start_timeout)?;
            duration("startToCloseTimeout", &a.start_to_close_timeout)?;
            duration("heartbeatTimeout", &a.heartbeat_timeout)?;
            Ok(false)
        }
        D::StartTimer(a) => {
            if durations::parse("startToFireTimeout", &a.start_to_fire_timeout)?.is_none() {
                return Err(Fault::validation(format!(
                    "decisions.{n}.member.startTimerDecisionAttributes.startToFireTimeout cannot be NONE"
                )));
            }
            Ok(false)
        }
        D::StartChildWorkflowExecution(a) => {
            check_run_overrides(
                &a.execution_start_to_close_timeout,
                &a.task_start_to_close_timeout,
                &a.child_policy,
            )?;
            Ok(false)
        }
        D::RequestCancelActivityTask(_)
        | D::RecordMarker(_)
        | D::CancelTimer(_)
        | D::SignalExternalWorkflowExecution(_)
        | D::RequestCancelExternalWorkflowExecution(_)
        | D::ScheduleLambdaFunction(_) => Ok(false),
        D::ContinueAsNewWorkflowExecution(a) => {
            check_run_overrides(
                &a.execution_start_to_close_timeout,
                &a.task_start_to_close_timeout,
                &a.child_policy,
            )?;
            Ok(true)
        }
        D::CompleteWorkflowExecution(_)
        | D::FailWorkflowExecution(_)
        | D::CancelWorkflowExecution(_) => Ok(true),
        D::Unknown(d) => Err(Fault::validation(format!(
            "Value '{}' at 'decisions.{n}.member.decisionType' failed to satisfy constraint: Member must satisfy enum value set",
            d.decision_type
        ))),
    }
}

/// Checks the members with which a child's start or a continue-as-new overrides its workflow
/// type's defaults for the new run.
fn check_run_overrides(
    execution_start_to_close_timeout: &Option<String>,
    task_start_to_close_timeout: &Option<String>,
    child_policy: &Option<ChildPolicy>,
) -> Result<(), Fault> {
    check_overrides(&ConfigOverrides {
        execution_start_to_close_timeout: execution_start_to_close_timeout.as_ref(),
        task_start_to_close_timeout: task_start_to_close_timeout.as_ref(),
        child_policy: child_policy.as_ref(),
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    /// The answer to a list of decisions given as JSON: `Ok(())` or the fault's message.
    fn check(list: Value) -> Result<(), String> {
        let decisions: Vec<Decision> = serde_json::from_value(list).unwrap();
        check_decisions(&decisions).map_err(|f| f.message().to_owned())
    }

    fn timer(timeout: &str) -> Value {
        json!({"decisionType": "StartTimer",
               "startTimerDecisionAttributes": {"timerId": "t", "startToFireTimeout": timeout}})
    }

    #[test]
    fn every_type_but_the_closing_ones_needs_its_attributes() {
        for t in DecisionType::VALUES {
            let closing = [
                "CompleteWorkflowExecution",
                "FailWorkflowExecution",
                "CancelWorkflowExecution",
                "ContinueAsNewWorkflowExecution",
            ]
            .contains(t);
            let member = format!("{}{}DecisionAttributes", t[..1].to_lowercase(), &t[1..]);
            let answer = check(json!([{"decisionType": t}]));
            if closing {
                assert_eq!(answer, Ok(()), "{t}");
            } else {
                assert_eq!(
                    answer,
                    Err(format!(
                        "decisions.1.member.{member} must be set for decision type {t}"
                    )),
                    "{t}"
                );
            }
        }
    }

    #[test]
    fn a_decision_is_read_by_its_type_alone() {
        // Another type's attributes beside the decision's own are ignored, and do not stand in
        // for missing ones.
        let mut beside = timer("5");
        beside["cancelTimerDecisionAttributes"] = json!({"timerId": "u"});
        assert_eq!(check(json!([beside])), Ok(()));
        assert_eq!(
            check(json!([{"decisionType": "CancelTimer",
                          "startTimerDecisionAttributes": {"timerId": "t", "startToFireTimeout": "5"}}])),
            Err("decisions.1.member.cancelTimerDecisionAttributes must be set for decision type CancelTimer".into())
        );
    }

    #[test]
    fn unknown_types_bad_durations_and_closes_before_the_end_are_refused() {
        let cases = [
            (
                json!([timer("5"), {"decisionType": "PauseWorkflowExecution"}]),
                "Value 'PauseWorkflowExecution' at 'decisions.2.member.decisionType' failed to satisfy constraint: Member must satisfy enum value set",
            ),
            (
                json!([timer("NONE")]),
                "decisions.1.member.startTimerDecisionAttributes.startToFireTimeout cannot be NONE",
            ),
            (
                json!([timer("soon")]),
                "Invalid duration for startToFireTimeout: 'soon' (expected a whole number of seconds or NONE)",
            ),
            (
                json!([{"decisionType": "ScheduleActivityTask",
                        "scheduleActivityTaskDecisionAttributes": {
                            "activityId": "a", "activityType": {"name": "n", "version": "1"},
                            "heartbeatTimeout": "-1"}}]),
                "Invalid duration for decisions.1.member.heartbeatTimeout: '-1' (expected a whole number of seconds or NONE)",
            ),
            (
                json!([{"decisionType": "ContinueAsNewWorkflowExecution",
                        "continueAsNewWorkflowExecutionDecisionAttributes": {"childPolicy": "SOMETIMES"}}]),
                "Value 'SOMETIMES' at 'childPolicy' failed to satisfy constraint: Member must satisfy enum value set: [TERMINATE, REQUEST_CANCEL, ABANDON]",
            ),
            (
                json!([{"decisionType": "StartChildWorkflowExecution",
                        "startChildWorkflowExecutionDecisionAttributes": {
                            "workflowId": "c", "workflowType": {"name": "n", "version": "1"},
                            "executionStartToCloseTimeout": "NONE"}}]),
                "executionStartToCloseTimeout cannot be NONE: an execution must have a limit",
            ),
            (
                json!([{"decisionType": "CancelWorkflowExecution"}, timer("5")]),
                "Close must be last decision in list: decision 1 is CancelWorkflowExecution but is followed by other decisions",
            ),
        ];
        for (list, message) in cases {
            assert_eq!(check(list.clone()), Err(message.to_owned()), "{list}");
        }
        assert_eq!(
            check(json!([timer("5"), {"decisionType": "CompleteWorkflowExecution"}])),
            Ok(())
        );
    }
}
