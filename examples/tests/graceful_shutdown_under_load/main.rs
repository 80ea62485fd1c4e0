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

mod fleet;
mod tasks;

use std::collections::HashMap;
use std::process::ExitStatus;
use std::time::{Duration, Instant};

use examples::order::{self, Order, OrderOutcome, OrderStatus, PackAndShip};
use fleet::{Process, Role};
use futures::future::join_all;
use swf_core::types::{
    EventAttributesRef, EventType, ExecutionTimeFilter, GetWorkflowExecutionHistoryInput,
    HistoryEvent, ListOpenWorkflowExecutionsInput, Timestamp, WorkflowExecution,
};
use swf_decider::{Decider, StartOptions, WorkflowClient, WorkflowHandle};
use swf_testkit::local::LocalService;
use swf_worker::Worker;
use tasks::{Kind, Task};

/// Hang guard for every wait: a process to exit, polls to park, a task to be held, the orders to
/// complete. Never a pause.
const DEADLINE: Duration = Duration::from_secs(60);

/// How long the service holds an empty poll: a stopping process waits for its polls in flight,
/// so this bounds how long it takes to exit.
const POLL_TIMEOUT: Duration = Duration::from_secs(1);

/// Orders started in each wave.
const WAVE: usize = 60;

/// Every tenth order pays with the card whose first charge fails: a retried activity, in flight
/// like the others.
const FLAKY_EVERY: usize = 10;

/// How many tasks a process must be seen holding before it is sent SIGTERM.
const HELD_AT_LEAST: usize = 2;

/// One process stopped under load, and what the service recorded about it.
struct Stopped {
    identity: String,
    kind: Kind,
    /// How many tasks the last scan before the signal saw it holding.
    seen_held: usize,
    signalled: Timestamp,
    status: ExitStatus,
    /// Milliseconds from SIGTERM to its exit.
    exit_ms: u128,
}

#[test]
fn sigterm_to_workers_and_deciders_holding_tasks_leaves_no_task_to_time_out() {
    let began = Instant::now();
    let service = LocalService::start(POLL_TIMEOUT);
    register(&service);
    delay_answers(&service);

    let mut numbers = Numbers::default();
    let mut running: Vec<Process> = [Role::Decider, Role::Orders, Role::Shipping]
        .into_iter()
        .flat_map(|role| [role, role])
        .map(|role| numbers.start(&service, role))
        .collect();
    // Two pollers each: once all are parked, every process is up and polling.
    let polls = 2 * running.len();
    assert!(
        service.wait_for_parked_polls(polls, DEADLINE),
        "{polls} polls did not park within {DEADLINE:?}"
    );

    let workflows = WorkflowClient::new(service.client.clone(), order::DOMAIN);
    let mut orders = start_orders(&service, &workflows, 0..WAVE);
    let mut stopped = Vec::new();
    for role in [Role::Decider, Role::Shipping] {
        stopped.push(stop_one(&service, &mut running, &mut numbers, role));
    }
    orders.extend(start_orders(&service, &workflows, WAVE..2 * WAVE));
    for role in [Role::Decider, Role::Orders] {
        stopped.push(stop_one(&service, &mut running, &mut numbers, role));
    }

    let outcomes = service.block_on(async {
        let results = join_all(orders.iter().map(|run| run.result()));
        tokio::time::timeout(DEADLINE, results)
            .await
            .unwrap_or_else(|_| panic!("the orders did not all complete within {DEADLINE:?}"))
    });
    let completed_in = began.elapsed();

    // The rest are stopped too, idle now, and must exit 0 as well.
    let rest: Vec<(String, ExitStatus)> = running
        .iter_mut()
        .map(|p| {
            p.terminate();
            (p.identity.clone(), p.exit_status())
        })
        .collect();

    // Every history: each order's and its shipment's.
    let mut histories = Vec::new();
    for (run, outcome) in orders.iter().zip(outcomes) {
        let id = run.workflow_id();
        let outcome = outcome.unwrap_or_else(|e| panic!("order {id} did not complete: {e}"));
        assert_eq!(outcome, expected(id), "order {id}'s result");
        let history = service
            .block_on(run.history())
            .expect("the order's history");
        let shipment = shipment_of(&history)
            .unwrap_or_else(|| panic!("order {id} completed without a shipment"));
        histories.push(history);
        histories.push(history_of(&service, &shipment));
    }

    let timeouts: usize = histories.iter().map(|h| tasks::timeouts(h)).sum();
    let failures = count(&histories, EventType::ActivityTaskFailed);
    let all: Vec<Task> = histories.iter().flat_map(|h| tasks::tasks(h)).collect();
    let decisions = all.iter().filter(|t| t.kind == Kind::Decision).count();
    let activities = all.len() - decisions;
    println!(
        "{} orders ({} executions): {decisions} decision tasks, {activities} activity tasks, \
         {timeouts} timeouts; all completed {:.1} s after the start",
        orders.len(),
        histories.len(),
        completed_in.as_secs_f64()
    );
    for s in &stopped {
        report(s, &all);
    }
    for (identity, status) in &rest {
        assert!(
            status.success(),
            "{identity}, stopped idle, exited with {status}"
        );
    }
    println!("stopped idle at the end, each exiting 0: {}", rest.len());

    assert_eq!(timeouts, 0, "tasks timed out");
    // The only failures are the flaky card's first charges, each retried once.
    assert_eq!(
        failures,
        orders.len().div_ceil(FLAKY_EVERY),
        "failed activity tasks"
    );
    assert!(
        all.iter().all(|t| t.closed.is_some()),
        "every task of a closed execution was answered"
    );
    println!("wall time {:.1} s", began.elapsed().as_secs_f64());
}

/// Registers the domain and the types as the binaries would with `--register`, with the
/// application's own code, so that the processes start without racing to do it.
fn register(service: &LocalService) {
    service.block_on(async {
        let mut worker = Worker::builder(service.client.clone());
        worker.domain(order::DOMAIN).task_list(order::ORDERS);
        order::orders_activities(&mut worker);
        order::shipping_activities(&mut worker, PackAndShip::default());
        let worker = worker.build().expect("the worker builds");
        worker
            .register()
            .await
            .expect("the activity types register");
        let mut decider = Decider::builder(service.client.clone());
        decider.domain(order::DOMAIN).task_list(order::DECISIONS);
        order::workflows(&mut decider, order::OrderWorkflow::default())
            .build()
            .expect("the decider builds")
            .register()
            .await
            .expect("the workflow types register");
    });
}

/// Delays every answer to a task by 100 to 300 ms before the service applies it, so that each
/// task stays held, its answer in flight, for that long after the process decided or ran it.
fn delay_answers(service: &LocalService) {
    let mut faults = swf_local::FaultConfig::default();
    faults.seed = Some(14);
    faults.latency_ms = 100;
    faults.latency_jitter_ms = 200;
    faults.operations = vec![
        "RespondDecisionTaskCompleted".into(),
        "RespondActivityTaskCompleted".into(),
        "RespondActivityTaskFailed".into(),
    ];
    service
        .server()
        .set_faults(faults)
        .expect("the latency applies");
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

/// Starts orders `range`: three parcels each, under the approval threshold, every
/// [`FLAKY_EVERY`]th with the flaky card.
fn start_orders(
    service: &LocalService,
    workflows: &WorkflowClient,
    range: std::ops::Range<usize>,
) -> Vec<WorkflowHandle<OrderOutcome>> {
    service.block_on(async {
        let starts = range.map(|n| {
            let id = format!("o-{n}");
            let card = if n % FLAKY_EVERY == 0 {
                "flaky"
            } else {
                "visa"
            };
            let order = Order::new(&id, "mug", 3, 1_000, card);
            async move {
                workflows
                    .start::<order::OrderWorkflow>(&id, &order, &StartOptions::new())
                    .await
                    .unwrap_or_else(|e| panic!("order {id} does not start: {e}"))
            }
        });
        join_all(starts).await
    })
}

/// What order `id` completes with.
fn expected(id: &str) -> OrderOutcome {
    OrderOutcome {
        order_id: id.to_owned(),
        status: OrderStatus::Shipped,
        charge_id: Some(format!("ch-{id}")),
        tracking: Some(format!("TRACK-{id}")),
        reason: None,
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
    let exit_ms = (Timestamp::now().as_millis() - signalled.as_millis()).unsigned_abs() as u128;
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
        let held = open_histories(service)
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

/// The histories of every open execution of the application's domain.
fn open_histories(service: &LocalService) -> Vec<Vec<HistoryEvent>> {
    let client = &service.client;
    service.block_on(async {
        let mut executions = Vec::new();
        let mut next_page_token = None;
        // Two pages of 1,000 hold every execution the test starts.
        for _ in 0..2 {
            let input = ListOpenWorkflowExecutionsInput {
                domain: order::DOMAIN.into(),
                start_time_filter: ExecutionTimeFilter {
                    oldest_date: Timestamp::from_millis(0),
                    latest_date: None,
                },
                maximum_page_size: Some(1000),
                next_page_token,
                ..Default::default()
            };
            let page = client
                .list_open_workflow_executions(input)
                .await
                .expect("the open executions");
            executions.extend(page.execution_infos.into_iter().map(|i| i.execution));
            next_page_token = page.next_page_token;
            if next_page_token.is_none() {
                break;
            }
        }
        // An execution that closed since the listing has nothing in flight: skipped.
        let histories = executions.iter().map(|e| whole_history(service, e));
        join_all(histories).await.into_iter().flatten().collect()
    })
}

/// `execution`'s whole history, `None` if it cannot be read.
async fn whole_history(
    service: &LocalService,
    execution: &WorkflowExecution,
) -> Option<Vec<HistoryEvent>> {
    let input = GetWorkflowExecutionHistoryInput {
        domain: order::DOMAIN.into(),
        execution: execution.clone(),
        ..Default::default()
    };
    let whole = service.client.get_whole_workflow_execution_history(input);
    whole.await.ok().map(|w| w.events)
}

fn history_of(service: &LocalService, execution: &WorkflowExecution) -> Vec<HistoryEvent> {
    service
        .block_on(whole_history(service, execution))
        .unwrap_or_else(|| panic!("the history of {execution:?}"))
}

/// The shipment child an order's history records as completed.
fn shipment_of(history: &[HistoryEvent]) -> Option<WorkflowExecution> {
    history.iter().find_map(|e| match e.attributes() {
        EventAttributesRef::ChildWorkflowExecutionCompleted(a) => {
            Some(a.workflow_execution.clone())
        }
        _ => None,
    })
}

fn count(histories: &[Vec<HistoryEvent>], kind: EventType) -> usize {
    histories
        .iter()
        .flatten()
        .filter(|e| e.event_type == kind)
        .count()
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
