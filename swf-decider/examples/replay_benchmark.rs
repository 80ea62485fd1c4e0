//! Measures full replays of 25,000-event histories, SWF's largest.
//!
//! `cargo run --release -p swf-decider --example replay_benchmark`
//!
//! Each figure is the best of a few runs; the input events are copied before the clock starts, as
//! the decider gets them from the poll already in memory.

mod workflows;

use std::time::{Duration, Instant};

use swf_core::types::HistoryEvent;
use swf_decider::testing::Replay;
use swf_decider::{ReplayCheck, WorkflowState};
use workflows::{BatchesWorkflow, StepsWorkflow, batches_history, steps_history};

fn best<T>(
    events: &[HistoryEvent],
    runs: usize,
    mut f: impl FnMut(Vec<HistoryEvent>) -> T,
) -> Duration {
    let copies: Vec<Vec<HistoryEvent>> = (0..runs).map(|_| events.to_vec()).collect();
    copies
        .into_iter()
        .map(|copy| {
            let started = Instant::now();
            std::hint::black_box(f(copy));
            started.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let steps = steps_history(25_000).into_events();
    let batches = batches_history(25_000).into_events();
    println!(
        "steps: {} events, {} activities one by one",
        steps.len(),
        (steps.len() - 3) / 6
    );
    println!(
        "batches: {} events, batches of 50 activities",
        batches.len()
    );
    println!(
        "HistoryEvent is {} bytes",
        std::mem::size_of::<HistoryEvent>()
    );

    let fold = best(&steps, 5, |e| WorkflowState::from_events(e).unwrap());
    println!("{:<68} {:>8.2} ms", "fold only, steps", ms(fold));
    for (name, check) in [
        ("off", ReplayCheck::Off),
        ("last task (the decider's default)", ReplayCheck::LastTask),
    ] {
        let t = best(&steps, 5, |e| {
            Replay::new(StepsWorkflow).check(check).run(e).unwrap()
        });
        println!(
            "{:<68} {:>8.2} ms",
            format!("replay and decide, steps, check {name}"),
            ms(t)
        );
    }
    for (name, check) in [
        ("last task (the decider's default)", ReplayCheck::LastTask),
        ("every task (replay tests)", ReplayCheck::EveryTask),
    ] {
        let t = best(&batches, 3, |e| {
            Replay::new(BatchesWorkflow).check(check).run(e).unwrap()
        });
        println!(
            "{:<68} {:>8.2} ms",
            format!("replay and decide, batches, check {name}"),
            ms(t)
        );
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
