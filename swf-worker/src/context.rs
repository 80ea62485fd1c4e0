//! [`ActivityContext`]: what a running task knows about itself, its heartbeat, and its
//! cancellation signal.
//!
//! The context is shared by the activity (which records heartbeat details and watches for
//! cancellation) and the worker's heartbeater for the task (which sends the details and fires
//! the signal). Everything lives in one allocation per task, and the task's strings are moved in
//! from the poll's answer rather than copied.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};

use swf_core::types::{ActivityTask, ActivityType, WorkflowExecution};
use tokio_util::sync::CancellationToken;

use crate::heartbeat::HeartbeatSlot;
use crate::metrics::Counters;

/// Why a task's cancellation signal fired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CancellationReason {
    /// SWF answered a heartbeat with `cancelRequested`: a decider asked for the task to be
    /// cancelled. Return [`ActivityError::cancelled`](crate::ActivityError::cancelled) to
    /// acknowledge it.
    Requested,
    /// SWF no longer knows the task (it timed out or its execution closed). Whatever the
    /// activity returns is not reported.
    TaskGone,
    /// The worker is shutting down and the task outlived the grace period. The task is reported
    /// failed unless it completes.
    WorkerShutdown,
}

impl CancellationReason {
    fn to_u8(self) -> u8 {
        match self {
            CancellationReason::Requested => 1,
            CancellationReason::TaskGone => 2,
            CancellationReason::WorkerShutdown => 3,
        }
    }

    fn from_u8(v: u8) -> Option<Self> {
        match v {
            1 => Some(CancellationReason::Requested),
            2 => Some(CancellationReason::TaskGone),
            3 => Some(CancellationReason::WorkerShutdown),
            _ => None,
        }
    }
}

/// The running task as its activity sees it: which task it is, a way to record progress, and a
/// cancellation signal.
///
/// Cheap to clone; clones share the task.
///
/// ```
/// use swf_worker::{ActivityContext, ActivityError};
///
/// async fn copy_files(ctx: &ActivityContext, files: &[String]) -> Result<(), ActivityError> {
///     for (i, file) in files.iter().enumerate() {
///         if ctx.is_cancelled() {
///             return Err(ActivityError::cancelled().with_details(format!("stopped at {file}")));
///         }
///         // ... copy `file` ...
///         ctx.record_heartbeat(format!("{i}/{}", files.len()));
///     }
///     Ok(())
/// }
/// ```
#[derive(Clone)]
pub struct ActivityContext {
    inner: Arc<Inner>,
}

struct Inner {
    workflow_execution: WorkflowExecution,
    activity_type: ActivityType,
    activity_id: String,
    task_token: String,
    started_event_id: i64,
    cancel: CancellationToken,
    /// A [`CancellationReason`] as `u8`; 0 until a reason is set.
    reason: AtomicU8,
    heartbeat: HeartbeatSlot,
    counters: Arc<Counters>,
}

impl ActivityContext {
    /// The context of `task` (whose `input` has been taken out); `cancel` fires its signal.
    pub(crate) fn new(
        task: ActivityTask,
        cancel: CancellationToken,
        counters: Arc<Counters>,
    ) -> Self {
        ActivityContext {
            inner: Arc::new(Inner {
                workflow_execution: task.workflow_execution,
                activity_type: task.activity_type,
                activity_id: task.activity_id,
                task_token: task.task_token,
                started_event_id: task.started_event_id,
                cancel,
                reason: AtomicU8::new(0),
                heartbeat: HeartbeatSlot::new(),
                counters,
            }),
        }
    }

    /// A context for a made-up task, for unit tests.
    #[cfg(test)]
    pub(crate) fn for_tests() -> Self {
        let task = ActivityTask {
            activity_id: "a1".into(),
            task_token: "token".into(),
            ..Default::default()
        };
        ActivityContext::new(task, CancellationToken::new(), Arc::default())
    }

    /// The workflow execution that scheduled the task.
    pub fn workflow_execution(&self) -> &WorkflowExecution {
        &self.inner.workflow_execution
    }

    /// The task's activity type.
    pub fn activity_type(&self) -> &ActivityType {
        &self.inner.activity_type
    }

    /// The activity id the decider gave when it scheduled the task.
    pub fn activity_id(&self) -> &str {
        &self.inner.activity_id
    }

    /// The opaque token that identifies the task to SWF.
    pub fn task_token(&self) -> &str {
        &self.inner.task_token
    }

    /// The id of the task's `ActivityTaskStarted` event in the workflow's history.
    pub fn started_event_id(&self) -> i64 {
        self.inner.started_event_id
    }

    /// Records progress to send with the task's next heartbeat. Returns at once: it never waits
    /// for the network.
    ///
    /// The worker heartbeats on its own whether or not this is called; calling it only sets the
    /// details. The first details of a task are sent at once; later ones replace whatever is
    /// still waiting and go out with the next heartbeat the throttle allows, so calling this in a
    /// tight loop is cheap. The latest details are sent before the task is answered, and are the
    /// `details` of an `ActivityTaskTimedOut` event if the task times out. Details longer than
    /// SWF's 2,048 characters are cut.
    pub fn record_heartbeat(&self, details: impl AsRef<str>) {
        if self.inner.heartbeat.record(details.as_ref()) {
            self.inner.counters.heartbeats_coalesced.increment();
        }
    }

    /// Waits until the task's cancellation signal fires; see [`cancellation_reason`] for why it
    /// may fire. Cancellation is cooperative: the activity decides when to stop.
    ///
    /// [`cancellation_reason`]: ActivityContext::cancellation_reason
    pub async fn cancelled(&self) {
        self.inner.cancel.cancelled().await
    }

    /// Whether the task's cancellation signal has fired.
    pub fn is_cancelled(&self) -> bool {
        self.inner.cancel.is_cancelled()
    }

    /// Why the cancellation signal fired, or `None` while it has not.
    pub fn cancellation_reason(&self) -> Option<CancellationReason> {
        if let Some(reason) = CancellationReason::from_u8(self.inner.reason.load(Ordering::Acquire))
        {
            return Some(reason);
        }
        // The only signal fired without a reason is the worker's shutdown, which cancels every
        // task's token through their common parent.
        self.inner
            .cancel
            .is_cancelled()
            .then_some(CancellationReason::WorkerShutdown)
    }

    /// The task's cancellation token, to hand to work the activity spawns (for instance as
    /// `child_token()`). Cancelling it is the same as the worker cancelling the task.
    pub fn cancellation_token(&self) -> &CancellationToken {
        &self.inner.cancel
    }

    /// Fires the cancellation signal for `reason`, unless a reason was set before.
    pub(crate) fn cancel(&self, reason: CancellationReason) {
        let _ = self.inner.reason.compare_exchange(
            0,
            reason.to_u8(),
            Ordering::AcqRel,
            Ordering::Acquire,
        );
        self.inner.cancel.cancel();
    }

    pub(crate) fn heartbeat_slot(&self) -> &HeartbeatSlot {
        &self.inner.heartbeat
    }
}

impl fmt::Debug for ActivityContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Not the task token: it is a credential for the task.
        f.debug_struct("ActivityContext")
            .field("workflow_execution", &self.inner.workflow_execution)
            .field("activity_type", &self.inner.activity_type)
            .field("activity_id", &self.inner.activity_id)
            .field("started_event_id", &self.inner.started_event_id)
            .field("cancellation_reason", &self.cancellation_reason())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_reason_wins() {
        let ctx = ActivityContext::for_tests();
        assert_eq!(ctx.cancellation_reason(), None);
        ctx.cancel(CancellationReason::TaskGone);
        ctx.cancel(CancellationReason::Requested);
        assert!(ctx.is_cancelled());
        assert_eq!(
            ctx.cancellation_reason(),
            Some(CancellationReason::TaskGone)
        );
    }

    #[test]
    fn a_parent_cancellation_reads_as_shutdown() {
        let parent = CancellationToken::new();
        let ctx = ActivityContext::new(
            ActivityTask::default(),
            parent.child_token(),
            Arc::default(),
        );
        parent.cancel();
        assert_eq!(
            ctx.cancellation_reason(),
            Some(CancellationReason::WorkerShutdown)
        );
    }

    #[tokio::test]
    async fn cancelled_resolves_once_cancelled() {
        let ctx = ActivityContext::for_tests();
        let waiter = {
            let ctx = ctx.clone();
            tokio::spawn(async move { ctx.cancelled().await })
        };
        ctx.cancel(CancellationReason::Requested);
        waiter.await.unwrap();
    }

    #[test]
    fn debug_hides_the_token() {
        let text = format!("{:?}", ActivityContext::for_tests());
        assert!(!text.contains("token\""), "{text}");
        assert!(text.contains("a1"), "{text}");
    }
}
