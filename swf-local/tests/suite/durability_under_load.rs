//! SIGKILL in the middle of a burst of concurrent starts and signals, with timers and timeouts
//! pending: after a restart on the same file, every call the service acknowledged is there
//! exactly once, nothing is there twice, every history is dense, and what was pending fires.
//!
//! The kill comes after a number of acknowledgements, not after a sleep, and the pending timers
//! and timeouts are armed by calls acknowledged just before it, so what the test asserts does not
//! depend on timing: only the 2 s they take to come due must not all pass before the kill, and
//! the test checks that too (each fires with a timestamp after the kill).

use crate::binary_cli::{LocalBinary, PROCESS_DEADLINE};
use crate::common::*;
use crate::durability_restart::TempDb;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use swf_core::types::*;
use swf_core::{Client, Error, ErrorKind};
use tokio::sync::Notify;

/// Concurrent tasks issuing calls.
const WORKERS: usize = 12;
/// Executions every worker signals, besides its own: concurrent signals to one history.
const HUBS: usize = 3;
/// Acknowledged burst calls before the kill.
const ACKS_BEFORE_KILL: usize = 150;
/// The most rounds one worker runs: far more than the kill needs, so a burst that is never
/// killed fails instead of running on.
const MAX_ROUNDS: usize = 10_000;
/// Executions with a timer pending, with an activity's schedule-to-start timeout pending, and
/// with a decision task's start-to-close timeout pending at the kill: this many of each.
const PENDING_EACH: usize = 2;
/// The duration of those timers and timeouts.
const PENDING_SECS: u32 = 2;
const SIGNAL: &str = "burst";

#[tokio::test]
async fn acknowledged_calls_survive_sigkill_in_a_burst() {
    let db = TempDb::new("under-load");
    let server = LocalBinary::start(Some(db.path()));
    let client = client_for(&server.url).await;
    register_domain(&client, DOMAIN).await;
    let mut hubs = Vec::new();
    for i in 0..HUBS {
        hubs.push(start(&client, &format!("hub-{i}"), None).await);
    }
    let pending = Pending::prepare(&client).await;

    // The burst: it runs until the kill ends it.
    let burst = Arc::new(Burst::default());
    let workers: Vec<_> = (0..WORKERS)
        .map(|n| tokio::spawn(worker(client.clone(), n, hubs.clone(), burst.clone())))
        .collect();
    tokio::time::timeout(PROCESS_DEADLINE, burst.enough.notified())
        .await
        .expect("the burst gets its acknowledgements");
    // Armed while the burst goes on; each is acknowledged, so pending at the kill.
    let armed = pending.arm(&client).await;
    // The test's runtime runs one task at a time, so while this one runs every other worker is
    // parked inside a call: each worker still running has a call in flight.
    let in_flight = burst.in_flight.load(Ordering::SeqCst);
    burst.killed.store(true, Ordering::SeqCst);
    server.kill();
    let killed_at = Timestamp::now();
    assert!(in_flight > 0, "no call was in flight at the kill");

    let mut logs = Vec::new();
    for w in workers {
        let log = tokio::time::timeout(PROCESS_DEADLINE, w)
            .await
            .expect("every worker stops at the kill")
            .expect("no worker failed");
        logs.push(log);
    }
    let cut_off = logs.iter().filter(|l| l.cut_off_in_flight).count();
    assert!(
        cut_off > 0,
        "no call was cut off after it was sent: the kill missed the burst"
    );

    let server = LocalBinary::start(Some(db.path()));
    let client = client_for(&server.url).await;
    let waited = Instant::now();
    armed.wait_until_fired(&client, killed_at).await;
    let waited = waited.elapsed();
    let applied = check_everything_acknowledged(&client, &logs, &hubs, &armed).await;
    eprintln!(
        "durability under load: {} calls acknowledged before the kill ({in_flight} in flight, \
         {cut_off} cut off after sending); {} of the {} unacknowledged starts and signals were \
         applied; the pending timers and timeouts fired {waited:?} after the restart",
        logs.iter().map(Log::acks).sum::<usize>(),
        applied.unacknowledged_applied,
        applied.unacknowledged,
    );
    server.kill();
}

/// What the workers share: the acknowledgement count that triggers the kill, the number of calls
/// in flight, and whether the kill has begun (before it, every call must succeed).
#[derive(Default)]
struct Burst {
    acks: AtomicUsize,
    enough: Notify,
    in_flight: AtomicUsize,
    killed: AtomicBool,
}

impl Burst {
    /// Runs one call of the burst: `Some` with its answer when the service acknowledged it,
    /// `None` when the kill cut it off. Any other failure fails the test.
    async fn call<T>(
        &self,
        log: &mut Log,
        call: impl Future<Output = Result<T, Error>>,
    ) -> Option<T> {
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        let answer = call.await;
        self.in_flight.fetch_sub(1, Ordering::SeqCst);
        match answer {
            Ok(answer) => {
                if self.acks.fetch_add(1, Ordering::SeqCst) + 1 == ACKS_BEFORE_KILL {
                    self.enough.notify_one();
                }
                Some(answer)
            }
            Err(e) if self.killed.load(Ordering::SeqCst) => {
                // `Transport`: the request was sent and the connection broke before the answer.
                // `Connect`: the service was already gone when the call began.
                assert!(
                    matches!(e.kind(), ErrorKind::Transport | ErrorKind::Connect),
                    "the kill ends a call with a connection error, not {e}"
                );
                log.cut_off_in_flight = matches!(e.kind(), ErrorKind::Transport);
                None
            }
            Err(e) => panic!("a call failed before the kill: {e}"),
        }
    }
}

/// What one worker tried and what the service acknowledged.
#[derive(Default)]
struct Log {
    /// The workflow ids it tried to start.
    tried_starts: Vec<String>,
    /// The starts the service acknowledged.
    acked_starts: Vec<WorkflowExecution>,
    /// Each signal it tried: its input (unique in the whole test) and the workflow id it went to.
    tried_signals: Vec<(String, String)>,
    /// The inputs of the signals the service acknowledged.
    acked_signals: Vec<String>,
    /// Whether the kill broke its last call after the call was sent.
    cut_off_in_flight: bool,
}

impl Log {
    fn acks(&self) -> usize {
        self.acked_starts.len() + self.acked_signals.len()
    }
}

/// One worker: starts an execution, signals it, signals a hub, and again, until the kill.
async fn worker(client: Client, n: usize, hubs: Vec<WorkflowExecution>, burst: Arc<Burst>) -> Log {
    let mut log = Log::default();
    for round in 0..MAX_ROUNDS {
        let workflow_id = format!("burst-{n}-{round}");
        log.tried_starts.push(workflow_id.clone());
        let started = client.start_workflow_execution(StartWorkflowExecutionInput {
            domain: DOMAIN.into(),
            workflow_id: workflow_id.clone(),
            workflow_type: wf_type(),
            input: Some(start_input(&workflow_id)),
            ..Default::default()
        });
        let Some(run) = burst.call(&mut log, started).await else {
            return log;
        };
        log.acked_starts.push(WorkflowExecution {
            workflow_id: workflow_id.clone(),
            run_id: run.run_id.expect("a start answers with its run id"),
        });
        let hub = &hubs[(n + round) % hubs.len()].workflow_id;
        for target in [&workflow_id, hub] {
            let input = format!("{workflow_id} to {target}");
            log.tried_signals.push((input.clone(), target.clone()));
            let signal = client.signal_workflow_execution(SignalWorkflowExecutionInput {
                domain: DOMAIN.into(),
                workflow_id: target.clone(),
                signal_name: SIGNAL.into(),
                input: Some(input.clone()),
                ..Default::default()
            });
            if burst.call(&mut log, signal).await.is_none() {
                return log;
            }
            log.acked_signals.push(input);
        }
    }
    panic!("worker {n} ran {MAX_ROUNDS} rounds and was never killed");
}

/// The input a burst start carries, so a restored history can be checked against it.
fn start_input(workflow_id: &str) -> String {
    format!("input of {workflow_id}")
}

/// Starts `wf`; `task_start_to_close` overrides the type's 10 s decision timeout.
async fn start(
    client: &Client,
    workflow_id: &str,
    task_start_to_close: Option<u32>,
) -> WorkflowExecution {
    let run = client
        .start_workflow_execution(StartWorkflowExecutionInput {
            domain: DOMAIN.into(),
            workflow_id: workflow_id.into(),
            workflow_type: wf_type(),
            task_list: Some(TaskList {
                name: workflow_id.into(),
            }),
            task_start_to_close_timeout: task_start_to_close.map(|s| s.to_string()),
            ..Default::default()
        })
        .await
        .unwrap();
    WorkflowExecution {
        workflow_id: workflow_id.into(),
        run_id: run.run_id.unwrap(),
    }
}

/// What pending deadline an execution has at the kill. Each execution has its own decision task
/// list (named after its workflow id), so waiting for one never takes another's task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A 2 s timer.
    Timer,
    /// An activity scheduled on a task list nobody polls, with a 2 s schedule-to-start timeout.
    ActivityScheduleToStart,
    /// A decision task started and never answered, with a 2 s start-to-close timeout.
    DecisionStartToClose,
}

const KINDS: [Kind; 3] = [
    Kind::Timer,
    Kind::ActivityScheduleToStart,
    Kind::DecisionStartToClose,
];

/// The executions that will have a deadline pending at the kill, before it is armed.
struct Pending {
    /// Each with its decision task, started, for the kinds a decision arms.
    executions: Vec<(Kind, WorkflowExecution, Option<DecisionTask>)>,
}

/// The executions with a deadline pending, armed.
struct Armed {
    executions: Vec<(Kind, WorkflowExecution)>,
}

impl Pending {
    /// Starts the executions and, for those whose deadline a decision arms, starts their first
    /// decision task: all that is left before the kill is one call each.
    async fn prepare(client: &Client) -> Pending {
        let mut executions = Vec::new();
        for kind in KINDS {
            for i in 0..PENDING_EACH {
                let workflow_id = format!("{kind:?}-{i}");
                let timeout = (kind == Kind::DecisionStartToClose).then_some(PENDING_SECS);
                let execution = start(client, &workflow_id, timeout).await;
                let task = match kind {
                    Kind::DecisionStartToClose => None,
                    _ => Some(poll_decision(client, &workflow_id).await),
                };
                if let Some(task) = &task {
                    assert_eq!(
                        task.workflow_execution, execution,
                        "its first decision task"
                    );
                }
                executions.push((kind, execution, task));
            }
        }
        Pending { executions }
    }

    /// Arms each deadline with one acknowledged call.
    async fn arm(self, client: &Client) -> Armed {
        let mut executions = Vec::new();
        for (kind, execution, task) in self.executions {
            let decisions = match kind {
                Kind::Timer => vec![start_timer("t", PENDING_SECS)],
                Kind::ActivityScheduleToStart => {
                    vec![schedule_activity_with(
                        ScheduleActivityTaskDecisionAttributes {
                            activity_id: "a".into(),
                            task_list: Some(TaskList {
                                name: "nobody polls this".into(),
                            }),
                            schedule_to_start_timeout: Some(PENDING_SECS.to_string()),
                            ..Default::default()
                        },
                    )]
                }
                Kind::DecisionStartToClose => {
                    let task = poll_decision(client, &execution.workflow_id).await;
                    assert_eq!(
                        task.workflow_execution, execution,
                        "its first decision task"
                    );
                    executions.push((kind, execution));
                    continue;
                }
            };
            let task = task.expect("prepared with its decision task");
            client
                .respond_decision_task_completed(RespondDecisionTaskCompletedInput {
                    task_token: task.task_token,
                    decisions: Some(decisions),
                    ..Default::default()
                })
                .await
                .unwrap();
            executions.push((kind, execution));
        }
        Armed { executions }
    }
}

impl Armed {
    /// Waits for each pending deadline to fire on the restarted service (it schedules a decision
    /// task), and checks that it fired once, on time, and after the kill.
    async fn wait_until_fired(&self, client: &Client, killed_at: Timestamp) {
        for (kind, execution) in &self.executions {
            let give_up = Instant::now() + PROCESS_DEADLINE;
            let task = loop {
                let task = poll_decision(client, &execution.workflow_id).await;
                if !task.task_token.is_empty() {
                    break task;
                }
                assert!(
                    Instant::now() < give_up,
                    "{kind:?} of {} never fired after the restart",
                    execution.workflow_id
                );
            };
            let (armed, fired) = match kind {
                Kind::Timer => {
                    let fired = only(&task.events, EventType::TimerFired);
                    let started = only(&task.events, EventType::TimerStarted);
                    (started, fired)
                }
                Kind::ActivityScheduleToStart => {
                    let fired = only(&task.events, EventType::ActivityTaskTimedOut);
                    let attrs = fired.activity_task_timed_out_event_attributes.as_ref();
                    assert_eq!(
                        attrs.unwrap().timeout_type,
                        ActivityTaskTimeoutType::ScheduleToStart
                    );
                    (only(&task.events, EventType::ActivityTaskScheduled), fired)
                }
                Kind::DecisionStartToClose => {
                    let fired = only(&task.events, EventType::DecisionTaskTimedOut);
                    let attrs = fired.decision_task_timed_out_event_attributes.as_ref();
                    assert_eq!(
                        attrs.unwrap().timeout_type,
                        DecisionTaskTimeoutType::StartToClose
                    );
                    let started = of_type(&task.events, EventType::DecisionTaskStarted)[0];
                    (started, fired)
                }
            };
            let waited = fired.event_timestamp.duration_since(armed.event_timestamp);
            assert!(
                waited >= Duration::from_secs(PENDING_SECS.into()),
                "{kind:?} of {} fired {waited:?} after it was armed",
                execution.workflow_id
            );
            assert!(
                fired.event_timestamp >= killed_at,
                "{kind:?} of {} fired before the kill, so the restart was not tested: \
                 the test took more than {PENDING_SECS} s to arm it and kill",
                execution.workflow_id
            );
        }
    }
}

/// The one event of type `t` in a history.
fn only(events: &[HistoryEvent], t: EventType) -> &HistoryEvent {
    match of_type(events, t.clone())[..] {
        [event] => event,
        ref found => panic!("{} events of type {t:?} where one was due", found.len()),
    }
}

/// How many calls the service was not seen to acknowledge, and how many of those it applied.
struct Applied {
    unacknowledged: usize,
    unacknowledged_applied: usize,
}

/// Checks the restarted service against what the burst was told: every acknowledged start and
/// signal is there once, nothing that was not tried is there, nothing is there twice, and every
/// history's event ids are 1..n.
async fn check_everything_acknowledged(
    client: &Client,
    logs: &[Log],
    hubs: &[WorkflowExecution],
    armed: &Armed,
) -> Applied {
    let open = open_executions(client).await;
    let known: BTreeSet<&str> = hubs
        .iter()
        .chain(armed.executions.iter().map(|(_, e)| e))
        .map(|e| e.workflow_id.as_str())
        .collect();
    let tried_starts: BTreeSet<&str> = logs
        .iter()
        .flat_map(|l| &l.tried_starts)
        .map(String::as_str)
        .collect();
    for (workflow_id, runs) in &open {
        assert_eq!(runs.len(), 1, "{workflow_id} is open once, not {runs:?}");
        assert!(
            known.contains(workflow_id.as_str()) || tried_starts.contains(workflow_id.as_str()),
            "{workflow_id} was never started"
        );
    }
    for known in &known {
        assert!(open.contains_key(*known), "{known} is lost");
    }
    for acked in logs.iter().flat_map(|l| &l.acked_starts) {
        assert_eq!(
            open.get(&acked.workflow_id),
            Some(&vec![acked.run_id.clone()]),
            "the acknowledged start of {} is back, with its run id",
            acked.workflow_id
        );
    }

    // Every signal event, by input, with the workflow id it is in.
    let mut signaled: HashMap<String, Vec<String>> = HashMap::new();
    for (workflow_id, runs) in &open {
        let execution = WorkflowExecution {
            workflow_id: workflow_id.clone(),
            run_id: runs[0].clone(),
        };
        let events = history(client, &execution).await;
        let ids: Vec<i64> = events.iter().map(|e| e.event_id).collect();
        assert!(
            ids.iter().copied().eq(1..=ids.len() as i64),
            "{workflow_id}'s event ids are 1..n: {ids:?}"
        );
        let started = only(&events, EventType::WorkflowExecutionStarted);
        assert_eq!(started.event_id, 1, "{workflow_id} begins with its start");
        if tried_starts.contains(workflow_id.as_str()) {
            let attrs = started.workflow_execution_started_event_attributes.as_ref();
            assert_eq!(
                attrs.unwrap().input.as_deref(),
                Some(start_input(workflow_id).as_str()),
                "{workflow_id}'s input"
            );
        }
        for event in of_type(&events, EventType::WorkflowExecutionSignaled) {
            let attrs = event
                .workflow_execution_signaled_event_attributes
                .as_ref()
                .unwrap();
            assert_eq!(attrs.signal_name, SIGNAL);
            let input = attrs.input.clone().expect("every signal has an input");
            signaled.entry(input).or_default().push(workflow_id.clone());
        }
    }
    let tried_signals: HashMap<&str, &str> = logs
        .iter()
        .flat_map(|l| &l.tried_signals)
        .map(|(input, target)| (input.as_str(), target.as_str()))
        .collect();
    for (input, found_in) in &signaled {
        let target = tried_signals.get(input.as_str());
        assert_eq!(
            found_in.iter().map(String::as_str).collect::<Vec<_>>(),
            target.into_iter().copied().collect::<Vec<_>>(),
            "the signal {input:?} is in its target's history, once"
        );
    }
    for acked in logs.iter().flat_map(|l| &l.acked_signals) {
        assert!(signaled.contains_key(acked), "the signal {acked:?} is lost");
    }

    let acked_starts: BTreeSet<&str> = logs
        .iter()
        .flat_map(|l| &l.acked_starts)
        .map(|e| e.workflow_id.as_str())
        .collect();
    let acked_signals: BTreeSet<&str> = logs
        .iter()
        .flat_map(|l| &l.acked_signals)
        .map(String::as_str)
        .collect();
    let unacked_starts = tried_starts.difference(&acked_starts);
    let unacked_signals: Vec<&str> = tried_signals
        .keys()
        .copied()
        .filter(|s| !acked_signals.contains(s))
        .collect();
    Applied {
        unacknowledged: unacked_starts.clone().count() + unacked_signals.len(),
        unacknowledged_applied: unacked_starts.filter(|w| open.contains_key(**w)).count()
            + unacked_signals
                .iter()
                .filter(|s| signaled.contains_key(**s))
                .count(),
    }
}

/// Every open execution of the domain: the run ids of each workflow id.
async fn open_executions(client: &Client) -> BTreeMap<String, Vec<String>> {
    let mut open: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut token = None;
    for _ in 0..100 {
        let page = client
            .list_open_workflow_executions(ListOpenWorkflowExecutionsInput {
                domain: DOMAIN.into(),
                start_time_filter: ExecutionTimeFilter {
                    oldest_date: Timestamp::from_millis(0),
                    latest_date: None,
                },
                maximum_page_size: Some(1000),
                next_page_token: token,
                ..Default::default()
            })
            .await
            .unwrap();
        for info in page.execution_infos {
            open.entry(info.execution.workflow_id)
                .or_default()
                .push(info.execution.run_id);
        }
        token = page.next_page_token;
        if token.is_none() {
            return open;
        }
    }
    panic!("too many pages of open executions");
}
