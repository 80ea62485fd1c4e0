//! SWF's per-execution limits on open timers (1,000) and open child executions (1,000): the
//! decision past the limit fails with SWF's cause and the others are carried out, and the
//! limit counts what is open, so closing one makes room for the next. (Open activities, the
//! third such limit, are tested in `decision_failures`.)

use crate::common::*;
use swf_core::types::*;

/// SWF's limit on each of an execution's open timers and open children.
const LIMIT: usize = 1000;

/// Starts `w`, answers its first decision task with `decisions`, and returns the execution and
/// the decision task that the failed decision calls for.
async fn decide_first(env: &Env, decisions: Vec<Decision>) -> (WorkflowExecution, DecisionTask) {
    let execution = env.start("w").await;
    let task = env.decision().await;
    env.decide(&task, decisions).await;
    (execution, env.decision().await)
}

#[tokio::test]
async fn open_timers_are_limited_to_1000() {
    let env = env().await;
    let (execution, task) = decide_first(
        &env,
        (0..=LIMIT)
            .map(|i| start_timer(&format!("t{i}"), 60))
            .collect(),
    )
    .await;
    // The task's first page holds only 1,000 events: read the whole history.
    let history = env.history(&execution).await;
    assert_eq!(of_type(&history, EventType::TimerStarted).len(), LIMIT);
    let failed = of_type(&history, EventType::StartTimerFailed);
    let [failed] = failed.as_slice() else {
        panic!("one failure, got {}", failed.len())
    };
    let failed = failed
        .start_timer_failed_event_attributes
        .as_deref()
        .unwrap();
    assert_eq!(failed.cause, StartTimerFailedCause::OpenTimersLimitExceeded);
    assert_eq!(failed.timer_id, format!("t{LIMIT}"));
    assert_eq!(
        open_counts(&env, &execution).await.open_timers,
        LIMIT as i32
    );

    // A canceled timer is no longer open: a new one fits in its place, and only one.
    env.decide(
        &task,
        vec![
            cancel_timer("t0"),
            start_timer("again", 60),
            start_timer("one-too-many", 60),
        ],
    )
    .await;
    let history = env.history(&execution).await;
    let started = of_type(&history, EventType::TimerStarted);
    let last_started = started.last().unwrap();
    let last_started = last_started.timer_started_event_attributes.as_deref();
    assert_eq!(last_started.unwrap().timer_id, "again");
    let failed = of_type(&history, EventType::StartTimerFailed);
    let failed = failed
        .last()
        .unwrap()
        .start_timer_failed_event_attributes
        .as_deref();
    assert_eq!(failed.unwrap().timer_id, "one-too-many");
    assert_eq!(
        open_counts(&env, &execution).await.open_timers,
        LIMIT as i32
    );
}

#[tokio::test]
async fn open_children_are_limited_to_1000() {
    let env = env().await;
    let (execution, task) = decide_first(
        &env,
        (0..=LIMIT).map(|i| start_child(&format!("c{i}"))).collect(),
    )
    .await;
    let history = env.history(&execution).await;
    assert_eq!(
        of_type(&history, EventType::ChildWorkflowExecutionStarted).len(),
        LIMIT
    );
    let failed = of_type(&history, EventType::StartChildWorkflowExecutionFailed);
    let [failed] = failed.as_slice() else {
        panic!("one failure, got {}", failed.len())
    };
    let failed = failed
        .start_child_workflow_execution_failed_event_attributes
        .as_deref()
        .unwrap();
    assert_eq!(
        failed.cause,
        StartChildWorkflowExecutionFailedCause::OpenChildrenLimitExceeded
    );
    assert_eq!(failed.workflow_id, format!("c{LIMIT}"));
    assert_eq!(
        open_counts(&env, &execution)
            .await
            .open_child_workflow_executions,
        LIMIT as i32
    );

    // A child that closed is no longer open: a new one fits in its place, and only one.
    env.client
        .terminate_workflow_execution(TerminateWorkflowExecutionInput {
            domain: env.domain.clone(),
            workflow_id: "c0".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    env.decide(&task, vec![]).await;
    let task = env.decision().await;
    let history = env.history(&execution).await;
    assert!(
        !of_type(&history, EventType::ChildWorkflowExecutionTerminated).is_empty(),
        "the parent saw its child close"
    );
    env.decide(
        &task,
        vec![start_child("again"), start_child("one-too-many")],
    )
    .await;
    let history = env.history(&execution).await;
    let started = of_type(&history, EventType::ChildWorkflowExecutionStarted);
    let last_started = started.last().unwrap();
    let last_started = last_started
        .child_workflow_execution_started_event_attributes
        .as_deref();
    assert_eq!(
        last_started.unwrap().workflow_execution.workflow_id,
        "again"
    );
    let failed = of_type(&history, EventType::StartChildWorkflowExecutionFailed);
    let failed = failed
        .last()
        .unwrap()
        .start_child_workflow_execution_failed_event_attributes
        .as_deref();
    assert_eq!(failed.unwrap().workflow_id, "one-too-many");
    assert_eq!(
        open_counts(&env, &execution)
            .await
            .open_child_workflow_executions,
        LIMIT as i32
    );
}

async fn open_counts(env: &Env, execution: &WorkflowExecution) -> WorkflowExecutionOpenCounts {
    env.describe(execution).await.open_counts
}
