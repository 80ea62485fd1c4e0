//! Many activities heartbeating at once: swf-worker's `Worker` holding thousands of tasks that
//! each wait for a few heartbeat timeouts while the worker's automatic heartbeats keep them alive.
//!
//! The tasks are scheduled (500 per workflow run, as swf-worker's own bench schedules them) with
//! a heartbeat timeout much shorter than their type's registered one, so only a worker that
//! follows each task's effective timeout keeps them alive. swf-local runs in a process of its own
//! ([`LocalProcess`]), so the bench process's resident memory is the worker's.
//!
//! Measured: the heartbeat calls per second while every task is in flight, against the most the
//! throttle allows (one per task per 0.8 × timeout); the `ActivityTaskTimedOut` events in the
//! histories afterwards; the growth of the process's resident memory per task in flight.

use std::path::Path;
use std::time::{Duration, Instant};

use futures::TryStreamExt;
use swf_core::types::{
    EventType, ExecutionTimeFilter, GetWorkflowExecutionHistoryInput,
    ListOpenWorkflowExecutionsInput, Timestamp,
};
use swf_worker::{CancellationToken, MetricsSnapshot, Worker, WorkerMetrics};

use crate::Error;
use crate::backlog;
use crate::cpu::resident_kib;
use crate::local_process::LocalProcess;
use crate::report::{Table, figure};
use crate::size::Size;
use crate::wait::Wait;

/// The peer, as named in the table.
pub const CLIENT: &str = "swf-worker Worker";
/// The task list of the tasks.
const TASK_LIST: &str = "heartbeat";
/// How many heartbeat timeouts each task works for.
const WORK_TIMEOUTS: u32 = 3;
/// The heartbeat timeout the activity type is registered with: far longer than the one its
/// tasks are scheduled with, so a worker heartbeating by the registration would lose them all.
const REGISTERED_HEARTBEAT_TIMEOUT: Duration = Duration::from_secs(600);
/// The worker's pollers.
const POLLERS: usize = 8;
/// The share of the heartbeat timeout between two heartbeats of a task (the worker's default).
const THROTTLE_RATIO: f64 = 0.8;
/// How often the worker's counters and the process's memory are read.
const SAMPLE_EVERY: Duration = Duration::from_millis(50);
/// How long the tasks may take beyond their work before the workload gives up.
const SLACK: Duration = Duration::from_secs(120);
/// The target for the memory of one task in flight.
const TARGET_KIB_PER_TASK: f64 = 16.0;

/// What one run measured.
#[derive(Debug, Clone, PartialEq)]
pub struct Measured {
    /// Tasks scheduled.
    pub tasks: usize,
    /// The most tasks the worker held at once (started, not yet answered).
    pub in_flight: usize,
    /// The heartbeat timeout the tasks were scheduled with.
    pub timeout: Duration,
    /// How many heartbeat intervals (0.8 × timeout) the rate was measured over, every task in
    /// flight throughout.
    pub intervals: u32,
    /// Heartbeat calls in those intervals.
    pub window_calls: u64,
    /// How far past the window's planned ends its two readings were taken, at most.
    pub reading_lateness: Duration,
    /// `RecordActivityTaskHeartbeat` calls over the whole run.
    pub heartbeats: u64,
    /// Heartbeat calls that failed (each was retried).
    pub heartbeat_errors: u64,
    /// `ActivityTaskCompleted` events in the histories.
    pub completed: usize,
    /// `ActivityTaskTimedOut` events in the histories.
    pub timed_out: usize,
    /// Growth of the process's resident memory, from before the worker started to its peak.
    pub memory_kib: f64,
}

impl Measured {
    /// The most heartbeat calls per second the throttle allows: in flight ÷ (0.8 × timeout).
    pub fn bound(&self) -> f64 {
        self.in_flight as f64 / (THROTTLE_RATIO * self.timeout.as_secs_f64())
    }

    /// Resident memory per task in flight, in KiB.
    pub fn kib_per_task(&self) -> f64 {
        self.memory_kib / self.in_flight.max(1) as f64
    }

    /// The heartbeat interval: 0.8 × the timeout.
    fn interval(&self) -> Duration {
        self.timeout.mul_f64(THROTTLE_RATIO)
    }

    /// Heartbeat calls per second while every task was in flight: the calls over the window's
    /// whole intervals.
    pub fn heartbeats_per_second(&self) -> f64 {
        self.window_calls as f64 / (self.interval() * self.intervals).as_secs_f64()
    }

    /// Whether the rate is within [`bound`](Self::bound), counted rather than divided: at most
    /// one call per task in flight per interval.
    pub fn rate_met(&self) -> bool {
        self.window_calls <= self.in_flight as u64 * u64::from(self.intervals)
    }

    /// Whether the target is met: the rate within the bound, no timeout, at most
    /// 16 KiB per task.
    pub fn target_met(&self) -> bool {
        self.rate_met() && self.timed_out == 0 && self.kib_per_task() <= TARGET_KIB_PER_TASK
    }
}

/// Runs the workload and tabulates it: `size` tasks (5,000 by default, 50 at tiny) on a
/// swf-local started from `program` (the bench's binary, see [`LocalProcess`]).
pub fn run(size: Size, program: &Path) -> Result<Table, Error> {
    Ok(table(&measure(size, program)?))
}

/// Runs the workload: 15 s heartbeat timeouts (2 s at tiny), each task working for three.
pub fn measure(size: Size, program: &Path) -> Result<Measured, Error> {
    let tasks = size.pick(50, 5_000);
    let timeout = Duration::from_secs(if size == Size::Tiny { 2 } else { 15 });
    let work = timeout * WORK_TIMEOUTS;
    let server = LocalProcess::start(program)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .thread_name("swf-bench-hb")
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let client = swf_core::Client::local_builder(server.endpoint())
            .retry_config(swf_core::RetryConfig::disabled())
            .build()
            .await?;
        let activity = Wait {
            work,
            heartbeat_timeout: REGISTERED_HEARTBEAT_TIMEOUT,
        };
        activity
            .schedule(&client, TASK_LIST, tasks, Some(timeout))
            .await?;
        let mut builder = Worker::builder(client.clone());
        builder
            .domain(backlog::DOMAIN)
            .task_list(TASK_LIST)
            .activity(activity)
            .pollers(POLLERS)
            .max_concurrent_tasks(tasks)
            .register(false);
        let worker = builder.build()?;
        let run = watch(worker, tasks, timeout, work).await?;
        let (completed, timed_out) = outcomes(&client).await?;
        if completed + timed_out != tasks {
            return Err(format!(
                "the histories hold {completed} completed and {timed_out} timed-out tasks of \
                 {tasks} scheduled"
            )
            .into());
        }
        let samples = &run.samples;
        let base = samples.first().map_or(0, |s| s.resident_kib);
        let peak = samples.iter().map(|s| s.resident_kib).max().unwrap_or(base);
        let last = samples.last().map(|s| s.metrics).unwrap_or_default();
        Ok(Measured {
            tasks,
            in_flight: samples.iter().map(Sample::in_flight).max().unwrap_or(0),
            timeout,
            intervals: run.window.intervals,
            window_calls: run.to.metrics.heartbeats_sent - run.from.metrics.heartbeats_sent,
            reading_lateness: (run.from.at - run.window.from).max(run.to.at - run.window.to),
            heartbeats: last.heartbeats_sent,
            heartbeat_errors: last.heartbeat_errors,
            completed,
            timed_out,
            memory_kib: peak.saturating_sub(base) as f64,
        })
    })
}

/// The worker's counters and the process's memory at one instant.
#[derive(Debug, Clone, Copy)]
struct Sample {
    at: Instant,
    metrics: MetricsSnapshot,
    resident_kib: u64,
}

impl Sample {
    fn now(metrics: &WorkerMetrics) -> Sample {
        Sample {
            at: Instant::now(),
            metrics: metrics.snapshot(),
            resident_kib: resident_kib().0,
        }
    }

    /// Tasks answered, whichever way, or given up as gone.
    fn answered(&self) -> usize {
        let m = &self.metrics;
        (m.tasks_completed + m.tasks_failed + m.tasks_cancelled + m.tasks_gone) as usize
    }

    fn in_flight(&self) -> usize {
        (self.metrics.tasks_started as usize).saturating_sub(self.answered())
    }
}

/// When the heartbeat rate is read: from one heartbeat timeout after the last task started (by
/// then every task heartbeats on its own timeout's schedule, once per interval) for as many whole
/// intervals as end before the first task can be answered. Over whole intervals each task sends
/// as many heartbeats wherever its phase falls; over any other span, where the phases of tasks
/// started in one burst fall would bias the count.
#[derive(Debug, Clone, Copy)]
struct Window {
    from: Instant,
    to: Instant,
    intervals: u32,
}

impl Window {
    /// The window for tasks that all started between `before_first` and `all_started`, each
    /// scheduled with `timeout` and working for `work`.
    fn plan(
        before_first: Instant,
        all_started: Instant,
        timeout: Duration,
        work: Duration,
    ) -> Result<Window, Error> {
        let interval = timeout.mul_f64(THROTTLE_RATIO);
        let from = all_started + timeout;
        // No task is answered before the first one's work is done.
        let first_answer = before_first + work;
        let room = first_answer.saturating_duration_since(from);
        let intervals = (room.as_secs_f64() / interval.as_secs_f64()) as u32;
        if intervals == 0 {
            return Err(format!(
                "starting the tasks took {:?}: too long to leave a whole heartbeat interval \
                 with every task in flight",
                all_started - before_first
            )
            .into());
        }
        Ok(Window {
            from,
            to: from + interval * intervals,
            intervals,
        })
    }
}

/// What [`watch`] saw.
#[derive(Debug)]
struct Watched {
    /// Every [`SAMPLE_EVERY`], the first before the worker started.
    samples: Vec<Sample>,
    /// Taken at the [`Window`]'s ends.
    from: Sample,
    to: Sample,
    window: Window,
}

/// Runs `worker` until it has answered `tasks` tasks, sampling every [`SAMPLE_EVERY`] and at the
/// ends of the [`Window`]; stops it either way.
async fn watch(
    worker: Worker,
    tasks: usize,
    timeout: Duration,
    work: Duration,
) -> Result<Watched, Error> {
    let metrics = worker.metrics();
    let shutdown = CancellationToken::new();
    let first = Sample::now(&metrics);
    let running = tokio::spawn(worker.run(shutdown.clone()));
    let watched = sample(&metrics, first, tasks, timeout, work).await;
    shutdown.cancel();
    running.await??;
    watched
}

/// The samples of [`watch`], until `tasks` tasks are answered or [`SLACK`] after their work.
async fn sample(
    metrics: &WorkerMetrics,
    first: Sample,
    tasks: usize,
    timeout: Duration,
    work: Duration,
) -> Result<Watched, Error> {
    let deadline = first.at + work + SLACK;
    let mut samples = vec![first];
    let mut before_first = first.at;
    let mut window: Option<Window> = None;
    let mut ends: Vec<Sample> = Vec::new();
    loop {
        let regular = samples.last().map_or(first.at, |s| s.at) + SAMPLE_EVERY;
        let end = window.and_then(|w| [w.from, w.to].get(ends.len()).copied());
        let wake = end.map_or(regular, |end| end.min(regular));
        tokio::time::sleep_until(wake.into()).await;
        let sample = Sample::now(metrics);
        samples.push(sample);
        if end.is_some_and(|end| sample.at >= end) {
            ends.push(sample);
        }
        if sample.metrics.tasks_started == 0 {
            before_first = sample.at;
        }
        if window.is_none() && sample.metrics.tasks_started as usize >= tasks {
            window = Some(Window::plan(before_first, sample.at, timeout, work)?);
        }
        if sample.answered() >= tasks {
            break;
        }
        if sample.at > deadline {
            let answered = sample.answered();
            return Err(format!(
                "the worker answered {answered} of {tasks} tasks in {:?}",
                sample.at - first.at
            )
            .into());
        }
    }
    let (Some(window), &[from, to]) = (window, ends.as_slice()) else {
        return Err("the tasks were answered before the heartbeat rate was read".into());
    };
    if to.answered() > 0 {
        return Err("a task was answered before the heartbeat rate was read".into());
    }
    Ok(Watched {
        samples,
        from,
        to,
        window,
    })
}

/// The `ActivityTaskCompleted` and `ActivityTaskTimedOut` events in the histories of every run
/// in the domain (the runs stay open: nothing decides after the first decision).
async fn outcomes(client: &swf_core::Client) -> Result<(usize, usize), Error> {
    let runs: Vec<_> = client
        .list_open_workflow_executions_stream(ListOpenWorkflowExecutionsInput {
            domain: backlog::DOMAIN.into(),
            start_time_filter: ExecutionTimeFilter {
                oldest_date: Timestamp::from_millis(0),
                latest_date: None,
            },
            ..Default::default()
        })
        .try_collect()
        .await?;
    let (mut completed, mut timed_out) = (0, 0);
    for run in runs {
        let history = client
            .get_whole_workflow_execution_history(GetWorkflowExecutionHistoryInput {
                domain: backlog::DOMAIN.into(),
                execution: run.execution,
                ..Default::default()
            })
            .await?;
        for event in &history.events {
            match event.event_type {
                EventType::ActivityTaskCompleted => completed += 1,
                EventType::ActivityTaskTimedOut => timed_out += 1,
                _ => {}
            }
        }
    }
    Ok((completed, timed_out))
}

/// The table of one run.
pub fn table(m: &Measured) -> Table {
    let mut table = Table::new(
        "Heartbeating activities",
        format!(
            "{} tasks, each scheduled with a {} s heartbeat timeout (its type is registered with \
             {} s, so only a worker following each task's own timeout keeps them alive) and \
             waiting {WORK_TIMEOUTS} timeouts without recording details: every heartbeat is the \
             worker's own. One `Worker`, {POLLERS} pollers, room for every task at once; \
             swf-local in a separate process. Heartbeat calls/s: swf-worker's `heartbeats_sent` \
             over {} whole heartbeat intervals (0.8 × timeout) from one timeout after the last \
             task started, every task in flight throughout, read on a timer at both ends (at \
             most {:.1} ms late): {} calls, against at most one per task per interval, {} (the \
             bound, in flight ÷ (0.8 × timeout)); {} calls over the whole run, {} failed. \
             Timeouts: the `ActivityTaskTimedOut` events in the histories. Memory: the growth \
             of the bench process's resident set (`VmRSS`, read every {} ms) from before the \
             worker started to its peak, divided by the tasks in flight; swf-local's memory is \
             its own process's. swf-worker alone: a raw aws-sdk-swf or boto3 loop has no \
             automatic heartbeat to compare.",
            m.tasks,
            m.timeout.as_secs(),
            REGISTERED_HEARTBEAT_TIMEOUT.as_secs(),
            m.intervals,
            m.reading_lateness.as_secs_f64() * 1000.0,
            m.window_calls,
            m.in_flight as u64 * u64::from(m.intervals),
            m.heartbeats,
            m.heartbeat_errors,
            SAMPLE_EVERY.as_millis(),
        ),
        &[
            "client",
            "in flight",
            "heartbeat calls/s",
            "bound, calls/s",
            "activity timeouts",
            "KiB per task",
            "target",
        ],
    );
    let verdict = if m.target_met() { "met" } else { "not met" };
    table.row(vec![
        CLIENT.into(),
        m.in_flight.to_string(),
        figure(m.heartbeats_per_second()),
        figure(m.bound()),
        m.timed_out.to_string(),
        figure(m.kib_per_task()),
        format!(
            "{verdict}: {} {} {} calls/s, {} timeouts, {} {} {TARGET_KIB_PER_TASK} KiB",
            figure(m.heartbeats_per_second()),
            compare(m.rate_met()),
            figure(m.bound()),
            m.timed_out,
            figure(m.kib_per_task()),
            compare(m.kib_per_task() <= TARGET_KIB_PER_TASK),
        ),
    ]);
    table
}

/// `≤` or `>`.
fn compare(within: bool) -> &'static str {
    if within { "≤" } else { ">" }
}
