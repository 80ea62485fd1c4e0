//! What the end-to-end tests share: an in-process swf-local with a domain and a workflow type, a
//! worker builder pointed at it, a scripted decider, and history helpers.
//!
//! Nothing here sleeps to wait for something to happen: the tests wait on decision tasks (which
//! SWF schedules when an activity task closes), on channels from the activities, and on the
//! proxy's notifications ([`FaultProxy`], from swf-testkit), each bounded.

// Each test binary uses a part of this module; what one leaves unused is not dead.
#![allow(dead_code, unused_imports, unreachable_pub, missing_docs)]

pub use swf_testkit::harness::decisions::{
    request_cancel_activity as request_cancel, schedule_activity as schedule_with,
};
pub use swf_testkit::harness::events::{count, of_type};
pub use swf_testkit::harness::{client as client_for, within};
pub use swf_testkit::proxy::{Fault, FaultProxy};

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use swf_core::types::*;
use swf_core::{Client, RetryConfig};
use swf_local::Server;
use swf_testkit::harness::{Domain, Harness};
use swf_worker::{
    Activity, ActivityContext, ActivityDeclaration, ActivityError, ActivityRegistration,
    CancellationToken, MetricsSnapshot, Timeout, WorkerBuilder, WorkerError, WorkerMetrics,
};
use tokio::sync::{Notify, mpsc};
use tokio::task::JoinHandle;

pub const DOMAIN: &str = "d";
pub const WORKFLOW: &str = "wf";
pub const DECISIONS: &str = "decisions";
pub const ACTIVITIES: &str = "activities";

/// The operations the tests script faults for, as the proxy names them.
pub const HEARTBEAT: &str = "RecordActivityTaskHeartbeat";
pub const COMPLETED: &str = "RespondActivityTaskCompleted";
pub const FAILED: &str = "RespondActivityTaskFailed";
pub const ACTIVITY_POLL: &str = "PollForActivityTask";

/// The identity the tests' scripted decider polls with.
const IDENTITY: Option<&str> = Some("test-decider");

/// A running swf-local with domain `d` and workflow type `wf`, and a client for it.
pub struct Env {
    pub server: Server,
    pub client: Client,
    /// Domain `d`, through `client`.
    pub domain: Domain,
}

/// A worker running in the background until the test stops it.
pub struct Running {
    /// The worker's counters, readable while it runs.
    pub metrics: WorkerMetrics,
    /// The worker's shutdown signal.
    pub shutdown: CancellationToken,
    run: JoinHandle<Result<(), WorkerError>>,
}

impl Running {
    /// Builds a worker from `builder` and runs it in the background.
    pub fn start(builder: &mut WorkerBuilder) -> Running {
        let worker = builder.build().unwrap();
        let shutdown = CancellationToken::new();
        Running {
            metrics: worker.metrics(),
            shutdown: shutdown.clone(),
            run: tokio::spawn(worker.run(shutdown)),
        }
    }

    /// Signals the shutdown, then [`finish`](Self::finish)es.
    pub async fn stop(self) -> MetricsSnapshot {
        self.shutdown.cancel();
        self.finish().await
    }

    /// Waits for `run` to return (the test has signalled the shutdown), checks that it returned
    /// `Ok`, and returns the worker's final counters.
    pub async fn finish(self) -> MetricsSnapshot {
        self.run.await.unwrap().unwrap();
        self.metrics.snapshot()
    }
}

/// How a worker's tasks ended, from its counters; compared whole, so that a task counted under
/// the wrong end fails the test.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Ends {
    pub completed: u64,
    pub failed: u64,
    pub cancelled: u64,
    pub gone: u64,
    pub respond_errors: u64,
}

impl From<MetricsSnapshot> for Ends {
    fn from(m: MetricsSnapshot) -> Ends {
        Ends {
            completed: m.tasks_completed,
            failed: m.tasks_failed,
            cancelled: m.tasks_cancelled,
            gone: m.tasks_gone,
            respond_errors: m.respond_errors,
        }
    }
}

impl Env {
    /// A service whose empty polls return after 500 ms.
    pub async fn start() -> Env {
        Env::with_poll_timeout(Duration::from_millis(500)).await
    }

    pub async fn with_poll_timeout(poll_timeout: Duration) -> Env {
        let Harness { server, client } = Harness::start(poll_timeout).await;
        let domain = Domain::new(client.clone(), DOMAIN);
        domain.register().await.unwrap();
        domain
            .register_workflow_type(RegisterWorkflowTypeInput {
                name: WORKFLOW.into(),
                version: "1".into(),
                default_task_list: Some(TaskList {
                    name: DECISIONS.into(),
                }),
                default_execution_start_to_close_timeout: Some("120".into()),
                default_task_start_to_close_timeout: Some("20".into()),
                default_child_policy: Some(ChildPolicy::Terminate),
                ..Default::default()
            })
            .await
            .unwrap();
        Env {
            server,
            client,
            domain,
        }
    }

    pub fn endpoint(&self) -> String {
        self.server.endpoint_url()
    }

    /// A worker builder for domain `d` and task list `activities`, talking through `client`,
    /// with a 1 s shutdown grace period.
    pub fn worker_with(&self, client: Client) -> WorkerBuilder {
        let mut builder = swf_worker::Worker::builder(client);
        builder
            .domain(DOMAIN)
            .task_list(ACTIVITIES)
            .identity("test-worker")
            .shutdown_grace_period(Duration::from_secs(1));
        builder
    }

    pub fn worker(&self) -> WorkerBuilder {
        self.worker_with(self.client.clone())
    }

    /// A [`FaultProxy`] in front of the service, and a worker builder whose client talks
    /// through it with `retry`.
    pub async fn through_proxy(&self, retry: RetryConfig) -> (FaultProxy, WorkerBuilder) {
        let proxy = FaultProxy::start(&self.endpoint()).await;
        let client = client_for(&proxy.endpoint_url(), retry).await;
        (proxy, self.worker_with(client))
    }

    /// Registers what `builder` serves, then runs a worker built from it in the background.
    pub async fn run(&self, builder: &mut WorkerBuilder) -> Running {
        self.register(builder).await;
        Running::start(builder)
    }

    /// Registers the domain and the types `builder` serves, without running a worker.
    pub async fn register(&self, builder: &mut WorkerBuilder) {
        builder.build().unwrap().register().await.unwrap();
    }

    /// Starts workflow `workflow_id` and answers its first decision task with `decisions`.
    pub async fn start_workflow(
        &self,
        workflow_id: &str,
        decisions: Vec<Decision>,
    ) -> WorkflowExecution {
        let execution = self
            .domain
            .start(StartWorkflowExecutionInput {
                workflow_id: workflow_id.into(),
                workflow_type: WorkflowType {
                    name: WORKFLOW.into(),
                    version: "1".into(),
                },
                ..Default::default()
            })
            .await;
        let task = self.domain.next_decision(DECISIONS, IDENTITY).await;
        self.domain.decide(&task, decisions).await;
        execution
    }

    /// Answers decision tasks as `decide` says until it says `None`, and returns the history it
    /// saw last. Panics after 200 polls.
    pub async fn decide_until(
        &self,
        mut decide: impl FnMut(&[HistoryEvent]) -> Option<Vec<Decision>>,
    ) -> Vec<HistoryEvent> {
        for _ in 0..200 {
            let Some(task) = self.domain.poll_decision(DECISIONS, IDENTITY).await else {
                continue;
            };
            let failed = of_type(&task.events, EventType::ScheduleActivityTaskFailed);
            assert!(failed.is_empty(), "scheduling failed: {failed:#?}");
            match decide(&task.events) {
                Some(decisions) => self.domain.decide(&task, decisions).await,
                None => {
                    self.domain.decide(&task, Vec::new()).await;
                    return task.events;
                }
            }
        }
        panic!("the decider gave up waiting");
    }

    /// Waits until the history satisfies `done`, answering decision tasks with no decisions.
    pub async fn wait_for(&self, done: impl Fn(&[HistoryEvent]) -> bool) -> Vec<HistoryEvent> {
        self.decide_until(|events| if done(events) { None } else { Some(Vec::new()) })
            .await
    }

    /// Waits until `tasks` activity tasks have completed or timed out, the two ends a heartbeat
    /// test tells apart, answering decision tasks with no decisions; returns the history.
    pub async fn wait_for_completed_or_timed_out(&self, tasks: usize) -> Vec<HistoryEvent> {
        self.wait_for(|events| {
            count(events, EventType::ActivityTaskCompleted)
                + count(events, EventType::ActivityTaskTimedOut)
                == tasks
        })
        .await
    }

    /// Signals the execution, which gives its decider a decision task.
    pub async fn signal(&self, execution: &WorkflowExecution, name: &str) {
        let run_id = Some(execution.run_id.as_str());
        self.domain
            .signal(&execution.workflow_id, run_id, name, None)
            .await;
    }

    /// The execution's whole history.
    pub async fn history(&self, execution: &WorkflowExecution) -> Vec<HistoryEvent> {
        self.domain.history(execution).await
    }

    /// How many activity tasks of the execution are open.
    pub async fn open_activity_tasks(&self, execution: &WorkflowExecution) -> i32 {
        self.client
            .describe_workflow_execution(DescribeWorkflowExecutionInput {
                domain: DOMAIN.into(),
                execution: execution.clone(),
            })
            .await
            .unwrap()
            .open_counts
            .open_activity_tasks
    }
}

/// Tells the test it started, then, when its input is `true`, waits for the test's release;
/// completes with `"done"`.
pub struct Held {
    pub started: mpsc::UnboundedSender<()>,
    pub release: Arc<Notify>,
    pub heartbeat_timeout: Timeout,
}

impl Held {
    /// The activity, the receiver of its starts, and its release.
    pub fn new(heartbeat_timeout: Timeout) -> (Held, mpsc::UnboundedReceiver<()>, Arc<Notify>) {
        let (started, started_rx) = mpsc::unbounded_channel();
        let release = Arc::new(Notify::new());
        let held = Held {
            started,
            release: release.clone(),
            heartbeat_timeout,
        };
        (held, started_rx, release)
    }
}

impl ActivityDeclaration for Held {
    const NAME: &'static str = "Held";
    const VERSION: &'static str = "1";
    type Input = bool;
    type Output = String;
}

impl Activity for Held {
    fn registration(&self) -> ActivityRegistration {
        options(self.heartbeat_timeout)
    }

    async fn run(&self, _: &ActivityContext, hold: bool) -> Result<String, ActivityError> {
        let release = self.release.notified();
        self.started.send(()).unwrap();
        if hold {
            release.await;
        }
        Ok("done".into())
    }
}

/// Works for as many milliseconds as its input says, registered with `registered` as its
/// heartbeat timeout. It never records details: its heartbeats are the worker's own.
pub struct Works {
    pub registered: Timeout,
}

impl ActivityDeclaration for Works {
    const NAME: &'static str = "Works";
    const VERSION: &'static str = "1";
    type Input = u64;
    type Output = ();
}

impl Activity for Works {
    fn registration(&self) -> ActivityRegistration {
        options(self.registered)
    }

    async fn run(&self, _: &ActivityContext, millis: u64) -> Result<(), ActivityError> {
        // The activity's work: how long it outlives its heartbeat timeout is what tests it.
        tokio::time::sleep(Duration::from_millis(millis)).await;
        Ok(())
    }
}

/// Registration defaults for test activities: 20 s to start, 30 s to run, 60 s in all, and the
/// given heartbeat timeout.
pub fn options(heartbeat_timeout: Timeout) -> ActivityRegistration {
    ActivityRegistration::new()
        .schedule_to_start_timeout(Duration::from_secs(20))
        .start_to_close_timeout(Duration::from_secs(30))
        .schedule_to_close_timeout(Duration::from_secs(60))
        .heartbeat_timeout(heartbeat_timeout)
}

/// A `ScheduleActivityTask` decision for `name` version 1 with id `activity_id`.
pub fn schedule(name: &str, activity_id: &str, input: Option<&str>) -> Decision {
    schedule_with(ScheduleActivityTaskDecisionAttributes {
        activity_type: ActivityType {
            name: name.into(),
            version: "1".into(),
        },
        activity_id: activity_id.into(),
        input: input.map(str::to_owned),
        ..Default::default()
    })
}

/// The activity id of the task whose `ActivityTaskScheduled` event is `scheduled_event_id`.
pub fn activity_id(events: &[HistoryEvent], scheduled_event_id: i64) -> String {
    events
        .iter()
        .find(|e| e.event_id == scheduled_event_id)
        .and_then(|e| e.activity_task_scheduled_event_attributes.as_ref())
        .map(|a| a.activity_id.clone())
        .expect("a scheduled event")
}

/// The failures in a history, as (activity id, reason, details).
pub fn failures(events: &[HistoryEvent]) -> Vec<(String, String, Option<String>)> {
    events
        .iter()
        .filter_map(|e| e.activity_task_failed_event_attributes.as_ref())
        .map(|a| {
            (
                activity_id(events, a.scheduled_event_id),
                a.reason.clone().unwrap_or_default(),
                a.details.clone(),
            )
        })
        .collect()
}

/// No activity task of the history timed out.
pub fn assert_no_timeouts(events: &[HistoryEvent]) {
    let timeouts: Vec<_> = of_type(events, EventType::ActivityTaskTimedOut);
    assert!(
        timeouts.is_empty(),
        "activity tasks timed out: {timeouts:#?}"
    );
}
