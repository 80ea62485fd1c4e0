//! Payment: a gateway timeout is retried after a backoff timer; a declined card is not, and the
//! order releases its stock and fails.

mod common;

use common::{App, Settings, count, execution, scheduled, within};
use examples::order::{Order, OrderOutcome, OrderStatus, OrderWorkflow};
use swf_core::types::EventType;
use swf_decider::{ClientError, StartOptions, WorkflowOutcome};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gateway_timeout_is_retried_after_a_backoff() {
    let app = App::order(Settings::default()).await;
    let order = Order::new("flaky-1", "SKU-1", 1, 2_500, "flaky");
    let run = app
        .workflows
        .start::<OrderWorkflow>(&order.id, &order, &StartOptions::new())
        .await
        .unwrap();

    let outcome: OrderOutcome = within(20, run.result()).await.unwrap();
    assert_eq!(outcome.status, OrderStatus::Shipped);

    let events = app.history(&execution(&run)).await;
    assert_eq!(
        scheduled(&events),
        [
            "reserve-inventory",
            "charge-payment",
            "charge-payment#2",
            "send-confirmation"
        ]
    );
    let failure = events
        .iter()
        .find_map(|e| e.activity_task_failed_event_attributes.as_ref())
        .expect("the first attempt failed");
    assert_eq!(failure.reason.as_deref(), Some("GatewayTimeout"));
    // The backoff is a timer named after the attempt it precedes.
    let timer = events
        .iter()
        .find_map(|e| e.timer_started_event_attributes.as_ref())
        .expect("a backoff timer");
    assert_eq!(
        (
            timer.timer_id.as_str(),
            timer.start_to_fire_timeout.as_str()
        ),
        ("charge-payment#2", "1")
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_declined_card_is_not_retried_and_the_stock_is_released() {
    let app = App::order(Settings::default()).await;
    let order = Order::new("declined-1", "SKU-1", 1, 2_500, "declined");
    let run = app
        .workflows
        .start::<OrderWorkflow>(&order.id, &order, &StartOptions::new())
        .await
        .unwrap();

    let error = within(20, run.result()).await.unwrap_err();
    let ClientError::NotCompleted {
        outcome: WorkflowOutcome::Failed { reason, .. },
        ..
    } = error
    else {
        panic!("not a failure: {error}");
    };
    assert_eq!(
        reason.as_deref(),
        Some("activity `charge-payment` failed: CardDeclined")
    );

    let events = app.history(&execution(&run)).await;
    assert_eq!(
        scheduled(&events),
        ["reserve-inventory", "charge-payment", "release-inventory"]
    );
    assert_eq!(
        count(&events, EventType::TimerStarted),
        0,
        "no backoff: not retried"
    );
    app.stop().await;
}
