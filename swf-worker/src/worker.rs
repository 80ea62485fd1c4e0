//! [`Worker`] and its [`WorkerBuilder`]: the settings, and the run loop that ties pollers, tasks
//! and shutdown together.
//!
//! Polling, running tasks and shutdown are the shared [`Runtime`]'s (swf-core, feature
//! `runtime`): the shutdown token tells the pollers to start no new poll, the tasks already
//! running are waited for, including those that polls in flight bring in after the signal. A
//! grace period starts with the signal; when it ends, a second token, the parent of every task's
//! cancellation token, fires, and [`Worker::run`] keeps waiting until every task has been
//! answered.

use std::fmt;
use std::num::NonZeroUsize;
use std::sync::Arc;
use std::time::Duration;

use swf_core::codec::{Codec, JsonCodec};
use swf_core::runtime::Runtime;
use swf_core::{ActivityDeclaration, Client};
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

use crate::activity::{Activity, Erased, ErasedActivity};
use crate::dispatch::Activities;
use crate::effective_timeout::{EffectiveTimeouts, HeartbeatTimeoutSource};
use crate::error::{self, WorkerError};
use crate::heartbeat_schedule::{HeartbeatPolicy, describe_all};
use crate::metrics::{Counters, WorkerMetrics};
use crate::registration;

/// What the pollers and tasks of a worker share.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) client: Client,
    pub(crate) domain: String,
    pub(crate) task_list: String,
    pub(crate) identity: String,
    pub(crate) activities: Activities,
    pub(crate) counters: Arc<Counters>,
    pub(crate) heartbeat: HeartbeatPolicy,
    /// Where tasks learn their heartbeat timeouts, and what histories have told.
    pub(crate) effective_timeouts: EffectiveTimeouts,
    /// The worker-wide limit on heartbeat and answer requests in flight.
    pub(crate) requests: Semaphore,
    /// The parent of every task's cancellation token; fired when the grace period ends.
    pub(crate) tasks_cancel: CancellationToken,
}

#[cfg(test)]
impl Shared {
    /// A worker's shared state for unit tests: no activities, a client for a closed port.
    pub(crate) async fn for_tests() -> Shared {
        let client = Client::local_builder("http://127.0.0.1:9")
            .build()
            .await
            .unwrap();
        Shared {
            client,
            domain: "d".into(),
            task_list: "tl".into(),
            identity: "me".into(),
            activities: Activities::new(&[]).unwrap(),
            counters: Arc::default(),
            heartbeat: HeartbeatPolicy {
                ratio: 0.8,
                fallback: Duration::from_secs(30),
            },
            effective_timeouts: EffectiveTimeouts::new(HeartbeatTimeoutSource::default()),
            requests: Semaphore::new(200),
            tasks_cancel: CancellationToken::new(),
        }
    }
}

/// An activity worker for one task list; see the [crate docs](crate) for what it does.
///
/// Built with [`Worker::builder`], run with [`Worker::run`].
#[derive(Debug)]
pub struct Worker {
    shared: Arc<Shared>,
    runtime: Runtime,
    /// Whether `run` registers first.
    register: bool,
    domain_retention_days: u32,
}

impl Worker {
    /// A builder for a worker that talks to SWF through `client`, every other setting at its
    /// default. (A decider takes its client the same way: `Decider::builder(client)`.)
    ///
    /// ```
    /// # async fn example() -> Result<(), Box<dyn std::error::Error>> {
    /// use std::time::Duration;
    /// use swf_worker::{
    ///     Activity, ActivityContext, ActivityDeclaration, ActivityError, CancellationToken, Worker,
    /// };
    ///
    /// struct Double;
    ///
    /// impl ActivityDeclaration for Double {
    ///     const NAME: &'static str = "Double";
    ///     const VERSION: &'static str = "1";
    ///     type Input = u64;
    ///     type Output = u64;
    /// }
    ///
    /// impl Activity for Double {
    ///     async fn run(&self, _: &ActivityContext, n: u64) -> Result<u64, ActivityError> {
    ///         Ok(2 * n)
    ///     }
    /// }
    ///
    /// let client = swf_core::Client::local_builder("http://127.0.0.1:5000").build().await?;
    /// let worker = Worker::builder(client)
    ///     .domain("demo")
    ///     .task_list("math")
    ///     .activity(Double)
    ///     .pollers(4)
    ///     .max_concurrent_tasks(500)
    ///     .shutdown_grace_period(Duration::from_secs(10))
    ///     .build()?;
    /// assert_eq!(worker.metrics().snapshot().tasks_started, 0);
    ///
    /// // Stop at once: nothing is polled, nothing runs.
    /// let shutdown = CancellationToken::new();
    /// shutdown.cancel();
    /// worker.run(shutdown).await?;
    /// # Ok(())
    /// # }
    /// # tokio::runtime::Runtime::new().unwrap().block_on(example()).unwrap();
    /// ```
    pub fn builder(client: Client) -> WorkerBuilder {
        WorkerBuilder::new(client)
    }

    /// A handle on the worker's counters, valid for as long as it is kept.
    pub fn metrics(&self) -> WorkerMetrics {
        WorkerMetrics::new(self.shared.counters.clone())
    }

    /// Registers the domain and every activity type served, with its
    /// [`registration`](Activity::registration) (its task list defaulting to the worker's), and
    /// returns without polling. A domain or type that exists already is left as it is.
    ///
    /// [`run`](Worker::run) calls this first when the builder's
    /// [`register(true)`](WorkerBuilder::register) asked for it; call it yourself to register
    /// without running, e.g. from a deployment step, or before starting workflows that schedule
    /// the types. Deciders have the same call for workflow types (`Decider::register`).
    ///
    /// Idempotent: calling it again, or from several workers, succeeds. Fails, naming the type
    /// and what to do, when SWF does not know the domain (a deprecated domain), when a type is
    /// deprecated, or when a type is registered already with other defaults (timeouts, task
    /// list, priority) than its `registration` gives: SWF cannot change a registered type, so
    /// the tasks would run under the old defaults.
    ///
    /// ```no_run
    /// # use swf_worker::{Activity, ActivityContext, ActivityDeclaration, ActivityError, Worker};
    /// # struct Greet;
    /// # impl ActivityDeclaration for Greet {
    /// #     const NAME: &'static str = "Greet";
    /// #     const VERSION: &'static str = "1";
    /// #     type Input = String;
    /// #     type Output = String;
    /// # }
    /// #
    /// # impl Activity for Greet {
    /// #     async fn run(&self, _: &ActivityContext, n: String) -> Result<String, ActivityError> {
    /// #         Ok(n)
    /// #     }
    /// # }
    /// # async fn example(client: swf_core::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// let worker = Worker::builder(client)
    ///     .domain("shop")
    ///     .task_list("greetings")
    ///     .activity(Greet)
    ///     .build()?;
    /// worker.register().await?;
    /// // Workflows may schedule `Greet` from now on, whether or not the worker runs yet.
    /// # Ok(())
    /// # }
    /// ```
    pub async fn register(&self) -> Result<(), WorkerError> {
        let shared = &self.shared;
        registration::register(
            &shared.client,
            &shared.domain,
            self.domain_retention_days,
            &shared.task_list,
            &shared.activities,
        )
        .await
    }

    /// Registers the domain and types if asked to, then polls and runs tasks until `shutdown` is
    /// cancelled, and returns once every task has been answered.
    ///
    /// On `shutdown` no new poll starts; polls in flight finish (SWF holds an empty poll open
    /// for up to 60 s) and the tasks they bring are run; running tasks get the grace period,
    /// then their cancellation signal.
    ///
    /// Fails if registration fails, or if polling meets an error no retry can fix (an unknown
    /// domain, refused credentials); tasks already running are still run to their answer first.
    pub async fn run(self, shutdown: CancellationToken) -> Result<(), WorkerError> {
        if self.register {
            self.register().await?;
        }
        let shared = &self.shared;
        tracing::info!(
            domain = %shared.domain,
            task_list = %shared.task_list,
            identity = %shared.identity,
            activities = %shared.activities.type_list(),
            pollers = self.runtime.pollers(),
            max_concurrent_tasks = self.runtime.max_concurrent_tasks(),
            "worker started"
        );

        // Learn the heartbeat timeouts now rather than on the first tasks.
        if !shutdown.is_cancelled() {
            let shared = shared.clone();
            tokio::spawn(async move {
                let (client, domain) = (&shared.client, &shared.domain);
                describe_all(client, domain, &shared.activities, shared.heartbeat).await;
            });
        }

        // The pollers' spans are children of this one: their logs name the task list.
        let span = tracing::debug_span!("worker", task_list = %shared.task_list);
        let result = self
            .runtime
            .run(shared.clone(), &shutdown)
            .instrument(span)
            .await;
        tracing::info!("worker stopped: every task has been answered");
        result.map_err(WorkerError::poll)
    }
}

/// Builds a [`Worker`]; obtained from [`Worker::builder`].
///
/// Methods take `&mut self` and return it, so settings chain or apply one by one. The client is
/// given to [`Worker::builder`]; the domain, the task list and at least one activity are
/// required; everything else has the default given on its method.
#[must_use = "a builder does nothing until `build` is called"]
pub struct WorkerBuilder {
    client: Client,
    domain: Option<String>,
    task_list: Option<String>,
    identity: Option<String>,
    activities: Vec<Arc<dyn ErasedActivity>>,
    pollers: usize,
    max_concurrent_tasks: usize,
    max_requests_in_flight: usize,
    register: bool,
    domain_retention_days: u32,
    heartbeat_ratio: f64,
    fallback_heartbeat_interval: Duration,
    heartbeat_timeout_source: HeartbeatTimeoutSource,
    shutdown_grace_period: Duration,
}

impl WorkerBuilder {
    /// A builder for a worker using `client`, every other setting at its default.
    pub(crate) fn new(client: Client) -> Self {
        WorkerBuilder {
            client,
            domain: None,
            task_list: None,
            identity: None,
            activities: Vec::new(),
            pollers: 2,
            max_concurrent_tasks: 100,
            max_requests_in_flight: 200,
            register: false,
            domain_retention_days: 1,
            heartbeat_ratio: 0.8,
            fallback_heartbeat_interval: Duration::from_secs(30),
            heartbeat_timeout_source: HeartbeatTimeoutSource::default(),
            shutdown_grace_period: Duration::from_secs(30),
        }
    }

    /// Sets the domain to work in. Required.
    pub fn domain(&mut self, domain: impl Into<String>) -> &mut Self {
        self.domain = Some(domain.into());
        self
    }

    /// Sets the task list to poll. Required.
    pub fn task_list(&mut self, task_list: impl Into<String>) -> &mut Self {
        self.task_list = Some(task_list.into());
        self
    }

    /// Sets the identity recorded in the history for the tasks this worker takes. Default:
    /// `hostname:pid`. Cut to SWF's 256 characters.
    pub fn identity(&mut self, identity: impl Into<String>) -> &mut Self {
        self.identity = Some(identity.into());
        self
    }

    /// Adds an activity to serve, with [`JsonCodec`] for its input and output. It serves the
    /// activity type its [`ActivityDeclaration`](swf_core::ActivityDeclaration) `D` names
    /// (`A` itself unless `A` implements `Activity<D>` for another `D`).
    pub fn activity<D: ActivityDeclaration, A: Activity<D>>(&mut self, activity: A) -> &mut Self {
        self.activity_with_codec(activity, JsonCodec)
    }

    /// Adds an activity to serve, with `codec` for its input and output (use the codec the
    /// workflows that schedule it use).
    pub fn activity_with_codec<D: ActivityDeclaration, A: Activity<D>, C: Codec>(
        &mut self,
        activity: A,
        codec: C,
    ) -> &mut Self {
        self.activities
            .push(Erased::<A, D, C>::erase(activity, codec));
        self
    }

    /// Sets how many long polls to keep in flight (each only while a task slot is free).
    /// Default 2.
    pub fn pollers(&mut self, pollers: usize) -> &mut Self {
        self.pollers = pollers;
        self
    }

    /// Sets how many tasks may run at once. Default 100.
    pub fn max_concurrent_tasks(&mut self, max: usize) -> &mut Self {
        self.max_concurrent_tasks = max;
        self
    }

    /// Sets how many heartbeat and answer requests the worker's tasks may have in flight at
    /// once (polls are bounded by [`pollers`](Self::pollers)). Default 200.
    ///
    /// Thousands of tasks started together end together and, without a limit, would open as
    /// many connections at once to answer. The default allows several thousand requests a
    /// second at SWF's usual latencies, more than 5,000 tasks heartbeating every 1.6 s need.
    pub fn max_requests_in_flight(&mut self, max: usize) -> &mut Self {
        self.max_requests_in_flight = max;
        self
    }

    /// Sets whether [`Worker::run`] first registers the domain and the activity types, as
    /// [`Worker::register`] does. Default `false`.
    pub fn register(&mut self, register: bool) -> &mut Self {
        self.register = register;
        self
    }

    /// Sets the workflow history retention, in days, of a domain the worker registers. Default 1.
    pub fn domain_retention_days(&mut self, days: u32) -> &mut Self {
        self.domain_retention_days = days;
        self
    }

    /// Sets the fraction of a task's heartbeat timeout between automatic heartbeats, in
    /// `(0, 1]`. Default 0.8: a heartbeat that takes up to a fifth of the timeout to arrive still
    /// arrives in time.
    pub fn heartbeat_throttle_ratio(&mut self, ratio: f64) -> &mut Self {
        self.heartbeat_ratio = ratio;
        self
    }

    /// Sets the interval between heartbeats of tasks whose heartbeat timeout is unlimited or
    /// unknown; heartbeats are how the worker learns of cancellation requests. Default 30 s.
    pub fn fallback_heartbeat_interval(&mut self, interval: Duration) -> &mut Self {
        self.fallback_heartbeat_interval = interval;
        self
    }

    /// Sets where the worker learns each task's heartbeat timeout. Default
    /// [`HeartbeatTimeoutSource::ScheduledEvent`]: the timeout the task was scheduled with, from
    /// its history; [`HeartbeatTimeoutSource::Registration`] saves that read when no decider
    /// ever schedules these activities with a heartbeat timeout of its own.
    pub fn heartbeat_timeout_source(&mut self, source: HeartbeatTimeoutSource) -> &mut Self {
        self.heartbeat_timeout_source = source;
        self
    }

    /// Sets how long running tasks may go on after the shutdown signal before their
    /// cancellation signal fires. Default 30 s.
    pub fn shutdown_grace_period(&mut self, grace: Duration) -> &mut Self {
        self.shutdown_grace_period = grace;
        self
    }

    /// Checks the settings and builds the worker. The builder is left as it was.
    pub fn build(&self) -> Result<Worker, WorkerError> {
        let missing = |what: &str| error::config(format!("no {what}: call WorkerBuilder::{what}"));
        let domain = self.domain.clone().ok_or_else(|| missing("domain"))?;
        let task_list = self.task_list.clone().ok_or_else(|| missing("task_list"))?;
        if self.activities.is_empty() {
            return Err(error::config("no activities: call WorkerBuilder::activity"));
        }
        let activities = Activities::new(&self.activities).map_err(WorkerError::config)?;
        let at_least_one = || {
            error::config(
                "pollers, max_concurrent_tasks and max_requests_in_flight must be at least 1",
            )
        };
        let pollers = NonZeroUsize::new(self.pollers).ok_or_else(at_least_one)?;
        let max_concurrent_tasks =
            NonZeroUsize::new(self.max_concurrent_tasks).ok_or_else(at_least_one)?;
        if self.max_requests_in_flight == 0 {
            return Err(at_least_one());
        }
        if !(self.heartbeat_ratio > 0.0 && self.heartbeat_ratio <= 1.0) {
            return Err(error::config(format!(
                "heartbeat_throttle_ratio must be in (0, 1], not {}",
                self.heartbeat_ratio
            )));
        }
        if self.fallback_heartbeat_interval.is_zero() {
            return Err(error::config(
                "fallback_heartbeat_interval must not be zero",
            ));
        }
        let identity = self
            .identity
            .clone()
            .unwrap_or_else(swf_core::identity::default_identity);
        let shared = Shared {
            client: self.client.clone(),
            domain,
            task_list,
            identity: crate::truncate::truncated(identity, swf_core::limits::IDENTITY_MAX_CHARS),
            activities,
            counters: Arc::default(),
            heartbeat: HeartbeatPolicy {
                ratio: self.heartbeat_ratio,
                fallback: self.fallback_heartbeat_interval,
            },
            effective_timeouts: EffectiveTimeouts::new(self.heartbeat_timeout_source),
            requests: Semaphore::new(self.max_requests_in_flight),
            tasks_cancel: CancellationToken::new(),
        };
        Ok(Worker {
            shared: Arc::new(shared),
            runtime: Runtime::new(pollers, max_concurrent_tasks)
                .with_grace_period(self.shutdown_grace_period),
            register: self.register,
            domain_retention_days: self.domain_retention_days,
        })
    }
}

impl fmt::Debug for WorkerBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let activities: Vec<String> = self
            .activities
            .iter()
            .map(|a| format!("{}/{}", a.name(), a.version()))
            .collect();
        f.debug_struct("WorkerBuilder")
            .field("client", &self.client.config().endpoint())
            .field("domain", &self.domain)
            .field("task_list", &self.task_list)
            .field("identity", &self.identity)
            .field("activities", &activities)
            .field("pollers", &self.pollers)
            .field("max_concurrent_tasks", &self.max_concurrent_tasks)
            .field("max_requests_in_flight", &self.max_requests_in_flight)
            .field("register", &self.register)
            .field("domain_retention_days", &self.domain_retention_days)
            .field("heartbeat_throttle_ratio", &self.heartbeat_ratio)
            .field(
                "fallback_heartbeat_interval",
                &self.fallback_heartbeat_interval,
            )
            .field("heartbeat_timeout_source", &self.heartbeat_timeout_source)
            .field("shutdown_grace_period", &self.shutdown_grace_period)
            .finish()
    }
}

#[cfg(test)]
mod tests;
