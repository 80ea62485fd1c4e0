//! Chaos, end to end: workflows complete with the right result while swf-local injects faults
//! and the worker and decider processes are SIGKILLed and restarted at random.
//!
//! The application (`app.rs`) is a workflow of four activities, each retried by the workflow
//! (swf-decider's `RetryPolicy`) when an attempt fails or times out. Its workers and deciders
//! run as processes of their own (this test binary run again, `process.rs`) against swf-local in
//! this process, over loopback. While the workflows run:
//!
//! - swf-local injects faults ([`swf_local::FaultConfig`]) into the calls workers and deciders
//!   make (polls, answers, heartbeats, history reads): throttles, 500s and 503s (which swf-core
//!   retries), up to 30 ms of latency, and connections dropped after the call was applied, so
//!   that a poll's task never reaches its poller and an answer's retry finds its task gone.
//!   Every activity attempt heartbeats once (`app.rs`), so heartbeats meet faults about as often
//!   as answers do; the service counts the faults by operation, and the test asserts that
//!   heartbeats had their share;
//! - a seeded schedule (`fleet.rs`) SIGKILLs a worker or a decider (in turn) every 0.3 to 1 s
//!   and starts a replacement at once. A killed worker's activity tasks time out after their 1 s
//!   heartbeat timeout and are retried 1 s later; a killed decider's decision tasks time out
//!   after 2 s and are scheduled again.
//!
//! Then every history is read and checked (`checks.rs`): each workflow completed once with the
//! right result, no task was started or closed twice, each activity series completed exactly
//! once with the right result. The figures (faults injected, kills, retries, timeouts, the
//! slowest completion) are printed and asserted on.
//!
//! `cargo test` runs [`chaos`] (80 workflows); [`chaos_at_scale`] (1,000 workflows, more processes
//! and kills) runs with `cargo test -p examples --test chaos -- --ignored chaos_at_scale`.
//!
//! The same binary holds the campaign that SIGKILLs the service itself (`campaign.rs`): swf-local
//! as a process with `--db`, killed 5 times and restarted on its file while workers, deciders,
//! starters and signalers call it (`campaign::service_sigkilled`; 400 workflows and 25 kills in
//! the ignored `campaign::service_sigkilled_at_scale`). It runs beside [`chaos`].
//! `SWF_CHAOS_SEED=<n>` changes the seed of the faults and of the kills (default 14): with one
//! seed the same calls meet the same faults and the same processes are killed in the same
//! order, though where each call and kill falls still depends on the machine's timing.

mod app;
mod campaign;
mod campaign_checks;
mod checks;
mod fleet;
mod process;
mod service;

use std::sync::Mutex;
use std::time::{Duration, Instant};

use checks::Figures;
use fleet::{Fleet, Role};
use futures::future::join_all;
use futures::stream::{self, StreamExt};
use swf_core::{Client, Operation, RetryConfig};
use swf_decider::{StartOptions, WorkflowClient, WorkflowHandle};
use swf_local::FaultConfig;
use swf_testkit::local::LocalService;

/// Hang guard for the waits that are not the workflows': processes to exit, polls to park.
const DEADLINE: Duration = Duration::from_secs(60);

/// How long the service holds an empty poll: bounds how long a process takes to stop at the end.
const POLL_TIMEOUT: Duration = Duration::from_secs(1);

/// The wait between two kills, drawn from this range (milliseconds).
const KILL_GAPS_MS: std::ops::Range<u64> = 300..1000;

/// How many workflows the test waits on at once. Each wait asks the service about its
/// execution up to once a second (`WorkflowHandle::result`), so waiting on a thousand at once
/// would load the service more than the workers and deciders do; the slowest completion is read
/// from the histories, not from the waits.
const WAITERS: usize = 50;

/// The most faults injected in one run (`FaultConfig::max_faults`); what is left of it at the
/// end says how many were injected.
const FAULT_BUDGET: u64 = 100_000;

/// The seed when `SWF_CHAOS_SEED` does not set one.
const DEFAULT_SEED: u64 = 14;

/// One chaos run at a time: each starts its own processes and swf-local, and the kills of two
/// runs at once would leave little of the machine to either. (The campaign of `campaign.rs`, a
/// lighter load, runs beside one.)
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// How big a run is.
struct Scale {
    workflows: u64,
    workers: usize,
    deciders: usize,
    /// Kills stop after this many, or when every workflow has completed.
    max_kills: usize,
    /// Hang guard for all the workflows to complete.
    deadline: Duration,
}

#[test]
fn chaos() {
    run(&Scale {
        workflows: 80,
        workers: 2,
        deciders: 2,
        max_kills: 12,
        deadline: Duration::from_secs(120),
    });
}

#[test]
#[ignore = "the large chaos run, about 40 s: cargo test -p examples --test chaos -- --ignored chaos_at_scale"]
fn chaos_at_scale() {
    run(&Scale {
        workflows: 1000,
        workers: 3,
        deciders: 3,
        max_kills: 100,
        deadline: Duration::from_secs(600),
    });
}

/// Runs the workflows of `scale` through faults and kills, checks every history, prints the
/// figures and asserts on them.
fn run(scale: &Scale) {
    let _alone = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let seed = seed();
    let began = Instant::now();
    let service = LocalService::start(POLL_TIMEOUT);
    service.block_on(register(&service.client));
    let attempts = RetryConfig::new().max_attempts();
    let mut fleet = Fleet::start(
        &service.endpoint,
        scale.workers,
        scale.deciders,
        attempts,
        seed,
    );
    let polls = fleet.polls();
    assert!(
        service.wait_for_parked_polls(polls, DEADLINE),
        "{polls} polls did not park within {DEADLINE:?}"
    );
    service
        .server()
        .set_faults(faults(seed))
        .expect("the faults apply");

    let workflows = WorkflowClient::new(service.client.clone(), app::DOMAIN);
    let handles = start(&service, &workflows, scale.workflows);
    let completed_in = complete_amid_kills(&service, &mut fleet, &handles, scale);

    let left = service.server().faults().max_faults.unwrap_or_default();
    let injected = FAULT_BUDGET - left;
    let by_operation = service.server().injected_faults();
    // The histories are read, and the processes stopped, without faults.
    service
        .server()
        .set_faults(FaultConfig::default())
        .expect("no faults apply");
    let kills = fleet.kills.clone();
    for (identity, status) in fleet.stop() {
        assert!(
            status.success(),
            "{identity} exited with {status} on SIGTERM"
        );
    }

    let mut figures = Figures::default();
    for (n, handle) in (0..).zip(&handles) {
        let history = service
            .block_on(handle.history())
            .unwrap_or_else(|e| panic!("chain-{n}'s history: {e}"));
        figures.add(checks::check(n, &history));
    }
    let killed = |role| kills.iter().filter(|k| k.role == role).count();
    let (workers_killed, deciders_killed) = (killed(Role::Worker), killed(Role::Decider));
    let left_by_kills = figures
        .timed_out_holders
        .iter()
        .filter(|h| kills.iter().any(|k| k.identity == **h))
        .count();
    let heartbeat_faults = by_operation
        .get(&Operation::RecordActivityTaskHeartbeat)
        .copied()
        .unwrap_or_default();
    let by_operation: Vec<String> = by_operation
        .iter()
        .map(|(op, n)| format!("{} {n}", op.name()))
        .collect();
    println!(
        "chaos, seed {seed}: {} workflows completed, each with the right result, in {:.1} s \
         (wall time {:.1} s; slowest {:.1} s from start to close)\n\
         faults injected: {injected} (throttles, 500s, 503s, connections dropped after the call \
         was applied; on the polls, answers, heartbeats and history reads of workers and \
         deciders): {}\n\
         SIGKILLs: {} ({workers_killed} workers, {deciders_killed} deciders), each replaced\n\
         activity attempts: {} ({} retries: {} failed, {} timed out, {} of them by heartbeat \
         timeout)\n\
         decision tasks: {} ({} timed out)\n\
         tasks that timed out after a process took them: {}, {left_by_kills} of them taken by \
         a process then killed (the others by processes that lived: a poll whose answer was \
         dropped, or an answer that ran out of retries)\n\
         no task started or closed twice, no series completed twice, one close event each",
        handles.len(),
        completed_in.as_secs_f64(),
        began.elapsed().as_secs_f64(),
        figures.took.as_secs_f64(),
        by_operation.join(", "),
        kills.len(),
        figures.attempts,
        figures.retries,
        figures.failed,
        figures.activity_timeouts,
        figures.heartbeat_timeouts,
        figures.decision_tasks,
        figures.decision_timeouts,
        figures.timed_out_holders.len(),
    );
    assert!(injected > 0, "no fault was injected");
    // A heartbeat for every attempt, as many as the answers: at a 9 % fault rate, a run of
    // hundreds of attempts meets dozens of faults there; fewer than one in a hundred of all
    // faults would mean heartbeats are no longer a real share of the calls.
    assert!(
        heartbeat_faults * 100 >= injected,
        "{heartbeat_faults} of {injected} faults were injected into heartbeats"
    );
    assert!(
        workers_killed > 0 && deciders_killed > 0,
        "killed {workers_killed} workers and {deciders_killed} deciders: the run ended before \
         the schedule killed one of each"
    );
    assert!(
        !figures.timed_out_holders.is_empty(),
        "no task taken by a process timed out: neither the kills nor the dropped polls left one"
    );
    assert_eq!(
        figures.retries,
        figures.failed + figures.activity_timeouts,
        "retries: one after each failed or timed-out attempt, and no other"
    );
}

/// The seed of this run: `SWF_CHAOS_SEED`, else [`DEFAULT_SEED`].
fn seed() -> u64 {
    match std::env::var("SWF_CHAOS_SEED") {
        Ok(text) => text
            .parse()
            .unwrap_or_else(|e| panic!("SWF_CHAOS_SEED={text:?} is not a u64: {e}")),
        Err(_) => DEFAULT_SEED,
    }
}

/// The faults: on the calls workers and deciders make, never on the test's own (starts and
/// `DescribeWorkflowExecution`, which the handles wait with), so that what the test concludes
/// comes from the service as it is.
fn faults(seed: u64) -> FaultConfig {
    let mut faults = FaultConfig::default();
    faults.seed = Some(seed);
    faults.throttle_rate = 0.03;
    faults.internal_error_rate = 0.02;
    faults.unavailable_rate = 0.02;
    faults.drop_after_apply_rate = 0.02;
    faults.latency_jitter_ms = 30;
    faults.max_faults = Some(FAULT_BUDGET);
    faults.operations = [
        "PollForActivityTask",
        "PollForDecisionTask",
        "RespondActivityTaskCompleted",
        "RespondActivityTaskFailed",
        "RespondDecisionTaskCompleted",
        "RecordActivityTaskHeartbeat",
        "GetWorkflowExecutionHistory",
    ]
    .map(String::from)
    .to_vec();
    faults
}

/// Registers the domain and the types from this process, so that the processes start without
/// racing to do it.
async fn register(client: &Client) {
    let worker = app::worker(client.clone());
    let worker = worker.build().expect("the worker builds");
    worker
        .register()
        .await
        .expect("the activity types register");
    let decider = app::decider(client.clone());
    let decider = decider.build().expect("the decider builds");
    decider
        .register()
        .await
        .expect("the workflow types register");
}

/// Starts `chain(0)` to `chain(count - 1)`, as `chain-<n>`.
fn start(
    service: &LocalService,
    workflows: &WorkflowClient,
    count: u64,
) -> Vec<WorkflowHandle<u64>> {
    service.block_on(join_all((0..count).map(|n| async move {
        let id = format!("chain-{n}");
        workflows
            .start::<app::Chain>(&id, &n, &StartOptions::new())
            .await
            .unwrap_or_else(|e| panic!("{id} does not start: {e}"))
    })))
}

/// Waits for every workflow to complete with its result while the kill schedule runs (until
/// `scale.max_kills` or the last completion); returns how long they took.
fn complete_amid_kills(
    service: &LocalService,
    fleet: &mut Fleet,
    handles: &[WorkflowHandle<u64>],
    scale: &Scale,
) -> Duration {
    let began = Instant::now();
    service.block_on(async {
        let mut pending = stream::iter((0..).zip(handles))
            .map(|(n, handle)| async move { (n, handle.result().await) })
            .buffer_unordered(WAITERS);
        let mut completed = 0;
        let deadline = tokio::time::Instant::now() + scale.deadline;
        let mut next_kill = tokio::time::Instant::now() + fleet.next_gap(KILL_GAPS_MS);
        loop {
            tokio::select! {
                done = pending.next() => {
                    let Some((n, result)) = done else { break };
                    let result = result.unwrap_or_else(|e| panic!("chain-{n}: {e}"));
                    assert_eq!(result, app::expected(n)[3], "chain-{n}'s result");
                    completed += 1;
                }
                () = tokio::time::sleep_until(next_kill), if fleet.kills.len() < scale.max_kills => {
                    fleet.kill_one();
                    next_kill = tokio::time::Instant::now() + fleet.next_gap(KILL_GAPS_MS);
                }
                () = tokio::time::sleep_until(deadline) => panic!(
                    "{} workflows did not complete within {:?}",
                    handles.len() - completed,
                    scale.deadline
                ),
            }
        }
    });
    began.elapsed()
}
