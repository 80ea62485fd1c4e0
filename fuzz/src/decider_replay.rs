//! Target 2: the decider's fold and replay of a decoded history. The history is read as
//! `load_history` reads recorded ones (an API answer, the AWS CLI's, pages, or bare events), then
//! - folded into `WorkflowState` (the exhaustive `match` over `EventAttributes`),
//! - replayed in full by the example workflow its `WorkflowExecutionStarted` names (the order
//!   workflow when it names none of them), checking every decision task,
//! - decided task by task as a decider with a state cache does (`Replay::run_cached`).
//!
//! Beyond "no panic": where both succeed, each task decided from the cache decides what a full
//! replay up to that task decides (the state cache's promise, `decider/cache.rs`).

#[allow(dead_code, unreachable_pub, missing_docs, clippy::all)]
#[path = "../../swf-decider/examples/workflows/mod.rs"]
mod workflows;

use swf_core::types::{EventAttributesRef, HistoryEvent};
use swf_decider::state::WorkflowState;
use swf_decider::testing::Replay;
use swf_decider::{ReplayCheck, Workflow};
use workflows::{
    BatchesWorkflow, CancellableWorkflow, CountdownWorkflow, GreetingWorkflow, MarkersWorkflow,
    OrderWorkflow, ParentWorkflow, StepsWorkflow,
};

/// At most this many events are replayed: each task's full replay is quadratic in them, and the
/// fuzzer looks for wrong answers, not slow ones (`replay_25k_events` covers size).
const MAX_EVENTS: usize = 400;

/// Checks one input; panics on a finding.
pub fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(events) = swf_decider::testing::load_history(text) else {
        return;
    };
    if events.len() > MAX_EVENTS {
        return;
    }
    let _ = WorkflowState::from_events(events.clone());
    match started_type(&events).as_deref() {
        Some("parent") => replay(ParentWorkflow, &events),
        Some("greeting") => replay(GreetingWorkflow, &events),
        Some("countdown") => replay(CountdownWorkflow, &events),
        Some("cancellable") => replay(CancellableWorkflow, &events),
        Some("markers") => replay(MarkersWorkflow, &events),
        Some("steps") => replay(StepsWorkflow, &events),
        Some("batches") => replay(BatchesWorkflow, &events),
        _ => replay(OrderWorkflow, &events),
    }
}

/// The workflow type name the history's first event starts, as a decider finds its workflow.
fn started_type(events: &[HistoryEvent]) -> Option<String> {
    match events.first()?.attributes() {
        EventAttributesRef::WorkflowExecutionStarted(a) => Some(a.workflow_type.name.clone()),
        _ => None,
    }
}

fn replay<W: Workflow>(workflow: W, events: &[HistoryEvent]) {
    let replay = Replay::new(workflow)
        // The id the parent_child recording ran under: the parent names its child after it.
        .execution("parent-1", "")
        .check(ReplayCheck::EveryTask);
    let _ = replay.run(events.to_vec());
    let Ok(cached) = replay.run_cached(events) else {
        return;
    };
    for (n, task) in cached.iter().enumerate() {
        if let Ok(full) = replay.run_to_task(events.to_vec(), n + 1) {
            assert_eq!(
                task.decisions,
                *full.decisions(),
                "task {} (started at event {}): decided from the cache ({:?}) unlike a full replay",
                n + 1,
                task.started_event_id,
                task.decided_from
            );
        }
    }
}
