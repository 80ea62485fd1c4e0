//! Running one activity task from the poll's answer to SWF's answer.
//!
//! A task runs as one tokio task, which drives two futures side by side: the activity, and the
//! task's [`Heartbeater`], which also learns the task's heartbeat timeout while it heartbeats
//! ([`effective_timeout`]). Keeping them in one tokio task (rather than spawning the heartbeater)
//! keeps a running task to one allocation for the future plus one for its context, which is what
//! lets a worker hold thousands of heartbeating tasks in a few kilobytes each. When the activity
//! returns, the heartbeater is dropped (a heartbeat in flight is abandoned; it has nothing the
//! flush does not resend), pending details are flushed, and the outcome is answered.

use std::sync::Arc;

use swf_core::types::ActivityTask;
use tokio::time::Instant;
use tracing::Instrument;

use crate::activity::Outcome;
use crate::context::{ActivityContext, CancellationReason};
use crate::effective_timeout;
use crate::heartbeat::{Heartbeater, SwfHeartbeats, TaskGone, first_heartbeat_phase};
use crate::heartbeat_schedule::heartbeat_schedule;
use crate::respond::respond;
use crate::worker::Shared;

/// Runs `task` and answers it; never fails (what goes wrong is answered, logged and counted).
pub(crate) async fn run(shared: Arc<Shared>, task: ActivityTask) {
    let span = tracing::info_span!(
        "activity_task",
        domain = %shared.domain,
        task_list = %shared.task_list,
        workflow_id = %task.workflow_execution.workflow_id,
        run_id = %task.workflow_execution.run_id,
        activity_id = %task.activity_id,
        activity_type = %task.activity_type.name,
        activity_version = %task.activity_type.version,
    );
    run_in_span(&shared, task).instrument(span).await
}

async fn run_in_span(shared: &Shared, mut task: ActivityTask) {
    let started = Instant::now();
    let counters = &*shared.counters;
    counters.tasks_started.increment();
    let Some(served) = shared.activities.get(&task.activity_type) else {
        let reason = format!(
            "unknown activity type {} version {}: this worker serves {}",
            task.activity_type.name,
            task.activity_type.version,
            shared.activities.type_list()
        );
        tracing::warn!(%reason, "failing a task this worker cannot run");
        respond(
            &shared.client,
            &shared.requests,
            counters,
            &task.task_token,
            Outcome::failed(reason, None),
        )
        .await;
        return;
    };

    let input = task.input.take();
    let ctx = ActivityContext::new(
        task,
        shared.tasks_cancel.child_token(),
        shared.counters.clone(),
    );
    let sink = SwfHeartbeats {
        client: &shared.client,
        requests: &shared.requests,
    };
    let phase = first_heartbeat_phase(ctx.task_token());
    let mut heartbeater = Heartbeater::new(&sink, &ctx, counters, started, phase);
    let mut work = served.activity.clone().run(ctx.clone(), input);

    let outcome = {
        let keep_alive = async {
            if shared.effective_timeouts.reads_history(served) {
                let effective = effective_timeout::effective_schedule(shared, served, &ctx);
                let provisional = effective_timeout::provisional(shared.heartbeat);
                heartbeater.keep_alive(provisional, effective).await
            } else {
                let schedule =
                    heartbeat_schedule(&shared.client, &shared.domain, served, shared.heartbeat)
                        .await;
                heartbeater
                    .keep_alive(schedule, std::future::pending())
                    .await
            }
        };
        tokio::select! {
            // The activity first: once it is done, the answer should not wait for a heartbeat.
            biased;
            outcome = &mut work => Some(outcome),
            TaskGone = keep_alive => None,
        }
    };
    let Some(outcome) = outcome else {
        // The signal has fired; let the activity stop in its own time, holding its slot, but do
        // not answer: SWF would refuse it.
        work.await;
        counters.tasks_gone.increment();
        return;
    };
    if heartbeater.flush().await.is_err() {
        counters.tasks_gone.increment();
        return;
    }
    let Some(outcome) = answer_for(outcome, ctx.cancellation_reason()) else {
        counters.tasks_gone.increment();
        return;
    };
    respond(
        &shared.client,
        &shared.requests,
        counters,
        ctx.task_token(),
        outcome,
    )
    .await;
    tracing::debug!(elapsed = ?started.elapsed(), "task done");
}

/// What to answer for `outcome`, given why the task was cancelled if it was; `None` for a task
/// SWF no longer knows.
fn answer_for(outcome: Outcome, cancellation: Option<CancellationReason>) -> Option<Outcome> {
    let Outcome::Cancelled { details } = outcome else {
        return Some(outcome);
    };
    // `RespondActivityTaskCanceled` acknowledges a cancellation SWF requested. A task the worker
    // cancelled on its own is a failure the workflow should see as such, and may retry.
    match cancellation {
        Some(CancellationReason::Requested) => Some(Outcome::Cancelled { details }),
        Some(CancellationReason::TaskGone) => None,
        Some(CancellationReason::WorkerShutdown) => Some(Outcome::failed(
            "cancelled: the worker shut down before the task finished",
            details,
        )),
        None => Some(Outcome::failed(
            "the activity returned Cancelled, but no cancellation was requested",
            details,
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cancelled() -> Outcome {
        Outcome::Cancelled {
            details: Some("d".into()),
        }
    }

    #[test]
    fn a_requested_cancellation_is_answered_as_cancelled() {
        let answer = answer_for(cancelled(), Some(CancellationReason::Requested));
        assert_eq!(answer, Some(cancelled()));
    }

    #[test]
    fn a_shutdown_cancellation_is_answered_as_a_failure() {
        let Some(Outcome::Failed { reason, details }) =
            answer_for(cancelled(), Some(CancellationReason::WorkerShutdown))
        else {
            panic!()
        };
        assert!(reason.contains("worker shut down"), "{reason}");
        assert_eq!(details.as_deref(), Some("d"));
    }

    #[test]
    fn a_gone_task_is_not_answered() {
        assert_eq!(
            answer_for(cancelled(), Some(CancellationReason::TaskGone)),
            None
        );
    }

    /// A running task is one tokio task holding this future, plus its context and the
    /// activity's own future on the heap. 5,000 heartbeating tasks must fit in 16 KiB each.
    #[tokio::test]
    async fn a_running_task_fits_the_memory_budget() {
        let shared = Arc::new(crate::worker::Shared::for_tests().await);
        let task = run(shared, ActivityTask::default());
        let size = std::mem::size_of_val(&task);
        assert!(size <= 6 * 1024, "the task future is {size} bytes");
    }

    #[test]
    fn an_unrequested_cancellation_is_a_failure() {
        let answer = answer_for(cancelled(), None);
        assert!(matches!(answer, Some(Outcome::Failed { .. })));
        let done = Outcome::Completed(None);
        assert_eq!(
            answer_for(done.clone(), Some(CancellationReason::Requested)),
            Some(done)
        );
    }
}
