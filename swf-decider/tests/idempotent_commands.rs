//! Commands are idempotent by id: the workflow re-asks everything on every run, and only what the
//! history does not show yet is emitted.

mod common;

use common::workflows::OrderWorkflow;
use common::{decide, decide_and_record, order};
use swf_core::types::DecisionType;
use swf_decider::testing::HistoryBuilder;
use swf_decider::{ActivityOptions, Workflow, WorkflowContext, WorkflowResult};

#[test]
fn the_first_task_schedules_the_first_step_and_later_tasks_add_only_new_steps() {
    let mut h = HistoryBuilder::for_workflow::<OrderWorkflow>(&order());
    assert_eq!(
        decide_and_record(OrderWorkflow, &mut h).activity_ids(),
        ["reserve"]
    );

    // Another event wakes the workflow before `reserve` completes: it asks for `reserve` again,
    // and nothing is emitted.
    h.signaled("unrelated", None);
    assert!(decide_and_record(OrderWorkflow, &mut h).is_empty());

    h.activity_completed("reserve", None);
    let d = decide_and_record(OrderWorkflow, &mut h);
    assert_eq!(d.activity_ids(), ["charge"]);
    let charge = d.activity("charge").unwrap();
    assert_eq!(charge.activity_type.name, "charge");
    assert_eq!(
        charge.task_list.as_ref().unwrap().name,
        "example-activities"
    );
    assert_eq!(charge.start_to_close_timeout.as_deref(), Some("10"));
    assert_eq!(
        charge.input.as_deref(),
        Some(r#"{"cents":1250,"id":"o-1"}"#)
    );
}

struct AsksTwice;

impl Workflow for AsksTwice {
    const NAME: &'static str = "asks-twice";
    const VERSION: &'static str = "1";
    type Input = ();
    type Output = ();

    fn run(&self, ctx: &mut WorkflowContext<'_>, _: ()) -> WorkflowResult<()> {
        let a = ActivityOptions::new("a", "1");
        ctx.activity("x", &a, &1);
        ctx.activity("x", &a, &1);
        ctx.timer("t", std::time::Duration::from_secs(3));
        ctx.timer("t", std::time::Duration::from_secs(3));
        ctx.record_marker("m", &());
        ctx.record_marker("m", &());
        ctx.activity("x", &a, &1).result()
    }
}

#[test]
fn asking_twice_in_one_run_emits_once() {
    let mut h = HistoryBuilder::for_workflow::<AsksTwice>(&());
    let d = decide(AsksTwice, &mut h);
    assert_eq!(
        d.types(),
        [
            DecisionType::ScheduleActivityTask,
            DecisionType::StartTimer,
            DecisionType::RecordMarker
        ]
    );
    assert_eq!(
        d.find(DecisionType::StartTimer)
            .unwrap()
            .start_timer_decision_attributes
            .as_ref()
            .unwrap()
            .start_to_fire_timeout,
        "3"
    );
}

#[test]
fn a_completed_history_decides_nothing_more() {
    let mut h = HistoryBuilder::for_workflow::<AsksTwice>(&());
    decide_and_record(AsksTwice, &mut h);
    h.activity_completed("x", None).timer_fired("t");
    let d = decide_and_record(AsksTwice, &mut h);
    assert_eq!(d.types(), [DecisionType::CompleteWorkflowExecution]);
    let replay = swf_decider::testing::Replay::new(AsksTwice)
        .run(h.events())
        .unwrap();
    assert!(replay.decisions().is_empty());
    assert!(replay.state().closed().is_some());
}
