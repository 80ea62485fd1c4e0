//! The poll loop: take a task slot, long-poll for a task, hand the task to a new tokio task.
//!
//! A poller acquires a slot *before* it polls (as Temporal's pollers do): a task SWF hands out is
//! started at once, and its schedule-to-start and start-to-close clocks never run while it waits
//! inside the worker. With `n` pollers and `m` free slots, `min(n, m)` polls are in flight; with
//! no free slot, none is.
//!
//! A poll that has started is never cancelled: SWF may have assigned a task to it already, and a
//! dropped answer would leave that task to time out. On shutdown a poller therefore lets its poll
//! finish, runs the task it brings, and only then stops. Transient errors (after the client's own
//! retries) are waited out with backoff; an error that no retry can fix (the domain does not
//! exist, the credentials are refused, the request is invalid) stops the poller and, through
//! [`Worker::run`](crate::Worker::run), the worker.

use std::sync::Arc;
use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBackoff, ExponentialBuilder};
use swf_core::ErrorKind;
use swf_core::types::{PollForActivityTaskInput, TaskList};
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::worker::Shared;

/// Polls until `stop` fires, spawning each task on `tracker`; `Err` for an error that no retry
/// can fix.
pub(crate) async fn poll_loop(
    shared: Arc<Shared>,
    slots: Arc<Semaphore>,
    stop: CancellationToken,
    tracker: TaskTracker,
) -> Result<(), swf_core::Error> {
    let counters = &*shared.counters;
    let mut backoff: Option<ExponentialBackoff> = None;
    loop {
        let permit = tokio::select! {
            biased;
            () = stop.cancelled() => return Ok(()),
            permit = slots.clone().acquire_owned() => permit.expect("the slot semaphore is never closed"),
        };
        let input = PollForActivityTaskInput {
            domain: shared.domain.clone(),
            task_list: TaskList {
                name: shared.task_list.clone(),
            },
            identity: Some(shared.identity.clone()),
        };
        match shared.client.poll_for_activity_task(input).await {
            Ok(task) => {
                backoff = None;
                counters.polls.increment();
                if task.task_token.is_empty() {
                    counters.empty_polls.increment();
                    continue;
                }
                let shared = shared.clone();
                tracker.spawn(async move {
                    crate::task::run(shared, task).await;
                    drop(permit);
                });
            }
            Err(err) => {
                counters.poll_errors.increment();
                drop(permit);
                if is_permanent(&err) {
                    tracing::error!(error = %err, "polling failed and retrying cannot help");
                    return Err(err);
                }
                let delay = backoff
                    .get_or_insert_with(poll_backoff)
                    .next()
                    .unwrap_or(MAX_POLL_DELAY);
                tracing::warn!(error = %err, retry_in = ?delay, "polling failed; retrying");
                tokio::select! {
                    () = stop.cancelled() => return Ok(()),
                    () = tokio::time::sleep(delay) => {}
                }
            }
        }
    }
}

/// The longest wait between failed polls (before jitter).
const MAX_POLL_DELAY: Duration = Duration::from_secs(10);

fn poll_backoff() -> ExponentialBackoff {
    ExponentialBuilder::new()
        .with_min_delay(Duration::from_millis(100))
        .with_max_delay(MAX_POLL_DELAY)
        .with_jitter()
        .without_max_times()
        .build()
}

/// Errors that polling again will meet again.
fn is_permanent(err: &swf_core::Error) -> bool {
    matches!(
        err.kind(),
        ErrorKind::UnknownResourceFault(_)
            | ErrorKind::OperationNotPermittedFault(_)
            | ErrorKind::AccessDenied(_)
            | ErrorKind::InvalidInput(_)
            | ErrorKind::Config
    )
}
