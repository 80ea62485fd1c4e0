//! The basic flow: start, decision task, activity task, completion, and what the history and
//! the task fields say along the way.

use crate::common::*;
use swf_core::types::*;

#[tokio::test]
async fn one_activity_workflow_runs_to_completion() {
    let env = env().await;
    let execution = env.start("w").await;
    let task = env.decision().await;
    assert_eq!(
        types(&task.events),
        [
            "WorkflowExecutionStarted",
            "DecisionTaskScheduled",
            "DecisionTaskStarted"
        ]
    );
    assert_eq!(task.previous_started_event_id, Some(0));
    assert_eq!(task.started_event_id, 3);
    assert_eq!(task.workflow_execution, execution);
    env.decide(&task, vec![schedule_activity("a1")]).await;

    let activity = env.activity().await;
    assert_eq!(activity.activity_id, "a1");
    assert_eq!(activity.workflow_execution, execution);
    env.client
        .respond_activity_task_completed(RespondActivityTaskCompletedInput {
            task_token: activity.task_token.clone(),
            result: Some("42".into()),
        })
        .await
        .unwrap();
    // The token is spent: answering again is an unknown resource.
    let again = env
        .client
        .respond_activity_task_completed(RespondActivityTaskCompletedInput {
            task_token: activity.task_token.clone(),
            result: None,
        })
        .await
        .unwrap_err();
    assert!(again.is_unknown_resource(), "{again}");

    let task = env.decision().await;
    assert_eq!(task.previous_started_event_id, Some(3));
    let completed = of_type(&task.events, EventType::ActivityTaskCompleted);
    assert_eq!(
        completed[0]
            .activity_task_completed_event_attributes
            .as_ref()
            .unwrap()
            .result
            .as_deref(),
        Some("42")
    );
    env.decide(&task, vec![complete("done")]).await;

    assert_eq!(
        env.event_types(&execution).await,
        [
            "WorkflowExecutionStarted",
            "DecisionTaskScheduled",
            "DecisionTaskStarted",
            "DecisionTaskCompleted",
            "ActivityTaskScheduled",
            "ActivityTaskStarted",
            "ActivityTaskCompleted",
            "DecisionTaskScheduled",
            "DecisionTaskStarted",
            "DecisionTaskCompleted",
            "WorkflowExecutionCompleted",
        ]
    );
    let detail = env.describe(&execution).await;
    assert_eq!(
        detail.execution_info.close_status,
        Some(CloseStatus::Completed)
    );
    assert_eq!(
        detail.execution_info.execution_status,
        ExecutionStatus::Closed
    );
    assert!(detail.latest_activity_task_timestamp.is_some());
}

#[tokio::test]
async fn failed_activity_and_pending_counts() {
    let env = env().await;
    env.start("w").await;
    let task = env.decision().await;
    env.decide(
        &task,
        vec![schedule_activity("a1"), schedule_activity("a2")],
    )
    .await;
    let pending = env
        .client
        .count_pending_activity_tasks(CountPendingActivityTasksInput {
            domain: env.domain.clone(),
            task_list: TaskList {
                name: ACTIVITIES.into(),
            },
        })
        .await
        .unwrap();
    assert_eq!(pending.count, 2);
    // Tasks come out in the order they were scheduled.
    let first = env.activity().await;
    let second = env.activity().await;
    assert_eq!(
        (first.activity_id.as_str(), second.activity_id.as_str()),
        ("a1", "a2")
    );
    env.client
        .respond_activity_task_failed(RespondActivityTaskFailedInput {
            task_token: first.task_token,
            reason: Some("boom".into()),
            details: Some("d".into()),
        })
        .await
        .unwrap();
    let task = env.decision().await;
    let failed = of_type(&task.events, EventType::ActivityTaskFailed);
    assert_eq!(
        failed[0]
            .activity_task_failed_event_attributes
            .as_ref()
            .unwrap()
            .reason
            .as_deref(),
        Some("boom")
    );
    let detail = env.describe(&task.workflow_execution).await;
    assert_eq!(detail.open_counts.open_activity_tasks, 1);
    assert_eq!(detail.open_counts.open_decision_tasks, 1);
}
