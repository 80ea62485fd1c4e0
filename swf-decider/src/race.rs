//! Races: [`WorkflowContext::first_of`], which of several things happened first in the history.
//!
//! # Why by event id
//!
//! A workflow re-runs from the top on every decision task, so "did the `abort` signal arrive?"
//! can be answered differently from one task to the next, and so can "has `transcode` closed?".
//! A choice between the two made from "what is there now" changes when the other one arrives
//! later, and a replay of an earlier task then decides differently from what it sent. The
//! history orders everything, though: each event has an id, and ids grow. So a race is decided by
//! comparing the event ids at which each contender happened; the earliest wins, also when both
//! arrived before the same decision task. Once decided, the answer is the same on every later run
//! and on every replay, because later events have larger ids.
//!
//! This is what Temporal's `Selector`/`select!` and AWS Flow's `OrPromise` give asynchronous
//! workflows; in a synchronous, re-run workflow the event ids make the order explicit. Pair it
//! with the handles' `cancel` to stop the loser:
//!
//! ```
//! use swf_decider::{ActivityOptions, Contender, Exit, WorkflowContext, WorkflowResult};
//!
//! fn transcode(ctx: &mut WorkflowContext<'_>, video: &str) -> WorkflowResult<String> {
//!     let mut job = ctx.activity("transcode", &ActivityOptions::new("transcode", "1"), &video);
//!     if ctx.first_of([Contender::signal("abort"), job.closed()])?.index == 0 {
//!         job.cancel(ctx);
//!         return Err(Exit::fail("aborted while transcoding", None));
//!     }
//!     job.result()
//! }
//! ```

use swf_core::codec::Codec;

use crate::context::WorkflowContext;
use crate::state::WorkflowState;
use crate::workflow::{Exit, WorkflowResult};

/// Something that happens at one event of the history, for [`WorkflowContext::first_of`].
///
/// Handles give theirs: [`ActivityHandle::closed`](crate::ActivityHandle::closed),
/// [`ChildHandle::closed`](crate::ChildHandle::closed),
/// [`LambdaHandle::closed`](crate::LambdaHandle::closed),
/// [`TimerHandle::fired`](crate::TimerHandle::fired); signals and the execution's cancel request
/// are named here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Contender<'n>(Kind<'n>);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind<'n> {
    Signal(&'n str),
    CancelRequested,
    At(Option<i64>),
}

impl<'n> Contender<'n> {
    /// The first signal named `name` arriving (`WorkflowExecutionSignaled`).
    pub fn signal(name: &'n str) -> Contender<'n> {
        Contender(Kind::Signal(name))
    }

    /// A request to cancel this execution arriving (`WorkflowExecutionCancelRequested`).
    pub fn cancel_requested() -> Contender<'n> {
        Contender(Kind::CancelRequested)
    }

    /// Whatever happened at event `event_id`, or has not happened while `None`: for things the
    /// state knows the event of, such as a marker or a later signal.
    pub fn at(event_id: Option<i64>) -> Contender<'n> {
        Contender(Kind::At(event_id))
    }

    /// The event at which it happened, if it did.
    fn event_id(&self, state: &WorkflowState) -> Option<i64> {
        match self.0 {
            Kind::Signal(name) => state.signals_named(name).next().map(|s| s.event_id),
            Kind::CancelRequested => state.cancel_requested().map(|c| c.event_id),
            Kind::At(event_id) => event_id,
        }
    }
}

/// Which contender of [`WorkflowContext::first_of`] happened first, and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct First {
    /// Its position in the list given to `first_of`, from 0.
    pub index: usize,
    /// The event at which it happened.
    pub event_id: i64,
}

impl<C: Codec> WorkflowContext<'_, C> {
    /// Which of `contenders` happened first in the history (the smallest event id), or
    /// [`Exit::Pending`] while none has. Deterministic: the same history always gives the same
    /// answer, and an answer once given stays the same on every later run, since later events have
    /// larger ids. Two contenders at the same event (the same one listed twice) go to the earlier
    /// in the list.
    pub fn first_of<'n>(
        &self,
        contenders: impl IntoIterator<Item = Contender<'n>>,
    ) -> WorkflowResult<First> {
        contenders
            .into_iter()
            .enumerate()
            .filter_map(|(index, c)| c.event_id(self.state).map(|e| (e, index)))
            .min()
            .map(|(event_id, index)| First { index, event_id })
            .ok_or(Exit::Pending)
    }
}
