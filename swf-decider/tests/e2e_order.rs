//! End to end on swf-local: a multi-step workflow with activities, a retry after a failure with a
//! backoff timer, a timer, and a signal that changes the path.

mod common;

use common::local::{Answer, execution, serve_examples, start, within};
use common::order;
use common::workflows::{OrderWorkflow, Receipt};
use swf_decider::StartOptions;
use tokio_util::sync::CancellationToken;

const ACTIVITY_TYPES: [&str; 4] = ["reserve", "charge", "ship-standard", "ship-express"];

/// `charge` fails once (retried after 1 s); everything else completes.
fn answer(task: &swf_core::types::ActivityTask) -> Option<Answer> {
    Some(
        match (task.activity_type.name.as_str(), task.activity_id.as_str()) {
            ("charge", "charge") => Answer::Fail("GatewayTimeout".to_owned()),
            ("charge", id) => Answer::Complete(Some(format!("\"paid by {id}\""))),
            ("ship-standard", _) => Answer::Complete(Some("\"standard\"".to_owned())),
            ("ship-express", _) => Answer::Complete(Some("\"express\"".to_owned())),
            _ => Answer::Complete(None),
        },
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_order_runs_through_activities_a_retry_and_the_shipping_timer() {
    let local = start().await;
    local.register_activities(&ACTIVITY_TYPES).await;
    let decider = serve_examples(&mut local.decider("orders"))
        .build()
        .unwrap();
    decider.register().await.unwrap();
    let (stop_decider, decider_task) = local.run(decider);
    let stop_activities = CancellationToken::new();
    let activities = local.answer_activities(stop_activities.clone(), answer);

    let run = local
        .workflows()
        .start::<OrderWorkflow>(
            "order-standard",
            &order(),
            &StartOptions::new().task_list("orders"),
        )
        .await
        .unwrap();
    let receipt: Receipt = within(20, run.result()).await.unwrap();
    let expected = Receipt {
        order: "o-1".into(),
        charge: "paid by charge#2".into(),
        shipping: "standard".into(),
    };
    assert_eq!(receipt, expected);

    let events = local.history(&execution(&run)).await;
    let names: Vec<_> = events.iter().map(|e| e.event_type.to_string()).collect();
    assert!(names.contains(&"ActivityTaskFailed".to_owned()));
    assert_eq!(
        names.iter().filter(|n| *n == "TimerFired").count(),
        2,
        "the backoff and the shipping timer"
    );
    local.record(&execution(&run), "order_standard").await;

    stop_decider.cancel();
    within(10, decider_task).await.unwrap();
    stop_activities.cancel();
    within(10, activities).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_express_signal_changes_the_shipping_path() {
    let local = start().await;
    local.register_activities(&ACTIVITY_TYPES).await;
    let decider = serve_examples(&mut local.decider("orders"))
        .build()
        .unwrap();
    decider.register().await.unwrap();
    let (stop_decider, decider_task) = local.run(decider);
    let stop_activities = CancellationToken::new();
    let activities = local.answer_activities(stop_activities.clone(), answer);

    let run = local
        .workflows()
        .start::<OrderWorkflow>(
            "order-express",
            &order(),
            &StartOptions::new().task_list("orders"),
        )
        .await
        .unwrap();
    // Sent at once: it arrives long before the shipping choice's 1 s timer could fire.
    run.signal("express", &()).await.unwrap();
    let receipt: Receipt = within(20, run.result()).await.unwrap();
    assert_eq!(receipt.shipping, "express");

    let events = local.history(&execution(&run)).await;
    // The signal came before the shipping choice, so no shipping timer was needed.
    let timers: Vec<_> = events
        .iter()
        .filter_map(|e| e.timer_started_event_attributes.as_ref())
        .map(|a| a.timer_id.as_str())
        .collect();
    assert_eq!(timers, ["charge#2"], "only the retry's backoff");
    let shipped = events
        .iter()
        .filter_map(|e| e.activity_task_scheduled_event_attributes.as_ref())
        .any(|a| a.activity_id == "ship-express");
    assert!(shipped);
    local.record(&execution(&run), "order_express").await;

    stop_decider.cancel();
    within(10, decider_task).await.unwrap();
    stop_activities.cancel();
    within(10, activities).await.unwrap();
}
