//! Timers: [`WorkflowContext::timer`], [`WorkflowContext::cancel_timer`] and the handle.

use std::time::Duration;

use swf_core::codec::Codec;
use swf_core::types::{Decision, DecisionType, StartTimerDecisionAttributes};

use super::{Cancellation, CommandKey, seconds};
use crate::context::WorkflowContext;
use crate::limits;
use crate::race::Contender;
use crate::state::{TimerState, TimerStatus};
use crate::workflow::{Exit, WorkflowResult};

/// What the history says about a timer the workflow asked for.
#[derive(Debug, Clone)]
pub struct TimerHandle<'a> {
    id: String,
    timer: Option<&'a TimerState>,
    // Canceled in this run before the history showed it.
    withdrawn: bool,
}

impl<'a> TimerHandle<'a> {
    /// The timer as the history shows it, if it shows it yet.
    pub fn state(&self) -> Option<&'a TimerState> {
        self.timer
    }

    /// Whether it fired.
    pub fn is_fired(&self) -> bool {
        matches!(
            self.timer.map(|t| &t.status),
            Some(TimerStatus::Fired { .. })
        )
    }

    /// For [`first_of`](WorkflowContext::first_of): the timer firing (`TimerFired`). A timer
    /// that was canceled or could not be started never fires.
    pub fn fired(&self) -> Contender<'static> {
        Contender::at(match self.timer.map(|t| &t.status) {
            Some(&TimerStatus::Fired { event_id }) => Some(event_id),
            _ => None,
        })
    }

    /// Cancels the timer (`CancelTimer`) if it runs, or takes it back if this run started it and
    /// the history does not show it yet. Says what it did; see [`Cancellation`].
    pub fn cancel<C: Codec>(&mut self, ctx: &mut WorkflowContext<'_, C>) -> Cancellation {
        let answer = ctx.cancel_timer_id(&self.id);
        if answer == Cancellation::Withdrawn {
            self.withdrawn = true;
        }
        answer
    }

    /// `Ok` once fired, [`Exit::Pending`] until then. A timer that was canceled or could not be
    /// started never fires; waiting on it is a mistake in the workflow and stops the run with
    /// [`Exit::Error`].
    pub fn wait(&self) -> WorkflowResult<()> {
        if self.withdrawn {
            return Err(Exit::error(format!(
                "waiting on timer `{}`, which was canceled",
                self.id
            )));
        }
        let Some(timer) = self.timer else {
            return Err(Exit::Pending);
        };
        match &timer.status {
            TimerStatus::Fired { .. } => Ok(()),
            TimerStatus::Started => Err(Exit::Pending),
            TimerStatus::Canceled { .. } => Err(Exit::error(format!(
                "waiting on timer `{}`, which was canceled",
                timer.timer_id
            ))),
            TimerStatus::StartFailed { cause } => Err(Exit::error(format!(
                "waiting on timer `{}`, which could not be started: {cause}",
                timer.timer_id
            ))),
        }
    }
}

impl<'a, C: Codec> WorkflowContext<'a, C> {
    /// Asks for timer `id` to fire after `delay` (whole seconds, rounded up), and tells what the
    /// history says about it. Started the first time; nothing is emitted on later runs.
    pub fn timer(&mut self, id: &str, delay: Duration) -> TimerHandle<'a> {
        let timer = self.state.timers().get(id);
        if timer.is_none() {
            self.start_timer_command(id, delay);
        }
        TimerHandle {
            id: id.to_owned(),
            timer,
            withdrawn: self.commands.is_withdrawn(&DecisionType::StartTimer, id),
        }
    }

    /// `ctx.timer(id, delay).wait()`: waits `delay` from the first time it is asked.
    pub fn sleep(&mut self, id: &str, delay: Duration) -> WorkflowResult<()> {
        self.timer(id, delay).wait()
    }

    /// Cancels timer `id` (`CancelTimer`) if the history shows it running, or takes it back if
    /// this run started it and the history does not show it yet; otherwise changes nothing and
    /// says why ([`Cancellation`]).
    #[must_use = "a cancel that cannot take effect (an unknown id, a timer that fired) says so in its answer"]
    pub fn cancel_timer(&mut self, id: &str) -> Cancellation {
        self.cancel_timer_id(id)
    }

    /// Emits `StartTimer` for `id` unless this run already did.
    pub(crate) fn start_timer_command(&mut self, id: &str, delay: Duration) {
        let kind = DecisionType::StartTimer;
        if self.commands.already_asked(&kind, id) {
            return;
        }
        if let Err(e) = limits::check_id(id, &|| "timer id".to_owned()) {
            self.commands.fail(e);
            return;
        }
        let d = Decision::from(StartTimerDecisionAttributes {
            timer_id: id.to_owned(),
            start_to_fire_timeout: seconds(delay),
            control: None,
        });
        self.commands.push(CommandKey::new(kind, id), d);
    }
}
