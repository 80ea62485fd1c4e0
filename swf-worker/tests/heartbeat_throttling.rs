//! Throttled heartbeats are retried by the worker and never end the task or the poller.

mod support;

use std::time::Duration;

use support::*;
use swf_core::RetryConfig;
use swf_core::types::EventType;
use swf_worker::{
    Activity, ActivityContext, ActivityError, ActivityOptions, CancellationToken, Timeout,
};

/// Works for 3 s with a 2 s heartbeat timeout, except on input 0.
struct Steady;

impl Activity for Steady {
    const NAME: &'static str = "Steady";
    const VERSION: &'static str = "1";
    type Input = u32;
    type Output = u32;

    fn options(&self) -> ActivityOptions {
        options(Timeout::Seconds(2))
    }

    async fn run(&self, _: &ActivityContext, n: u32) -> Result<u32, ActivityError> {
        if n > 0 {
            tokio::time::sleep(Duration::from_secs(3)).await;
        }
        Ok(n + 1)
    }
}

#[tokio::test]
async fn a_task_survives_throttled_heartbeats() {
    within(30, async {
        let env = Env::start().await;
        let proxy = FaultProxy::start(&env.endpoint()).await;
        // No retries in the client: what is tested is the worker's own retrying.
        let client = client_for(&proxy.endpoint_url(), RetryConfig::disabled()).await;
        let mut builder = env.worker_with(client);
        builder.activity(Steady);
        env.register(&mut builder).await;
        let worker = builder.build().unwrap();
        let metrics = worker.metrics();
        let shutdown = CancellationToken::new();
        let running = tokio::spawn(worker.run(shutdown.clone()));

        // The first automatic heartbeat (between 0.8 s and 1.6 s) is throttled three times; the
        // retries fit in the 0.4 s of slack the throttle leaves.
        proxy.fail_next(HEARTBEAT, Fault::Throttle, 3);
        env.start_workflow("throttled", vec![schedule("Steady", "a", Some("41"))])
            .await;
        let events = env
            .wait_for(|events| {
                count(events, EventType::ActivityTaskCompleted)
                    + count(events, EventType::ActivityTaskTimedOut)
                    == 1
            })
            .await;
        assert_no_timeouts(&events);
        let completed = of_type(&events, EventType::ActivityTaskCompleted)[0]
            .activity_task_completed_event_attributes
            .clone()
            .unwrap();
        assert_eq!(completed.result.as_deref(), Some("42"));
        assert_eq!(proxy.stats(HEARTBEAT).faulted, 3);
        assert!(proxy.stats(HEARTBEAT).answered >= 1);

        // The pollers are still there: a second task runs too.
        env.start_workflow("after", vec![schedule("Steady", "b", Some("0"))])
            .await;
        env.wait_for(|events| count(events, EventType::ActivityTaskCompleted) == 1)
            .await;

        shutdown.cancel();
        running.await.unwrap().unwrap();
        let m = metrics.snapshot();
        assert_eq!(m.heartbeat_errors, 3);
        assert_eq!(m.tasks_completed, 2);
    })
    .await
}
