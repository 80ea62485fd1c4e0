//! Activities that fail, are retried, complete and time out.

use super::Step::*;
use super::*;

#[tokio::test]
async fn an_activity_that_fails_is_retried_after_a_timer_and_completes() {
    let steps = vec![
        Decide(vec![schedule("charge")]),
        ActivityFailed("charge", "CardDeclined", Some("insufficient funds")),
        Decide(vec![start_timer("charge#2", 0)]),
        TimerFired("charge#2"),
        Decide(vec![schedule("charge")]),
        ActivityCompleted("charge", Some(r#""receipt-1""#)),
        Decide(vec![complete(Some(r#""done""#))]),
    ];
    check("activity_retried", steps).await;
}

#[tokio::test]
async fn activities_time_out_before_and_after_they_start() {
    let steps = vec![
        Decide(vec![schedule_with("unclaimed", |a| {
            a.schedule_to_start_timeout = Some("1".into())
        })]),
        ActivityTimedOut("unclaimed", ActivityTaskTimeoutType::ScheduleToStart),
        Decide(vec![schedule_with("slow", |a| {
            a.start_to_close_timeout = Some("1".into())
        })]),
        ActivityStarted("slow"),
        ActivityTimedOut("slow", ActivityTaskTimeoutType::StartToClose),
        Decide(vec![fail("TimedOut", Some("slow"))]),
    ];
    check("activity_timeouts", steps).await;
}

#[tokio::test]
async fn activities_time_out_unclaimed_and_without_heartbeats() {
    let steps = vec![
        Decide(vec![schedule_with("unclaimed", |a| {
            a.schedule_to_close_timeout = Some("1".into())
        })]),
        ActivityTimedOut("unclaimed", ActivityTaskTimeoutType::ScheduleToClose),
        Decide(vec![schedule_with("quiet", |a| {
            a.heartbeat_timeout = Some("1".into())
        })]),
        ActivityStarted("quiet"),
        Heartbeat("quiet", Some("halfway")),
        ActivityTimedOut("quiet", ActivityTaskTimeoutType::Heartbeat),
        Decide(vec![complete(None)]),
    ];
    check("activity_timeouts_2", steps).await;
}
