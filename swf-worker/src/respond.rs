//! Answering a task: `RespondActivityTaskCompleted`, `Failed` or `Canceled`, retried.
//!
//! A lost answer costs more than any retry: the task stays open until it times out, and then the
//! workflow usually runs the work again. So answers are retried on every error that may pass
//! (throttling, 5xx, network failures, timeouts) beyond the client's own retries, with
//! exponential backoff for up to about a minute. `UnknownResourceFault` is not retried: the task
//! timed out or its execution closed, and nobody is waiting for the answer any more.
//!
//! An attempt that failed with a 5xx or a timeout may still have been applied, and then the next
//! attempt meets `UnknownResourceFault` because that attempt closed the task. After such an
//! ambiguous attempt, by the client or by the worker, `UnknownResourceFault` counts the task as
//! answered: the attempt closing it is by far the likelier cause, as the retry follows it soon
//! after, and no call can tell it apart from the task timing out or closing meanwhile.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use backon::{ExponentialBuilder, Retryable};
use swf_core::Client;
use swf_core::types::{
    RespondActivityTaskCanceledInput, RespondActivityTaskCompletedInput,
    RespondActivityTaskFailedInput,
};
use tokio::sync::Semaphore;

use crate::activity::Outcome;
use crate::metrics::{Counter, Counters};

/// The worker's retries of an answer, each after the client's own. With backon's jitter the
/// waits add up to between 40 s and 80 s.
fn backoff() -> ExponentialBuilder {
    ExponentialBuilder::new()
        .with_min_delay(Duration::from_millis(200))
        .with_max_delay(Duration::from_secs(10))
        .with_max_times(7)
        .with_jitter()
}

/// Sends `outcome` as the answer to the task `task_token`, retrying, and counts the result.
pub(crate) async fn respond(
    client: &Client,
    requests: &Semaphore,
    counters: &Counters,
    task_token: &str,
    outcome: Outcome,
) {
    let send = || async {
        let _permit = requests
            .acquire()
            .await
            .expect("the request limit is never closed");
        // The inputs are rebuilt per attempt: the client takes them by value.
        let token = task_token.to_owned();
        match &outcome {
            Outcome::Completed(result) => {
                let input = RespondActivityTaskCompletedInput {
                    task_token: token,
                    result: result.clone(),
                };
                client.respond_activity_task_completed(input).await
            }
            Outcome::Failed { reason, details } => {
                let input = RespondActivityTaskFailedInput {
                    task_token: token,
                    reason: Some(reason.clone()),
                    details: details.clone(),
                };
                client.respond_activity_task_failed(input).await
            }
            Outcome::Cancelled { details } => {
                let input = RespondActivityTaskCanceledInput {
                    task_token: token,
                    details: details.clone(),
                };
                client.respond_activity_task_canceled(input).await
            }
        }
    };
    // Whether a worker-level attempt failed in a way that may have been applied.
    let retried_ambiguous = AtomicBool::new(false);
    let result = send
        .retry(backoff())
        .sleep(tokio::time::sleep)
        .when(swf_core::Error::is_retryable)
        .notify(|err, delay| {
            if err.is_ambiguous() || err.after_ambiguous_attempt() {
                retried_ambiguous.store(true, Ordering::Relaxed);
            }
            tracing::warn!(error = %err, retry_in = ?delay, "answering the task failed; retrying");
        })
        .await;
    match result {
        Ok(()) => {
            outcome.counter(counters).increment();
            tracing::debug!(outcome = outcome.name(), "task answered");
        }
        Err(err) if err.is_unknown_resource() => {
            if err.after_ambiguous_attempt() || retried_ambiguous.load(Ordering::Relaxed) {
                outcome.counter(counters).increment();
                tracing::warn!(error = %err, outcome = outcome.name(), "the task is gone after an attempt that may have been applied; counting it as answered");
            } else {
                counters.tasks_gone.increment();
                tracing::warn!(error = %err, "the task is gone (timed out or closed); its answer was not taken");
            }
        }
        Err(err) => {
            counters.respond_errors.increment();
            tracing::error!(error = %err, outcome = outcome.name(), "could not answer the task; it will time out");
        }
    }
}

impl Outcome {
    /// The counter of tasks answered with this outcome.
    fn counter<'c>(&self, counters: &'c Counters) -> &'c Counter {
        match self {
            Outcome::Completed(_) => &counters.tasks_completed,
            Outcome::Failed { .. } => &counters.tasks_failed,
            Outcome::Cancelled { .. } => &counters.tasks_cancelled,
        }
    }

    fn name(&self) -> &'static str {
        match self {
            Outcome::Completed(_) => "completed",
            Outcome::Failed { .. } => "failed",
            Outcome::Cancelled { .. } => "cancelled",
        }
    }
}
