//! Decisions SWF cannot carry out record their failure events with SWF's causes; malformed
//! decision lists are refused whole.

use crate::common::*;
use swf_core::types::*;

#[tokio::test]
async fn schedule_activity_failure_causes() {
    let env = env().await;
    env.client
        .register_activity_type(RegisterActivityTypeInput {
            domain: "d".into(),
            name: "bare".into(),
            version: "1".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let execution = env.start("w").await;
    let task = env.decision().await;
    env.decide(
        &task,
        vec![
            schedule_activity("a"),
            schedule_activity("a"),
            schedule_activity_with(ScheduleActivityTaskDecisionAttributes {
                activity_id: "b".into(),
                activity_type: ActivityType {
                    name: "nope".into(),
                    version: "1".into(),
                },
                ..Default::default()
            }),
            schedule_activity_with(ScheduleActivityTaskDecisionAttributes {
                activity_id: "c".into(),
                activity_type: ActivityType {
                    name: "bare".into(),
                    version: "1".into(),
                },
                ..Default::default()
            }),
            Decision::from(ScheduleLambdaFunctionDecisionAttributes {
                id: "l".into(),
                name: "fn".into(),
                ..Default::default()
            }),
        ],
    )
    .await;
    let history = env.history(&execution).await;
    let causes: Vec<ScheduleActivityTaskFailedCause> =
        of_type(&history, EventType::ScheduleActivityTaskFailed)
            .iter()
            .map(|e| {
                e.schedule_activity_task_failed_event_attributes
                    .clone()
                    .unwrap()
                    .cause
            })
            .collect();
    assert_eq!(
        causes,
        [
            ScheduleActivityTaskFailedCause::ActivityIdAlreadyInUse,
            ScheduleActivityTaskFailedCause::ActivityTypeDoesNotExist,
            ScheduleActivityTaskFailedCause::DefaultTaskListUndefined,
        ]
    );
    let lambda = of_type(&history, EventType::ScheduleLambdaFunctionFailed)[0]
        .schedule_lambda_function_failed_event_attributes
        .clone()
        .unwrap();
    assert_eq!(
        lambda.cause,
        ScheduleLambdaFunctionFailedCause::LambdaServiceNotAvailableInRegion
    );
    // Failures are events the decider has not seen: a new decision task comes.
    let task = env.decision().await;
    assert!(!task.task_token.is_empty());
}

#[tokio::test]
async fn close_decision_must_be_last_and_attributes_must_match() {
    let env = env().await;
    let execution = env.start("w").await;
    let task = env.decision().await;
    let err = env
        .try_decide(&task, vec![complete("x"), marker("m")])
        .await
        .unwrap_err();
    assert!(err.is_validation_exception(), "{err}");
    let err = env
        .try_decide(
            &task,
            vec![Decision {
                decision_type: DecisionType::StartTimer,
                ..Default::default()
            }],
        )
        .await
        .unwrap_err();
    assert!(err.is_validation_exception(), "{err}");
    // Refused lists change nothing: the task is still started and can be answered.
    assert_eq!(env.history(&execution).await.len(), 3);
    env.decide(&task, vec![marker("m"), complete("x")]).await;
    assert_eq!(
        env.describe(&execution).await.execution_info.close_status,
        Some(CloseStatus::Completed)
    );
    let err = env.try_decide(&task, vec![]).await.unwrap_err();
    assert!(err.is_unknown_resource(), "{err}");
}

#[tokio::test]
async fn open_activities_are_limited_to_1000() {
    let env = env().await;
    let execution = env.start("w").await;
    let task = env.decision().await;
    env.decide(
        &task,
        (0..1001)
            .map(|i| schedule_activity(&format!("a{i}")))
            .collect(),
    )
    .await;
    let history = env.history(&execution).await;
    assert_eq!(
        of_type(&history, EventType::ActivityTaskScheduled).len(),
        1000
    );
    let failed = of_type(&history, EventType::ScheduleActivityTaskFailed)[0]
        .schedule_activity_task_failed_event_attributes
        .clone()
        .unwrap();
    assert_eq!(
        failed.cause,
        ScheduleActivityTaskFailedCause::OpenActivitiesLimitExceeded
    );
    assert_eq!(failed.activity_id, "a1000");
    assert_eq!(
        env.describe(&execution)
            .await
            .open_counts
            .open_activity_tasks,
        1000
    );
}
