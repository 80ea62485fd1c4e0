//! SWF's quota on open executions: "Maximum open workflow executions – 100,000 per domain. This
//! count includes child workflow executions." (the Amazon SWF Developer Guide's "Amazon SWF
//! Quotas" page). Past it, `StartWorkflowExecution` gets `LimitExceededFault` and a
//! `StartChildWorkflowExecution` decision fails with `OPEN_WORKFLOWS_LIMIT_EXCEEDED`. A
//! continue-as-new closes one run as it opens the next, so it never crosses the limit.

use crate::engine::state::DomainState;
use crate::error::{Fault, FaultKind};

/// SWF's documented maximum of open executions in one domain.
pub(crate) const MAX_OPEN_EXECUTIONS_PER_DOMAIN: usize = 100_000;

impl DomainState {
    /// Whether the domain has as many open executions as it may have.
    pub(crate) fn open_executions_full(&self) -> bool {
        self.open_runs.len() >= self.max_open_executions
    }

    /// Refuses a new execution when the domain is full.
    pub(crate) fn check_open_executions(&self) -> Result<(), Fault> {
        if self.open_executions_full() {
            return Err(Fault::new(
                FaultKind::LimitExceeded,
                format!(
                    "Domain '{}' already has {} open workflow executions, the most it may have",
                    self.name,
                    self.open_runs.len()
                ),
            ));
        }
        Ok(())
    }
}
