//! The order's workflows on hand-written histories: the races between a cancel request or a
//! verdict and the steps in flight, which the end-to-end tests cannot time on purpose.

use std::time::Duration;

use examples::order::{
    self, Batch, BatchReport, Order, OrderBatchWorkflow, OrderOutcome, OrderStatus, OrderWorkflow,
    Shipment, ShipmentWorkflow,
};
use swf_core::types::DecisionType::{self, *};
use swf_decider::testing::{HistoryBuilder, Replay};

const RESERVED: &str = r#"{"reservation_id":"res-o-1"}"#;
const CHARGED: &str = r#"{"charge_id":"ch-o-1","cents":2500}"#;

fn small() -> Order {
    Order::new("o-1", "SKU-1", 1, 2_500, "visa")
}

/// A small order's history up to its charge being scheduled.
fn charging() -> HistoryBuilder {
    let mut h = HistoryBuilder::for_workflow::<OrderWorkflow>(&small());
    h.decision_task()
        .activity_scheduled("reserve-inventory", "reserve-inventory", "1")
        .activity_completed("reserve-inventory", Some(RESERVED))
        .decision_task()
        .activity_scheduled("charge-payment", "charge-payment", "1");
    h
}

fn decide(history: &HistoryBuilder) -> Vec<DecisionType> {
    let replay = Replay::new(OrderWorkflow::default())
        .run(history.events())
        .expect("every recorded task decides the same");
    replay.decisions().types()
}

#[test]
fn a_cancel_request_while_the_charge_runs_waits_for_it_then_refunds_and_releases() {
    let mut h = charging();
    h.activity_started("charge-payment")
        .cancel_requested()
        .decision_task_started();
    assert_eq!(
        decide(&h),
        [],
        "the charge may still go through: wait for it"
    );

    h.decision_task_completed()
        .activity_completed("charge-payment", Some(CHARGED))
        .decision_task_started();
    let replay = Replay::new(OrderWorkflow::default())
        .run(h.events())
        .unwrap();
    assert_eq!(replay.decisions().activity_ids(), ["refund-payment"]);

    h.decision_task_completed()
        .activity_scheduled("refund-payment", "refund-payment", "1")
        .activity_completed("refund-payment", Some("null"))
        .decision_task()
        .activity_scheduled("release-inventory", "release-inventory", "1")
        .activity_completed("release-inventory", Some("null"))
        .decision_task_started();
    assert_eq!(decide(&h), [CancelWorkflowExecution]);
}

#[test]
fn a_cancel_request_after_the_shipment_completed_comes_too_late() {
    let mut h = charging();
    let shipment = order::shipment_id("o-1");
    h.activity_completed("charge-payment", Some(CHARGED))
        .decision_task()
        .child_initiated(&shipment, "shipment", "1")
        .child_started(&shipment)
        .decision_task()
        .child_completed(&shipment, Some(r#"{"number":"TRACK-o-1"}"#))
        .cancel_requested()
        .decision_task_started();
    let replay = Replay::new(OrderWorkflow::default())
        .run(h.events())
        .unwrap();
    assert_eq!(replay.decisions().activity_ids(), ["send-confirmation"]);
}

#[test]
fn a_cancel_request_while_the_shipment_runs_is_passed_on_to_it() {
    let mut h = charging();
    let shipment = order::shipment_id("o-1");
    h.activity_completed("charge-payment", Some(CHARGED))
        .decision_task()
        .child_initiated(&shipment, "shipment", "1")
        .child_started(&shipment)
        .cancel_requested()
        .decision_task_started();
    assert_eq!(decide(&h), [RequestCancelExternalWorkflowExecution]);
}

#[test]
fn a_verdict_before_the_reminder_cancels_the_reminder_timer() {
    let large = Order::new("o-2", "SKU-TV", 3, 50_000, "visa");
    let mut h = HistoryBuilder::for_workflow::<OrderWorkflow>(&large);
    h.decision_task()
        .activity_scheduled("reserve-inventory", "reserve-inventory", "1")
        .activity_completed("reserve-inventory", Some(RESERVED))
        .decision_task()
        .timer_started(order::REMINDER_TIMER, Duration::from_secs(30))
        .signaled(order::APPROVE, None)
        .decision_task_started();
    assert_eq!(decide(&h), [CancelTimer, ScheduleActivityTask]);
}

#[test]
fn a_reject_without_a_readable_verdict_still_rejects() {
    let large = Order::new("o-3", "SKU-TV", 3, 50_000, "visa");
    let mut h = HistoryBuilder::for_workflow::<OrderWorkflow>(&large);
    h.decision_task()
        .activity_scheduled("reserve-inventory", "reserve-inventory", "1")
        .activity_completed("reserve-inventory", Some(RESERVED))
        .signaled(order::REJECT, Some("not json"))
        .decision_task()
        .activity_scheduled("release-inventory", "release-inventory", "1")
        .activity_completed("release-inventory", Some("null"))
        .decision_task_started();
    let replay = Replay::new(OrderWorkflow::default())
        .run(h.events())
        .unwrap();
    let outcome: OrderOutcome = replay.decisions().completed_with().unwrap();
    assert_eq!(
        (outcome.status, outcome.reason.as_deref()),
        (OrderStatus::Rejected, Some(""))
    );
}

#[test]
fn a_shipment_asked_to_cancel_before_packing_cancels_at_once_or_asks_packing_to_stop() {
    let shipment = Shipment {
        order_id: "o-1".into(),
        parcels: 3,
    };
    let mut h = HistoryBuilder::for_workflow::<ShipmentWorkflow>(&shipment);
    h.cancel_requested().decision_task_started();
    let replay = Replay::new(ShipmentWorkflow).run(h.events()).unwrap();
    assert_eq!(replay.decisions().types(), [CancelWorkflowExecution]);

    let mut h = HistoryBuilder::for_workflow::<ShipmentWorkflow>(&shipment);
    h.decision_task()
        .activity_scheduled("pack-and-ship", "pack-and-ship", "1")
        .cancel_requested()
        .decision_task_started();
    let replay = Replay::new(ShipmentWorkflow).run(h.events()).unwrap();
    assert_eq!(replay.decisions().types(), [RequestCancelActivityTask]);
}

#[test]
fn the_last_run_of_a_batch_completes_with_the_counts_of_all_runs() {
    let batch = Batch {
        done: 4,
        shipped: 3,
        runs: 2,
        ..Batch::new("b", 5, 2)
    };
    let mut h = HistoryBuilder::for_workflow::<OrderBatchWorkflow>(&batch);
    h.decision_task()
        .child_initiated("b-4", "order", "1")
        .child_started("b-4")
        .child_completed("b-4", Some(r#"{"order_id":"b-4","status":"shipped"}"#))
        .decision_task_started();
    let replay = Replay::new(OrderBatchWorkflow).run(h.events()).unwrap();
    let report: BatchReport = replay.decisions().completed_with().unwrap();
    assert_eq!(
        report,
        BatchReport {
            orders: 5,
            shipped: 4,
            runs: 3
        }
    );
}
