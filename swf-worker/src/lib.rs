//! Amazon SWF activity workers.
//!
//! An application implements [`Activity`] for each kind of work it does and runs one [`Worker`]
//! per task list. The worker does the rest:
//!
//! - **Polling.** Several long polls stay in flight, but a poll starts only once a task slot is
//!   free, so the worker never holds a task it cannot start (a task held but not started would
//!   burn its schedule-to-close time for nothing). Empty polls are normal and cost nothing.
//! - **Dispatch.** Tasks are routed by activity type name and version; a task for a type this
//!   worker does not serve is failed at once with a reason that names the type.
//! - **Heartbeats.** While a task runs the worker heartbeats on its own, at a fraction (default
//!   0.8) of the heartbeat timeout the task was scheduled with, which it reads from the task's
//!   history (see [`HeartbeatTimeoutSource`]). Details given to [`ActivityContext::heartbeat`] are encoded with the activity's codec,
//!   like its input and output, and coalesced: only the latest is sent, with at most one request
//!   in flight per task, and a final flush before the answer. Throttling or a network error on a
//!   heartbeat is retried with backoff; it never ends a task.
//! - **Cancellation.** A heartbeat answered with `cancelRequested` fires the task's
//!   [`ActivityContext::cancelled`] signal; an activity that then returns
//!   [`ActivityError::cancelled`] is answered with `RespondActivityTaskCanceled`. A heartbeat
//!   answered with `UnknownResourceFault` means the task is gone (timed out or closed): the signal
//!   fires and nothing is answered.
//! - **Answers.** The output is encoded with the activity's codec (JSON by default) and sent with
//!   `RespondActivityTaskCompleted`; errors, panics, undecodable input and oversized output become
//!   `RespondActivityTaskFailed` with a reason bounded to SWF's limits. Answers are retried on
//!   throttling and transient errors, since a lost answer means the work runs again.
//! - **Graceful shutdown.** When the shutdown token is cancelled no new poll starts; polls in
//!   flight finish and the tasks they bring are run; running tasks get a grace period, then their
//!   cancellation signal; [`Worker::run`] returns once every task has been answered.
//!   [`shutdown_on_signals`] makes that token from SIGINT and SIGTERM, and [`run_cli`] (feature
//!   `cli`, on by default) runs a whole worker binary from `--domain`, `--task-list` and the other
//!   flags of [`swf_core::args::TaskListArgs`].
//! - **Registration.** [`Worker::register`] registers the domain and the activity types with
//!   each one's [`ActivityRegistration`], without polling; idempotent.
//! - **Unit tests.** [`testing::TestActivityContext`] gives an activity a real context without a
//!   worker: a test runs `run` directly, cancels the task, and reads back the heartbeats.
//! - **Observability.** Each task runs in a `tracing` span `activity_task` with its domain, task
//!   list, workflow id, run id, activity id and type; [`Worker::metrics`] counts polls, empty
//!   polls, tasks by outcome, and heartbeats sent, coalesced and failed.
//!
//! ```no_run
//! use swf_worker::{
//!     Activity, ActivityContext, ActivityDeclaration, ActivityError, CancellationToken, Worker,
//! };
//!
//! struct Greet;
//!
//! impl ActivityDeclaration for Greet {
//!     const NAME: &'static str = "Greet";
//!     const VERSION: &'static str = "1";
//!     type Input = String;
//!     type Output = String;
//! }
//!
//! impl Activity for Greet {
//!     async fn run(&self, ctx: &ActivityContext, name: String) -> Result<String, ActivityError> {
//!         ctx.heartbeat("composing")?;
//!         Ok(format!("Hello, {name}!"))
//!     }
//! }
//!
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! let client = swf_core::Client::from_env().await?;
//! let worker = Worker::builder(client)
//!     .domain("shop")
//!     .task_list("greetings")
//!     .activity(Greet)
//!     .build()?;
//! let shutdown = CancellationToken::new();
//! worker.run(shutdown).await?;
//! # Ok(())
//! # }
//! ```
//!
//! See `ARCHITECTURE.md` in the crate for how the parts fit together.

#![forbid(unsafe_code)]
#![doc(test(attr(deny(warnings), allow(dead_code, unused_variables))))]

mod activity;
mod activity_registration;
#[cfg(feature = "cli")]
mod cli;
mod context;
mod dispatch;
mod effective_timeout;
mod error;
mod heartbeat;
mod heartbeat_schedule;
mod metrics;
mod poller;
mod registration;
mod respond;
mod task;
pub mod testing;
mod truncate;
mod worker;

pub use activity::{Activity, ActivityError};
pub use activity_registration::ActivityRegistration;
#[cfg(feature = "cli")]
pub use cli::run_cli;
pub use context::{ActivityContext, CancellationReason};
pub use effective_timeout::HeartbeatTimeoutSource;
pub use error::WorkerError;
pub use metrics::{MetricsSnapshot, WorkerMetrics};
/// The declaration of an activity type (name, version, input, output) that [`Activity`]
/// implements; from `swf-core`, the same trait workflows schedule activities by
/// (`swf_decider::ActivityOptions::of`), so the two agree at compile time without depending on
/// each other.
pub use swf_core::ActivityDeclaration;
/// SWF's timeout form, whole seconds or `NONE`, re-exported for the timeouts of an
/// [`ActivityRegistration`].
pub use swf_core::Timeout;
/// Turns SIGINT and SIGTERM into a shutdown token; it lives in swf-core's shared runtime, where
/// deciders find it too, and is re-exported here for worker binaries.
pub use swf_core::runtime::shutdown_on_signals;
pub use worker::{Worker, WorkerBuilder};

/// The token that tells a [`Worker`] to shut down, re-exported from `tokio_util`.
pub use tokio_util::sync::CancellationToken;
