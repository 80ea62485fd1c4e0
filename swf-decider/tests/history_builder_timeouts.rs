//! HistoryBuilder writes a timer's delay as the decider sends it: whole seconds, rounded up.

mod common;

use std::time::Duration;

use common::decide;
use swf_core::types::DecisionType;
use swf_decider::testing::HistoryBuilder;
use swf_decider::{Exit, Workflow, WorkflowContext, WorkflowResult};

const DELAY: Duration = Duration::from_millis(1500);

/// Waits on one timer of [`DELAY`].
struct Waits;

impl Workflow for Waits {
    const NAME: &'static str = "waits";
    const VERSION: &'static str = "1";
    type Input = ();
    type Output = ();

    fn run(&self, ctx: &mut WorkflowContext<'_>, _: ()) -> WorkflowResult<()> {
        ctx.timer("t", DELAY);
        Err(Exit::Pending)
    }
}

#[test]
fn a_sub_second_timer_is_recorded_as_the_decider_asks_for_it() {
    let mut h = HistoryBuilder::for_workflow::<Waits>(&());
    let decisions = decide(Waits, &mut h);
    let asked = decisions
        .find(DecisionType::StartTimer)
        .and_then(|d| d.start_timer_decision_attributes.as_ref())
        .map(|a| a.start_to_fire_timeout.clone());
    assert_eq!(asked.as_deref(), Some("2"));

    let mut built = HistoryBuilder::for_workflow::<Waits>(&());
    built.decision_task_started().decision_task_completed();
    built.timer_started("t", DELAY);
    let recorded = built
        .events()
        .iter()
        .find_map(|e| e.timer_started_event_attributes.as_ref())
        .map(|a| a.start_to_fire_timeout.clone());
    assert_eq!(recorded, asked);
}
