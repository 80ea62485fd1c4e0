//! What learning each task's heartbeat timeout from its history costs: tasks per second and
//! requests per task, with the read (`HeartbeatTimeoutSource::ScheduledEvent`, the default) and
//! without it (`Registration`), against swf-local in this process.
//!
//! `[SLOTS=n] cargo bench -p swf-worker --bench heartbeat_lookup -- [tasks] [work-ms ...]`
//!
//! Each run schedules `tasks` activity tasks before the worker starts, in workflows of 1 (each
//! task the only one of its run) or of 100 (one decision's fan-out, whose tasks share what
//! their reads learn), and times the worker from its start to the last answer. A task works
//! `work-ms` (default: 0, then 200): tasks done within about 100 ms are never looked up. The
//! requests counted are the worker's: polls (empty ones included), history reads, heartbeats
//! and answers. The worker runs 8 pollers and `SLOTS` tasks at once (default 200): with more
//! slots than the work needs, the figure is what the worker and swf-local can do, reads
//! included.

mod backlog;

use std::time::{Duration, Instant};

use swf_core::Client;
use swf_core::types::ScheduleActivityTaskDecisionAttributes;
use swf_worker::{
    Activity, ActivityContext, ActivityDeclaration, ActivityError, ActivityRegistration,
    CancellationToken, HeartbeatTimeoutSource, MetricsSnapshot, Timeout, Worker,
};

/// Tasks per decision in the fan-out shape: SWF takes at most 100 decisions per answer.
const FAN_OUT: usize = 100;

/// Works as many milliseconds as its input says.
struct Work;

impl ActivityDeclaration for Work {
    const NAME: &'static str = "Work";
    const VERSION: &'static str = "1";
    type Input = u64;
    type Output = ();
}

impl Activity for Work {
    fn registration(&self) -> ActivityRegistration {
        ActivityRegistration::new()
            .schedule_to_start_timeout(Duration::from_secs(600))
            .start_to_close_timeout(Duration::from_secs(60))
            .schedule_to_close_timeout(Duration::from_secs(600))
            .heartbeat_timeout(Timeout::Seconds(10))
    }

    async fn run(&self, _: &ActivityContext, millis: u64) -> Result<(), ActivityError> {
        tokio::time::sleep(Duration::from_millis(millis)).await;
        Ok(())
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // `cargo bench` passes `--bench`; the numbers are ours.
    let numbers: Vec<u64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let tasks = numbers.first().copied().unwrap_or(2_000) as usize;
    let slots = std::env::var("SLOTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200);
    let works = match numbers.get(1..) {
        Some(w) if !w.is_empty() => w.to_vec(),
        _ => vec![0, 200],
    };
    println!("{tasks} tasks per run, {slots} at once");
    println!(
        "{:>7} {:>10} {:>15} {:>8} {:>13} {:>10} {:>15}",
        "work", "tasks/run", "source", "tasks/s", "requests/task", "reads/task", "heartbeats/task"
    );
    for &work in &works {
        for per_workflow in [1, FAN_OUT] {
            for source in [
                HeartbeatTimeoutSource::Registration,
                HeartbeatTimeoutSource::ScheduledEvent,
            ] {
                let (elapsed, m) = run(tasks, slots, per_workflow, work, source).await?;
                let per_task = |n: u64| n as f64 / tasks as f64;
                let answers = m.tasks_completed + m.tasks_failed + m.tasks_cancelled;
                let requests = m.polls + m.heartbeat_timeout_reads + m.heartbeats_sent + answers;
                println!(
                    "{:>5}ms {:>10} {:>15} {:>8.0} {:>13.2} {:>10.3} {:>15.3}",
                    work,
                    per_workflow,
                    format!("{source:?}"),
                    tasks as f64 / elapsed.as_secs_f64(),
                    per_task(requests),
                    per_task(m.heartbeat_timeout_reads),
                    per_task(m.heartbeats_sent),
                );
                assert_eq!(m.tasks_completed as usize, tasks, "{m:?}");
                assert_eq!(m.heartbeat_timeouts_unknown, 0, "{m:?}");
            }
        }
    }
    Ok(())
}

/// Runs `tasks` tasks of `work` ms in workflows of `per_workflow` on a fresh swf-local, `slots`
/// at once; returns the worker's time to answer them all and its counters then.
async fn run(
    tasks: usize,
    slots: usize,
    per_workflow: usize,
    work: u64,
    source: HeartbeatTimeoutSource,
) -> Result<(Duration, MetricsSnapshot), Box<dyn std::error::Error>> {
    let server = swf_local::Server::builder()
        .poll_timeout(Duration::from_secs(1))
        .start()
        .await?;
    let client = Client::local_builder(server.endpoint_url()).build().await?;
    let mut builder = Worker::builder(client.clone());
    builder
        .domain(backlog::DOMAIN)
        .task_list("work")
        .activity(Work)
        .pollers(8)
        .max_concurrent_tasks(slots)
        .heartbeat_timeout_source(source);
    builder.build()?.register().await?;
    // Each task with a 5 s heartbeat timeout of its own, which the worker reads (or not).
    backlog::schedule::<Work>(&client, tasks, per_workflow, |_| {
        ScheduleActivityTaskDecisionAttributes {
            input: Some(work.to_string()),
            heartbeat_timeout: Some("5".into()),
            ..Default::default()
        }
    })
    .await?;

    let worker = builder.build()?;
    let metrics = worker.metrics();
    let shutdown = CancellationToken::new();
    let started = Instant::now();
    let running = tokio::spawn(worker.run(shutdown.clone()));
    // Bounded: a run that stalls for a minute is a failure, not a figure.
    let deadline = started + Duration::from_secs(60);
    let done = loop {
        let m = metrics.snapshot();
        if (m.tasks_completed + m.tasks_failed) as usize >= tasks {
            break (started.elapsed(), m);
        }
        assert!(Instant::now() < deadline, "stalled: {m:?}");
        // Polling the counters: the bench's own sampling, not a wait for an event.
        tokio::time::sleep(Duration::from_millis(5)).await;
    };
    shutdown.cancel();
    running.await??;
    server.shutdown().await;
    Ok(done)
}
