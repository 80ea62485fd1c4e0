//! Replay tests: histories recorded from real runs of the order application go through today's
//! `OrderWorkflow`, which must make, at every decision task, the decisions the history recorded.
//!
//! The histories in `tests/histories/` were recorded by running the binaries as separate
//! processes against `swf local` and saving each execution with
//! `swf history get <workflow id> --domain shop > tests/histories/<name>.json` (the README's
//! "Replay tests" section says how). A change to the workflow that would decide differently on
//! one of them fails here with the event id and the mismatch, before it reaches executions that
//! are running.

use std::path::Path;
use std::time::Duration;

use examples::order::{self, OrderOutcome, OrderStatus, OrderWorkflow};
use swf_core::types::{DecisionType, HistoryEvent};
use swf_decider::state::Closed;
use swf_decider::testing::{Replay, load_history_file};

/// The reminder delay the recordings were made with (`order-decider --remind-after-secs 2`).
const RECORDED_WITH: OrderWorkflow = OrderWorkflow {
    remind_after: Duration::from_secs(2),
};

fn recorded(name: &str) -> Vec<HistoryEvent> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/histories")
        .join(name);
    load_history_file(path).expect("the recorded history loads")
}

#[test]
fn a_large_order_approved_after_a_reminder_replays_decision_by_decision() {
    // A large order paid with the `flaky` card: nobody decided within 2 s, so the approver was
    // reminded; then `approve`; the first charge failed and was retried after 1 s; the shipment
    // child shipped; the customer was told.
    let replay = Replay::new(RECORDED_WITH)
        .run(recorded("order-approved-after-reminder.json"))
        .expect("every decision task decides as recorded");

    use DecisionType::*;
    let per_task: Vec<Vec<DecisionType>> =
        replay.tasks().iter().map(|t| t.decisions.types()).collect();
    assert_eq!(
        per_task,
        [
            vec![ScheduleActivityTask],        // reserve-inventory
            vec![StartTimer],                  // large: wait for a verdict, remind after 2 s
            vec![ScheduleActivityTask],        // the timer fired: send-reminder
            vec![],                            // reminder sent; still no verdict
            vec![ScheduleActivityTask],        // approve: charge-payment
            vec![StartTimer],                  // GatewayTimeout: back off before attempt 2
            vec![ScheduleActivityTask],        // charge-payment#2
            vec![StartChildWorkflowExecution], // paid: ship
            vec![],                            // the shipment started
            vec![ScheduleActivityTask],        // shipped: send-confirmation
            vec![CompleteWorkflowExecution],
            vec![], // closed: nothing more to decide
        ]
    );
    let task = |n: usize| &replay.task(n).unwrap().decisions;
    assert_eq!(task(2).timer_ids(), [order::REMINDER_TIMER]);
    assert_eq!(task(3).activity_ids(), ["send-reminder"]);
    assert_eq!(task(6).timer_ids(), ["charge-payment#2"]);
    assert_eq!(task(7).activity_ids(), ["charge-payment#2"]);
    assert_eq!(task(8).child_ids(), [order::shipment_id("o-1001")]);
    let outcome: OrderOutcome = task(11).completed_with().expect("the order completed");
    assert_eq!(outcome.status, OrderStatus::Shipped);
    assert_eq!(outcome.tracking.as_deref(), Some("TRACK-o-1001"));
    assert!(matches!(
        replay.state().closed(),
        Some(Closed::Completed { .. })
    ));
}

#[test]
fn the_same_history_cut_before_the_verdict_waits_for_one() {
    // Decided as at task 4: the reminder went out, no verdict yet. Nothing to do but wait.
    let events = recorded("order-approved-after-reminder.json");
    let replay = Replay::new(RECORDED_WITH).run_to_task(events, 4).unwrap();
    assert_eq!(replay.decisions().types(), Vec::<DecisionType>::new());
    assert!(replay.state().signals().is_empty());
}

#[test]
fn an_order_canceled_while_shipping_replays_decision_by_decision() {
    // Canceled while packing 20 parcels: the request went to the shipment, which stopped packing
    // at 10; then the charge was refunded, the stock released, and the order canceled.
    let replay = Replay::new(RECORDED_WITH)
        .run(recorded("order-canceled-while-shipping.json"))
        .expect("every decision task decides as recorded");

    use DecisionType::*;
    let per_task: Vec<Vec<DecisionType>> =
        replay.tasks().iter().map(|t| t.decisions.types()).collect();
    assert_eq!(
        per_task,
        [
            vec![ScheduleActivityTask],                   // reserve-inventory
            vec![ScheduleActivityTask],                   // small: charge-payment at once
            vec![StartChildWorkflowExecution],            // ship
            vec![],                                       // the shipment started
            vec![RequestCancelExternalWorkflowExecution], // cancel requested: stop the shipment
            vec![],                                       // the request was delivered
            vec![ScheduleActivityTask],                   // shipment canceled: refund-payment
            vec![ScheduleActivityTask],                   // release-inventory
            vec![CancelWorkflowExecution],
            vec![],
        ]
    );
    assert_eq!(
        replay.task(7).unwrap().decisions.activity_ids(),
        ["refund-payment"]
    );
    assert_eq!(
        replay.task(8).unwrap().decisions.activity_ids(),
        ["release-inventory"]
    );
    assert!(matches!(
        replay.state().closed(),
        Some(Closed::Canceled { .. })
    ));
}
