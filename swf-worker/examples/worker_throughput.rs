//! How many trivial activity tasks per second one worker runs against an in-process swf-local.
//!
//! `cargo run --release -p swf-worker --example throughput -- [tasks] [pollers] [max-concurrent]`
//!
//! All tasks are scheduled before the worker starts, so the figure is polling, dispatch and
//! answering only. swf-local runs in the same process and shares the machine's cores.

use std::time::{Duration, Instant};

use swf_core::Client;
use swf_core::types::*;
use swf_worker::{
    Activity, ActivityContext, ActivityError, ActivityOptions, CancellationToken, Worker,
};

struct Noop;

impl Activity for Noop {
    const NAME: &'static str = "Noop";
    const VERSION: &'static str = "1";
    type Input = u32;
    type Output = u32;

    fn options(&self) -> ActivityOptions {
        ActivityOptions::new()
            .with_default_schedule_to_start_timeout(Duration::from_secs(600))
            .with_default_start_to_close_timeout(Duration::from_secs(60))
            .with_default_schedule_to_close_timeout(Duration::from_secs(600))
            .with_default_heartbeat_timeout(Duration::from_secs(60))
    }

    async fn run(&self, _: &ActivityContext, n: u32) -> Result<u32, ActivityError> {
        Ok(n)
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<usize>());
    let tasks = args.next().transpose()?.unwrap_or(20_000);
    let pollers = args.next().transpose()?.unwrap_or(8);
    let max_concurrent = args.next().transpose()?.unwrap_or(200);

    let server = swf_local::Server::builder()
        .poll_timeout(Duration::from_secs(1))
        .start()
        .await?;
    let client = Client::local_builder(server.endpoint_url()).build().await?;
    let mut builder = Worker::builder();
    builder
        .client(client.clone())
        .domain("bench")
        .task_list("noop")
        .activity(Noop)
        .pollers(pollers)
        .max_concurrent_tasks(max_concurrent)
        .register(true);
    let stopped = CancellationToken::new();
    stopped.cancel();
    builder.build()?.run(stopped).await?;
    client
        .register_workflow_type(RegisterWorkflowTypeInput {
            domain: "bench".into(),
            name: "wf".into(),
            version: "1".into(),
            default_task_list: Some(TaskList {
                name: "decisions".into(),
            }),
            default_execution_start_to_close_timeout: Some("3600".into()),
            default_task_start_to_close_timeout: Some("600".into()),
            default_child_policy: Some(ChildPolicy::Terminate),
            ..Default::default()
        })
        .await?;

    // Workflows of 500 activities each, scheduled in their first decision.
    let per_workflow = 500;
    let workflows = tasks.div_ceil(per_workflow);
    for w in 0..workflows {
        client
            .start_workflow_execution(StartWorkflowExecutionInput {
                domain: "bench".into(),
                workflow_id: format!("w{w}"),
                workflow_type: WorkflowType {
                    name: "wf".into(),
                    version: "1".into(),
                },
                ..Default::default()
            })
            .await?;
        let task = client
            .poll_for_decision_task(PollForDecisionTaskInput {
                domain: "bench".into(),
                task_list: TaskList {
                    name: "decisions".into(),
                },
                ..Default::default()
            })
            .await?;
        let count = per_workflow.min(tasks - w * per_workflow);
        let decisions = (0..count)
            .map(|i| Decision {
                decision_type: DecisionType::ScheduleActivityTask,
                schedule_activity_task_decision_attributes: Some(
                    ScheduleActivityTaskDecisionAttributes {
                        activity_type: ActivityType {
                            name: "Noop".into(),
                            version: "1".into(),
                        },
                        activity_id: format!("a{i}"),
                        input: Some(i.to_string()),
                        task_list: Some(TaskList {
                            name: "noop".into(),
                        }),
                        ..Default::default()
                    },
                ),
                ..Default::default()
            })
            .collect();
        client
            .respond_decision_task_completed(RespondDecisionTaskCompletedInput {
                task_token: task.task_token,
                decisions: Some(decisions),
                ..Default::default()
            })
            .await?;
    }
    println!("scheduled {tasks} tasks in {workflows} workflows");

    builder.register(false);
    let worker = builder.build()?;
    let metrics = worker.metrics();
    let shutdown = CancellationToken::new();
    let started = Instant::now();
    let running = tokio::spawn(worker.run(shutdown.clone()));
    let mut last = (Instant::now(), 0);
    loop {
        tokio::time::sleep(Duration::from_millis(250)).await;
        let m = metrics.snapshot();
        let done = m.tasks_completed + m.tasks_failed;
        if last.0.elapsed() >= Duration::from_secs(1) {
            let rate = (done - last.1) as f64 / last.0.elapsed().as_secs_f64();
            println!("{done} answered, {rate:.0}/s");
            last = (Instant::now(), done);
        }
        if done as usize >= tasks {
            break;
        }
    }
    let elapsed = started.elapsed();
    shutdown.cancel();
    running.await??;
    let m = metrics.snapshot();
    println!(
        "{tasks} tasks in {elapsed:.2?}: {:.0} tasks/s ({} polls, {} empty, {} failed, {} respond errors)",
        tasks as f64 / elapsed.as_secs_f64(),
        m.polls,
        m.empty_polls,
        m.tasks_failed,
        m.respond_errors,
    );
    server.shutdown().await;
    Ok(())
}
