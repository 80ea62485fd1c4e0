//! A task that runs longer than its heartbeat timeout survives on the worker's automatic
//! heartbeats alone, and heartbeats go out no more often than the throttle allows, however often
//! the activity records details.
//!
//! The counts are checked in paused time, where they are exact: the worker, swf-local and the
//! service share the test's runtime, and its clock moves only when every one of them waits on a
//! timer. swf-local's own timeouts follow the wall clock, which barely moves meanwhile, so the
//! survival against a real heartbeat timeout is checked in real time.

mod common;

use std::time::Duration;

use common::*;
use swf_core::types::EventType;
use swf_worker::{
    Activity, ActivityContext, ActivityDeclaration, ActivityError, ActivityRegistration,
    MetricsSnapshot, Timeout,
};

/// How long the activity works: two and a half times its 1 s heartbeat timeout.
const WORK: Duration = Duration::from_millis(2500);
/// How often a chatty activity records details.
const STEP: Duration = Duration::from_millis(10);

/// Works for [`WORK`], recording details every [`STEP`] when its input says so.
struct LongRunning;

impl ActivityDeclaration for LongRunning {
    const NAME: &'static str = "LongRunning";
    const VERSION: &'static str = "1";
    type Input = bool;
    type Output = ();
}

impl Activity for LongRunning {
    fn registration(&self) -> ActivityRegistration {
        options(Timeout::Seconds(1))
    }

    async fn run(&self, ctx: &ActivityContext, chatty: bool) -> Result<(), ActivityError> {
        let until = tokio::time::Instant::now() + WORK;
        let mut step = 0u32;
        while tokio::time::Instant::now() < until {
            if chatty {
                ctx.heartbeat(&format!("step {step}"))?;
                step += 1;
            }
            // The activity's work, in steps: its duration is what the test is about.
            tokio::time::sleep(STEP).await;
        }
        Ok(())
    }
}

/// Runs one `LongRunning` task to completion, and returns the worker's counters.
async fn run_one(chatty: bool) -> MetricsSnapshot {
    let env = Env::start().await;
    let mut builder = env.worker();
    builder.activity(LongRunning);
    // Registers the 1 s heartbeat timeout, which the worker then learns by describing the type.
    let worker = env.run(&mut builder).await;

    let input = if chatty { "true" } else { "false" };
    env.start_workflow("long", vec![schedule("LongRunning", "a", Some(input))])
        .await;
    let events = env.wait_for_completed_or_timed_out(1).await;
    assert_no_timeouts(&events);
    assert_eq!(count(&events, EventType::ActivityTaskCompleted), 1);
    let metrics = worker.stop().await;
    // Every heartbeat was answered: each one sent is one the service has.
    assert_eq!(metrics.heartbeat_errors, 0, "{metrics:?}");
    metrics
}

#[tokio::test]
async fn a_task_longer_than_its_heartbeat_timeout_survives_on_automatic_heartbeats() {
    within(30, async {
        // Real time, so that swf-local's heartbeat timeout runs with the work.
        let metrics = run_one(false).await;
        // 2.5 s with a 1 s timeout cannot be survived on fewer than two.
        assert!(metrics.heartbeats_sent >= 2, "{metrics:?}");
    })
    .await
}

#[tokio::test(start_paused = true)]
async fn automatic_heartbeats_go_out_once_per_interval() {
    within(30, async {
        let metrics = run_one(false).await;
        // The first between 0.4 s and 0.8 s after the start (where the task token puts it),
        // then one every 0.8 s: three within 2.5 s whatever the token, and nothing to flush.
        assert_eq!(metrics.heartbeats_sent, 3, "{metrics:?}");
        assert_eq!(metrics.heartbeats_coalesced, 0);
    })
    .await
}

#[tokio::test(start_paused = true)]
async fn recorded_details_are_coalesced_into_throttled_heartbeats() {
    within(30, async {
        let metrics = run_one(true).await;
        // The first details at once (0 s), then one heartbeat per 0.8 s (0.8, 1.6, 2.4), then
        // the final flush of the last details.
        assert_eq!(metrics.heartbeats_sent, 5, "{metrics:?}");
        // 250 recordings; the first, and the first after each of the four heartbeats that
        // recordings follow, found nothing pending. Every other one replaced pending details.
        assert_eq!(metrics.heartbeats_coalesced, 250 - 5, "{metrics:?}");
    })
    .await
}
