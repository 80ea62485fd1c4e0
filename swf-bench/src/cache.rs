//! A warm decision on a long history against one on a short history, end to end with the poll.
//!
//! One execution per workflow and history length, grown by signals sent before any decider polls
//! (the history then holds the start, the first task's scheduling and the signals). A decider
//! with its state cache on takes the first task (a full replay, which fills the cache), then the
//! tasks that one more signal each brings; each is timed as one [`Decider::poll_once`]: the
//! poll, the decision, the answer. A decider with the cache off (`cache_capacity(0)`, as
//! deciders were before the cache) then takes as many tasks of the same execution, each a whole
//! history polled and replayed. The execution is then terminated.
//!
//! Two workflows, both deciding nothing: [`IgnoresSignals`] costs the decider's machinery alone;
//! [`ReadsSignals`] looks for a signal on every task, as a workflow that waits for one does, and
//! so adds the cost of its own run over the signals received, which grows with them.

use std::time::{Duration, Instant};

use swf_core::types::{ChildPolicy, SignalWorkflowExecutionInput, TerminateWorkflowExecutionInput};
use swf_decider::{
    DecidedFrom, Decider, Exit, StartOptions, TaskReport, Workflow, WorkflowClient,
    WorkflowContext, WorkflowResult,
};

use crate::Error;
use crate::drive::concurrently;
use crate::report::{Table, figure, ratio};
use crate::rig::Rig;
use crate::size::Size;

/// The short history every long one is compared with.
pub const SHORT: usize = 100;

/// The workflows, as named in the table.
pub const WORKFLOWS: [&str; 2] = ["ignores signals", "reads signals"];

/// The signal that brings a decision task.
const TICK: &str = "tick";
/// The signal [`ReadsSignals`] looks for; never sent, so every task is decided alike.
const STOP: &str = "stop";

/// Decides nothing on every task, without looking at the history: a task's cost is then the
/// decider's alone (the poll, the replay or the cache, the answer).
#[derive(Debug, Clone, Copy)]
pub struct IgnoresSignals;

impl Workflow for IgnoresSignals {
    const NAME: &'static str = "bench-ignores-signals";
    const VERSION: &'static str = "1";
    type Input = ();
    type Output = ();

    fn run(&self, _: &mut WorkflowContext<'_>, _: ()) -> WorkflowResult<()> {
        Err(Exit::Pending)
    }
}

/// Completes once a [`STOP`] signal has arrived, deciding nothing until then: each run looks for
/// it among the signals received (`WorkflowContext::signal`).
#[derive(Debug, Clone, Copy)]
pub struct ReadsSignals;

impl Workflow for ReadsSignals {
    const NAME: &'static str = "bench-reads-signals";
    const VERSION: &'static str = "1";
    type Input = ();
    type Output = ();

    fn run(&self, ctx: &mut WorkflowContext<'_>, _: ()) -> WorkflowResult<()> {
        match ctx.signal(STOP) {
            Some(_) => Ok(()),
            None => Err(Exit::Pending),
        }
    }
}

/// What one decider did with the measured tasks of one execution.
#[derive(Debug, Clone, PartialEq)]
pub struct Tasks {
    /// Wall-clock milliseconds of each `poll_once`.
    pub millis: Vec<f64>,
    /// Where each task's decision came from.
    pub decided_from: Vec<DecidedFrom>,
    /// The events each task brought.
    pub events: Vec<usize>,
}

impl Tasks {
    /// The median of [`Tasks::millis`].
    pub fn median_ms(&self) -> f64 {
        let mut sorted = self.millis.clone();
        sorted.sort_by(f64::total_cmp);
        sorted.get(sorted.len() / 2).copied().unwrap_or(0.0)
    }
}

/// One workflow's figures at one history length.
#[derive(Debug, Clone, PartialEq)]
pub struct Length {
    /// The workflow, one of [`WORKFLOWS`].
    pub workflow: &'static str,
    /// Events in the history when the first measured task arrived.
    pub events: usize,
    /// With the cache on.
    pub warm: Tasks,
    /// With the cache off.
    pub cold: Tasks,
}

/// Runs the workload: [`SHORT`] events against `size` (20,000 by default, 1,000 tiny).
pub fn run(rig: &Rig, size: Size) -> Result<Table, Error> {
    Ok(table(&measure(rig, size)?))
}

/// Measures each workflow at each history length: the short one, then the long one.
pub fn measure(rig: &Rig, size: Size) -> Result<Vec<Length>, Error> {
    let long = size.pick(1_000, 20_000).max(SHORT);
    let tasks = if size == Size::Tiny { 3 } else { 15 };
    rig.runtime.block_on(async {
        let mut lengths = Vec::new();
        for events in [SHORT, long] {
            lengths.push(one_length::<IgnoresSignals>(rig, WORKFLOWS[0], events, tasks).await?);
        }
        for events in [SHORT, long] {
            lengths.push(one_length::<ReadsSignals>(rig, WORKFLOWS[1], events, tasks).await?);
        }
        Ok(lengths)
    })
}

/// The table of `lengths`; each workflow's ratios divide by its own figures at [`SHORT`] events.
pub fn table(lengths: &[Length]) -> Table {
    let tasks = lengths.first().map_or(0, |l| l.warm.millis.len());
    let mut table = Table::new(
        "A warm decision on a long history",
        format!(
            "One execution per workflow and history length, grown by signals before any decider \
             polls; then \
             {tasks} tasks, each brought by one more signal and timed as one `poll_once` (poll, \
             decide, respond) against swf-local. Warm: swf-decider's state cache on (its \
             default), the first task's full replay filling it, so each task polls only the \
             events since the previous one. Cold: `cache_capacity(0)`, as before the cache: \
             each task polls the whole history (1,000 events a page) and replays it. Figures are \
             medians. The ratios divide by the same workflow's figure on the {SHORT}-event \
             history. Both workflows decide nothing: one ignores the history, so its tasks cost \
             the decider's machinery alone; the other looks for a `stop` signal on every task \
             (`WorkflowContext::signal`, a lookup by name), as a workflow waiting for one does, so \
             its warm tasks also pay for the workflow's own run over the state."
        ),
        &[
            "workflow",
            "history (events)",
            "warm: ms per task",
            "cold: ms per task",
            "warm ÷ warm at 100",
            "cold ÷ cold at 100",
        ],
    );
    for length in lengths {
        let Some(base) = lengths.iter().find(|l| l.workflow == length.workflow) else {
            continue;
        };
        table.row(vec![
            length.workflow.into(),
            length.events.to_string(),
            figure(length.warm.median_ms()),
            figure(length.cold.median_ms()),
            ratio(length.warm.median_ms(), base.warm.median_ms()),
            ratio(length.cold.median_ms(), base.cold.median_ms()),
        ]);
    }
    table
}

/// Grows one execution of `W` to `events` events and times `tasks` warm tasks, then `tasks`
/// cold ones.
async fn one_length<W>(
    rig: &Rig,
    workflow: &'static str,
    events: usize,
    tasks: usize,
) -> Result<Length, Error>
where
    W: Workflow<Input = (), Output = ()>,
{
    // A task list of its own: the rig's holds other workloads' executions.
    let task_list = format!("bench-cache-{}-{events}", W::NAME);
    let workflow_id = format!("cache-{}-{}-{events}", std::process::id(), W::NAME);
    let warm = decider(rig, &task_list, None)?;
    let cold = decider(rig, &task_list, Some(0))?;
    warm.register().await?;
    WorkflowClient::new(rig.core.clone(), rig.domain.clone())
        .start::<W>(
            &workflow_id,
            &(),
            &StartOptions::new()
                .task_list(&task_list)
                .execution_start_to_close_timeout(Duration::from_secs(3600))
                .task_start_to_close_timeout(Duration::from_secs(600))
                .child_policy(ChildPolicy::Terminate),
        )
        .await?;
    // The start and the first task's scheduling, then one event per signal.
    let (client, domain, id) = (rig.core.clone(), rig.domain.clone(), workflow_id.clone());
    concurrently(events.saturating_sub(2), 64, move |_| {
        let (client, domain, id) = (client.clone(), domain.clone(), id.clone());
        async move { signal(&client, &domain, &id, TICK).await }
    })
    .await?;
    // Fills the warm decider's cache.
    task(&warm).await?;
    let warm_tasks = timed(rig, &warm, &workflow_id, tasks).await?;
    let cold_tasks = timed(rig, &cold, &workflow_id, tasks).await?;
    rig.core
        .terminate_workflow_execution(TerminateWorkflowExecutionInput {
            domain: rig.domain.clone(),
            workflow_id,
            reason: Some("measured".into()),
            ..Default::default()
        })
        .await?;
    Ok(Length {
        workflow,
        events,
        warm: warm_tasks,
        cold: cold_tasks,
    })
}

/// A decider of both workflows on `task_list`, with the cache's default capacity or `capacity`.
fn decider(rig: &Rig, task_list: &str, capacity: Option<usize>) -> Result<Decider, Error> {
    let mut b = Decider::builder(rig.core.clone());
    b.domain(rig.domain.clone())
        .task_list(task_list)
        .identity("swf-bench")
        .pollers(1)
        .workflow(IgnoresSignals)
        .workflow(ReadsSignals)
        .register(true);
    if let Some(capacity) = capacity {
        b.cache_capacity(capacity);
    }
    Ok(b.build()?)
}

/// `tasks` tasks, each brought by one [`TICK`] and timed from its poll to its answer.
async fn timed(rig: &Rig, decider: &Decider, id: &str, tasks: usize) -> Result<Tasks, Error> {
    let mut out = Tasks {
        millis: Vec::new(),
        decided_from: Vec::new(),
        events: Vec::new(),
    };
    for _ in 0..tasks {
        signal(&rig.core, &rig.domain, id, TICK).await?;
        let started = Instant::now();
        let report = task(decider).await?;
        out.millis.push(started.elapsed().as_secs_f64() * 1000.0);
        out.decided_from.push(report.decided_from);
        out.events.push(report.events);
    }
    Ok(out)
}

/// One decision task, answered; a poll that finds none (the task is already scheduled, so only
/// a slow server's) is retried a few times.
async fn task(decider: &Decider) -> Result<TaskReport, Error> {
    for _ in 0..3 {
        if let Some(report) = decider.poll_once().await? {
            if !report.responded {
                return Err(format!("a task was not answered: {:?}", report.outcome).into());
            }
            return Ok(report);
        }
    }
    Err("three polls found no decision task where one was scheduled".into())
}

/// Sends signal `name`, with no input, to the latest run of `id`.
pub(crate) async fn signal(
    client: &swf_core::Client,
    domain: &str,
    id: &str,
    name: &str,
) -> Result<(), Error> {
    client
        .signal_workflow_execution(SignalWorkflowExecutionInput {
            domain: domain.into(),
            workflow_id: id.into(),
            signal_name: name.into(),
            ..Default::default()
        })
        .await?;
    Ok(())
}
