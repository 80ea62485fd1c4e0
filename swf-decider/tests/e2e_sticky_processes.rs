//! Three sticky decider processes on one task list, one killed (SIGKILL) while it holds every
//! execution and started again: every workflow still finishes with the right result. The
//! executions routed to the dead decider's sticky list come back to the shared list when their
//! tasks time out there, and the other deciders replay them in full.
//!
//! The deciders are this test binary run again as the ignored test `sticky_decider_process`,
//! which serves [`Collect`] until SIGTERM. The test itself runs the service (an in-process
//! swf-local on loopback), sends the signals, and answers the `ack` activities by which each
//! execution says it has decided a signal: the test waits for those with long polls, so each
//! step starts when the one before it is done, without a pause.

mod common;

use std::process::Stdio;
use std::time::Duration;

use common::local::decision_timeouts;
use swf_core::Client;
use swf_core::types::{EventAttributesRef, HistoryEvent};
use swf_core::types::{RegisterActivityTypeInput, RespondActivityTaskCompletedInput};
use swf_decider::testing::Replay;
use swf_decider::{
    ActivityOptions, Decider, Exit, Registration, StartOptions, Workflow, WorkflowClient,
    WorkflowContext, WorkflowHandle, WorkflowResult,
};
use swf_testkit::child_test;
use swf_testkit::local::LocalService;
use swf_testkit::process::{ChildProcess, Signal};

const DOMAIN: &str = "sticky-processes";
const TASK_LIST: &str = "collect";
/// How many executions, and how many signals each waits for.
const EXECUTIONS: usize = 12;
const SIGNALS: u32 = 3;
/// The bound on every wait: a hang guard, never a pause.
const DEADLINE: Duration = Duration::from_secs(60);
/// What the parent passes its children.
const ENDPOINT_VAR: &str = "STICKY_DECIDER_ENDPOINT";
const IDENTITY_VAR: &str = "STICKY_DECIDER_IDENTITY";
/// The activity task list of the `ack` activities, which the test answers.
const ACKS: &str = "acks";

/// Acknowledges each `add` signal in turn with an `ack` activity, and completes with their values,
/// in the order received, once `n` are acknowledged.
struct Collect;

impl Workflow for Collect {
    const NAME: &'static str = "collect";
    const VERSION: &'static str = "1";
    type Input = u32;
    type Output = Vec<u32>;

    fn run(&self, ctx: &mut WorkflowContext<'_>, n: u32) -> WorkflowResult<Vec<u32>> {
        let got: Vec<u32> = ctx
            .signals_named("add")
            .map(|s| serde_json::from_str(s.input.as_deref().unwrap_or("null")).unwrap_or(0))
            .collect();
        let ack = ActivityOptions::new("ack", "1")
            .task_list(ACKS)
            .schedule_to_close_timeout(Duration::from_secs(60))
            .schedule_to_start_timeout(Duration::from_secs(60))
            .start_to_close_timeout(Duration::from_secs(60))
            .heartbeat_timeout(Duration::from_secs(60));
        for (i, value) in got.iter().enumerate() {
            ctx.activity(&format!("ack-{i}"), &ack, value)
                .result::<()>()?;
        }
        if got.len() < n as usize {
            return Err(Exit::Pending);
        }
        Ok(got)
    }

    fn registration() -> Registration {
        // A task started by a killed decider comes back after 1 s.
        Registration::new()
            .execution_start_to_close_timeout(Duration::from_secs(120))
            .task_start_to_close_timeout(Duration::from_secs(1))
    }
}

/// One decider process: run by [`three_sticky_deciders_one_killed_and_restarted`], which sets
/// its endpoint and identity; it decides until SIGTERM.
#[test]
#[ignore = "a decider process of three_sticky_deciders_one_killed_and_restarted, run by it"]
fn sticky_decider_process() {
    let Some([endpoint, identity]) = child_test::from_parent([ENDPOINT_VAR, IDENTITY_VAR]) else {
        return;
    };
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    runtime.block_on(async {
        let client = Client::local_builder(&endpoint).build().await.unwrap();
        let mut b = Decider::builder(client);
        b.domain(DOMAIN)
            .task_list(TASK_LIST)
            .identity(identity)
            .pollers(1)
            .workflow(Collect)
            .register(true)
            .sticky_task_list(true)
            .sticky_schedule_to_start(Duration::from_secs(1));
        b.build()
            .unwrap()
            .run(swf_decider::shutdown_on_signals())
            .await
            .unwrap();
    });
}

/// Starts a decider process with `identity`, polling `service`.
fn decider(service: &LocalService, identity: &str) -> ChildProcess {
    let mut command = child_test!(sticky_decider_process).command();
    command
        .env(ENDPOINT_VAR, &service.endpoint)
        .env(IDENTITY_VAR, identity)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    ChildProcess::spawn(identity, &mut command).expect("the test binary starts")
}

/// Waits until `count` long polls are parked: every poller of the deciders running is idle.
fn parked(service: &LocalService, count: usize, why: &str) {
    assert!(
        service.wait_for_parked_polls(count, DEADLINE),
        "{count} polls were not parked within {DEADLINE:?}: {why}"
    );
}

/// Answers the `count` acks the executions schedule once they have decided a signal: each one
/// taken by a long poll, so this returns as soon as the last is scheduled.
fn answer_acks(service: &LocalService, count: usize) {
    let domain = service.domain(DOMAIN);
    let mut answered = 0;
    // Each empty poll lasts swf-local's poll timeout (1 s): 60 of them is the deadline.
    for _ in 0..count + 60 {
        let Some(task) = service.block_on(domain.poll_activity(ACKS, Some("test"))) else {
            continue;
        };
        let input = RespondActivityTaskCompletedInput {
            task_token: task.task_token,
            result: Some("null".into()),
        };
        service
            .block_on(service.client.respond_activity_task_completed(input))
            .unwrap();
        answered += 1;
        if answered == count {
            return;
        }
    }
    panic!("{answered} of {count} acks came");
}

/// The identities of the `DecisionTaskStarted` events on a sticky list.
fn sticky_starts(history: &[HistoryEvent]) -> Vec<String> {
    let mut scheduled_on = std::collections::HashMap::new();
    let mut starts = Vec::new();
    for e in history {
        match e.attributes() {
            EventAttributesRef::DecisionTaskScheduled(a) => {
                scheduled_on.insert(e.event_id, a.task_list.name.clone());
            }
            EventAttributesRef::DecisionTaskStarted(a)
                if scheduled_on[&a.scheduled_event_id].starts_with("collect-sticky-") =>
            {
                starts.push(a.identity.clone().unwrap_or_default());
            }
            _ => {}
        }
    }
    starts
}

#[test]
fn three_sticky_deciders_one_killed_and_restarted() {
    // Short empty polls, so the deciders stop soon after SIGTERM.
    let service = LocalService::start(Duration::from_secs(1));
    let workflows = WorkflowClient::new(service.client.clone(), DOMAIN);
    let domain = service.domain(DOMAIN);
    service.block_on(domain.register()).unwrap();
    let ack = RegisterActivityTypeInput {
        name: "ack".into(),
        version: "1".into(),
        ..Default::default()
    };
    service
        .block_on(domain.register_activity_type(ack))
        .unwrap();
    let send = |runs: &[WorkflowHandle<Vec<u32>>], value: u32| {
        for run in runs {
            service.block_on(run.signal("add", &value)).unwrap();
        }
    };

    // The first decider alone decides every execution's first tasks and routes each to its own
    // list.
    let mut first = decider(&service, "decider-1");
    parked(&service, 2, "decider-1 polls its two lists");
    let runs: Vec<_> = (0..EXECUTIONS)
        .map(|i| {
            let options = StartOptions::new().task_list(TASK_LIST);
            let id = format!("collect-{i}");
            service
                .block_on(workflows.start::<Collect>(&id, &SIGNALS, &options))
                .unwrap()
        })
        .collect();
    send(&runs, 1);
    answer_acks(&service, EXECUTIONS);
    let mut others = [
        decider(&service, "decider-2"),
        decider(&service, "decider-3"),
    ];
    // Every poller idle: decider-1 has taken the tasks the acks brought.
    parked(&service, 6, "the three deciders poll");

    // Killed holding every execution: routed to its sticky list, or its task in flight there.
    first.signal(Signal::Kill);
    first.wait_with_deadline(DEADLINE);
    drop(first);
    // Each signal's task waits out its second on the dead list; then the others take it.
    send(&runs, 2);
    answer_acks(&service, EXECUTIONS);
    // Started again; then the two others stop gracefully, leaving it every execution: those come
    // through the shared list too, after a second on the stopped deciders' lists.
    let mut restarted = decider(&service, "decider-1-restarted");
    parked(&service, 6, "the restarted decider polls");
    for process in &mut others {
        process.signal(Signal::Term);
        let status = process.wait_with_deadline(DEADLINE);
        assert!(status.success(), "a decider exited with {status:?}");
    }
    send(&runs, 3);
    answer_acks(&service, EXECUTIONS);

    let (mut fell_back, mut on_sticky_lists, mut by_restarted) = (0, 0, 0);
    for run in &runs {
        let result = service
            .block_on(async { tokio::time::timeout(DEADLINE, run.result()).await })
            .expect("the execution finished in time")
            .unwrap();
        assert_eq!(result, [1, 2, 3], "{}", run.workflow_id());
        let history = service.block_on(run.history()).unwrap();
        Replay::new(Collect).run(history.clone()).unwrap();
        // Its task after the kill timed out on the dead decider's list (or, had it been in
        // flight there, on its start-to-close timeout), and its task after the others stopped
        // on theirs.
        let timeouts = decision_timeouts(&history);
        assert!(timeouts.len() >= 2, "{}: {timeouts:?}", run.workflow_id());
        fell_back += timeouts.len();
        // After each fallback the decider that took the execution kept it: the tasks that the
        // acks of signals 2 and 3 brought came on its sticky list.
        let starts = sticky_starts(&history);
        let by = |who: &[&str]| starts.iter().filter(|s| who.contains(&s.as_str())).count();
        let by_survivors = by(&["decider-2", "decider-3"]);
        let by_the_restarted = by(&["decider-1-restarted"]);
        assert!(
            by_survivors >= 1 && by_the_restarted >= 1,
            "{}: {starts:?}",
            run.workflow_id()
        );
        on_sticky_lists += starts.len();
        by_restarted += by_the_restarted;
    }
    eprintln!(
        "{EXECUTIONS} executions: {fell_back} decision tasks timed out back to the shared list, \
         {on_sticky_lists} decided from a sticky list ({by_restarted} by the restarted decider)"
    );

    restarted.signal(Signal::Term);
    let status = restarted.wait_with_deadline(DEADLINE);
    assert!(
        status.success(),
        "the restarted decider exited with {status:?}"
    );
}
