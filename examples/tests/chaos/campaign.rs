//! The campaign that SIGKILLs the service: swf-local runs as a process of its own with `--db`
//! (`service.rs`), and is SIGKILLed at seeded random moments and restarted on the same file
//! and address while workers and deciders (processes, `fleet.rs`), starters and signalers (this
//! process) keep calling it.
//!
//! Each `relay(n)` (`app.rs`) is started, signalled `go` with `n` half a second later, waits
//! for its 1 s timer and the signal, then runs the four activities. The starts are spread over
//! the kills, so timers, tasks and signals are in flight at every kill. Every call is retried
//! across a restart ([`ATTEMPTS`]). Afterwards every history is read and checked: each workflow
//! completed once with the right result, no task started or closed twice, each series completed
//! once, event ids dense (`checks.rs`); its timer started and fired once, every signal is its
//! own (`campaign_checks.rs`); and the domain holds exactly one closed execution per workflow
//! and none open. The figures asserted: every kill happened, timers armed by a killed process
//! fired after its restart, and task tokens a killed process handed out were answered after it.
//! `SWF_CHAOS_SEED` seeds the kills' moments as it seeds the chaos test's.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

use futures::future::join_all;
use futures::stream::{self, StreamExt};
use swf_core::Client;
use swf_core::types::{
    CountClosedWorkflowExecutionsInput, CountOpenWorkflowExecutionsInput, ExecutionTimeFilter,
    Timestamp,
};
use swf_decider::{StartOptions, WorkflowClient, WorkflowHandle};

use crate::campaign_checks::{self, Spans};
use crate::checks::{self, Figures};
use crate::fleet::{Fleet, Rng};
use crate::service::{Service, millis};
use crate::{WAITERS, app, process, register, seed};

/// How many attempts every call of the campaign gets, the processes' and the test's: enough
/// that the waits between them (up to 0.5 s each) outlast a restart.
const ATTEMPTS: u32 = 12;

/// How long after its start each workflow is signalled.
const SIGNAL_AFTER: Duration = Duration::from_millis(500);

/// One campaign at a time. A campaign runs beside a chaos run: they share nothing but the
/// machine, and neither's checks depend on its speed (a slower machine only means more
/// timeouts, which both tolerate), so `cargo test` spends the time of the longer one.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// How big a campaign is.
struct Campaign {
    workflows: u64,
    workers: usize,
    deciders: usize,
    kills: usize,
    /// The wait between two kills, drawn from this range (milliseconds).
    kill_gaps_ms: std::ops::Range<u64>,
    /// Hang guard for all the workflows to complete after the last kill.
    deadline: Duration,
}

#[test]
fn service_sigkilled() {
    run(&Campaign {
        workflows: 30,
        workers: 2,
        deciders: 2,
        kills: 5,
        kill_gaps_ms: 300..700,
        deadline: Duration::from_secs(120),
    });
}

#[test]
#[ignore = "the large campaign, about 30 s: cargo test -p examples --test chaos -- --ignored service_sigkilled_at_scale"]
fn service_sigkilled_at_scale() {
    run(&Campaign {
        workflows: 400,
        workers: 3,
        deciders: 3,
        kills: 25,
        kill_gaps_ms: 500..1500,
        deadline: Duration::from_secs(600),
    });
}

/// Runs the campaign, checks every history, prints the figures and asserts on them.
fn run(campaign: &Campaign) {
    let _alone = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let seed = seed();
    let began = Instant::now();
    let db = TempDb::new();
    let mut service = Service::start(&db.0);
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let client = runtime.block_on(async {
        let client = Client::local_builder(service.endpoint())
            .build()
            .await
            .expect("a client");
        client.with_retry_config(process::retry(ATTEMPTS))
    });
    runtime.block_on(register(&client));
    let fleet = Fleet::start(
        &service.endpoint(),
        campaign.workers,
        campaign.deciders,
        ATTEMPTS,
        seed,
    );
    let workflows = WorkflowClient::new(client.clone(), app::DOMAIN);
    let mut rng = Rng(seed);
    // The starts spread over the time the kills take, on average.
    let window = (campaign.kill_gaps_ms.start + campaign.kill_gaps_ms.end) / 2;
    let start_gap = Duration::from_millis(window * campaign.kills as u64 / campaign.workflows);
    let handles = runtime.block_on(async {
        let load = tokio::spawn(start_and_signal(
            workflows.clone(),
            campaign.workflows,
            start_gap,
        ));
        for _ in 0..campaign.kills {
            tokio::time::sleep(rng.gap(campaign.kill_gaps_ms.clone())).await;
            service.kill_and_restart();
        }
        load.await.expect("the starters and signalers")
    });
    let completed_in = runtime.block_on(complete(&handles, campaign.deadline));
    for (identity, status) in fleet.stop() {
        assert!(
            status.success(),
            "{identity} exited with {status} on SIGTERM"
        );
    }

    let killed_at: Vec<i64> = service.restarts.iter().map(|r| r.killed_at_ms).collect();
    let (mut figures, mut spans) = (Figures::default(), Spans::default());
    for (n, handle) in (0..).zip(&handles) {
        let history = runtime
            .block_on(handle.history())
            .unwrap_or_else(|e| panic!("relay-{n}'s history: {e}"));
        figures.add(checks::check(n, &history));
        spans.add(campaign_checks::check_relay(n, &history, &killed_at));
    }
    let (open, closed) = runtime.block_on(counts(&client));
    assert_eq!(
        (open, closed),
        (0, campaign.workflows),
        "executions open and closed"
    );
    let downs: Vec<Duration> = service.restarts.iter().map(|r| r.down).collect();
    let kills = downs.len();
    let longest = downs.iter().max().copied().unwrap_or_default();
    let mean = downs.iter().sum::<Duration>() / kills.max(1) as u32;
    let status = service.stop();
    assert!(
        status.success(),
        "swf-local exited with {status} on SIGTERM"
    );
    println!(
        "service SIGKILLed, seed {seed}: {} workflows completed, each with the right result, \
         {:.1} s after the last kill (wall time {:.1} s; slowest {:.1} s from start to close)\n\
         SIGKILLs of swf-local: {kills}, each restarted on the same file and address, serving \
         again {:.0} ms later on average (longest {:.0} ms)\n\
         across a restart: {} timers armed by a killed process fired by the next, {} activity \
         and {} decision tasks handed out by a killed process answered to the next with their \
         task tokens\n\
         signals: {} for {} workflows ({} delivered twice: an answer lost to a SIGKILL, the call \
         retried)\n\
         activity attempts: {} ({} retries: {} failed, {} timed out); decision tasks: {} ({} \
         timed out)\n\
         executions: {closed} closed, {open} open; no task started or closed twice, no series \
         completed twice, one close event each, event ids dense",
        handles.len(),
        completed_in.as_secs_f64(),
        began.elapsed().as_secs_f64(),
        figures.took.as_secs_f64(),
        mean.as_secs_f64() * 1000.0,
        longest.as_secs_f64() * 1000.0,
        spans.timers,
        spans.activity_tasks,
        spans.decision_tasks,
        spans.signals,
        handles.len(),
        spans.signals - handles.len(),
        figures.attempts,
        figures.retries,
        figures.failed,
        figures.activity_timeouts,
        figures.decision_tasks,
        figures.decision_timeouts,
    );
    assert_eq!(kills, campaign.kills, "SIGKILLs of the service");
    assert!(
        spans.timers > 0,
        "no timer armed before a SIGKILL fired after the restart"
    );
    assert!(
        spans.activity_tasks + spans.decision_tasks > 0,
        "no task handed out before a SIGKILL was answered after the restart"
    );
}

/// Starts `relay(0)` to `relay(count - 1)` as `relay-<n>`, one every `gap`, and signals each
/// [`SIGNAL_AFTER`] its start; returns their handles once all are signalled.
async fn start_and_signal(
    workflows: WorkflowClient,
    count: u64,
    gap: Duration,
) -> Vec<WorkflowHandle<u64>> {
    let began = tokio::time::Instant::now();
    join_all((0..count).map(|n| {
        let workflows = workflows.clone();
        async move {
            tokio::time::sleep_until(began + gap * n as u32).await;
            let id = format!("relay-{n}");
            let handle = workflows
                .start::<app::Relay>(&id, &n, &StartOptions::new())
                .await
                .unwrap_or_else(|e| panic!("{id} does not start: {e}"));
            tokio::time::sleep(SIGNAL_AFTER).await;
            handle
                .signal(app::GO, &n)
                .await
                .unwrap_or_else(|e| panic!("{id} is not signalled: {e}"));
            handle
        }
    }))
    .await
}

/// Waits for every workflow to complete with its result, up to `deadline`; how long they took.
async fn complete(handles: &[WorkflowHandle<u64>], deadline: Duration) -> Duration {
    let began = Instant::now();
    let waits = stream::iter((0..).zip(handles))
        .map(|(n, handle)| async move { (n, handle.result().await) })
        .buffer_unordered(WAITERS)
        .for_each(|(n, result)| async move {
            let result = result.unwrap_or_else(|e| panic!("relay-{n}: {e}"));
            assert_eq!(result, app::expected(n)[3], "relay-{n}'s result");
        });
    if tokio::time::timeout(deadline, waits).await.is_err() {
        panic!("the workflows did not complete within {deadline:?}");
    }
    began.elapsed()
}

/// How many executions of the domain are open and closed, all started since 1970.
async fn counts(client: &Client) -> (u64, u64) {
    let since = ExecutionTimeFilter {
        oldest_date: Timestamp::from_millis(0),
        latest_date: None,
    };
    let open = client
        .count_open_workflow_executions(CountOpenWorkflowExecutionsInput {
            domain: app::DOMAIN.to_owned(),
            start_time_filter: since.clone(),
            ..Default::default()
        })
        .await
        .expect("the open executions' count");
    let closed = client
        .count_closed_workflow_executions(CountClosedWorkflowExecutionsInput {
            domain: app::DOMAIN.to_owned(),
            start_time_filter: Some(since),
            ..Default::default()
        })
        .await
        .expect("the closed executions' count");
    let count = |n: i32| u64::try_from(n).expect("a count");
    (count(open.count), count(closed.count))
}

/// A database file of its own under the temporary directory, removed (with SQLite's side
/// files) when dropped.
struct TempDb(PathBuf);

impl TempDb {
    fn new() -> TempDb {
        let ms = millis(SystemTime::now());
        let name = format!("swf-chaos-{}-{ms}.db", std::process::id());
        TempDb(std::env::temp_dir().join(name))
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut path = self.0.clone().into_os_string();
            path.push(suffix);
            // Absent side files are the common case.
            std::fs::remove_file(path).ok();
        }
    }
}
