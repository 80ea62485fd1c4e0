//! A task that runs longer than its heartbeat timeout survives on the worker's automatic
//! heartbeats alone, and heartbeats go out no more often than the throttle allows, however often
//! the activity records details.

mod support;

use std::time::Duration;

use support::*;
use swf_core::RetryConfig;
use swf_core::types::EventType;
use swf_worker::{
    Activity, ActivityContext, ActivityError, ActivityOptions, CancellationToken, Timeout,
};

/// Works for 2.5 s, two and a half times its 1 s heartbeat timeout, recording details every 10 ms when
/// its input says so.
struct LongRunning;

impl Activity for LongRunning {
    const NAME: &'static str = "LongRunning";
    const VERSION: &'static str = "1";
    type Input = bool;
    type Output = ();

    fn options(&self) -> ActivityOptions {
        options(Timeout::Seconds(1))
    }

    async fn run(&self, ctx: &ActivityContext, chatty: bool) -> Result<(), ActivityError> {
        let until = tokio::time::Instant::now() + Duration::from_millis(2500);
        let mut step = 0u32;
        while tokio::time::Instant::now() < until {
            if chatty {
                ctx.record_heartbeat(format!("step {step}"));
                step += 1;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        Ok(())
    }
}

async fn run_one(chatty: bool) -> (swf_worker::MetricsSnapshot, u64) {
    let env = Env::start().await;
    let proxy = FaultProxy::start(&env.endpoint()).await;
    let client = client_for(&proxy.endpoint_url(), RetryConfig::new()).await;
    let mut builder = env.worker_with(client);
    builder.activity(LongRunning);
    // Registers the 1 s heartbeat timeout, which the worker then learns by describing the type.
    env.register(&mut builder).await;
    let worker = builder.build().unwrap();
    let metrics = worker.metrics();
    let shutdown = CancellationToken::new();
    let running = tokio::spawn(worker.run(shutdown.clone()));

    let input = if chatty { "true" } else { "false" };
    env.start_workflow("long", vec![schedule("LongRunning", "a", Some(input))])
        .await;
    let events = env
        .wait_for(|events| {
            count(events, EventType::ActivityTaskCompleted)
                + count(events, EventType::ActivityTaskTimedOut)
                == 1
        })
        .await;
    assert_no_timeouts(&events);
    assert_eq!(count(&events, EventType::ActivityTaskCompleted), 1);
    shutdown.cancel();
    running.await.unwrap().unwrap();
    (metrics.snapshot(), proxy.stats(HEARTBEAT).answered)
}

#[tokio::test]
async fn a_task_longer_than_its_heartbeat_timeout_survives_on_automatic_heartbeats() {
    within(30, async {
        let (metrics, forwarded) = run_one(false).await;
        // 2.5 s at one heartbeat per 0.8 s: three, and nothing to flush at the end.
        assert_eq!(metrics.heartbeats_sent, forwarded);
        assert!((3..=4).contains(&forwarded), "{forwarded} heartbeats");
    })
    .await
}

#[tokio::test]
async fn recorded_details_are_coalesced_into_throttled_heartbeats() {
    within(30, async {
        let (metrics, forwarded) = run_one(true).await;
        // About 250 recordings; the first goes at once, then one per 0.8 s, then the final flush.
        assert!((4..=6).contains(&forwarded), "{forwarded} heartbeats");
        assert!(metrics.heartbeats_coalesced > 200, "{metrics:?}");
    })
    .await
}
