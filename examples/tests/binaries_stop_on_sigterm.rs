//! The order application's binaries stop gracefully on SIGTERM, sent to the real process: the
//! tasks they hold are answered, the polls they have in flight are not abandoned (the tasks those
//! polls bring after the signal are answered too), and they exit with status 0.
//!
//! The test plays everything but the binary under test against an in-process `swf-local`, and
//! learns where the binary is from events, never from a clock:
//! - the service's count of parked polls says when the binary's polls are waiting, and so, when
//!   a task was queued before the binary started, that the task has reached it (the poll that
//!   took it found it at once and only the next poll parked);
//! - the binary's log says when it has handled the signal (`RUST_LOG=info`, on stderr);
//! - the history, read once the process has exited, says what was answered before the exit.
//!
//! A poll abandoned at the signal would, on SWF, take a task that nobody then runs; here it shows
//! as a task queued after the signal that the binary never starts, or never answers.

use std::ops::Deref;
use std::process::{Command, Stdio};
use std::time::Duration;

use examples::order::{self, PackAndShip, Shipment};
use swf_core::types::*;
use swf_decider::Decider;
use swf_testkit::harness::Domain;
use swf_testkit::local::LocalService;
use swf_testkit::process::Signal;
use swf_testkit::{ChildProcess, Lines};
use swf_worker::Worker;

/// Hang guard for a process to exit, a log line to appear, polls to park.
const DEADLINE: Duration = Duration::from_secs(60);

/// How long the service holds an empty poll: twice [`DEADLINE`]. A binary that starts a poll
/// after the signal cannot exit gracefully before that poll returns, so it fails the exit
/// deadline; and a poll the binary had in flight at the signal is certainly still parked when the
/// test queues the task meant for it.
const POLL_TIMEOUT: Duration = Duration::from_secs(120);

/// How long the worker under test packs one parcel.
const PER_PARCEL_MS: &str = "500";

/// The identity the binary under test reports, which the history records on the tasks it takes.
const UNDER_TEST: &str = "under-test";

/// The identity of the test's own polls.
const TEST: &str = "the-test";

/// `swf-local` in this process, with the order application's domain and types registered.
struct Service(LocalService);

impl Deref for Service {
    type Target = LocalService;

    fn deref(&self) -> &LocalService {
        &self.0
    }
}

impl Service {
    fn start() -> Service {
        let service = Service(LocalService::start(POLL_TIMEOUT));
        service.register();
        service
    }

    /// The application's domain, through the service's client (its calls run with `block_on`).
    fn orders(&self) -> Domain {
        self.domain(order::DOMAIN)
    }

    /// Registers what the binaries would with `--register`, with the application's own code, so
    /// that tasks can be queued before the binary under test starts.
    fn register(&self) {
        self.block_on(async {
            let mut shipping = Worker::builder(self.client.clone());
            shipping.domain(order::DOMAIN).task_list(order::SHIPPING);
            order::shipping_activities(&mut shipping, PackAndShip::default());
            shipping
                .build()
                .expect("the worker builds")
                .register()
                .await
                .expect("the activity types are registered");
            let mut decider = Decider::builder(self.client.clone());
            decider.domain(order::DOMAIN).task_list(order::DECISIONS);
            order::workflows(&mut decider, order::OrderWorkflow::default())
                .build()
                .expect("the decider builds")
                .register()
                .await
                .expect("the workflow types are registered");
        });
    }

    /// Starts a `shipment` of `parcels` parcels as workflow `id`; its first decision task is
    /// queued when this returns.
    fn start_shipment(&self, id: &str, parcels: u32) -> WorkflowExecution {
        let input = StartWorkflowExecutionInput {
            workflow_id: id.into(),
            workflow_type: WorkflowType {
                name: "shipment".into(),
                version: "1".into(),
            },
            input: Some(shipment(id, parcels)),
            ..Default::default()
        };
        self.block_on(self.orders().start(input))
    }

    /// Signals `execution`, which queues a decision task for it.
    fn signal(&self, execution: &WorkflowExecution) {
        let run_id = Some(execution.run_id.as_str());
        let orders = self.orders();
        self.block_on(orders.signal(&execution.workflow_id, run_id, "more", None));
    }

    /// Plays the decider once: takes the decision task waiting for `execution` and answers it
    /// with `decisions`.
    #[track_caller]
    fn decide(&self, execution: &WorkflowExecution, decisions: Vec<Decision>) {
        let orders = self.orders();
        self.block_on(async {
            let task = orders
                .poll_decision(order::DECISIONS, Some(TEST))
                .await
                .expect("a decision task was waiting");
            assert_eq!(&task.workflow_execution, execution, "the task decided");
            orders.decide(&task, decisions).await;
        });
    }

    /// Plays the shipping worker once: takes the activity task waiting on `shipping`, if one
    /// comes within the poll timeout, and returns its activity id.
    fn take_activity_task(&self) -> Option<String> {
        let task = self.block_on(self.orders().poll_activity(order::SHIPPING, Some(TEST)));
        task.map(|task| task.activity_id)
    }

    fn history(&self, execution: &WorkflowExecution) -> Vec<HistoryEvent> {
        self.block_on(swf_cli::history::fetch(
            &self.client,
            order::DOMAIN,
            execution,
        ))
        .expect("the history")
    }
}

/// A binary of the application running against the service, and its log.
struct Binary {
    process: ChildProcess,
    log: Lines,
}

impl Binary {
    /// Starts `path` on the service's endpoint with identity [`UNDER_TEST`], two pollers, and
    /// `extra` flags; nothing from the environment reaches it but what is set here.
    fn start(name: &str, path: &str, service: &Service, extra: &[&str]) -> Binary {
        let mut command = Command::new(path);
        command
            .env_clear()
            .env("RUST_LOG", "info")
            .args(["--endpoint-url", &service.endpoint])
            .args(["--domain", order::DOMAIN])
            .args(["--identity", UNDER_TEST])
            .args(["--pollers", "2"])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let mut process = ChildProcess::spawn(name, &mut command)
            .unwrap_or_else(|e| panic!("{name} does not start: {e}"));
        let log = Lines::read(format!("{name} stderr"), process.take_stderr());
        Binary { process, log }
    }

    /// Waits until the binary has `count` polls parked at the service.
    fn polls_parked(&mut self, service: &Service, count: usize) {
        if !service.wait_for_parked_polls(count, DEADLINE) {
            panic!(
                "{count} polls did not park within {DEADLINE:?} (exit status {:?}); its log:\n{}",
                self.process.try_status(),
                self.log.so_far().join("\n")
            );
        }
    }

    /// Sends SIGTERM and waits until the binary logs that it is shutting down.
    fn terminate(&mut self) {
        self.process.signal(Signal::Term);
        self.log
            .wait_for(DEADLINE, |l| l.contains("shutdown signal received"));
    }

    /// Waits for the process to exit and asserts it exited with status 0.
    fn exits_0(&mut self, service: &Service) {
        let Some(status) = self.process.wait_until(DEADLINE) else {
            panic!(
                "it did not exit within {DEADLINE:?}, with {} polls parked at the service; its log:\n{}",
                service.server().parked_polls(),
                self.log.so_far().join("\n")
            );
        };
        let log = self.log.read_to_end(DEADLINE).join("\n");
        assert_eq!(
            status.code(),
            Some(0),
            "exit status {status}; its log:\n{log}"
        );
    }
}

fn shipment(order_id: &str, parcels: u32) -> String {
    serde_json::to_string(&Shipment {
        order_id: order_id.into(),
        parcels,
    })
    .expect("a shipment encodes")
}

/// A `ScheduleActivityTask` of `pack-and-ship` on `shipping`, with the registered timeouts.
fn pack(activity_id: &str, parcels: u32) -> Decision {
    Decision::from(ScheduleActivityTaskDecisionAttributes {
        activity_id: activity_id.into(),
        activity_type: ActivityType {
            name: "pack-and-ship".into(),
            version: "1".into(),
        },
        task_list: Some(TaskList {
            name: order::SHIPPING.into(),
        }),
        input: Some(shipment(activity_id, parcels)),
        ..Default::default()
    })
}

/// Asserts that activity `activity_id` was started by the binary under test and completed with
/// its tracking number.
#[track_caller]
fn completed_by_the_binary(events: &[HistoryEvent], activity_id: &str) {
    let scheduled = events
        .iter()
        .find(|e| {
            e.activity_task_scheduled_event_attributes
                .as_ref()
                .is_some_and(|a| a.activity_id == activity_id)
        })
        .unwrap_or_else(|| panic!("{activity_id} was not scheduled: {}", outline(events)));
    let started = events
        .iter()
        .find(|e| {
            e.activity_task_started_event_attributes
                .as_ref()
                .is_some_and(|a| a.scheduled_event_id == scheduled.event_id)
        })
        .unwrap_or_else(|| panic!("{activity_id} was never started: {}", outline(events)));
    let identity = &started
        .activity_task_started_event_attributes
        .as_ref()
        .expect("a started event")
        .identity;
    assert_eq!(
        identity.as_deref(),
        Some(UNDER_TEST),
        "who started {activity_id}"
    );
    let answer = events
        .iter()
        .find(|e| {
            e.activity_task_completed_event_attributes
                .as_ref()
                .is_some_and(|a| a.started_event_id == started.event_id)
        })
        .unwrap_or_else(|| {
            panic!(
                "{activity_id} was started but not completed: {}",
                outline(events)
            )
        });
    let result = answer
        .activity_task_completed_event_attributes
        .as_ref()
        .and_then(|a| a.result.as_deref());
    assert_eq!(
        result,
        Some(format!(r#"{{"number":"TRACK-{activity_id}"}}"#).as_str()),
        "{activity_id}'s result"
    );
}

/// The history as one line of event ids and types, for failure messages.
fn outline(events: &[HistoryEvent]) -> String {
    events
        .iter()
        .map(|e| format!("{} {:?}", e.event_id, e.event_type))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Asserts that no task of the history timed out, failed or was canceled.
#[track_caller]
fn nothing_lost(events: &[HistoryEvent]) {
    let lost: Vec<_> = events
        .iter()
        .filter(|e| {
            matches!(
                e.event_type,
                EventType::ActivityTaskTimedOut
                    | EventType::ActivityTaskFailed
                    | EventType::ActivityTaskCanceled
                    | EventType::DecisionTaskTimedOut
            )
        })
        .collect();
    assert!(lost.is_empty(), "tasks lost or cut short: {lost:#?}");
}

#[test]
fn the_shipping_worker_answers_its_tasks_and_polls_in_flight_then_exits_0_on_sigterm() {
    let service = Service::start();

    // `slow` is queued before the worker starts, so the worker's first poll takes it without
    // parking: once both of its polls are parked, `slow` has reached it and is being packed
    // (4 parcels of 500 ms, well past the moment the signal lands; the log checks that).
    let run = service.start_shipment("shipments", 1);
    service.decide(&run, vec![pack("slow", 4)]);
    let mut worker = Binary::start(
        "order-worker-shipping",
        env!("CARGO_BIN_EXE_order-worker-shipping"),
        &service,
        &["--per-parcel-ms", PER_PARCEL_MS],
    );
    worker.polls_parked(&service, 2);

    worker.terminate();
    let draining = worker
        .log
        .wait_for(DEADLINE, |l| l.contains("running tasks are finishing"));
    assert!(
        draining.contains("running=1"),
        "`slow` was in flight when the worker started shutting down: {draining}"
    );

    // The worker's two polls were in flight at the signal; a worker that keeps them until they
    // return takes these two tasks with them and runs them before it exits.
    service.signal(&run);
    service.decide(&run, vec![pack("after-1", 1), pack("after-2", 1)]);

    worker.exits_0(&service);
    let log = worker.log.seen().join("\n");
    assert!(
        log.contains("worker stopped: every task has been answered"),
        "{log}"
    );

    // Read after the exit: whatever the history shows answered, the worker answered before it.
    let events = service.history(&run);
    for activity in ["slow", "after-1", "after-2"] {
        completed_by_the_binary(&events, activity);
    }
    nothing_lost(&events);

    // No poll of the worker outlived it: nothing is parked, and a task queued now goes to the
    // next poller, not to a poll of a process that is gone.
    assert_eq!(
        service.server().parked_polls(),
        0,
        "polls parked after the exit"
    );
    service.signal(&run);
    service.decide(&run, vec![pack("after-exit", 1)]);
    assert_eq!(
        service.take_activity_task().as_deref(),
        Some("after-exit"),
        "the task queued after the exit reached the next poller"
    );
}

/// Asserts that `execution`'s first decision task was started by the binary under test and
/// answered, with the shipment workflow's first decision: pack the parcels.
#[track_caller]
fn decided_by_the_binary(events: &[HistoryEvent], execution: &WorkflowExecution) {
    let id = &execution.workflow_id;
    let started = events
        .iter()
        .find_map(|e| e.decision_task_started_event_attributes.as_ref())
        .unwrap_or_else(|| {
            panic!(
                "{id}'s decision task was never started: {}",
                outline(events)
            )
        });
    assert_eq!(
        started.identity.as_deref(),
        Some(UNDER_TEST),
        "who started {id}'s decision task"
    );
    let completed = events
        .iter()
        .find(|e| e.event_type == EventType::DecisionTaskCompleted)
        .unwrap_or_else(|| panic!("{id}'s decision task was not answered: {}", outline(events)));
    let scheduled = events
        .iter()
        .find_map(|e| e.activity_task_scheduled_event_attributes.as_ref())
        .unwrap_or_else(|| panic!("{id}'s decision scheduled nothing: {}", outline(events)));
    assert_eq!(
        scheduled.decision_task_completed_event_id, completed.event_id,
        "{id}: the packing was scheduled by the decision the decider answered"
    );
    assert_eq!(scheduled.activity_type.name, "pack-and-ship");
    nothing_lost(events);
}

/// Starts the decider while a decision task is queued, and returns once the decider has taken
/// it: the poll that took it found it without parking, so both polls parked means that poll has
/// handed the task over and polled again.
fn decider_holding_a_task(service: &Service) -> Binary {
    let mut decider = Binary::start(
        "order-decider",
        env!("CARGO_BIN_EXE_order-decider"),
        service,
        &[],
    );
    decider.polls_parked(service, 2);
    decider
}

#[test]
fn the_decider_answers_the_task_it_holds_and_its_polls_bring_then_exits_0_on_sigterm() {
    let service = Service::start();
    // Deciding takes milliseconds, so the held decision may be sent before the signal lands or
    // after (the log shows which); either way it is answered before the exit.
    let held = service.start_shipment("held", 1);
    let mut decider = decider_holding_a_task(&service);

    // The decider's two polls are in flight at the signal: a decider that keeps them until they
    // return takes these two decision tasks with them, and answers them before it exits. One
    // that starts a poll after the signal cannot exit before the poll timeout, past the deadline.
    decider.terminate();
    let after = [
        service.start_shipment("after-1", 1),
        service.start_shipment("after-2", 1),
    ];
    decider.exits_0(&service);
    for run in [&held].into_iter().chain(&after) {
        decided_by_the_binary(&service.history(run), run);
    }

    // No poll of the decider outlived it: nothing is parked, and a decision task queued now goes
    // to the next poller.
    assert_eq!(
        service.server().parked_polls(),
        0,
        "polls parked after the exit"
    );
    let next = service.start_shipment("after-exit", 1);
    service.decide(&next, vec![pack("after-exit", 1)]);
}
