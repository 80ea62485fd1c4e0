//! Timers: started, then fired or canceled, each known by its timer id.

use std::collections::HashMap;

use swf_core::types::{
    CancelTimerFailedCause, CancelTimerFailedEventAttributes, StartTimerFailedCause,
    StartTimerFailedEventAttributes, TimerCanceledEventAttributes, TimerFiredEventAttributes,
    TimerStartedEventAttributes, Timestamp,
};

use super::HistoryError;

/// One timer as the history tells it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct TimerState {
    /// The timer id the workflow chose.
    pub timer_id: String,
    /// `startToFireTimeout` in seconds, as the decision gave it.
    pub start_to_fire_timeout: String,
    /// The `control` data it was started with.
    pub control: Option<String>,
    /// The `TimerStarted` event, or `None` when starting failed.
    pub started_event_id: Option<i64>,
    /// When it was started (the `TimerStarted` event's timestamp).
    pub started_at: Option<Timestamp>,
    /// Why a `CancelTimer` decision for it failed, if one did.
    pub cancel_failed: Option<CancelTimerFailedCause>,
    /// Where it stands.
    pub status: TimerStatus,
}

impl TimerState {
    /// Whether the timer is running.
    pub fn is_open(&self) -> bool {
        self.status == TimerStatus::Started
    }
}

/// Where a timer stands.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum TimerStatus {
    /// Running.
    Started,
    /// Fired, in this `TimerFired` event.
    Fired {
        /// The `TimerFired` event.
        event_id: i64,
    },
    /// Canceled by the workflow, in this `TimerCanceled` event.
    Canceled {
        /// The `TimerCanceled` event.
        event_id: i64,
    },
    /// The `StartTimer` decision failed.
    StartFailed {
        /// Why.
        cause: StartTimerFailedCause,
    },
}

/// Every timer of the execution, by timer id and by started event id.
#[derive(Debug, Clone, Default)]
pub struct Timers {
    all: Vec<TimerState>,
    by_id: HashMap<String, usize>,
    by_started: HashMap<i64, usize>,
    open: usize,
}

impl Timers {
    /// The latest timer with this id.
    pub fn get(&self, timer_id: &str) -> Option<&TimerState> {
        self.by_id.get(timer_id).map(|&i| &self.all[i])
    }

    /// Every timer in the order it was started.
    pub fn iter(&self) -> impl Iterator<Item = &TimerState> {
        self.all.iter()
    }

    /// How many timers are running.
    pub fn open_count(&self) -> usize {
        self.open
    }

    pub(crate) fn started(&mut self, event_id: i64, at: Timestamp, a: TimerStartedEventAttributes) {
        let index = self.all.len();
        self.by_id.insert(a.timer_id.clone(), index);
        self.by_started.insert(event_id, index);
        self.open += 1;
        self.all.push(TimerState {
            timer_id: a.timer_id,
            start_to_fire_timeout: a.start_to_fire_timeout,
            control: a.control,
            started_event_id: Some(event_id),
            started_at: Some(at),
            cancel_failed: None,
            status: TimerStatus::Started,
        });
    }

    pub(crate) fn start_failed(&mut self, a: StartTimerFailedEventAttributes) {
        // TIMER_ID_ALREADY_IN_USE refuses the new decision; the running timer stays as it is.
        if self.get(&a.timer_id).is_some_and(TimerState::is_open) {
            return;
        }
        let index = self.all.len();
        self.by_id.insert(a.timer_id.clone(), index);
        self.all.push(TimerState {
            timer_id: a.timer_id,
            start_to_fire_timeout: String::new(),
            control: None,
            started_event_id: None,
            started_at: None,
            cancel_failed: None,
            status: TimerStatus::StartFailed { cause: a.cause },
        });
    }

    pub(crate) fn fired(
        &mut self,
        event_id: i64,
        a: TimerFiredEventAttributes,
    ) -> Result<(), HistoryError> {
        self.close(
            event_id,
            a.started_event_id,
            TimerStatus::Fired { event_id },
        )
    }

    pub(crate) fn canceled(
        &mut self,
        event_id: i64,
        a: TimerCanceledEventAttributes,
    ) -> Result<(), HistoryError> {
        self.close(
            event_id,
            a.started_event_id,
            TimerStatus::Canceled { event_id },
        )
    }

    pub(crate) fn cancel_failed(&mut self, a: CancelTimerFailedEventAttributes) {
        // TIMER_ID_UNKNOWN is a legitimate answer for an id the history never saw.
        if let Some(&index) = self.by_id.get(&a.timer_id) {
            self.all[index].cancel_failed = Some(a.cause);
        }
    }

    fn close(
        &mut self,
        event_id: i64,
        started: i64,
        status: TimerStatus,
    ) -> Result<(), HistoryError> {
        let index = *self.by_started.get(&started).ok_or_else(|| {
            HistoryError::unknown_reference(event_id, format!("timer started event {started}"))
        })?;
        let timer = &mut self.all[index];
        if timer.is_open() {
            self.open -= 1;
        }
        timer.status = status;
        Ok(())
    }
}
