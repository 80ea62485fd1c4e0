//! `swf execution wait`: block until an execution closes, then report how.
//!
//! The waiting is [`Client::wait_for_close`]'s: `DescribeWorkflowExecution` at growing intervals
//! until the run closes, then its last history event for the result or the failure. A run that
//! continued as new is followed to its new run unless `--no-follow`, because what a caller waits
//! for is the workflow's result, not one run's. `--timeout` bounds the wait, resolving the
//! workflow id included.

use std::process::ExitCode;
use std::time::Duration;

use serde::Serialize;
use swf_core::types::{CloseStatus, WorkflowExecution};
use swf_core::{Client, Closing};
use tokio::time::Instant;

use crate::args::{DomainArg, ExecutionArgs};
use crate::error::{CliError, EXIT_NOT_COMPLETED};
use crate::output::{self, Format};
use crate::resolve;

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
    let execution = resolve::execution(client, domain, &args.execution).await?;
    let mut wait = client
        .wait_for_close(domain, execution)
        .follow_continue_as_new(!args.no_follow);
    let closed = match deadline {
        None => wait.closed().await?,
        Some(deadline) => match tokio::time::timeout_at(deadline, wait.closed()).await {
            Ok(closed) => closed?,
            Err(_) => {
                let WorkflowExecution {
                    workflow_id,
                    run_id,
                } = wait.execution().clone();
                let waited = crate::duration::format(args.timeout.unwrap_or_default());
                return Err(CliError::StillOpen {
                    workflow_id,
                    run_id,
                    waited,
                });
            }
        },
    };
    report(
        &outcome(
            &closed.execution,
            closed.close_status.clone(),
            closed.closing(),
        ),
        format,
    )
}

fn outcome(
    execution: &WorkflowExecution,
    close_status: CloseStatus,
    closing: Option<Closing<'_>>,
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
    match closing {
        Some(Closing::Completed(a)) => o.result = a.result.clone(),
        Some(Closing::Failed(a)) => (o.reason, o.details) = (a.reason.clone(), a.details.clone()),
        Some(Closing::Canceled(a)) => o.details = a.details.clone(),
        Some(Closing::Terminated(a)) => {
            let cause = a.cause.as_ref().map(|c| c.to_string());
            (o.reason, o.details) = (a.reason.clone().or(cause), a.details.clone());
        }
        Some(Closing::TimedOut(a)) => o.timeout_type = Some(a.timeout_type.to_string()),
        Some(Closing::ContinuedAsNew(a)) => o.new_run_id = Some(a.new_execution_run_id.clone()),
        // Nothing to add to the close status.
        Some(Closing::Other(_)) | None => {}
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
    use swf_core::types::{HistoryEvent, Timestamp, WorkflowExecutionFailedEventAttributes};

    #[test]
    fn a_failure_reads_as_one_line() {
        let execution = WorkflowExecution {
            workflow_id: "order-1".into(),
            run_id: "r1".into(),
        };
        let failed = WorkflowExecutionFailedEventAttributes {
            reason: Some("card declined".into()),
            details: Some("{\"code\":51}".into()),
            ..Default::default()
        };
        let event = HistoryEvent::new(9, Timestamp::default(), failed.into());
        let o = outcome(&execution, CloseStatus::Failed, Some(Closing::of(&event)));
        assert_eq!(
            failure_line(&o),
            r#"workflow order-1 (run r1) failed: reason "card declined", details "{\"code\":51}""#
        );
    }
}
