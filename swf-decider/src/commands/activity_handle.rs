//! [`ActivityHandle`]: what the history says about an activity (a series of attempts under a
//! [`RetryPolicy`](crate::RetryPolicy)), reached by the id the workflow gave it.

use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use swf_core::ActivityDeclaration;
use swf_core::codec::Codec;

use super::Cancellation;
use super::typed::Untyped;
use crate::context::WorkflowContext;
use crate::limits;
use crate::race::Contender;
use crate::state::{ActivityState, ActivityStatus};
use crate::workflow::{Exit, WorkflowResult};

/// Where a series of attempts stands, as one run found it. Kept by the context for the series
/// asked with a retry policy, so that cancels by the workflow's id reach the current attempt.
#[derive(Debug, Clone)]
pub(crate) enum Stage<'a> {
    /// Waiting for the backoff timer `timer_id` before the next attempt (running in the history,
    /// or started by this run).
    Backoff { timer_id: String },
    /// Attempt `attempt_id` is asked for in this run and not in the history yet (or could not be
    /// asked: the fault stops the decision).
    Asked { attempt_id: String },
    /// The current attempt is scheduled or running.
    Open(&'a ActivityState),
    /// Over for good: completed, or ended with no attempt left.
    Done(&'a ActivityState),
    /// Canceled while waiting to retry: the backoff timer was canceled at this event.
    CanceledInBackoff { event_id: i64 },
    /// Canceled while waiting to retry by this run, whose answer cancels backoff timer
    /// `timer_id`. Over already: SWF cancels a timer at once and schedules no decision task for
    /// it, so a workflow that waited for `TimerCanceled` in the history would wait for nothing.
    CancelingBackoff { timer_id: String },
    /// Canceled in this run before the history showed the attempt or its timer.
    Withdrawn,
}

/// What the history says about an activity the workflow asked for: with a
/// [`RetryPolicy`](crate::RetryPolicy), about the whole series of attempts, whose current attempt
/// it follows.
///
/// `A` is the activity as its options name it: a declared activity's handle reads its result as
/// the declared `A::Output`; an [`Untyped`] one's as the type the workflow asks for.
pub struct ActivityHandle<'a, C: Codec, A = Untyped> {
    pub(crate) id: String,
    pub(crate) attempt: u32,
    // The latest attempt the history shows.
    pub(crate) latest: Option<&'a ActivityState>,
    pub(crate) stage: Stage<'a>,
    pub(crate) codec: &'a C,
    pub(crate) declared: PhantomData<fn() -> A>,
}

// By hand: a derived impl would ask `A`, a marker, to be `Debug` too.
impl<C: Codec, A> std::fmt::Debug for ActivityHandle<'_, C, A> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ActivityHandle")
            .field("id", &self.id)
            .field("attempt", &self.attempt)
            .field("latest", &self.latest)
            .field("stage", &self.stage)
            .field("codec", &self.codec)
            .finish()
    }
}

impl<'a, C: Codec, A> ActivityHandle<'a, C, A> {
    /// The latest attempt as the history shows it, if it shows it yet.
    pub fn state(&self) -> Option<&'a ActivityState> {
        self.latest
    }

    /// The attempt the series is at (1 without a retry policy).
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// Whether the activity is over for good: completed, failed with no attempt left, or canceled.
    pub fn is_done(&self) -> bool {
        self.closed_state().is_ok()
    }

    /// The attempt that ended the activity, once it is over for good; [`Exit::Pending`] while an
    /// attempt is asked for, scheduled or running, or the series waits to retry (a failed attempt
    /// that will be retried has not ended it). `None` when no attempt's close ended it: canceled
    /// while waiting to retry, or before it was scheduled.
    ///
    /// For a workflow that cancels an activity and goes on only once it has stopped, whatever it
    /// stopped with; the status's [`details`](ActivityStatus::details) are what it closed with:
    ///
    /// ```
    /// # use swf_decider::{ActivityOptions, Exit, WorkflowContext, WorkflowResult};
    /// fn abort(ctx: &mut WorkflowContext<'_>) -> WorkflowResult<()> {
    ///     let options = ActivityOptions::new("transcode", "1");
    ///     let mut transcode = ctx.activity("transcode", &options, &());
    ///     transcode.cancel(ctx);
    ///     // Pending until the worker acknowledged the cancel (or the transcode ended otherwise).
    ///     let stopped = transcode.closed_state()?;
    ///     let progress = stopped.and_then(|t| t.status.details());
    ///     Err(Exit::fail("aborted", progress.map(str::to_owned)))
    /// }
    /// ```
    pub fn closed_state(&self) -> WorkflowResult<Option<&'a ActivityState>> {
        match self.stage {
            Stage::Done(activity) => Ok(Some(activity)),
            Stage::CanceledInBackoff { .. } | Stage::CancelingBackoff { .. } | Stage::Withdrawn => {
                Ok(None)
            }
            Stage::Backoff { .. } | Stage::Asked { .. } | Stage::Open(_) => Err(Exit::Pending),
        }
    }

    /// Whether it completed.
    pub fn is_completed(&self) -> bool {
        matches!(
            self.stage,
            Stage::Done(ActivityState {
                status: ActivityStatus::Completed { .. },
                ..
            })
        )
    }

    /// For [`first_of`](WorkflowContext::first_of): the activity being over for good, at the event
    /// that closed its last attempt (or canceled the backoff timer it waited on). A failed attempt
    /// that is retried is not the activity's close.
    pub fn closed(&self) -> Contender<'static> {
        Contender::at(match &self.stage {
            Stage::Done(a) => a.closed_event_id,
            Stage::CanceledInBackoff { event_id } => Some(*event_id),
            // Over, but at no event yet: the next run finds the timer's `TimerCanceled`.
            Stage::CancelingBackoff { .. } => None,
            Stage::Backoff { .. } | Stage::Asked { .. } | Stage::Open(_) | Stage::Withdrawn => None,
        })
    }

    /// Cancels the activity, whichever attempt it is at: asks SWF to cancel the open attempt
    /// (`RequestCancelActivityTask`; the worker sees it at its next heartbeat), cancels the backoff
    /// timer it waits on (which ends the series as canceled at once: the handle reports it over
    /// in this run), or takes back an attempt asked for in this run only. Says what it did; see
    /// [`Cancellation`].
    pub fn cancel(&mut self, ctx: &mut WorkflowContext<'_, C>) -> Cancellation {
        let answer = ctx.cancel_stage(&self.stage);
        match (answer, &self.stage) {
            (Cancellation::Withdrawn, _) => self.stage = Stage::Withdrawn,
            (Cancellation::Requested, Stage::Backoff { timer_id }) => {
                let timer_id = timer_id.clone();
                self.stage = Stage::CancelingBackoff { timer_id };
            }
            _ => {}
        }
        answer
    }

    /// The result as `T`: what both `result`s return.
    fn decoded<T: DeserializeOwned>(&self) -> WorkflowResult<T> {
        let id = &self.id;
        let failed = |reason: String, details: Option<&String>| {
            Err(Exit::fail(
                limits::truncate_reason(reason),
                details.cloned(),
            ))
        };
        let activity = match &self.stage {
            Stage::Done(activity) => activity,
            Stage::CanceledInBackoff { .. } | Stage::CancelingBackoff { .. } => {
                return failed(
                    format!("activity `{id}` was canceled while waiting to retry"),
                    None,
                );
            }
            Stage::Withdrawn => {
                return failed(
                    format!("activity `{id}` was canceled before it was scheduled"),
                    None,
                );
            }
            Stage::Backoff { .. } | Stage::Asked { .. } | Stage::Open(_) => {
                return Err(Exit::Pending);
            }
        };
        match &activity.status {
            ActivityStatus::Completed { result } => {
                self.codec.decode(result.as_deref()).map_err(|e| {
                    Exit::error(format!("cannot decode the result of activity `{id}`: {e}"))
                })
            }
            ActivityStatus::Failed { reason, details } => failed(
                format!(
                    "activity `{id}` failed: {}",
                    reason.as_deref().unwrap_or("no reason given")
                ),
                details.as_ref(),
            ),
            ActivityStatus::TimedOut {
                timeout_type,
                details,
            } => failed(
                format!("activity `{id}` timed out ({timeout_type})"),
                details.as_ref(),
            ),
            ActivityStatus::Canceled { details } => {
                failed(format!("activity `{id}` was canceled"), details.as_ref())
            }
            ActivityStatus::ScheduleFailed { cause } => failed(
                format!("activity `{id}` could not be scheduled: {cause}"),
                None,
            ),
            ActivityStatus::Scheduled | ActivityStatus::Started => Err(Exit::Pending),
        }
    }
}

impl<C: Codec> ActivityHandle<'_, C, Untyped> {
    /// The result decoded as `T` once completed; [`Exit::Pending`] while it runs or waits for a
    /// retry; [`Exit::Fail`] naming the activity when it failed, timed out, was canceled or could
    /// not be scheduled, with no attempt left. With `?`, a failed activity fails the workflow.
    ///
    /// The activity is known by name only, so `T` is the workflow's word: a result of another
    /// type is an [`Exit::Error`] at run time. An activity scheduled with
    /// [`ActivityOptions::of`](crate::ActivityOptions::of) has its result type checked at compile
    /// time instead.
    pub fn result<T: DeserializeOwned>(&self) -> WorkflowResult<T> {
        self.decoded()
    }
}

impl<C: Codec, A: ActivityDeclaration> ActivityHandle<'_, C, A> {
    /// The result, the `A::Output` that `A` declares, once completed; [`Exit::Pending`] while it
    /// runs or waits for a retry; [`Exit::Fail`] naming the activity when it failed, timed out,
    /// was canceled or could not be scheduled, with no attempt left. With `?`, a failed activity
    /// fails the workflow. A result that does not decode as an `A::Output` (a worker that runs
    /// another version of `A` than this code declares) is an [`Exit::Error`].
    pub fn result(&self) -> WorkflowResult<A::Output> {
        self.decoded()
    }
}

impl<C: Codec> WorkflowContext<'_, C> {
    /// Cancels a series where `stage` found it.
    pub(crate) fn cancel_stage(&mut self, stage: &Stage<'_>) -> Cancellation {
        match stage {
            Stage::Backoff { timer_id } | Stage::CancelingBackoff { timer_id } => {
                self.cancel_timer_id(timer_id)
            }
            Stage::Asked { attempt_id } => self.cancel_activity_attempt(attempt_id),
            Stage::Open(activity) => self.cancel_activity_attempt(&activity.activity_id),
            Stage::Done(_) | Stage::CanceledInBackoff { .. } => Cancellation::AlreadyClosed,
            Stage::Withdrawn => Cancellation::Withdrawn,
        }
    }
}
