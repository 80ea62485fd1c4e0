//! How many trivial activity tasks per second one worker runs against an in-process swf-local.
//!
//! `cargo run --release -p swf-worker --example worker_throughput -- [tasks] [pollers] [max-concurrent] [work-secs]`
//!
//! All tasks are scheduled before the worker starts, so the figure is polling, dispatch and
//! answering only. swf-local runs in the same process and shares the machine's cores.
//!
//! With `work-secs` above 0, each task instead works that long with a 2 s heartbeat timeout,
//! recording details every 100 ms: run it with as many concurrent tasks as tasks to see the
//! process's memory per heartbeating task (an upper bound: swf-local's state for the running
//! tasks is in the same process) and the heartbeat rate against the throttle's. Set
//! `SWF_ENDPOINT` to use a service in another process (such as the `swf-local` binary) instead,
//! and the memory figure is the worker's alone.

// The tasks waiting for the worker, scheduled as the worker's bench schedules them.
#[path = "../benches/backlog/mod.rs"]
mod backlog;

use std::time::{Duration, Instant};

use swf_core::Client;
use swf_core::types::{ScheduleActivityTaskDecisionAttributes, TaskList};
use swf_worker::{
    Activity, ActivityContext, ActivityDeclaration, ActivityError, ActivityRegistration,
    CancellationToken, Worker,
};

struct Noop {
    work: Duration,
}

impl ActivityDeclaration for Noop {
    const NAME: &'static str = "Noop";
    const VERSION: &'static str = "1";
    type Input = u32;
    type Output = u32;
}

impl Activity for Noop {
    fn registration(&self) -> ActivityRegistration {
        ActivityRegistration::new()
            .schedule_to_start_timeout(Duration::from_secs(600))
            .start_to_close_timeout(Duration::from_secs(60))
            .schedule_to_close_timeout(Duration::from_secs(600))
            .heartbeat_timeout(Duration::from_secs(2))
    }

    async fn run(&self, ctx: &ActivityContext, n: u32) -> Result<u32, ActivityError> {
        let until = tokio::time::Instant::now() + self.work;
        while tokio::time::Instant::now() < until {
            ctx.heartbeat("working")?;
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Ok(n)
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<usize>());
    let tasks = args.next().transpose()?.unwrap_or(20_000);
    let pollers = args.next().transpose()?.unwrap_or(8);
    let max_concurrent = args.next().transpose()?.unwrap_or(200);
    let work = Duration::from_secs(args.next().transpose()?.unwrap_or(0) as u64);

    let server = match std::env::var("SWF_ENDPOINT") {
        Ok(_) => None,
        Err(_) => {
            let mut server = swf_local::Server::builder();
            Some(server.poll_timeout(Duration::from_secs(1)).start().await?)
        }
    };
    let endpoint = match &server {
        Some(server) => server.endpoint_url(),
        None => std::env::var("SWF_ENDPOINT")?,
    };
    let client = Client::local_builder(endpoint).build().await?;
    let mut builder = Worker::builder(client.clone());
    builder
        .domain(backlog::DOMAIN)
        .task_list("noop")
        .activity(Noop { work })
        .pollers(pollers)
        .max_concurrent_tasks(max_concurrent)
        .register(true);
    let stopped = CancellationToken::new();
    stopped.cancel();
    builder.build()?.run(stopped).await?;
    // Workflows of 500 activities each, scheduled in their first decision.
    let workflows = backlog::schedule::<Noop>(&client, tasks, 500, |i| {
        ScheduleActivityTaskDecisionAttributes {
            input: Some(i.to_string()),
            task_list: Some(TaskList {
                name: "noop".into(),
            }),
            ..Default::default()
        }
    })
    .await?;
    println!("scheduled {tasks} tasks in {workflows} workflows");

    builder.register(false);
    let worker = builder.build()?;
    let metrics = worker.metrics();
    let shutdown = CancellationToken::new();
    let rss_before = rss_kib();
    let mut rss_peak = rss_before;
    let started = Instant::now();
    let running = tokio::spawn(worker.run(shutdown.clone()));
    let mut last = (Instant::now(), 0);
    loop {
        tokio::time::sleep(Duration::from_millis(250)).await;
        let m = metrics.snapshot();
        let done = m.tasks_completed + m.tasks_failed;
        rss_peak = rss_peak.max(rss_kib());
        if last.0.elapsed() >= Duration::from_secs(1) {
            let rate = (done - last.1) as f64 / last.0.elapsed().as_secs_f64();
            println!("{done} answered, {rate:.0}/s, {} KiB resident", rss_kib());
            last = (Instant::now(), done);
        }
        if done as usize >= tasks {
            break;
        }
    }
    let elapsed = started.elapsed();
    shutdown.cancel();
    running.await??;
    let m = metrics.snapshot();
    println!(
        "{tasks} tasks in {elapsed:.2?}: {:.0} tasks/s ({} polls, {} empty, {} failed, {} respond errors)",
        tasks as f64 / elapsed.as_secs_f64(),
        m.polls,
        m.empty_polls,
        m.tasks_failed,
        m.respond_errors,
    );
    if !work.is_zero() {
        let expected = tasks as f64 * work.as_secs_f64() / 1.6;
        println!(
            "heartbeats: {} sent ({expected:.0} at one per 1.6 s per task, plus one first and one \
             final flush each), {} coalesced, {} errors",
            m.heartbeats_sent, m.heartbeats_coalesced, m.heartbeat_errors,
        );
        println!(
            "memory: {} KiB before, {} KiB at peak: {:.1} KiB per running task{}",
            rss_before,
            rss_peak,
            (rss_peak - rss_before) as f64 / max_concurrent.min(tasks) as f64,
            if server.is_some() {
                ", swf-local's share included"
            } else {
                ""
            },
        );
    }
    if let Some(server) = server {
        server.shutdown().await;
    }
    Ok(())
}

/// The process's resident memory, from `/proc/self/status` (0 where there is none).
fn rss_kib() -> i64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}
