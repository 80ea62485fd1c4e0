//! All 13 decision types can be produced.

mod common;

use std::collections::BTreeSet;
use std::time::Duration;

use common::{decide, decide_and_record};
use swf_core::types::DecisionType;
use swf_decider::testing::HistoryBuilder;
use swf_decider::{
    ActivityOptions, ChildOptions, ContinueAsNew, Exit, LambdaOptions, Workflow, WorkflowContext,
    WorkflowResult,
};

/// Asks for every kind of thing, then on the second run cancels what can be canceled, then closes
/// the way its input says.
struct Everything;

impl Workflow for Everything {
    const NAME: &'static str = "everything";
    const VERSION: &'static str = "1";
    type Input = String;
    type Output = String;

    fn run(&self, ctx: &mut WorkflowContext<'_>, close: String) -> WorkflowResult<String> {
        let activity = ctx.activity("act", &ActivityOptions::new("act", "1"), &1);
        let timer = ctx.timer("tim", Duration::from_secs(60));
        ctx.record_marker("mark", &"details");
        ctx.child("kid", &ChildOptions::new("kid", "1"), &());
        ctx.signal_external("sig", "other-workflow", None, "hello", &"hi");
        ctx.request_cancel_external("can", "other-workflow", None);
        ctx.lambda(
            "lam",
            &LambdaOptions::new("my-function").start_to_close_timeout(Duration::from_secs(5)),
            &2,
        );
        if activity.state().is_none() || timer.state().is_none() {
            return Err(Exit::Pending);
        }
        let _ = ctx.request_cancel_activity("act");
        let _ = ctx.cancel_timer("tim");
        if ctx.signal("close").is_none() {
            return Err(Exit::Pending);
        }
        match close.as_str() {
            "complete" => Ok("done".to_owned()),
            "fail" => Err(Exit::fail("asked to fail", None)),
            "cancel" => Err(Exit::cancel()),
            _ => {
                Err(ctx.continue_as_new_with(&"again", ContinueAsNew::new().task_list("elsewhere")))
            }
        }
    }
}

fn run_through(close: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut h = HistoryBuilder::for_workflow::<Everything>(&close);
    for d in [decide_and_record(Everything, &mut h), {
        h.signaled("wake", None);
        decide_and_record(Everything, &mut h)
    }] {
        seen.extend(d.types().iter().map(|t| t.to_string()));
    }
    h.signaled("close", None);
    let d = decide(Everything, &mut h);
    assert!(d.closes(), "{close}: {:?}", d.types());
    seen.extend(d.types().iter().map(|t| t.to_string()));
    seen
}

#[test]
fn all_thirteen_decision_types_are_produced() {
    let mut seen = BTreeSet::new();
    for close in ["complete", "fail", "cancel", "continue"] {
        seen.extend(run_through(close));
    }
    let all: BTreeSet<String> = DecisionType::VALUES.iter().map(|s| s.to_string()).collect();
    assert_eq!(all.len(), 13);
    assert_eq!(seen, all);
}

#[test]
fn the_first_task_asks_for_everything_with_the_right_attributes() {
    let mut h = HistoryBuilder::for_workflow::<Everything>(&"complete");
    let d = decide(Everything, &mut h);
    assert_eq!(d.len(), 7);
    let sig = d
        .find(DecisionType::SignalExternalWorkflowExecution)
        .unwrap();
    let sig = sig
        .signal_external_workflow_execution_decision_attributes
        .as_ref()
        .unwrap();
    assert_eq!(
        (
            sig.control.as_deref(),
            sig.signal_name.as_str(),
            sig.input.as_deref()
        ),
        (Some("sig"), "hello", Some("\"hi\""))
    );
    let lam = d.find(DecisionType::ScheduleLambdaFunction).unwrap();
    let lam = lam
        .schedule_lambda_function_decision_attributes
        .as_ref()
        .unwrap();
    assert_eq!(
        (lam.name.as_str(), lam.start_to_close_timeout.as_deref()),
        ("my-function", Some("5"))
    );
    let can = d.find(DecisionType::ContinueAsNewWorkflowExecution);
    assert!(can.is_none());
}

#[test]
fn closing_decisions_carry_their_attributes() {
    let mut h = HistoryBuilder::for_workflow::<Everything>(&"continue");
    decide_and_record(Everything, &mut h);
    h.signaled("close", None);
    let d = decide(Everything, &mut h);
    let can = d
        .find(DecisionType::ContinueAsNewWorkflowExecution)
        .unwrap();
    let can = can
        .continue_as_new_workflow_execution_decision_attributes
        .as_ref()
        .unwrap();
    assert_eq!(can.input.as_deref(), Some("\"again\""));
    assert_eq!(can.task_list.as_ref().unwrap().name, "elsewhere");
    assert_eq!(
        d.last().unwrap().decision_type,
        DecisionType::ContinueAsNewWorkflowExecution,
        "closing goes last"
    );
}
