//! SWF's service rules: 100 decisions per response, 1,000 open activities, 32,768-character
//! payloads, and closing decisions refused with UNHANDLED_DECISION.

mod common;

use common::workflows::{MarkersWorkflow, OrderWorkflow};
use common::{decide, decide_and_record, order};
use swf_core::types::{CompleteWorkflowExecutionFailedCause, DecisionType};
use swf_decider::testing::{HistoryBuilder, Replay};
use swf_decider::{ActivityOptions, DecideError, Workflow, WorkflowContext, WorkflowResult};

#[test]
fn more_than_100_decisions_continue_in_the_next_task_through_a_zero_second_timer() {
    let mut h = HistoryBuilder::for_workflow::<MarkersWorkflow>(&250);
    let d = decide_and_record(MarkersWorkflow, &mut h);
    assert_eq!(d.len(), 100);
    assert_eq!(
        d.iter()
            .filter(|d| d.decision_type == DecisionType::RecordMarker)
            .count(),
        99
    );
    let timer = d
        .last()
        .unwrap()
        .start_timer_decision_attributes
        .as_ref()
        .unwrap();
    assert_eq!(
        (
            timer.timer_id.as_str(),
            timer.start_to_fire_timeout.as_str()
        ),
        ("swf-decider.continue.3", "0")
    );

    h.timer_fired("swf-decider.continue.3");
    let d = decide_and_record(MarkersWorkflow, &mut h);
    assert_eq!(d.len(), 100);
    let first = d[0].record_marker_decision_attributes.as_ref().unwrap();
    assert_eq!(first.marker_name, "m-99");

    let timer = d.timer_ids()[0].to_owned();
    h.timer_fired(&timer);
    let d = decide_and_record(MarkersWorkflow, &mut h);
    assert_eq!(d.len(), 53, "the last 52 markers, then the completion");
    assert_eq!(d.completed_with::<u32>(), Some(250));
    // The whole history replays, every task checked, truncations included, and holds every
    // marker asked for: 99 and 99 beside a continuation timer each, then 52.
    let replay = Replay::new(MarkersWorkflow).run(h.events()).unwrap();
    let markers = replay.state().markers().len();
    assert_eq!((replay.tasks().len(), markers), (4, 250));
}

/// Fans out `n` activities at once and completes when all are done.
struct FanOut;

impl Workflow for FanOut {
    const NAME: &'static str = "fan-out";
    const VERSION: &'static str = "1";
    type Input = u32;
    type Output = ();

    fn run(&self, ctx: &mut WorkflowContext<'_>, n: u32) -> WorkflowResult<()> {
        let options = ActivityOptions::new("work", "1");
        let handles: Vec<_> = (0..n)
            .map(|i| ctx.activity(&format!("w-{i}"), &options, &i))
            .collect();
        for h in handles {
            h.result::<()>()?;
        }
        Ok(())
    }
}

#[test]
fn no_more_than_1000_activities_are_open_at_once() {
    let mut h = HistoryBuilder::for_workflow::<FanOut>(&1_050);
    let mut scheduled = 0;
    for _ in 0..12 {
        let d = decide_and_record(FanOut, &mut h);
        scheduled += d.activity_ids().len();
        match d.timer_ids().first() {
            Some(t) => {
                let t = t.to_string();
                h.timer_fired(&t);
            }
            None => break,
        }
    }
    assert_eq!(scheduled, 1_000, "the rest wait until some close");
    h.signaled("nudge", None);
    assert!(
        decide_and_record(FanOut, &mut h).is_empty(),
        "still 1,000 open: nothing more, and no completion"
    );
    h.activity_completed("w-0", None)
        .activity_completed("w-1", None);
    assert_eq!(
        decide_and_record(FanOut, &mut h).activity_ids(),
        ["w-1000", "w-1001"]
    );
}

struct Oversized;

impl Workflow for Oversized {
    const NAME: &'static str = "oversized";
    const VERSION: &'static str = "1";
    type Input = ();
    type Output = ();

    fn run(&self, ctx: &mut WorkflowContext<'_>, _: ()) -> WorkflowResult<()> {
        ctx.timer("fine", std::time::Duration::from_secs(1));
        ctx.activity(
            "big",
            &ActivityOptions::new("big", "1"),
            &"x".repeat(40_000),
        )
        .result()
    }
}

#[test]
fn payloads_over_32768_characters_are_refused_before_sending() {
    let mut h = HistoryBuilder::for_workflow::<Oversized>(&());
    h.decision_task_started();
    let err = Replay::new(Oversized).run(h.events()).unwrap_err();
    assert!(matches!(err, DecideError::Workflow(_)));
    assert_eq!(
        err.to_string(),
        "workflow error: the input of activity `big` is 40002 characters long; SWF accepts at most 32768"
    );
}

#[test]
fn a_completion_refused_as_unhandled_is_decided_again_on_the_next_task() {
    let mut h = HistoryBuilder::for_workflow::<OrderWorkflow>(&order());
    decide_and_record(OrderWorkflow, &mut h);
    h.activity_completed("reserve", None);
    decide_and_record(OrderWorkflow, &mut h);
    h.activity_completed("charge", Some("\"ch-1\""));
    decide_and_record(OrderWorkflow, &mut h);
    h.timer_fired("choose-shipping");
    decide_and_record(OrderWorkflow, &mut h);
    h.activity_completed("ship-standard", Some("\"std-1\""));
    // The workflow completes, but a signal arrived during the decision: SWF refuses the completion.
    h.decision_task_started().signaled("express", None);
    h.decision_task_completed()
        .complete_workflow_failed(CompleteWorkflowExecutionFailedCause::UnhandledDecision);
    let d = decide(OrderWorkflow, &mut h);
    // The signal came after the timer, so the path stays the same; the completion is sent again.
    assert_eq!(d.types(), [DecisionType::CompleteWorkflowExecution]);
    let receipt = d.completed_with::<common::workflows::Receipt>().unwrap();
    assert_eq!(receipt.shipping, "std-1");
    assert_eq!(
        Replay::new(OrderWorkflow)
            .run(h.events())
            .unwrap()
            .state()
            .decision_failures()
            .len(),
        1
    );
}

struct BigResult;

impl Workflow for BigResult {
    const NAME: &'static str = "big-result";
    const VERSION: &'static str = "1";
    type Input = ();
    type Output = String;

    fn run(&self, _: &mut WorkflowContext<'_>, _: ()) -> WorkflowResult<String> {
        Ok("y".repeat(33_000))
    }
}

#[test]
fn a_result_over_32768_characters_is_refused_before_sending() {
    let mut h = HistoryBuilder::for_workflow::<BigResult>(&());
    h.decision_task_started();
    let err = Replay::new(BigResult).run(h.events()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "workflow error: the workflow's result is 33002 characters long; SWF accepts at most 32768"
    );
}
