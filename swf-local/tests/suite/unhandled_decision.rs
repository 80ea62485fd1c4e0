//! SWF's decision task rule: at most one scheduled and one started per execution; events that
//! arrive while one is started schedule the next when it completes; a closing decision while
//! such events exist fails with UNHANDLED_DECISION.

use crate::common::*;
use swf_core::types::*;

async fn signal(env: &Env, name: &str) {
    env.client
        .signal_workflow_execution(SignalWorkflowExecutionInput {
            domain: "d".into(),
            workflow_id: "w".into(),
            signal_name: name.into(),
            ..Default::default()
        })
        .await
        .unwrap();
}

#[tokio::test]
async fn complete_with_unseen_signal_fails_unhandled_decision() {
    let env = env().await;
    let execution = env.start("w").await;
    let task = env.decision().await;
    // Two signals while the task is started: neither schedules a second task now.
    signal(&env, "a").await;
    signal(&env, "b").await;
    let pending = env
        .client
        .count_pending_decision_tasks(CountPendingDecisionTasksInput {
            domain: "d".into(),
            task_list: TaskList {
                name: DECISIONS.into(),
            },
        })
        .await
        .unwrap();
    assert_eq!(pending.count, 0);
    env.decide(&task, vec![complete("too early")]).await;
    let history = env.history(&execution).await;
    let failed = of_type(&history, EventType::CompleteWorkflowExecutionFailed)[0]
        .complete_workflow_execution_failed_event_attributes
        .clone()
        .unwrap();
    assert_eq!(
        failed.cause,
        CompleteWorkflowExecutionFailedCause::UnhandledDecision
    );
    assert_eq!(
        env.describe(&execution)
            .await
            .execution_info
            .execution_status,
        ExecutionStatus::Open
    );

    // The next task sees the signals and may close.
    let task = env.decision().await;
    assert_eq!(
        of_type(&task.events, EventType::WorkflowExecutionSignaled).len(),
        2
    );
    assert_eq!(
        of_type(&task.events, EventType::DecisionTaskScheduled).len(),
        2
    );
    env.decide(&task, vec![complete("now")]).await;
    assert_eq!(
        env.describe(&execution).await.execution_info.close_status,
        Some(CloseStatus::Completed)
    );
}

#[tokio::test]
async fn decision_task_timeout_reschedules() {
    let env = env().await;
    let execution = env
        .start_with(StartWorkflowExecutionInput {
            workflow_id: "w".into(),
            task_start_to_close_timeout: Some("1".into()),
            ..Default::default()
        })
        .await;
    let stale = env.decision().await;
    // Nobody answers: the task times out and a new one is scheduled.
    let task = env.decision().await;
    let timed_out = of_type(&task.events, EventType::DecisionTaskTimedOut)[0]
        .decision_task_timed_out_event_attributes
        .clone()
        .unwrap();
    assert_eq!(timed_out.started_event_id, stale.started_event_id);
    assert_eq!(
        timed_out.timeout_type,
        DecisionTaskTimeoutType::StartToClose
    );
    // previousStartedEventId only counts completed tasks.
    assert_eq!(task.previous_started_event_id, Some(0));
    let err = env
        .try_decide(&stale, vec![complete("late")])
        .await
        .unwrap_err();
    assert!(err.is_unknown_resource(), "{err}");
    env.decide(&task, vec![complete("ok")]).await;
    assert_eq!(
        env.describe(&execution).await.execution_info.close_status,
        Some(CloseStatus::Completed)
    );
}

#[tokio::test]
async fn temporary_task_list_override_times_out_back_to_the_own_list() {
    let env = env().await;
    env.start("w").await;
    let task = env.decision().await;
    env.client
        .respond_decision_task_completed(RespondDecisionTaskCompletedInput {
            task_token: task.task_token.clone(),
            decisions: Some(vec![start_timer("now", 0)]),
            task_list: Some(TaskList {
                name: "elsewhere".into(),
            }),
            task_list_schedule_to_start_timeout: Some("1".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    // The timer's decision task goes to "elsewhere", where nobody polls; it times out and the
    // next one comes back on the execution's own list.
    let task = env.decision().await;
    let scheduled = of_type(&task.events, EventType::DecisionTaskScheduled);
    let moved = scheduled[1]
        .decision_task_scheduled_event_attributes
        .clone()
        .unwrap();
    assert_eq!(moved.task_list.name, "elsewhere");
    assert_eq!(moved.schedule_to_start_timeout.as_deref(), Some("1"));
    let timed_out = of_type(&task.events, EventType::DecisionTaskTimedOut)[0]
        .decision_task_timed_out_event_attributes
        .clone()
        .unwrap();
    assert_eq!(
        timed_out.timeout_type,
        DecisionTaskTimeoutType::ScheduleToStart
    );
    assert_eq!(timed_out.scheduled_event_id, scheduled[1].event_id);
    let back = scheduled[2]
        .decision_task_scheduled_event_attributes
        .clone()
        .unwrap();
    assert_eq!(back.task_list.name, DECISIONS);
}
