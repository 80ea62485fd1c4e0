//! Visibility: listing, counting and describing executions, and counting pending tasks.
//!
//! Filters are checked as SWF checks them: exactly one of the time filters for closed
//! executions, and at most one of the execution, type, tag and close status filters.

use super::history::page_size;
use super::listing::keyset_page;
use super::state::{DomainState, Execution};
use super::tokens::TaskKind;
use crate::error::Fault;
use swf_core::types::*;

/// The filters of a visibility request, whichever operation it came with.
#[derive(Debug, Default)]
pub(crate) struct Filters {
    pub(crate) open: bool,
    pub(crate) start_time: Option<ExecutionTimeFilter>,
    pub(crate) close_time: Option<ExecutionTimeFilter>,
    pub(crate) execution: Option<WorkflowExecutionFilter>,
    pub(crate) type_filter: Option<WorkflowTypeFilter>,
    pub(crate) tag: Option<TagFilter>,
    pub(crate) close_status: Option<CloseStatusFilter>,
}

impl Filters {
    fn check(&self) -> Result<(), Fault> {
        let exclusive = [
            self.execution.is_some(),
            self.type_filter.is_some(),
            self.tag.is_some(),
            self.close_status.is_some(),
        ];
        if exclusive.iter().filter(|set| **set).count() > 1 {
            return Err(Fault::validation(
                "executionFilter, typeFilter, tagFilter and closeStatusFilter are mutually exclusive: you can specify at most one of these in a request",
            ));
        }
        if !self.open {
            match (&self.start_time, &self.close_time) {
                (Some(_), Some(_)) => {
                    return Err(Fault::validation(
                        "startTimeFilter and closeTimeFilter are mutually exclusive: you must specify one of these in a request but not both",
                    ));
                }
                (None, None) => {
                    return Err(Fault::validation(
                        "Either startTimeFilter or closeTimeFilter must be specified",
                    ));
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn matches(&self, e: &Execution) -> bool {
        let in_range = |f: &ExecutionTimeFilter, ms: i64| {
            ms >= f.oldest_date.as_millis() && f.latest_date.is_none_or(|l| ms <= l.as_millis())
        };
        if e.is_open() != self.open {
            return false;
        }
        if let Some(f) = &self.start_time
            && !in_range(f, e.start_ms)
        {
            return false;
        }
        if let Some(f) = &self.close_time
            && !e.close_ms.is_some_and(|ms| in_range(f, ms))
        {
            return false;
        }
        if let Some(f) = &self.execution
            && e.execution.workflow_id != f.workflow_id
        {
            return false;
        }
        if let Some(f) = &self.type_filter
            && (e.workflow_type.name != f.name
                || f.version
                    .as_ref()
                    .is_some_and(|v| &e.workflow_type.version != v))
        {
            return false;
        }
        if let Some(f) = &self.tag
            && !e.tag_list.contains(&f.tag)
        {
            return false;
        }
        if let Some(f) = &self.close_status
            && e.close_status.as_ref() != Some(&f.status)
        {
            return false;
        }
        true
    }

    /// The filters as text, which a listing's page tokens are bound to.
    fn fingerprint(&self) -> String {
        serde_json::json!([
            self.start_time,
            self.close_time,
            self.execution,
            self.type_filter,
            self.tag,
            self.close_status,
        ])
        .to_string()
    }

    /// The sort key: the time the listing is filtered on, then the run id for a total order.
    fn key(&self, e: &Execution) -> String {
        let ms = match (&self.close_time, e.close_ms) {
            (Some(_), Some(close)) => close,
            _ => e.start_ms,
        };
        format!("{ms:020}:{:020}", e.start_seq)
    }
}

impl DomainState {
    fn matching(&self, f: &Filters) -> Result<Vec<(String, &Execution)>, Fault> {
        f.check()?;
        let mut items: Vec<(String, &Execution)> = self
            .runs
            .values()
            .filter(|e| f.matches(e))
            .map(|e| (f.key(e), e))
            .collect();
        items.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(items)
    }

    /// `ListOpenWorkflowExecutions` and `ListClosedWorkflowExecutions`: newest first unless
    /// `reverse` asks for oldest first.
    pub(crate) fn list_executions(
        &self,
        f: &Filters,
        token: Option<&str>,
        size: Option<i32>,
        reverse: bool,
    ) -> Result<WorkflowExecutionInfos, Fault> {
        let items = self
            .matching(f)?
            .into_iter()
            .map(|(k, e)| (k, e.info()))
            .collect();
        let tag = if f.open { "open" } else { "closed" };
        let filters = f.fingerprint();
        let (execution_infos, next_page_token) = keyset_page(
            tag,
            &[self.name.as_ref(), filters.as_str()],
            items,
            token,
            page_size(size),
            !reverse,
            self.now,
        )?;
        Ok(WorkflowExecutionInfos {
            execution_infos,
            next_page_token,
        })
    }

    /// `CountOpenWorkflowExecutions` and `CountClosedWorkflowExecutions`.
    pub(crate) fn count_executions(&self, f: &Filters) -> Result<WorkflowExecutionCount, Fault> {
        let count = self.matching(f)?.len();
        Ok(WorkflowExecutionCount {
            count: count as i32,
            truncated: Some(false),
        })
    }

    /// `DescribeWorkflowExecution`.
    pub(crate) fn describe_execution(
        &self,
        execution: &WorkflowExecution,
    ) -> Result<WorkflowExecutionDetail, Fault> {
        let e = self
            .runs
            .get(execution.run_id.as_str())
            .filter(|e| e.execution.workflow_id == execution.workflow_id)
            .ok_or_else(|| {
                Fault::unknown(format!(
                    "Unknown execution: WorkflowExecution=[workflowId={}, runId={}]",
                    execution.workflow_id, execution.run_id
                ))
            })?;
        let open_decision = e.decision.scheduled_id.is_some() || e.decision.started_id.is_some();
        Ok(WorkflowExecutionDetail {
            execution_configuration: e.config.clone(),
            execution_info: e.info(),
            latest_activity_task_timestamp: e.latest_activity_ms.map(Timestamp::from_millis),
            latest_execution_context: e.latest_execution_context.clone(),
            open_counts: WorkflowExecutionOpenCounts {
                open_activity_tasks: e.activities.len() as i32,
                open_child_workflow_executions: e.children.len() as i32,
                open_decision_tasks: i32::from(open_decision),
                open_lambda_functions: Some(0),
                open_timers: e.timers.len() as i32,
            },
        })
    }

    /// `CountPendingDecisionTasks` and `CountPendingActivityTasks`: tasks waiting on a task list.
    pub(crate) fn count_pending(&self, kind: TaskKind, task_list: &str) -> PendingTaskCount {
        let count = self
            .queues
            .get(&(kind, task_list.to_owned()))
            .map(|q| q.iter().filter(|t| self.is_waiting(kind, t)).count())
            .unwrap_or(0);
        PendingTaskCount {
            count: count as i32,
            truncated: Some(false),
        }
    }
}
