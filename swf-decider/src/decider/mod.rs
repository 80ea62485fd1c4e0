//! The [`Decider`]: polls a task list for decision tasks and answers them with its workflows.
//!
//! # How a task is decided
//!
//! 1. A poller takes a task slot (at most `max_concurrent_tasks` tasks are decided at once), then
//!    long-polls `PollForDecisionTask`. Holding the slot first means the decider never takes a
//!    task it has no room to decide.
//! 2. Every page of the task's history is read at once
//!    ([`Client::poll_for_whole_decision_task`](swf_core::Client::poll_for_whole_decision_task),
//!    bounded by SWF's 25,000 events), before the page tokens expire. While the state cache holds
//!    any execution, the poll asks for `startAtPreviousStartedEvent`: SWF then sends only the
//!    events from the execution's previous `DecisionTaskStarted` on.
//! 3. The history is replayed through the workflow served for the task's type, on a blocking
//!    thread (a long replay is CPU work, not something to run between two polls on the runtime):
//!    folded, the latest completed task checked for non-determinism, the workflow run on the final
//!    state, the decisions planned within SWF's limits. When the state cache
//!    ([`DeciderBuilder::cache_capacity`]) kept the run's replay after its previous task, only the
//!    new events are folded; otherwise (a miss, another run, a task answered elsewhere in between,
//!    a gap or a contradiction: [`Fallback`]) the whole history is replayed, read first with
//!    `GetWorkflowExecutionHistory` when the task came with part of it. [`TaskReport`] says which.
//! 4. The decisions are sent with `RespondDecisionTaskCompleted`. With a sticky task list
//!    ([`DeciderBuilder::sticky_task_list`], opt-in), an answer that leaves the execution's state
//!    in the cache routes its next task to a list only this decider polls, for a few seconds
//!    (after which SWF puts it back on the shared list, where any decider takes it).
//!
//! Each task runs in a `decision_task` span with the workflow id, run id, type, number of events
//! and pages, whether it was decided from the cache, and the decisions made (or the error).
//!
//! # When a task cannot be decided
//!
//! Non-determinism and workflow errors follow [`OnError`]: by default the task is left unanswered,
//! so SWF times it out and schedules it again — after the code is fixed and redeployed, it
//! succeeds. With [`OnError::FailWorkflow`] the execution is failed instead, with the error as its
//! reason. A history that cannot be read or folded, and a workflow type nobody serves, always leave
//! the task.
//!
//! # Shutdown
//!
//! Polling, backoff and shutdown are swf-core's shared [`Runtime`] (feature `runtime`), the same
//! as an activity worker's. [`Decider::run`] runs until its `CancellationToken` is cancelled.
//! Then no new poll starts, polls in flight are kept until they end, and the tasks they bring and
//! the tasks being decided are finished and answered before `run` returns.
//!
//! Polls are kept because SWF does not notice a poll its caller gave up on: it goes on handing
//! tasks to that connection for the rest of its 60 s, and each such task is lost until its
//! start-to-close timeout. So `run` can take up to one long poll to return after the signal.
//!
//! A failed poll is retried after a jittered, growing wait (100 ms doubling up to 10 s). A poll
//! that no retry can fix (the domain does not exist, the credentials are refused) stops `run`
//! with a [`DeciderError`] once the tasks being decided are answered.

mod builder;
mod cache;
mod erased;
mod error;
mod registration;
mod sticky;
mod task;

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, OnceLock};

use swf_core::Client;
use swf_core::codec::{Codec, JsonCodec};
use swf_core::runtime::{Runtime, TaskSource};
use swf_core::types::{
    Decision, DecisionTask, PollForDecisionTaskInput, TaskList, WorkflowExecution, WorkflowType,
};
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

use crate::error::DecideError;
use crate::replayer::ReplayCheck;

pub use builder::DeciderBuilder;
pub(crate) use cache::Cached;
pub use cache::{DecidedFrom, Fallback};
use erased::ErasedWorkflow;
pub use error::DeciderError;

/// What to do with a decision task whose workflow contradicts its history or fails to decide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum OnError {
    /// Make no decision and leave the task to time out and be retried, presumably after a fix.
    #[default]
    LeaveTask,
    /// Fail the workflow execution, with the error as the reason.
    FailWorkflow,
}

/// Runs workflows: polls one task list of one domain and decides its decision tasks.
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
/// # async fn example() -> Result<(), Box<dyn std::error::Error>> {
/// use swf_decider::{Decider, shutdown_on_signals};
///
/// let client = swf_core::Client::from_env().await?;
/// let decider = Decider::builder(client)
///     .domain("shop")
///     .task_list("orders")
///     .workflow(Greet)
///     .register(true)
///     .build()?;
/// // Until SIGINT or SIGTERM; then the tasks being decided are answered first.
/// decider.run(shutdown_on_signals()).await?;
/// # Ok(()) }
/// ```
pub struct Decider<C: Codec = JsonCodec> {
    inner: Arc<Inner<C>>,
}

// Not derived: a derive would demand `C: Clone`, and only the `Arc` is cloned.
impl<C: Codec> Clone for Decider<C> {
    fn clone(&self) -> Self {
        Decider {
            inner: self.inner.clone(),
        }
    }
}

pub(crate) struct Inner<C> {
    pub(crate) client: Client,
    pub(crate) domain: String,
    pub(crate) task_list: String,
    pub(crate) identity: String,
    pub(crate) runtime: Runtime,
    pub(crate) register: bool,
    /// Kept as SWF's wire form, a decimal string.
    pub(crate) domain_retention_days: String,
    pub(crate) workflows: HashMap<(String, String), Arc<dyn ErasedWorkflow<C>>>,
    pub(crate) codec: C,
    pub(crate) on_error: OnError,
    pub(crate) check: ReplayCheck,
    pub(crate) maximum_page_size: Option<i32>,
    /// Each execution's replay after its last task, for the next task to go on from.
    pub(crate) cache: std::sync::Mutex<cache::StateCache>,
    /// This decider's own task list, when it routes executions' next tasks back to itself.
    pub(crate) sticky: Option<sticky::StickyList>,
    /// The token [`Decider::run`] was given: once it fires, answers stop routing to `sticky`.
    pub(crate) shutdown: OnceLock<CancellationToken>,
}

impl<C: Codec> fmt::Debug for Decider<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        let mut types: Vec<_> = i
            .workflows
            .keys()
            .map(|(n, v)| format!("{n}/{v}"))
            .collect();
        types.sort();
        f.debug_struct("Decider")
            .field("domain", &i.domain)
            .field("task_list", &i.task_list)
            .field("identity", &i.identity)
            .field("workflows", &types)
            .field("pollers", &i.runtime.pollers())
            .field("max_concurrent_tasks", &i.runtime.max_concurrent_tasks())
            .field("on_error", &i.on_error)
            .field("check", &i.check)
            .field("cached", &cache::lock(&i.cache).len())
            .field("sticky_task_list", &i.sticky.as_ref().map(|s| &s.name))
            .finish()
    }
}

/// What became of one decision task; returned by [`Decider::poll_once`].
#[derive(Debug)]
#[non_exhaustive]
pub struct TaskReport {
    /// The execution decided.
    pub execution: WorkflowExecution,
    /// Its workflow type.
    pub workflow_type: WorkflowType,
    /// How many history events were replayed.
    pub events: usize,
    /// How many pages they came in.
    pub pages: usize,
    /// Whether the execution's cached state was used or the whole history replayed, and why.
    pub decided_from: DecidedFrom,
    /// Whether the task came from this decider's sticky task list rather than the shared one.
    pub from_sticky_list: bool,
    /// Whether the answer routed the execution's next task to this decider's sticky task list.
    pub routed_to_sticky_list: bool,
    /// How many `GetWorkflowExecutionHistory` pages were read because the task came with part of
    /// its history and the cache could not be used; 0 otherwise.
    pub history_pages: usize,
    /// The decisions made, or why none could be.
    pub outcome: Result<Vec<Decision>, DecideError>,
    /// Whether `RespondDecisionTaskCompleted` was sent and accepted.
    pub responded: bool,
}

impl Decider<JsonCodec> {
    /// A builder for a decider that talks to SWF through `client`, with the JSON codec.
    pub fn builder(client: Client) -> DeciderBuilder<JsonCodec> {
        DeciderBuilder::new(client, JsonCodec)
    }
}

impl<C: Codec + Clone> Decider<C> {
    /// A builder for a decider whose workflows use `codec`.
    pub fn builder_with_codec(client: Client, codec: C) -> DeciderBuilder<C> {
        DeciderBuilder::new(client, codec)
    }
}

impl<C: Codec> Decider<C> {
    /// Registers the domain and every workflow type served, with its defaults (its task list
    /// defaulting to the decider's). What exists already is left as it is.
    ///
    /// [`run`](Decider::run) calls this first when the builder's `register(true)` asked for it;
    /// call it yourself to register without deciding, e.g. from a deployment step.
    pub async fn register(&self) -> Result<(), DeciderError> {
        let i = &self.inner;
        let mut types: Vec<_> = i
            .workflows
            .values()
            .map(|w| {
                let mut r = w.registration();
                r.task_list.get_or_insert_with(|| TaskList {
                    name: i.task_list.clone(),
                });
                (w.workflow_type(), r)
            })
            .collect();
        types.sort_by(|a, b| (&a.0.name, &a.0.version).cmp(&(&b.0.name, &b.0.version)));
        registration::register(&i.client, &i.domain, &i.domain_retention_days, &types)
            .await
            .map_err(|e| DeciderError::register("the domain and the workflow types", e))
    }

    /// Registers first when the builder asked for it, then polls and decides until `shutdown` is
    /// cancelled, and returns once every task taken has been decided and answered.
    ///
    /// Fails if registration fails, or if polling meets an error no retry can fix (an unknown
    /// domain, refused credentials); tasks being decided are still answered first.
    pub async fn run(self, shutdown: CancellationToken) -> Result<(), DeciderError> {
        if self.inner.register {
            self.register().await?;
        }
        let inner = self.inner;
        // A second `run` of a clone keeps the first token: both stop routing on the first.
        let _ = inner.shutdown.set(shutdown.clone());
        tracing::info!(
            domain = %inner.domain,
            task_list = %inner.task_list,
            sticky_task_list = inner.sticky.as_ref().map(|s| s.name.as_str()),
            identity = %inner.identity,
            pollers = inner.runtime.pollers(),
            max_concurrent_tasks = inner.runtime.max_concurrent_tasks(),
            "decider started"
        );
        let runtime = inner.runtime;
        // The pollers' spans are children of this one: their logs name the task list.
        let span = tracing::debug_span!("decider", task_list = %inner.task_list);
        let mut lists = vec![Arc::new(PolledList {
            inner: inner.clone(),
            sticky: false,
        })];
        if inner.sticky.is_some() {
            lists.push(Arc::new(PolledList {
                inner,
                sticky: true,
            }));
        }
        let result = runtime.run_each(&lists, &shutdown).instrument(span).await;
        tracing::info!("decider stopped");
        result.map_err(DeciderError::poll)
    }

    /// Polls once and, if a task comes, decides and answers it. For tests and tools that drive a
    /// decider step by step.
    ///
    /// `Ok(None)` when the poll ended empty. An error when the poll failed, and also when a task
    /// came whose history could not be read (its pages did not end within what 25,000 events
    /// fill; the error's kind is [`EndlessHistory`](swf_core::ErrorKind::EndlessHistory)): that
    /// task is left to time out, after which SWF schedules it again. [`run`](Decider::run) logs
    /// such a task and goes on polling instead.
    pub async fn poll_once(&self) -> Result<Option<TaskReport>, swf_core::Error> {
        self.poll_once_on(false).await
    }

    /// [`poll_once`](Decider::poll_once) on this decider's sticky task list; `Ok(None)` at once
    /// when it has none.
    pub async fn poll_sticky_once(&self) -> Result<Option<TaskReport>, swf_core::Error> {
        if self.inner.sticky.is_none() {
            return Ok(None);
        }
        self.poll_once_on(true).await
    }

    /// The name of this decider's sticky task list, if it has one:
    /// `<task list>-sticky-<16 hex digits>`, new for each decider built.
    pub fn sticky_task_list(&self) -> Option<&str> {
        self.inner.sticky.as_ref().map(|s| s.name.as_str())
    }

    /// One poll of the shared list, or of the sticky one, and the task it brings decided.
    async fn poll_once_on(&self, sticky: bool) -> Result<Option<TaskReport>, swf_core::Error> {
        match self.inner.poll_whole(sticky).await? {
            None => Ok(None),
            Some((task, pages)) => Ok(Some(
                task::decide(self.inner.clone(), task, pages, sticky).await,
            )),
        }
    }
}

impl<C: Codec> Inner<C> {
    /// One poll of the shared decision task list, or of the sticky one, with the task's whole
    /// history.
    async fn poll_whole(
        &self,
        sticky: bool,
    ) -> Result<Option<(DecisionTask, usize)>, swf_core::Error> {
        let name = match (&self.sticky, sticky) {
            (Some(list), true) => list.name.clone(),
            _ => self.task_list.clone(),
        };
        let input = PollForDecisionTaskInput {
            domain: self.domain.clone(),
            task_list: TaskList { name },
            identity: Some(self.identity.clone()),
            maximum_page_size: self.maximum_page_size,
            // Only the events since the previous task, which the cache holds the rest of; a task
            // whose execution is not cached reads its whole history (`task.rs`). Always on the
            // sticky list, whose tasks are those of executions this decider kept (the cache may
            // look empty while their entries are out being decided).
            start_at_previous_started_event: (sticky || cache::lock(&self.cache).len() > 0)
                .then_some(true),
            ..Default::default()
        };
        let whole = self.client.poll_for_whole_decision_task(input).await?;
        Ok(whole.map(|w| (w.task, w.pages)))
    }

    /// Whether [`Decider::run`]'s shutdown token has fired.
    pub(crate) fn stopping(&self) -> bool {
        self.shutdown.get().is_some_and(|t| t.is_cancelled())
    }
}

/// One of the task lists a running decider polls: the shared one, or its sticky one.
struct PolledList<C> {
    inner: Arc<Inner<C>>,
    sticky: bool,
}

/// What the shared runtime polls for a decider: a decision task list, each task with its whole
/// history.
impl<C: Codec> TaskSource for PolledList<C> {
    /// The task, and the number of history pages it came in.
    type Task = (DecisionTask, usize);

    async fn poll(&self) -> Result<Option<(DecisionTask, usize)>, swf_core::Error> {
        match self.inner.poll_whole(self.sticky).await {
            // Not the poller's fault: the task is left to time out, and the next poll goes on.
            Err(e) if matches!(e.kind(), swf_core::ErrorKind::EndlessHistory { .. }) => {
                tracing::error!(error = %e, "leaving a decision task whose history could not be read");
                Ok(None)
            }
            polled => polled,
        }
    }

    async fn run(self: Arc<Self>, (task, pages): (DecisionTask, usize)) {
        task::decide(self.inner.clone(), task, pages, self.sticky).await;
    }
}
