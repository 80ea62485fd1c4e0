//! End to end on swf-local: an `abort` while a retried `transcode` waits out its backoff timer
//! cancels the timer, and the workflow that waits for the transcode to stop fails in that same
//! decision. SWF cancels a timer at once and schedules no decision task for it, so a workflow
//! that waited for the history to show `TimerCanceled` would wait until its own timeout.

mod common;
mod stopping;
mod video_pipeline;

use std::time::Duration;

use common::local::{Answer, execution, start, within};
use swf_core::types::{ChildPolicy, EventType};
use swf_decider::{StartOptions, Workflow, WorkflowOutcome};
use tokio_util::sync::CancellationToken;

/// Far longer than the test: the timer only ends canceled.
const BACKOFF: Duration = Duration::from_secs(60);

/// Runs `workflow` on swf-local with attempt 1 of `transcode` failing, signals `abort` once the
/// backoff timer runs, and returns how the execution closed.
async fn aborted_in_backoff<W>(workflow: W, workflow_id: &str) -> WorkflowOutcome<String>
where
    W: Workflow<Input = String, Output = String> + Clone + Send + Sync + 'static,
{
    let local = start().await;
    local.register_activities(&[stopping::TRANSCODE]).await;
    let mut builder = local.decider("backoff");
    builder.workflow(workflow);
    let decider = builder.build().unwrap();
    decider.register().await.unwrap();
    let (stop, task) = local.run(decider);
    let stop_activities = CancellationToken::new();
    let activities = local.answer_activities(stop_activities.clone(), |_| {
        Some(Answer::Fail("Flaky".to_owned()))
    });

    // What a type registered without defaults needs to start.
    let options = StartOptions::new()
        .execution_start_to_close_timeout(Duration::from_secs(60))
        .task_start_to_close_timeout(Duration::from_secs(2))
        .child_policy(ChildPolicy::Terminate);
    let run = local
        .workflows()
        .start::<W>(workflow_id, &"video.mov".to_owned(), &options)
        .await
        .unwrap();
    // Bounded: the backoff timer starts in the decision that sees attempt 1 fail.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let events = local.history(&execution(&run)).await;
        if events
            .iter()
            .any(|e| e.event_type == EventType::TimerStarted)
        {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "{events:#?}");
        tokio::task::yield_now().await;
    }
    run.signal(stopping::ABORT, &()).await.unwrap();
    let outcome = within(10, run.outcome()).await.unwrap();

    let events = local.history(&execution(&run)).await;
    let count = |kind: EventType| events.iter().filter(|e| e.event_type == kind).count();
    assert_eq!(count(EventType::TimerCanceled), 1, "{events:#?}");
    assert_eq!(count(EventType::ActivityTaskScheduled), 1, "no attempt 2");

    stop.cancel();
    within(10, task).await.unwrap();
    stop_activities.cancel();
    within(10, activities).await.unwrap();
    outcome
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn waiting_with_closed_state_ends_in_the_decision_that_cancels_the_backoff() {
    let workflow = stopping::StopsTranscode {
        backoff: Some(BACKOFF),
    };
    let outcome = aborted_in_backoff(workflow, "closed-state").await;
    assert_eq!(
        outcome,
        WorkflowOutcome::Failed {
            reason: Some(stopping::NOTHING_CLOSED.to_owned()),
            details: None,
        }
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn waiting_with_result_ends_in_the_decision_that_cancels_the_backoff() {
    let workflow = video_pipeline::Pipeline {
        backoff: BACKOFF,
        ..video_pipeline::Pipeline::new(video_pipeline::Cancel::HandleAndWait)
    };
    let outcome = aborted_in_backoff(workflow, "result").await;
    assert_eq!(
        outcome,
        WorkflowOutcome::Failed {
            reason: Some("activity `transcode` was canceled while waiting to retry".to_owned()),
            details: None,
        }
    );
}
