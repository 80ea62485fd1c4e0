//! Timers: they fire, they can be canceled, and ids are checked.

use crate::common::*;
use swf_core::types::*;

#[tokio::test]
async fn timer_fires() {
    let env = env().await;
    let execution = env.start("w").await;
    let task = env.decision().await;
    env.decide(&task, vec![start_timer("t1", 1)]).await;
    assert_eq!(env.describe(&execution).await.open_counts.open_timers, 1);
    let task = env.decision().await;
    let fired = of_type(&task.events, EventType::TimerFired);
    let attrs = fired[0].timer_fired_event_attributes.as_ref().unwrap();
    assert_eq!(attrs.timer_id, "t1");
    let started = of_type(&task.events, EventType::TimerStarted)[0].event_id;
    assert_eq!(attrs.started_event_id, started);
    assert!(
        fired[0].event_timestamp.as_millis()
            - of_type(&task.events, EventType::TimerStarted)[0]
                .event_timestamp
                .as_millis()
            >= 1000
    );
}

#[tokio::test]
async fn timer_ids_are_checked_and_timers_cancel() {
    let env = env().await;
    let execution = env.start("w").await;
    let task = env.decision().await;
    env.decide(
        &task,
        vec![
            start_timer("t", 100),
            start_timer("t", 100),
            cancel_timer("nope"),
        ],
    )
    .await;
    let task = env.decision().await;
    let failed = of_type(&task.events, EventType::StartTimerFailed)[0]
        .start_timer_failed_event_attributes
        .clone()
        .unwrap();
    assert_eq!(failed.cause, StartTimerFailedCause::TimerIdAlreadyInUse);
    let failed = of_type(&task.events, EventType::CancelTimerFailed)[0]
        .cancel_timer_failed_event_attributes
        .clone()
        .unwrap();
    assert_eq!(failed.cause, CancelTimerFailedCause::TimerIdUnknown);
    env.decide(&task, vec![cancel_timer("t")]).await;
    let history = env.history(&execution).await;
    let canceled = of_type(&history, EventType::TimerCanceled);
    assert_eq!(
        canceled[0]
            .timer_canceled_event_attributes
            .as_ref()
            .unwrap()
            .timer_id,
        "t"
    );
    assert_eq!(env.describe(&execution).await.open_counts.open_timers, 0);
    // A canceled timer schedules no decision task.
    assert!(env.try_decision_on(DECISIONS).await.task_token.is_empty());
}
