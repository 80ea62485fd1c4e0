//! A task whose heartbeats stop reaching SWF times out with a `HEARTBEAT` timeout; the worker
//! then learns the task is gone, fires its cancellation signal, and answers nothing.

mod common;

use std::time::Duration;

use common::*;
use swf_core::RetryConfig;
use swf_core::types::{ActivityTaskTimeoutType, EventType};
use swf_worker::{
    Activity, ActivityContext, ActivityDeclaration, ActivityError, ActivityRegistration,
    CancellationReason, Timeout,
};
use tokio::sync::mpsc;

/// Records its progress, then waits to be cancelled and reports why.
struct WaitsForCancellation {
    reasons: mpsc::UnboundedSender<Option<CancellationReason>>,
}

impl ActivityDeclaration for WaitsForCancellation {
    const NAME: &'static str = "WaitsForCancellation";
    const VERSION: &'static str = "1";
    type Input = ();
    type Output = ();
}

impl Activity for WaitsForCancellation {
    fn registration(&self) -> ActivityRegistration {
        options(Timeout::Seconds(1))
    }

    async fn run(&self, ctx: &ActivityContext, _: ()) -> Result<(), ActivityError> {
        ctx.heartbeat("halfway")?;
        ctx.cancelled().await;
        self.reasons.send(ctx.cancellation_reason()).unwrap();
        Err(ActivityError::cancelled())
    }
}

#[tokio::test]
async fn a_task_whose_heartbeats_stop_times_out_and_is_not_answered() {
    within(30, async {
        let env = Env::start().await;
        let (proxy, mut builder) = env.through_proxy(RetryConfig::disabled()).await;
        let (reasons, mut reasons_rx) = mpsc::unbounded_channel();
        builder.activity(WaitsForCancellation { reasons });
        let worker = env.run(&mut builder).await;

        let execution = env
            .start_workflow("silent", vec![schedule("WaitsForCancellation", "a", None)])
            .await;
        // The first details go out at once; after them, no heartbeat gets through.
        proxy.wait_until(|p| p.stats(HEARTBEAT).answered == 1).await;
        proxy.fail_next(HEARTBEAT, Fault::Throttle, u64::MAX);
        let events = env
            .wait_for(|events| count(events, EventType::ActivityTaskTimedOut) == 1)
            .await;
        let timed_out = of_type(&events, EventType::ActivityTaskTimedOut)[0]
            .activity_task_timed_out_event_attributes
            .clone()
            .unwrap();
        assert_eq!(timed_out.timeout_type, ActivityTaskTimeoutType::Heartbeat);
        // Encoded with the activity's codec, JSON.
        assert_eq!(timed_out.details.as_deref(), Some("\"halfway\""));
        // The worker kept retrying meanwhile; the next heartbeat that gets through learns that
        // the task is gone.
        assert!(proxy.stats(HEARTBEAT).faulted >= 1);
        proxy.heal(HEARTBEAT);
        let reason = tokio::time::timeout(Duration::from_secs(5), reasons_rx.recv())
            .await
            .unwrap();
        assert_eq!(reason, Some(Some(CancellationReason::TaskGone)));

        let m = worker.stop().await;
        assert_eq!(
            Ends::from(m),
            Ends {
                gone: 1,
                ..Ends::default()
            }
        );
        // Nothing was answered after the timeout.
        let history = env.history(&execution).await;
        for closing in [
            EventType::ActivityTaskCompleted,
            EventType::ActivityTaskFailed,
            EventType::ActivityTaskCanceled,
        ] {
            assert_eq!(count(&history, closing), 0);
        }
    })
    .await
}
