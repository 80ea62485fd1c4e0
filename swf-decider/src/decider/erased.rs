//! The workflows a decider serves, with their types erased behind one object-safe trait,
//! [`ErasedWorkflow`], so one decider can serve many workflow types.

use swf_core::codec::Codec;
use swf_core::types::{Decision, HistoryEvent, WorkflowExecution, WorkflowType};

use crate::error::DecideError;
use crate::replayer::{ReplayCheck, Replayer};
use crate::workflow::{Registration, Workflow, workflow_type};

/// A [`Workflow`] with its types erased.
pub(crate) trait ErasedWorkflow<C>: Send + Sync {
    fn workflow_type(&self) -> WorkflowType;
    fn registration(&self) -> Registration;
    fn decide(
        &self,
        codec: &C,
        execution: &WorkflowExecution,
        events: Vec<HistoryEvent>,
        check: ReplayCheck,
    ) -> Result<Vec<Decision>, DecideError>;
}

/// A served workflow, seen through [`ErasedWorkflow`].
pub(crate) struct Erased<W>(pub(crate) W);

impl<W: Workflow<C>, C: Codec> ErasedWorkflow<C> for Erased<W> {
    fn workflow_type(&self) -> WorkflowType {
        workflow_type::<W, C>()
    }

    fn registration(&self) -> Registration {
        W::registration()
    }

    fn decide(
        &self,
        codec: &C,
        execution: &WorkflowExecution,
        events: Vec<HistoryEvent>,
        check: ReplayCheck,
    ) -> Result<Vec<Decision>, DecideError> {
        let replayer = Replayer {
            workflow: &self.0,
            codec,
            execution,
        };
        let replayed = replayer.replay(events, check, false)?;
        Ok(replayed.decisions.into_iter().map(|c| c.decision).collect())
    }
}
