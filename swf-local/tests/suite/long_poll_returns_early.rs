//! A parked poll returns as soon as a task arrives, long before the poll timeout; an empty poll
//! returns empty at the timeout; each task goes to exactly one of several pollers; and
//! `Server::parked_polls` counts the polls that are waiting.
//!
//! The tests wait for `Server::wait_for_parked_polls` before queuing a task, so a task is known
//! to reach a poll that is already waiting: the wake-up path, not a poll that found the task on
//! arrival. A poll that reaches its timeout returns empty, so a task in its answer proves it was
//! woken.

use crate::common::*;
use std::time::{Duration, Instant};
use swf_core::Client;
use swf_core::types::*;
use tokio::task::JoinHandle;
use tokio::time::timeout;

/// A guard against hangs only: every wait here ends in milliseconds when the service works.
const HANG_GUARD: Duration = Duration::from_secs(30);

/// A poll timeout no test waits out: a poll that returns has been woken (or shut down).
const LONG_POLL: Duration = Duration::from_secs(60);

/// Waits until `count` polls are parked on `env`'s service.
async fn parked(env: &Env, count: usize) {
    timeout(HANG_GUARD, env.server.wait_for_parked_polls(count))
        .await
        .unwrap_or_else(|_| panic!("{count} polls never parked"));
}

/// A decision poll on `decisions` in its own task.
fn spawn_decision_poll(client: &Client) -> JoinHandle<DecisionTask> {
    let client = client.clone();
    tokio::spawn(async move { poll_decision(&client, DECISIONS).await })
}

/// An activity poll on `activities` in its own task.
fn spawn_activity_poll(client: &Client) -> JoinHandle<ActivityTask> {
    let client = client.clone();
    tokio::spawn(async move { poll_activity(&client).await })
}

#[tokio::test]
async fn parked_polls_rise_while_polls_wait_and_fall_when_answered() {
    let env = env_with(LONG_POLL).await;
    assert_eq!(env.server.parked_polls(), 0);
    let decision = spawn_decision_poll(&env.client);
    parked(&env, 1).await;
    let activity = spawn_activity_poll(&env.client);
    parked(&env, 2).await;
    assert_eq!(
        env.server.parked_polls(),
        2,
        "one decision and one activity poll"
    );

    // Answering the decision poll unparks it before its answer is sent.
    let execution = env.start("w").await;
    let task = timeout(HANG_GUARD, decision).await.unwrap().unwrap();
    assert!(!task.task_token.is_empty());
    assert_eq!(
        env.server.parked_polls(),
        1,
        "the activity poll still waits"
    );

    env.decide(&task, vec![schedule_activity("a")]).await;
    let activity = timeout(HANG_GUARD, activity).await.unwrap().unwrap();
    assert_eq!(activity.activity_id, "a");
    assert_eq!(activity.workflow_execution, execution);
    assert_eq!(env.server.parked_polls(), 0);
}

#[tokio::test]
async fn parked_decision_poll_returns_when_a_workflow_starts() {
    let env = env_with(LONG_POLL).await;
    let poll = spawn_decision_poll(&env.client);
    parked(&env, 1).await;
    env.start("w").await;
    let task = timeout(HANG_GUARD, poll).await.unwrap().unwrap();
    assert!(!task.task_token.is_empty(), "the parked poll was not woken");
}

#[tokio::test]
async fn empty_poll_returns_empty_after_the_timeout() {
    let poll_timeout = Duration::from_millis(300);
    let env = env_with(poll_timeout).await;
    let t0 = Instant::now();
    let task = env.try_decision_on("nothing-here").await;
    assert!(task.task_token.is_empty());
    // What is tested is that the poll waits: it cannot return before the service's own timer
    // fires, which starts after `t0`. Only a lower bound, so a slow machine cannot fail it.
    assert!(
        t0.elapsed() >= poll_timeout,
        "returned after {:?}",
        t0.elapsed()
    );
    assert_eq!(
        env.server.parked_polls(),
        0,
        "the timed-out poll is uncounted"
    );
    let activity = env.try_activity().await;
    assert!(activity.task_token.is_empty());
    assert_eq!(env.server.parked_polls(), 0);
}

#[tokio::test]
async fn each_activity_task_goes_to_exactly_one_poller() {
    const POLLERS: usize = 6;
    const TASKS: usize = 4;
    let env = env_with(LONG_POLL).await;
    let mut pollers = tokio::task::JoinSet::new();
    for _ in 0..POLLERS {
        let poll = spawn_activity_poll(&env.client);
        pollers.spawn(async move { poll.await.unwrap() });
    }
    parked(&env, POLLERS).await;
    let execution = env.start("w").await;
    let task = env.decision().await;
    env.decide(
        &task,
        (0..TASKS)
            .map(|i| schedule_activity(&format!("a{i}")))
            .collect(),
    )
    .await;

    // The first answers are the woken pollers, each with a different task.
    let mut got = Vec::new();
    for _ in 0..TASKS {
        let answer = timeout(HANG_GUARD, pollers.join_next()).await.unwrap();
        let answer = answer.expect("a poller is left").unwrap();
        assert!(!answer.task_token.is_empty(), "a poller returned empty");
        got.push(answer.activity_id);
    }
    got.sort();
    assert_eq!(got, ["a0", "a1", "a2", "a3"]);
    // The rest got nothing: they are parked again, and each task was started once.
    parked(&env, POLLERS - TASKS).await;
    let history = env.history(&execution).await;
    assert_eq!(
        of_type(&history, EventType::ActivityTaskStarted).len(),
        TASKS
    );
    // Shutting the service down answers them empty.
    env.server.shutdown_handle().cancel();
    while let Some(answer) = timeout(HANG_GUARD, pollers.join_next()).await.unwrap() {
        assert!(
            answer.unwrap().task_token.is_empty(),
            "a task was handed out twice"
        );
    }
}
