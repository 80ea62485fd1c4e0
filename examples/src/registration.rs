//! Registering a worker's activity types before anything schedules them.

use swf_worker::{CancellationToken, WorkerBuilder, WorkerError};

/// Registers the domain and the activity types of `worker` (idempotently: what exists is left as
/// it is), and returns once they are registered.
///
/// A worker built with `register(true)` registers when it starts running, but a program that
/// runs its worker as a task and starts a workflow right away would race that registration: the
/// workflow's first decision could schedule an activity type that does not exist yet. This runs a
/// copy of the worker with its shutdown already signalled, which registers and then stops
/// without polling; `swf-worker` has no separate `register` call (the decider's is
/// `Decider::register`).
pub async fn register_activity_types(worker: &mut WorkerBuilder) -> Result<(), WorkerError> {
    let stopped = CancellationToken::new();
    stopped.cancel();
    worker.register(true).build()?.run(stopped).await
}
