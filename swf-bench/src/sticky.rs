//! Three deciders on one task list, with and without sticky task lists: how many decision tasks
//! reach the decider that holds the execution's state, and what the others cost.
//!
//! Each mode gets executions of its own, grown to a long history by signals before any decider
//! polls. Three deciders, each with its own state cache (three processes, as far as the cache can
//! tell), then take turns as any fleet would: each polls the shared task list, and in the sticky
//! mode also its own list, with as many loops as a running decider has pollers. The executions
//! are signaled in rounds, each round waiting (a bounded wait) until the round's tasks are
//! answered; the last round's signal completes them. Every task's [`TaskReport`] says whether it
//! was decided from the cache, how many events it brought, and how many history pages it read.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use swf_core::types::ChildPolicy;
use swf_decider::{
    CancellationToken, DecidedFrom, Decider, Exit, StartOptions, TaskReport, Workflow,
    WorkflowClient, WorkflowContext, WorkflowResult,
};

use crate::Error;
use crate::cache::signal;
use crate::drive::concurrently;
use crate::report::{Table, figure};
use crate::rig::Rig;
use crate::size::Size;

/// How many deciders share the task list.
const DECIDERS: usize = 3;
/// The signal that brings a decision task.
const TICK: &str = "tick";
/// The signal that completes an execution.
const DONE: &str = "done";

/// Completes once [`DONE`] arrives; decides nothing until then.
#[derive(Debug, Clone, Copy)]
pub struct WaitsForDone;

impl Workflow for WaitsForDone {
    const NAME: &'static str = "bench-waits-for-done";
    const VERSION: &'static str = "1";
    type Input = ();
    type Output = ();

    fn run(&self, ctx: &mut WorkflowContext<'_>, _: ()) -> WorkflowResult<()> {
        match ctx.signal(DONE) {
            Some(_) => Ok(()),
            None => Err(Exit::Pending),
        }
    }
}

/// What the tasks of one mode came to.
#[derive(Debug, Clone, PartialEq)]
pub struct Mode {
    /// `sticky` or `shared only`.
    pub name: &'static str,
    /// Every task answered after the executions' first.
    pub tasks: usize,
    /// Of those, decided from the cache.
    pub from_cache: usize,
    /// The events the tasks brought, in all.
    pub events: usize,
    /// The `GetWorkflowExecutionHistory` pages read, in all.
    pub history_pages: usize,
    /// From the first round's signals to the last answer.
    pub wall: Duration,
}

/// Runs the workload: 30 executions of 2,000 events, 10 rounds (`size` sets the events; tiny: 3
/// executions of 100 events, 2 rounds).
pub fn run(rig: &Rig, size: Size) -> Result<Table, Error> {
    Ok(table(&measure(rig, size)?))
}

/// Measures both modes.
pub fn measure(rig: &Rig, size: Size) -> Result<Vec<Mode>, Error> {
    let events = size.pick(100, 2_000);
    let (executions, rounds) = if size == Size::Tiny { (3, 2) } else { (30, 10) };
    rig.runtime.block_on(async {
        let mut modes = Vec::new();
        for sticky in [false, true] {
            modes.push(one_mode(rig, sticky, executions, events, rounds).await?);
        }
        Ok(modes)
    })
}

/// The table of `modes`.
pub fn table(modes: &[Mode]) -> Table {
    let mut table = Table::new(
        "Three deciders on one task list: sticky task lists",
        format!(
            "{DECIDERS} deciders in one process, each with its own state cache, share one task \
             list; each runs two polling loops on it, and with sticky task lists (opt-in) two \
             more on its own list. Each execution's history is grown by signals before any \
             decider polls; then rounds of one signal per execution, each round's tasks answered \
             before the next is sent. Tasks count those after each execution's first (which no \
             cache holds). A task not decided from the cache reads the whole history with \
             `GetWorkflowExecutionHistory` (1,000 events a page) and replays it."
        ),
        &[
            "mode",
            "tasks",
            "decided from the cache",
            "events polled per task",
            "history pages read",
            "wall ms",
        ],
    );
    for m in modes {
        let share = if m.tasks == 0 {
            0.0
        } else {
            100.0 * m.from_cache as f64 / m.tasks as f64
        };
        table.row(vec![
            m.name.into(),
            m.tasks.to_string(),
            format!("{} ({}%)", m.from_cache, figure(share)),
            figure(m.events as f64 / m.tasks.max(1) as f64),
            m.history_pages.to_string(),
            figure(m.wall.as_secs_f64() * 1000.0),
        ]);
    }
    table
}

/// One mode: its executions grown, its deciders polling, the rounds signaled.
async fn one_mode(
    rig: &Rig,
    sticky: bool,
    executions: usize,
    events: usize,
    rounds: usize,
) -> Result<Mode, Error> {
    let name = if sticky { "sticky" } else { "shared only" };
    let task_list = format!("bench-sticky-{sticky}");
    let ids: Vec<String> = (0..executions)
        .map(|i| format!("sticky-{}-{sticky}-{i}", std::process::id()))
        .collect();
    let workflows = WorkflowClient::new(rig.core.clone(), rig.domain.clone());
    let deciders: Vec<Decider> = (0..DECIDERS)
        .map(|i| decider(rig, &task_list, i, sticky))
        .collect::<Result<_, _>>()?;
    deciders[0].register().await?;
    for id in &ids {
        let options = StartOptions::new()
            .task_list(&task_list)
            .execution_start_to_close_timeout(Duration::from_secs(3600))
            .task_start_to_close_timeout(Duration::from_secs(600))
            .child_policy(ChildPolicy::Terminate);
        workflows.start::<WaitsForDone>(id, &(), &options).await?;
    }
    // The start and the first task's scheduling, then one event per signal.
    let per_execution = events.saturating_sub(2);
    let (client, domain, all) = (rig.core.clone(), rig.domain.clone(), Arc::new(ids.clone()));
    concurrently(per_execution * executions, 64, move |n| {
        let (client, domain) = (client.clone(), domain.clone());
        let id = all[n % all.len()].clone();
        async move { signal(&client, &domain, &id, TICK).await }
    })
    .await?;

    let reports = Arc::new(Mutex::new(Vec::new()));
    let stop = CancellationToken::new();
    let mut loops = Vec::new();
    for d in &deciders {
        let lists: &[bool] = if sticky { &[false, true] } else { &[false] };
        for &on_sticky in lists {
            for _ in 0..2 {
                loops.push(tokio::spawn(poll_loop(
                    d.clone(),
                    on_sticky,
                    reports.clone(),
                    stop.clone(),
                )));
            }
        }
    }
    // Each execution's first task (a full replay everywhere), before the clock starts.
    answered(&reports, executions).await?;
    let first = reports.lock().map(|r| r.len()).unwrap_or(0);
    let started = Instant::now();
    for round in 0..rounds {
        let last = round + 1 == rounds;
        for id in &ids {
            signal(&rig.core, &rig.domain, id, if last { DONE } else { TICK }).await?;
        }
        answered(&reports, first + (round + 1) * executions).await?;
    }
    let wall = started.elapsed();
    stop.cancel();
    for l in loops {
        l.await.map_err(|e| format!("a polling loop failed: {e}"))?;
    }
    let reports = reports.lock().map_err(|_| "a polling loop panicked")?;
    let measured = &reports[first..];
    Ok(Mode {
        name,
        tasks: measured.len(),
        from_cache: measured
            .iter()
            .filter(|r| r.decided_from == DecidedFrom::Cache)
            .count(),
        events: measured.iter().map(|r| r.events).sum(),
        history_pages: measured.iter().map(|r| r.history_pages).sum(),
        wall,
    })
}

/// Decider `i` of the workflow on `task_list`.
fn decider(rig: &Rig, task_list: &str, i: usize, sticky: bool) -> Result<Decider, Error> {
    let mut b = Decider::builder(rig.core.clone());
    b.domain(rig.domain.clone())
        .task_list(task_list)
        .identity(format!("swf-bench-{i}"))
        .workflow(WaitsForDone)
        .register(true)
        .sticky_task_list(sticky);
    Ok(b.build()?)
}

/// Polls one list of `decider` until `stop`, keeping each task's report. A poll in flight is let
/// end (swf-local's polls last at most a second here): a task it brings is decided.
async fn poll_loop(
    decider: Decider,
    sticky: bool,
    reports: Arc<Mutex<Vec<TaskReport>>>,
    stop: CancellationToken,
) {
    while !stop.is_cancelled() {
        let polled = if sticky {
            decider.poll_sticky_once().await
        } else {
            decider.poll_once().await
        };
        if let Ok(Some(report)) = polled
            && let Ok(mut reports) = reports.lock()
        {
            reports.push(report);
        }
    }
}

/// Waits until `count` tasks were answered, looking every millisecond, for at most 60 s.
async fn answered(reports: &Mutex<Vec<TaskReport>>, count: usize) -> Result<(), Error> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let seen = reports.lock().map(|r| r.len()).unwrap_or(0);
        if seen >= count {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!("{seen} of {count} decision tasks answered within 60 s").into());
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}
