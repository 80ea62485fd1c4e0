//! `HistoryBuilder` against swf-local: the same steps, the same history, event by event.
//!
//! `HistoryBuilder` is a hand-written model of how SWF writes histories, and most decision tests
//! stand on it. Each test here is one scenario, a list of [`Step`]s taken twice: once by a
//! `HistoryBuilder` (`decision_task_completed_with` for a decision task, `activity_failed`,
//! `timer_fired`, `signaled`, … for the rest; for decisions SWF refuses, the failure events the
//! scenario expects), once against an in-process swf-local with
//! `swf-core`'s raw calls (poll and answer a decision task with those decisions, poll and answer
//! an activity task, signal, request cancellation, let a timer or timeout come due). Then the
//! two histories are compared as JSON, every event and every attribute. A mismatch names the
//! event (id and both types), the JSON path of the first attribute that differs, and both
//! values; it is a bug in one of the two, decided from SWF's documentation and fixed there.
//!
//! # What is normalised, and why
//! Only values that are different on every run, on both sides:
//! - `eventTimestamp` is removed: the builder's clock starts at 2025-01-01 and ticks 1 ms an
//!   event, swf-local's is the wall clock.
//! - Run ids (`runId`, `newExecutionRunId`, `continuedExecutionRunId`) become `run#1`, `run#2`, …
//!   in the order each distinct id first appears in that history: the builder names runs
//!   `run-1`, `run-2`, swf-local makes random ones. Numbering by first appearance still checks
//!   that each event names the right run, and an empty run id stays empty.
//!
//! Nothing else: identities are not normalised (the steps poll as `decider` and `worker`, the
//! identities the builder writes), and histories carry no task tokens.
//!
//! # How the steps wait
//! A step swf-local takes on its own (a timer firing, an activity timing out) is awaited by the
//! decision poll of the next step, which long-polls until the decision task that event schedules
//! is there; so such a step must be followed by a [`Step::Decide`]. Every poll loop is bounded and
//! the whole scenario runs under a generous deadline. Timers and timeouts are 0 or 1 s (SWF counts
//! in whole seconds).
//!
//! # Not covered
//! - Only the first run of a continued execution is compared (the builder models one run), and
//!   not the children's own histories (histories like the parent's).
//! - Decision task timeouts: the builder's task start-to-close timeout is a fixed 10 s.
//! - Children that are canceled, terminated or time out; signals sent by another execution
//!   (`signaled` has no sender); cancelling an activity that has not started (the builder starts
//!   an activity before recording it canceled); the run id a `SignalExternalWorkflowExecution`
//!   or `RequestCancelExternalWorkflowExecution` decision names (the builder drops it).
//! - Lambda functions: swf-local has no Lambda.

mod common;

use std::collections::HashMap;

use serde_json::Value;
use swf_core::types::*;
use swf_decider::testing::HistoryBuilder;
use swf_testkit::first_difference;

use common::local::{self, DOMAIN, Local};

/// The workflow type every scenario runs, and its input.
const WORKFLOW: (&str, &str) = ("scenario", "1");
const INPUT: &str = r#"{"order":"o-1"}"#;
/// The execution's decision task list, the one the builder writes.
const DECISIONS: &str = "default";
/// The activity task list the scenarios schedule on.
const ACTIVITIES: &str = "activities";
/// The activity type every activity is of.
const ACTIVITY: (&str, &str) = ("work", "1");
/// The type of every child workflow.
const CHILD: (&str, &str) = ("child", "1");
/// How many empty long polls (200 ms each) a step waits through before failing.
const MAX_POLLS: usize = 50;

/// One step of a scenario, as both sides take it.
#[derive(Debug, Clone)]
enum Step {
    /// The decision task is polled (started) but not yet answered: events that arrive now arrive
    /// during the task.
    DecisionStarted,
    /// The decision task is polled if it was not, then completed with these decisions.
    Decide(Vec<Decision>),
    /// The same, for decisions SWF refuses: the builder completes the task and records the
    /// failures as the function says.
    Refused(Vec<Decision>, fn(&mut HistoryBuilder)),
    /// The activity task is polled by the worker.
    ActivityStarted(&'static str),
    /// The worker completes the activity task (polling it first if it has not).
    ActivityCompleted(&'static str, Option<&'static str>),
    /// The worker fails the activity task: reason and details.
    ActivityFailed(&'static str, &'static str, Option<&'static str>),
    /// The worker reports the activity task canceled, with details.
    ActivityCanceled(&'static str, Option<&'static str>),
    /// The worker heartbeats the started activity task with these details (no event: SWF keeps
    /// the details for an `ActivityTaskTimedOut`).
    Heartbeat(&'static str, Option<&'static str>),
    /// The activity times out: swf-local's own step, awaited by the next `Decide`.
    ActivityTimedOut(&'static str, ActivityTaskTimeoutType),
    /// The timer fires: swf-local's own step, awaited by the next `Decide`.
    TimerFired(&'static str),
    /// `SignalWorkflowExecution`: name and input.
    Signal(&'static str, Option<&'static str>),
    /// `RequestCancelWorkflowExecution`.
    CancelRequested,
    /// The child started: swf-local starts it while handling the decision, so nothing to do.
    ChildStarted(&'static str),
    /// The signal sent under this command id (its `control`) was delivered: swf-local delivers it
    /// while handling the decision, so nothing to do.
    ExternalSignaled(&'static str),
    /// The cancel request sent under this command id was delivered, likewise.
    ExternalCancelRequested(&'static str),
    /// The child's own decider completes it with this result.
    ChildCompleted(&'static str, Option<&'static str>),
    /// The child's own decider fails it: reason and details.
    ChildFailed(&'static str, &'static str, Option<&'static str>),
}

impl Step {
    /// Whether swf-local takes this step on its own, later, so the next step must wait for it.
    fn comes_due(&self) -> bool {
        matches!(self, Step::TimerFired(_) | Step::ActivityTimedOut(..))
    }

    /// The step, taken by the builder.
    fn build(&self, h: &mut HistoryBuilder) {
        match self {
            Step::DecisionStarted => h.decision_task_started(),
            Step::Decide(decisions) => h.decision_task_completed_with(decisions),
            Step::Refused(_, record) => {
                record(h.decision_task_completed());
                h
            }
            Step::ActivityStarted(id) => h.activity_started(id),
            Step::ActivityCompleted(id, result) => h.activity_completed(id, *result),
            Step::ActivityFailed(id, reason, details) => h.activity_failed(id, reason, *details),
            Step::ActivityCanceled(id, details) => h.activity_canceled(id, *details),
            Step::Heartbeat(id, details) => h.activity_heartbeat(id, *details),
            Step::ActivityTimedOut(id, timeout) => h.activity_timed_out(id, timeout.clone()),
            Step::TimerFired(id) => h.timer_fired(id),
            Step::Signal(name, input) => h.signaled(name, *input),
            Step::CancelRequested => h.cancel_requested(),
            Step::ChildStarted(workflow_id) => h.child_started(workflow_id),
            Step::ExternalSignaled(id) => h.external_signaled(id),
            Step::ExternalCancelRequested(id) => h.external_cancel_requested(id),
            Step::ChildCompleted(workflow_id, result) => h.child_completed(workflow_id, *result),
            Step::ChildFailed(workflow_id, reason, details) => {
                h.child_failed(workflow_id, reason, *details)
            }
        };
    }
}

/// One scenario run against swf-local: the execution, and the tasks polled but not yet answered.
struct Scenario {
    local: Local,
    execution: WorkflowExecution,
    decision: Option<DecisionTask>,
    activities: HashMap<String, String>,
}

impl Scenario {
    /// swf-local with the domain, the types, and the scenario's execution started as the
    /// builder's `WorkflowExecutionStarted` describes it.
    async fn start(workflow_id: &str) -> Scenario {
        let local = local::start().await;
        local.register_activities(&[ACTIVITY.0]).await;
        for (name, version) in [WORKFLOW, CHILD] {
            let input = RegisterWorkflowTypeInput {
                name: name.into(),
                version: version.into(),
                ..Default::default()
            };
            let registered = local.domain.register_workflow_type(input);
            registered.await.expect("type registers");
        }
        let input = StartWorkflowExecutionInput {
            workflow_id: workflow_id.into(),
            workflow_type: workflow_type(WORKFLOW),
            task_list: Some(task_list(DECISIONS)),
            input: Some(INPUT.into()),
            execution_start_to_close_timeout: Some("3600".into()),
            task_start_to_close_timeout: Some("10".into()),
            child_policy: Some(ChildPolicy::Terminate),
            ..Default::default()
        };
        let execution = local.domain.start(input).await;
        Scenario {
            local,
            execution,
            decision: None,
            activities: HashMap::new(),
        }
    }

    /// The step, taken against swf-local.
    async fn take(&mut self, step: &Step) {
        match step {
            Step::DecisionStarted => {
                let task = self.poll_decision(DECISIONS).await;
                self.decision = Some(task);
            }
            Step::Decide(decisions) | Step::Refused(decisions, _) => {
                let task = match self.decision.take() {
                    Some(task) => task,
                    None => self.poll_decision(DECISIONS).await,
                };
                self.decide(task, decisions.clone()).await;
            }
            Step::ActivityStarted(id) => self.start_activity(id).await,
            Step::ActivityCompleted(id, result) => {
                let task_token = self.started_activity(id).await;
                let input = RespondActivityTaskCompletedInput {
                    task_token,
                    result: result.map(Into::into),
                };
                let answered = self.local.client.respond_activity_task_completed(input);
                answered.await.expect("completion accepted");
            }
            Step::ActivityFailed(id, reason, details) => {
                let task_token = self.started_activity(id).await;
                let input = RespondActivityTaskFailedInput {
                    task_token,
                    reason: Some((*reason).into()),
                    details: details.map(Into::into),
                };
                let answered = self.local.client.respond_activity_task_failed(input);
                answered.await.expect("failure accepted");
            }
            Step::ActivityCanceled(id, details) => {
                let task_token = self.started_activity(id).await;
                let input = RespondActivityTaskCanceledInput {
                    task_token,
                    details: details.map(Into::into),
                };
                let answered = self.local.client.respond_activity_task_canceled(input);
                answered.await.expect("cancellation accepted");
            }
            Step::Heartbeat(id, details) => {
                let input = RecordActivityTaskHeartbeatInput {
                    task_token: self.activities.get(*id).expect("started").clone(),
                    details: details.map(Into::into),
                };
                let recorded = self.local.client.record_activity_task_heartbeat(input);
                recorded.await.expect("heartbeat accepted");
            }
            Step::ActivityTimedOut(id, _) => {
                self.activities.remove(*id);
            }
            Step::TimerFired(_)
            | Step::ChildStarted(_)
            | Step::ExternalSignaled(_)
            | Step::ExternalCancelRequested(_) => {}
            Step::Signal(name, input) => {
                let WorkflowExecution {
                    workflow_id,
                    run_id,
                } = &self.execution;
                let signaled = self
                    .local
                    .domain
                    .signal(workflow_id, Some(run_id), name, *input);
                signaled.await;
            }
            Step::CancelRequested => {
                let input = RequestCancelWorkflowExecutionInput {
                    domain: DOMAIN.into(),
                    workflow_id: self.execution.workflow_id.clone(),
                    run_id: Some(self.execution.run_id.clone()),
                };
                let requested = self.local.client.request_cancel_workflow_execution(input);
                requested.await.expect("cancel request accepted");
            }
            Step::ChildCompleted(workflow_id, result) => {
                let task = self.poll_decision(workflow_id).await;
                let close = complete(*result);
                self.decide(task, vec![close]).await;
            }
            Step::ChildFailed(workflow_id, reason, details) => {
                let task = self.poll_decision(workflow_id).await;
                self.decide(task, vec![fail(reason, *details)]).await;
            }
        }
    }

    /// The next decision task on `list` (a child's list is its workflow id).
    async fn poll_decision(&self, list: &str) -> DecisionTask {
        self.local.domain.next_decision(list, Some("decider")).await
    }

    async fn decide(&self, task: DecisionTask, decisions: Vec<Decision>) {
        self.local.domain.decide(&task, decisions).await;
    }

    /// Polls the activity task `id`, which must be the next one on the list.
    async fn start_activity(&mut self, id: &str) {
        for _ in 0..MAX_POLLS {
            let poll = self.local.domain.poll_activity(ACTIVITIES, Some("worker"));
            if let Some(task) = poll.await {
                assert_eq!(task.activity_id, id, "the scenario's next activity task");
                self.activities.insert(id.to_owned(), task.task_token);
                return;
            }
        }
        panic!("no activity task `{id}` after {MAX_POLLS} polls");
    }

    /// The token of the activity task `id`, polled now if it was not, as the builder starts
    /// an activity before answering it.
    async fn started_activity(&mut self, id: &str) -> String {
        if !self.activities.contains_key(id) {
            self.start_activity(id).await;
        }
        self.activities.remove(id).expect("started")
    }
}

/// Runs `steps` on both sides and fails on the first event that differs.
async fn check(name: &str, steps: Vec<Step>) {
    // A step that comes due is awaited by the decision poll after it; without one, swf-local's
    // history could be fetched before the event is in it.
    for (i, step) in steps.iter().enumerate() {
        let next = steps.get(i + 1);
        assert!(
            !step.comes_due() || matches!(next, Some(Step::Decide(_) | Step::Refused(..))),
            "{name}: {step:?} must be followed by a decision, which waits for it"
        );
    }
    let mut builder = HistoryBuilder::with_input(WORKFLOW.0, WORKFLOW.1, Some(INPUT));
    for step in &steps {
        step.build(&mut builder);
    }
    let swf = local::within(60, async {
        let mut scenario = Scenario::start(name).await;
        for step in &steps {
            scenario.take(step).await;
        }
        scenario.local.history(&scenario.execution).await
    })
    .await;
    if let Some(mismatch) = first_mismatch(&builder.events(), &swf) {
        panic!("{name}: {mismatch}\n{}", listing(&builder.events(), &swf));
    }
}

/// Where the builder's history (left) and swf-local's (right) first differ, in words.
fn first_mismatch(builder: &[HistoryEvent], swf: &[HistoryEvent]) -> Option<String> {
    let (left, right) = (normalised(builder), normalised(swf));
    for i in 0..left.len().max(right.len()) {
        let (l, r) = (left.get(i), right.get(i));
        let at = format!(
            "event {} (HistoryBuilder: {}, swf-local: {})",
            i + 1,
            event_type(builder.get(i)),
            event_type(swf.get(i))
        );
        match (l, r) {
            (Some(l), Some(r)) => {
                if let Some(d) = first_difference(l, r) {
                    let show =
                        |v: Option<Value>| v.map_or("(absent)".to_owned(), |v| v.to_string());
                    return Some(format!(
                        "{at} differs at {}: HistoryBuilder = {}, swf-local = {}",
                        d.path,
                        show(d.left),
                        show(d.right)
                    ));
                }
            }
            _ => return Some(format!("{at}: only one history has it")),
        }
    }
    None
}

fn event_type(e: Option<&HistoryEvent>) -> &str {
    e.map_or("(none)", |e| e.event_type.as_str())
}

/// Both histories' event types side by side, for the failure message.
fn listing(builder: &[HistoryEvent], swf: &[HistoryEvent]) -> String {
    (0..builder.len().max(swf.len()))
        .map(|i| {
            let (b, s) = (event_type(builder.get(i)), event_type(swf.get(i)));
            format!("{:>3}  {b:<45} {s}\n", i + 1)
        })
        .collect()
}

/// The events as JSON, timestamps removed and run ids numbered (see the module docs).
fn normalised(events: &[HistoryEvent]) -> Vec<Value> {
    let mut runs = HashMap::new();
    events
        .iter()
        .map(|e| {
            let mut v = serde_json::to_value(e).expect("an event encodes");
            v.as_object_mut()
                .expect("an object")
                .remove("eventTimestamp");
            number_runs(&mut v, &mut runs);
            v
        })
        .collect()
}

fn number_runs(v: &mut Value, runs: &mut HashMap<String, usize>) {
    const RUN_IDS: [&str; 3] = ["runId", "newExecutionRunId", "continuedExecutionRunId"];
    match v {
        Value::Object(members) => {
            for (name, member) in members.iter_mut() {
                match member {
                    Value::String(id) if RUN_IDS.contains(&name.as_str()) && !id.is_empty() => {
                        let next = runs.len() + 1;
                        *id = format!("run#{}", runs.entry(id.clone()).or_insert(next));
                    }
                    _ => number_runs(member, runs),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| number_runs(i, runs)),
        _ => {}
    }
}

// Decisions, every member set that SWF would otherwise fill from a type's defaults.

fn task_list(name: &str) -> TaskList {
    TaskList { name: name.into() }
}

fn workflow_type((name, version): (&str, &str)) -> WorkflowType {
    WorkflowType {
        name: name.into(),
        version: version.into(),
    }
}

fn decision(decision_type: DecisionType, set: impl FnOnce(&mut Decision)) -> Decision {
    let mut d = Decision {
        decision_type,
        ..Default::default()
    };
    set(&mut d);
    d
}

/// `ScheduleActivityTask` for `id`, then `adjust`ed.
fn schedule_with(
    id: &str,
    adjust: impl FnOnce(&mut ScheduleActivityTaskDecisionAttributes),
) -> Decision {
    let mut a = ScheduleActivityTaskDecisionAttributes {
        activity_id: id.into(),
        activity_type: ActivityType {
            name: ACTIVITY.0.into(),
            version: ACTIVITY.1.into(),
        },
        control: Some(format!("control of {id}")),
        input: Some(format!(r#"{{"activity":"{id}"}}"#)),
        task_list: Some(task_list(ACTIVITIES)),
        task_priority: Some("3".into()),
        schedule_to_close_timeout: Some("600".into()),
        schedule_to_start_timeout: Some("300".into()),
        start_to_close_timeout: Some("300".into()),
        heartbeat_timeout: Some("NONE".into()),
    };
    adjust(&mut a);
    decision(DecisionType::ScheduleActivityTask, |d| {
        d.schedule_activity_task_decision_attributes = Some(Box::new(a))
    })
}

fn schedule(id: &str) -> Decision {
    schedule_with(id, |_| {})
}

fn request_cancel_activity(id: &str) -> Decision {
    decision(DecisionType::RequestCancelActivityTask, |d| {
        d.request_cancel_activity_task_decision_attributes =
            Some(Box::new(RequestCancelActivityTaskDecisionAttributes {
                activity_id: id.into(),
            }))
    })
}

fn start_timer(id: &str, secs: u64) -> Decision {
    decision(DecisionType::StartTimer, |d| {
        d.start_timer_decision_attributes = Some(Box::new(StartTimerDecisionAttributes {
            timer_id: id.into(),
            start_to_fire_timeout: secs.to_string(),
            control: Some(format!("control of {id}")),
        }))
    })
}

fn cancel_timer(id: &str) -> Decision {
    decision(DecisionType::CancelTimer, |d| {
        d.cancel_timer_decision_attributes = Some(Box::new(CancelTimerDecisionAttributes {
            timer_id: id.into(),
        }))
    })
}

fn record_marker(name: &str, details: Option<&str>) -> Decision {
    decision(DecisionType::RecordMarker, |d| {
        d.record_marker_decision_attributes = Some(Box::new(RecordMarkerDecisionAttributes {
            marker_name: name.into(),
            details: details.map(Into::into),
        }))
    })
}

fn start_child(workflow_id: &str) -> Decision {
    decision(DecisionType::StartChildWorkflowExecution, |d| {
        d.start_child_workflow_execution_decision_attributes =
            Some(Box::new(StartChildWorkflowExecutionDecisionAttributes {
                workflow_id: workflow_id.into(),
                workflow_type: workflow_type(CHILD),
                // Each child on its own list, so polling it finds that child's task.
                task_list: Some(task_list(workflow_id)),
                input: Some(format!(r#"{{"child":"{workflow_id}"}}"#)),
                control: Some(format!("control of {workflow_id}")),
                child_policy: Some(ChildPolicy::Abandon),
                execution_start_to_close_timeout: Some("1200".into()),
                task_start_to_close_timeout: Some("20".into()),
                task_priority: Some("2".into()),
                tag_list: Some(vec!["child".into()]),
                lambda_role: None,
            }))
    })
}

/// `SignalExternalWorkflowExecution` under command id `id` (its `control`).
fn signal_external(id: &str, workflow_id: &str, signal_name: &str) -> Decision {
    decision(DecisionType::SignalExternalWorkflowExecution, |d| {
        d.signal_external_workflow_execution_decision_attributes = Some(Box::new(
            SignalExternalWorkflowExecutionDecisionAttributes {
                control: Some(id.into()),
                input: Some(r#"{"poke":true}"#.into()),
                run_id: None,
                signal_name: signal_name.into(),
                workflow_id: workflow_id.into(),
            },
        ))
    })
}

/// `RequestCancelExternalWorkflowExecution` under command id `id` (its `control`).
fn request_cancel_external(id: &str, workflow_id: &str) -> Decision {
    decision(DecisionType::RequestCancelExternalWorkflowExecution, |d| {
        d.request_cancel_external_workflow_execution_decision_attributes = Some(Box::new(
            RequestCancelExternalWorkflowExecutionDecisionAttributes {
                control: Some(id.into()),
                run_id: None,
                workflow_id: workflow_id.into(),
            },
        ))
    })
}

fn complete(result: Option<&str>) -> Decision {
    decision(DecisionType::CompleteWorkflowExecution, |d| {
        d.complete_workflow_execution_decision_attributes =
            Some(Box::new(CompleteWorkflowExecutionDecisionAttributes {
                result: result.map(Into::into),
            }))
    })
}

fn fail(reason: &str, details: Option<&str>) -> Decision {
    decision(DecisionType::FailWorkflowExecution, |d| {
        d.fail_workflow_execution_decision_attributes =
            Some(Box::new(FailWorkflowExecutionDecisionAttributes {
                reason: Some(reason.into()),
                details: details.map(Into::into),
            }))
    })
}

fn cancel_workflow(details: Option<&str>) -> Decision {
    decision(DecisionType::CancelWorkflowExecution, |d| {
        d.cancel_workflow_execution_decision_attributes =
            Some(Box::new(CancelWorkflowExecutionDecisionAttributes {
                details: details.map(Into::into),
            }))
    })
}

fn continue_as_new(input: &str) -> Decision {
    decision(DecisionType::ContinueAsNewWorkflowExecution, |d| {
        d.continue_as_new_workflow_execution_decision_attributes =
            Some(Box::new(ContinueAsNewWorkflowExecutionDecisionAttributes {
                input: Some(input.into()),
                child_policy: Some(ChildPolicy::RequestCancel),
                execution_start_to_close_timeout: Some("1800".into()),
                task_start_to_close_timeout: Some("15".into()),
                task_list: Some(task_list(DECISIONS)),
                task_priority: Some("4".into()),
                tag_list: Some(vec!["generation-2".into()]),
                workflow_type_version: None,
                lambda_role: None,
            }))
    })
}

// The scenarios.

use Step::*;

#[tokio::test]
async fn an_activity_that_fails_is_retried_after_a_timer_and_completes() {
    let steps = vec![
        Decide(vec![schedule("charge")]),
        ActivityFailed("charge", "CardDeclined", Some("insufficient funds")),
        Decide(vec![start_timer("charge#2", 0)]),
        TimerFired("charge#2"),
        Decide(vec![schedule("charge")]),
        ActivityCompleted("charge", Some(r#""receipt-1""#)),
        Decide(vec![complete(Some(r#""done""#))]),
    ];
    check("activity_retried", steps).await;
}

#[tokio::test]
async fn activities_time_out_before_and_after_they_start() {
    let steps = vec![
        Decide(vec![schedule_with("unclaimed", |a| {
            a.schedule_to_start_timeout = Some("1".into())
        })]),
        ActivityTimedOut("unclaimed", ActivityTaskTimeoutType::ScheduleToStart),
        Decide(vec![schedule_with("slow", |a| {
            a.start_to_close_timeout = Some("1".into())
        })]),
        ActivityStarted("slow"),
        ActivityTimedOut("slow", ActivityTaskTimeoutType::StartToClose),
        Decide(vec![fail("TimedOut", Some("slow"))]),
    ];
    check("activity_timeouts", steps).await;
}

#[tokio::test]
async fn activities_time_out_unclaimed_and_without_heartbeats() {
    let steps = vec![
        Decide(vec![schedule_with("unclaimed", |a| {
            a.schedule_to_close_timeout = Some("1".into())
        })]),
        ActivityTimedOut("unclaimed", ActivityTaskTimeoutType::ScheduleToClose),
        Decide(vec![schedule_with("quiet", |a| {
            a.heartbeat_timeout = Some("1".into())
        })]),
        ActivityStarted("quiet"),
        Heartbeat("quiet", Some("halfway")),
        ActivityTimedOut("quiet", ActivityTaskTimeoutType::Heartbeat),
        Decide(vec![complete(None)]),
    ];
    check("activity_timeouts_2", steps).await;
}

#[tokio::test]
async fn timers_fire_and_are_canceled() {
    let steps = vec![
        Decide(vec![start_timer("soon", 0), start_timer("later", 3600)]),
        TimerFired("soon"),
        Decide(vec![cancel_timer("later"), complete(None)]),
    ];
    check("timers", steps).await;
}

#[tokio::test]
async fn signals_before_between_and_during_decision_tasks() {
    let steps = vec![
        Signal("early", Some(r#"{"n":1}"#)),
        Decide(vec![]),
        Signal("between", None),
        DecisionStarted,
        Signal("during", Some(r#"{"n":3}"#)),
        Decide(vec![record_marker("seen", Some("2 signals"))]),
        Decide(vec![complete(None)]),
    ];
    check("signals", steps).await;
}

#[tokio::test]
async fn children_start_then_complete_or_fail() {
    let steps = vec![
        Decide(vec![start_child("child-ok"), start_child("child-bad")]),
        ChildStarted("child-ok"),
        ChildStarted("child-bad"),
        Decide(vec![]),
        ChildCompleted("child-ok", Some(r#""fine""#)),
        Decide(vec![]),
        ChildFailed("child-bad", "Broken", Some("child details")),
        Decide(vec![complete(None)]),
    ];
    check("children", steps).await;
}

#[tokio::test]
async fn a_child_is_signaled_and_asked_to_cancel() {
    let steps = vec![
        Decide(vec![start_child("target")]),
        ChildStarted("target"),
        Decide(vec![signal_external("poke-1", "target", "poke")]),
        ExternalSignaled("poke-1"),
        Decide(vec![request_cancel_external("stop-1", "target")]),
        ExternalCancelRequested("stop-1"),
        Decide(vec![complete(None)]),
    ];
    check("external_requests", steps).await;
}

#[tokio::test]
async fn decisions_swf_refuses_are_recorded_as_failures() {
    let refused = vec![
        start_timer("wait", 5),
        cancel_timer("no-such-timer"),
        request_cancel_activity("no-such-activity"),
        schedule_with("x", |a| a.activity_type.name = "unregistered".into()),
    ];
    let steps = vec![
        Decide(vec![start_timer("wait", 3600)]),
        Signal("go", None),
        Refused(refused, |h| {
            h.start_timer_failed("wait", StartTimerFailedCause::TimerIdAlreadyInUse)
                .cancel_timer_failed("no-such-timer", CancelTimerFailedCause::TimerIdUnknown)
                .request_cancel_activity_failed(
                    "no-such-activity",
                    RequestCancelActivityTaskFailedCause::ActivityIdUnknown,
                )
                .schedule_activity_failed(
                    "x",
                    "unregistered",
                    ACTIVITY.1,
                    ScheduleActivityTaskFailedCause::ActivityTypeDoesNotExist,
                );
        }),
        Decide(vec![cancel_timer("wait"), complete(None)]),
    ];
    check("refused_decisions", steps).await;
}

#[tokio::test]
async fn a_started_activity_is_canceled_on_request() {
    let steps = vec![
        Decide(vec![schedule("ship")]),
        ActivityStarted("ship"),
        Signal("stop", None),
        Decide(vec![request_cancel_activity("ship")]),
        ActivityCanceled("ship", Some("stopped by request")),
        Decide(vec![complete(None)]),
    ];
    check("activity_canceled", steps).await;
}

#[tokio::test]
async fn a_cancel_request_cancels_the_workflow() {
    let steps = vec![
        Decide(vec![start_timer("wait", 3600)]),
        CancelRequested,
        Decide(vec![
            cancel_timer("wait"),
            cancel_workflow(Some("as asked")),
        ]),
    ];
    check("workflow_canceled", steps).await;
}

#[tokio::test]
async fn a_marker_is_recorded_and_the_workflow_continues_as_new() {
    let steps = vec![
        Decide(vec![record_marker("version", Some(r#"{"v":2}"#))]),
        Signal("next", None),
        Decide(vec![continue_as_new(r#"{"generation":2}"#)]),
    ];
    check("continue_as_new", steps).await;
}
