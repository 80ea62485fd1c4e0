//! A full replay of a 25,000-event history, SWF's largest: correct, and its time printed (run with
//! `--nocapture` to see it; speed targets live in `examples/replay_benchmark.rs`, run in release).

mod common;

use std::time::Instant;

use common::workflows::{BatchesWorkflow, StepsWorkflow, batches_history, steps_history};
use swf_decider::testing::Replay;
use swf_decider::{ReplayCheck, WorkflowState};

#[test]
fn a_25000_event_history_replays_and_decides_the_next_step() {
    let events = steps_history(25_000).into_events();
    assert!(
        events.len() > 24_990 && events.len() <= 25_000,
        "{}",
        events.len()
    );
    let steps = (events.len() - 3) / 6;

    let copy = events.clone();
    let started = Instant::now();
    let state = WorkflowState::from_events(copy).unwrap();
    let fold = started.elapsed();
    assert_eq!(state.activities().len(), steps);

    let started = Instant::now();
    let replay = Replay::new(StepsWorkflow)
        .check(ReplayCheck::LastTask)
        .run(events)
        .unwrap();
    let full = started.elapsed();
    assert_eq!(replay.decisions().activity_ids(), [format!("s-{steps}")]);
    println!(
        "25,000-event history ({} profile): fold {:.1} ms, full replay and decision (decider default check) {:.1} ms",
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        },
        fold.as_secs_f64() * 1e3,
        full.as_secs_f64() * 1e3
    );
}

#[test]
fn a_25000_event_history_checks_every_task() {
    let events = batches_history(25_000).into_events();
    let started = Instant::now();
    let replay = Replay::new(BatchesWorkflow).run(events).unwrap();
    println!(
        "25,000-event history of batches, every task checked: {:.1} ms",
        started.elapsed().as_secs_f64() * 1e3
    );
    let batches = replay.state().activities().len() / 50;
    assert_eq!(replay.tasks().len(), batches + 1);
    assert_eq!(replay.decisions().activity_ids().len(), 50);
}
