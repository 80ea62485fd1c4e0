//! Throttled heartbeats are retried by the worker and never end the task or the poller.
//!
//! The margins are wide: with a 3 s heartbeat timeout and a throttle ratio of 0.2, heartbeats
//! are due every 0.6 s, so the retried first heartbeat (its first attempt 0.3 s to 0.6 s after
//! the start, the three retries within about 0.15 s) has some 2 s to spare, and so has every
//! later one. The task is held by the test, not by a timer, until enough heartbeats got through
//! that it must have outlived its heartbeat timeout.

mod common;

use std::time::Duration;

use common::*;
use swf_core::RetryConfig;
use swf_core::types::EventType;
use swf_worker::Timeout;

/// The activity's heartbeat timeout.
const HEARTBEAT_TIMEOUT: Duration = Duration::from_secs(3);
/// The heartbeat interval: a fifth of the timeout.
const RATIO: f64 = 0.2;
/// Heartbeats that get through before the test releases the task. Successful heartbeats are at
/// least an interval apart, and the first comes at least half an interval after the start: the
/// seventh comes after 0.3 s + 6 × 0.6 s = 3.9 s, past the heartbeat timeout.
const ANSWERED: u64 = 7;
/// The throttled attempts of the first heartbeat.
const THROTTLED: u64 = 3;

#[tokio::test]
async fn a_task_survives_throttled_heartbeats() {
    within(60, async {
        let env = Env::start().await;
        // No retries in the client: what is tested is the worker's own retrying.
        let (proxy, mut builder) = env.through_proxy(RetryConfig::disabled()).await;
        let (held, mut started, release) = Held::new(Timeout::from(HEARTBEAT_TIMEOUT));
        builder.activity(held).heartbeat_throttle_ratio(RATIO);
        let worker = env.run(&mut builder).await;

        // The task's first heartbeat is throttled three times.
        proxy.fail_next(HEARTBEAT, Fault::Throttle, THROTTLED);
        env.start_workflow("throttled", vec![schedule("Held", "a", Some("true"))])
            .await;
        started.recv().await.unwrap();
        proxy
            .wait_until(|p| p.stats(HEARTBEAT).answered == ANSWERED)
            .await;
        release.notify_one();
        let events = env.wait_for_completed_or_timed_out(1).await;
        assert_no_timeouts(&events);
        let completed = of_type(&events, EventType::ActivityTaskCompleted)[0];
        let attributes = completed
            .activity_task_completed_event_attributes
            .as_ref()
            .unwrap();
        assert_eq!(attributes.result.as_deref(), Some("\"done\""));
        // The task lived past its heartbeat timeout, so it lived on its heartbeats.
        let started_at = of_type(&events, EventType::ActivityTaskStarted)[0].event_timestamp;
        let lived = completed.event_timestamp.as_millis() - started_at.as_millis();
        assert!(
            lived > HEARTBEAT_TIMEOUT.as_millis() as i64,
            "the task ran {lived} ms"
        );
        let heartbeats = proxy.stats(HEARTBEAT);
        assert_eq!(heartbeats.faulted, THROTTLED, "{heartbeats:?}");

        // The pollers are still there: a second task runs too.
        env.start_workflow("after", vec![schedule("Held", "b", Some("false"))])
            .await;
        env.wait_for(|events| count(events, EventType::ActivityTaskCompleted) == 1)
            .await;

        let m = worker.stop().await;
        // Each throttled attempt was counted once, and nothing else failed.
        assert_eq!(m.heartbeat_errors, THROTTLED, "{m:?}");
        assert_eq!(
            Ends::from(m),
            Ends {
                completed: 2,
                ..Ends::default()
            }
        );
    })
    .await
}
