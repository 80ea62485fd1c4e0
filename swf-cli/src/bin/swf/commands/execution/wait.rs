//! `swf execution wait`: block until an execution closes, then report how.
//!
//! SWF has no call that waits for an execution to close, so this polls: `DescribeWorkflowExecution`
//! until the status is `CLOSED`, then the last history event (one event, newest first) for the
//! result or the failure. The interval starts short, so that a test or a quick workflow is not
//! kept waiting, and doubles up to a ceiling, so that a long wait costs a call every few seconds
//! and no more. A run that continued as new is followed to its new run unless `--no-follow`,
//! because what a caller waits for is the workflow's result, not one run's.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use serde::Serialize;
use swf_core::Client;
use swf_core::types::{
    CloseStatus, DescribeWorkflowExecutionInput, ExecutionStatus, GetWorkflowExecutionHistoryInput,
    HistoryEvent, WorkflowExecution,
};

use crate::args::{DomainArg, ExecutionArgs};
use crate::error::{CliError, EXIT_NOT_COMPLETED};
use crate::output::{self, Format};
use crate::resolve;

/// The first interval between two polls.
const FIRST_INTERVAL: Duration = Duration::from_millis(100);
/// The longest interval between two polls.
const MAX_INTERVAL: Duration = Duration::from_secs(5);

/// `swf execution wait`
#[derive(Debug, clap::Args)]
pub(crate) struct WaitArgs {
    #[command(flatten)]
    domain: DomainArg,
    #[command(flatten)]
    execution: ExecutionArgs,
    /// Give up after this long (exit code 4) [default: wait as long as it takes].
    #[arg(long, value_name = "DURATION", value_parser = crate::duration::parse)]
    timeout: Option<Duration>,
    /// Stop at a run that continued as new instead of following it to the new run.
    #[arg(long)]
    no_follow: bool,
}

/// How a run closed, as `--output json` prints it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Outcome {
    workflow_id: String,
    run_id: String,
    close_status: CloseStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    result: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    details: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    timeout_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    new_run_id: Option<String>,
}

/// Waits, prints the result (or the failure), and returns 0 only if the execution completed.
pub(super) async fn run(
    client: &Client,
    args: WaitArgs,
    format: Format,
) -> Result<ExitCode, CliError> {
    let domain = args.domain.domain.as_str();
    let deadline = args.timeout.map(|t| Instant::now() + t);
    let mut execution = resolve::execution(client, domain, &args.execution).await?;
    let mut interval = FIRST_INTERVAL;
    loop {
        let detail = client
            .describe_workflow_execution(DescribeWorkflowExecutionInput {
                domain: domain.to_string(),
                execution: execution.clone(),
            })
            .await?;
        if detail.execution_info.execution_status == ExecutionStatus::Closed {
            let status = detail.execution_info.close_status.unwrap_or_default();
            let outcome = closing(client, domain, &execution, status).await?;
            match outcome.new_run_id.clone() {
                Some(run_id) if !args.no_follow => {
                    execution.run_id = run_id;
                    interval = FIRST_INTERVAL;
                    continue;
                }
                _ => return report(&outcome, format),
            }
        }
        if interval == FIRST_INTERVAL {
            // Seen with `RUST_LOG=swf=info`; tests wait for it to know the command is polling.
            tracing::info!(workflow_id = %execution.workflow_id, run_id = %execution.run_id, "open; waiting for it to close");
        }
        let mut sleep = interval;
        if let Some(deadline) = deadline {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(CliError::StillOpen {
                    workflow_id: execution.workflow_id,
                    run_id: execution.run_id,
                    waited: crate::duration::format(args.timeout.unwrap_or_default()),
                });
            }
            sleep = sleep.min(left);
        }
        tokio::time::sleep(sleep).await;
        interval = (interval * 2).min(MAX_INTERVAL);
    }
}

/// Reads how a closed run ended from its last event.
async fn closing(
    client: &Client,
    domain: &str,
    execution: &WorkflowExecution,
    close_status: CloseStatus,
) -> Result<Outcome, CliError> {
    let last = client
        .get_workflow_execution_history(GetWorkflowExecutionHistoryInput {
            domain: domain.to_string(),
            execution: execution.clone(),
            reverse_order: Some(true),
            maximum_page_size: Some(1),
            ..Default::default()
        })
        .await?
        .events
        .into_iter()
        .next()
        .unwrap_or_default();
    Ok(outcome(execution, close_status, last))
}

fn outcome(
    execution: &WorkflowExecution,
    close_status: CloseStatus,
    last: HistoryEvent,
) -> Outcome {
    let mut o = Outcome {
        workflow_id: execution.workflow_id.clone(),
        run_id: execution.run_id.clone(),
        close_status,
        result: None,
        reason: None,
        details: None,
        timeout_type: None,
        new_run_id: None,
    };
    if let Some(a) = last.workflow_execution_completed_event_attributes {
        o.result = a.result;
    } else if let Some(a) = last.workflow_execution_failed_event_attributes {
        (o.reason, o.details) = (a.reason, a.details);
    } else if let Some(a) = last.workflow_execution_canceled_event_attributes {
        o.details = a.details;
    } else if let Some(a) = last.workflow_execution_terminated_event_attributes {
        (o.reason, o.details) = (a.reason, a.details);
        if o.reason.is_none() {
            o.reason = a.cause.map(|c| c.to_string());
        }
    } else if let Some(a) = last.workflow_execution_timed_out_event_attributes {
        o.timeout_type = Some(a.timeout_type.to_string());
    } else if let Some(a) = last.workflow_execution_continued_as_new_event_attributes {
        o.new_run_id = Some(a.new_execution_run_id);
    }
    o
}

/// Prints the outcome; the exit code says whether it completed.
fn report(o: &Outcome, format: Format) -> Result<ExitCode, CliError> {
    let completed = o.close_status == CloseStatus::Completed;
    match format {
        Format::Json => output::print_json(o)?,
        Format::Table if completed => {
            output::print(&format!("{}\n", o.result.as_deref().unwrap_or_default()))?
        }
        Format::Table => {}
    }
    if completed {
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!("swf: {}", failure_line(o));
    Ok(ExitCode::from(EXIT_NOT_COMPLETED))
}

/// `workflow order-1 (run 22…) failed: reason "card declined", details "…"`.
fn failure_line(o: &Outcome) -> String {
    let how = match o.close_status {
        CloseStatus::Failed => "failed".to_string(),
        CloseStatus::Canceled => "was canceled".to_string(),
        CloseStatus::Terminated => "was terminated".to_string(),
        CloseStatus::TimedOut => "timed out".to_string(),
        CloseStatus::ContinuedAsNew => "continued as new".to_string(),
        ref other => format!("closed as {other}"),
    };
    let mut line = format!("workflow {} (run {}) {how}", o.workflow_id, o.run_id);
    let mut parts = Vec::new();
    if let Some(r) = &o.reason {
        parts.push(format!("reason {r:?}"));
    }
    if let Some(d) = &o.details {
        parts.push(format!("details {d:?}"));
    }
    if let Some(t) = &o.timeout_type {
        parts.push(format!("timeout {t}"));
    }
    if let Some(r) = &o.new_run_id {
        parts.push(format!("new run {r}"));
    }
    if !parts.is_empty() {
        line.push_str(": ");
        line.push_str(&parts.join(", "));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use swf_core::types::WorkflowExecutionFailedEventAttributes;

    #[test]
    fn a_failure_reads_as_one_line() {
        let execution = WorkflowExecution {
            workflow_id: "order-1".into(),
            run_id: "r1".into(),
        };
        let event = HistoryEvent {
            workflow_execution_failed_event_attributes: Some(Box::new(
                WorkflowExecutionFailedEventAttributes {
                    reason: Some("card declined".into()),
                    details: Some("{\"code\":51}".into()),
                    ..Default::default()
                },
            )),
            ..Default::default()
        };
        let o = outcome(&execution, CloseStatus::Failed, event);
        assert_eq!(
            failure_line(&o),
            r#"workflow order-1 (run r1) failed: reason "card declined", details "{\"code\":51}""#
        );
    }
}
