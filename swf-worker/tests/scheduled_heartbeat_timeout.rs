//! Every task is heartbeated within the heartbeat timeout it was *scheduled* with, whatever its
//! type was registered with: the worker reads it from the task's `ActivityTaskScheduled` event.
//!
//! Real time: swf-local's heartbeat timeouts follow the wall clock, and how the worker's
//! heartbeats meet them is the behaviour under test. Each case works about 3 s against a 2 s
//! timeout, and the cases run side by side (the three of the first test in one test, at once).

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
    // The cases run at once: each message names its case.
    let case = format!("registered {registered:?}, scheduled {scheduled:?}");
    let timed_out = count(&events, EventType::ActivityTaskTimedOut);
    assert_eq!(timed_out, 0, "{case}: the task timed out: {events:#?}");
    assert_eq!(
        count(&events, EventType::ActivityTaskCompleted),
        1,
        "{case}: {events:#?}"
    );
    assert_eq!(metrics.heartbeat_timeouts_learned, 1, "{case}: {metrics:?}");
    assert_eq!(metrics.heartbeat_timeouts_unknown, 0, "{case}: {metrics:?}");
    // One page: the task's events are the last of a short history.
    assert_eq!(metrics.heartbeat_timeout_reads, 1, "{case}: {metrics:?}");
    metrics
}

/// The three ways a scheduled timeout can differ from the registered one, side by side: each
/// case is about 3 s of waiting on the wall clock, so one test running the three at once takes
/// the time of one where three tests would take the time of two on CI's two test threads.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_scheduled_timeout_is_followed_whatever_was_registered() {
    within(30, async {
        let (none_then_2s, ten_then_2s, two_then_none) = tokio::join!(
            completes(Timeout::Unlimited, Some("2"), 3000),
            completes(Timeout::Seconds(10), Some("2"), 3000),
            completes(Timeout::Seconds(2), Some("NONE"), 3500),
        );
        // 3 s with a 2 s timeout cannot be survived on fewer than one.
        assert!(
            none_then_2s.heartbeats_sent >= 1,
            "registered none, scheduled 2 s: {none_then_2s:?}"
        );
        assert!(
            ten_then_2s.heartbeats_sent >= 1,
            "registered 10 s, scheduled 2 s: {ten_then_2s:?}"
        );
        // No timeout: only the fallback interval's heartbeats (30 s), and at most one on the
        // provisional schedule if the read were slow. For the registered 2 s, two would have
        // gone out (by 1.6 s and 3.2 s).
        assert!(
            two_then_none.heartbeats_sent <= 1,
            "registered 2 s, scheduled none: {two_then_none:?}"
        );
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
