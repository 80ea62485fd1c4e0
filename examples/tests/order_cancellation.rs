//! Canceling an order while it ships: the request is passed to the shipment, whose slow activity
//! stops at its next heartbeat and reports how far it got; then the order refunds the charge,
//! releases the stock, and is canceled.

mod common;

use std::time::Duration;

use common::{App, Settings, count, execution, scheduled, within};
use examples::order::{self, Order, OrderWorkflow, Progress};
use swf_core::types::{EventType, WorkflowExecution};
use swf_decider::{StartOptions, WorkflowOutcome};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn canceling_an_order_while_it_ships_stops_packing_then_refunds_and_releases() {
    // 100 parcels at 100 ms: ten seconds of packing, far longer than the cancellation takes
    // to reach the activity (one heartbeat interval, 1.6 s).
    let mut app = App::order(Settings {
        per_parcel: Duration::from_millis(100),
        ..Settings::default()
    })
    .await;
    let order = Order::new("cancel-1", "SKU-1", 100, 500, "visa");
    let run = app
        .workflows
        .start::<OrderWorkflow>(&order.id, &order, &StartOptions::new())
        .await
        .unwrap();
    let shipment_id = order::shipment_id(&order.id);
    app.activity_started("pack-and-ship", &shipment_id).await;
    run.request_cancel().await.unwrap();

    let outcome = within(20, run.outcome()).await.unwrap();
    assert_eq!(
        outcome,
        WorkflowOutcome::Canceled {
            details: Some("\"canceled: payment refunded, stock released\"".into())
        }
    );
    let events = app.history(&execution(&run)).await;
    assert_eq!(
        scheduled(&events),
        [
            "reserve-inventory",
            "charge-payment",
            "refund-payment",
            "release-inventory"
        ]
    );
    assert_eq!(
        count(&events, EventType::ExternalWorkflowExecutionCancelRequested),
        1
    );
    let child = events
        .iter()
        .find_map(|e| {
            e.child_workflow_execution_canceled_event_attributes
                .as_ref()
        })
        .expect("the shipment was canceled");
    let progress: Progress = serde_json::from_str(child.details.as_deref().unwrap()).unwrap();
    assert_eq!(progress.of, 100);
    assert!(progress.packed < 100, "packing stopped early: {progress:?}");

    // In the shipment's own history: the request to cancel the activity, and the activity's
    // acknowledgement with its progress.
    let shipment = app
        .history(&WorkflowExecution {
            workflow_id: shipment_id,
            run_id: child.workflow_execution.run_id.clone(),
        })
        .await;
    assert_eq!(count(&shipment, EventType::ActivityTaskCancelRequested), 1);
    let canceled = shipment
        .iter()
        .find_map(|e| e.activity_task_canceled_event_attributes.as_ref())
        .expect("the activity acknowledged the cancellation");
    assert_eq!(canceled.details, child.details);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn canceling_an_order_that_waits_for_approval_releases_its_stock() {
    let mut app = App::order(Settings::default()).await;
    let order = Order::new("cancel-2", "SKU-TV", 3, 50_000, "visa");
    let run = app
        .workflows
        .start::<OrderWorkflow>(&order.id, &order, &StartOptions::new())
        .await
        .unwrap();
    app.activity_started("reserve-inventory", &order.id).await;
    run.request_cancel().await.unwrap();

    let outcome = within(20, run.outcome()).await.unwrap();
    assert!(
        matches!(outcome, WorkflowOutcome::Canceled { .. }),
        "{outcome:?}"
    );
    let events = app.history(&execution(&run)).await;
    assert_eq!(
        scheduled(&events),
        ["reserve-inventory", "release-inventory"]
    );
    app.stop().await;
}
