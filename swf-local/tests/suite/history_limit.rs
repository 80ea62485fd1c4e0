//! SWF's 25,000-event limit: an execution whose history reaches it is terminated with
//! `EVENT_LIMIT_EXCEEDED`, and the termination is the 25,000th and last event.

use crate::common::*;
use swf_core::types::*;

/// SWF's hard limit on the events of one execution's history.
const MAX_EVENTS: usize = 25_000;

/// The events before a decision task's markers: started, scheduled, started, completed.
const EVENTS_BEFORE_MARKERS: usize = 4;

/// Starts `w` and answers its first decision task with `markers` markers.
async fn with_markers(env: &Env, markers: usize) -> WorkflowExecution {
    let execution = env.start("w").await;
    let task = env.decision().await;
    env.decide(
        &task,
        (0..markers).map(|i| marker(&format!("m{i}"))).collect(),
    )
    .await;
    execution
}

/// Checks that `history` is exactly full: events 1 to 25,000, the last the termination for the
/// limit, after `before_last`.
async fn assert_terminated_when_full(
    env: &Env,
    execution: &WorkflowExecution,
    before_last: EventType,
) {
    let history = env.history(execution).await;
    assert_eq!(history.len(), MAX_EVENTS, "events in the history");
    assert!(
        history.iter().zip(1..).all(|(e, id)| e.event_id == id),
        "event ids run from 1 to 25,000"
    );
    let [.., penultimate, last] = history.as_slice() else {
        unreachable!("25,000 events")
    };
    assert_eq!(penultimate.event_type, before_last);
    assert_eq!(last.event_type, EventType::WorkflowExecutionTerminated);
    let attrs = last
        .workflow_execution_terminated_event_attributes
        .as_deref()
        .unwrap();
    assert_eq!(
        attrs.cause,
        Some(WorkflowExecutionTerminatedCause::EventLimitExceeded)
    );
    assert_eq!(
        env.describe(execution).await.execution_info.close_status,
        Some(CloseStatus::Terminated)
    );
}

#[tokio::test]
async fn a_decision_list_past_the_limit_ends_in_the_termination_as_event_25000() {
    let env = env().await;
    // More markers than fit: those that do fill the history up to the termination.
    let execution = with_markers(&env, MAX_EVENTS + 10).await;
    assert_terminated_when_full(&env, &execution, EventType::MarkerRecorded).await;
}

#[tokio::test]
async fn a_signal_into_the_last_free_events_is_followed_by_the_termination() {
    let env = env().await;
    // Markers up to two events short of the limit: the signal is event 24,999, and the decision
    // task it would schedule has no room, so the termination comes in its place.
    let execution = with_markers(&env, MAX_EVENTS - 2 - EVENTS_BEFORE_MARKERS).await;
    assert_eq!(env.history(&execution).await.len(), MAX_EVENTS - 2);
    env.client
        .signal_workflow_execution(SignalWorkflowExecutionInput {
            domain: env.domain.clone(),
            workflow_id: execution.workflow_id.clone(),
            signal_name: "late".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_terminated_when_full(&env, &execution, EventType::WorkflowExecutionSignaled).await;
}
