//! Measures how many one-activity workflows per second swf-local completes.
//!
//! `cargo run --release -p swf-local --example throughput -- [WORKFLOWS] [CONCURRENCY] [--db PATH]
//! [--endpoint URL]`
//!
//! Starts the service in-process (or uses the SWF endpoint given, e.g. a moto_server, for a
//! comparison with the same client), then runs deciders and workers that each poll, decide and
//! answer as fast as they can: one workflow is start, decision, activity, decision, complete.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use swf_core::types::*;
use swf_core::{Client, RetryConfig};

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let workflows: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(2000);
    let concurrency: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(32);
    let flag = |name: &str| {
        let at = args.iter().position(|a| a == name)?;
        args.get(at + 1).cloned()
    };
    let db = flag("--db");
    let endpoint = flag("--endpoint");

    let mut builder = swf_local::Server::builder();
    builder.poll_timeout(Duration::from_secs(1));
    if let Some(db) = &db {
        builder.database(db);
    }
    let server = builder.start().await.expect("server starts");
    let endpoint = endpoint.unwrap_or_else(|| server.endpoint_url());
    let client = Client::builder()
        .endpoint_url(&endpoint)
        .region("us-east-1")
        .static_credentials("k", "s", None)
        .retry_config(RetryConfig::disabled())
        .build()
        .await
        .unwrap();
    let domain = format!("bench-{}", std::process::id());
    client
        .register_domain(RegisterDomainInput {
            name: domain.clone(),
            workflow_execution_retention_period_in_days: "1".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    client
        .register_workflow_type(RegisterWorkflowTypeInput {
            domain: domain.clone(),
            name: "wf".into(),
            version: "1".into(),
            default_task_list: Some(TaskList { name: "d".into() }),
            default_execution_start_to_close_timeout: Some("600".into()),
            default_task_start_to_close_timeout: Some("60".into()),
            default_child_policy: Some(ChildPolicy::Terminate),
            ..Default::default()
        })
        .await
        .unwrap();
    client
        .register_activity_type(RegisterActivityTypeInput {
            domain: domain.clone(),
            name: "a".into(),
            version: "1".into(),
            default_task_list: Some(TaskList { name: "a".into() }),
            default_task_schedule_to_close_timeout: Some("600".into()),
            default_task_schedule_to_start_timeout: Some("600".into()),
            default_task_start_to_close_timeout: Some("60".into()),
            default_task_heartbeat_timeout: Some("NONE".into()),
            ..Default::default()
        })
        .await
        .unwrap();

    let done = Arc::new(AtomicUsize::new(0));
    let t0 = Instant::now();
    let mut tasks = Vec::new();
    // Starters.
    let next = Arc::new(AtomicUsize::new(0));
    for _ in 0..concurrency / 4 + 1 {
        let (client, domain, next) = (client.clone(), domain.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= workflows {
                    return;
                }
                client
                    .start_workflow_execution(StartWorkflowExecutionInput {
                        domain: domain.clone(),
                        workflow_id: format!("w{i}"),
                        workflow_type: WorkflowType {
                            name: "wf".into(),
                            version: "1".into(),
                        },
                        ..Default::default()
                    })
                    .await
                    .unwrap();
            }
        }));
    }
    // Deciders.
    for _ in 0..concurrency {
        let (client, domain, done) = (client.clone(), domain.clone(), done.clone());
        tasks.push(tokio::spawn(async move {
            while done.load(Ordering::Relaxed) < workflows {
                let task = client
                    .poll_for_decision_task(PollForDecisionTaskInput {
                        domain: domain.clone(),
                        task_list: TaskList { name: "d".into() },
                        ..Default::default()
                    })
                    .await
                    .unwrap();
                if task.task_token.is_empty() {
                    continue;
                }
                let finished = task
                    .events
                    .iter()
                    .any(|e| e.event_type == EventType::ActivityTaskCompleted);
                let decision = if finished {
                    Decision::from(CompleteWorkflowExecutionDecisionAttributes::default())
                } else {
                    Decision::from(ScheduleActivityTaskDecisionAttributes {
                        activity_id: "a".into(),
                        activity_type: ActivityType {
                            name: "a".into(),
                            version: "1".into(),
                        },
                        ..Default::default()
                    })
                };
                client
                    .respond_decision_task_completed(RespondDecisionTaskCompletedInput {
                        task_token: task.task_token,
                        decisions: Some(vec![decision]),
                        ..Default::default()
                    })
                    .await
                    .unwrap();
                if finished {
                    done.fetch_add(1, Ordering::Relaxed);
                }
            }
        }));
    }
    // Workers.
    for _ in 0..concurrency {
        let (client, domain, done) = (client.clone(), domain.clone(), done.clone());
        tasks.push(tokio::spawn(async move {
            while done.load(Ordering::Relaxed) < workflows {
                let task = client
                    .poll_for_activity_task(PollForActivityTaskInput {
                        domain: domain.clone(),
                        task_list: TaskList { name: "a".into() },
                        identity: None,
                    })
                    .await
                    .unwrap();
                if task.task_token.is_empty() {
                    continue;
                }
                client
                    .respond_activity_task_completed(RespondActivityTaskCompletedInput {
                        task_token: task.task_token,
                        result: Some("ok".into()),
                    })
                    .await
                    .unwrap();
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let elapsed = t0.elapsed();
    println!(
        "{workflows} workflows in {:.2} s: {:.0} workflows/s ({endpoint}, {})",
        elapsed.as_secs_f64(),
        workflows as f64 / elapsed.as_secs_f64(),
        if db.is_some() { "SQLite" } else { "in memory" }
    );
    server.shutdown().await;
}
