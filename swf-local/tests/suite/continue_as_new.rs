//! `ContinueAsNewWorkflowExecution`: the run closes as continued, a new run of the same
//! workflow id starts with the new input and points back at the old run.

use crate::common::*;
use swf_core::types::*;

#[tokio::test]
async fn continue_as_new_starts_a_new_run() {
    let env = env().await;
    let first = env.start("w").await;
    let task = env.decision().await;
    env.decide(
        &task,
        vec![Decision::from(
            ContinueAsNewWorkflowExecutionDecisionAttributes {
                input: Some("round 2".into()),
                tag_list: Some(vec!["second".into()]),
                ..Default::default()
            },
        )],
    )
    .await;
    let history = env.history(&first).await;
    let continued = history.last().unwrap();
    assert_eq!(
        continued.event_type,
        EventType::WorkflowExecutionContinuedAsNew
    );
    let new_run = continued
        .workflow_execution_continued_as_new_event_attributes
        .as_ref()
        .unwrap()
        .new_execution_run_id
        .clone();
    assert_eq!(
        env.describe(&first).await.execution_info.close_status,
        Some(CloseStatus::ContinuedAsNew)
    );

    let task = env.decision().await;
    assert_eq!(task.workflow_execution.run_id, new_run);
    assert_eq!(task.workflow_execution.workflow_id, "w");
    let started = task.events[0]
        .workflow_execution_started_event_attributes
        .as_ref()
        .unwrap();
    assert_eq!(
        started.continued_execution_run_id.as_deref(),
        Some(first.run_id.as_str())
    );
    assert_eq!(started.input.as_deref(), Some("round 2"));
    assert_eq!(started.task_list.name, DECISIONS);
    assert_eq!(task.previous_started_event_id, Some(0));

    // Signals without a run id reach the new run.
    env.decide(&task, vec![]).await;
    env.client
        .signal_workflow_execution(SignalWorkflowExecutionInput {
            domain: "d".into(),
            workflow_id: "w".into(),
            signal_name: "s".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let task = env.decision().await;
    assert_eq!(task.workflow_execution.run_id, new_run);
}

#[tokio::test]
async fn continue_as_new_with_unknown_version_fails() {
    let env = env().await;
    let execution = env.start("w").await;
    let task = env.decision().await;
    env.decide(
        &task,
        vec![Decision::from(
            ContinueAsNewWorkflowExecutionDecisionAttributes {
                workflow_type_version: Some("9".into()),
                ..Default::default()
            },
        )],
    )
    .await;
    let history = env.history(&execution).await;
    let failed = of_type(&history, EventType::ContinueAsNewWorkflowExecutionFailed)[0]
        .continue_as_new_workflow_execution_failed_event_attributes
        .clone()
        .unwrap();
    assert_eq!(
        failed.cause,
        ContinueAsNewWorkflowExecutionFailedCause::WorkflowTypeDoesNotExist
    );
    assert_eq!(
        env.describe(&execution)
            .await
            .execution_info
            .execution_status,
        ExecutionStatus::Open
    );
}
