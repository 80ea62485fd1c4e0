//! [`Runtime`]: pollers, running tasks and shutdown tied together; [`TaskSource`]: what they
//! poll and run.

use std::future::Future;
use std::num::NonZeroUsize;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tracing::Instrument;

use super::poller::poll_loop;
use crate::Error;

/// What a [`Runtime`] polls, and how it runs what it gets: an activity task list for a worker,
/// a decision task list for a decider.
pub trait TaskSource: Send + Sync + 'static {
    /// What one successful poll brings.
    type Task: Send + 'static;

    /// One long poll: `Ok(None)` when it ended without a task. An error is retried with
    /// backoff, unless no retry can fix it (then the run stops with it).
    fn poll(&self) -> impl Future<Output = Result<Option<Self::Task>, Error>> + Send;

    /// Runs `task` to its answer. Its slot stays taken until this ends.
    fn run(self: Arc<Self>, task: Self::Task) -> impl Future<Output = ()> + Send + 'static;

    /// Called once when the grace period after the shutdown signal ends with tasks still running
    /// (a worker fires their cancellation signal); by default nothing.
    fn grace_period_over(&self) {}
}

/// How many polls and tasks a worker or decider runs at once, and how it shuts down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Runtime {
    pollers: NonZeroUsize,
    max_concurrent_tasks: NonZeroUsize,
    grace_period: Option<Duration>,
}

impl Runtime {
    /// A runtime with `pollers` long polls (each only while one of `max_concurrent_tasks` slots
    /// is free) and no grace period: on shutdown, running tasks are waited for without limit.
    pub fn new(pollers: NonZeroUsize, max_concurrent_tasks: NonZeroUsize) -> Runtime {
        Runtime {
            pollers,
            max_concurrent_tasks,
            grace_period: None,
        }
    }

    /// Calls [`TaskSource::grace_period_over`] once `grace` has passed after the shutdown
    /// signal, if tasks are still running then.
    pub fn with_grace_period(mut self, grace: Duration) -> Runtime {
        self.grace_period = Some(grace);
        self
    }

    /// How many long polls are kept in flight.
    pub fn pollers(&self) -> usize {
        self.pollers.get()
    }

    /// How many tasks may run at once.
    pub fn max_concurrent_tasks(&self) -> usize {
        self.max_concurrent_tasks.get()
    }

    /// Polls `source` and runs its tasks until `shutdown` is cancelled or a poll meets an error
    /// no retry can fix (returned), and in both cases returns only once every task it started,
    /// including those that polls in flight bring after the signal, has ended.
    pub async fn run<S: TaskSource>(
        &self,
        source: Arc<S>,
        shutdown: &CancellationToken,
    ) -> Result<(), Error> {
        self.run_each(&[source], shutdown).await
    }

    /// [`run`](Self::run) for several sources at once (a decider's shared task list and its
    /// sticky one): each has its own `pollers` pollers, and all share the task slots, the
    /// shutdown and the grace period, so `max_concurrent_tasks` bounds them together.
    pub async fn run_each<S: TaskSource>(
        &self,
        sources: &[Arc<S>],
        shutdown: &CancellationToken,
    ) -> Result<(), Error> {
        let stop = shutdown.child_token();
        let slots = Arc::new(Semaphore::new(self.max_concurrent_tasks.get()));
        let tracker = TaskTracker::new();
        let mut pollers = JoinSet::new();
        for (list, source) in sources.iter().enumerate() {
            for poller in 0..self.pollers.get() {
                let span = tracing::debug_span!("poller", list, poller);
                let run = poll_loop(source.clone(), slots.clone(), stop.clone(), tracker.clone());
                pollers.spawn(run.instrument(span));
            }
        }

        let mut fatal = None;
        let drained = async {
            while let Some(joined) = pollers.join_next().await {
                match joined {
                    Ok(Ok(())) => {}
                    Ok(Err(err)) => {
                        fatal.get_or_insert(err);
                        stop.cancel();
                    }
                    Err(join_error) => {
                        tracing::error!(error = %join_error, "a poller panicked; stopping");
                        stop.cancel();
                    }
                }
            }
            tracker.close();
            tracker.wait().await;
        };
        let grace = async {
            stop.cancelled().await;
            tracing::info!(
                running = tracker.len(),
                grace_period = ?self.grace_period,
                "shutting down: no new polls; running tasks are finishing"
            );
            if let Some(grace_period) = self.grace_period {
                tokio::time::sleep(grace_period).await;
                tracing::warn!(
                    running = tracker.len(),
                    "grace period over: cancelling running tasks"
                );
                for source in sources {
                    source.grace_period_over();
                }
            }
            std::future::pending::<()>().await
        };
        tokio::select! {
            () = drained => {}
            () = grace => {}
        }
        match fatal {
            Some(err) => Err(err),
            None => Ok(()),
        }
    }
}
