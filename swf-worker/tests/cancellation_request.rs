//! A decider's `RequestCancelActivityTask` reaches the activity through the next heartbeat, and
//! an activity that stops with `ActivityError::cancelled` ends as `ActivityTaskCanceled`.

mod common;

use std::time::Duration;

use common::*;
use swf_core::types::EventType;
use swf_worker::{
    Activity, ActivityContext, ActivityDeclaration, ActivityError, ActivityRegistration,
    CancellationReason, Timeout,
};
use tokio::sync::mpsc;

/// Tells the test it started, then works until cancelled.
struct Cancellable {
    started: mpsc::UnboundedSender<()>,
}

impl ActivityDeclaration for Cancellable {
    const NAME: &'static str = "Cancellable";
    const VERSION: &'static str = "1";
    type Input = ();
    type Output = ();
}

impl Activity for Cancellable {
    fn registration(&self) -> ActivityRegistration {
        options(Timeout::Seconds(1))
    }

    async fn run(&self, ctx: &ActivityContext, _: ()) -> Result<(), ActivityError> {
        self.started.send(()).unwrap();
        tokio::select! {
            () = ctx.cancelled() => {}
            // Never reached in a passing run; keeps a failing one from hanging.
            () = tokio::time::sleep(Duration::from_secs(20)) => return Ok(()),
        }
        assert_eq!(
            ctx.cancellation_reason(),
            Some(CancellationReason::Requested)
        );
        Err(ActivityError::cancelled().with_details("cleaned up"))
    }
}

#[tokio::test]
async fn a_requested_cancellation_ends_as_activity_task_canceled() {
    within(30, async {
        let env = Env::start().await;
        let (started, mut started_rx) = mpsc::unbounded_channel();
        let mut builder = env.worker();
        builder.activity(Cancellable { started });
        let worker = env.run(&mut builder).await;

        let execution = env
            .start_workflow("cancel-me", vec![schedule("Cancellable", "a", None)])
            .await;
        started_rx.recv().await.unwrap();
        // A signal gives the decider a decision task in which to request the cancellation.
        env.signal(&execution, "stop").await;
        let mut requested = false;
        let events = env
            .decide_until(|events| {
                if count(events, EventType::ActivityTaskCanceled) == 1 {
                    None
                } else if !requested && count(events, EventType::WorkflowExecutionSignaled) == 1 {
                    requested = true;
                    Some(vec![request_cancel("a")])
                } else {
                    Some(Vec::new())
                }
            })
            .await;
        assert_eq!(count(&events, EventType::ActivityTaskCancelRequested), 1);
        let canceled = of_type(&events, EventType::ActivityTaskCanceled)[0]
            .activity_task_canceled_event_attributes
            .clone()
            .unwrap();
        assert_eq!(canceled.details.as_deref(), Some("cleaned up"));
        assert_no_timeouts(&events);

        assert_eq!(
            Ends::from(worker.stop().await),
            Ends {
                cancelled: 1,
                ..Ends::default()
            }
        );
    })
    .await
}
