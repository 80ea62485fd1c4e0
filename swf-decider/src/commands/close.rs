//! Closing the execution: complete, fail, cancel or continue as new.
//!
//! The workflow closes by returning: `Ok(output)` completes, an [`Exit`] other than `Pending`
//! fails, cancels or continues as new. The closing decision always goes last in the response, and
//! is sent again after SWF refuses it (`UNHANDLED_DECISION`, when events arrived during the
//! decision): the next run sees the new events and decides again, closing or not.

use std::time::Duration;

use serde::Serialize;
use swf_core::Timeout;
use swf_core::codec::Codec;
use swf_core::types::{
    CancelWorkflowExecutionDecisionAttributes, ChildPolicy,
    CompleteWorkflowExecutionDecisionAttributes, ContinueAsNewWorkflowExecutionDecisionAttributes,
    Decision, DecisionType, FailWorkflowExecutionDecisionAttributes, TaskList,
};

use super::{Command, CommandKey, seconds};
use crate::context::WorkflowContext;
use crate::error::DecideError;
use crate::limits;
use crate::workflow::{Exit, WorkflowError};

/// How to continue as new: the next run's encoded input and, optionally, settings that differ
/// from this run's.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct ContinueAsNew {
    /// The next run's encoded input.
    pub input: Option<String>,
    /// Its task list.
    pub task_list: Option<String>,
    /// Its execution start-to-close timeout.
    pub execution_start_to_close_timeout: Option<Duration>,
    /// Its decision task start-to-close timeout.
    pub task_start_to_close_timeout: Option<Timeout>,
    /// Its child policy.
    pub child_policy: Option<ChildPolicy>,
    /// Its tags.
    pub tags: Option<Vec<String>>,
    /// The workflow type version it runs as.
    pub workflow_type_version: Option<String>,
    /// Its task priority.
    pub task_priority: Option<i32>,
    /// Its Lambda role.
    pub lambda_role: Option<String>,
}

impl ContinueAsNew {
    /// Settings that keep everything as in this run; set only what changes.
    pub fn new() -> ContinueAsNew {
        ContinueAsNew::default()
    }

    /// Runs the next run on another task list.
    pub fn task_list(mut self, name: impl Into<String>) -> Self {
        self.task_list = Some(name.into());
        self
    }

    /// Runs the next run as another version of the workflow type.
    pub fn workflow_type_version(mut self, version: impl Into<String>) -> Self {
        self.workflow_type_version = Some(version.into());
        self
    }

    /// The next run's execution start-to-close timeout. A duration only: SWF takes no `NONE` for
    /// how long an execution may run.
    pub fn execution_start_to_close_timeout(mut self, timeout: Duration) -> Self {
        self.execution_start_to_close_timeout = Some(timeout);
        self
    }

    /// The next run's decision task start-to-close timeout: a [`Duration`] (whole seconds, rounded
    /// up) or [`Timeout::Unlimited`].
    pub fn task_start_to_close_timeout(mut self, timeout: impl Into<Timeout>) -> Self {
        self.task_start_to_close_timeout = Some(timeout.into());
        self
    }
}

impl<C: Codec> WorkflowContext<'_, C> {
    /// An exit that closes this run and starts a new one with `input` (encoded by the codec).
    /// `return Err(ctx.continue_as_new(&next))` keeps a long-lived workflow's history short.
    pub fn continue_as_new<T: Serialize>(&mut self, input: &T) -> Exit {
        self.continue_as_new_with(input, ContinueAsNew::new())
    }

    /// [`continue_as_new`](Self::continue_as_new) with settings that differ from this run's.
    pub fn continue_as_new_with<T: Serialize>(
        &mut self,
        input: &T,
        mut options: ContinueAsNew,
    ) -> Exit {
        match self.codec.encode(input) {
            Ok(input) => {
                options.input = input;
                Exit::ContinueAsNew(Box::new(options))
            }
            Err(e) => Exit::error(format!("cannot encode the input of the next run: {e}")),
        }
    }
}

/// The closing decision for how a run ended: `Ok` with the encoded output completes; `Pending`
/// closes nothing. `Exit::Error` is the caller's to handle before.
pub(crate) fn close_decision(
    outcome: Result<Option<String>, Exit>,
) -> Result<Option<Command>, DecideError> {
    let (kind, d) = match outcome {
        Ok(result) => {
            limits::check_payload(result.as_deref(), &|| "the workflow's result".to_owned())?;
            let d = Decision::from(CompleteWorkflowExecutionDecisionAttributes { result });
            (DecisionType::CompleteWorkflowExecution, d)
        }
        Err(Exit::Pending) => return Ok(None),
        Err(Exit::Fail(failure)) => {
            limits::check_payload(failure.details.as_deref(), &|| {
                "the failure details".to_owned()
            })?;
            let d = Decision::from(FailWorkflowExecutionDecisionAttributes {
                reason: Some(limits::truncate_reason(failure.reason)),
                details: failure.details,
            });
            (DecisionType::FailWorkflowExecution, d)
        }
        Err(Exit::Cancel { details }) => {
            limits::check_payload(details.as_deref(), &|| {
                "the cancellation details".to_owned()
            })?;
            let d = Decision::from(CancelWorkflowExecutionDecisionAttributes { details });
            (DecisionType::CancelWorkflowExecution, d)
        }
        Err(Exit::ContinueAsNew(c)) => {
            let c = *c;
            limits::check_payload(c.input.as_deref(), &|| {
                "the input of the next run".to_owned()
            })?;
            let d = Decision::from(ContinueAsNewWorkflowExecutionDecisionAttributes {
                child_policy: c.child_policy,
                execution_start_to_close_timeout: c.execution_start_to_close_timeout.map(seconds),
                input: c.input,
                lambda_role: c.lambda_role,
                tag_list: c.tags,
                task_list: c.task_list.map(|name| TaskList { name }),
                task_priority: c.task_priority.map(|p| p.to_string()),
                task_start_to_close_timeout: c.task_start_to_close_timeout.map(|t| t.to_string()),
                workflow_type_version: c.workflow_type_version,
            });
            (DecisionType::ContinueAsNewWorkflowExecution, d)
        }
        Err(Exit::Error(e)) => return Err(e.into()),
    };
    Ok(Some(Command {
        key: CommandKey::new(kind, ""),
        decision: d,
    }))
}

impl From<WorkflowError> for Exit {
    fn from(e: WorkflowError) -> Exit {
        Exit::Error(e)
    }
}
