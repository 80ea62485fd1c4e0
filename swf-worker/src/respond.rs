//! Answering a task: `RespondActivityTaskCompleted`, `Failed` or `Canceled`, retried.
//!
//! A lost answer costs more than any retry: the task stays open until it times out, and then the
//! workflow usually runs the work again. So answers are retried on every error that may pass
//! (throttling, 5xx, network failures, timeouts) beyond the client's own retries, with
//! exponential backoff for 85 s at most. `UnknownResourceFault` is not retried: the task
//! timed out or its execution closed, and nobody is waiting for the answer any more.
//!
//! An attempt that failed with a 5xx or a timeout may still have been applied, and then the next
//! attempt meets `UnknownResourceFault` because that attempt closed the task. After such an
//! ambiguous attempt, by the client or by the worker, `UnknownResourceFault` counts the task as
//! answered: the attempt closing it is by far the likelier cause, as the retry follows it soon
//! after, and no call can tell it apart from the task timing out or closing meanwhile.

use std::time::Duration;

use swf_core::Client;
use swf_core::backoff::Backoff;
use swf_core::types::{
    RespondActivityTaskCanceledInput, RespondActivityTaskCompletedInput,
    RespondActivityTaskFailedInput,
};
use tokio::sync::Semaphore;

use crate::activity::Outcome;
use crate::metrics::{Counter, Counters};

/// How many times the worker tries an answer again, each try after the client's own retries.
const RETRIES: usize = 10;

/// The worker's waits between tries of an answer: full jitter ([`Backoff`]) on bounds from
/// 200 ms doubling to 20 s. Over the ten retries the bounds add up to 85 s, so the worker keeps
/// trying for about 43 s on average and 85 s at most: long enough to outlast a short outage,
/// short enough to answer before most tasks' start-to-close timeouts.
fn backoff() -> impl Iterator<Item = Duration> {
    Backoff::new(Duration::from_millis(200), Duration::from_secs(20)).take(RETRIES)
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
    let mut retried_ambiguous = false;
    let mut waits = backoff();
    let result = loop {
        let err = match send().await {
            Ok(()) => break Ok(()),
            Err(err) => err,
        };
        let wait = match waits.next() {
            Some(wait) if err.is_retryable() => wait,
            _ => break Err(err),
        };
        if err.is_ambiguous() || err.after_ambiguous_attempt() {
            retried_ambiguous = true;
        }
        tracing::warn!(error = %err, retry_in = ?wait, "answering the task failed; retrying");
        tokio::time::sleep(wait).await;
    };
    match result {
        Ok(()) => {
            outcome.counter(counters).increment();
            tracing::debug!(outcome = outcome.name(), "task answered");
        }
        Err(err) if err.is_unknown_resource() => {
            if err.after_ambiguous_attempt() || retried_ambiguous {
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
