//! [`WorkflowClient`]: start, signal, cancel, terminate and await executions, typed.

use std::fmt;
use std::marker::PhantomData;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;
use swf_core::codec::{Codec, CodecError, JsonCodec};
use swf_core::types::{
    ChildPolicy, GetWorkflowExecutionHistoryInput, HistoryEvent,
    RequestCancelWorkflowExecutionInput, SignalWorkflowExecutionInput, StartWorkflowExecutionInput,
    TaskList, TerminateWorkflowExecutionInput, WorkflowExecution,
};
use swf_core::{Client, Closing, Timeout};

use crate::commands::seconds;
use crate::testing::save_history_file;
use crate::workflow::{Workflow, workflow_type};

/// Starts and follows workflow executions of one domain, encoding and decoding with the
/// workflows' codec.
///
/// ```no_run
/// # use swf_decider::{Workflow, WorkflowContext, WorkflowResult};
/// # struct Greet;
/// # impl Workflow for Greet {
/// #     const NAME: &'static str = "greet";
/// #     const VERSION: &'static str = "1";
/// #     type Input = String;
/// #     type Output = String;
/// #     fn run(&self, _: &mut WorkflowContext<'_>, name: String) -> WorkflowResult<String> { Ok(name) }
/// # }
/// # async fn example(client: swf_core::Client) -> Result<(), swf_decider::ClientError> {
/// use swf_decider::{StartOptions, WorkflowClient};
///
/// let workflows = WorkflowClient::new(client, "shop");
/// let run = workflows.start::<Greet>("greet-ada", &"Ada".to_owned(), &StartOptions::new()).await?;
/// run.signal("hurry", &()).await?;
/// let greeting: String = run.result().await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct WorkflowClient<C = JsonCodec> {
    client: Client,
    domain: String,
    codec: C,
}

/// How to start an execution; unset values fall back to the type's registered defaults.
///
/// Checked as SWF checks them when [`WorkflowClient::start`] sends them, before anything is sent:
/// a value out of bounds fails the start with [`ClientError::Swf`], its kind
/// [`InvalidInput`](swf_core::ErrorKind::InvalidInput) naming the field (`tagList`, …).
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct StartOptions {
    /// The task list for its decision tasks.
    pub task_list: Option<String>,
    /// The longest it may run.
    pub execution_start_to_close_timeout: Option<Duration>,
    /// The longest a decision task may take.
    pub task_start_to_close_timeout: Option<Timeout>,
    /// What happens to its children when it closes.
    pub child_policy: Option<ChildPolicy>,
    /// Tags: at most [`TAG_LIST_MAX_ITEMS`](swf_core::limits::TAG_LIST_MAX_ITEMS) (5), each at
    /// most [`TAG_MAX_CHARS`](swf_core::limits::TAG_MAX_CHARS) (256) characters.
    pub tags: Option<Vec<String>>,
    /// The priority of its decision tasks: higher is sooner. SWF takes any 32-bit integer.
    pub task_priority: Option<i32>,
}

impl StartOptions {
    /// Everything from the type's registered defaults.
    pub fn new() -> StartOptions {
        StartOptions::default()
    }

    /// Sets the task list.
    pub fn task_list(mut self, name: impl Into<String>) -> Self {
        self.task_list = Some(name.into());
        self
    }

    /// Sets the execution start-to-close timeout.
    pub fn execution_start_to_close_timeout(mut self, timeout: Duration) -> Self {
        self.execution_start_to_close_timeout = Some(timeout);
        self
    }

    /// Sets the decision task start-to-close timeout: a [`Duration`] (whole seconds, rounded up)
    /// or [`Timeout::Unlimited`].
    pub fn task_start_to_close_timeout(mut self, timeout: impl Into<Timeout>) -> Self {
        self.task_start_to_close_timeout = Some(timeout.into());
        self
    }

    /// Sets the child policy.
    pub fn child_policy(mut self, policy: ChildPolicy) -> Self {
        self.child_policy = Some(policy);
        self
    }

    /// Sets the tags, by which `ListOpenWorkflowExecutions` and `ListClosedWorkflowExecutions`
    /// can filter: at most [`TAG_LIST_MAX_ITEMS`](swf_core::limits::TAG_LIST_MAX_ITEMS) (5), each
    /// at most [`TAG_MAX_CHARS`](swf_core::limits::TAG_MAX_CHARS) (256) characters; more fail the
    /// start, naming `tagList`.
    pub fn tags(mut self, tags: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.tags = Some(tags.into_iter().map(Into::into).collect());
        self
    }

    /// Sets the priority of its decision tasks, over the type's registered default: higher is
    /// sooner. SWF takes any 32-bit integer (sent as text, as SWF's API spells it).
    pub fn task_priority(mut self, priority: i32) -> Self {
        self.task_priority = Some(priority);
        self
    }
}

/// An error of the workflow client.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ClientError {
    /// The call to SWF failed.
    #[error(transparent)]
    Swf(#[from] swf_core::Error),
    /// A value could not be encoded or decoded.
    #[error("codec: {0}")]
    Codec(#[from] CodecError),
    /// The history could not be written to a file.
    #[error("cannot write the history to {}: {source}", path.display())]
    SaveHistory {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// No execution has this workflow id.
    #[error("no execution with workflow id `{workflow_id}`")]
    NoSuchExecution {
        /// The workflow id.
        workflow_id: String,
    },
    /// The execution closed without completing.
    #[error("workflow execution `{workflow_id}` did not complete: {outcome}")]
    NotCompleted {
        /// The execution's workflow id.
        workflow_id: String,
        /// How it closed.
        outcome: WorkflowOutcome<()>,
    },
}

/// How an execution closed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WorkflowOutcome<O> {
    /// Completed with this result.
    Completed(O),
    /// Failed.
    Failed {
        /// The reason.
        reason: Option<String>,
        /// The details.
        details: Option<String>,
    },
    /// Canceled.
    Canceled {
        /// The details.
        details: Option<String>,
    },
    /// Terminated.
    Terminated {
        /// The reason.
        reason: Option<String>,
    },
    /// Timed out.
    TimedOut,
    /// Continued as new (only when continue-as-new is not followed).
    ContinuedAsNew {
        /// The new run's id.
        new_run_id: String,
    },
}

impl<O> fmt::Display for WorkflowOutcome<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WorkflowOutcome::Completed(_) => f.write_str("completed"),
            WorkflowOutcome::Failed { reason, .. } => {
                write!(f, "failed: {}", reason.as_deref().unwrap_or("no reason"))
            }
            WorkflowOutcome::Canceled { .. } => f.write_str("canceled"),
            WorkflowOutcome::Terminated { reason } => write!(
                f,
                "terminated: {}",
                reason.as_deref().unwrap_or("no reason")
            ),
            WorkflowOutcome::TimedOut => f.write_str("timed out"),
            WorkflowOutcome::ContinuedAsNew { new_run_id } => {
                write!(f, "continued as new run {new_run_id}")
            }
        }
    }
}

impl WorkflowClient<JsonCodec> {
    /// A client for executions of `domain`, with the JSON codec.
    pub fn new(client: Client, domain: impl Into<String>) -> WorkflowClient<JsonCodec> {
        WorkflowClient {
            client,
            domain: domain.into(),
            codec: JsonCodec,
        }
    }
}

impl<C: Codec + Clone> WorkflowClient<C> {
    /// A client for executions of `domain`, with `codec`.
    pub fn with_codec(client: Client, domain: impl Into<String>, codec: C) -> WorkflowClient<C> {
        WorkflowClient {
            client,
            domain: domain.into(),
            codec,
        }
    }

    /// Starts an execution of `W` with id `workflow_id` and `input`.
    pub async fn start<W>(
        &self,
        workflow_id: &str,
        input: &W::Input,
        options: &StartOptions,
    ) -> Result<WorkflowHandle<W::Output, C>, ClientError>
    where
        W: Workflow<C>,
        W::Input: Serialize,
        W::Output: DeserializeOwned,
    {
        let o = options;
        let run = self
            .client
            .start_workflow_execution(StartWorkflowExecutionInput {
                domain: self.domain.clone(),
                workflow_id: workflow_id.to_owned(),
                workflow_type: workflow_type::<W, C>(),
                input: self.codec.encode(input)?,
                task_list: o
                    .task_list
                    .as_ref()
                    .map(|name| TaskList { name: name.clone() }),
                execution_start_to_close_timeout: o.execution_start_to_close_timeout.map(seconds),
                task_start_to_close_timeout: o.task_start_to_close_timeout.map(|t| t.to_string()),
                child_policy: o.child_policy.clone(),
                tag_list: o.tags.clone(),
                task_priority: o.task_priority.map(|p| p.to_string()),
                lambda_role: None,
            })
            .await?;
        Ok(self.handle(workflow_id, run.run_id))
    }

    /// A handle on execution `workflow_id` (its current run, or `run_id`), whose result is `O`.
    pub fn handle<O: DeserializeOwned>(
        &self,
        workflow_id: &str,
        run_id: Option<String>,
    ) -> WorkflowHandle<O, C> {
        WorkflowHandle {
            client: self.clone(),
            workflow_id: workflow_id.to_owned(),
            run_id,
            follow_continue_as_new: true,
            output: PhantomData,
        }
    }
}

/// One execution: signal it, cancel or terminate it, await how it closes.
#[derive(Debug, Clone)]
pub struct WorkflowHandle<O, C = JsonCodec> {
    client: WorkflowClient<C>,
    workflow_id: String,
    run_id: Option<String>,
    follow_continue_as_new: bool,
    output: PhantomData<fn() -> O>,
}

impl<O: DeserializeOwned, C: Codec + Clone> WorkflowHandle<O, C> {
    /// The workflow id.
    pub fn workflow_id(&self) -> &str {
        &self.workflow_id
    }

    /// The run id, when known.
    pub fn run_id(&self) -> Option<&str> {
        self.run_id.as_deref()
    }

    /// Whether awaiting follows continue-as-new to the last run. Default: true.
    pub fn follow_continue_as_new(mut self, follow: bool) -> Self {
        self.follow_continue_as_new = follow;
        self
    }

    /// Sends signal `name` with `input`.
    pub async fn signal<T: Serialize>(&self, name: &str, input: &T) -> Result<(), ClientError> {
        let c = &self.client;
        c.client
            .signal_workflow_execution(SignalWorkflowExecutionInput {
                domain: c.domain.clone(),
                workflow_id: self.workflow_id.clone(),
                run_id: self.run_id.clone(),
                signal_name: name.to_owned(),
                input: c.codec.encode(input)?,
            })
            .await?;
        Ok(())
    }

    /// Asks the execution to cancel; its workflow decides what that means.
    pub async fn request_cancel(&self) -> Result<(), ClientError> {
        let c = &self.client;
        c.client
            .request_cancel_workflow_execution(RequestCancelWorkflowExecutionInput {
                domain: c.domain.clone(),
                workflow_id: self.workflow_id.clone(),
                run_id: self.run_id.clone(),
            })
            .await?;
        Ok(())
    }

    /// Terminates the execution at once.
    pub async fn terminate(&self, reason: Option<&str>) -> Result<(), ClientError> {
        let c = &self.client;
        c.client
            .terminate_workflow_execution(TerminateWorkflowExecutionInput {
                domain: c.domain.clone(),
                workflow_id: self.workflow_id.clone(),
                run_id: self.run_id.clone(),
                reason: reason.map(str::to_owned),
                ..Default::default()
            })
            .await?;
        Ok(())
    }

    /// The run this handle is on: its workflow id and run id. A handle made without a run id
    /// asks SWF for the latest run of its workflow id (one call, the same each time until a new
    /// run starts); a handle from [`WorkflowClient::start`] knows it already, and makes no call.
    pub async fn execution(&self) -> Result<WorkflowExecution, ClientError> {
        if let Some(run_id) = &self.run_id {
            return Ok(WorkflowExecution {
                workflow_id: self.workflow_id.clone(),
                run_id: run_id.clone(),
            });
        }
        let c = &self.client;
        c.client
            .latest_run(&c.domain, &self.workflow_id)
            .await?
            .ok_or_else(|| ClientError::NoSuchExecution {
                workflow_id: self.workflow_id.clone(),
            })
    }

    /// The run's whole history so far, every page
    /// ([`Client::get_whole_workflow_execution_history`], which gives up with
    /// [`ErrorKind::EndlessHistory`](swf_core::ErrorKind::EndlessHistory) if the pages do not end
    /// within what 25,000 events fill), oldest event first: what
    /// [`Replay::run`](crate::testing::Replay::run) takes. The run is
    /// [`execution`](Self::execution)'s; continue-as-new is not followed, since each run has its
    /// own history.
    pub async fn history(&self) -> Result<Vec<HistoryEvent>, ClientError> {
        let c = &self.client;
        let input = GetWorkflowExecutionHistoryInput {
            domain: c.domain.clone(),
            execution: self.execution().await?,
            ..Default::default()
        };
        let whole = c.client.get_whole_workflow_execution_history(input).await?;
        Ok(whole.events)
    }

    /// Saves the run's whole [`history`](Self::history) to `path` as a replay fixture: one
    /// `{"events": [...]}` page, as `GetWorkflowExecutionHistory` spells it, which
    /// [`load_history_file`](crate::testing::load_history_file) reads back. Typically called once
    /// the run closed, to pin its behaviour in a replay test.
    ///
    /// ```no_run
    /// # async fn example(run: swf_decider::WorkflowHandle<String>) -> Result<(), Box<dyn std::error::Error>> {
    /// run.result().await?;
    /// run.save_history("tests/histories/greet.json").await?;
    /// // Later, in a test:
    /// let events = swf_decider::testing::load_history_file("tests/histories/greet.json")?;
    /// # Ok(()) }
    /// ```
    pub async fn save_history(&self, path: impl AsRef<Path>) -> Result<(), ClientError> {
        let path = path.as_ref();
        let events = self.history().await?;
        save_history_file(path, &events).map_err(|source| ClientError::SaveHistory {
            path: path.to_owned(),
            source,
        })
    }

    /// Waits until the execution closes (following continue-as-new unless told not to) and says
    /// how. Checks with `DescribeWorkflowExecution` every 50 ms at first, backing off to 1 s
    /// ([`Client::wait_for_close`]).
    pub async fn outcome(&self) -> Result<WorkflowOutcome<O>, ClientError> {
        let c = &self.client;
        let execution = self.execution().await?;
        let closed = c
            .client
            .wait_for_close(c.domain.clone(), execution)
            .follow_continue_as_new(self.follow_continue_as_new)
            .max_interval(Duration::from_secs(1))
            .closed()
            .await?;
        self.closing_outcome(closed.closing())
    }

    /// Waits for the result: `Ok` when the execution completed, [`ClientError::NotCompleted`]
    /// when it closed any other way.
    pub async fn result(&self) -> Result<O, ClientError> {
        match self.outcome().await? {
            WorkflowOutcome::Completed(output) => Ok(output),
            other => Err(ClientError::NotCompleted {
                workflow_id: self.workflow_id.clone(),
                outcome: without_output(other),
            }),
        }
    }

    /// How a closed run closed, from its last history event.
    fn closing_outcome(
        &self,
        closing: Option<Closing<'_>>,
    ) -> Result<WorkflowOutcome<O>, ClientError> {
        let Some(closing) = closing else {
            return Err(CodecError::new("the closed execution has an empty history").into());
        };
        Ok(match closing {
            Closing::Completed(a) => {
                WorkflowOutcome::Completed(self.client.codec.decode(a.result.as_deref())?)
            }
            Closing::Failed(a) => WorkflowOutcome::Failed {
                reason: a.reason.clone(),
                details: a.details.clone(),
            },
            Closing::Canceled(a) => WorkflowOutcome::Canceled {
                details: a.details.clone(),
            },
            Closing::Terminated(a) => WorkflowOutcome::Terminated {
                reason: a.reason.clone(),
            },
            Closing::ContinuedAsNew(a) => WorkflowOutcome::ContinuedAsNew {
                new_run_id: a.new_execution_run_id.clone(),
            },
            // A closed run's last event is one of the six above; any other (from a service
            // newer than this version) says nothing to decode, so it reads as timed out.
            Closing::TimedOut(_) | Closing::Other(_) => WorkflowOutcome::TimedOut,
        })
    }
}

fn without_output<O>(outcome: WorkflowOutcome<O>) -> WorkflowOutcome<()> {
    match outcome {
        WorkflowOutcome::Completed(_) => WorkflowOutcome::Completed(()),
        WorkflowOutcome::Failed { reason, details } => WorkflowOutcome::Failed { reason, details },
        WorkflowOutcome::Canceled { details } => WorkflowOutcome::Canceled { details },
        WorkflowOutcome::Terminated { reason } => WorkflowOutcome::Terminated { reason },
        WorkflowOutcome::TimedOut => WorkflowOutcome::TimedOut,
        WorkflowOutcome::ContinuedAsNew { new_run_id } => {
            WorkflowOutcome::ContinuedAsNew { new_run_id }
        }
    }
}
