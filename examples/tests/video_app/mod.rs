//! What the end-to-end tests of the video pipeline need: `swf-local` in this process, the
//! application's worker and decider running on it as tasks, and a way to learn, without waiting
//! on a clock, when an activity task starts and how it ended.
//!
//! The worker serves the application's own activities, each wrapped in [`Observed`], which tells
//! the test when a task starts and what it returned; the decider runs the application's workflow.
//! Every wait is bounded by [`within`], so a test that goes wrong fails instead of hanging.

#![allow(dead_code, unreachable_pub)]

use std::time::Duration;

use examples::video::{self, Probe, Publish, Transcode};
use swf_core::Client;
use swf_core::types::{EventType, HistoryEvent};
use swf_decider::{Decider, WorkflowClient};
use swf_worker::{
    Activity, ActivityContext, ActivityDeclaration, ActivityError, CancellationReason,
    CancellationToken, Worker,
};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use swf_testkit::harness::Harness;
pub use swf_testkit::harness::events::{count, of_type};
pub use swf_testkit::harness::within;

/// What happened to one activity task, as the worker saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seen {
    /// The task of this activity id started.
    Started { activity_id: String },
    /// The task of this activity id returned.
    Ended {
        activity_id: String,
        /// Whether it returned [`ActivityError::cancelled`].
        cancelled: bool,
        /// Why its cancellation signal fired, if it did.
        signal: Option<CancellationReason>,
    },
}

/// The video pipeline running on an in-process `swf-local`.
pub struct VideoApp {
    server: swf_local::Server,
    /// A client of the service.
    pub client: Client,
    /// Starts and follows executions in the application's domain.
    pub workflows: WorkflowClient,
    seen: mpsc::UnboundedReceiver<Seen>,
    shutdown: CancellationToken,
    tasks: Vec<JoinHandle<()>>,
}

impl VideoApp {
    /// Starts the service, registers everything, and runs the worker and the decider.
    pub async fn start() -> VideoApp {
        // A short poll timeout: the worker and decider wait for their polls in flight to stop.
        let Harness { server, client } = Harness::start(Duration::from_millis(300)).await;
        let (tx, seen) = mpsc::unbounded_channel();

        let mut worker = Worker::builder(client.clone());
        worker
            .domain(video::DOMAIN)
            .task_list(video::ACTIVITIES)
            .identity("test-video-worker")
            .activity(observed(Probe, &tx))
            .activity(observed(Transcode, &tx))
            .activity(observed(Publish, &tx));
        let worker = worker.build().expect("the worker builds");
        worker.register().await.expect("activities registered");

        let mut decider = Decider::builder(client.clone());
        decider
            .domain(video::DOMAIN)
            .task_list(video::DECISIONS)
            .identity("test-video-decider")
            .pollers(1);
        let decider = video::workflows(&mut decider)
            .build()
            .expect("the decider builds");
        decider.register().await.expect("the workflow registered");

        let shutdown = CancellationToken::new();
        let tasks = vec![
            tokio::spawn({
                let shutdown = shutdown.clone();
                async move { worker.run(shutdown).await.expect("the worker runs") }
            }),
            tokio::spawn({
                let shutdown = shutdown.clone();
                async move { decider.run(shutdown).await.expect("the decider runs") }
            }),
        ];
        VideoApp {
            workflows: WorkflowClient::new(client.clone(), video::DOMAIN),
            server,
            client,
            seen,
            shutdown,
            tasks,
        }
    }

    /// Waits, at most ten seconds, for the next thing the worker reports that `wanted` accepts.
    pub async fn seen(&mut self, wanted: impl Fn(&Seen) -> bool) -> Seen {
        within(10, async {
            while let Some(seen) = self.seen.recv().await {
                if wanted(&seen) {
                    return seen;
                }
            }
            panic!("the worker stopped");
        })
        .await
    }

    /// Shuts the worker and the decider down gracefully, then the service.
    pub async fn stop(self) {
        self.shutdown.cancel();
        for task in self.tasks {
            within(10, task)
                .await
                .expect("the worker or the decider panicked");
        }
        self.server.shutdown().await;
    }
}

fn observed<A>(activity: A, seen: &mpsc::UnboundedSender<Seen>) -> Observed<A> {
    Observed {
        activity,
        seen: seen.clone(),
    }
}

/// An activity that reports each task's start and end to the test, and runs as itself between.
pub struct Observed<A> {
    activity: A,
    seen: mpsc::UnboundedSender<Seen>,
}

/// Implements the declaration `D` that `A` implements: the wrapper needs none of its own.
impl<D: ActivityDeclaration, A: Activity<D>> Activity<D> for Observed<A> {
    fn registration(&self) -> swf_worker::ActivityRegistration {
        self.activity.registration()
    }

    async fn run(
        &self,
        ctx: &ActivityContext,
        input: D::Input,
    ) -> Result<D::Output, ActivityError> {
        let activity_id = ctx.activity_id().to_owned();
        let _ = self.seen.send(Seen::Started {
            activity_id: activity_id.clone(),
        });
        let result = self.activity.run(ctx, input).await;
        let _ = self.seen.send(Seen::Ended {
            activity_id,
            cancelled: result.as_ref().is_err_and(ActivityError::is_cancelled),
            signal: ctx.cancellation_reason(),
        });
        result
    }
}

/// The activity ids the history scheduled, in order.
pub fn scheduled(events: &[HistoryEvent]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| e.activity_task_scheduled_event_attributes.as_ref())
        .map(|a| a.activity_id.clone())
        .collect()
}

/// The one event of type `kind`.
pub fn only(events: &[HistoryEvent], kind: EventType) -> &HistoryEvent {
    match of_type(events, kind.clone()).as_slice() {
        [event] => event,
        other => panic!("{} events of type {kind:?}, not one", other.len()),
    }
}

/// Seconds from event `from` to event `to`, by their timestamps.
pub fn seconds_between(from: &HistoryEvent, to: &HistoryEvent) -> f64 {
    let millis = to.event_timestamp.as_millis() - from.event_timestamp.as_millis();
    // Histories of tests span seconds: the conversion is exact.
    millis as f64 / 1000.0
}
