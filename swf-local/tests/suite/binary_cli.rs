//! The `swf-local` binary: one line with the endpoint on start, `--poll-timeout` honored, a clean
//! exit on SIGTERM; and the library's shutdown releases parked polls at once.

use crate::common::*;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use swf_core::types::*;

#[tokio::test]
async fn binary_prints_its_endpoint_and_stops_on_sigterm() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_swf-local"))
        .args(["--bind", "127.0.0.1:0", "--poll-timeout", "1"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("binary starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line.trim().rsplit(' ').next().unwrap().to_owned();
    assert!(url.starts_with("http://127.0.0.1:"), "{line}");

    let client = client_for(&url).await;
    register_domain(&client, "d").await;
    let t0 = Instant::now();
    let task = client
        .poll_for_activity_task(PollForActivityTaskInput {
            domain: "d".into(),
            task_list: TaskList {
                name: "empty".into(),
            },
            identity: None,
        })
        .await
        .unwrap();
    assert!(task.task_token.is_empty());
    assert!(
        t0.elapsed() < Duration::from_secs(5),
        "--poll-timeout 1 was not honored"
    );

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "exit status {status}");
            break;
        }
        assert!(Instant::now() < deadline, "did not stop on SIGTERM");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn shutdown_releases_parked_polls() {
    let env = env_with(Duration::from_secs(60)).await;
    let client = env.client.clone();
    let poll = tokio::spawn(async move {
        client
            .poll_for_decision_task(PollForDecisionTaskInput {
                domain: "d".into(),
                task_list: TaskList {
                    name: DECISIONS.into(),
                },
                ..Default::default()
            })
            .await
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    let t0 = Instant::now();
    env.server.shutdown().await;
    assert!(t0.elapsed() < Duration::from_secs(5));
    let answer = poll.await.unwrap().unwrap();
    assert!(answer.task_token.is_empty());
}
