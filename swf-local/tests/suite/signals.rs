//! Signals from outside and between executions, and cancel requests between executions.

use crate::common::*;
use swf_core::types::*;

#[tokio::test]
async fn signal_reaches_the_decider_and_unknown_targets_fault() {
    let env = env().await;
    let execution = env.start("w").await;
    env.client
        .signal_workflow_execution(SignalWorkflowExecutionInput {
            domain: "d".into(),
            workflow_id: "w".into(),
            run_id: Some(execution.run_id.clone()),
            signal_name: "hello".into(),
            input: Some("payload".into()),
        })
        .await
        .unwrap();
    let task = env.decision().await;
    // The signal arrived before the first task started: one task sees both.
    let signaled = of_type(&task.events, EventType::WorkflowExecutionSignaled)[0]
        .workflow_execution_signaled_event_attributes
        .clone()
        .unwrap();
    assert_eq!(
        (signaled.signal_name.as_str(), signaled.input.as_deref()),
        ("hello", Some("payload"))
    );
    assert_eq!(
        of_type(&task.events, EventType::DecisionTaskScheduled).len(),
        1
    );
    let err = env
        .client
        .signal_workflow_execution(SignalWorkflowExecutionInput {
            domain: "d".into(),
            workflow_id: "nope".into(),
            signal_name: "x".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(err.is_unknown_resource(), "{err}");
}

#[tokio::test]
async fn external_signal_and_cancel_between_executions() {
    let env = env().await;
    let sender = env.start("sender").await;
    let task = env.decision().await;
    let receiver = env.start("receiver").await;
    env.decide(
        &task,
        vec![
            Decision::from(SignalExternalWorkflowExecutionDecisionAttributes {
                workflow_id: "receiver".into(),
                signal_name: "ping".into(),
                input: Some("1".into()),
                ..Default::default()
            }),
            Decision::from(RequestCancelExternalWorkflowExecutionDecisionAttributes {
                workflow_id: "receiver".into(),
                ..Default::default()
            }),
            Decision::from(SignalExternalWorkflowExecutionDecisionAttributes {
                workflow_id: "nobody".into(),
                signal_name: "ping".into(),
                ..Default::default()
            }),
        ],
    )
    .await;
    let sender_history = env.history(&sender).await;
    let sent = types(&sender_history);
    for expected in [
        "SignalExternalWorkflowExecutionInitiated",
        "ExternalWorkflowExecutionSignaled",
        "RequestCancelExternalWorkflowExecutionInitiated",
        "ExternalWorkflowExecutionCancelRequested",
        "SignalExternalWorkflowExecutionFailed",
    ] {
        assert!(
            sent.contains(&expected.to_owned()),
            "{expected} missing from {sent:?}"
        );
    }
    // The failure, recorded after the list, names the list's DecisionTaskCompleted event.
    let failed = of_type(
        &sender_history,
        EventType::SignalExternalWorkflowExecutionFailed,
    )[0]
    .signal_external_workflow_execution_failed_event_attributes
    .clone()
    .unwrap();
    assert_eq!(
        failed.decision_task_completed_event_id,
        of_type(&sender_history, EventType::DecisionTaskCompleted)[0].event_id
    );
    let received = env.history(&receiver).await;
    let signaled = of_type(&received, EventType::WorkflowExecutionSignaled)[0]
        .workflow_execution_signaled_event_attributes
        .clone()
        .unwrap();
    assert_eq!(signaled.external_workflow_execution.as_ref(), Some(&sender));
    assert!(signaled.external_initiated_event_id.is_some());
    assert_eq!(
        of_type(&received, EventType::WorkflowExecutionCancelRequested).len(),
        1
    );
    assert_eq!(
        env.describe(&receiver)
            .await
            .execution_info
            .cancel_requested,
        Some(true)
    );
}

#[tokio::test]
async fn cancel_request_then_cancel_decision_closes_as_canceled() {
    let env = env().await;
    let execution = env.start("w").await;
    env.client
        .request_cancel_workflow_execution(RequestCancelWorkflowExecutionInput {
            domain: "d".into(),
            workflow_id: "w".into(),
            run_id: None,
        })
        .await
        .unwrap();
    let task = env.decision().await;
    assert_eq!(
        of_type(&task.events, EventType::WorkflowExecutionCancelRequested).len(),
        1
    );
    env.decide(
        &task,
        vec![Decision::from(CancelWorkflowExecutionDecisionAttributes {
            details: Some("bye".into()),
        })],
    )
    .await;
    assert_eq!(
        env.describe(&execution).await.execution_info.close_status,
        Some(CloseStatus::Canceled)
    );
}
