//! The polling runtime that activity workers and deciders share (feature `runtime`).
//!
//! A [`Runtime`] runs a number of pollers against a [`TaskSource`] (an activity task list for
//! swf-worker, a decision task list for swf-decider), with one set of rules for both:
//!
//! - **A slot before a poll.** A poller takes a task slot *before* it polls (as Temporal's
//!   pollers do), so a task SWF hands out starts at once and its clocks never run while it waits
//!   inside the process. With `n` pollers and `m` free slots, `min(n, m)` polls are in flight.
//! - **Jittered backoff.** A failed poll (after the client's own retries) is retried after an
//!   exponential, jittered wait, so a fleet of processes does not retry in step.
//! - **Errors no retry can fix stop the run.** An unknown domain, refused credentials or an
//!   invalid request end [`Runtime::run`] with that error instead of being logged forever.
//! - **No poll is abandoned.** SWF does not notice a poll its caller gave up on and may hand it a
//!   task that then waits for its timeout; so on shutdown a poll in flight is let finish and the
//!   task it brings is run.
//! - **Graceful shutdown.** On the shutdown token no new poll starts; the running tasks, tracked
//!   by a [`TaskTracker`](tokio_util::task::TaskTracker), are waited for. An optional grace period
//!   starts with the signal; when it ends, [`TaskSource::grace_period_over`] is called (a worker
//!   cancels its tasks there) and the run still waits for every task to be answered.
//!
//! [`shutdown_on_signals`] turns SIGINT and SIGTERM into the shutdown token, and [`RunError`]
//! says why a worker or decider could not start or stopped.

mod backoff;
mod error;
mod poller;
mod run;
mod shutdown;

pub use error::RunError;
pub use run::{Runtime, TaskSource};
pub use shutdown::shutdown_on_signals;

/// The shutdown token of a [`Runtime`], re-exported from `tokio_util`.
pub use tokio_util::sync::CancellationToken;
