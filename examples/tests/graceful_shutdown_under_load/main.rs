//! Graceful shutdown under load: SIGTERM to worker and decider processes while they hold tasks
//! leaves no task to time out.
//!
//! The order application runs as its real binaries (two `order-decider`s, two
//! `order-worker-orders`, two `order-worker-shipping`) against `swf-local` in this process. The
//! test starts orders in two waves; during each, it waits until the service shows a decider and a
//! worker holding tasks (started, not yet answered, by that process's identity), sends that
//! process SIGTERM, and starts a replacement. Every answer (`RespondDecisionTaskCompleted`,
//! `RespondActivityTaskCompleted`) is delayed by the service's injected latency, so a process
//! holds each task for a while after deciding or running it: the part of shutdown most easily
//! cut short, an answer still on the wire.
//!
//! Then every history is read and must show every order completed with its result, no
//! `ActivityTaskTimedOut` or `DecisionTaskTimedOut`, and each stopped process's tasks (those it
//! held at the signal and those its polls in flight brought after it) answered by it; and every
//! process exits 0. A task abandoned at shutdown would show as a timeout (a decision task's
//! start-to-close is 5 s, packing's heartbeat timeout 2 s) or as an order that never completes.
//!
//! The same scenario runs again with sticky deciders (`sticky.rs`), whose one allowed kind of
//! timeout is explained on that test.
//!
//! Modules: `app` (the application's types, orders and histories on the service), `fleet` (its
//! processes), `tasks` (a history's tasks and timeouts), `sticky` (the sticky decider process).

mod app;
mod fleet;
mod sticky;
mod tasks;

use std::collections::HashMap;
use std::process::ExitStatus;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use examples::order;
use fleet::{Process, Role};
use futures::future::join_all;
use swf_core::types::{EventType, HistoryEvent, Timestamp};
use swf_decider::WorkflowClient;
use swf_testkit::local::LocalService;
use tasks::{Kind, Task, TimedOut};

/// Hang guard for every wait: a process to exit, polls to park, a task to be held, the orders to
/// complete. Never a pause.
const DEADLINE: Duration = Duration::from_secs(60);

/// How long the service holds an empty poll: a stopping process waits for its polls in flight,
/// so this bounds how long it takes to exit (short: the test waits for each exit).
const POLL_TIMEOUT: Duration = Duration::from_millis(300);

/// Orders started in each wave.
const WAVE: usize = 40;

/// How many tasks a process must be seen holding before it is sent SIGTERM.
const HELD_AT_LEAST: usize = 2;

/// One scenario at a time: each runs seven processes and swf-local, and packing's 2 s heartbeat
/// timeout should not depend on how two scenarios share the machine.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

#[test]
fn sigterm_to_workers_and_deciders_holding_tasks_leaves_no_task_to_time_out() {
    let run = Run::scenario(Role::Decider);
    run.check_processes();
    let timeouts = run.timeouts();
    assert!(
        timeouts.is_empty(),
        "{} tasks timed out: {timeouts:#?}",
        timeouts.len()
    );
}

/// The same with sticky deciders. A sticky decider that is stopped answers what it holds and
/// routes those executions back to the shared list, but an execution it routed to its own list
/// before the signal, whose next decision task is scheduled after it exits (an activity was
/// running), finds nobody polling there: SWF has no call to move it back, so the task waits out
/// its schedule-to-start timeout (`DecisionTaskTimedOut`, `SCHEDULE_TO_START`) and is scheduled
/// again on the shared list. That is the only timeout allowed here; the figure is printed.
#[test]
fn sigterm_to_sticky_deciders_leaves_only_schedule_to_start_timeouts_on_their_lists() {
    let run = Run::scenario(Role::StickyDecider);
    run.check_processes();
    let sticky_list = format!("{}-sticky-", order::DECISIONS);
    let (waited, others): (Vec<TimedOut>, Vec<TimedOut>) =
        run.timeouts().into_iter().partition(|t| {
            t.event_type == EventType::DecisionTaskTimedOut
                && t.timeout_type == "SCHEDULE_TO_START"
                && t.task_list.starts_with(&sticky_list)
        });
    println!(
        "sticky deciders: {} decision tasks waited out their schedule-to-start timeout on a \
         stopped decider's sticky list, then were decided from the shared list",
        waited.len()
    );
    assert!(others.is_empty(), "other timeouts: {others:#?}");
}

/// What one run of the scenario left.
struct Run {
    orders: usize,
    /// Every order's history and its shipment's.
    histories: Vec<Vec<HistoryEvent>>,
    stopped: Vec<Stopped>,
    /// The processes stopped idle at the end, and how they exited.
    rest: Vec<(String, ExitStatus)>,
}

/// One process stopped under load, and what the service recorded about it.
struct Stopped {
    identity: String,
    kind: Kind,
    /// How many tasks the last scan before the signal saw it holding.
    seen_held: usize,
    signalled: Timestamp,
    status: ExitStatus,
    /// Milliseconds from SIGTERM to its exit.
    exit_ms: i64,
}

impl Run {
    /// Runs the application with `decider` processes for deciders: two waves of orders, and in
    /// each a decider and a worker stopped while they hold tasks and replaced; then every
    /// process is stopped, every order must have completed with its result, and every history is
    /// read.
    fn scenario(decider: Role) -> Run {
        let _alone = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
        let began = Instant::now();
        let service = LocalService::start(POLL_TIMEOUT);
        app::register(&service);
        app::delay_answers(&service);

        let mut numbers = Numbers::default();
        let mut running: Vec<Process> = [decider, Role::Orders, Role::Shipping]
            .into_iter()
            .flat_map(|role| [role, role])
            .map(|role| numbers.start(&service, role))
            .collect();
        // Once all their polls are parked, every process is up and polling.
        let polls = running.iter().map(|p| p.role.polls()).sum();
        assert!(
            service.wait_for_parked_polls(polls, DEADLINE),
            "{polls} polls did not park within {DEADLINE:?}"
        );

        let workflows = WorkflowClient::new(service.client.clone(), order::DOMAIN);
        let mut orders = app::start_orders(&service, &workflows, 0..WAVE);
        let mut stopped = Vec::new();
        // The orders worker in the first wave, as its tasks come at an order's start; the shipping
        // worker in the second, by when the first wave's parcels are being packed: neither wait
        // for tasks to be held is long, so the second wave starts soon.
        for role in [decider, Role::Orders] {
            stopped.push(stop_one(&service, &mut running, &mut numbers, role));
        }
        orders.extend(app::start_orders(&service, &workflows, WAVE..2 * WAVE));
        for role in [decider, Role::Shipping] {
            stopped.push(stop_one(&service, &mut running, &mut numbers, role));
        }

        let outcomes = service.block_on(async {
            let results = join_all(orders.iter().map(|run| run.result()));
            tokio::time::timeout(DEADLINE, results)
                .await
                .unwrap_or_else(|_| panic!("the orders did not all complete within {DEADLINE:?}"))
        });
        let completed_in = began.elapsed();

        // The rest are stopped too, idle now: all signalled first, so that they stop together.
        for p in &mut running {
            p.terminate();
        }
        let rest = running
            .iter_mut()
            .map(|p| (p.identity.clone(), p.exit_status()))
            .collect();

        let mut histories = Vec::new();
        for (run, outcome) in orders.iter().zip(outcomes) {
            let id = run.workflow_id();
            let outcome = outcome.unwrap_or_else(|e| panic!("order {id} did not complete: {e}"));
            assert_eq!(outcome, app::expected(id), "order {id}'s result");
            let history = service
                .block_on(run.history())
                .expect("the order's history");
            let shipment = app::shipment_of(&history)
                .unwrap_or_else(|| panic!("order {id} completed without a shipment"));
            histories.push(history);
            histories.push(app::history_of(&service, &shipment));
        }
        let run = Run {
            orders: orders.len(),
            histories,
            stopped,
            rest,
        };
        let tasks = run.tasks();
        let decisions = tasks.iter().filter(|t| t.kind == Kind::Decision).count();
        println!(
            "{decider:?}: {} orders ({} executions), {decisions} decision tasks, {} activity \
             tasks, {} timeouts; all completed {:.1} s after the start, wall time {:.1} s",
            run.orders,
            run.histories.len(),
            tasks.len() - decisions,
            run.timeouts().len(),
            completed_in.as_secs_f64(),
            began.elapsed().as_secs_f64()
        );
        run
    }

    /// Every task of every history.
    fn tasks(&self) -> Vec<Task> {
        self.histories
            .iter()
            .flat_map(|h| tasks::tasks(h))
            .collect()
    }

    /// Every task timeout of every history.
    fn timeouts(&self) -> Vec<TimedOut> {
        self.histories
            .iter()
            .flat_map(|h| tasks::timeouts(h))
            .collect()
    }

    /// Prints each stopped process's figures and asserts what holds with any decider: each held
    /// tasks at SIGTERM, answered every task it took, and exited 0; so did the processes stopped
    /// idle at the end; every task was answered, and the only failed ones are the flaky card's
    /// first charges.
    fn check_processes(&self) {
        let tasks = self.tasks();
        for s in &self.stopped {
            report(s, &tasks);
        }
        for (identity, status) in &self.rest {
            assert!(
                status.success(),
                "{identity}, stopped idle, exited with {status}"
            );
        }
        println!(
            "stopped idle at the end, each exiting 0: {}",
            self.rest.len()
        );
        assert!(
            tasks.iter().all(|t| t.closed.is_some()),
            "every task of a closed execution was answered"
        );
        let failed = tasks
            .iter()
            .filter(|t| {
                t.closed
                    .as_ref()
                    .is_some_and(|(_, e)| *e == EventType::ActivityTaskFailed)
            })
            .count();
        let flaky = self.orders.div_ceil(app::FLAKY_EVERY);
        assert_eq!(
            failed, flaky,
            "failed activity tasks: the flaky card's first charges"
        );
    }
}

/// How many processes of each role have been started, so that every process has an identity of
/// its own: `decider-1`, `decider-2`, then `decider-3` for the first replacement.
#[derive(Default)]
struct Numbers(HashMap<Role, usize>);

impl Numbers {
    fn start(&mut self, service: &LocalService, role: Role) -> Process {
        let number = self.0.entry(role).or_default();
        *number += 1;
        Process::start(service, role, *number)
    }
}

/// Waits until the oldest running process of `role` holds [`HELD_AT_LEAST`] tasks, sends it
/// SIGTERM, starts a replacement, and waits for the stopped one to exit.
fn stop_one(
    service: &LocalService,
    running: &mut Vec<Process>,
    numbers: &mut Numbers,
    role: Role,
) -> Stopped {
    let index = running
        .iter()
        .position(|p| p.role == role)
        .expect("a process of the role runs");
    let mut process = running.remove(index);
    let seen_held = wait_until_holding(service, &mut process);
    let signalled = process.terminate();
    running.push(numbers.start(service, role));
    let status = process.exit_status();
    let exit_ms = Timestamp::now().as_millis() - signalled.as_millis();
    Stopped {
        identity: process.identity,
        kind: role.kind(),
        seen_held,
        signalled,
        status,
        exit_ms,
    }
}

/// Scans the open executions' histories until `process` holds [`HELD_AT_LEAST`] tasks of its
/// kind (started by it, not yet answered); returns how many it held. Each scan is a round of
/// calls to the service, which paces the loop; the deadline bounds it.
fn wait_until_holding(service: &LocalService, process: &mut Process) -> usize {
    let deadline = Instant::now() + DEADLINE;
    let kind = process.role.kind();
    loop {
        let held = app::open_histories(service)
            .iter()
            .flat_map(|h| tasks::tasks(h))
            .filter(|t| t.kind == kind && t.identity == process.identity && t.closed.is_none())
            .count();
        if held >= HELD_AT_LEAST {
            return held;
        }
        if Instant::now() >= deadline {
            let log = process.log();
            panic!(
                "{} did not hold {HELD_AT_LEAST} tasks within {DEADLINE:?}; its log:\n{log}",
                process.identity
            );
        }
    }
}

/// Prints what the service recorded of a stopped process's tasks, and asserts that it held some
/// at the signal, answered every one, and exited 0.
fn report(s: &Stopped, all: &[Task]) {
    let id = &s.identity;
    let held: Vec<&Task> = all
        .iter()
        .filter(|t| t.kind == s.kind && t.held_by_at(id, s.signalled))
        .collect();
    let after = all
        .iter()
        .filter(|t| t.identity == *id && t.started > s.signalled)
        .count();
    println!(
        "{id}: held {} tasks at SIGTERM ({} seen by the last scan before it), took {after} more \
         from polls in flight, exited with {:?} after {} ms",
        held.len(),
        s.seen_held,
        s.status.code(),
        s.exit_ms
    );
    assert!(!held.is_empty(), "{id} held no task at SIGTERM");
    let unanswered: Vec<_> = all
        .iter()
        .filter(|t| t.identity == *id)
        .filter(|t| {
            !matches!(
                t.closed.as_ref().map(|(_, e)| e),
                Some(
                    EventType::DecisionTaskCompleted
                        | EventType::ActivityTaskCompleted
                        | EventType::ActivityTaskFailed
                )
            )
        })
        .collect();
    assert!(unanswered.is_empty(), "{id} left tasks: {unanswered:#?}");
    assert!(s.status.success(), "{id} exited with {}", s.status);
}
