//! Activity timeouts: heartbeats keep a task alive, missing them times it out, and a worker whose
//! task timed out gets `UnknownResourceFault`.

use crate::common::*;
use std::time::Duration;
use swf_core::types::*;

#[tokio::test]
async fn missed_heartbeat_times_the_activity_out() {
    // Each round below waits out one empty decision poll, so the poll timeout is how long the
    // worker goes between heartbeats: well inside the heartbeat timeout.
    const HEARTBEAT_TIMEOUT_S: u32 = 2;
    const BETWEEN_HEARTBEATS: Duration = Duration::from_millis(500);
    const ROUNDS: u32 = 5;
    assert!(BETWEEN_HEARTBEATS * ROUNDS > Duration::from_secs(HEARTBEAT_TIMEOUT_S.into()));
    let env = env_with(BETWEEN_HEARTBEATS).await;
    let (execution, activity) = env
        .started_activity(
            "w",
            ScheduleActivityTaskDecisionAttributes {
                activity_id: "a".into(),
                heartbeat_timeout: Some(HEARTBEAT_TIMEOUT_S.to_string()),
                ..Default::default()
            },
        )
        .await;
    // Heartbeats keep it alive past the timeout. Between them, a decision poll returns empty
    // after the service's own poll timeout: that both lets the time pass and shows that no
    // timeout was recorded in it (a timeout schedules a decision task, which the poll would get).
    for round in 0..ROUNDS {
        let status = env
            .client
            .record_activity_task_heartbeat(RecordActivityTaskHeartbeatInput {
                task_token: activity.task_token.clone(),
                details: Some(format!("progress {round}")),
            })
            .await
            .unwrap();
        assert!(!status.cancel_requested);
        let task = env.try_decision_on(DECISIONS).await;
        assert!(
            task.task_token.is_empty(),
            "a decision task in round {round}: {:?}",
            types(&task.events)
        );
    }
    // Then silence: the timeout schedules a decision task, which the poll waits for.
    let task = env.decision().await;
    let timed_out = of_type(&task.events, EventType::ActivityTaskTimedOut);
    let attrs = timed_out[0]
        .activity_task_timed_out_event_attributes
        .as_ref()
        .unwrap();
    assert_eq!(attrs.timeout_type, ActivityTaskTimeoutType::Heartbeat);
    // The timeout counts from the last heartbeat, whose details it carries.
    let last = format!("progress {}", ROUNDS - 1);
    assert_eq!(attrs.details.as_deref(), Some(last.as_str()));
    let late = env
        .client
        .respond_activity_task_completed(RespondActivityTaskCompletedInput {
            task_token: activity.task_token,
            result: None,
        })
        .await
        .unwrap_err();
    assert!(late.is_unknown_resource(), "{late}");
    assert_eq!(
        env.describe(&execution)
            .await
            .open_counts
            .open_activity_tasks,
        0
    );
}

#[tokio::test]
async fn start_to_close_and_schedule_to_start_timeouts() {
    let env = env().await;
    let (_, _activity) = env
        .started_activity(
            "w",
            ScheduleActivityTaskDecisionAttributes {
                activity_id: "a".into(),
                start_to_close_timeout: Some("1".into()),
                ..Default::default()
            },
        )
        .await;
    let task = env.decision().await;
    let attrs = of_type(&task.events, EventType::ActivityTaskTimedOut)[0]
        .activity_task_timed_out_event_attributes
        .clone()
        .unwrap();
    assert_eq!(attrs.timeout_type, ActivityTaskTimeoutType::StartToClose);

    // Nobody polls the other task list: schedule-to-start fires.
    env.decide(
        &task,
        vec![schedule_activity_with(
            ScheduleActivityTaskDecisionAttributes {
                activity_id: "b".into(),
                task_list: Some(TaskList {
                    name: "nobody".into(),
                }),
                schedule_to_start_timeout: Some("1".into()),
                ..Default::default()
            },
        )],
    )
    .await;
    let task = env.decision().await;
    let attrs = of_type(&task.events, EventType::ActivityTaskTimedOut)[1]
        .activity_task_timed_out_event_attributes
        .clone()
        .unwrap();
    assert_eq!(attrs.timeout_type, ActivityTaskTimeoutType::ScheduleToStart);
    assert_eq!(attrs.started_event_id, 0);
}

#[tokio::test]
async fn schedule_to_close_timeout_covers_the_whole_task() {
    let env = env().await;
    let (_, activity) = env
        .started_activity(
            "w",
            ScheduleActivityTaskDecisionAttributes {
                activity_id: "a".into(),
                schedule_to_close_timeout: Some("1".into()),
                ..Default::default()
            },
        )
        .await;
    let task = env.decision().await;
    let attrs = of_type(&task.events, EventType::ActivityTaskTimedOut)[0]
        .activity_task_timed_out_event_attributes
        .clone()
        .unwrap();
    assert_eq!(attrs.timeout_type, ActivityTaskTimeoutType::ScheduleToClose);
    assert!(attrs.started_event_id > 0);
    let late = env
        .client
        .record_activity_task_heartbeat(RecordActivityTaskHeartbeatInput {
            task_token: activity.task_token,
            details: None,
        })
        .await
        .unwrap_err();
    assert!(late.is_unknown_resource(), "{late}");
}
