//! The service itself: one-activity workflows through swf-local in memory, on SQLite, and through
//! moto_server, at the same concurrency, with the latency from making a task available to a
//! poller receiving it.
//!
//! One workflow is: start, decision task, schedule the activity, activity task, complete it,
//! decision task, complete the workflow. Starters, deciders and workers all use swf-core and
//! answer as fast as they can, so the service is what is measured.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use swf_core::types::*;
use tokio::task::JoinSet;

use crate::Error;
use crate::report::{Table, figure, ratio};
use crate::rig::{ACTIVITIES, ACTIVITY, DECISIONS, Rig, WORKFLOW, register};
use crate::size::Size;

/// How long one service may take for its workflows before the workload gives up on it.
const DEADLINE: Duration = Duration::from_secs(300);

/// What one service did.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Workflows completed.
    pub workflows: usize,
    /// Wall-clock seconds for all of them.
    pub seconds: f64,
    /// Each task's delay from the start of the call that made it available (the start, the
    /// decision that scheduled the activity, the activity's completion) to a poll returning it.
    pub latencies: Vec<Duration>,
}

impl Outcome {
    /// The `q` quantile (0 to 1) of the latencies, in milliseconds.
    pub fn latency_ms(&self, q: f64) -> f64 {
        let mut sorted = self.latencies.clone();
        sorted.sort();
        let at = ((sorted.len() as f64 - 1.0) * q).round() as usize;
        sorted.get(at).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    }
}

/// The services, as named in the table.
pub const SERVICES: [&str; 3] = ["swf-local, in memory", "swf-local, SQLite", "moto_server"];

/// Runs the workload: `size` workflows (2,000 by default) on each swf-local, a fortieth as many
/// on moto_server (which is far slower; rates stay comparable), all at one concurrency.
///
/// `moto` is the moto_server endpoint to include, if any.
pub fn run(rig: &Rig, size: Size, moto: Option<&str>) -> Result<Table, Error> {
    let workflows = size.pick(8, 2000);
    let concurrency = if size == Size::Tiny { 4 } else { 32 };
    // A fresh swf-local for each storage: the rig's own holds the other workloads' executions,
    // whose decision tasks wait on the same task list.
    let mut outcomes = Vec::new();
    let db = std::env::temp_dir().join(format!("swf-bench-{}.sqlite", std::process::id()));
    for (service, storage) in [(SERVICES[0], None), (SERVICES[1], Some(db.as_path()))] {
        let server = rig.start_server(storage)?;
        let outcome = rig.runtime.block_on(on_new_service(
            &server.endpoint_url(),
            workflows,
            concurrency,
        ));
        rig.stop_server(server);
        outcomes.push((service, outcome?));
    }
    remove_database(db);
    if let Some(moto) = moto {
        let moto_workflows = (workflows / 40).max(concurrency);
        outcomes.push((
            SERVICES[2],
            rig.runtime
                .block_on(on_new_service(moto, moto_workflows, concurrency))?,
        ));
    }
    let mut table = Table::new(
        "One-activity workflows",
        format!(
            "{workflows} workflows on each swf-local, {} on moto_server, with {concurrency} \
             deciders and {concurrency} workers polling (swf-core), started by {} callers. \
             Poll-to-task latency runs from the start of the call that made a task available to \
             the poll that returned it. The last column divides swf-local-in-memory's rate by \
             the row's.",
            (workflows / 40).max(concurrency),
            concurrency / 4 + 1
        ),
        &[
            "service",
            "workflows",
            "workflows/s",
            "p50 poll-to-task (ms)",
            "p99 poll-to-task (ms)",
            "in memory ÷ this, workflows/s",
        ],
    );
    let base = outcomes[0].1.workflows as f64 / outcomes[0].1.seconds;
    for (service, outcome) in outcomes {
        let rate = outcome.workflows as f64 / outcome.seconds;
        table.row(vec![
            service.into(),
            outcome.workflows.to_string(),
            figure(rate),
            figure(outcome.latency_ms(0.5)),
            figure(outcome.latency_ms(0.99)),
            ratio(base, rate),
        ]);
    }
    Ok(table)
}

/// Deletes a SQLite database and its journal files; a leftover in the temporary directory is
/// harmless, so failures are ignored.
fn remove_database(db: PathBuf) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut path = db.clone().into_os_string();
        path.push(suffix);
        let _ = std::fs::remove_file(path);
    }
}

/// Registers a domain on the service at `endpoint` and runs the workflows there.
async fn on_new_service(
    endpoint: &str,
    workflows: usize,
    concurrency: usize,
) -> Result<Outcome, Error> {
    let client = swf_core::Client::local_builder(endpoint)
        .retry_config(swf_core::RetryConfig::disabled())
        .build()
        .await?;
    let domain = format!("bench-{}", std::process::id());
    register(&client, &domain).await?;
    one_activity_workflows(&client, &domain, workflows, concurrency).await
}

/// Delivery times, keyed by workflow id and task kind, waiting for their poll.
type Pending = Arc<Mutex<HashMap<(String, char), Instant>>>;

/// Runs `workflows` one-activity workflows with `concurrency` deciders and workers.
pub async fn one_activity_workflows(
    client: &swf_core::Client,
    domain: &str,
    workflows: usize,
    concurrency: usize,
) -> Result<Outcome, Error> {
    let run = format!("{}-{}", std::process::id(), run_number());
    let shared = Shared {
        client: client.clone(),
        domain: domain.to_owned(),
        pending: Pending::default(),
        latencies: Arc::default(),
        done: Arc::default(),
        finished: Arc::default(),
        workflows,
        deadline: Instant::now() + DEADLINE,
    };
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = JoinSet::new();
    for _ in 0..concurrency / 4 + 1 {
        let (shared, next, run) = (shared.clone(), next.clone(), run.clone());
        tasks.spawn(async move { shared.start(&next, &run).await });
    }
    for _ in 0..concurrency {
        let (decider, worker) = (shared.clone(), shared.clone());
        tasks.spawn(async move { decider.decide().await });
        tasks.spawn(async move { worker.work().await });
    }
    while let Some(task) = tasks.join_next().await {
        task??;
    }
    let latencies = std::mem::take(&mut *shared.latencies.lock().map_err(|_| "poisoned")?);
    let finished = shared
        .finished
        .lock()
        .map_err(|_| "poisoned")?
        .ok_or("every poller stopped, yet the last workflow's completion was not recorded")?;
    Ok(Outcome {
        workflows,
        seconds: (finished - started).as_secs_f64(),
        latencies,
    })
}

/// A distinct suffix per call, so one service can run the workload twice.
fn run_number() -> usize {
    static CALLS: AtomicUsize = AtomicUsize::new(0);
    CALLS.fetch_add(1, Ordering::Relaxed)
}

/// What the starters, deciders and workers share.
#[derive(Clone)]
struct Shared {
    client: swf_core::Client,
    domain: String,
    pending: Pending,
    latencies: Arc<Mutex<Vec<Duration>>>,
    done: Arc<AtomicUsize>,
    /// When the last workflow completed: the end of the measurement, before the other pollers'
    /// long polls run out.
    finished: Arc<Mutex<Option<Instant>>>,
    workflows: usize,
    deadline: Instant,
}

impl Shared {
    /// Whether to keep polling; an error once the deadline has passed.
    fn running(&self) -> Result<bool, Error> {
        if Instant::now() > self.deadline {
            return Err(format!(
                "{} of {} workflows done after {DEADLINE:?}",
                self.done.load(Ordering::Relaxed),
                self.workflows
            )
            .into());
        }
        Ok(self.done.load(Ordering::Relaxed) < self.workflows)
    }

    /// Notes that a task of `kind` for `workflow_id` is about to become available.
    fn offered(&self, workflow_id: &str, kind: char) {
        if let Ok(mut pending) = self.pending.lock() {
            pending.insert((workflow_id.to_owned(), kind), Instant::now());
        }
    }

    /// Records the delay of a task of `kind` for `workflow_id` that a poll just returned.
    fn delivered(&self, workflow_id: &str, kind: char) {
        let offered = self
            .pending
            .lock()
            .ok()
            .and_then(|mut p| p.remove(&(workflow_id.to_owned(), kind)));
        if let (Some(offered), Ok(mut latencies)) = (offered, self.latencies.lock()) {
            latencies.push(offered.elapsed());
        }
    }

    async fn start(&self, next: &AtomicUsize, run: &str) -> Result<(), Error> {
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= self.workflows {
                return Ok(());
            }
            let workflow_id = format!("w{run}-{i}");
            self.offered(&workflow_id, 'd');
            self.client
                .start_workflow_execution(StartWorkflowExecutionInput {
                    domain: self.domain.clone(),
                    workflow_id,
                    workflow_type: WorkflowType {
                        name: WORKFLOW.0.into(),
                        version: WORKFLOW.1.into(),
                    },
                    ..Default::default()
                })
                .await?;
        }
    }

    async fn decide(&self) -> Result<(), Error> {
        while self.running()? {
            let task = self
                .client
                .poll_for_decision_task(PollForDecisionTaskInput {
                    domain: self.domain.clone(),
                    task_list: TaskList {
                        name: DECISIONS.into(),
                    },
                    ..Default::default()
                })
                .await?;
            if task.task_token.is_empty() {
                continue;
            }
            let workflow_id = task.workflow_execution.workflow_id.clone();
            self.delivered(&workflow_id, 'd');
            let finished = task
                .events
                .iter()
                .any(|e| e.event_type == EventType::ActivityTaskCompleted);
            let decision = if finished {
                Decision::from(CompleteWorkflowExecutionDecisionAttributes::default())
            } else {
                self.offered(&workflow_id, 'a');
                Decision::from(ScheduleActivityTaskDecisionAttributes {
                    activity_id: "a".into(),
                    activity_type: ActivityType {
                        name: ACTIVITY.0.into(),
                        version: ACTIVITY.1.into(),
                    },
                    ..Default::default()
                })
            };
            self.client
                .respond_decision_task_completed(RespondDecisionTaskCompletedInput {
                    task_token: task.task_token,
                    decisions: Some(vec![decision]),
                    ..Default::default()
                })
                .await?;
            if finished
                && self.done.fetch_add(1, Ordering::Relaxed) + 1 == self.workflows
                && let Ok(mut at) = self.finished.lock()
            {
                *at = Some(Instant::now());
            }
        }
        Ok(())
    }

    async fn work(&self) -> Result<(), Error> {
        while self.running()? {
            let task = self
                .client
                .poll_for_activity_task(PollForActivityTaskInput {
                    domain: self.domain.clone(),
                    task_list: TaskList {
                        name: ACTIVITIES.into(),
                    },
                    identity: None,
                })
                .await?;
            if task.task_token.is_empty() {
                continue;
            }
            let workflow_id = task.workflow_execution.workflow_id.clone();
            self.delivered(&workflow_id, 'a');
            self.offered(&workflow_id, 'd');
            self.client
                .respond_activity_task_completed(RespondActivityTaskCompletedInput {
                    task_token: task.task_token,
                    result: Some("ok".into()),
                })
                .await?;
        }
        Ok(())
    }
}
