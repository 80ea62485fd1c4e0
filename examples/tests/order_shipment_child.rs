//! Every order ships in a child workflow, `shipment`, whose one activity runs on the `shipping`
//! task list and heartbeats its progress.

mod common;

use common::{App, Settings, count, execution, scheduled, within};
use examples::order::{self, Order, OrderOutcome, OrderStatus, OrderWorkflow};
use swf_core::types::{EventType, WorkflowExecution};
use swf_decider::StartOptions;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_small_order_ships_in_a_shipment_child_without_approval() {
    let app = App::order(Settings::default()).await;
    let order = Order::new("small-1", "SKU-1", 2, 2_500, "visa");
    assert!(!order.needs_approval());
    let run = app
        .workflows
        .start::<OrderWorkflow>(&order.id, &order, &StartOptions::new())
        .await
        .unwrap();

    let outcome: OrderOutcome = within(20, run.result()).await.unwrap();
    assert_eq!(outcome.status, OrderStatus::Shipped);
    assert_eq!(outcome.tracking.as_deref(), Some("TRACK-small-1"));

    let events = app.history(&execution(&run)).await;
    assert_eq!(count(&events, EventType::WorkflowExecutionSignaled), 0);
    let child = events
        .iter()
        .find_map(|e| {
            e.child_workflow_execution_completed_event_attributes
                .as_ref()
        })
        .expect("the shipment completed");
    assert_eq!(
        child.workflow_execution.workflow_id,
        order::shipment_id("small-1")
    );
    assert_eq!(child.workflow_type.name, "shipment");
    assert_eq!(
        child.result.as_deref(),
        Some(r#"{"number":"TRACK-small-1"}"#)
    );

    let shipment = app
        .history(&WorkflowExecution {
            workflow_id: child.workflow_execution.workflow_id.clone(),
            run_id: child.workflow_execution.run_id.clone(),
        })
        .await;
    assert_eq!(scheduled(&shipment), ["pack-and-ship"]);
    let packing = shipment
        .iter()
        .find_map(|e| e.activity_task_scheduled_event_attributes.as_ref())
        .unwrap();
    assert_eq!(packing.task_list.name, order::SHIPPING);
    let parent = shipment[0]
        .workflow_execution_started_event_attributes
        .as_ref()
        .and_then(|a| a.parent_workflow_execution.as_ref())
        .expect("the shipment knows its parent");
    assert_eq!(parent.workflow_id, "small-1");
    app.stop().await;
}
