//! Worker throughput: trivial activity tasks, all scheduled before the worker starts, so that
//! what is timed is polling, dispatch and answering.
//!
//! Each peer gets a fresh swf-local with the same backlog (swf-worker's bench setup, included
//! by path): swf-worker's `Worker` (dispatch, heartbeat bookkeeping and all), and raw
//! poll/answer loops on swf-core, on aws-sdk-swf and in boto3, each with [`POLLERS`] pollers.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::json;
use swf_core::types::{PollForActivityTaskInput, RespondActivityTaskCompletedInput, TaskList};
use swf_worker::{CancellationToken, Worker};

use crate::backlog;
use crate::report::{Table, figure, ratio};
use crate::rig::Rig;
use crate::size::Size;
use crate::wait::Wait;
use crate::{Error, Peers, boto3};

/// Pollers of every raw loop, as in the measurement; the `Worker` runs with 8 pollers
/// and up to 200 tasks at once, its example's settings.
pub const POLLERS: usize = 16;
/// The task list of the backlog.
const TASK_LIST: &str = "noop";
/// How long one peer may take for its tasks before the workload gives up on it.
const DEADLINE: Duration = Duration::from_secs(300);

/// The peers, as named in the table.
pub const CLIENTS: [&str; 4] = [
    "swf-worker Worker",
    "raw loop, swf-core",
    "raw loop, aws-sdk-swf",
    "raw loop, boto3",
];

/// The activity served: it answers at once.
const NOOP: Wait = Wait {
    work: Duration::ZERO,
    heartbeat_timeout: Duration::from_secs(60),
};

/// Runs the workload: `size` tasks for each Rust peer (10,000 by default), a tenth as many for
/// boto3.
pub fn run(rig: &Rig, size: Size, peers: Peers) -> Result<Table, Error> {
    let tasks = size.pick(20, 10_000);
    let boto3_tasks = (tasks / 10).max(POLLERS);
    let mut measured = Vec::new();
    for (i, client) in CLIENTS.iter().enumerate() {
        let count = if i == 3 { boto3_tasks } else { tasks };
        if i == 3 && !peers.boto3 {
            continue;
        }
        let server = rig.start_server(None)?;
        let endpoint = server.endpoint_url();
        let outcome = rig.runtime.block_on(async {
            let core = prepare(&endpoint, count).await?;
            match i {
                0 => worker(core, count).await,
                1 => core_loop(core, count).await,
                2 => sdk_loop(crate::rig::sdk_client(&endpoint), count).await,
                _ => {
                    let args = json!({
                        "mode": "activity_loop", "endpoint": endpoint, "domain": backlog::DOMAIN,
                        "task_list": TASK_LIST, "calls": count, "callers": POLLERS,
                    });
                    Ok(boto3::run(args).await?.0.seconds)
                }
            }
        });
        rig.stop_server(server);
        measured.push((*client, count, outcome?));
    }
    let mut table = Table::new(
        "Worker throughput, trivial activity",
        format!(
            "{tasks} tasks for each Rust peer, {boto3_tasks} for boto3, all scheduled (500 per \
             workflow run) on a fresh swf-local per peer before the clock starts; the clock \
             stops at the last task's answer. Raw loops poll with {POLLERS} pollers and answer \
             each task at once; the `Worker` runs 8 pollers and up to 200 tasks at once. The \
             last column divides the `Worker`'s rate by the row's."
        ),
        &["client", "tasks", "tasks/s", "Worker ÷ this, tasks/s"],
    );
    let base = measured[0].1 as f64 / measured[0].2;
    for (client, count, seconds) in measured {
        let rate = count as f64 / seconds;
        table.row(vec![
            (*client).into(),
            count.to_string(),
            figure(rate),
            ratio(base, rate),
        ]);
    }
    Ok(table)
}

/// Registers the domain and the activity and schedules `tasks` tasks; returns a swf-core client
/// of the service.
async fn prepare(endpoint: &str, tasks: usize) -> Result<swf_core::Client, Error> {
    let client = swf_core::Client::local_builder(endpoint)
        .retry_config(swf_core::RetryConfig::disabled())
        .build()
        .await?;
    NOOP.schedule(&client, TASK_LIST, tasks, None).await?;
    Ok(client)
}

/// The `Worker` until it has answered `tasks` tasks; the seconds it took.
async fn worker(client: swf_core::Client, tasks: usize) -> Result<f64, Error> {
    let mut builder = Worker::builder(client);
    builder
        .domain(backlog::DOMAIN)
        .task_list(TASK_LIST)
        .activity(NOOP)
        .pollers(8)
        .max_concurrent_tasks(200)
        .register(false);
    let worker = builder.build()?;
    let metrics = worker.metrics();
    let shutdown = CancellationToken::new();
    let started = Instant::now();
    let running = tokio::spawn(worker.run(shutdown.clone()));
    // The metrics are the only view of the worker's progress: read them often, so the end is
    // seen within a millisecond.
    let finished = loop {
        let m = metrics.snapshot();
        if (m.tasks_completed + m.tasks_failed) as usize >= tasks {
            break Instant::now();
        }
        if started.elapsed() > DEADLINE {
            shutdown.cancel();
            let answered = m.tasks_completed;
            return Err(
                format!("the Worker answered {answered} of {tasks} tasks in {DEADLINE:?}").into(),
            );
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    };
    shutdown.cancel();
    running.await??;
    Ok((finished - started).as_secs_f64())
}

/// [`POLLERS`] pollers each running `poll_answer` (which polls once and answers what it got,
/// returning whether it got a task) until `tasks` tasks are answered; the seconds to the last.
async fn raw_loop<F, Fut>(tasks: usize, poll_answer: F) -> Result<f64, Error>
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<bool, Error>> + Send,
{
    let poll_answer = Arc::new(poll_answer);
    let answered = Arc::new(AtomicUsize::new(0));
    let finished = Arc::new(Mutex::new(None));
    let started = Instant::now();
    let pollers: Vec<_> = (0..POLLERS)
        .map(|_| {
            let (poll_answer, answered, finished) =
                (poll_answer.clone(), answered.clone(), finished.clone());
            tokio::spawn(async move {
                while answered.load(Ordering::Relaxed) < tasks {
                    if started.elapsed() > DEADLINE {
                        let done = answered.load(Ordering::Relaxed);
                        return Err::<(), Error>(
                            format!("{done} of {tasks} tasks answered in {DEADLINE:?}").into(),
                        );
                    }
                    if poll_answer().await? && answered.fetch_add(1, Ordering::Relaxed) + 1 == tasks
                    {
                        *finished.lock().map_err(|_| "poisoned")? = Some(Instant::now());
                    }
                }
                Ok(())
            })
        })
        .collect();
    for poller in pollers {
        poller.await??;
    }
    let finished = finished
        .lock()
        .map_err(|_| "poisoned")?
        .ok_or("the pollers stopped before the last task was answered")?;
    Ok((finished - started).as_secs_f64())
}

/// The raw loop on swf-core.
async fn core_loop(client: swf_core::Client, tasks: usize) -> Result<f64, Error> {
    raw_loop(tasks, move || {
        let client = client.clone();
        async move {
            let task = client
                .poll_for_activity_task(PollForActivityTaskInput {
                    domain: backlog::DOMAIN.into(),
                    task_list: TaskList {
                        name: TASK_LIST.into(),
                    },
                    identity: None,
                })
                .await?;
            if task.task_token.is_empty() {
                return Ok(false);
            }
            client
                .respond_activity_task_completed(RespondActivityTaskCompletedInput {
                    task_token: task.task_token,
                    result: task.input,
                })
                .await?;
            Ok(true)
        }
    })
    .await
}

/// The raw loop on aws-sdk-swf.
async fn sdk_loop(client: aws_sdk_swf::Client, tasks: usize) -> Result<f64, Error> {
    let task_list = aws_sdk_swf::types::TaskList::builder()
        .name(TASK_LIST)
        .build()?;
    raw_loop(tasks, move || {
        let (client, task_list) = (client.clone(), task_list.clone());
        async move {
            let task = client
                .poll_for_activity_task()
                .domain(backlog::DOMAIN)
                .task_list(task_list)
                .send()
                .await?;
            if task.task_token.is_empty() {
                return Ok(false);
            }
            client
                .respond_activity_task_completed()
                .task_token(task.task_token)
                .set_result(task.input)
                .send()
                .await?;
            Ok(true)
        }
    })
    .await
}
