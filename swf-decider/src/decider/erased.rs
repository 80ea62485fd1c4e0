//! The workflows a decider serves, with their types erased behind one object-safe trait,
//! [`ErasedWorkflow`], so one decider can serve many workflow types.

use swf_core::codec::Codec;
use swf_core::types::{Decision, HistoryEvent, WorkflowExecution, WorkflowType};

use crate::error::DecideError;
use crate::replayer::{ReplayCheck, Replayer, Resume, last_event};
use crate::workflow::{Registration, Workflow, workflow_type};

/// A [`Workflow`] with its types erased.
pub(crate) trait ErasedWorkflow<C>: Send + Sync {
    fn workflow_type(&self) -> WorkflowType;
    fn registration(&self) -> Registration;
    /// The decisions for a task, from the whole history or from a kept replay and the events
    /// after it, and what to keep for the run's next task.
    fn decide(
        &self,
        codec: &C,
        execution: &WorkflowExecution,
        from: Start,
        check: ReplayCheck,
    ) -> Result<(Vec<Decision>, Resume), DecideError>;
}

/// Where a decision's replay starts.
#[derive(Debug)]
pub(crate) enum Start {
    /// From the first event of the whole history.
    Full(Vec<HistoryEvent>),
    /// From a kept replay, with the events that followed it.
    Resume(Box<Resume>, Vec<HistoryEvent>),
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
        from: Start,
        check: ReplayCheck,
    ) -> Result<(Vec<Decision>, Resume), DecideError> {
        let replayer = Replayer {
            workflow: &self.0,
            codec,
            execution,
        };
        let (commands, resume) = match from {
            Start::Full(events) => {
                let last = last_event(&events);
                let replayed = replayer.replay(events, check, false)?;
                let resume = Resume::after(replayed.state, last, check, &replayed.decisions);
                (replayed.decisions, resume)
            }
            Start::Resume(resume, events) => replayer.resume(*resume, events, check)?,
        };
        Ok((commands.into_iter().map(|c| c.decision).collect(), resume))
    }
}
