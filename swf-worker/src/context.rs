//! [`ActivityContext`]: what a running task knows about itself, its heartbeat, and its
//! cancellation signal.
//!
//! The context is shared by the activity (which records heartbeat details and watches for
//! cancellation) and the worker's heartbeater for the task (which sends the details and fires
//! the signal). Everything lives in one allocation per task, and the task's strings are moved in
//! from the poll's answer rather than copied.
//!
//! Heartbeat details are typed, like inputs and outputs, and encoded by the same codec: the
//! activity's. The codec is a type parameter of the erased activity, and [`Codec::encode`] is
//! generic, so it cannot be called through `dyn`; the context holds the codec as a
//! [`DetailsEncoder`] instead, which takes the details type-erased (`erased_serde`). The erased
//! activity hands its codec to the context before the activity runs (it builds nothing else of
//! the context), and [`testing`](crate::testing) hands one at construction.

use std::fmt;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use serde::Serialize;
use swf_core::codec::{Codec, CodecError, JsonCodec};
use swf_core::types::{ActivityTask, ActivityType, WorkflowExecution};
use tokio_util::sync::CancellationToken;

use crate::heartbeat::HeartbeatSlot;
use crate::metrics::Counters;
use crate::truncate::{self, MAX_HEARTBEAT_DETAILS};

/// A codec as the context holds it: it encodes details whose type is erased.
pub(crate) trait DetailsEncoder: Send + Sync {
    /// Encodes `details` as [`Codec::encode`] would encode the value behind them.
    fn encode_details(
        &self,
        details: &dyn erased_serde::Serialize,
    ) -> Result<Option<String>, CodecError>;
}

impl<C: Codec> DetailsEncoder for C {
    fn encode_details(
        &self,
        details: &dyn erased_serde::Serialize,
    ) -> Result<Option<String>, CodecError> {
        self.encode(details)
    }
}

/// A reference to a value of any type, sized, so that it can be erased (`str` cannot be).
struct Details<'a, T: ?Sized>(&'a T);

impl<T: Serialize + ?Sized> Serialize for Details<'_, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

/// Every heartbeat details a context recorded, encoded, in order; kept for tests only.
pub(crate) type HeartbeatLog = Mutex<Vec<Option<String>>>;

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
/// use serde::Serialize;
/// use swf_worker::{ActivityContext, ActivityError};
///
/// #[derive(Serialize)]
/// struct Progress { copied: usize, of: usize }
///
/// async fn copy_files(ctx: &ActivityContext, files: &[String]) -> Result<(), ActivityError> {
///     for (i, file) in files.iter().enumerate() {
///         if ctx.is_cancelled() {
///             return Err(ActivityError::cancelled().with_details(format!("stopped at {file}")));
///         }
///         // ... copy `file` ...
///         ctx.heartbeat(&Progress { copied: i + 1, of: files.len() })?;
///     }
///     Ok(())
/// }
/// ```
///
/// To unit-test an activity, build a context with
/// [`TestActivityContext`](crate::testing::TestActivityContext).
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
    /// The activity's codec, for heartbeat details; JSON until the activity's is set.
    encoder: OnceLock<Arc<dyn DetailsEncoder>>,
    /// Every details recorded, when a test asked for them; `None` in a worker.
    log: Option<Arc<HeartbeatLog>>,
}

impl ActivityContext {
    /// The context of `task` (whose `input` has been taken out); `cancel` fires its signal.
    pub(crate) fn new(
        task: ActivityTask,
        cancel: CancellationToken,
        counters: Arc<Counters>,
    ) -> Self {
        ActivityContext::with_log(task, cancel, counters, None)
    }

    /// [`new`](Self::new), also keeping every details recorded in `log` when given.
    pub(crate) fn with_log(
        task: ActivityTask,
        cancel: CancellationToken,
        counters: Arc<Counters>,
        log: Option<Arc<HeartbeatLog>>,
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
                encoder: OnceLock::new(),
                log,
            }),
        }
    }

    /// Sets the codec heartbeat details are encoded with: the activity's. The first one set
    /// stays.
    pub(crate) fn set_encoder(&self, encoder: Arc<dyn DetailsEncoder>) {
        let _ = self.inner.encoder.set(encoder);
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

    /// Records progress to send with the task's next heartbeat, encoded with the activity's
    /// codec (the one its input and output use: JSON unless the activity was added with
    /// [`WorkerBuilder::activity_with_codec`](crate::WorkerBuilder::activity_with_codec)).
    /// Returns at once: it never waits for the network.
    ///
    /// The worker heartbeats on its own whether or not this is called; calling it only sets the
    /// details. The first details of a task are sent at once; later ones replace whatever is
    /// still waiting and go out with the next heartbeat the throttle allows, so calling this in a
    /// tight loop is cheap (each call encodes, though). The latest details are sent before the
    /// task is answered, and are the `details` of an `ActivityTaskTimedOut` event if the task
    /// times out, where a workflow decodes them with the same codec.
    ///
    /// Fails, recording nothing, when the codec cannot encode `details`; with `?` in an
    /// activity that is a task failure. Encoded details longer than SWF's 2,048 characters are
    /// cut to that length, and then no longer decode.
    ///
    /// ```
    /// use serde::Serialize;
    /// use swf_worker::{ActivityContext, ActivityError};
    ///
    /// #[derive(Serialize)]
    /// struct Transcoding { frame: u64, of: u64 }
    ///
    /// fn progress(ctx: &ActivityContext, frame: u64) -> Result<(), ActivityError> {
    ///     ctx.heartbeat(&Transcoding { frame, of: 7_200 })?; // {"frame":…,"of":7200} with JSON
    ///     Ok(())
    /// }
    /// ```
    pub fn heartbeat<T: Serialize + ?Sized>(&self, details: &T) -> Result<(), CodecError> {
        let encoder: &dyn DetailsEncoder = match self.inner.encoder.get() {
            Some(encoder) => &**encoder,
            None => &JsonCodec,
        };
        let encoded = encoder
            .encode_details(&Details(details))
            .map_err(|e| CodecError::new(format!("heartbeat details could not be encoded: {e}")))?;
        self.record_heartbeat(encoded.as_deref().unwrap_or_default());
        Ok(())
    }

    /// Records details already encoded (empty for none) for the next heartbeat.
    pub(crate) fn record_heartbeat(&self, details: impl AsRef<str>) {
        let details = details.as_ref();
        if let Some(log) = &self.inner.log {
            let mut log = log.lock().unwrap_or_else(PoisonError::into_inner);
            // What the slot keeps and SWF would get: cut to the limit.
            let sent = truncate::prefix(details, MAX_HEARTBEAT_DETAILS);
            log.push((!sent.is_empty()).then(|| sent.to_owned()));
        }
        if self.inner.heartbeat.record(details) {
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

    /// A context that keeps every details recorded, with the JSON codec until another is set.
    fn logged() -> (ActivityContext, Arc<HeartbeatLog>) {
        let log = Arc::new(HeartbeatLog::default());
        let ctx = ActivityContext::with_log(
            ActivityTask::default(),
            CancellationToken::new(),
            Arc::default(),
            Some(log.clone()),
        );
        (ctx, log)
    }

    fn recorded(log: &HeartbeatLog) -> Vec<Option<String>> {
        log.lock().unwrap().clone()
    }

    #[derive(Serialize)]
    struct Progress {
        frame: u32,
    }

    /// Refuses to be encoded, as a value a codec cannot represent would.
    struct Unencodable;

    impl Serialize for Unencodable {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("no way to write this"))
        }
    }

    /// Encodes as JSON behind a marker, to tell which codec encoded.
    #[derive(Debug)]
    struct Marked;

    impl Codec for Marked {
        fn encode<T: Serialize + ?Sized>(&self, value: &T) -> Result<Option<String>, CodecError> {
            Ok(JsonCodec
                .encode(value)?
                .map(|json| format!("marked:{json}")))
        }

        fn decode<T: serde::de::DeserializeOwned>(&self, _: Option<&str>) -> Result<T, CodecError> {
            Err(CodecError::new("not needed"))
        }
    }

    #[test]
    fn details_are_encoded_with_json_until_the_activity_codec_is_set() {
        let (ctx, log) = logged();
        ctx.heartbeat(&Progress { frame: 1 }).unwrap();
        ctx.heartbeat("text").unwrap();
        // Encoded as nothing: a heartbeat without details.
        ctx.heartbeat(&()).unwrap();
        ctx.set_encoder(Arc::new(Marked));
        ctx.heartbeat(&Progress { frame: 2 }).unwrap();
        assert_eq!(
            recorded(&log),
            [
                Some(r#"{"frame":1}"#.to_owned()),
                Some(r#""text""#.to_owned()),
                None,
                Some(r#"marked:{"frame":2}"#.to_owned()),
            ]
        );
    }

    #[test]
    fn details_that_do_not_encode_are_an_error_and_record_nothing() {
        let (ctx, log) = logged();
        let err = ctx.heartbeat(&Unencodable).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("heartbeat details could not be encoded: "),
            "{err}"
        );
        assert!(err.to_string().contains("no way to write this"), "{err}");
        assert!(recorded(&log).is_empty());
        // And with `?`, an activity's failure that says why.
        let failure =
            (|| -> Result<(), crate::ActivityError> { Ok(ctx.heartbeat(&Unencodable)?) })()
                .unwrap_err();
        assert!(
            failure
                .reason()
                .starts_with("heartbeat details could not be encoded")
        );
    }

    #[test]
    fn details_over_the_limit_are_cut_as_swf_would_get_them() {
        let (ctx, log) = logged();
        ctx.heartbeat(&"é".repeat(3000)).unwrap();
        let sent = recorded(&log).pop().flatten().unwrap();
        assert_eq!(sent.chars().count(), MAX_HEARTBEAT_DETAILS);
        assert!(sent.starts_with("\"é"), "{sent}");
    }

    #[test]
    fn debug_hides_the_token() {
        let text = format!("{:?}", ActivityContext::for_tests());
        assert!(!text.contains("token\""), "{text}");
        assert!(text.contains("a1"), "{text}");
    }
}
