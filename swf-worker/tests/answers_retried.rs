//! Answers are retried on every error that may pass: a lost answer means the work runs again, so
//! a `RespondActivityTaskCompleted` or `RespondActivityTaskFailed` that is throttled, answered
//! with a 5xx, or whose connection drops is sent again until it passes, and the task closes
//! exactly once.

mod support;

use support::*;
use swf_core::RetryConfig;
use swf_core::types::EventType;
use swf_worker::{
    Activity, ActivityContext, ActivityError, ActivityOptions, MetricsSnapshot, Timeout,
};

struct Check;

impl Activity for Check {
    const NAME: &'static str = "Check";
    const VERSION: &'static str = "1";
    type Input = i32;
    type Output = i32;

    fn options(&self) -> ActivityOptions {
        options(Timeout::Unlimited)
    }

    async fn run(&self, _: &ActivityContext, n: i32) -> Result<i32, ActivityError> {
        if n < 0 {
            return Err(ActivityError::new("negative"));
        }
        Ok(n)
    }
}

/// Runs one task that completes and one that fails, with the first two calls of each answer
/// meeting `fault`; returns the worker's counters once both tasks are closed, after checking
/// that the proxy injected all four faults and that each task closed once, on time.
async fn answers_meeting(fault: Fault) -> MetricsSnapshot {
    let env = Env::start().await;
    // No retries in the client: what is tested is the worker's own retrying.
    let (proxy, mut builder) = env.through_proxy(RetryConfig::disabled()).await;
    builder.activity(Check);
    let worker = env.run(&mut builder).await;

    proxy.fail_next(COMPLETED, fault, 2);
    proxy.fail_next(FAILED, fault, 2);
    let decisions = vec![
        schedule("Check", "ok", Some("5")),
        schedule("Check", "no", Some("-1")),
    ];
    let execution = env.start_workflow("answers", decisions).await;
    env.wait_for(|events| {
        count(events, EventType::ActivityTaskCompleted) == 1
            && count(events, EventType::ActivityTaskFailed) == 1
    })
    .await;
    let metrics = worker.stop().await;

    // Each answer met its two faults, and its third call went through.
    for operation in [COMPLETED, FAILED] {
        let stats = proxy.stats(operation);
        assert_eq!(
            (stats.received, stats.faulted, stats.answered),
            (3, 2, 1),
            "{operation}"
        );
    }
    // The history after the worker stopped: each task closed exactly once, nothing timed out.
    let events = env.history(&execution).await;
    assert_no_timeouts(&events);
    assert_eq!(count(&events, EventType::ActivityTaskCompleted), 1);
    assert_eq!(count(&events, EventType::ActivityTaskFailed), 1);
    let completed = of_type(&events, EventType::ActivityTaskCompleted)[0]
        .activity_task_completed_event_attributes
        .clone()
        .unwrap();
    assert_eq!(completed.result.as_deref(), Some("5"));
    metrics
}

/// Both tasks counted as answered, none as gone or unanswerable.
fn assert_answered(m: MetricsSnapshot) {
    assert_eq!(
        Ends::from(m),
        Ends {
            completed: 1,
            failed: 1,
            ..Ends::default()
        }
    );
}

#[tokio::test]
async fn throttled_answers_are_retried_until_they_pass() {
    within(60, async {
        assert_answered(answers_meeting(Fault::Throttle).await)
    })
    .await
}

#[tokio::test]
async fn answers_meeting_internal_errors_are_retried() {
    within(60, async {
        assert_answered(answers_meeting(Fault::Status(500)).await)
    })
    .await
}

#[tokio::test]
async fn answers_meeting_service_unavailable_are_retried() {
    within(60, async {
        assert_answered(answers_meeting(Fault::Status(503)).await)
    })
    .await
}

#[tokio::test]
async fn answers_whose_connection_drops_are_retried() {
    within(60, async {
        assert_answered(answers_meeting(Fault::Drop).await)
    })
    .await
}
