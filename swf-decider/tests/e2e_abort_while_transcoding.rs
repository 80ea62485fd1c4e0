//! End to end on swf-local: an `abort` signal while the second attempt of a retried `transcode`
//! runs cancels that attempt (`transcode#2`, reached by the workflow's id `transcode`) and fails
//! the workflow with the pipeline's reason.

mod common;
mod video_pipeline;

use std::time::Duration;

use common::local::{Answer, execution, start, within};
use swf_core::types::EventAttributesRef;
use swf_decider::{StartOptions, WorkflowOutcome};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use video_pipeline::{ABORT, ABORTED, Cancel, Pipeline, TRANSCODE};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_abort_cancels_the_running_attempt_and_fails_the_workflow() {
    let local = start().await;
    local.register_activities(&[TRANSCODE]).await;
    let mut builder = local.decider("abort");
    // No backoff: attempt 2 is scheduled in the decision that sees attempt 1 fail.
    let pipeline = Pipeline {
        backoff: Duration::ZERO,
        ..Pipeline::new(Cancel::ById)
    };
    builder.workflow(pipeline);
    let decider = builder.build().unwrap();
    decider.register().await.unwrap();
    let (stop, task) = local.run(decider);
    // Attempt 1 fails; attempt 2 is taken and never answered, and the test learns when.
    let (taken_tx, mut taken) = mpsc::unbounded_channel();
    let stop_activities = CancellationToken::new();
    let activities = local.answer_activities(stop_activities.clone(), move |t| {
        if t.activity_id == TRANSCODE {
            return Some(Answer::Fail("Flaky".to_owned()));
        }
        let _ = taken_tx.send(t.activity_id.clone());
        None
    });

    let run = local
        .workflows()
        .start::<Pipeline>("abort-1", &"video.mov".to_owned(), &StartOptions::new())
        .await
        .unwrap();
    assert_eq!(
        within(10, taken.recv()).await.as_deref(),
        Some("transcode#2")
    );
    run.signal(ABORT, &()).await.unwrap();
    let outcome = within(20, run.outcome()).await.unwrap();
    assert_eq!(
        outcome,
        WorkflowOutcome::Failed {
            reason: Some(ABORTED.to_owned()),
            details: Some("Requested".to_owned()),
        }
    );

    let events = local.history(&execution(&run)).await;
    let canceled: Vec<&str> = events
        .iter()
        .filter_map(|e| match e.attributes() {
            EventAttributesRef::ActivityTaskCancelRequested(a) => Some(a.activity_id.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(canceled, ["transcode#2"]);

    stop.cancel();
    within(10, task).await.unwrap();
    stop_activities.cancel();
    within(10, activities).await.unwrap();
}
