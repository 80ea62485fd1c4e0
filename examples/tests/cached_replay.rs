//! The state cache against the recorded runs of the order and video applications: each history
//! is decided task by task as a caching decider does (`Replay::run_cached`, from the state kept
//! after the task before and the events a `startAtPreviousStartedEvent` poll brings) and by a
//! full replay up to each task (`Replay::run_to_task`), and the decisions must be the same.

use std::path::Path;
use std::time::Duration;

use examples::order::OrderWorkflow;
use examples::video::VideoPipeline;
use swf_core::types::HistoryEvent;
use swf_decider::testing::{Replay, load_history_file};
use swf_decider::{DecidedFrom, Workflow};

fn recorded(name: &str) -> Vec<HistoryEvent> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/histories")
        .join(name);
    load_history_file(path).expect("the recorded history loads")
}

/// Decides `name` both ways and compares each task; returns how many tasks came from the cache.
fn same_both_ways<W: Workflow>(workflow: impl Fn() -> W, name: &str) -> usize {
    let events = recorded(name);
    let replay = Replay::new(workflow());
    let cached = replay.run_cached(&events).expect("decided from the cache");
    assert!(cached.len() > 1, "{name}: more than one decision task");
    for (n, task) in cached.iter().enumerate() {
        let full = replay
            .run_to_task(events.clone(), n + 1)
            .expect("a full replay");
        assert_eq!(
            task.decisions,
            *full.decisions(),
            "{name}: task {} started at event {}",
            n + 1,
            task.started_event_id
        );
    }
    cached
        .iter()
        .filter(|t| t.decided_from == DecidedFrom::Cache)
        .count()
}

#[test]
fn the_order_and_video_recordings_decide_the_same_from_the_cache_as_by_full_replay() {
    // The reminder delay the order recordings were made with (see order_replay.rs).
    let order = || OrderWorkflow {
        remind_after: Duration::from_secs(2),
    };
    let mut from_cache = 0;
    for name in [
        "order-approved-after-reminder.json",
        "order-canceled-while-shipping.json",
    ] {
        from_cache += same_both_ways(order, name);
    }
    for name in [
        "video-published-after-two-refusals.json",
        "video-aborted-while-transcoding.json",
    ] {
        from_cache += same_both_ways(|| VideoPipeline, name);
    }
    // Every task after each history's first follows an answered task, so the cache serves it.
    assert!(from_cache > 0, "no task came from the cache");
}
