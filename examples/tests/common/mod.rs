//! What every end-to-end test of the order application needs: `swf-local` in this process, the
//! application's two workers and its decider running on it as tasks, and a way to learn, without
//! waiting on a clock, when an activity has started.
//!
//! The workers serve the application's own activities, each wrapped in [`Observed`], which tells
//! the test when a task of it starts; everything else is the code the binaries run. Every wait is
//! bounded by [`within`], so a test that goes wrong fails instead of hanging.

#![allow(dead_code, unreachable_pub)]

use std::time::Duration;

use examples::order::{
    self, ChargePayment, OrderWorkflow, PackAndShip, RefundPayment, ReleaseInventory,
    ReserveInventory, SendConfirmation, SendReminder,
};
use swf_core::Client;
use swf_core::types::{EventType, HistoryEvent, WorkflowExecution};
use swf_decider::{Decider, WorkflowClient};
use swf_worker::{
    Activity, ActivityContext, ActivityDeclaration, ActivityError, CancellationToken, Worker,
};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use swf_testkit::harness::Harness;
pub use swf_testkit::harness::events::count;
pub use swf_testkit::harness::within;

/// How the application is configured for a test.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// How long packing one parcel takes.
    pub per_parcel: Duration,
    /// How long a large order waits before the approver is reminded.
    pub remind_after: Duration,
}

impl Default for Settings {
    /// Quick packing; a reminder no test waits for.
    fn default() -> Self {
        Settings {
            per_parcel: Duration::from_millis(10),
            remind_after: Duration::from_secs(600),
        }
    }
}

/// The order application running on an in-process `swf-local`.
pub struct App {
    server: swf_local::Server,
    /// A client of the service.
    pub client: Client,
    /// Starts and follows executions in the application's domain.
    pub workflows: WorkflowClient,
    /// `(activity type, workflow id)` of every activity task as it starts.
    started: mpsc::UnboundedReceiver<(String, String)>,
    shutdown: CancellationToken,
    tasks: Vec<JoinHandle<()>>,
}

impl App {
    /// Starts the service, registers everything, and runs the workers and the decider.
    pub async fn start(settings: Settings) -> App {
        // A short poll timeout: the workers wait for their polls in flight when they stop.
        let Harness { server, client } = Harness::start(Duration::from_millis(300)).await;
        let (tx, started) = mpsc::unbounded_channel();

        let mut orders = Worker::builder(client.clone());
        orders
            .domain(order::DOMAIN)
            .task_list(order::ORDERS)
            .identity("test-orders")
            .activity(observed_as(ReserveInventory, &tx))
            .activity(observed_as(ReleaseInventory, &tx))
            .activity(observed_as(ChargePayment, &tx))
            .activity(observed_as(RefundPayment, &tx))
            .activity(observed_as(SendReminder, &tx))
            .activity(observed_as(SendConfirmation, &tx));
        let mut shipping = Worker::builder(client.clone());
        shipping
            .domain(order::DOMAIN)
            .task_list(order::SHIPPING)
            .identity("test-shipping")
            .activity(observed_as(
                PackAndShip {
                    per_parcel: settings.per_parcel,
                },
                &tx,
            ));
        let orders = orders.build().expect("orders worker builds");
        orders.register().await.expect("orders registered");
        let shipping = shipping.build().expect("shipping worker builds");
        shipping.register().await.expect("shipping registered");

        let mut decider = Decider::builder(client.clone());
        decider
            .domain(order::DOMAIN)
            .task_list(order::DECISIONS)
            .identity("test-decider")
            .pollers(1);
        let workflow = OrderWorkflow {
            remind_after: settings.remind_after,
        };
        let decider = order::workflows(&mut decider, workflow)
            .build()
            .expect("decider builds");
        decider.register().await.expect("workflows registered");

        let shutdown = CancellationToken::new();
        let tasks = vec![
            tokio::spawn(run_worker(orders, shutdown.clone())),
            tokio::spawn(run_worker(shipping, shutdown.clone())),
            tokio::spawn({
                let shutdown = shutdown.clone();
                async move { decider.run(shutdown).await.expect("the decider runs") }
            }),
        ];
        App {
            workflows: WorkflowClient::new(client.clone(), order::DOMAIN),
            server,
            client,
            started,
            shutdown,
            tasks,
        }
    }

    /// Waits until a task of activity type `activity` starts for execution `workflow_id`.
    pub async fn activity_started(&mut self, activity: &str, workflow_id: &str) {
        within(10, async {
            while let Some((name, id)) = self.started.recv().await {
                if name == activity && id == workflow_id {
                    return;
                }
            }
            panic!("the workers stopped");
        })
        .await
    }

    /// Every event of an execution's history.
    pub async fn history(&self, execution: &WorkflowExecution) -> Vec<HistoryEvent> {
        swf_cli::history::fetch(&self.client, order::DOMAIN, execution)
            .await
            .expect("the history")
    }

    /// Shuts the workers and the decider down gracefully, then the service.
    pub async fn stop(self) {
        self.shutdown.cancel();
        for task in self.tasks {
            within(10, task)
                .await
                .expect("a worker or the decider panicked");
        }
        self.server.shutdown().await;
    }
}

async fn run_worker(worker: Worker, shutdown: CancellationToken) {
    worker.run(shutdown).await.expect("the worker runs");
}

fn observed_as<A>(activity: A, started: &mpsc::UnboundedSender<(String, String)>) -> Observed<A> {
    Observed {
        activity,
        started: started.clone(),
    }
}

/// An activity that reports each task's start to the test, then runs as itself.
pub struct Observed<A> {
    activity: A,
    started: mpsc::UnboundedSender<(String, String)>,
}

/// Implements the declaration `D` that `A` implements: the wrapper needs no declaration of its
/// own.
impl<D: ActivityDeclaration, A: Activity<D>> Activity<D> for Observed<A> {
    fn registration(&self) -> swf_worker::ActivityRegistration {
        self.activity.registration()
    }

    async fn run(
        &self,
        ctx: &ActivityContext,
        input: D::Input,
    ) -> Result<D::Output, ActivityError> {
        let workflow_id = ctx.workflow_execution().workflow_id.clone();
        let _ = self.started.send((D::NAME.to_owned(), workflow_id));
        self.activity.run(ctx, input).await
    }
}

/// The execution of a workflow handle.
pub fn execution<O: serde::de::DeserializeOwned>(
    run: &swf_decider::WorkflowHandle<O>,
) -> WorkflowExecution {
    WorkflowExecution {
        workflow_id: run.workflow_id().to_owned(),
        run_id: run.run_id().expect("a started run").to_owned(),
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

/// The position of the first event of type `kind`.
pub fn first(events: &[HistoryEvent], kind: EventType) -> Option<usize> {
    events.iter().position(|e| e.event_type == kind)
}
