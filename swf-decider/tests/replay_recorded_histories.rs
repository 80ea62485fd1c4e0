//! Replay tests from histories recorded by running the example workflows against swf-local
//! (`SWF_DECIDER_RECORD=1 cargo test -p swf-decider --test 'e2e_*'`), some fetched by the AWS CLI
//! (`SWF_DECIDER_RECORD_CLI=1`, files `*.aws-cli.json`).

mod common;

use std::path::PathBuf;

use common::workflows::{
    CancellableWorkflow, CountdownWorkflow, Order, OrderWorkflow, ParentWorkflow, Receipt, activity,
};
use swf_core::types::{DecisionType, HistoryEvent};
use swf_decider::state::Closed;
use swf_decider::testing::{Replay, load_history_file};
use swf_decider::{DecideError, Workflow, WorkflowContext, WorkflowResult};

fn recorded(name: &str) -> Vec<HistoryEvent> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/histories")
        .join(name);
    load_history_file(path).expect("the recorded history loads")
}

#[test]
fn the_aws_cli_and_the_page_by_page_recordings_read_the_same_as_the_api_answer() {
    for name in [
        "order_standard",
        "order_express",
        "parent_child",
        "countdown_first_run",
        "cancellation",
    ] {
        same(
            &recorded(&format!("{name}.json")),
            &recorded(&format!("{name}.aws-cli.json")),
            name,
        );
    }
    same(
        &recorded("order_standard.json"),
        &recorded("order_standard.pages.json"),
        "order_standard pages",
    );
}

/// Equal event lists, or a failure naming the first event that differs.
fn same(a: &[HistoryEvent], b: &[HistoryEvent], name: &str) {
    assert_eq!(a.len(), b.len(), "{name}: event counts");
    if let Some((x, _)) = a.iter().zip(b).find(|(x, y)| x != y) {
        panic!("{name}: event {} differs", x.event_id);
    }
}

#[test]
fn the_standard_order_replays_task_by_task() {
    let replay = Replay::new(OrderWorkflow)
        .run(recorded("order_standard.json"))
        .unwrap();
    let per_task: Vec<Vec<DecisionType>> =
        replay.tasks().iter().map(|t| t.decisions.types()).collect();
    use DecisionType::*;
    assert_eq!(
        per_task,
        [
            vec![ScheduleActivityTask], // reserve
            vec![ScheduleActivityTask], // charge
            vec![StartTimer],           // charge failed: back off before attempt 2
            vec![ScheduleActivityTask], // charge#2
            vec![StartTimer],           // choose-shipping
            vec![ScheduleActivityTask], // ship-standard
            vec![CompleteWorkflowExecution],
            vec![], // closed: nothing more to decide
        ]
    );
    assert_eq!(replay.task(3).unwrap().decisions.timer_ids(), ["charge#2"]);
    let Some(Closed::Completed { result }) = replay.state().closed() else {
        panic!()
    };
    let receipt: Receipt = serde_json::from_str(result.as_deref().unwrap()).unwrap();
    assert_eq!(receipt.shipping, "standard");
    assert_eq!(
        replay.state().activities().get("charge").unwrap().status,
        swf_decider::state::ActivityStatus::Failed {
            reason: Some("GatewayTimeout".into()),
            details: None
        }
    );
}

#[test]
fn the_express_order_took_the_signalled_path() {
    let replay = Replay::new(OrderWorkflow)
        .run(recorded("order_express.aws-cli.json"))
        .unwrap();
    let state = replay.state();
    assert!(state.activities().get("ship-express").is_some());
    assert!(state.activities().get("ship-standard").is_none());
    assert_eq!(state.signals()[0].name, "express");
    // The signal arrived before the shipping choice: express at once, no timer.
    let choosing = replay
        .tasks()
        .iter()
        .find(|t| t.decisions.activity_ids() == ["ship-express"])
        .unwrap();
    assert_eq!(
        choosing.decisions.types(),
        [DecisionType::ScheduleActivityTask]
    );
    assert!(state.timers().get("choose-shipping").is_none());
}

#[test]
fn the_parent_child_and_countdown_and_cancellation_histories_replay() {
    // The parent names its child after its own workflow id, which a history does not carry.
    let parent = Replay::new(ParentWorkflow)
        .execution("parent-1", "")
        .run(recorded("parent_child.json"))
        .unwrap();
    assert_eq!(
        parent.task(1).unwrap().decisions.child_ids(),
        ["parent-1-greeting"]
    );
    assert!(matches!(
        parent.state().closed(),
        Some(Closed::Completed { .. })
    ));

    let countdown = Replay::new(CountdownWorkflow)
        .run(recorded("countdown_first_run.aws-cli.json"))
        .unwrap();
    assert!(matches!(
        countdown.state().closed(),
        Some(Closed::ContinuedAsNew { .. })
    ));
    assert_eq!(countdown.state().markers()[0].name, "run");

    let cancel = Replay::new(CancellableWorkflow)
        .run(recorded("cancellation.json"))
        .unwrap();
    let last = &cancel.tasks()[cancel.tasks().len() - 2].decisions;
    assert_eq!(
        last.types(),
        [
            DecisionType::RequestCancelActivityTask,
            DecisionType::CancelWorkflowExecution
        ]
    );
}

/// The order workflow after an edit that renames `charge`: unsafe for running executions.
struct ChargeRenamed;

impl Workflow for ChargeRenamed {
    const NAME: &'static str = "order";
    const VERSION: &'static str = "1";
    type Input = Order;
    type Output = ();

    fn run(&self, ctx: &mut WorkflowContext<'_>, order: Order) -> WorkflowResult<()> {
        ctx.activity("reserve", &activity("reserve"), &order)
            .result::<()>()?;
        ctx.activity("payment", &activity("charge"), &order)
            .result::<String>()?;
        Ok(())
    }
}

#[test]
fn an_unsafe_edit_fails_the_replay_test_with_the_event_and_the_mismatch() {
    let err = Replay::new(ChargeRenamed)
        .run(recorded("order_standard.json"))
        .unwrap_err();
    let DecideError::NonDeterminism(n) = &err else {
        panic!("{err}")
    };
    assert_eq!(n.decision_task_started_event_id(), Some(9));
    assert_eq!(n.event_id(), Some(11));
    assert!(
        err.to_string().contains(
            "ScheduleActivityTask `charge` (charge/1), which the workflow no longer asks for"
        ),
        "{err}"
    );
}
