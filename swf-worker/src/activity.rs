//! The [`Activity`] trait users implement, the error it returns, and the type-erased wrapper the
//! worker runs.
//!
//! Users write a plain `async fn run` with typed input and output. What those types are, and the
//! activity type's name and version, is the activity's [`ActivityDeclaration`] (from `swf-core`):
//! the workflows that schedule the activity use the same declaration, so the compiler checks that
//! both sides agree. `Activity<D>` takes the declaration as a parameter, `Self` by default, so
//! that the common case, one type that declares and implements an activity, reads
//! `impl Activity for X`, while a worker can implement a declaration that lives in another crate
//! (which the orphan rule would forbid if the declaring type had to implement `Activity` itself).
//!
//! The worker serves many activity types at once, so it keeps each behind the object-safe
//! [`ErasedActivity`]: the wrapper decodes the input with the activity's codec, runs the activity
//! with panics caught, encodes the output and checks it against SWF's limit, and reduces whatever
//! happened to an [`Outcome`] the worker knows how to answer. The codec is a type parameter of the
//! wrapper, not of the worker, because [`Codec`]'s methods are generic and so cannot be called
//! through `dyn`; monomorphising it per activity costs nothing and lets activities use different
//! codecs.

use std::any::Any;
use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use futures::FutureExt;
use futures::future::BoxFuture;
use swf_core::ActivityDeclaration;
use swf_core::codec::Codec;

use crate::activity_registration::ActivityRegistration;
use crate::context::ActivityContext;
use crate::truncate::{self, MAX_DETAILS, MAX_REASON};

/// The code that runs the tasks of activity type `D`: an [`ActivityDeclaration`] (name, version,
/// input, output), `Self` unless said otherwise.
///
/// A worker dispatches each task to the activity whose name and version it carries. Input and
/// output travel as strings, encoded by a [`Codec`] (JSON unless the activity is added with
/// [`WorkerBuilder::activity_with_codec`](crate::WorkerBuilder::activity_with_codec)).
///
/// Write `run` as a plain `async fn`; its future must be `Send`, since tasks run on a
/// multi-threaded runtime. Do not block the thread in it: the task's heartbeats are sent from
/// the same tokio task, so CPU-bound or blocking work belongs in `tokio::task::spawn_blocking`.
///
/// One type usually declares the activity and implements it; workflows then schedule it by that
/// type (`swf_decider::ActivityOptions::of::<ChargeCard>()`), with its input and output checked
/// at compile time:
///
/// ```
/// use std::time::Duration;
/// use serde::{Deserialize, Serialize};
/// use swf_worker::{
///     Activity, ActivityContext, ActivityDeclaration, ActivityError, ActivityRegistration,
/// };
///
/// #[derive(Serialize, Deserialize)]
/// struct Charge { order: u64, cents: u64 }
///
/// #[derive(Serialize, Deserialize)]
/// struct Receipt { id: String }
///
/// struct ChargeCard;
///
/// impl ActivityDeclaration for ChargeCard {
///     const NAME: &'static str = "ChargeCard";
///     const VERSION: &'static str = "2";
///     type Input = Charge;
///     type Output = Receipt;
/// }
///
/// impl Activity for ChargeCard {
///     fn registration(&self) -> ActivityRegistration {
///         ActivityRegistration::new()
///             .heartbeat_timeout(Duration::from_secs(20))
///             .start_to_close_timeout(Duration::from_secs(300))
///     }
///
///     async fn run(&self, ctx: &ActivityContext, charge: Charge) -> Result<Receipt, ActivityError> {
///         if charge.cents == 0 {
///             return Err(ActivityError::new("nothing to charge"));
///         }
///         ctx.heartbeat("talking to the bank")?;
///         tokio::select! {
///             _ = ctx.cancelled() => Err(ActivityError::cancelled()),
///             id = async { format!("rcpt-{}", charge.order) } => Ok(Receipt { id }),
///         }
///     }
/// }
/// ```
///
/// When the declarations live in a crate of their own, shared with the workflows, the worker
/// implements the declared type with a type of its own:
///
/// ```
/// # mod shared {
/// #     pub struct Probe;
/// #     impl swf_worker::ActivityDeclaration for Probe {
/// #         const NAME: &'static str = "probe";
/// #         const VERSION: &'static str = "1";
/// #         type Input = String;
/// #         type Output = u64;
/// #     }
/// # }
/// use swf_worker::{Activity, ActivityContext, ActivityError};
///
/// /// Runs `shared::Probe` with the `ffprobe` at this path.
/// struct FfProbe { path: std::path::PathBuf }
///
/// impl Activity<shared::Probe> for FfProbe {
///     async fn run(&self, _: &ActivityContext, video: String) -> Result<u64, ActivityError> {
///         Ok(video.len() as u64) // the real one would run `self.path`
///     }
/// }
/// ```
pub trait Activity<D: ActivityDeclaration = Self>: Send + Sync + 'static {
    /// The type's registration defaults and heartbeat timeout override. Default: none set.
    fn registration(&self) -> ActivityRegistration {
        ActivityRegistration::new()
    }

    /// Runs one task.
    ///
    /// Return [`ActivityError::cancelled`] after [`ActivityContext::cancelled`] fires to report
    /// the task cancelled; any other error is reported as a failure.
    fn run(
        &self,
        ctx: &ActivityContext,
        input: D::Input,
    ) -> impl Future<Output = Result<D::Output, ActivityError>> + Send;
}

/// Why a task did not produce an output: it failed, or it stopped because it was cancelled.
///
/// Any error type converts into a failure with `?`: the reason is the error's message and the
/// details its chain of causes.
///
/// ```
/// use swf_worker::ActivityError;
///
/// fn parse(text: &str) -> Result<u32, ActivityError> {
///     Ok(text.parse::<u32>()?)
/// }
/// let err = parse("x").unwrap_err();
/// assert_eq!(err.reason(), "invalid digit found in string");
///
/// let err = ActivityError::new("card declined").with_details("issuer said: insufficient funds");
/// assert_eq!(err.details(), Some("issuer said: insufficient funds"));
/// assert!(ActivityError::cancelled().is_cancelled());
/// ```
pub struct ActivityError {
    kind: ErrorKind,
    reason: String,
    details: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ErrorKind {
    Failed,
    Cancelled,
}

impl ActivityError {
    /// A failure with this reason. Reasons longer than SWF's 256 characters are cut.
    pub fn new(reason: impl Into<String>) -> Self {
        ActivityError {
            kind: ErrorKind::Failed,
            reason: reason.into(),
            details: None,
        }
    }

    /// The task stopped because it was cancelled. Answered with `RespondActivityTaskCanceled`
    /// when SWF requested the cancellation.
    pub fn cancelled() -> Self {
        ActivityError {
            kind: ErrorKind::Cancelled,
            reason: String::new(),
            details: None,
        }
    }

    /// Adds details: the failure's `details`, or the cancellation's. Longer than SWF's 32,768
    /// characters are cut.
    pub fn with_details(mut self, details: impl Into<String>) -> Self {
        self.details = Some(details.into());
        self
    }

    /// Whether this is [`ActivityError::cancelled`].
    pub fn is_cancelled(&self) -> bool {
        self.kind == ErrorKind::Cancelled
    }

    /// The failure's reason (empty for a cancellation).
    pub fn reason(&self) -> &str {
        &self.reason
    }

    /// The details, if any.
    pub fn details(&self) -> Option<&str> {
        self.details.as_deref()
    }
}

/// Any error is a failure: its `Display` is the reason and its chain of `source()`s, one per
/// line, the details.
impl<E> From<E> for ActivityError
where
    E: std::error::Error + Send + Sync + 'static,
{
    fn from(err: E) -> Self {
        let reason = err.to_string();
        let mut details = reason.clone();
        let mut source = err.source();
        while let Some(cause) = source {
            details.push_str("\ncaused by: ");
            details.push_str(&cause.to_string());
            source = cause.source();
        }
        ActivityError {
            kind: ErrorKind::Failed,
            reason,
            details: Some(details),
        }
    }
}

impl fmt::Debug for ActivityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ActivityError")
            .field("kind", &self.kind)
            .field("reason", &self.reason)
            .field("details", &self.details)
            .finish()
    }
}

impl fmt::Display for ActivityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            ErrorKind::Cancelled => f.write_str("activity cancelled"),
            ErrorKind::Failed => write!(f, "activity failed: {}", self.reason),
        }
    }
}

/// How a task ended, ready to be answered; strings already fit SWF's bounds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// `RespondActivityTaskCompleted` with this result.
    Completed(Option<String>),
    /// `RespondActivityTaskFailed`.
    Failed {
        reason: String,
        details: Option<String>,
    },
    /// The activity returned [`ActivityError::cancelled`].
    Cancelled { details: Option<String> },
}

impl Outcome {
    /// A failure, with both strings cut to SWF's bounds.
    pub(crate) fn failed(reason: impl Into<String>, details: Option<String>) -> Outcome {
        Outcome::Failed {
            reason: truncate::truncated(reason.into(), MAX_REASON),
            details: details.map(|d| truncate::truncated(d, MAX_DETAILS)),
        }
    }

    fn from_error(err: ActivityError) -> Outcome {
        match err.kind {
            ErrorKind::Failed => Outcome::failed(err.reason, err.details),
            ErrorKind::Cancelled => Outcome::Cancelled {
                details: err.details.map(|d| truncate::truncated(d, MAX_DETAILS)),
            },
        }
    }
}

/// An activity of any type, as the worker holds it.
pub(crate) trait ErasedActivity: Send + Sync + 'static {
    fn name(&self) -> &'static str;
    fn version(&self) -> &'static str;
    fn registration(&self) -> ActivityRegistration;
    /// Runs one task on `input`; never panics (a panic of the activity is an [`Outcome`] too).
    fn run(
        self: Arc<Self>,
        ctx: ActivityContext,
        input: Option<String>,
    ) -> BoxFuture<'static, Outcome>;
}

/// An [`Activity`] of declaration `D`, with the codec for its input, output and heartbeat details.
pub(crate) struct Erased<A, D, C> {
    activity: A,
    /// Shared with the context of each task, which encodes heartbeat details with it.
    codec: Arc<C>,
    declared: PhantomData<fn() -> D>,
}

impl<A: Activity<D>, D: ActivityDeclaration, C: Codec> Erased<A, D, C> {
    pub(crate) fn erase(activity: A, codec: C) -> Arc<dyn ErasedActivity> {
        Arc::new(Erased {
            activity,
            codec: Arc::new(codec),
            declared: PhantomData::<fn() -> D>,
        })
    }

    async fn run_typed(&self, ctx: &ActivityContext, input: Option<String>) -> Outcome {
        let input: D::Input = match self.codec.decode(input.as_deref()) {
            Ok(input) => input,
            Err(e) => {
                return Outcome::failed(format!("input could not be decoded: {e}"), input);
            }
        };
        let output = match self.activity.run(ctx, input).await {
            Ok(output) => output,
            Err(err) => return Outcome::from_error(err),
        };
        match self.codec.encode(&output) {
            Ok(Some(text)) if truncate::is_longer_than(&text, MAX_DETAILS) => Outcome::failed(
                format!(
                    "output too large: {} characters, SWF allows at most {MAX_DETAILS}",
                    text.chars().count()
                ),
                Some(truncate::prefix(&text, 1024).to_owned()),
            ),
            Ok(text) => Outcome::Completed(text),
            Err(e) => Outcome::failed(format!("output could not be encoded: {e}"), None),
        }
    }
}

impl<A: Activity<D>, D: ActivityDeclaration, C: Codec> ErasedActivity for Erased<A, D, C> {
    fn name(&self) -> &'static str {
        D::NAME
    }

    fn version(&self) -> &'static str {
        D::VERSION
    }

    fn registration(&self) -> ActivityRegistration {
        self.activity.registration()
    }

    fn run(
        self: Arc<Self>,
        ctx: ActivityContext,
        input: Option<String>,
    ) -> BoxFuture<'static, Outcome> {
        ctx.set_encoder(self.codec.clone());
        Box::pin(async move {
            // `AssertUnwindSafe`: after a panic the task's state is dropped, not used again; the
            // activity's own shared state is its business, as it would be with a panicking
            // thread.
            match AssertUnwindSafe(self.run_typed(&ctx, input))
                .catch_unwind()
                .await
            {
                Ok(outcome) => outcome,
                Err(payload) => {
                    let message = panic_message(&*payload);
                    Outcome::failed(format!("panicked: {message}"), Some(message.to_owned()))
                }
            }
        })
    }
}

/// The message a panic was raised with, when it was a string (as `panic!` makes it).
pub(crate) fn panic_message(payload: &(dyn Any + Send)) -> &str {
    if let Some(s) = payload.downcast_ref::<&'static str>() {
        s
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s
    } else {
        "a non-string payload"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;
    use serde::de::DeserializeOwned;
    use swf_core::codec::JsonCodec;

    struct Echo;
    impl ActivityDeclaration for Echo {
        const NAME: &'static str = "Echo";
        const VERSION: &'static str = "1";
        type Input = String;
        type Output = String;
    }
    impl Activity for Echo {
        async fn run(&self, _: &ActivityContext, input: String) -> Result<String, ActivityError> {
            match input.as_str() {
                "panic" => panic!("asked to panic"),
                "fail" => Err(ActivityError::new("r".repeat(300)).with_details("d")),
                "cancel" => Err(ActivityError::cancelled().with_details("stopped")),
                "big" => Ok("x".repeat(MAX_DETAILS)),
                "io" => Err(std::io::Error::other("disk full").into()),
                _ => Ok(input),
            }
        }
    }

    async fn run(input: Option<&str>) -> Outcome {
        let erased = Erased::erase(Echo, JsonCodec);
        erased
            .run(ActivityContext::for_tests(), input.map(str::to_owned))
            .await
    }

    #[tokio::test]
    async fn success_is_encoded_with_the_codec() {
        assert_eq!(
            run(Some("\"hi\"")).await,
            Outcome::Completed(Some("\"hi\"".into()))
        );
    }

    #[tokio::test]
    async fn undecodable_input_fails_with_a_reason_that_says_so() {
        let Outcome::Failed { reason, details } = run(Some("{not json")).await else {
            panic!()
        };
        assert!(
            reason.starts_with("input could not be decoded: "),
            "{reason}"
        );
        assert_eq!(details.as_deref(), Some("{not json"));
        let Outcome::Failed { reason, .. } = run(None).await else {
            panic!()
        };
        assert!(reason.starts_with("input could not be decoded"), "{reason}");
    }

    #[tokio::test]
    async fn a_panic_is_a_failure_naming_the_message() {
        let Outcome::Failed { reason, .. } = run(Some("\"panic\"")).await else {
            panic!()
        };
        assert_eq!(reason, "panicked: asked to panic");
    }

    #[tokio::test]
    async fn errors_are_failures_cut_to_swf_bounds() {
        let Outcome::Failed { reason, details } = run(Some("\"fail\"")).await else {
            panic!()
        };
        assert_eq!(reason.chars().count(), MAX_REASON);
        assert_eq!(details.as_deref(), Some("d"));
        let Outcome::Failed { reason, details } = run(Some("\"io\"")).await else {
            panic!()
        };
        assert_eq!(reason, "disk full");
        assert_eq!(details.as_deref(), Some("disk full"));
    }

    #[tokio::test]
    async fn a_cancellation_keeps_its_details() {
        let outcome = run(Some("\"cancel\"")).await;
        assert_eq!(
            outcome,
            Outcome::Cancelled {
                details: Some("stopped".into())
            }
        );
    }

    #[tokio::test]
    async fn output_over_the_limit_fails_with_a_reason_that_says_so() {
        // The JSON string's quotes take it two characters over the limit.
        let Outcome::Failed { reason, .. } = run(Some("\"big\"")).await else {
            panic!()
        };
        assert_eq!(
            reason,
            "output too large: 32770 characters, SWF allows at most 32768"
        );
    }

    /// Strings as they are, anything else as JSON: raw-string details, when a codec says so.
    #[derive(Debug)]
    struct Plain;

    impl Codec for Plain {
        fn encode<T: Serialize + ?Sized>(
            &self,
            value: &T,
        ) -> Result<Option<String>, swf_core::codec::CodecError> {
            let json = JsonCodec.encode(value)?;
            Ok(json.map(|j| serde_json::from_str::<String>(&j).unwrap_or(j)))
        }

        fn decode<T: DeserializeOwned>(
            &self,
            text: Option<&str>,
        ) -> Result<T, swf_core::codec::CodecError> {
            JsonCodec.decode(text)
        }
    }

    struct Beats;
    impl ActivityDeclaration for Beats {
        const NAME: &'static str = "Beats";
        const VERSION: &'static str = "1";
        type Input = ();
        type Output = ();
    }
    impl Activity for Beats {
        async fn run(&self, ctx: &ActivityContext, _: ()) -> Result<(), ActivityError> {
            ctx.heartbeat("half")?;
            ctx.heartbeat(&[1, 2])?;
            Ok(())
        }
    }

    #[tokio::test]
    async fn heartbeat_details_are_encoded_with_the_activity_codec() {
        let log = Arc::new(crate::context::HeartbeatLog::default());
        let ctx = ActivityContext::with_log(
            swf_core::types::ActivityTask::default(),
            tokio_util::sync::CancellationToken::new(),
            Arc::default(),
            Some(log.clone()),
        );
        let outcome = Erased::erase(Beats, Plain).run(ctx, None).await;
        assert_eq!(outcome, Outcome::Completed(None));
        assert_eq!(
            *log.lock().unwrap(),
            [Some("half".to_owned()), Some("[1,2]".to_owned())]
        );
    }

    /// Declared apart from its implementation, as a crate shared with the workflows would.
    struct Shout;
    impl ActivityDeclaration for Shout {
        const NAME: &'static str = "Shout";
        const VERSION: &'static str = "2";
        type Input = String;
        type Output = String;
    }

    /// The worker's own type, implementing the declaration it does not own.
    struct Loud;
    impl Activity<Shout> for Loud {
        async fn run(&self, _: &ActivityContext, text: String) -> Result<String, ActivityError> {
            Ok(text.to_uppercase())
        }
    }

    #[tokio::test]
    async fn an_implementation_serves_the_type_its_declaration_names() {
        let erased = Erased::erase(Loud, JsonCodec);
        assert_eq!((erased.name(), erased.version()), ("Shout", "2"));
        let outcome = erased
            .run(ActivityContext::for_tests(), Some("\"hi\"".to_owned()))
            .await;
        assert_eq!(outcome, Outcome::Completed(Some("\"HI\"".to_owned())));
        // And a worker takes it as it takes any activity.
        let client = swf_core::Client::local_builder("http://127.0.0.1:9")
            .build()
            .await
            .unwrap();
        crate::Worker::builder(client).activity(Loud);
    }

    #[test]
    fn error_chains_become_details() {
        #[derive(Debug, thiserror::Error)]
        #[error("could not save")]
        struct Outer(#[source] std::io::Error);
        let err: ActivityError = Outer(std::io::Error::other("disk full")).into();
        assert_eq!(err.reason(), "could not save");
        assert_eq!(err.details(), Some("could not save\ncaused by: disk full"));
        assert_eq!(err.to_string(), "activity failed: could not save");
    }
}
