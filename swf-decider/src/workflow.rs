//! The [`Workflow`] trait: what a user implements, and what a run of it returns.
//!
//! # The programming model
//!
//! A workflow is one synchronous, deterministic method, [`Workflow::run`], that the decider calls
//! on every decision task with the execution's replayed state. It reads what happened through the
//! [`WorkflowContext`] and asks for what should happen next (schedule `charge`, start a timer, …).
//! Asking is idempotent by id: asking for activity `charge` when the history already shows it
//! scheduled emits nothing, so `run` reads like straight-line code that re-runs from the top on
//! every task, returning early with [`Exit::Pending`] (usually through `?`) where it has to wait.
//!
//! `run` does no I/O and reads no clock: the state holds everything it may read, including the
//! time ([`WorkflowContext::now`], the timestamp of the decision task's start). Anything else
//! (randomness, configuration that changes, the wall clock) would make two runs over the same
//! history decide differently, which the decider reports as non-determinism.
//!
//! Reads that change between tasks — a signal arriving, a cancellation request — are fine as long
//! as the path they select is taken for good: once `approve` has arrived, every later run must
//! still see that it did. A branch that could be undone by a later event should ask which came
//! first in the history ([`WorkflowContext::first_of`], which compares event ids) or record its
//! choice in a marker.

use std::fmt;

use serde::Serialize;
use serde::de::DeserializeOwned;
use swf_core::codec::{Codec, JsonCodec};
use swf_core::types::{ChildPolicy, TaskList, WorkflowType};

use crate::WorkflowContext;
use crate::commands::ContinueAsNew;

/// A workflow type and the code that decides its executions.
///
/// `C` is the codec of inputs, results and details, shared with the activities; it defaults to
/// [`JsonCodec`], so `impl Workflow for MyWorkflow` is the usual form.
///
/// ```
/// use std::time::Duration;
/// use swf_decider::{ActivityOptions, Workflow, WorkflowContext, WorkflowResult};
///
/// struct Greet;
///
/// impl Workflow for Greet {
///     const NAME: &'static str = "greet";
///     const VERSION: &'static str = "1";
///     type Input = String;
///     type Output = String;
///
///     fn run(&self, ctx: &mut WorkflowContext<'_>, name: String) -> WorkflowResult<String> {
///         // Scheduled on the first task; on later tasks, the same call finds it in the history.
///         let hello: String = ctx.activity("hello", &ActivityOptions::new("hello", "1"), &name).result()?;
///         ctx.timer("pause", Duration::from_secs(5)).wait()?;
///         Ok(format!("{hello}!"))
///     }
/// }
/// ```
pub trait Workflow<C: Codec = JsonCodec>: Send + Sync + 'static {
    /// The workflow type's name.
    const NAME: &'static str;
    /// The workflow type's version.
    const VERSION: &'static str;
    /// The execution's input, decoded with `C` from the `WorkflowExecutionStarted` event.
    type Input: DeserializeOwned;
    /// The result it completes with, encoded with `C`.
    type Output: Serialize;

    /// Looks at the replayed state and says what to do now.
    ///
    /// Return `Ok(output)` to complete the execution, or an [`Exit`]: [`Exit::Pending`] to wait
    /// for more events (after asking for whatever can start now), or a closing exit.
    fn run(
        &self,
        ctx: &mut WorkflowContext<'_, C>,
        input: Self::Input,
    ) -> WorkflowResult<Self::Output>;

    /// The defaults registered with the type (`RegisterWorkflowType`), used when an execution is
    /// started without them. Default: nothing set.
    fn registration() -> Registration {
        Registration::default()
    }
}

/// The workflow type of `W`.
pub fn workflow_type<W: Workflow<C>, C: Codec>() -> WorkflowType {
    WorkflowType {
        name: W::NAME.to_owned(),
        version: W::VERSION.to_owned(),
    }
}

/// What a run of a workflow returns: its output, or why it stopped before it.
pub type WorkflowResult<T> = Result<T, Exit>;

/// Why a run stopped before producing the workflow's output.
///
/// `Pending` is the common case and is what handles return through `?` while they wait. The
/// others close the execution, except `Error`, which makes no decision at all.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Exit {
    /// Nothing more can be done until more events arrive: send what was asked for so far.
    Pending,
    /// Fail the execution (`FailWorkflowExecution`).
    Fail(Failure),
    /// Cancel the execution (`CancelWorkflowExecution`), normally after a cancel request.
    Cancel {
        /// Details recorded with the cancellation.
        details: Option<String>,
    },
    /// Close this run and start a new one (`ContinueAsNewWorkflowExecution`). Build it with
    /// [`WorkflowContext::continue_as_new`].
    ContinueAsNew(Box<ContinueAsNew>),
    /// The workflow's code or data is wrong (a result that does not decode, an invariant broken):
    /// make no decision and let the decider's error policy apply, by default leaving the decision
    /// task to be retried once the code is fixed.
    Error(WorkflowError),
}

impl Exit {
    /// Fail the execution with `reason` (cut to SWF's 256 characters) and encoded `details`.
    pub fn fail(reason: impl Into<String>, details: Option<String>) -> Exit {
        Exit::Fail(Failure {
            reason: reason.into(),
            details,
        })
    }

    /// Cancel the execution.
    pub fn cancel() -> Exit {
        Exit::Cancel { details: None }
    }

    /// Stop with a workflow error.
    pub fn error(message: impl Into<String>) -> Exit {
        Exit::Error(WorkflowError::new(message))
    }
}

/// How to fail an execution.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Failure {
    /// A short reason (at most 256 characters are sent).
    pub reason: String,
    /// Encoded details (at most 32,768 characters).
    pub details: Option<String>,
}

/// A fault in a workflow's code or data, found while deciding: a value that could not be encoded
/// or decoded, a payload over SWF's limits, a bad id, a panic, or an [`Exit::Error`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkflowError {
    message: String,
}

impl WorkflowError {
    /// An error with this explanation.
    pub fn new(message: impl Into<String>) -> WorkflowError {
        WorkflowError {
            message: message.into(),
        }
    }

    /// The explanation.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for WorkflowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for WorkflowError {}

/// The defaults registered with a workflow type. Each is used when a start (or a child start, or a
/// continue-as-new) does not give its own.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct Registration {
    /// The task list decision tasks go to.
    pub task_list: Option<TaskList>,
    /// The longest an execution may run.
    pub execution_start_to_close_timeout: Option<std::time::Duration>,
    /// The longest a decision task may take.
    pub task_start_to_close_timeout: Option<swf_core::Timeout>,
    /// What happens to children when the execution closes. `None` registers `TERMINATE`, so that
    /// a start that names none does not fail with `DefaultUndefinedFault`.
    pub child_policy: Option<ChildPolicy>,
    /// The type's description.
    pub description: Option<String>,
    /// The default task priority.
    pub task_priority: Option<i32>,
    /// The IAM role for Lambda functions.
    pub lambda_role: Option<String>,
}

impl Registration {
    /// No defaults of its own. The decider still registers two: its own task list, and the child
    /// policy `TERMINATE` (see [`child_policy`](Registration::child_policy)). The two timeouts
    /// have none: set them here, or give them at each start.
    pub fn new() -> Registration {
        Registration::default()
    }

    /// Sets the default task list.
    pub fn task_list(mut self, name: impl Into<String>) -> Registration {
        self.task_list = Some(TaskList { name: name.into() });
        self
    }

    /// Sets the default execution start-to-close timeout.
    pub fn execution_start_to_close_timeout(
        mut self,
        timeout: std::time::Duration,
    ) -> Registration {
        self.execution_start_to_close_timeout = Some(timeout);
        self
    }

    /// Sets the default decision task start-to-close timeout: a [`Duration`](std::time::Duration)
    /// (whole seconds, rounded up) or [`Timeout::Unlimited`](swf_core::Timeout::Unlimited).
    pub fn task_start_to_close_timeout(
        mut self,
        timeout: impl Into<swf_core::Timeout>,
    ) -> Registration {
        self.task_start_to_close_timeout = Some(timeout.into());
        self
    }

    /// Sets the default child policy: what happens to the execution's children when it closes.
    /// Default: `TERMINATE`, registered when none is set, since SWF refuses to start an execution
    /// that has no child policy from its start or its type.
    pub fn child_policy(mut self, policy: ChildPolicy) -> Registration {
        self.child_policy = Some(policy);
        self
    }

    /// Sets the description.
    pub fn description(mut self, description: impl Into<String>) -> Registration {
        self.description = Some(description.into());
        self
    }

    /// Sets the default task priority.
    pub fn task_priority(mut self, priority: i32) -> Registration {
        self.task_priority = Some(priority);
        self
    }

    /// Sets the default Lambda role.
    pub fn lambda_role(mut self, role: impl Into<String>) -> Registration {
        self.lambda_role = Some(role.into());
        self
    }
}
