//! Counters of what a worker has done, readable at any time through [`WorkerMetrics`].
//!
//! Plain atomic counters rather than a metrics framework: the crate stays free of a choice the
//! application should make, and an exporter for any framework is a loop over
//! [`WorkerMetrics::snapshot`]. Relaxed ordering is enough: each counter is read on its own, and
//! a snapshot is a set of recent values, not one instant.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// One monotonically increasing count.
#[derive(Debug, Default)]
pub(crate) struct Counter(AtomicU64);

impl Counter {
    pub(crate) fn increment(&self) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }

    fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// The counters a worker and its tasks update.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    pub(crate) polls: Counter,
    pub(crate) empty_polls: Counter,
    pub(crate) poll_errors: Counter,
    pub(crate) tasks_started: Counter,
    pub(crate) tasks_completed: Counter,
    pub(crate) tasks_failed: Counter,
    pub(crate) tasks_cancelled: Counter,
    pub(crate) tasks_gone: Counter,
    pub(crate) respond_errors: Counter,
    pub(crate) heartbeats_sent: Counter,
    pub(crate) heartbeats_coalesced: Counter,
    pub(crate) heartbeat_errors: Counter,
    pub(crate) heartbeat_timeout_reads: Counter,
    pub(crate) heartbeat_timeouts_learned: Counter,
    pub(crate) heartbeat_timeouts_unknown: Counter,
}

/// A handle on a worker's counters, obtained from [`Worker::metrics`](crate::Worker::metrics).
/// Cheap to clone, and valid after the worker has stopped.
///
/// ```
/// # fn example(worker: &swf_worker::Worker) {
/// let metrics = worker.metrics();
/// // ... later, from any task:
/// let now = metrics.snapshot();
/// println!("{} tasks, {} heartbeats", now.tasks_started, now.heartbeats_sent);
/// # }
/// ```
#[derive(Debug, Clone, Default)]
pub struct WorkerMetrics {
    counters: Arc<Counters>,
}

impl WorkerMetrics {
    pub(crate) fn new(counters: Arc<Counters>) -> Self {
        WorkerMetrics { counters }
    }

    /// The counters' current values.
    pub fn snapshot(&self) -> MetricsSnapshot {
        let c = &self.counters;
        MetricsSnapshot {
            polls: c.polls.get(),
            empty_polls: c.empty_polls.get(),
            poll_errors: c.poll_errors.get(),
            tasks_started: c.tasks_started.get(),
            tasks_completed: c.tasks_completed.get(),
            tasks_failed: c.tasks_failed.get(),
            tasks_cancelled: c.tasks_cancelled.get(),
            tasks_gone: c.tasks_gone.get(),
            respond_errors: c.respond_errors.get(),
            heartbeats_sent: c.heartbeats_sent.get(),
            heartbeats_coalesced: c.heartbeats_coalesced.get(),
            heartbeat_errors: c.heartbeat_errors.get(),
            heartbeat_timeout_reads: c.heartbeat_timeout_reads.get(),
            heartbeat_timeouts_learned: c.heartbeat_timeouts_learned.get(),
            heartbeat_timeouts_unknown: c.heartbeat_timeouts_unknown.get(),
        }
    }
}

/// The values of a worker's counters, each counted since the worker was built.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct MetricsSnapshot {
    /// `PollForActivityTask` calls answered, with or without a task.
    pub polls: u64,
    /// Polls answered without a task.
    pub empty_polls: u64,
    /// Polls that failed (after the client's own retries).
    pub poll_errors: u64,
    /// Tasks received.
    pub tasks_started: u64,
    /// Tasks answered with `RespondActivityTaskCompleted`.
    pub tasks_completed: u64,
    /// Tasks answered with `RespondActivityTaskFailed` (errors, panics, bad input, unknown types,
    /// oversized output, shutdown).
    pub tasks_failed: u64,
    /// Tasks answered with `RespondActivityTaskCanceled`.
    pub tasks_cancelled: u64,
    /// Tasks SWF no longer knew when the worker heartbeated or answered (timed out or closed).
    /// An answer whose retry meets this after an attempt that may have been applied (a 5xx or a
    /// timeout) is counted as answered instead: that attempt most likely closed the task.
    pub tasks_gone: u64,
    /// Answers that could not be delivered, other than to gone tasks.
    pub respond_errors: u64,
    /// `RecordActivityTaskHeartbeat` calls made.
    pub heartbeats_sent: u64,
    /// Heartbeat details replaced by newer ones before they were sent.
    pub heartbeats_coalesced: u64,
    /// Heartbeat calls that failed (throttled, network errors, ...); each was retried.
    pub heartbeat_errors: u64,
    /// `GetWorkflowExecutionHistory` pages read to learn the heartbeat timeouts tasks were
    /// scheduled with (see [`HeartbeatTimeoutSource`](crate::HeartbeatTimeoutSource)).
    pub heartbeat_timeout_reads: u64,
    /// Tasks whose scheduled heartbeat timeout was learned, from a read or from what an earlier
    /// read of the same run told. Tasks done within about 100 ms are not looked up.
    pub heartbeat_timeouts_learned: u64,
    /// Tasks whose scheduled heartbeat timeout could not be learned (the read was refused or
    /// failed), heartbeated for the type's registered timeout instead; each was warned about,
    /// or fell under a warning for its type within the minute before.
    pub heartbeat_timeouts_unknown: u64,
}
