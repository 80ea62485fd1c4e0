//! One poller: take a task slot, long-poll, hand the task to the tracker; back off on errors.

use std::sync::Arc;

use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use super::TaskSource;
use super::backoff::PollBackoff;
use crate::{Error, ErrorKind};

/// Polls until `stop` fires, spawning each task on `tracker`; `Err` for an error that no retry
/// can fix.
pub(crate) async fn poll_loop<S: TaskSource>(
    source: Arc<S>,
    slots: Arc<Semaphore>,
    stop: CancellationToken,
    tracker: TaskTracker,
) -> Result<(), Error> {
    let mut backoff: Option<PollBackoff> = None;
    loop {
        let permit = tokio::select! {
            // Checked first: once shut down, no new poll starts even when a slot is free.
            biased;
            () = stop.cancelled() => return Ok(()),
            permit = slots.clone().acquire_owned() => permit.expect("the slot semaphore is never closed"),
        };
        // Never abandoned at shutdown (see the module docs): what it brings is run.
        match source.poll().await {
            Ok(None) => backoff = None,
            Ok(Some(task)) => {
                backoff = None;
                let run = source.clone().run(task);
                tracker.spawn(async move {
                    run.await;
                    drop(permit);
                });
            }
            Err(err) => {
                drop(permit);
                if is_permanent(&err) {
                    tracing::error!(error = %err, "polling failed and retrying cannot help");
                    return Err(err);
                }
                let delay = backoff.get_or_insert_with(PollBackoff::new).next_delay();
                tracing::warn!(error = %err, retry_in = ?delay, "polling failed; retrying");
                tokio::select! {
                    () = stop.cancelled() => return Ok(()),
                    () = tokio::time::sleep(delay) => {}
                }
            }
        }
    }
}

/// Errors that polling again will meet again.
fn is_permanent(err: &Error) -> bool {
    matches!(
        err.kind(),
        ErrorKind::UnknownResourceFault(_)
            | ErrorKind::OperationNotPermittedFault(_)
            | ErrorKind::AccessDenied(_)
            | ErrorKind::InvalidInput(_)
            | ErrorKind::Config
    )
}
