//! The virtual clock: timers and timeouts fire as soon as nothing else can happen, time stands
//! still while a task is open, explicit advances fire deadlines in order at their own times,
//! heartbeat timeouts pass in virtual time, a database keeps the virtual time across a restart,
//! and the binary's flags and admin endpoint drive it.

use crate::binary_cli::LocalBinary;
use crate::common::*;
use crate::durability_restart::TempDb;
use std::time::{Duration, Instant, SystemTime};
use swf_core::types::*;
use swf_local::{Server, VirtualClock};
use swf_testkit::harness::within;

const DAY: u64 = 86_400;

/// A fixed start, so that times can be compared exactly: 2030-01-01T00:00:00Z.
const START_SECS: u64 = 1_893_456_000;

fn start_time() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(START_SECS)
}

/// A service on `clock` (1 s polls) with the suite's domain, as [`Env`].
async fn env_on(clock: VirtualClock) -> Env {
    env_on_db(clock, None).await
}

async fn env_on_db(clock: VirtualClock, db: Option<&TempDb>) -> Env {
    let mut builder = Server::builder();
    builder
        .poll_timeout(Duration::from_secs(1))
        .virtual_clock(clock);
    if let Some(db) = db {
        builder.database(db.path());
    }
    let server = builder.start().await.unwrap();
    let client = client_for(&server.endpoint_url()).await;
    Env {
        server,
        client,
        domain: DOMAIN.into(),
    }
}

/// Starts `wf` with a year-long execution timeout, so only the timers under test fire.
async fn start_long(env: &Env, workflow_id: &str) -> WorkflowExecution {
    env.start_with(StartWorkflowExecutionInput {
        workflow_id: workflow_id.into(),
        execution_start_to_close_timeout: Some((365 * DAY).to_string()),
        ..Default::default()
    })
    .await
}

/// Seconds between two events' timestamps.
fn secs_between(earlier: &HistoryEvent, later: &HistoryEvent) -> f64 {
    later.event_timestamp.as_secs_f64() - earlier.event_timestamp.as_secs_f64()
}

fn one(events: &[HistoryEvent], kind: EventType) -> &HistoryEvent {
    let found = of_type(events, kind.clone());
    assert_eq!(found.len(), 1, "{kind:?} in {:?}", types(events));
    found[0]
}

fn timer_fired_ids(events: &[HistoryEvent]) -> Vec<String> {
    of_type(events, EventType::TimerFired)
        .iter()
        .map(|e| {
            e.timer_fired_event_attributes
                .as_ref()
                .unwrap()
                .timer_id
                .clone()
        })
        .collect()
}

#[tokio::test]
async fn a_thirty_day_timer_fires_at_once_when_nothing_else_is_pending() {
    let env = env_on(VirtualClock::new().starting_at(start_time())).await;
    register_domain(&env.client, DOMAIN).await;
    let wall = Instant::now();
    let execution = start_long(&env, "sleeper").await;
    let task = env.decision().await;
    env.decide(&task, vec![start_timer("month", (30 * DAY) as u32)])
        .await;
    // Nothing else can happen: the clock skips 30 days and the timer fires.
    let task = within(10, env.decision()).await;
    env.decide(&task, vec![complete("woke")]).await;
    let elapsed = wall.elapsed();
    println!("a 30-day timer took {elapsed:?} of wall time");

    let events = env.history(&execution).await;
    let started = one(&events, EventType::TimerStarted);
    let fired = one(&events, EventType::TimerFired);
    assert_eq!(secs_between(started, fired), (30 * DAY) as f64);
    // Everything before the skip happened at the start; the rest 30 days later.
    assert_eq!(events[0].event_timestamp.as_secs_f64(), START_SECS as f64);
    let closed = one(&events, EventType::WorkflowExecutionCompleted);
    assert_eq!(closed.event_timestamp, fired.event_timestamp);
    assert_eq!(
        env.server.now(),
        start_time() + Duration::from_secs(30 * DAY)
    );
    // Visibility follows the same clock.
    let info = env.describe(&execution).await.execution_info;
    assert_eq!(info.start_timestamp.as_secs_f64(), START_SECS as f64);
    assert_eq!(
        info.close_timestamp.map(|t| t.as_secs_f64()),
        Some((START_SECS + 30 * DAY) as f64)
    );
}

#[tokio::test]
async fn time_stands_still_while_an_activity_task_is_open() {
    let env = env_on(VirtualClock::new().starting_at(start_time())).await;
    register_domain(&env.client, DOMAIN).await;
    let execution = start_long(&env, "busy").await;
    let task = env.decision().await;
    env.decide(
        &task,
        vec![
            schedule_activity_with(ScheduleActivityTaskDecisionAttributes {
                activity_id: "work".into(),
                schedule_to_start_timeout: Some(DAY.to_string()),
                schedule_to_close_timeout: Some((2 * DAY).to_string()),
                start_to_close_timeout: Some(DAY.to_string()),
                ..Default::default()
            }),
            start_timer("hour", 3600),
        ],
    )
    .await;
    let activity = env.activity().await;
    // The worker holds the task: an empty poll waits out its (wall-clock) timeout, and the
    // timer has not fired, nor has time moved.
    let idle = env.try_decision_on(DECISIONS).await;
    assert!(
        idle.task_token.is_empty(),
        "time moved while a task was started: {:?}",
        types(&idle.events)
    );
    assert_eq!(env.server.now(), start_time());
    env.client
        .respond_activity_task_completed(RespondActivityTaskCompletedInput {
            task_token: activity.task_token,
            result: Some("done".into()),
        })
        .await
        .unwrap();
    // The decision task the completion scheduled holds time still while it waits, though no
    // decider polls for it right now...
    assert_still(&env).await;
    let task = env.decision().await;
    // ...and while a decider holds it.
    assert_still(&env).await;
    env.decide(&task, vec![]).await;
    let task = within(10, env.decision()).await;
    assert_eq!(timer_fired_ids(&task.events), ["hour"]);

    let events = env.history(&execution).await;
    let timer = one(&events, EventType::TimerStarted);
    let completed = one(&events, EventType::ActivityTaskCompleted);
    assert_eq!(secs_between(timer, completed), 0.0);
    assert_eq!(
        secs_between(timer, one(&events, EventType::TimerFired)),
        3600.0
    );
}

/// Waits out an empty activity poll (the service's 1 s, by the wall clock), which gives a wrong
/// skip the time to happen, and checks that the clock is still at the start.
async fn assert_still(env: &Env) {
    let idle = env.try_activity().await;
    assert!(idle.task_token.is_empty(), "an activity task came");
    assert_eq!(env.server.now(), start_time(), "the clock moved");
}

#[tokio::test]
async fn an_explicit_advance_fires_due_deadlines_in_order_at_their_own_times() {
    let env = env_on(VirtualClock::new().starting_at(start_time()).manual()).await;
    register_domain(&env.client, DOMAIN).await;
    let execution = start_long(&env, "stepper").await;
    let task = env.decision().await;
    env.decide(
        &task,
        vec![
            start_timer("third", 300),
            start_timer("first", 100),
            start_timer("second", 200),
        ],
    )
    .await;
    // A manual clock does not skip, though nothing else can happen.
    let idle = env.try_decision_on(DECISIONS).await;
    assert!(idle.task_token.is_empty(), "{:?}", types(&idle.events));

    let now = env.server.advance(Duration::from_secs(250)).await.unwrap();
    assert_eq!(now, start_time() + Duration::from_secs(250));
    let events = env.history(&execution).await;
    assert_eq!(timer_fired_ids(&events), ["first", "second"]);
    let started = &events[0];
    let fired = of_type(&events, EventType::TimerFired);
    assert_eq!(secs_between(started, fired[0]), 100.0);
    assert_eq!(secs_between(started, fired[1]), 200.0);

    env.server.advance(Duration::from_secs(100)).await.unwrap();
    let events = env.history(&execution).await;
    assert_eq!(timer_fired_ids(&events), ["first", "second", "third"]);
    let fired = of_type(&events, EventType::TimerFired);
    assert_eq!(secs_between(started, fired[2]), 300.0);
    assert_eq!(env.server.now(), start_time() + Duration::from_secs(350));
}

#[tokio::test]
async fn a_heartbeat_timeout_passes_in_virtual_time() {
    let env = env_on(VirtualClock::new().starting_at(start_time())).await;
    register_domain(&env.client, DOMAIN).await;
    let execution = start_long(&env, "beating").await;
    let task = env.decision().await;
    env.decide(
        &task,
        vec![schedule_activity_with(
            ScheduleActivityTaskDecisionAttributes {
                activity_id: "long".into(),
                schedule_to_start_timeout: Some(DAY.to_string()),
                schedule_to_close_timeout: Some((2 * DAY).to_string()),
                start_to_close_timeout: Some(DAY.to_string()),
                heartbeat_timeout: Some("60".into()),
                ..Default::default()
            },
        )],
    )
    .await;
    let activity = env.activity().await;
    env.server.advance(Duration::from_secs(40)).await.unwrap();
    env.client
        .record_activity_task_heartbeat(RecordActivityTaskHeartbeatInput {
            task_token: activity.task_token.clone(),
            details: Some("at 40 s".into()),
        })
        .await
        .unwrap();
    // 80 s after the start, 40 s after the heartbeat: still alive.
    env.server.advance(Duration::from_secs(40)).await.unwrap();
    let events = env.history(&execution).await;
    assert!(
        of_type(&events, EventType::ActivityTaskTimedOut).is_empty(),
        "{:?}",
        types(&events)
    );
    // 110 s: the heartbeat's 60 s ran out at 100 s.
    env.server.advance(Duration::from_secs(30)).await.unwrap();
    let events = env.history(&execution).await;
    let timed_out = one(&events, EventType::ActivityTaskTimedOut);
    let attrs = timed_out
        .activity_task_timed_out_event_attributes
        .as_ref()
        .unwrap();
    assert_eq!(attrs.timeout_type, ActivityTaskTimeoutType::Heartbeat);
    assert_eq!(attrs.details.as_deref(), Some("at 40 s"));
    let started = one(&events, EventType::ActivityTaskStarted);
    assert_eq!(secs_between(started, timed_out), 100.0);
}

#[tokio::test]
async fn a_restart_on_the_database_continues_from_the_virtual_time() {
    let db = TempDb::new("virtual-clock");
    let env = env_on_db(VirtualClock::new().starting_at(start_time()), Some(&db)).await;
    register_domain(&env.client, DOMAIN).await;
    let execution = start_long(&env, "persisted").await;
    let task = env.decision().await;
    env.decide(
        &task,
        vec![
            start_timer("week", (7 * DAY) as u32),
            start_timer("month", (30 * DAY) as u32),
        ],
    )
    .await;
    let task = within(10, env.decision()).await;
    assert_eq!(timer_fired_ids(&task.events), ["week"]);
    let week = start_time() + Duration::from_secs(7 * DAY);
    assert_eq!(env.server.now(), week);
    env.server.shutdown().await;

    // Restarted with another start: the saved time wins, and the open task and timer are back.
    let env = env_on_db(VirtualClock::new(), Some(&db)).await;
    assert_eq!(env.server.now(), week);
    env.decide(&task, vec![]).await;
    let task = within(10, env.decision()).await;
    assert_eq!(timer_fired_ids(&task.events), ["week", "month"]);
    let events = env.history(&execution).await;
    let fired = of_type(&events, EventType::TimerFired);
    assert_eq!(secs_between(&events[0], fired[1]), (30 * DAY) as f64);
    env.server.shutdown().await;
}

#[tokio::test]
async fn the_wall_clock_refuses_to_advance() {
    let env = env().await;
    let err = env
        .server
        .advance(Duration::from_secs(1))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("wall clock"), "{err}");
    let (status, body) = admin(&env.server.endpoint_url(), "advance", r#"{"seconds": 1}"#).await;
    assert_eq!(status, 400);
    assert!(
        body["message"].as_str().unwrap().contains("wall clock"),
        "{body}"
    );
}

/// `POST /admin/clock/<path>` with `body` (or `GET /admin/clock` for an empty path).
async fn admin(endpoint: &str, path: &str, body: &str) -> (u16, serde_json::Value) {
    let client = reqwest::Client::new();
    let request = if path.is_empty() {
        client.get(format!("{endpoint}/admin/clock"))
    } else {
        client
            .post(format!("{endpoint}/admin/clock/{path}"))
            .body(body.to_owned())
    };
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap())
}

#[tokio::test]
async fn the_binary_runs_a_virtual_clock_that_its_admin_endpoint_advances() {
    let binary = LocalBinary::start_with(
        None,
        &[
            "--virtual-clock=manual",
            "--virtual-clock-start=2030-01-01T00:00:00Z",
        ],
    );
    let (status, body) = admin(&binary.url, "", "").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["virtual"], true);
    assert_eq!(body["now"].as_f64(), Some(START_SECS as f64));

    let (status, body) = admin(&binary.url, "advance", r#"{"seconds": 86400}"#).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["now"].as_f64(), Some((START_SECS + DAY) as f64));

    let (status, body) = admin(&binary.url, "advance", r#"{"seconds": -5}"#).await;
    assert_eq!(status, 400);
    assert!(
        body["message"].as_str().unwrap().starts_with("seconds: -5"),
        "{body}"
    );
    binary.kill();
}
