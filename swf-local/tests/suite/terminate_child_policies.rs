//! `TerminateWorkflowExecution` and execution timeouts apply the child policy to open children:
//! TERMINATE terminates them, REQUEST_CANCEL asks them to cancel, ABANDON leaves them running.

use crate::common::*;
use swf_core::types::*;

async fn parent_with_child(env: &Env) -> (WorkflowExecution, WorkflowExecution) {
    let parent = env.start("parent").await;
    let task = env.decision().await;
    env.decide(&task, vec![start_child("child")]).await;
    let child_task = env.decision_on("children").await;
    env.decide(&child_task, vec![]).await;
    (parent, child_task.workflow_execution)
}

async fn terminate(env: &Env, policy: ChildPolicy) {
    env.client
        .terminate_workflow_execution(TerminateWorkflowExecutionInput {
            domain: "d".into(),
            workflow_id: "parent".into(),
            child_policy: Some(policy),
            reason: Some("stop".into()),
            ..Default::default()
        })
        .await
        .unwrap();
}

#[tokio::test]
async fn terminate_policy_terminates_children() {
    let env = env().await;
    let (parent, child) = parent_with_child(&env).await;
    terminate(&env, ChildPolicy::Terminate).await;
    let p = env.describe(&parent).await.execution_info;
    assert_eq!(p.close_status, Some(CloseStatus::Terminated));
    let history = env.history(&parent).await;
    let attrs = history
        .last()
        .unwrap()
        .workflow_execution_terminated_event_attributes
        .clone()
        .unwrap();
    assert_eq!(attrs.reason.as_deref(), Some("stop"));
    assert_eq!(attrs.child_policy, ChildPolicy::Terminate);
    let c = env.history(&child).await;
    let attrs = c
        .last()
        .unwrap()
        .workflow_execution_terminated_event_attributes
        .clone()
        .unwrap();
    assert_eq!(
        attrs.cause,
        Some(WorkflowExecutionTerminatedCause::ChildPolicyApplied)
    );
}

#[tokio::test]
async fn request_cancel_policy_asks_children_to_cancel() {
    let env = env().await;
    let (_, child) = parent_with_child(&env).await;
    terminate(&env, ChildPolicy::RequestCancel).await;
    let task = env.decision_on("children").await;
    let requested = of_type(&task.events, EventType::WorkflowExecutionCancelRequested)[0]
        .workflow_execution_cancel_requested_event_attributes
        .clone()
        .unwrap();
    assert_eq!(
        requested.cause,
        Some(WorkflowExecutionCancelRequestedCause::ChildPolicyApplied)
    );
    assert_eq!(
        env.describe(&child).await.execution_info.execution_status,
        ExecutionStatus::Open
    );
}

#[tokio::test]
async fn abandon_policy_leaves_children_running() {
    let env = env().await;
    let (_, child) = parent_with_child(&env).await;
    terminate(&env, ChildPolicy::Abandon).await;
    assert_eq!(
        env.describe(&child).await.execution_info.execution_status,
        ExecutionStatus::Open
    );
    assert!(env.try_decision_on("children").await.task_token.is_empty());
}

#[tokio::test]
async fn execution_timeout_closes_as_timed_out() {
    let env = env().await;
    let execution = env
        .start_with(StartWorkflowExecutionInput {
            workflow_id: "w".into(),
            execution_start_to_close_timeout: Some("1".into()),
            ..Default::default()
        })
        .await;
    let task = env.decision().await;
    env.decide(&task, vec![]).await;
    // Bounded wait: a poll on a list nobody uses waits out the 1 s poll timeout.
    for _ in 0..5 {
        if env
            .describe(&execution)
            .await
            .execution_info
            .execution_status
            == ExecutionStatus::Closed
        {
            break;
        }
        env.try_decision_on("idle").await;
    }
    let detail = env.describe(&execution).await;
    assert_eq!(
        detail.execution_info.close_status,
        Some(CloseStatus::TimedOut)
    );
    let history = env.history(&execution).await;
    let attrs = history
        .last()
        .unwrap()
        .workflow_execution_timed_out_event_attributes
        .clone()
        .unwrap();
    assert_eq!(
        attrs.timeout_type,
        WorkflowExecutionTimeoutType::StartToClose
    );
}
