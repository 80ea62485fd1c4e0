//! Fetching and decoding a long history: every page of one execution, read one after the other as
//! a decider reads them.

use std::time::{Duration, Instant};

use serde_json::json;
use swf_core::types::{
    GetWorkflowExecutionHistoryInput, SignalWorkflowExecutionInput, StartWorkflowExecutionInput,
    WorkflowExecution, WorkflowType,
};

use crate::cpu::client_cpu_seconds;
use crate::drive::concurrently;
use crate::report::{Table, figure, ratio};
use crate::rig::{Rig, WORKFLOW};
use crate::size::Size;
use crate::{Error, Peers, boto3};

/// SWF's largest page, as deciders ask for.
const PAGE: i32 = 1000;

/// The peers, as named in the table.
pub const CLIENTS: [&str; 3] = ["swf-core", "aws-sdk-swf", "boto3"];

/// How long each Rust peer keeps reading for its CPU figure: the clock ticks of `/proc` are
/// 10 ms, so a pass of 2 s of reads errs by about 1 %.
const CPU_PASS: Duration = Duration::from_secs(2);

/// One peer's figures.
struct Figures {
    /// Wall-clock seconds of the fastest read.
    fastest: f64,
    /// Events the reads found.
    events: usize,
    /// CPU seconds per read of the caller alone (client threads, or boto3's own process).
    cpu: f64,
}

/// Runs the workload on a history of `size` events (20,000 by default): the best of 5 reads for
/// the Rust peers and of 3 for boto3 (1 each at the tiny size), then reads for [`CPU_PASS`]
/// (0.2 s at the tiny size) for each Rust peer's CPU per read.
pub fn run(rig: &Rig, size: Size, peers: Peers) -> Result<Table, Error> {
    let events = size.pick(200, 20_000).max(3);
    let runs = if size == Size::Tiny { 1 } else { 5 };
    // Long enough at the tiny size for a few clock ticks, so that the figure is not 0.
    let pass = if size == Size::Tiny {
        Duration::from_millis(200)
    } else {
        CPU_PASS
    };
    let execution = rig.runtime.block_on(build(rig, events))?;
    let mut measured = vec![
        (
            CLIENTS[0],
            rig.runtime
                .block_on(measure(runs, pass, || core(rig, &execution)))?,
        ),
        (
            CLIENTS[1],
            rig.runtime
                .block_on(measure(runs, pass, || sdk(rig, &execution)))?,
        ),
    ];
    if peers.boto3 {
        let args = json!({
            "mode": "history", "endpoint": rig.endpoint, "domain": rig.domain,
            "workflow_id": execution.workflow_id, "run_id": execution.run_id,
            "runs": runs.min(3),
        });
        let (figures, read) = rig.runtime.block_on(boto3::run(args))?;
        measured.push((
            CLIENTS[2],
            Figures {
                fastest: figures.seconds,
                events: read,
                cpu: figures.cpu_seconds / figures.calls.max(1) as f64,
            },
        ));
    }
    let mut table = Table::new(
        format!("Fetch and decode a {events}-event history"),
        format!(
            "Every page ({PAGE} events each) of one execution's history, read in order by one \
             caller and decoded into the client's own types (Python dicts for boto3). The time is \
             the fastest of {runs} reads ({} for boto3), and includes swf-local answering every \
             page in this process, which costs every client the same. \
             The CPU is the caller's alone per read: the client threads of the bench process \
             over {:.1} s of reads (the server's threads are left out), or the Python \
             process's own getrusage over its reads. The ratio columns divide the row's figure \
             by swf-core's: above 1 favours swf-core.",
            runs.min(3),
            pass.as_secs_f64()
        ),
        &[
            "client",
            "events read",
            "ms per history",
            "events/s",
            "this ÷ swf-core, time",
            "client CPU ms per history",
            "this ÷ swf-core, CPU",
        ],
    );
    let (base, base_cpu) = (measured[0].1.fastest, measured[0].1.cpu);
    for (client, figures) in measured {
        let read = figures.events;
        if read != events {
            return Err(format!("{client} read {read} events of the {events} recorded").into());
        }
        table.row(vec![
            client.into(),
            read.to_string(),
            figure(figures.fastest * 1000.0),
            figure(read as f64 / figures.fastest),
            ratio(figures.fastest, base),
            figure(figures.cpu * 1000.0),
            ratio(figures.cpu, base_cpu),
        ]);
    }
    Ok(table)
}

/// Starts one execution and signals it until its history holds `events` events: the start, the
/// first decision task's scheduling (no decider takes it), then one event per signal.
pub async fn build(rig: &Rig, events: usize) -> Result<WorkflowExecution, Error> {
    let workflow_id = format!("history-{}-{events}", std::process::id());
    let run = rig
        .core
        .start_workflow_execution(StartWorkflowExecutionInput {
            domain: rig.domain.clone(),
            workflow_id: workflow_id.clone(),
            workflow_type: WorkflowType {
                name: WORKFLOW.0.into(),
                version: WORKFLOW.1.into(),
            },
            ..Default::default()
        })
        .await?;
    let (client, domain, id) = (rig.core.clone(), rig.domain.clone(), workflow_id.clone());
    concurrently(events - 2, 64, move |i| {
        let (client, domain, id) = (client.clone(), domain.clone(), id.clone());
        async move {
            client
                .signal_workflow_execution(SignalWorkflowExecutionInput {
                    domain,
                    workflow_id: id,
                    signal_name: "progress".into(),
                    input: Some(format!(
                        r#"{{"step":{i},"note":"a signal of a typical size"}}"#
                    )),
                    ..Default::default()
                })
                .await?;
            Ok(())
        }
    })
    .await?;
    let run_id = run
        .run_id
        .ok_or("StartWorkflowExecution answered without a runId")?;
    Ok(WorkflowExecution {
        workflow_id,
        run_id,
    })
}

/// The fastest of `runs` reads, with the events the last one read; then the client threads'
/// CPU per read over reads that last `pass` (at least one).
async fn measure<F, Fut>(runs: usize, pass: Duration, mut read: F) -> Result<Figures, Error>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<usize, Error>>,
{
    let (mut fastest, mut events) = (f64::INFINITY, 0);
    for _ in 0..runs {
        let started = Instant::now();
        events = read().await?;
        fastest = fastest.min(started.elapsed().as_secs_f64());
    }
    let (started, cpu) = (Instant::now(), client_cpu_seconds());
    let mut reads = 0;
    while reads == 0 || started.elapsed() < pass {
        read().await?;
        reads += 1;
    }
    let cpu = (client_cpu_seconds() - cpu) / reads as f64;
    Ok(Figures {
        fastest,
        events,
        cpu,
    })
}

/// Reads every page of `execution`'s history with swf-core; answers the events read.
pub async fn core(rig: &Rig, execution: &WorkflowExecution) -> Result<usize, Error> {
    let (mut events, mut token) = (0, None);
    loop {
        let page = rig
            .core
            .get_workflow_execution_history(GetWorkflowExecutionHistoryInput {
                domain: rig.domain.clone(),
                execution: execution.clone(),
                maximum_page_size: Some(PAGE),
                next_page_token: token,
                ..Default::default()
            })
            .await?;
        events += std::hint::black_box(page.events).len();
        token = page.next_page_token;
        if token.is_none() {
            return Ok(events);
        }
    }
}

/// Reads every page of `execution`'s history with aws-sdk-swf; answers the events read.
pub async fn sdk(rig: &Rig, execution: &WorkflowExecution) -> Result<usize, Error> {
    let execution = aws_sdk_swf::types::WorkflowExecution::builder()
        .workflow_id(&execution.workflow_id)
        .run_id(&execution.run_id)
        .build()?;
    let (mut events, mut token) = (0, None);
    loop {
        let page = rig
            .sdk
            .get_workflow_execution_history()
            .domain(&rig.domain)
            .execution(execution.clone())
            .maximum_page_size(PAGE)
            .set_next_page_token(token)
            .send()
            .await?;
        token = page.next_page_token().map(str::to_owned);
        events += std::hint::black_box(page.events).len();
        if token.is_none() {
            return Ok(events);
        }
    }
}
