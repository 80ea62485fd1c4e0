//! An activity canceled on request, and a workflow canceled on request.

use super::Step::*;
use super::*;

#[tokio::test]
async fn a_started_activity_is_canceled_on_request() {
    let steps = vec![
        Decide(vec![schedule("ship")]),
        ActivityStarted("ship"),
        Signal("stop", None),
        Decide(vec![request_cancel_activity("ship")]),
        ActivityCanceled("ship", Some("stopped by request")),
        Decide(vec![complete(None)]),
    ];
    check("activity_canceled", steps).await;
}

#[tokio::test]
async fn a_cancel_request_cancels_the_workflow() {
    let steps = vec![
        Decide(vec![start_timer("wait", 3600)]),
        CancelRequested,
        Decide(vec![
            cancel_timer("wait"),
            cancel_workflow(Some("as asked")),
        ]),
    ];
    check("workflow_canceled", steps).await;
}
