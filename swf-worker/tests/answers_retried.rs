//! Answers are retried on every error that may pass: a lost answer means the work runs again, so
//! a `RespondActivityTaskCompleted` or `RespondActivityTaskFailed` that is throttled, answered
//! with a 5xx, or whose connection drops is sent again until it passes, and the task closes
//! exactly once.

mod common;

use common::*;
use swf_core::RetryConfig;
use swf_core::types::EventType;
use swf_worker::{
    Activity, ActivityContext, ActivityDeclaration, ActivityError, ActivityRegistration,
    MetricsSnapshot, Timeout,
};

struct Check;

impl ActivityDeclaration for Check {
    const NAME: &'static str = "Check";
    const VERSION: &'static str = "1";
    type Input = i32;
    type Output = i32;
}

impl Activity for Check {
    fn registration(&self) -> ActivityRegistration {
        options(Timeout::Unlimited)
    }

    async fn run(&self, _: &ActivityContext, n: i32) -> Result<i32, ActivityError> {
        if n < 0 {
            return Err(ActivityError::new("negative"));
        }
        Ok(n)
    }
}

/// Runs one task that completes and one that fails, with the first `times` calls of each answer
/// meeting `fault`, through a client with `retry`; returns the worker's counters once both
/// tasks are closed, after checking that the proxy injected every fault, that one call of each
/// answer was answered by the service, and that each task closed once, on time.
async fn answers_meeting(fault: Fault, times: u64, retry: RetryConfig) -> MetricsSnapshot {
    let env = Env::start().await;
    let (proxy, mut builder) = env.through_proxy(retry).await;
    builder.activity(Check);
    let worker = env.run(&mut builder).await;

    proxy.fail_next(COMPLETED, fault, times);
    proxy.fail_next(FAILED, fault, times);
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

    // Each answer met its faults, and the call after them reached the service and came back.
    for operation in [COMPLETED, FAILED] {
        let stats = proxy.stats(operation);
        assert_eq!(
            (stats.received, stats.faulted, stats.answered),
            (times + 1, times, 1),
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

/// No retries in the client: what most tests here check is the worker's own retrying.
const WORKER_RETRIES: RetryConfig = RetryConfig::disabled();

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
        assert_answered(answers_meeting(Fault::Throttle, 2, WORKER_RETRIES).await)
    })
    .await
}

#[tokio::test]
async fn answers_meeting_internal_errors_are_retried() {
    within(60, async {
        assert_answered(answers_meeting(Fault::Status(500), 2, WORKER_RETRIES).await)
    })
    .await
}

#[tokio::test]
async fn answers_meeting_service_unavailable_are_retried() {
    within(60, async {
        assert_answered(answers_meeting(Fault::Status(503), 2, WORKER_RETRIES).await)
    })
    .await
}

#[tokio::test]
async fn answers_whose_connection_drops_are_retried() {
    within(60, async {
        assert_answered(answers_meeting(Fault::Drop, 2, WORKER_RETRIES).await)
    })
    .await
}

// An answer the service applied though its caller saw a 5xx: the retry meets
// `UnknownResourceFault` because the first attempt closed the task. The task was answered, not
// gone, whether the worker or the client made the retry.

#[tokio::test]
async fn an_answer_applied_before_its_5xx_counts_as_answered_when_the_worker_retries() {
    within(60, async {
        assert_answered(answers_meeting(Fault::LoseAnswer, 1, WORKER_RETRIES).await)
    })
    .await
}

#[tokio::test]
async fn an_answer_applied_before_its_5xx_counts_as_answered_when_the_client_retries() {
    within(60, async {
        assert_answered(answers_meeting(Fault::LoseAnswer, 1, RetryConfig::new()).await)
    })
    .await
}
