//! [`DecideError`]: why a decision task could not be decided.

use crate::nondeterminism::NonDeterminism;
use crate::state::HistoryError;
use crate::workflow::WorkflowError;

/// Why a decision task could not be decided. The decider then makes no decision and applies its
/// error policy ([`OnError`](crate::OnError)); a replay test fails with it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum DecideError {
    /// The history cannot be folded (a lost page, a hand-made history with a mistake).
    #[error(transparent)]
    History(#[from] HistoryError),
    /// The workflow's commands contradict the history.
    #[error(transparent)]
    NonDeterminism(#[from] NonDeterminism),
    /// A fault in the workflow's code or data.
    #[error("workflow error: {0}")]
    Workflow(#[from] WorkflowError),
    /// No workflow is served for the task's workflow type.
    #[error("no workflow is served for type `{name}` version `{version}`")]
    UnknownWorkflowType {
        /// The type's name.
        name: String,
        /// The type's version.
        version: String,
    },
    /// The task came with part of its history (from its previous `DecisionTaskStarted` on) and
    /// the whole history, needed for a full replay, could not be read.
    #[error("cannot read the whole history of a task that came with part of it: {0}")]
    HistoryRead(String),
}

impl DecideError {
    /// The non-determinism, if that is what this is.
    pub fn as_nondeterminism(&self) -> Option<&NonDeterminism> {
        match self {
            DecideError::NonDeterminism(n) => Some(n),
            _ => None,
        }
    }
}
