//! Fetching and decoding a long history: every page of one execution, read one after the other as
//! a decider reads them.

use std::time::Instant;

use serde_json::json;
use swf_core::types::{
    GetWorkflowExecutionHistoryInput, SignalWorkflowExecutionInput, StartWorkflowExecutionInput,
    WorkflowExecution, WorkflowType,
};

use crate::drive::concurrently;
use crate::report::{Table, figure, ratio};
use crate::rig::{Rig, WORKFLOW};
use crate::size::Size;
use crate::{Error, Peers, boto3};

/// SWF's largest page, as deciders ask for.
const PAGE: i32 = 1000;

/// The peers, as named in the table.
pub const CLIENTS: [&str; 3] = ["swf-core", "aws-sdk-swf", "boto3"];

/// Runs the workload on a history of `size` events (20,000 by default): the best of 5 reads for
/// the Rust peers and of 3 for boto3 (1 each at the tiny size).
pub fn run(rig: &Rig, size: Size, peers: Peers) -> Result<Table, Error> {
    let events = size.pick(200, 20_000).max(3);
    let runs = if size == Size::Tiny { 1 } else { 5 };
    let execution = rig.runtime.block_on(build(rig, events))?;
    let mut measured = vec![
        (
            CLIENTS[0],
            rig.runtime.block_on(best(runs, || core(rig, &execution)))?,
        ),
        (
            CLIENTS[1],
            rig.runtime.block_on(best(runs, || sdk(rig, &execution)))?,
        ),
    ];
    if peers.boto3 {
        let args = json!({
            "mode": "history", "endpoint": rig.endpoint, "domain": rig.domain,
            "workflow_id": execution.workflow_id, "run_id": execution.run_id,
            "runs": runs.min(3),
        });
        let (figures, read) = rig.runtime.block_on(boto3::run(args))?;
        measured.push((CLIENTS[2], (figures.seconds, read)));
    }
    let mut table = Table::new(
        format!("Fetch and decode a {events}-event history"),
        format!(
            "Every page ({PAGE} events each) of one execution's history, read in order by one \
             caller and decoded into the client's own types (Python dicts for boto3). The figure \
             is the fastest of {runs} reads ({} for boto3). The last column divides the row's \
             time by swf-core's.",
            runs.min(3)
        ),
        &[
            "client",
            "events read",
            "ms per history",
            "events/s",
            "this ÷ swf-core, time",
        ],
    );
    let base = measured[0].1.0;
    for (client, (seconds, read)) in measured {
        if read != events {
            return Err(format!("{client} read {read} events of the {events} recorded").into());
        }
        table.row(vec![
            client.into(),
            read.to_string(),
            figure(seconds * 1000.0),
            figure(read as f64 / seconds),
            ratio(seconds, base),
        ]);
    }
    Ok(table)
}

/// Starts one execution and signals it until its history holds `events` events: the start, the
/// first decision task's scheduling (no decider takes it), then one event per signal.
async fn build(rig: &Rig, events: usize) -> Result<WorkflowExecution, Error> {
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

/// The fastest of `runs` reads, with the events the last one read.
async fn best<F, Fut>(runs: usize, mut read: F) -> Result<(f64, usize), Error>
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
    Ok((fastest, events))
}

async fn core(rig: &Rig, execution: &WorkflowExecution) -> Result<usize, Error> {
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

async fn sdk(rig: &Rig, execution: &WorkflowExecution) -> Result<usize, Error> {
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
