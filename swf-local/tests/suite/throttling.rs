//! SWF's throttles (opt-in) and its limit on pollers, as a client meets them: a call over its
//! rate is answered `ThrottlingException` exactly as AWS answers it, `swf-core` retries it until
//! a token comes, and a bucket allows its burst and then its rate, measured over two seconds.

use crate::common::*;
use std::time::{Duration, Instant};
use swf_core::types::*;
use swf_core::{Client, Operation, RetryConfig};
use swf_local::{Builder, DecisionQuota, RateLimit, Server, ThrottleConfig};
use swf_testkit::harness::within;

/// A service configured by `builder` (with 1 s polls), a client without retries, and the
/// domain `d` of [`env`].
pub async fn env_on(builder: &mut Builder) -> Env {
    env_of(builder.poll_timeout(Duration::from_secs(1))).await
}

/// Only `op` throttled, at `per_second` in bursts of `burst`.
fn only(op: Operation, per_second: f64, burst: u32) -> ThrottleConfig {
    let mut throttle = ThrottleConfig::none();
    throttle.set(op, RateLimit::new(per_second, burst).unwrap());
    throttle
}

async fn describe(client: &Client) -> Result<DomainDetail, swf_core::Error> {
    client
        .describe_domain(DescribeDomainInput {
            name: DOMAIN.into(),
        })
        .await
}

async fn list_domains(client: &Client) -> Result<DomainInfos, swf_core::Error> {
    client
        .list_domains(ListDomainsInput {
            registration_status: RegistrationStatus::Registered,
            ..Default::default()
        })
        .await
}

/// The throttle's figure: over about two seconds of calls as fast as they go, the calls allowed
/// are the burst plus the rate times the time taken, within two calls; no other operation is
/// throttled meanwhile.
#[tokio::test]
async fn a_bucket_allows_its_burst_then_its_rate() {
    const RATE: f64 = 10.0;
    const BURST: u32 = 5;
    let env =
        env_on(Server::builder().throttle(only(Operation::DescribeDomain, RATE, BURST))).await;
    let (mut allowed, mut throttled, mut others) = (0u32, 0u32, 0u32);
    // The bucket's clock runs from the service's handling of the first call to its handling of
    // the last: somewhere between the inner span (end of the first call to start of the last)
    // and the outer one (start of the first to end of the last), whatever a loaded machine
    // does to single calls.
    let start = Instant::now();
    let mut first_done = None;
    let mut last_start = start;
    let mut last_allowed = start;
    // Bounded by time and by count; each call is a loopback round trip of a millisecond or so.
    for i in 0..200_000u32 {
        if start.elapsed() >= Duration::from_secs(2) {
            break;
        }
        last_start = Instant::now();
        match describe(&env.client).await {
            Ok(_) => {
                allowed += 1;
                last_allowed = Instant::now();
            }
            Err(e) if e.is_throttling() => throttled += 1,
            Err(e) => panic!("{e}"),
        }
        first_done.get_or_insert_with(Instant::now);
        if i % 10 == 0 {
            list_domains(&env.client)
                .await
                .expect("ListDomains is not throttled");
            others += 1;
        }
    }
    let outer = start.elapsed().as_secs_f64();
    let inner = last_start
        .saturating_duration_since(first_done.unwrap())
        .as_secs_f64();
    let burst = f64::from(BURST);
    // Tokens are whole: the bucket allows the burst plus the whole tokens refilled.
    let (least, most) = (
        (burst + RATE * inner).floor(),
        (burst + RATE * outer).floor(),
    );
    eprintln!(
        "throttle accuracy: {allowed} of {} calls allowed in {outer:.3} s; burst {BURST} + {RATE}/s \
         over {inner:.3}..{outer:.3} s allows {least}..{most}; {:.2} calls/s allowed beyond the \
         burst (until the last allowed call) against {RATE} configured; {others} ListDomains calls, none throttled",
        allowed + throttled,
        // The calls the refill allowed, over the time until the last of them.
        (f64::from(allowed) - burst) / (last_allowed - start).as_secs_f64(),
    );
    // One call of slack below, for a token completed exactly as the measurement ends.
    let allowed = f64::from(allowed);
    assert!(
        (least - 1.0..=most).contains(&allowed),
        "{allowed} allowed, outside {least}..{most}"
    );
    assert!(
        throttled > 100,
        "the loop must outrun the rate: {throttled}"
    );
}

/// The answer is AWS's: HTTP 400, `__type` `...#ThrottlingException`, the same in
/// `x-amzn-ErrorType`, "Rate exceeded"; `swf-core` takes it as a throttle, retryable, and
/// certain not to have been applied.
#[tokio::test]
async fn a_throttled_call_is_answered_as_aws_answers_it() {
    let env = env_on(Server::builder().throttle(only(Operation::DescribeDomain, 0.0, 1))).await;
    describe(&env.client).await.unwrap();
    let e = describe(&env.client).await.unwrap_err();
    assert!(
        e.is_throttling() && e.is_retryable() && !e.is_ambiguous(),
        "{e}"
    );
    let service = e.service_error().unwrap();
    assert_eq!(service.status().as_u16(), 400);
    assert_eq!(service.code(), Some("ThrottlingException"));
    assert_eq!(service.message(), Some("Rate exceeded"));

    let raw = reqwest::Client::new()
        .post(env.server.endpoint_url())
        .header("x-amz-target", "SimpleWorkflowService.DescribeDomain")
        .header("content-type", "application/x-amz-json-1.0")
        .body(format!(r#"{{"name":"{DOMAIN}"}}"#))
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status().as_u16(), 400);
    assert_eq!(
        raw.headers()["x-amzn-errortype"],
        "com.amazon.coral.availability#ThrottlingException"
    );
    let body: serde_json::Value = serde_json::from_slice(&raw.bytes().await.unwrap()).unwrap();
    assert_eq!(
        body,
        serde_json::json!({
            "__type": "com.amazon.coral.availability#ThrottlingException",
            "message": "Rate exceeded"
        })
    );
}

/// `swf-core`'s retries wait out a throttle: with the bucket empty (a call without retries is
/// refused), a retrying client's call succeeds once the next token comes, a second later.
#[tokio::test]
async fn swf_core_retries_a_throttled_call_until_it_passes() {
    let env = env_on(Server::builder().throttle(only(Operation::DescribeDomain, 1.0, 1))).await;
    let start = Instant::now();
    describe(&env.client).await.unwrap();
    assert!(describe(&env.client).await.unwrap_err().is_throttling());
    let retrying = env.client.with_retry_config(
        RetryConfig::new()
            .with_max_attempts(30)
            .with_initial_backoff(Duration::from_millis(100))
            .with_max_backoff(Duration::from_millis(400)),
    );
    within(20, describe(&retrying)).await.unwrap();
    assert!(
        start.elapsed() >= Duration::from_secs(1),
        "the retry passed before the bucket refilled: {:?}",
        start.elapsed()
    );
}

/// SWF's documented defaults are in force with `swf_defaults`: `ListDomains` has a bucket of 100
/// refilled at 6 a second, so calls in quick succession meet a throttle after about 100.
#[tokio::test]
async fn the_documented_defaults_throttle_a_burst() {
    let env = env_on(Server::builder().throttle(ThrottleConfig::swf_defaults())).await;
    let start = Instant::now();
    let mut allowed = 0u32;
    // Bounded: 100 tokens plus 6 a second run out long before 1,000 calls on any machine.
    for _ in 0..1000 {
        match list_domains(&env.client).await {
            Ok(_) => allowed += 1,
            Err(e) if e.is_throttling() => break,
            Err(e) => panic!("{e}"),
        }
    }
    // 100 tokens at first, plus 6 a second for the time the calls took.
    let most = 100.0 + 6.0 * start.elapsed().as_secs_f64();
    assert!(
        allowed >= 100 && f64::from(allowed) <= most,
        "{allowed} allowed before the first throttle, expected 100..={most:.1}"
    );
}

/// Without `throttle`, nothing is throttled: the same 120 calls all pass.
#[tokio::test]
async fn without_throttling_nothing_is_throttled() {
    let env = env().await;
    for _ in 0..120 {
        list_domains(&env.client).await.unwrap();
    }
}

/// The workflow-level buckets are per execution: one workflow's signals run out, another's do
/// not, and the account bucket is not touched by the refused one.
#[tokio::test]
async fn signals_are_throttled_per_workflow() {
    let mut throttle = ThrottleConfig::none();
    throttle
        .set_per_workflow(
            Operation::SignalWorkflowExecution,
            RateLimit::new(0.0, 2).unwrap(),
        )
        .unwrap();
    let env = env_on(Server::builder().throttle(throttle)).await;
    env.start("one").await;
    env.start("two").await;
    let signal = |workflow_id: &str| {
        env.client
            .signal_workflow_execution(SignalWorkflowExecutionInput {
                domain: DOMAIN.into(),
                workflow_id: workflow_id.into(),
                signal_name: "s".into(),
                ..Default::default()
            })
    };
    signal("one").await.unwrap();
    signal("one").await.unwrap();
    assert!(signal("one").await.unwrap_err().is_throttling());
    signal("two").await.unwrap();
}

/// SWF's limit on pollers (1,000 by default, 2 here): one poll too many on a task list gets
/// `LimitExceededFault`; once a poll is answered, a new one is admitted.
#[tokio::test]
async fn polls_past_the_pollers_limit_are_refused() {
    let env = env_on(Server::builder().max_pollers_per_task_list(2)).await;
    let parked: Vec<_> = (0..2)
        .map(|_| {
            let client = env.client.clone();
            tokio::spawn(async move {
                client
                    .poll_for_decision_task(PollForDecisionTaskInput {
                        domain: DOMAIN.into(),
                        task_list: TaskList {
                            name: DECISIONS.into(),
                        },
                        ..Default::default()
                    })
                    .await
            })
        })
        .collect();
    within(10, env.server.wait_for_parked_polls(2)).await;
    let e = env
        .client
        .poll_for_decision_task(PollForDecisionTaskInput {
            domain: DOMAIN.into(),
            task_list: TaskList {
                name: DECISIONS.into(),
            },
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(e.is_limit_exceeded(), "{e}");
    assert!(e.to_string().contains("Too many pollers"), "{e}");
    // The other kind of task list of the same name is another list.
    let client = env.client.clone();
    let activity = tokio::spawn(async move {
        client
            .poll_for_activity_task(PollForActivityTaskInput {
                domain: DOMAIN.into(),
                task_list: TaskList {
                    name: DECISIONS.into(),
                },
                ..Default::default()
            })
            .await
    });
    within(10, env.server.wait_for_parked_polls(3)).await;

    // A task answers one of the two polls, which frees its place for a new poll.
    env.start("w").await;
    let [mut a, mut b] = <[_; 2]>::try_from(parked).unwrap();
    let (answered, other) = within(10, async {
        tokio::select! {
            r = &mut a => (r, b),
            r = &mut b => (r, a),
        }
    })
    .await;
    assert!(!answered.unwrap().unwrap().task_token.is_empty());
    // Admitted: it parks (and returns empty after the 1 s poll timeout) instead of refused.
    assert!(env.try_decision_on(DECISIONS).await.task_token.is_empty());
    assert!(
        within(10, other)
            .await
            .unwrap()
            .unwrap()
            .task_token
            .is_empty()
    );
    activity.abort();
}

/// SWF's decision quotas: a decision over its rate is not refused as a call but fails in the
/// history with its `*_RATE_EXCEEDED` cause, and the decisions within their rates are carried
/// out. Buckets here: 2 activities, 1 timer, no child, no signal, no cancel request, never
/// refilled.
#[tokio::test]
async fn decisions_over_their_rate_fail_with_swf_causes() {
    let mut throttle = ThrottleConfig::none();
    for (decision, burst) in [
        (DecisionQuota::ScheduleActivityTask, 2),
        (DecisionQuota::StartTimer, 1),
        (DecisionQuota::StartChildWorkflowExecution, 0),
        (DecisionQuota::SignalExternalWorkflowExecution, 0),
        (DecisionQuota::RequestCancelExternalWorkflowExecution, 0),
    ] {
        throttle.set_decision(decision, RateLimit::new(0.0, burst).unwrap());
    }
    let env = env_on(Server::builder().throttle(throttle)).await;
    let execution = env.start("w").await;
    env.start("target").await;
    let task = env.decision().await;
    env.decide(
        &task,
        vec![
            schedule_activity("a1"),
            schedule_activity("a2"),
            schedule_activity("a3"),
            start_timer("t1", 60),
            start_timer("t2", 60),
            start_child("child"),
            Decision::from(SignalExternalWorkflowExecutionDecisionAttributes {
                workflow_id: "target".into(),
                signal_name: "s".into(),
                ..Default::default()
            }),
            Decision::from(RequestCancelExternalWorkflowExecutionDecisionAttributes {
                workflow_id: "target".into(),
                ..Default::default()
            }),
        ],
    )
    .await;
    let history = env.history(&execution).await;
    assert_eq!(of_type(&history, EventType::ActivityTaskScheduled).len(), 2);
    let failed = of_type(&history, EventType::ScheduleActivityTaskFailed);
    let [failed] = failed.as_slice() else {
        panic!("one activity refused: {}", types(&history).join(" "))
    };
    let failed = failed
        .schedule_activity_task_failed_event_attributes
        .as_deref()
        .unwrap();
    assert_eq!(
        (failed.activity_id.as_str(), &failed.cause),
        (
            "a3",
            &ScheduleActivityTaskFailedCause::ActivityCreationRateExceeded
        )
    );
    assert_eq!(of_type(&history, EventType::TimerStarted).len(), 1);
    let timer = of_type(&history, EventType::StartTimerFailed)[0]
        .start_timer_failed_event_attributes
        .as_deref()
        .unwrap()
        .clone();
    assert_eq!(
        (timer.timer_id.as_str(), timer.cause),
        ("t2", StartTimerFailedCause::TimerCreationRateExceeded)
    );
    let child = of_type(&history, EventType::StartChildWorkflowExecutionFailed)[0]
        .start_child_workflow_execution_failed_event_attributes
        .as_deref()
        .unwrap()
        .cause
        .clone();
    assert_eq!(
        child,
        StartChildWorkflowExecutionFailedCause::ChildCreationRateExceeded
    );
    let signal = of_type(&history, EventType::SignalExternalWorkflowExecutionFailed)[0]
        .signal_external_workflow_execution_failed_event_attributes
        .as_deref()
        .unwrap()
        .cause
        .clone();
    assert_eq!(
        signal,
        SignalExternalWorkflowExecutionFailedCause::SignalExternalWorkflowExecutionRateExceeded
    );
    let cancel = of_type(
        &history,
        EventType::RequestCancelExternalWorkflowExecutionFailed,
    )[0]
    .request_cancel_external_workflow_execution_failed_event_attributes
    .as_deref()
    .unwrap()
    .cause
    .clone();
    assert_eq!(
        cancel,
        RequestCancelExternalWorkflowExecutionFailedCause::RequestCancelExternalWorkflowExecutionRateExceeded
    );
}

/// The decision buckets' defaults are the guide's; a config without them throttles no decision.
#[test]
fn the_documented_decision_quotas_are_the_defaults() {
    let defaults = ThrottleConfig::swf_defaults();
    let limit = |d| {
        let l = defaults.decision_limit(d).unwrap();
        (l.burst(), l.per_second())
    };
    assert_eq!(limit(DecisionQuota::ScheduleActivityTask), (1000, 200.0));
    assert_eq!(
        limit(DecisionQuota::StartChildWorkflowExecution),
        (500, 12.0)
    );
    assert!(
        ThrottleConfig::none()
            .decision_limit(DecisionQuota::StartTimer)
            .is_none()
    );
}

/// SWF's quota on open executions in a domain (100,000; 2 here), children included: one start
/// too many gets `LimitExceededFault`, a child start fails with `OPEN_WORKFLOWS_LIMIT_EXCEEDED`,
/// and closing an execution makes room.
#[tokio::test]
async fn open_executions_are_limited_per_domain() {
    let env = env_on(Server::builder().max_open_executions_per_domain(2)).await;
    let parent = env.start("one").await;
    env.start("two").await;
    let e = env
        .client
        .start_workflow_execution(StartWorkflowExecutionInput {
            domain: DOMAIN.into(),
            workflow_id: "three".into(),
            workflow_type: wf_type(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(e.is_limit_exceeded(), "{e}");
    assert!(e.to_string().contains("2 open workflow executions"), "{e}");

    let task = env.decision().await;
    env.decide(&task, vec![start_child("child")]).await;
    let history = env.history(&parent).await;
    let failed = of_type(&history, EventType::StartChildWorkflowExecutionFailed);
    let [failed] = failed.as_slice() else {
        panic!("the child start fails: {}", types(&history).join(" "))
    };
    assert_eq!(
        failed
            .start_child_workflow_execution_failed_event_attributes
            .as_deref()
            .unwrap()
            .cause,
        StartChildWorkflowExecutionFailedCause::OpenWorkflowsLimitExceeded
    );

    env.client
        .terminate_workflow_execution(TerminateWorkflowExecutionInput {
            domain: DOMAIN.into(),
            workflow_id: "two".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    env.start("three").await;
}

/// SWF's 2,000 activity tasks scheduled a second per task list (2, never refilled, here): the
/// third task on one list fails with `ACTIVITY_CREATION_RATE_EXCEEDED`, another list is not
/// affected.
#[tokio::test]
async fn activity_tasks_are_limited_per_task_list() {
    let mut throttle = ThrottleConfig::none();
    throttle.set_tasks_per_task_list(Some(RateLimit::new(0.0, 2).unwrap()));
    let env = env_on(Server::builder().throttle(throttle)).await;
    let execution = env.start("w").await;
    let task = env.decision().await;
    let on = |id: &str, list: &str| {
        schedule_activity_with(ScheduleActivityTaskDecisionAttributes {
            activity_id: id.into(),
            task_list: Some(TaskList { name: list.into() }),
            ..Default::default()
        })
    };
    env.decide(
        &task,
        vec![
            on("a1", ACTIVITIES),
            on("a2", ACTIVITIES),
            on("a3", ACTIVITIES),
            on("b1", "other"),
        ],
    )
    .await;
    let history = env.history(&execution).await;
    let scheduled: Vec<_> = of_type(&history, EventType::ActivityTaskScheduled)
        .iter()
        .map(|e| {
            e.activity_task_scheduled_event_attributes
                .as_deref()
                .unwrap()
                .activity_id
                .clone()
        })
        .collect();
    assert_eq!(scheduled, ["a1", "a2", "b1"]);
    let failed = of_type(&history, EventType::ScheduleActivityTaskFailed);
    let failed = failed[0]
        .schedule_activity_task_failed_event_attributes
        .as_deref()
        .unwrap();
    assert_eq!(
        (failed.activity_id.as_str(), &failed.cause),
        (
            "a3",
            &ScheduleActivityTaskFailedCause::ActivityCreationRateExceeded
        )
    );
}
