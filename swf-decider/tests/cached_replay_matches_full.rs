//! A decision from the state cache must equal a full replay's: every recorded history is decided
//! task by task both ways (`Replay::run_cached`, as a caching decider polling partial histories
//! does, and `Replay::run_to_task`, a full replay of the history up to each task), and the
//! decisions compared at each task.

mod common;

use std::path::PathBuf;

use common::workflows::{CancellableWorkflow, CountdownWorkflow, OrderWorkflow, ParentWorkflow};
use swf_core::types::HistoryEvent;
use swf_decider::testing::{Replay, load_history_file};
use swf_decider::{DecidedFrom, ReplayCheck, Workflow};

fn recorded(name: &str) -> Vec<HistoryEvent> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/histories")
        .join(name);
    load_history_file(path).expect("the recorded history loads")
}

/// Both ways, at every task, under every check; returns how many tasks came from the cache.
fn same_both_ways<W: Workflow>(workflow: impl Fn() -> W, name: &str, workflow_id: &str) -> usize {
    let events = recorded(name);
    let mut cached_tasks = 0;
    for check in [
        ReplayCheck::Off,
        ReplayCheck::LastTask,
        ReplayCheck::EveryTask,
    ] {
        let replay = Replay::new(workflow())
            .execution(workflow_id, "")
            .check(check);
        let cached = replay.run_cached(&events).expect("decided from the cache");
        assert!(!cached.is_empty(), "{name}: a task");
        for (n, task) in cached.iter().enumerate() {
            let full = replay
                .run_to_task(events.clone(), n + 1)
                .expect("a full replay");
            assert_eq!(
                task.decisions,
                *full.decisions(),
                "{name} ({check:?}): task {} started at event {}",
                n + 1,
                task.started_event_id
            );
        }
        cached_tasks = cached
            .iter()
            .filter(|t| t.decided_from == DecidedFrom::Cache)
            .count();
    }
    cached_tasks
}

#[test]
fn every_recorded_history_decides_the_same_from_the_cache_as_by_full_replay() {
    for name in ["order_standard.json", "order_express.json"] {
        let cached = same_both_ways(|| OrderWorkflow, name, "");
        assert!(cached > 0, "{name}: some tasks came from the cache");
    }
    let cached = same_both_ways(|| ParentWorkflow, "parent_child.json", "parent-1");
    assert!(cached > 0, "parent_child: some tasks came from the cache");
    // One task only (it continues as new): nothing to cache, but the same decision.
    same_both_ways(|| CountdownWorkflow, "countdown_first_run.json", "");
    let cached = same_both_ways(|| CancellableWorkflow, "cancellation.json", "");
    assert!(cached > 0, "cancellation: some tasks came from the cache");
}
