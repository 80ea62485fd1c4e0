//! SWF's 25,000-event limit: an execution whose history reaches it is terminated with
//! `EVENT_LIMIT_EXCEEDED`, and the termination is the 25,000th and last event.

use crate::common::*;
use swf_core::types::*;

/// SWF's hard limit on the events of one execution's history.
const MAX_EVENTS: usize = 25_000;

/// The most markers one response carries here: about 0.9 MB of decisions, under SWF's 1 MB per
/// request.
const MARKERS_PER_RESPONSE: usize = 10_000;

/// A started decision task of `w` and the length of its history.
struct Filling {
    execution: WorkflowExecution,
    task: DecisionTask,
    events: usize,
}

/// Starts `w` and records markers, response after response (each under 1 MB, a signal calling
/// for the next decision task), until one more response can bring the history to `events`
/// events. Returns that next decision task, started.
async fn fill_towards(env: &Env, events: usize) -> Filling {
    let execution = env.start("w").await;
    let mut task = env.decision().await;
    // Started, scheduled, started.
    let mut len = 3;
    // While the rest would not fit in one response: a response (completed + markers), then a
    // signal, its decision task scheduled and started.
    while events - len - 1 > MARKERS_PER_RESPONSE {
        env.decide(&task, markers(MARKERS_PER_RESPONSE)).await;
        len += 1 + MARKERS_PER_RESPONSE;
        signal(env, &execution, "more").await;
        task = env.decision().await;
        len += 3;
    }
    assert_eq!(env.history(&execution).await.len(), len);
    Filling {
        execution,
        task,
        events: len,
    }
}

fn markers(count: usize) -> Vec<Decision> {
    (0..count).map(|i| marker(&format!("m{i}"))).collect()
}

async fn signal(env: &Env, execution: &WorkflowExecution, name: &str) {
    env.client
        .signal_workflow_execution(SignalWorkflowExecutionInput {
            domain: env.domain.clone(),
            workflow_id: execution.workflow_id.clone(),
            signal_name: name.into(),
            ..Default::default()
        })
        .await
        .unwrap();
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
    let filling = fill_towards(&env, MAX_EVENTS).await;
    // More markers than fit: those that do fill the history up to the termination.
    let room = MAX_EVENTS - filling.events;
    env.decide(&filling.task, markers(room + 10)).await;
    assert_terminated_when_full(&env, &filling.execution, EventType::MarkerRecorded).await;
}

#[tokio::test]
async fn a_signal_into_the_last_free_events_is_followed_by_the_termination() {
    let env = env().await;
    // Markers up to two events short of the limit: the signal is event 24,999, and the decision
    // task it would schedule has no room, so the termination comes in its place.
    let filling = fill_towards(&env, MAX_EVENTS - 2).await;
    let last_markers = MAX_EVENTS - 2 - filling.events - 1;
    env.decide(&filling.task, markers(last_markers)).await;
    let execution = filling.execution;
    assert_eq!(env.history(&execution).await.len(), MAX_EVENTS - 2);
    signal(&env, &execution, "late").await;
    assert_terminated_when_full(&env, &execution, EventType::WorkflowExecutionSignaled).await;
}
