//! [`DeciderBuilder`]: the settings of a [`Decider`], with their defaults.

use std::collections::HashMap;
use std::fmt;
use std::num::NonZeroUsize;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use swf_core::Client;
use swf_core::codec::Codec;
use swf_core::runtime::Runtime;

use super::cache::StateCache;
use super::erased::{Erased, ErasedWorkflow};
use super::error::DeciderError;
use super::sticky::{DEFAULT_SCHEDULE_TO_START, StickyList};
use super::{Decider, Inner, OnError};
use crate::replayer::ReplayCheck;
use crate::workflow::Workflow;

/// The default of [`DeciderBuilder::cache_capacity`].
const DEFAULT_CACHE_CAPACITY: usize = 1_000;

/// The default of [`DeciderBuilder::cache_max_events`].
const DEFAULT_CACHE_MAX_EVENTS: usize = 1_000_000;

/// Builds a [`Decider`]. Methods take `&mut self` and return it, so settings chain or apply one
/// by one; each documents its default. Domain, task list and at least one workflow are required;
/// a setting out of its range is refused by [`build`](Self::build), never clamped.
#[must_use = "a builder does nothing until `build` is called"]
pub struct DeciderBuilder<C> {
    client: Client,
    codec: C,
    domain: Option<String>,
    task_list: Option<String>,
    identity: Option<String>,
    pollers: usize,
    max_concurrent_tasks: usize,
    register: bool,
    domain_retention_days: u32,
    workflows: Vec<Arc<dyn ErasedWorkflow<C>>>,
    on_error: OnError,
    check: ReplayCheck,
    maximum_page_size: Option<i32>,
    cache_capacity: usize,
    cache_max_events: usize,
    sticky: bool,
    sticky_schedule_to_start: Duration,
}

impl<C> fmt::Debug for DeciderBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeciderBuilder")
            .field("client", &self.client.config().endpoint())
            .field("domain", &self.domain)
            .field("task_list", &self.task_list)
            .field("identity", &self.identity)
            .field("workflows", &self.workflows.len())
            .field("pollers", &self.pollers)
            .field("max_concurrent_tasks", &self.max_concurrent_tasks)
            .field("register", &self.register)
            .field("domain_retention_days", &self.domain_retention_days)
            .field("on_error", &self.on_error)
            .field("replay_check", &self.check)
            .field("maximum_page_size", &self.maximum_page_size)
            .field("cache_capacity", &self.cache_capacity)
            .field("cache_max_events", &self.cache_max_events)
            .field("sticky_task_list", &self.sticky)
            .field("sticky_schedule_to_start", &self.sticky_schedule_to_start)
            .finish_non_exhaustive()
    }
}

impl<C: Codec + Clone> DeciderBuilder<C> {
    pub(crate) fn new(client: Client, codec: C) -> DeciderBuilder<C> {
        DeciderBuilder {
            client,
            codec,
            domain: None,
            task_list: None,
            identity: None,
            pollers: 2,
            max_concurrent_tasks: 100,
            register: false,
            domain_retention_days: 1,
            workflows: Vec::new(),
            on_error: OnError::default(),
            check: ReplayCheck::default(),
            maximum_page_size: None,
            cache_capacity: DEFAULT_CACHE_CAPACITY,
            cache_max_events: DEFAULT_CACHE_MAX_EVENTS,
            sticky: false,
            sticky_schedule_to_start: DEFAULT_SCHEDULE_TO_START,
        }
    }

    /// A builder from the command-line arguments every worker and decider binary shares (feature
    /// `cli`, on by default): client, domain, task list, identity, pollers, concurrency and registration.
    #[cfg(feature = "cli")]
    pub async fn from_args(
        args: &swf_core::args::TaskListArgs,
        codec: C,
    ) -> Result<DeciderBuilder<C>, DeciderError> {
        let client = args.client().await.map_err(DeciderError::client)?;
        let mut b = DeciderBuilder::new(client, codec);
        b.domain(&args.domain)
            .task_list(&args.task_list)
            .identity(args.identity())
            .pollers(args.pollers)
            .max_concurrent_tasks(args.max_concurrent_tasks)
            .register(args.register);
        Ok(b)
    }

    /// The domain. Required.
    pub fn domain(&mut self, domain: impl Into<String>) -> &mut Self {
        self.domain = Some(domain.into());
        self
    }

    /// The task list to poll. Required.
    pub fn task_list(&mut self, task_list: impl Into<String>) -> &mut Self {
        self.task_list = Some(task_list.into());
        self
    }

    /// The identity recorded in `DecisionTaskStarted` events. Default: `hostname:pid`.
    pub fn identity(&mut self, identity: impl Into<String>) -> &mut Self {
        self.identity = Some(identity.into());
        self
    }

    /// Serves `workflow` for its type. Two workflows of the same type are refused by
    /// [`build`](Self::build).
    pub fn workflow<W: Workflow<C>>(&mut self, workflow: W) -> &mut Self {
        self.workflows.push(Arc::new(Erased(workflow)));
        self
    }

    /// How many long polls to keep in flight on each task list polled (each only while a task
    /// slot is free), at least 1: a sticky decider ([`sticky_task_list`](Self::sticky_task_list))
    /// polls two lists, so twice as many. Default: 2.
    pub fn pollers(&mut self, pollers: usize) -> &mut Self {
        self.pollers = pollers;
        self
    }

    /// How many decision tasks may be decided at once, at least 1. Default: 100.
    pub fn max_concurrent_tasks(&mut self, max: usize) -> &mut Self {
        self.max_concurrent_tasks = max;
        self
    }

    /// Whether [`Decider::run`] registers the domain and the workflow types first. Default: false.
    pub fn register(&mut self, register: bool) -> &mut Self {
        self.register = register;
        self
    }

    /// How many days closed executions are kept, if the domain is registered. Default: 1.
    /// (The same name as the worker's setting.)
    pub fn domain_retention_days(&mut self, days: u32) -> &mut Self {
        self.domain_retention_days = days;
        self
    }

    /// What to do when a workflow contradicts its history or fails to decide. Default:
    /// [`OnError::LeaveTask`].
    pub fn on_error(&mut self, on_error: OnError) -> &mut Self {
        self.on_error = on_error;
        self
    }

    /// Which completed tasks are replayed and compared with what they recorded. Default:
    /// [`ReplayCheck::LastTask`].
    pub fn replay_check(&mut self, check: ReplayCheck) -> &mut Self {
        self.check = check;
        self
    }

    /// The page size of decision task histories, 1 to 1,000. Default: SWF's, 1,000.
    pub fn maximum_page_size(&mut self, size: i32) -> &mut Self {
        self.maximum_page_size = Some(size);
        self
    }

    /// How many executions' replayed states to keep between their decision tasks, the least
    /// recently used evicted first; 0 keeps none. Default: 1,000.
    ///
    /// With a state kept, the next task of the same run folds only its new events, and while any
    /// state is kept the decider polls with `startAtPreviousStartedEvent`, so SWF sends only the
    /// events since the previous task. A task the cache cannot serve (a miss, another run, a task
    /// answered elsewhere in between) is replayed in full, its whole history read first when it
    /// came with part of it. [`TaskReport::decided_from`](super::TaskReport) says which.
    pub fn cache_capacity(&mut self, executions: usize) -> &mut Self {
        self.cache_capacity = executions;
        self
    }

    /// How many history events the cached states may have been folded from, in all: the bound
    /// on the cache's memory, which grows with the histories. The least recently used states go
    /// first; a state from more events than this is not kept. Default: 1,000,000 (40 histories
    /// of SWF's 25,000 events).
    pub fn cache_max_events(&mut self, events: usize) -> &mut Self {
        self.cache_max_events = events;
        self
    }

    /// Whether the decider routes each execution it keeps in its cache back to itself (SWF's
    /// decider affinity). Default: false.
    ///
    /// With several deciders on one task list, an execution's tasks otherwise go to whichever
    /// polls first, and most miss the cache. A sticky decider also polls a list of its own
    /// ([`Decider::sticky_task_list`]) and answers each task whose state it keeps with
    /// `RespondDecisionTaskCompleted`'s `taskList` set to that list, for
    /// [`sticky_schedule_to_start`](Self::sticky_schedule_to_start). If the next task is not
    /// started in that time (the decider was killed or has stopped), or not completed within its
    /// start-to-close timeout, SWF records the timeout and puts the task back on the shared list,
    /// where any decider replays the whole history. A decider stopping (its `run` token fired)
    /// sends the executions it answers from then on back to the shared list; but one it routed to
    /// itself before, whose next task comes after it exits (an activity was still running), waits
    /// out the timeout as with a killed decider: SWF has no call to move it back
    /// (`examples/tests/graceful_shutdown_under_load` counts these timeouts).
    ///
    /// Off by default because it has costs a single decider process does not need to pay: each
    /// fallback is a `DecisionTaskTimedOut` in the history (and in CloudWatch's metrics) and a
    /// wait of up to the timeout; and IAM policies that limit `swf:taskList.name` must allow the
    /// sticky lists (`<task list>-sticky-*`). Needs the cache (`cache_capacity` above 0).
    pub fn sticky_task_list(&mut self, sticky: bool) -> &mut Self {
        self.sticky = sticky;
        self
    }

    /// How long an execution's next task waits on this decider's sticky task list before SWF
    /// puts it back on the shared list: `taskListScheduleToStartTimeout`, whole seconds, at least
    /// 1. Default: 5 s.
    pub fn sticky_schedule_to_start(&mut self, timeout: Duration) -> &mut Self {
        self.sticky_schedule_to_start = timeout;
        self
    }

    /// The decider, or what is missing, conflicting or out of range.
    pub fn build(&self) -> Result<Decider<C>, DeciderError> {
        let missing = |what: &str| DeciderError::config(format!("a decider needs {what}"));
        let domain = self.domain.clone().ok_or_else(|| missing("a domain"))?;
        let task_list = self
            .task_list
            .clone()
            .ok_or_else(|| missing("a task list"))?;
        if self.workflows.is_empty() {
            return Err(missing("at least one workflow"));
        }
        let mut workflows = HashMap::new();
        for w in &self.workflows {
            let t = w.workflow_type();
            if workflows
                .insert((t.name.clone(), t.version.clone()), w.clone())
                .is_some()
            {
                return Err(DeciderError::config(format!(
                    "two workflows serve type `{}` version `{}`",
                    t.name, t.version
                )));
            }
        }
        let at_least_one =
            || DeciderError::config("pollers and max_concurrent_tasks must be at least 1");
        let pollers = NonZeroUsize::new(self.pollers).ok_or_else(at_least_one)?;
        let max_concurrent_tasks =
            NonZeroUsize::new(self.max_concurrent_tasks).ok_or_else(at_least_one)?;
        if let Some(size) = self.maximum_page_size
            && !(1..=swf_core::limits::PAGE_SIZE_MAX).contains(&i64::from(size))
        {
            return Err(DeciderError::config(format!(
                "maximum_page_size must be from 1 to 1000, not {size}"
            )));
        }
        let sticky = match (self.sticky, self.cache_capacity) {
            (false, _) => None,
            (true, 0) => {
                return Err(DeciderError::config(
                    "a sticky task list needs the state cache: cache_capacity is 0",
                ));
            }
            (true, _) => Some(StickyList::new(&task_list, self.sticky_schedule_to_start)?),
        };
        Ok(Decider {
            inner: Arc::new(Inner {
                client: self.client.clone(),
                domain,
                task_list,
                identity: self
                    .identity
                    .clone()
                    .unwrap_or_else(swf_core::identity::default_identity),
                runtime: Runtime::new(pollers, max_concurrent_tasks),
                register: self.register,
                domain_retention_days: self.domain_retention_days.to_string(),
                workflows,
                codec: self.codec.clone(),
                on_error: self.on_error,
                check: self.check,
                maximum_page_size: self.maximum_page_size,
                cache: std::sync::Mutex::new(StateCache::new(
                    self.cache_capacity,
                    self.cache_max_events,
                )),
                sticky,
                shutdown: OnceLock::new(),
            }),
        })
    }
}
