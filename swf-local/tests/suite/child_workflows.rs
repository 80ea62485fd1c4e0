//! Child workflows: started from a decision, reported back to the parent when they close.

use crate::common::*;
use swf_core::types::*;

#[tokio::test]
async fn child_completes_and_parent_hears_of_it() {
    let env = env().await;
    let parent = env.start("parent").await;
    let task = env.decision().await;
    env.decide(&task, vec![start_child("child")]).await;

    let child_task = env.decision_on("children").await;
    let started = &child_task.events[0];
    let attrs = started
        .workflow_execution_started_event_attributes
        .as_ref()
        .unwrap();
    assert_eq!(attrs.parent_workflow_execution.as_ref(), Some(&parent));
    let initiated = of_type(
        &env.history(&parent).await,
        EventType::StartChildWorkflowExecutionInitiated,
    )[0]
    .event_id;
    assert_eq!(attrs.parent_initiated_event_id, Some(initiated));
    let child = child_task.workflow_execution.clone();
    assert_eq!(
        env.describe(&parent)
            .await
            .open_counts
            .open_child_workflow_executions,
        1
    );
    env.decide(&child_task, vec![complete("child result")])
        .await;

    let task = env.decision().await;
    let kinds = types(&task.events);
    assert!(
        kinds.contains(&"ChildWorkflowExecutionStarted".to_owned()),
        "{kinds:?}"
    );
    let done = of_type(&task.events, EventType::ChildWorkflowExecutionCompleted)[0]
        .child_workflow_execution_completed_event_attributes
        .clone()
        .unwrap();
    assert_eq!(done.result.as_deref(), Some("child result"));
    assert_eq!(done.workflow_execution, child);
    assert_eq!(done.initiated_event_id, initiated);
    let started_id = of_type(&task.events, EventType::ChildWorkflowExecutionStarted)[0].event_id;
    assert_eq!(done.started_event_id, started_id);
    let info = env.describe(&child).await.execution_info;
    assert_eq!(info.parent.as_ref(), Some(&parent));
}

#[tokio::test]
async fn child_start_failures_have_swf_causes() {
    let env = env().await;
    env.start("parent").await;
    env.start("busy").await;
    let task = env.decision().await;
    let mut unknown_type = start_child("x");
    unknown_type
        .start_child_workflow_execution_decision_attributes
        .as_mut()
        .unwrap()
        .workflow_type = WorkflowType {
        name: "nope".into(),
        version: "1".into(),
    };
    env.decide(&task, vec![unknown_type, start_child("busy")])
        .await;
    let history = env.history(&task.workflow_execution).await;
    let failures: Vec<StartChildWorkflowExecutionFailedEventAttributes> =
        of_type(&history, EventType::StartChildWorkflowExecutionFailed)
            .iter()
            .map(|e| {
                *e.start_child_workflow_execution_failed_event_attributes
                    .clone()
                    .unwrap()
            })
            .collect();
    // Both failures name the DecisionTaskCompleted event of the list they came from: one found
    // at once, one (the already-running run) when the start is carried out after the list.
    let completed_id = of_type(&history, EventType::DecisionTaskCompleted)[0].event_id;
    for failure in &failures {
        assert_eq!(failure.decision_task_completed_event_id, completed_id);
    }
    let causes: Vec<StartChildWorkflowExecutionFailedCause> =
        failures.into_iter().map(|a| a.cause).collect();
    assert_eq!(
        causes,
        [
            StartChildWorkflowExecutionFailedCause::WorkflowTypeDoesNotExist,
            StartChildWorkflowExecutionFailedCause::WorkflowAlreadyRunning
        ]
    );
}

#[tokio::test]
async fn failed_and_timed_out_children_are_reported() {
    let env = env().await;
    let parent = env.start("parent").await;
    let task = env.decision().await;
    let mut short = start_child("short");
    short
        .start_child_workflow_execution_decision_attributes
        .as_mut()
        .unwrap()
        .execution_start_to_close_timeout = Some("1".into());
    env.decide(&task, vec![start_child("failing"), short]).await;
    let child_task = env.decision_on("children").await;
    let (failing, other) = if child_task.workflow_execution.workflow_id == "failing" {
        (child_task, None)
    } else {
        (env.decision_on("children").await, Some(child_task))
    };
    env.decide(
        &failing,
        vec![Decision::from(FailWorkflowExecutionDecisionAttributes {
            reason: Some("bad".into()),
            details: Some("why".into()),
        })],
    )
    .await;
    drop(other);
    // The parent hears of the failure now and of the timeout a second later.
    let mut seen = Vec::new();
    for _ in 0..5 {
        let task = env.decision().await;
        env.decide(&task, vec![]).await;
        seen = types(&env.history(&parent).await);
        if seen.contains(&"ChildWorkflowExecutionTimedOut".to_owned()) {
            break;
        }
    }
    assert!(
        seen.contains(&"ChildWorkflowExecutionFailed".to_owned()),
        "{seen:?}"
    );
    assert!(
        seen.contains(&"ChildWorkflowExecutionTimedOut".to_owned()),
        "{seen:?}"
    );
    // The parent's events carry what the children's closing events say.
    let history = env.history(&parent).await;
    let failed = of_type(&history, EventType::ChildWorkflowExecutionFailed)[0]
        .child_workflow_execution_failed_event_attributes
        .clone()
        .unwrap();
    assert_eq!(
        (failed.reason.as_deref(), failed.details.as_deref()),
        (Some("bad"), Some("why"))
    );
    let timed_out = of_type(&history, EventType::ChildWorkflowExecutionTimedOut)[0]
        .child_workflow_execution_timed_out_event_attributes
        .clone()
        .unwrap();
    assert_eq!(
        timed_out.timeout_type,
        WorkflowExecutionTimeoutType::StartToClose
    );
}
