//! `RequestCancelActivityTask`: a scheduled task is canceled at once; a started one learns of
//! the request from its heartbeat and confirms with `RespondActivityTaskCanceled`.

use crate::common::*;
use swf_core::types::*;
use swf_testkit::harness::decisions::request_cancel_activity as cancel;

/// One heartbeat of `activity`, as its worker sends it.
async fn heartbeat(env: &Env, activity: &ActivityTask) -> ActivityTaskStatus {
    env.client
        .record_activity_task_heartbeat(RecordActivityTaskHeartbeatInput {
            task_token: activity.task_token.clone(),
            details: None,
        })
        .await
        .unwrap()
}

#[tokio::test]
async fn started_activity_sees_cancel_requested_on_heartbeat() {
    let env = env().await;
    // No service timeouts: what this test watches is the cancel request, and a timeout firing in
    // a stalled run (the registered defaults are 10 s) would close the tasks under it instead.
    let execution = env
        .start_with(StartWorkflowExecutionInput {
            workflow_id: "w".into(),
            task_start_to_close_timeout: Some("NONE".into()),
            ..Default::default()
        })
        .await;
    let task = env.decision().await;
    let none = || Some("NONE".to_owned());
    env.decide(
        &task,
        vec![schedule_activity_with(
            ScheduleActivityTaskDecisionAttributes {
                activity_id: "a".into(),
                schedule_to_close_timeout: none(),
                schedule_to_start_timeout: none(),
                start_to_close_timeout: none(),
                heartbeat_timeout: none(),
                ..Default::default()
            },
        )],
    )
    .await;
    let activity = env.activity().await;
    assert!(
        !heartbeat(&env, &activity).await.cancel_requested,
        "cancel requested before any was: {:?}",
        env.event_types(&execution).await
    );
    // Wake the decider with a signal so it can ask for the cancel.
    env.client
        .signal_workflow_execution(SignalWorkflowExecutionInput {
            domain: "d".into(),
            workflow_id: "w".into(),
            signal_name: "stop".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let task = env.decision().await;
    env.decide(&task, vec![cancel("a")]).await;
    assert!(
        heartbeat(&env, &activity).await.cancel_requested,
        "no cancel request on the heartbeat after the decision: {:?}",
        env.event_types(&execution).await
    );
    env.client
        .respond_activity_task_canceled(RespondActivityTaskCanceledInput {
            task_token: activity.task_token,
            details: Some("cleaned up".into()),
        })
        .await
        .unwrap();
    let task = env.decision().await;
    let canceled = of_type(&task.events, EventType::ActivityTaskCanceled);
    let attrs = canceled[0]
        .activity_task_canceled_event_attributes
        .as_ref()
        .unwrap();
    let requested = of_type(&task.events, EventType::ActivityTaskCancelRequested)[0].event_id;
    assert_eq!(attrs.latest_cancel_requested_event_id, Some(requested));
    assert_eq!(attrs.details.as_deref(), Some("cleaned up"));
    env.decide(&task, vec![complete("")]).await;
    assert_eq!(
        env.describe(&execution).await.execution_info.close_status,
        Some(CloseStatus::Completed)
    );
}

#[tokio::test]
async fn scheduled_activity_is_canceled_at_once_and_unknown_ids_fail() {
    let env = env().await;
    env.start("w").await;
    let task = env.decision().await;
    env.decide(
        &task,
        vec![schedule_activity("a"), cancel("a"), cancel("nope")],
    )
    .await;
    let task = env.decision().await;
    let kinds = types(&task.events);
    let tail: Vec<&str> = kinds[4..].iter().map(String::as_str).collect();
    assert_eq!(
        tail,
        [
            "ActivityTaskScheduled",
            "ActivityTaskCancelRequested",
            "ActivityTaskCanceled",
            "RequestCancelActivityTaskFailed",
            "DecisionTaskScheduled",
            "DecisionTaskStarted"
        ]
    );
    let failed = of_type(&task.events, EventType::RequestCancelActivityTaskFailed)[0]
        .request_cancel_activity_task_failed_event_attributes
        .clone()
        .unwrap();
    assert_eq!(
        failed.cause,
        RequestCancelActivityTaskFailedCause::ActivityIdUnknown
    );
    assert!(env.try_activity().await.task_token.is_empty());
}
