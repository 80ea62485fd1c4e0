//! Waiting until an execution closes, and reading how it closed.
//!
//! SWF has no call that waits for an execution to close, so [`CloseWait`] polls:
//! `DescribeWorkflowExecution` until the status is `CLOSED`, then the last history event (one
//! event, newest first), which says how. The interval starts short, so that a test or a quick
//! workflow is not kept waiting, and doubles up to a ceiling, so that a long wait costs a call
//! every few seconds and no more. A run that continued as new is followed to its new run unless
//! told not to, because what a caller waits for is usually the workflow's result, not one run's.
//!
//! The wait has no deadline of its own: bound it with `tokio::time::timeout`. It is cancel-safe,
//! so after a timeout [`CloseWait::execution`] still names the run that was being waited on.

use std::time::Duration;

use super::{Client, Closing};
use crate::error::Error;
use crate::types::{
    CloseStatus, DescribeWorkflowExecutionInput, ExecutionStatus, GetWorkflowExecutionHistoryInput,
    HistoryEvent, WorkflowExecution,
};

/// The first interval between two checks.
const FIRST_INTERVAL: Duration = Duration::from_millis(50);
/// The longest interval between two checks, unless [`CloseWait::max_interval`] says otherwise.
const MAX_INTERVAL: Duration = Duration::from_secs(5);

/// A wait for an execution to close, from [`Client::wait_for_close`].
#[derive(Debug, Clone)]
pub struct CloseWait {
    client: Client,
    domain: String,
    execution: WorkflowExecution,
    follow_continue_as_new: bool,
    max_interval: Duration,
}

/// A run that closed, and how.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ClosedRun {
    /// The run.
    pub execution: WorkflowExecution,
    /// How it closed, as `DescribeWorkflowExecution` says.
    pub close_status: CloseStatus,
    /// Its last history event, the one that closed it (`WorkflowExecutionCompleted` and the like,
    /// with the result or the reason). `None` only if the service returned an empty history.
    pub closing_event: Option<HistoryEvent>,
}

impl ClosedRun {
    /// How it closed, read from its closing event; `None` only if the history was empty.
    pub fn closing(&self) -> Option<Closing<'_>> {
        self.closing_event.as_ref().map(Closing::of)
    }

    /// The run it continued as, when it continued as new.
    pub fn new_run_id(&self) -> Option<&str> {
        match self.closing()? {
            Closing::ContinuedAsNew(a) => Some(&a.new_execution_run_id),
            Closing::Completed(_)
            | Closing::Failed(_)
            | Closing::Canceled(_)
            | Closing::Terminated(_)
            | Closing::TimedOut(_)
            | Closing::Other(_) => None,
        }
    }
}

impl Client {
    /// A wait for `execution` of `domain` to close; [`CloseWait::closed`] waits.
    ///
    /// ```no_run
    /// # async fn f(client: swf_core::Client) -> Result<(), swf_core::Error> {
    /// use std::time::Duration;
    /// let Some(run) = client.latest_run("shop", "order-1").await? else { return Ok(()) };
    /// let mut wait = client.wait_for_close("shop", run);
    /// match tokio::time::timeout(Duration::from_secs(60), wait.closed()).await {
    ///     Ok(closed) => println!("closed: {:?}", closed?.close_status),
    ///     Err(_) => println!("run {} is still open", wait.execution().run_id),
    /// }
    /// # Ok(()) }
    /// ```
    pub fn wait_for_close(
        &self,
        domain: impl Into<String>,
        execution: WorkflowExecution,
    ) -> CloseWait {
        CloseWait {
            client: self.clone(),
            domain: domain.into(),
            execution,
            follow_continue_as_new: true,
            max_interval: MAX_INTERVAL,
        }
    }
}

impl CloseWait {
    /// Whether a run that continued as new is followed to its new run. Default: true.
    pub fn follow_continue_as_new(mut self, follow: bool) -> Self {
        self.follow_continue_as_new = follow;
        self
    }

    /// The longest interval between two checks. Default: 5 s. The first interval is 50 ms, and
    /// each one after it twice the one before.
    pub fn max_interval(mut self, interval: Duration) -> Self {
        self.max_interval = interval;
        self
    }

    /// The run waited on: the one given, or the last one continue-as-new led to.
    pub fn execution(&self) -> &WorkflowExecution {
        &self.execution
    }

    /// Waits until the run closes (and, when following, the run it continued as, and so on),
    /// and says how. Logs `open; waiting for it to close` at `INFO` the first time each run is
    /// seen open.
    pub async fn closed(&mut self) -> Result<ClosedRun, Error> {
        let mut interval = FIRST_INTERVAL;
        let mut seen_open = false;
        loop {
            let info = self
                .client
                .describe_workflow_execution(DescribeWorkflowExecutionInput {
                    domain: self.domain.clone(),
                    execution: self.execution.clone(),
                })
                .await?
                .execution_info;
            if info.execution_status == ExecutionStatus::Closed {
                let closed = ClosedRun {
                    execution: self.execution.clone(),
                    close_status: info.close_status.unwrap_or_default(),
                    closing_event: self.closing_event().await?,
                };
                match closed.new_run_id() {
                    Some(run_id) if self.follow_continue_as_new => {
                        self.execution.run_id = run_id.to_owned();
                        (interval, seen_open) = (FIRST_INTERVAL, false);
                        continue;
                    }
                    _ => return Ok(closed),
                }
            }
            if !seen_open {
                seen_open = true;
                // Tools show it (`swf execution wait` with `RUST_LOG=swf=info`), and tests wait
                // for it to know the execution was seen open.
                let e = &self.execution;
                tracing::info!(workflow_id = %e.workflow_id, run_id = %e.run_id, "open; waiting for it to close");
            }
            tokio::time::sleep(interval).await;
            interval = (interval * 2).min(self.max_interval);
        }
    }

    /// The last event of the run's history.
    async fn closing_event(&self) -> Result<Option<HistoryEvent>, Error> {
        let page = self
            .client
            .get_workflow_execution_history(GetWorkflowExecutionHistoryInput {
                domain: self.domain.clone(),
                execution: self.execution.clone(),
                reverse_order: Some(true),
                maximum_page_size: Some(1),
                ..Default::default()
            })
            .await?;
        Ok(page.events.into_iter().next())
    }
}
