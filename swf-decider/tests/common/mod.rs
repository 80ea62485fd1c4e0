//! Helpers shared by the integration tests.

// Each test binary uses a part of this module; what one leaves unused is not dead.
#![allow(dead_code, unused_imports, unreachable_pub, missing_docs)]

#[path = "../../examples/workflows/mod.rs"]
pub mod workflows;

pub mod local;

use swf_decider::testing::{Decisions, HistoryBuilder, Replay};
use swf_decider::{ReplayCheck, Workflow};

use workflows::Order;

pub fn order() -> Order {
    Order {
        id: "o-1".to_owned(),
        cents: 1250,
    }
}

/// Decides the task the history ends with (starting one if needed), every earlier task checked.
pub fn decide<W: Workflow>(workflow: W, h: &mut HistoryBuilder) -> Decisions {
    h.decision_task_started();
    Replay::new(workflow)
        .check(ReplayCheck::EveryTask)
        .run(h.events())
        .expect("replays")
        .decisions()
        .clone()
}

/// Decides the task the history ends with and records the decisions as SWF would.
pub fn decide_and_record<W: Workflow>(workflow: W, h: &mut HistoryBuilder) -> Decisions {
    let decisions = decide(workflow, h);
    h.decision_task_completed_with(&decisions);
    decisions
}
