//! Every task is heartbeated within the heartbeat timeout it was *scheduled* with, whatever its
//! type was registered with: the worker reads it from the task's `ActivityTaskScheduled` event.
//!
//! Real time: swf-local's heartbeat timeouts follow the wall clock, and how the worker's
//! heartbeats meet them is the behaviour under test. Each case works about 3 s against a 2 s
//! timeout, and the cases run side by side.

mod common;

use common::*;
use swf_core::types::{
    ActivityType, Decision, EventType, HistoryEvent, ScheduleActivityTaskDecisionAttributes,
};
use swf_worker::{HeartbeatTimeoutSource, MetricsSnapshot, Timeout};

/// A `ScheduleActivityTask` for `Works`, working `millis`, with the decider's own heartbeat
/// timeout when given.
fn works(activity_id: &str, millis: u64, heartbeat_timeout: Option<&str>) -> Decision {
    schedule_with(ScheduleActivityTaskDecisionAttributes {
        activity_type: ActivityType {
            name: "Works".into(),
            version: "1".into(),
        },
        activity_id: activity_id.into(),
        input: Some(millis.to_string()),
        heartbeat_timeout: heartbeat_timeout.map(str::to_owned),
        ..Default::default()
    })
}

/// Runs one `Works` task of `millis`, registered with `registered` and scheduled with
/// `scheduled`, until it completes or times out; returns its history and the worker's counters.
async fn run_one(
    registered: Timeout,
    scheduled: Option<&str>,
    millis: u64,
    source: HeartbeatTimeoutSource,
) -> (Vec<HistoryEvent>, MetricsSnapshot) {
    let env = Env::start().await;
    let mut builder = env.worker();
    builder
        .activity(Works { registered })
        .heartbeat_timeout_source(source);
    let worker = env.run(&mut builder).await;
    env.start_workflow("w", vec![works("a", millis, scheduled)])
        .await;
    let events = env.wait_for_completed_or_timed_out(1).await;
    (events, worker.stop().await)
}

/// Runs the case with the timeout read from the history, and checks that the task completed.
async fn completes(registered: Timeout, scheduled: Option<&str>, millis: u64) -> MetricsSnapshot {
    let source = HeartbeatTimeoutSource::ScheduledEvent;
    let (events, metrics) = run_one(registered, scheduled, millis, source).await;
    assert_no_timeouts(&events);
    assert_eq!(count(&events, EventType::ActivityTaskCompleted), 1);
    assert_eq!(metrics.heartbeat_timeouts_learned, 1, "{metrics:?}");
    assert_eq!(metrics.heartbeat_timeouts_unknown, 0, "{metrics:?}");
    // One page: the task's events are the last of a short history.
    assert_eq!(metrics.heartbeat_timeout_reads, 1, "{metrics:?}");
    metrics
}

#[tokio::test]
async fn registered_none_scheduled_2s() {
    within(30, async {
        let metrics = completes(Timeout::Unlimited, Some("2"), 3000).await;
        // 3 s with a 2 s timeout cannot be survived on fewer than one.
        assert!(metrics.heartbeats_sent >= 1, "{metrics:?}");
    })
    .await
}

#[tokio::test]
async fn registered_10s_scheduled_2s() {
    within(30, async {
        let metrics = completes(Timeout::Seconds(10), Some("2"), 3000).await;
        assert!(metrics.heartbeats_sent >= 1, "{metrics:?}");
    })
    .await
}

#[tokio::test]
async fn registered_2s_scheduled_none() {
    within(30, async {
        let metrics = completes(Timeout::Seconds(2), Some("NONE"), 3500).await;
        // No timeout: only the fallback interval's heartbeats (30 s), and at most one on the
        // provisional schedule if the read were slow. For the registered 2 s, two would have
        // gone out (by 1.6 s and 3.2 s).
        assert!(metrics.heartbeats_sent <= 1, "{metrics:?}");
    })
    .await
}

/// The opt-out does what it says: no read, and the registered timeout, even when the decider
/// gave a shorter one (the behaviour before the worker read histories).
#[tokio::test]
async fn the_registration_source_reads_nothing_and_follows_the_registration() {
    within(30, async {
        let source = HeartbeatTimeoutSource::Registration;
        let (events, metrics) = run_one(Timeout::Unlimited, Some("2"), 3000, source).await;
        assert_eq!(count(&events, EventType::ActivityTaskTimedOut), 1);
        assert_eq!(metrics.heartbeat_timeout_reads, 0, "{metrics:?}");
        assert_eq!(metrics.heartbeat_timeouts_learned, 0, "{metrics:?}");
    })
    .await
}

/// What one task's read learned serves the later tasks of the same run: each of them reads only
/// the page with its own start, though its scheduled event is on the page before.
#[tokio::test]
async fn later_tasks_of_a_run_find_their_scheduled_event_already_read() {
    within(30, async {
        const TASKS: u64 = 4;
        let env = Env::start().await;
        let mut builder = env.worker();
        builder
            .activity(Works {
                registered: Timeout::Unlimited,
            })
            // One task at a time: each starts after the previous one's read.
            .max_concurrent_tasks(1);
        env.register(&mut builder).await;
        // Half with 2 s, half with none: each task must get its own.
        let decisions = (0..TASKS)
            .map(|i| works(&format!("a{i}"), 300, Some(["2", "NONE"][i as usize % 2])))
            .collect();
        let execution = env.start_workflow("fan-out", decisions).await;
        // A page's worth of events between the scheduled events and the tasks' starts.
        for _ in 0..120 {
            env.signal(&execution, "padding").await;
        }
        let worker = Running::start(&mut builder);
        let events = env
            .wait_for(|events| count(events, EventType::ActivityTaskCompleted) == TASKS as usize)
            .await;
        assert_no_timeouts(&events);
        let metrics = worker.stop().await;
        assert_eq!(metrics.heartbeat_timeouts_learned, TASKS, "{metrics:?}");
        // Two pages for the first task (its start, then its scheduled event with all the
        // others), one for each later one. Reading each task's own way back would take two each.
        assert_eq!(metrics.heartbeat_timeout_reads, TASKS + 1, "{metrics:?}");
    })
    .await
}
