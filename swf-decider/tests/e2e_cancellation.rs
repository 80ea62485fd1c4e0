//! End to end on swf-local: a cancel request cancels the running activity and the workflow.

mod common;

use common::local::{execution, serve_examples, start, within};
use common::workflows::CancellableWorkflow;
use swf_decider::{StartOptions, WorkflowOutcome};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancel_request_cancels_the_activity_and_the_workflow() {
    let local = start().await;
    local.register_activities(&["long"]).await;
    let decider = serve_examples(&mut local.decider("cancel"))
        .build()
        .unwrap();
    decider.register().await.unwrap();
    let (stop, task) = local.run(decider);
    // The activity is taken and never answered; the test learns when it was taken.
    let (taken_tx, mut taken) = mpsc::unbounded_channel();
    let stop_activities = CancellationToken::new();
    let activities = local.answer_activities(stop_activities.clone(), move |t| {
        let _ = taken_tx.send(t.activity_id.clone());
        None
    });

    let run = local
        .workflows()
        .start::<CancellableWorkflow>("cancel-1", &(), &StartOptions::new())
        .await
        .unwrap();
    assert_eq!(within(10, taken.recv()).await.as_deref(), Some("long"));
    run.request_cancel().await.unwrap();
    let outcome = within(20, run.outcome()).await.unwrap();
    assert_eq!(
        outcome,
        WorkflowOutcome::Canceled {
            details: Some("canceled on request".to_owned())
        }
    );

    let events = local.history(&execution(&run)).await;
    assert!(
        events
            .iter()
            .any(|e| e.event_type.as_str() == "ActivityTaskCancelRequested")
    );
    local.record(&execution(&run), "cancellation").await;

    stop.cancel();
    within(10, task).await.unwrap();
    stop_activities.cancel();
    within(10, activities).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn terminate_closes_the_execution_at_once() {
    let local = start().await;
    local.register_activities(&["long"]).await;
    let decider = serve_examples(&mut local.decider("terminate"))
        .build()
        .unwrap();
    decider.register().await.unwrap();
    let run = local
        .workflows()
        .start::<CancellableWorkflow>(
            "terminate-1",
            &(),
            &StartOptions::new().task_list("terminate"),
        )
        .await
        .unwrap();
    run.terminate(Some("operator")).await.unwrap();
    let outcome = within(10, run.outcome()).await.unwrap();
    assert_eq!(
        outcome,
        WorkflowOutcome::Terminated {
            reason: Some("operator".to_owned())
        }
    );
    let err = within(10, run.result()).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "workflow execution `terminate-1` did not complete: terminated: operator"
    );
}
