//! Which run a bare workflow id means.
//!
//! `DescribeWorkflowExecution` and `GetWorkflowExecutionHistory` need a run id, but people and
//! programs think in workflow ids. A workflow id has at most one open run, so that is the one
//! meant; when none is open, the run that started last. (Signal, cancel and terminate need no
//! run id: SWF itself takes the open run when it is left out.)

use super::Client;
use crate::error::Error;
use crate::types::{
    ExecutionTimeFilter, ListClosedWorkflowExecutionsInput, ListOpenWorkflowExecutionsInput,
    Timestamp, WorkflowExecution, WorkflowExecutionFilter,
};

impl Client {
    /// The run workflow id `workflow_id` means in `domain`: its open run, else the run that
    /// started last, else `None` (no run has this workflow id).
    ///
    /// Two list calls at most, of one item each, looking back to the Unix epoch.
    ///
    /// ```no_run
    /// # async fn f(client: swf_core::Client) -> Result<(), swf_core::Error> {
    /// if let Some(run) = client.latest_run("shop", "order-1").await? {
    ///     println!("order-1 is run {}", run.run_id);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn latest_run(
        &self,
        domain: &str,
        workflow_id: &str,
    ) -> Result<Option<WorkflowExecution>, Error> {
        let execution_filter = Some(WorkflowExecutionFilter {
            workflow_id: workflow_id.to_owned(),
        });
        let since_epoch = ExecutionTimeFilter {
            oldest_date: Timestamp::from_millis(0),
            latest_date: None,
        };
        let open = self
            .list_open_workflow_executions(ListOpenWorkflowExecutionsInput {
                domain: domain.to_owned(),
                execution_filter: execution_filter.clone(),
                start_time_filter: since_epoch.clone(),
                maximum_page_size: Some(1),
                ..Default::default()
            })
            .await?;
        if let Some(info) = open.execution_infos.into_iter().next() {
            return Ok(Some(info.execution));
        }
        // Newest first is SWF's order for closed executions filtered by start time.
        let closed = self
            .list_closed_workflow_executions(ListClosedWorkflowExecutionsInput {
                domain: domain.to_owned(),
                execution_filter,
                start_time_filter: Some(since_epoch),
                maximum_page_size: Some(1),
                ..Default::default()
            })
            .await?;
        Ok(closed
            .execution_infos
            .into_iter()
            .next()
            .map(|i| i.execution))
    }
}
