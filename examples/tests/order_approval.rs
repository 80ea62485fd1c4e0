//! Large orders wait for a verdict: `approve` ships them, `reject` releases their stock, and an
//! approver who has not decided in time is reminded once.

mod common;

use std::time::Duration;

use common::{App, Settings, count, execution, first, scheduled, within};
use examples::order::{self, Order, OrderOutcome, OrderStatus, OrderWorkflow, Verdict};
use swf_core::types::EventType;
use swf_decider::StartOptions;

/// Three parcels at 500.00 each: over the approval threshold.
fn large(id: &str) -> Order {
    Order::new(id, "SKU-TV", 3, 50_000, "visa")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_order_ships_once_approved() {
    let app = App::order(Settings::default()).await;
    let order = large("big-1");
    assert!(order.needs_approval());
    let run = app
        .workflows
        .start::<OrderWorkflow>(&order.id, &order, &StartOptions::new())
        .await
        .unwrap();
    run.signal(order::APPROVE, &Verdict::default())
        .await
        .unwrap();

    let outcome: OrderOutcome = within(20, run.result()).await.unwrap();
    assert_eq!(outcome.status, OrderStatus::Shipped);
    assert_eq!(outcome.charge_id.as_deref(), Some("ch-big-1"));
    assert_eq!(outcome.tracking.as_deref(), Some("TRACK-big-1"));

    let events = app.history(&execution(&run)).await;
    assert_eq!(
        scheduled(&events),
        ["reserve-inventory", "charge-payment", "send-confirmation"]
    );
    assert_eq!(
        count(&events, EventType::ChildWorkflowExecutionCompleted),
        1
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_order_releases_its_stock_and_is_not_charged() {
    let app = App::order(Settings::default()).await;
    let order = large("big-2");
    let run = app
        .workflows
        .start::<OrderWorkflow>(&order.id, &order, &StartOptions::new())
        .await
        .unwrap();
    let verdict = Verdict {
        by: "ops".into(),
        reason: "over the customer's limit".into(),
    };
    run.signal(order::REJECT, &verdict).await.unwrap();

    let outcome: OrderOutcome = within(20, run.result()).await.unwrap();
    assert_eq!(outcome.status, OrderStatus::Rejected);
    assert_eq!(outcome.reason.as_deref(), Some("over the customer's limit"));
    assert_eq!(outcome.charge_id, None);

    let events = app.history(&execution(&run)).await;
    assert_eq!(
        scheduled(&events),
        ["reserve-inventory", "release-inventory"]
    );
    assert_eq!(
        count(&events, EventType::StartChildWorkflowExecutionInitiated),
        0
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_approver_who_has_not_decided_is_reminded_once() {
    let mut app = App::order(Settings {
        remind_after: Duration::from_secs(1),
        ..Settings::default()
    })
    .await;
    let order = large("big-3");
    let run = app
        .workflows
        .start::<OrderWorkflow>(&order.id, &order, &StartOptions::new())
        .await
        .unwrap();
    // The reminder goes out when the timer fires; only then does the approver decide.
    app.activity_started("send-reminder", &order.id).await;
    run.signal(order::APPROVE, &Verdict::default())
        .await
        .unwrap();

    let outcome: OrderOutcome = within(20, run.result()).await.unwrap();
    assert_eq!(outcome.status, OrderStatus::Shipped);

    let events = app.history(&execution(&run)).await;
    assert_eq!(
        scheduled(&events),
        [
            "reserve-inventory",
            "send-reminder",
            "charge-payment",
            "send-confirmation"
        ]
    );
    let fired = first(&events, EventType::TimerFired).expect("the reminder timer fired");
    let signaled = first(&events, EventType::WorkflowExecutionSignaled).unwrap();
    assert!(fired < signaled, "the reminder came before the verdict");
    app.stop().await;
}
