//! Unit tests of activities: a real [`ActivityContext`] without a worker or SWF.
//!
//! An activity's `run` takes a context, and a context normally comes from a task a worker
//! polled. [`TestActivityContext`] makes one for a made-up task, so a test can call
//! `MyActivity.run(test.context(), input)` directly, cancel the task as SWF's cancel request
//! would, and read back every heartbeat details the activity recorded. Nothing is faked: the
//! context is the one a worker builds, its cancellation is the one the worker's heartbeater
//! fires, and heartbeat details go through the codec the test gives (JSON by default), the one
//! the worker would use. Only the sending is absent: a test sees every details recorded, where
//! a worker would coalesce them into fewer heartbeats.
//!
//! ```
//! use serde::Serialize;
//! use swf_worker::testing::TestActivityContext;
//! use swf_worker::{
//!     Activity, ActivityContext, ActivityDeclaration, ActivityError, CancellationReason,
//! };
//!
//! #[derive(Serialize, serde::Deserialize, Debug, PartialEq)]
//! struct Progress { frame: u32 }
//!
//! struct Transcode;
//!
//! impl ActivityDeclaration for Transcode {
//!     const NAME: &'static str = "Transcode";
//!     const VERSION: &'static str = "1";
//!     type Input = u32;
//!     type Output = u32;
//! }
//!
//! impl Activity for Transcode {
//!     async fn run(&self, ctx: &ActivityContext, frames: u32) -> Result<u32, ActivityError> {
//!         for frame in 1..=frames {
//!             if ctx.is_cancelled() {
//!                 return Err(ActivityError::cancelled());
//!             }
//!             ctx.heartbeat(&Progress { frame })?;
//!             tokio::task::yield_now().await;
//!         }
//!         Ok(frames)
//!     }
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! // Runs to the end, heartbeating each frame.
//! let test = TestActivityContext::new();
//! assert_eq!(Transcode.run(test.context(), 3).await.unwrap(), 3);
//! let frames: Vec<Progress> = test.heartbeats().unwrap();
//! assert_eq!(frames, [Progress { frame: 1 }, Progress { frame: 2 }, Progress { frame: 3 }]);
//!
//! // Cancelled as SWF would: the activity sees the signal and the reason `Requested`.
//! let test = TestActivityContext::new();
//! test.cancel();
//! assert!(Transcode.run(test.context(), 3).await.unwrap_err().is_cancelled());
//! assert_eq!(test.context().cancellation_reason(), Some(CancellationReason::Requested));
//! assert!(test.recorded_heartbeats().is_empty());
//! # }
//! ```

use std::fmt;
use std::sync::{Arc, PoisonError};

use serde::de::DeserializeOwned;
use swf_core::codec::{Codec, CodecError, JsonCodec};
use swf_core::types::{ActivityTask, ActivityType, WorkflowExecution};
use tokio_util::sync::CancellationToken;

use crate::context::{ActivityContext, CancellationReason, HeartbeatLog};

/// An [`ActivityContext`] for a made-up task, with the controls a unit test needs: cancelling
/// the task, and reading back the heartbeat details the activity recorded.
///
/// `C` is the codec heartbeat details are encoded with, and decoded by
/// [`heartbeats`](Self::heartbeats): JSON unless built with
/// [`with_codec`](Self::with_codec). See the [module docs](self) for an example.
pub struct TestActivityContext<C: Codec = JsonCodec> {
    context: ActivityContext,
    codec: Arc<C>,
    log: Arc<HeartbeatLog>,
}

impl TestActivityContext<JsonCodec> {
    /// A context with the JSON codec, for a task of workflow `test-workflow` (run `test-run`),
    /// activity id `test-activity`, type `test`/`1`.
    pub fn new() -> Self {
        TestActivityContext::with_codec(JsonCodec)
    }
}

impl Default for TestActivityContext<JsonCodec> {
    fn default() -> Self {
        TestActivityContext::new()
    }
}

impl<C: Codec> TestActivityContext<C> {
    /// A context whose heartbeat details are encoded with `codec`, as a worker would encode
    /// them for an activity added with
    /// [`activity_with_codec`](crate::WorkerBuilder::activity_with_codec).
    pub fn with_codec(codec: C) -> Self {
        TestActivityContext::with_task(Arc::new(codec), made_up_task())
    }

    /// The same context for a task of activity id `activity_id`.
    pub fn activity_id(self, activity_id: impl Into<String>) -> Self {
        let mut task = self.task();
        task.activity_id = activity_id.into();
        TestActivityContext::with_task(self.codec, task)
    }

    /// The same context for a task of workflow execution `workflow_id`/`run_id`.
    pub fn workflow_execution(
        self,
        workflow_id: impl Into<String>,
        run_id: impl Into<String>,
    ) -> Self {
        let mut task = self.task();
        task.workflow_execution = WorkflowExecution {
            workflow_id: workflow_id.into(),
            run_id: run_id.into(),
        };
        TestActivityContext::with_task(self.codec, task)
    }

    /// The same context for a task of activity type `name`/`version`.
    pub fn activity_type(self, name: impl Into<String>, version: impl Into<String>) -> Self {
        let mut task = self.task();
        task.activity_type = ActivityType {
            name: name.into(),
            version: version.into(),
        };
        TestActivityContext::with_task(self.codec, task)
    }

    /// The context to give to the activity's `run`. Clones share the task, so a test may hand
    /// one to a spawned activity and keep this handle.
    pub fn context(&self) -> &ActivityContext {
        &self.context
    }

    /// Cancels the task as SWF does when a decider requests it: the signal fires
    /// ([`ActivityContext::cancelled`] resolves, [`is_cancelled`](ActivityContext::is_cancelled)
    /// turns true) with [`CancellationReason::Requested`], so that the activity's
    /// [`ActivityError::cancelled`](crate::ActivityError::cancelled) would be answered with
    /// `RespondActivityTaskCanceled`.
    pub fn cancel(&self) {
        self.cancel_with(CancellationReason::Requested);
    }

    /// Cancels the task for `reason`, as the worker does: `TaskGone` when SWF no longer knows
    /// the task, `WorkerShutdown` when the grace period of a shutdown ends. The first reason
    /// given stays.
    pub fn cancel_with(&self, reason: CancellationReason) {
        self.context.cancel(reason);
    }

    /// Every heartbeat details recorded so far, in order, as encoded (`None` for details the
    /// codec encodes as nothing, such as `()`), cut to SWF's 2,048 characters as a worker would
    /// send them.
    pub fn recorded_heartbeats(&self) -> Vec<Option<String>> {
        self.log
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Every heartbeat details recorded so far, in order, decoded with the codec; fails on the
    /// first that does not decode as `T`.
    pub fn heartbeats<T: DeserializeOwned>(&self) -> Result<Vec<T>, CodecError> {
        self.recorded_heartbeats()
            .iter()
            .map(|details| self.codec.decode(details.as_deref()))
            .collect()
    }

    /// A context for `task`, with `codec` for heartbeat details and a fresh log.
    fn with_task(codec: Arc<C>, task: ActivityTask) -> Self {
        let log = Arc::new(HeartbeatLog::default());
        let context = ActivityContext::with_log(
            task,
            CancellationToken::new(),
            Arc::default(),
            Some(log.clone()),
        );
        context.set_encoder(codec.clone());
        TestActivityContext {
            context,
            codec,
            log,
        }
    }

    /// The task of this context, to build another from.
    fn task(&self) -> ActivityTask {
        ActivityTask {
            activity_id: self.context.activity_id().to_owned(),
            activity_type: self.context.activity_type().clone(),
            workflow_execution: self.context.workflow_execution().clone(),
            task_token: self.context.task_token().to_owned(),
            started_event_id: self.context.started_event_id(),
            ..ActivityTask::default()
        }
    }
}

impl<C: Codec> fmt::Debug for TestActivityContext<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TestActivityContext")
            .field("context", &self.context)
            .field("codec", &self.codec)
            .finish_non_exhaustive()
    }
}

/// The task a test context stands for.
fn made_up_task() -> ActivityTask {
    ActivityTask {
        activity_id: "test-activity".into(),
        activity_type: ActivityType {
            name: "test".into(),
            version: "1".into(),
        },
        workflow_execution: WorkflowExecution {
            workflow_id: "test-workflow".into(),
            run_id: "test-run".into(),
        },
        task_token: "test-token".into(),
        ..ActivityTask::default()
    }
}
