//! A parked poll returns as soon as a task arrives, long before the poll timeout; an empty poll
//! returns empty at the timeout; each task goes to exactly one of several pollers.

use crate::common::*;
use std::time::{Duration, Instant};
use swf_core::types::*;

#[tokio::test]
async fn parked_decision_poll_returns_when_a_workflow_starts() {
    let env = env_with(Duration::from_secs(20)).await;
    let client = env.client.clone();
    let poll = tokio::spawn(async move {
        let t0 = Instant::now();
        let task = client
            .poll_for_decision_task(PollForDecisionTaskInput {
                domain: "d".into(),
                task_list: TaskList {
                    name: DECISIONS.into(),
                },
                ..Default::default()
            })
            .await
            .unwrap();
        (task, t0.elapsed())
    });
    // Let the poll park (it costs no thread while it waits).
    tokio::task::yield_now().await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    env.start("w").await;
    let (task, waited) = poll.await.unwrap();
    assert!(!task.task_token.is_empty());
    assert!(waited < Duration::from_secs(5), "waited {waited:?}");
}

#[tokio::test]
async fn empty_poll_returns_empty_after_the_timeout() {
    let env = env_with(Duration::from_millis(300)).await;
    let t0 = Instant::now();
    let task = env.try_decision_on("nothing-here").await;
    assert!(task.task_token.is_empty());
    assert!(t0.elapsed() >= Duration::from_millis(250));
    let activity = env.try_activity().await;
    assert!(activity.task_token.is_empty());
}

#[tokio::test]
async fn each_activity_task_goes_to_exactly_one_poller() {
    let env = env_with(Duration::from_secs(2)).await;
    let mut pollers = Vec::new();
    for _ in 0..6 {
        let client = env.client.clone();
        pollers.push(tokio::spawn(async move {
            client
                .poll_for_activity_task(PollForActivityTaskInput {
                    domain: "d".into(),
                    task_list: TaskList {
                        name: ACTIVITIES.into(),
                    },
                    identity: None,
                })
                .await
                .unwrap()
        }));
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    env.start("w").await;
    let task = env.decision().await;
    env.decide(
        &task,
        (0..4)
            .map(|i| schedule_activity(&format!("a{i}")))
            .collect(),
    )
    .await;
    let mut got = Vec::new();
    for p in pollers {
        let t = p.await.unwrap();
        if !t.task_token.is_empty() {
            got.push(t.activity_id);
        }
    }
    // On a slow machine some pollers may have timed out first: collect the rest.
    for _ in 0..10 {
        if got.len() >= 4 {
            break;
        }
        let t = env.try_activity().await;
        if !t.task_token.is_empty() {
            got.push(t.activity_id);
        }
    }
    assert!(
        env.try_activity().await.task_token.is_empty(),
        "a task was handed out twice"
    );
    got.sort();
    assert_eq!(got, ["a0", "a1", "a2", "a3"]);
}
