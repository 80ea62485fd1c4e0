//! SWF's 25,000-event limit: an execution whose history reaches it is terminated with
//! `EVENT_LIMIT_EXCEEDED`, and its history never passes the limit.

use crate::common::*;
use swf_core::types::*;

#[tokio::test]
async fn execution_is_terminated_at_25000_events() {
    let env = env().await;
    let execution = env.start("w").await;
    let task = env.decision().await;
    env.decide(
        &task,
        (0..25_010).map(|i| marker(&format!("m{i}"))).collect(),
    )
    .await;
    let history = env.history(&execution).await;
    assert!(history.len() <= 25_000, "{} events", history.len());
    let last = history.last().unwrap();
    let attrs = last
        .workflow_execution_terminated_event_attributes
        .clone()
        .unwrap();
    assert_eq!(
        attrs.cause,
        Some(WorkflowExecutionTerminatedCause::EventLimitExceeded)
    );
    assert_eq!(
        env.describe(&execution).await.execution_info.close_status,
        Some(CloseStatus::Terminated)
    );
}
