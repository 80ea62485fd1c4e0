//! Ordinary calls: 64 concurrent callers of `DescribeDomain`, then of `StartWorkflowExecution`.

use serde_json::json;
use swf_core::types::{DescribeDomainInput, StartWorkflowExecutionInput, WorkflowType};

use crate::drive::{Measured, concurrently};
use crate::report::{Table, figure, ratio};
use crate::rig::{Rig, WORKFLOW};
use crate::size::Size;
use crate::{Error, Peers, boto3};

/// Concurrent callers, as in the measurement.
pub const CALLERS: usize = 64;

/// The calls, as named in the table.
pub const OPERATIONS: [&str; 2] = ["DescribeDomain", "StartWorkflowExecution"];

/// The peers, as named in the table.
pub const CLIENTS: [&str; 3] = ["swf-core", "aws-sdk-swf", "boto3"];

/// Runs the workload: `size` calls per operation for each Rust peer (4,000 by default), and a
/// quarter as many for boto3, which is an order of magnitude slower (rates stay comparable).
pub fn run(rig: &Rig, size: Size, peers: Peers) -> Result<Table, Error> {
    let calls = size.pick(64, 4000);
    let boto3_calls = (calls / 4).max(CALLERS);
    let mut table = Table::new(
        format!("Ordinary calls: {CALLERS} concurrent callers"),
        format!(
            "{calls} calls per operation for swf-core and aws-sdk-swf, {boto3_calls} for boto3 \
             (threads sharing one client, in a `python3` subprocess). CPU is the caller's alone: \
             the client threads of the bench process (the server's threads are left out), or the \
             Python process's own getrusage. The ratio columns divide swf-core's figure by the \
             row's: calls/s above 1 and CPU below 1 favour swf-core."
        ),
        &[
            "operation",
            "client",
            "calls",
            "calls/s",
            "CPU µs/call",
            "swf-core ÷ this, calls/s",
            "swf-core ÷ this, CPU/call",
        ],
    );
    for operation in OPERATIONS {
        let mut measured = vec![
            (
                CLIENTS[0],
                rig.runtime.block_on(core(rig, operation, calls))?,
            ),
            (
                CLIENTS[1],
                rig.runtime.block_on(sdk(rig, operation, calls))?,
            ),
        ];
        if peers.boto3 {
            let prefix = format!("boto3-{}-", std::process::id());
            let args = json!({
                "mode": snake(operation), "endpoint": rig.endpoint, "domain": rig.domain,
                "calls": boto3_calls, "callers": CALLERS, "prefix": prefix, "workflow": WORKFLOW,
            });
            let (figures, _) = rig.runtime.block_on(boto3::run(args))?;
            measured.push((CLIENTS[2], figures));
        }
        let base = measured[0].1;
        for (client, m) in measured {
            table.row(vec![
                operation.into(),
                client.into(),
                m.calls.to_string(),
                figure(m.rate()),
                figure(m.cpu_micros_per_call()),
                ratio(base.rate(), m.rate()),
                ratio(base.cpu_micros_per_call(), m.cpu_micros_per_call()),
            ]);
        }
    }
    Ok(table)
}

/// `DescribeDomain` as `describe_domain`, the script's mode.
fn snake(operation: &str) -> &'static str {
    if operation == OPERATIONS[0] {
        "describe_domain"
    } else {
        "start_workflow_execution"
    }
}

/// A workflow id no other peer or run uses.
fn workflow_id(client: &str, i: usize) -> String {
    format!("{client}-{}-{i}", std::process::id())
}

async fn core(rig: &Rig, operation: &str, calls: usize) -> Result<Measured, Error> {
    let (client, domain) = (rig.core.clone(), rig.domain.clone());
    let describe = operation == OPERATIONS[0];
    concurrently(calls, CALLERS, move |i| {
        let (client, domain) = (client.clone(), domain.clone());
        async move {
            if describe {
                client
                    .describe_domain(DescribeDomainInput { name: domain })
                    .await?;
            } else {
                client
                    .start_workflow_execution(StartWorkflowExecutionInput {
                        domain,
                        workflow_id: workflow_id("core", i),
                        workflow_type: WorkflowType {
                            name: WORKFLOW.0.into(),
                            version: WORKFLOW.1.into(),
                        },
                        ..Default::default()
                    })
                    .await?;
            }
            Ok(())
        }
    })
    .await
}

async fn sdk(rig: &Rig, operation: &str, calls: usize) -> Result<Measured, Error> {
    let (client, domain) = (rig.sdk.clone(), rig.domain.clone());
    let describe = operation == OPERATIONS[0];
    concurrently(calls, CALLERS, move |i| {
        let (client, domain) = (client.clone(), domain.clone());
        async move {
            if describe {
                client.describe_domain().name(domain).send().await?;
            } else {
                let workflow_type = aws_sdk_swf::types::WorkflowType::builder()
                    .name(WORKFLOW.0)
                    .version(WORKFLOW.1)
                    .build()?;
                client
                    .start_workflow_execution()
                    .domain(domain)
                    .workflow_id(workflow_id("sdk", i))
                    .workflow_type(workflow_type)
                    .send()
                    .await?;
            }
            Ok(())
        }
    })
    .await
}
