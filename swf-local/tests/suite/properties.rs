//! Property tests: any sequence of valid API calls keeps swf-local's invariants.
//!
//! A strategy draws sequences of abstract operations (start an execution; poll decision tasks
//! and answer one with a list of decisions; poll activity tasks and complete, fail, cancel or
//! heartbeat one; signal, cancel or terminate a run; advance the clock). Each case runs its
//! sequence against an in-process service of its own on a manual virtual clock, so timeouts
//! happen exactly when the sequence advances the clock; with the runner's fixed seed and
//! concurrent polls' answers taken in a fixed order, a run is the same every time.
//! After every operation the open runs, and at the end every run, are checked:
//!
//! - the history is well formed ([`invariants::check_history`]): ids dense and increasing, at
//!   most one decision task open at any point, each task started at most once, one closing
//!   event at most and nothing after it;
//! - `DescribeWorkflowExecution`'s status and `openCounts` are what the history implies;
//! - no task was handed out twice: every poll's token and (run, started event) is new;
//! - a call refused as `UnknownResourceFault` named something that is over: a task whose
//!   history shows it closed, or a closed run.

mod checks_fail;
mod invariants;
mod ops;

use crate::common::*;
use invariants::{check_history, task_is_over};
use ops::{Answer, Op, close_decision, op, step_decision};
use proptest::collection::vec;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashSet};
use std::time::Duration;
use swf_core::Client;
use swf_core::types::*;
use swf_local::{Server, VirtualClock};

/// Cases per run, and operations per case: about 7 s in a debug build. Sequences may be as
/// short as one operation, so that a failure shrinks to only the calls that matter.
const CASES: u32 = 80;
const OPS: std::ops::RangeInclusive<usize> = 1..=60;

/// What a whole run exercised, summed over its cases: printed, and checked against
/// [`MUST_HAPPEN`] so that the property cannot pass by doing nothing.
#[derive(Debug, Default)]
struct Tally {
    tasks_handed_out: usize,
    /// Calls refused as unknown, each checked against the history.
    refusals_checked: usize,
    runs_checked: usize,
    /// How many times each event type closed a case's histories.
    events: BTreeMap<String, usize>,
}

/// Event types every run must have produced: each timeout, close and child outcome the
/// operations can lead to.
const MUST_HAPPEN: &[EventType] = &[
    EventType::DecisionTaskTimedOut,
    EventType::ActivityTaskCompleted,
    EventType::ActivityTaskFailed,
    EventType::ActivityTaskCanceled,
    EventType::ActivityTaskTimedOut,
    EventType::ActivityTaskCancelRequested,
    EventType::TimerFired,
    EventType::TimerCanceled,
    EventType::ChildWorkflowExecutionStarted,
    EventType::ChildWorkflowExecutionCompleted,
    EventType::ChildWorkflowExecutionTerminated,
    EventType::WorkflowExecutionSignaled,
    EventType::WorkflowExecutionCancelRequested,
    EventType::WorkflowExecutionCompleted,
    EventType::WorkflowExecutionFailed,
    EventType::WorkflowExecutionCanceled,
    EventType::WorkflowExecutionContinuedAsNew,
    EventType::WorkflowExecutionTerminated,
    EventType::WorkflowExecutionTimedOut,
];

#[test]
fn any_sequence_of_valid_calls_keeps_the_invariants() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let config = Config {
        cases: CASES,
        // Deterministic (the runner's seed is fixed below), so nothing to persist.
        failure_persistence: None,
        max_shrink_iters: 1024,
        ..Config::default()
    };
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha));
    let tally = RefCell::new(Tally::default());
    let cases = RefCell::new(0u32);
    // One HTTP client for every case's service: building one reads the machine's TLS roots,
    // which cost more than a short case's calls in a debug build.
    let http = reqwest::Client::new();
    let started = std::time::Instant::now();
    let result = runner.run(&vec(op(), OPS), |ops| {
        *cases.borrow_mut() += 1;
        rt.block_on(async {
            // A service per case: a case starts from nothing, and shrinking runs many cases,
            // more than the 100 domains one service registers.
            let server = Server::builder()
                // Polls are made only for tasks counted as pending: none should wait this long.
                .poll_timeout(Duration::from_secs(2))
                .virtual_clock(VirtualClock::new().manual())
                .start()
                .await
                .unwrap();
            let client = Client::local_builder(server.endpoint_url())
                .http_client(http.clone())
                .retry_config(swf_core::RetryConfig::disabled())
                .build()
                .await
                .unwrap();
            let result = Case::new(&server, &client, &tally).run(&ops).await;
            server.shutdown().await;
            result
        })
    });
    println!(
        "{} cases (shrinking included) in {:?}: {:#?}",
        cases.borrow(),
        started.elapsed(),
        tally.borrow()
    );
    if let Err(e) = result {
        panic!("{e}");
    }
    let tally = tally.into_inner();
    let missing: Vec<_> = MUST_HAPPEN
        .iter()
        .filter(|t| !tally.events.contains_key(t.as_str()))
        .collect();
    assert!(missing.is_empty(), "no case led to {missing:?}");
    assert!(tally.tasks_handed_out > 2 * CASES as usize, "{tally:?}");
    assert!(tally.refusals_checked > 0, "{tally:?}");
}

/// One case: its domain and what it holds between operations.
struct Case<'a> {
    server: &'a Server,
    client: Client,
    domain: String,
    /// Decision and activity tasks handed out and not answered yet (maybe timed out since).
    decision_tasks: Vec<DecisionTask>,
    activity_tasks: Vec<ActivityTask>,
    /// Every run the case started or was handed a task of: the targets of signals and such.
    runs: Vec<WorkflowExecution>,
    /// Every task handed out, by token and by (run id, started event id).
    tokens: HashSet<String>,
    starts: HashSet<(String, i64)>,
    tally: &'a RefCell<Tally>,
}

fn fail(message: impl Into<String>) -> TestCaseError {
    TestCaseError::fail(message.into())
}

impl<'a> Case<'a> {
    fn new(server: &'a Server, client: &Client, tally: &'a RefCell<Tally>) -> Case<'a> {
        Case {
            server,
            client: client.clone(),
            domain: DOMAIN.into(),
            decision_tasks: Vec::new(),
            activity_tasks: Vec::new(),
            runs: Vec::new(),
            tokens: HashSet::new(),
            starts: HashSet::new(),
            tally,
        }
    }

    async fn run(mut self, ops: &[Op]) -> Result<(), TestCaseError> {
        register_domain(&self.client, &self.domain).await;
        for (i, op) in ops.iter().enumerate() {
            let idle = self.finds_nothing(op);
            self.apply(op)
                .await
                .map_err(|e| fail(format!("operation {i} ({op:?}): {e}")))?;
            if idle {
                // No call was made and the clock is manual: nothing can have changed since the
                // last check (and the next check would see it if something had).
                continue;
            }
            self.check(false)
                .await
                .map_err(|e| fail(format!("after operation {i} ({op:?}): {e}")))?;
        }
        self.check(true).await.map_err(fail)
    }

    /// Whether `op` finds nothing to act on, so that [`Case::apply`] makes no call: an answer
    /// without a task to answer, or a call about a run before any run was started.
    fn finds_nothing(&self, op: &Op) -> bool {
        match op {
            Op::Decide { .. } => self.decision_tasks.is_empty(),
            Op::Answer { .. } => self.activity_tasks.is_empty(),
            Op::Signal { .. } | Op::RequestCancel { .. } | Op::Terminate { .. } => {
                self.runs.is_empty()
            }
            Op::Start { .. }
            | Op::PollDecisions { .. }
            | Op::PollActivities { .. }
            | Op::Advance { .. } => false,
        }
    }

    async fn apply(&mut self, op: &Op) -> Result<(), String> {
        match op {
            Op::Start { workflow, long } => {
                let input = StartWorkflowExecutionInput {
                    domain: self.domain.clone(),
                    workflow_id: format!("w{workflow}"),
                    workflow_type: wf_type(),
                    execution_start_to_close_timeout: long.then(|| "600".into()),
                    ..Default::default()
                };
                match self.client.start_workflow_execution(input).await {
                    Ok(run) => {
                        let run_id = run.run_id.ok_or("a start without a run id")?;
                        self.runs.push(WorkflowExecution {
                            workflow_id: format!("w{workflow}"),
                            run_id,
                        });
                        Ok(())
                    }
                    Err(e) => expect_code(&e, "WorkflowExecutionAlreadyStartedFault"),
                }
            }
            Op::PollDecisions { polls } => self.poll_decisions(*polls).await,
            Op::Decide { task, steps, close } => {
                let Some(task) = take(&mut self.decision_tasks, *task) else {
                    return Ok(());
                };
                let mut list: Vec<Decision> = steps.iter().map(step_decision).collect();
                list.extend(close.as_ref().map(close_decision));
                let input = RespondDecisionTaskCompletedInput {
                    task_token: task.task_token.clone(),
                    decisions: Some(list),
                    ..Default::default()
                };
                match self.client.respond_decision_task_completed(input).await {
                    Ok(()) => Ok(()),
                    Err(e) => {
                        let (run, started) = (&task.workflow_execution, task.started_event_id);
                        self.refused_task(&e, run, started, true).await
                    }
                }
            }
            Op::PollActivities { polls } => self.poll_activities(*polls).await,
            Op::Answer { task, answer } => self.answer(*task, answer).await,
            Op::Signal { run } => {
                let Some(run) = pick(&self.runs, *run) else {
                    return Ok(());
                };
                let input = SignalWorkflowExecutionInput {
                    domain: self.domain.clone(),
                    workflow_id: run.workflow_id.clone(),
                    run_id: Some(run.run_id.clone()),
                    signal_name: "poke".into(),
                    input: None,
                };
                let result = self.client.signal_workflow_execution(input).await;
                self.refused_run(result, &run).await
            }
            Op::RequestCancel { run } => {
                let Some(run) = pick(&self.runs, *run) else {
                    return Ok(());
                };
                let input = RequestCancelWorkflowExecutionInput {
                    domain: self.domain.clone(),
                    workflow_id: run.workflow_id.clone(),
                    run_id: Some(run.run_id.clone()),
                };
                let result = self.client.request_cancel_workflow_execution(input).await;
                self.refused_run(result, &run).await
            }
            Op::Terminate { run } => {
                let Some(run) = pick(&self.runs, *run) else {
                    return Ok(());
                };
                let input = TerminateWorkflowExecutionInput {
                    domain: self.domain.clone(),
                    workflow_id: run.workflow_id.clone(),
                    run_id: Some(run.run_id.clone()),
                    ..Default::default()
                };
                let result = self.client.terminate_workflow_execution(input).await;
                self.refused_run(result, &run).await
            }
            Op::Advance { seconds } => self
                .server
                .advance(Duration::from_secs(*seconds))
                .await
                .map(drop)
                .map_err(|e| e.to_string()),
        }
    }

    async fn poll_decisions(&mut self, polls: u8) -> Result<(), String> {
        let pending = self
            .client
            .count_pending_decision_tasks(CountPendingDecisionTasksInput {
                domain: self.domain.clone(),
                task_list: task_list(DECISIONS),
            })
            .await
            .map_err(|e| e.to_string())?
            .count;
        let mut tasks = all_at_once(pending.min(i32::from(polls)), || {
            let input = PollForDecisionTaskInput {
                domain: self.domain.clone(),
                task_list: task_list(DECISIONS),
                ..Default::default()
            };
            let client = self.client.clone();
            async move { client.poll_for_decision_task(input).await }
        })
        .await?;
        // In the order of their runs, not of their answers, so a case picks the same tasks
        // every time it runs.
        tasks.sort_by_key(|t| (t.workflow_execution.workflow_id.clone(), t.started_event_id));
        for task in tasks {
            if task.task_token.is_empty() {
                return Err(format!(
                    "{pending} decision tasks pending, yet a poll got none"
                ));
            }
            self.handed_out(
                &task.task_token,
                &task.workflow_execution,
                task.started_event_id,
            )?;
            self.decision_tasks.push(task);
        }
        Ok(())
    }

    async fn poll_activities(&mut self, polls: u8) -> Result<(), String> {
        let pending = self
            .client
            .count_pending_activity_tasks(CountPendingActivityTasksInput {
                domain: self.domain.clone(),
                task_list: task_list(ACTIVITIES),
            })
            .await
            .map_err(|e| e.to_string())?
            .count;
        let mut tasks = all_at_once(pending.min(i32::from(polls)), || {
            let input = PollForActivityTaskInput {
                domain: self.domain.clone(),
                task_list: task_list(ACTIVITIES),
                identity: None,
            };
            let client = self.client.clone();
            async move { client.poll_for_activity_task(input).await }
        })
        .await?;
        tasks.sort_by_key(|t| {
            (
                t.workflow_execution.workflow_id.clone(),
                t.activity_id.clone(),
            )
        });
        for task in tasks {
            if task.task_token.is_empty() {
                return Err(format!(
                    "{pending} activity tasks pending, yet a poll got none"
                ));
            }
            self.handed_out(
                &task.task_token,
                &task.workflow_execution,
                task.started_event_id,
            )?;
            self.activity_tasks.push(task);
        }
        Ok(())
    }

    /// Records a task a poll handed out; an error if it was handed out before.
    fn handed_out(
        &mut self,
        token: &str,
        run: &WorkflowExecution,
        started: i64,
    ) -> Result<(), String> {
        if !self.tokens.insert(token.to_owned()) {
            return Err(format!("task token {token} handed out twice"));
        }
        if !self.starts.insert((run.run_id.clone(), started)) {
            return Err(format!(
                "the task started at #{started} of {run:?} handed out twice"
            ));
        }
        self.tally.borrow_mut().tasks_handed_out += 1;
        if !self.runs.contains(run) {
            self.runs.push(run.clone());
        }
        Ok(())
    }

    async fn answer(&mut self, task: u8, answer: &Answer) -> Result<(), String> {
        let Some(index) = index(self.activity_tasks.len(), task) else {
            return Ok(());
        };
        let task = if matches!(answer, Answer::Heartbeat) {
            self.activity_tasks[index].clone()
        } else {
            self.activity_tasks.remove(index)
        };
        let token = task.task_token.clone();
        let result = match answer {
            Answer::Complete => {
                let input = RespondActivityTaskCompletedInput {
                    task_token: token,
                    result: Some("done".into()),
                };
                self.client.respond_activity_task_completed(input).await
            }
            Answer::Fail => {
                let input = RespondActivityTaskFailedInput {
                    task_token: token,
                    reason: Some("broke".into()),
                    details: None,
                };
                self.client.respond_activity_task_failed(input).await
            }
            Answer::Cancel => {
                let input = RespondActivityTaskCanceledInput {
                    task_token: token,
                    details: None,
                };
                self.client.respond_activity_task_canceled(input).await
            }
            Answer::Heartbeat => {
                let input = RecordActivityTaskHeartbeatInput {
                    task_token: token,
                    details: None,
                };
                self.client
                    .record_activity_task_heartbeat(input)
                    .await
                    .map(drop)
            }
        };
        match result {
            Ok(()) => Ok(()),
            Err(e) => {
                if matches!(answer, Answer::Heartbeat) {
                    self.activity_tasks.remove(index);
                }
                self.refused_task(&e, &task.workflow_execution, task.started_event_id, false)
                    .await
            }
        }
    }

    /// A call about a task was refused: only as unknown, and only if the task is over.
    async fn refused_task(
        &self,
        e: &swf_core::Error,
        run: &WorkflowExecution,
        started: i64,
        decision: bool,
    ) -> Result<(), String> {
        expect_code(e, "UnknownResourceFault")?;
        let events = self.history(run).await?;
        if task_is_over(&events, started, decision) {
            self.tally.borrow_mut().refusals_checked += 1;
            Ok(())
        } else {
            Err(format!("the open task started at #{started} refused: {e}"))
        }
    }

    /// A call about a run answered `result`: refused only as unknown, and only if it is closed.
    async fn refused_run(
        &self,
        result: Result<(), swf_core::Error>,
        run: &WorkflowExecution,
    ) -> Result<(), String> {
        let Err(e) = result else {
            return Ok(());
        };
        expect_code(&e, "UnknownResourceFault")?;
        let status = self.describe(run).await?.execution_info.execution_status;
        if status == ExecutionStatus::Closed {
            self.tally.borrow_mut().refusals_checked += 1;
            Ok(())
        } else {
            Err(format!("the open run {run:?} refused: {e}"))
        }
    }

    /// Checks the open runs, or every run if `all`, against their histories.
    async fn check(&self, all: bool) -> Result<(), String> {
        let mut runs = self.list(false).await?;
        if all {
            runs.extend(self.list(true).await?);
        }
        // Every run's history and description read at once: nothing moves between the calls
        // (the clock is manual and this case makes no other call meanwhile), and the reads
        // waiting on each other in turn were most of a case's time.
        let mut reads = tokio::task::JoinSet::new();
        for (index, info) in runs.iter().enumerate() {
            let (client, domain, run) = (
                self.client.clone(),
                self.domain.clone(),
                info.execution.clone(),
            );
            reads.spawn(async move {
                let (events, detail) = tokio::join!(
                    history_of(&client, &domain, &run),
                    describe_of(&client, &domain, &run)
                );
                (index, events, detail)
            });
        }
        let mut read = Vec::with_capacity(runs.len());
        while let Some(joined) = reads.join_next().await {
            read.push(joined.map_err(|e| e.to_string())?);
        }
        // In the order of the listing, so a failure names the same run every time.
        read.sort_by_key(|(index, _, _)| *index);
        for ((_, events, detail), info) in read.into_iter().zip(&runs) {
            let run = &info.execution;
            let events = events?;
            let implied = check_history(&events).map_err(|e| format!("{run:?}: {e}"))?;
            if all {
                let mut tally = self.tally.borrow_mut();
                tally.runs_checked += 1;
                for event in &events {
                    *tally
                        .events
                        .entry(event.event_type.as_str().to_owned())
                        .or_default() += 1;
                }
            }
            let detail = detail?;
            let status = detail.execution_info.execution_status;
            if (status == ExecutionStatus::Closed) != implied.closed {
                return Err(format!("{run:?} is {status:?}, its history: {implied:?}"));
            }
            if info.execution_status != status {
                return Err(format!(
                    "{run:?} is {status:?}, but listed as {:?}",
                    info.execution_status
                ));
            }
            if detail.open_counts != implied.open_counts() {
                return Err(format!(
                    "{run:?} describes {:?}, its history implies {implied:?}",
                    detail.open_counts
                ));
            }
        }
        Ok(())
    }

    /// The domain's open or closed runs (one page: a case makes fewer than 1000).
    async fn list(&self, closed: bool) -> Result<Vec<WorkflowExecutionInfo>, String> {
        let infos = if closed {
            let input = ListClosedWorkflowExecutionsInput {
                domain: self.domain.clone(),
                start_time_filter: Some(ExecutionTimeFilter::default()),
                maximum_page_size: Some(1000),
                ..Default::default()
            };
            self.client.list_closed_workflow_executions(input).await
        } else {
            let input = ListOpenWorkflowExecutionsInput {
                domain: self.domain.clone(),
                start_time_filter: ExecutionTimeFilter::default(),
                maximum_page_size: Some(1000),
                ..Default::default()
            };
            self.client.list_open_workflow_executions(input).await
        }
        .map_err(|e| e.to_string())?;
        if infos.next_page_token.is_some() {
            return Err("more than 1000 runs in one case".into());
        }
        Ok(infos.execution_infos)
    }

    async fn history(&self, run: &WorkflowExecution) -> Result<Vec<HistoryEvent>, String> {
        history_of(&self.client, &self.domain, run).await
    }

    async fn describe(&self, run: &WorkflowExecution) -> Result<WorkflowExecutionDetail, String> {
        describe_of(&self.client, &self.domain, run).await
    }
}

/// The whole history of `run` in `domain`.
async fn history_of(
    client: &Client,
    domain: &str,
    run: &WorkflowExecution,
) -> Result<Vec<HistoryEvent>, String> {
    let input = GetWorkflowExecutionHistoryInput {
        domain: domain.to_owned(),
        execution: run.clone(),
        ..Default::default()
    };
    client
        .get_whole_workflow_execution_history(input)
        .await
        .map(|whole| whole.events)
        .map_err(|e| format!("the history of {run:?}: {e}"))
}

/// `DescribeWorkflowExecution` of `run` in `domain`.
async fn describe_of(
    client: &Client,
    domain: &str,
    run: &WorkflowExecution,
) -> Result<WorkflowExecutionDetail, String> {
    let input = DescribeWorkflowExecutionInput {
        domain: domain.to_owned(),
        execution: run.clone(),
    };
    client
        .describe_workflow_execution(input)
        .await
        .map_err(|e| format!("describing {run:?}: {e}"))
}

/// Makes `calls` calls of `call` at once, so that polls race for the tasks, and returns their
/// answers.
async fn all_at_once<T, F, Fut>(calls: i32, call: F) -> Result<Vec<T>, String>
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<T, swf_core::Error>> + Send + 'static,
    T: Send + 'static,
{
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..calls {
        set.spawn(call());
    }
    let mut answers = Vec::new();
    while let Some(joined) = set.join_next().await {
        answers.push(
            joined
                .map_err(|e| e.to_string())?
                .map_err(|e| e.to_string())?,
        );
    }
    Ok(answers)
}

/// Ok if the service refused the call with `code`, the error otherwise.
fn expect_code(e: &swf_core::Error, code: &str) -> Result<(), String> {
    match e.code() {
        Some(c) if c == code || c.ends_with(&format!("#{code}")) => Ok(()),
        _ => Err(format!("refused with {e} where only {code} could be")),
    }
}

fn index(len: usize, i: u8) -> Option<usize> {
    (len > 0).then(|| usize::from(i) % len)
}

fn pick<T: Clone>(items: &[T], i: u8) -> Option<T> {
    index(items.len(), i).map(|i| items[i].clone())
}

fn take<T>(items: &mut Vec<T>, i: u8) -> Option<T> {
    index(items.len(), i).map(|i| items.remove(i))
}

fn task_list(name: &str) -> TaskList {
    TaskList { name: name.into() }
}
