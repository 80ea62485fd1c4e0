//! An example application on `swf-local` in this process: its workers and decider running as
//! tasks, and what its activities report as their tasks start and end.

use std::time::Duration;

use swf_core::Client;
use swf_core::types::{HistoryEvent, WorkflowExecution};
use swf_decider::{Decider, DeciderBuilder, JsonCodec, WorkflowClient};
use swf_testkit::harness::Harness;
use swf_worker::{
    Activity, ActivityContext, ActivityDeclaration, ActivityError, CancellationReason,
    CancellationToken, Worker, WorkerBuilder,
};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use super::within;

/// What happened to one activity task, as the worker saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seen {
    /// A task started.
    Started {
        /// Its activity type's name.
        activity_type: String,
        /// Its activity id.
        activity_id: String,
        /// The workflow id of the execution that scheduled it.
        workflow_id: String,
    },
    /// The task of this activity id returned.
    Ended {
        activity_id: String,
        /// Whether it returned [`ActivityError::cancelled`].
        cancelled: bool,
        /// Why its cancellation signal fired, if it did.
        signal: Option<CancellationReason>,
    },
}

/// An example application running on an in-process `swf-local`.
pub struct App {
    server: swf_local::Server,
    /// A client of the service.
    pub client: Client,
    /// Starts and follows executions in the application's domain.
    pub workflows: WorkflowClient,
    domain: &'static str,
    /// What the application's [`Observed`] activities report.
    observer: mpsc::UnboundedSender<Seen>,
    seen: mpsc::UnboundedReceiver<Seen>,
    shutdown: CancellationToken,
    tasks: Vec<JoinHandle<()>>,
}

impl App {
    /// Starts the service, with nothing running on it yet, for an application in `domain`.
    pub(super) async fn start(domain: &'static str) -> App {
        // A short poll timeout: the workers and deciders wait for their polls in flight to stop.
        let Harness { server, client } = Harness::start(Duration::from_millis(300)).await;
        let (observer, seen) = mpsc::unbounded_channel();
        App {
            workflows: WorkflowClient::new(client.clone(), domain),
            server,
            client,
            domain,
            observer,
            seen,
            shutdown: CancellationToken::new(),
            tasks: Vec::new(),
        }
    }

    /// `activity`, reporting to this application's [`seen`](App::seen).
    pub(super) fn observed<A>(&self, activity: A) -> Observed<A> {
        Observed {
            activity,
            seen: self.observer.clone(),
        }
    }

    /// A worker of the application's domain on `task_list`, reporting as `identity`.
    pub(super) fn worker(&self, task_list: &str, identity: &str) -> WorkerBuilder {
        let mut worker = Worker::builder(self.client.clone());
        worker
            .domain(self.domain)
            .task_list(task_list)
            .identity(identity);
        worker
    }

    /// A decider of the application's domain on `task_list`, reporting as `identity`, with one
    /// poller: a test's decision tasks come one at a time.
    pub(super) fn decider(&self, task_list: &str, identity: &str) -> DeciderBuilder<JsonCodec> {
        let mut decider = Decider::builder(self.client.clone());
        decider
            .domain(self.domain)
            .task_list(task_list)
            .identity(identity)
            .pollers(1);
        decider
    }

    /// Registers what `worker` serves and runs it until [`stop`](App::stop).
    pub(super) async fn run_worker(&mut self, worker: Worker) {
        worker.register().await.expect("activities registered");
        let shutdown = self.shutdown.clone();
        self.tasks.push(tokio::spawn(async move {
            worker.run(shutdown).await.expect("the worker runs")
        }));
    }

    /// Registers what `decider` serves and runs it until [`stop`](App::stop).
    pub(super) async fn run_decider(&mut self, decider: Decider) {
        decider.register().await.expect("workflows registered");
        let shutdown = self.shutdown.clone();
        self.tasks.push(tokio::spawn(async move {
            decider.run(shutdown).await.expect("the decider runs")
        }));
    }

    /// The service's URL, for a binary's `AWS_ENDPOINT_URL_SWF`.
    pub fn endpoint_url(&self) -> String {
        self.server.endpoint_url()
    }

    /// Waits, at most ten seconds, for the next thing the workers report that `wanted` accepts.
    pub async fn seen(&mut self, wanted: impl Fn(&Seen) -> bool) -> Seen {
        within(10, async {
            loop {
                let seen = self
                    .seen
                    .recv()
                    .await
                    .expect("the application holds a sender");
                if wanted(&seen) {
                    return seen;
                }
            }
        })
        .await
    }

    /// Waits until a task of activity type `activity` starts for execution `workflow_id`.
    pub async fn activity_started(&mut self, activity: &str, workflow_id: &str) {
        self.seen(|seen| {
            matches!(seen, Seen::Started { activity_type, workflow_id: id, .. }
                if activity_type == activity && id == workflow_id)
        })
        .await;
    }

    /// Every event of an execution's history.
    pub async fn history(&self, execution: &WorkflowExecution) -> Vec<HistoryEvent> {
        swf_cli::history::fetch(&self.client, self.domain, execution)
            .await
            .expect("the history")
    }

    /// Shuts the workers and deciders down gracefully, then the service.
    pub async fn stop(self) {
        self.shutdown.cancel();
        for task in self.tasks {
            within(10, task)
                .await
                .expect("a worker or a decider panicked");
        }
        self.server.shutdown().await;
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
            activity_type: D::NAME.to_owned(),
            activity_id: activity_id.clone(),
            workflow_id: ctx.workflow_execution().workflow_id.clone(),
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
