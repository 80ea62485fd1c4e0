//! Finding a task's `ActivityTaskScheduled` event by reading its run's history from the end.
//!
//! The task names its `ActivityTaskStarted` event (`startedEventId`); that event names the
//! scheduled one (`scheduledEventId`), which comes before it; the scheduled event holds the
//! heartbeat timeout. Both are normally among the last events when the task starts, so the
//! history is read newest first, a page at a time, until the scheduled event is reached.

use std::collections::HashMap;
use std::time::Duration;

use swf_core::types::{
    EventAttributesRef, GetWorkflowExecutionHistoryInput, History, HistoryEvent, WorkflowExecution,
};
use swf_core::{Client, Timeout};
use tokio::sync::Semaphore;

use crate::metrics::Counters;

/// Events per page. A sequential workflow's scheduled event is a few events before the
/// started one, and a whole decision's fan-out (at most 100 decisions) fits in one page with
/// the first started events after it; SWF's default of 1,000 would mostly carry events nobody
/// reads, each with its input.
pub(super) const PAGE_SIZE: i32 = 100;
/// The most pages one read goes back: 2,000 events from the end of the history.
pub(super) const MAX_PAGES: usize = 20;
/// How many times a read whose newest event is older than the task's start is repeated:
/// SWF's `GetWorkflowExecutionHistory` is eventually consistent.
const STALE_RETRIES: u32 = 3;
/// The wait before the first repeat of such a read; the next ones wait twice, three times as
/// long.
const STALE_WAIT: Duration = Duration::from_millis(100);
/// How many events a run's [`RunEvents`] remembers before it forgets them all and starts
/// again: a bound on memory for runs with very long histories.
const MAX_REMEMBERED: usize = 20_000;

/// Why the heartbeat timeout a task was scheduled with could not be learned.
#[derive(Debug, thiserror::Error)]
pub(crate) enum LookupError {
    /// The service refused the read: no permission for `GetWorkflowExecutionHistory`.
    #[error("reading the history was refused: {0}")]
    Refused(swf_core::Error),
    /// The read failed (after the client's own retries).
    #[error("reading the history failed: {0}")]
    Failed(swf_core::Error),
    /// The history read did not yet show the task's start.
    #[error(
        "the history does not show the task's ActivityTaskStarted event {started} yet (its \
         newest event is {newest}) after {} reads", STALE_RETRIES + 1
    )]
    Stale { started: i64, newest: i64 },
    /// The scheduled event is further back than a read goes.
    #[error(
        "the task's ActivityTaskScheduled event is more than {events} events before the end of \
         the history"
    )]
    TooFar { events: usize },
    /// The history ended, or went past the scheduled event's id, without showing it.
    #[error(
        "the history has no ActivityTaskScheduled event for the task's ActivityTaskStarted \
         event {started}"
    )]
    NotInHistory { started: i64 },
    /// The scheduled event has no heartbeat timeout, or one that is not SWF's form.
    #[error("ActivityTaskScheduled event {scheduled} gives no readable heartbeatTimeout")]
    Unreadable { scheduled: i64 },
    /// The whole lookup took too long.
    #[error("reading the history took more than {0:?}")]
    TimedOut(Duration),
}

impl LookupError {
    pub(crate) fn from_swf(err: swf_core::Error) -> LookupError {
        if err.is_access_denied() || err.is_operation_not_permitted() {
            LookupError::Refused(err)
        } else {
            LookupError::Failed(err)
        }
    }

    /// Whether the worker's credentials may not read histories.
    pub(crate) fn is_refused(&self) -> bool {
        matches!(self, LookupError::Refused(_))
    }
}

/// What one run's history has told so far. Events never change once written, so what one
/// task's read learned stays true for every later task of the run.
#[derive(Debug, Default)]
pub(crate) struct RunEvents {
    /// The id of each `ActivityTaskStarted` event seen, to the id of its scheduled event.
    scheduled_of: HashMap<i64, i64>,
    /// The id of each `ActivityTaskScheduled` event seen, to its heartbeat timeout (`None`:
    /// absent or unreadable).
    heartbeat_timeouts: HashMap<i64, Option<Timeout>>,
}

impl RunEvents {
    /// Remembers the activity events of `events`.
    fn learn(&mut self, events: &[HistoryEvent]) {
        if self.scheduled_of.len() + self.heartbeat_timeouts.len() + events.len() > MAX_REMEMBERED {
            *self = RunEvents::default();
        }
        for event in events {
            match event.attributes() {
                EventAttributesRef::ActivityTaskStarted(a) => {
                    self.scheduled_of
                        .insert(event.event_id, a.scheduled_event_id);
                }
                EventAttributesRef::ActivityTaskScheduled(a) => {
                    let timeout = a.heartbeat_timeout.as_deref().and_then(|t| t.parse().ok());
                    self.heartbeat_timeouts.insert(event.event_id, timeout);
                }
                _ => {}
            }
        }
    }

    /// The heartbeat timeout of the task whose started event is `started`, when both its events
    /// have been seen.
    fn resolve(&self, started: i64) -> Option<Result<Timeout, LookupError>> {
        let scheduled = *self.scheduled_of.get(&started)?;
        let timeout = *self.heartbeat_timeouts.get(&scheduled)?;
        Some(timeout.ok_or(LookupError::Unreadable { scheduled }))
    }
}

/// Reads one run's history for the tasks of a worker.
pub(crate) struct HistoryReader<'a> {
    pub(crate) client: &'a Client,
    /// The worker's limit on requests in flight, which reads share with heartbeats and answers.
    pub(crate) requests: &'a Semaphore,
    pub(crate) counters: &'a Counters,
    pub(crate) domain: &'a str,
    pub(crate) execution: &'a WorkflowExecution,
}

impl HistoryReader<'_> {
    /// The heartbeat timeout of the task whose `ActivityTaskStarted` event is `started`: from
    /// what `known` already holds, else read from the end of the history (and remembered).
    pub(crate) async fn heartbeat_timeout(
        &self,
        known: &mut RunEvents,
        started: i64,
    ) -> Result<Timeout, LookupError> {
        if let Some(found) = known.resolve(started) {
            return found;
        }
        let mut repeats = 0;
        loop {
            match self.read_back(known, started).await {
                Err(LookupError::Stale { .. }) if repeats < STALE_RETRIES => {
                    repeats += 1;
                    tokio::time::sleep(STALE_WAIT * repeats).await;
                }
                found => return found,
            }
        }
    }

    /// Reads pages from the end until the task's scheduled event, at most [`MAX_PAGES`].
    async fn read_back(&self, known: &mut RunEvents, started: i64) -> Result<Timeout, LookupError> {
        let mut token = None;
        for page_number in 0..MAX_PAGES {
            let page = self.page(token).await?;
            if page_number == 0 {
                let newest = page.events.first().map_or(0, |e| e.event_id);
                if newest < started {
                    return Err(LookupError::Stale { started, newest });
                }
            }
            known.learn(&page.events);
            if let Some(found) = known.resolve(started) {
                return found;
            }
            let oldest = page.events.last().map_or(0, |e| e.event_id);
            let passed = known
                .scheduled_of
                .get(&started)
                .is_some_and(|&s| oldest <= s);
            token = page.next_page_token.filter(|t| !t.is_empty());
            if passed || token.is_none() {
                return Err(LookupError::NotInHistory { started });
            }
        }
        Err(LookupError::TooFar {
            events: PAGE_SIZE as usize * MAX_PAGES,
        })
    }

    /// One page, newest events first, within the worker's request limit.
    async fn page(&self, next_page_token: Option<String>) -> Result<History, LookupError> {
        let _permit = self
            .requests
            .acquire()
            .await
            .expect("the request limit is never closed");
        self.counters.heartbeat_timeout_reads.increment();
        let input = GetWorkflowExecutionHistoryInput {
            domain: self.domain.to_owned(),
            execution: self.execution.clone(),
            maximum_page_size: Some(PAGE_SIZE),
            next_page_token,
            reverse_order: Some(true),
        };
        self.client
            .get_workflow_execution_history(input)
            .await
            .map_err(LookupError::from_swf)
    }
}

#[cfg(test)]
mod tests {
    use swf_core::types::{
        ActivityTaskScheduledEventAttributes, ActivityTaskStartedEventAttributes, EventAttributes,
    };

    use super::*;

    fn event(event_id: i64, attributes: EventAttributes) -> HistoryEvent {
        HistoryEvent {
            event_id,
            ..HistoryEvent::from(attributes)
        }
    }

    fn scheduled(id: i64, heartbeat_timeout: Option<&str>) -> HistoryEvent {
        let attributes = ActivityTaskScheduledEventAttributes {
            heartbeat_timeout: heartbeat_timeout.map(str::to_owned),
            ..Default::default()
        };
        event(id, EventAttributes::from(attributes))
    }

    fn started(id: i64, scheduled_event_id: i64) -> HistoryEvent {
        let attributes = ActivityTaskStartedEventAttributes {
            scheduled_event_id,
            ..Default::default()
        };
        event(id, EventAttributes::from(attributes))
    }

    fn resolved(known: &RunEvents, started: i64) -> Option<Result<Timeout, String>> {
        known.resolve(started).map(|r| r.map_err(|e| e.to_string()))
    }

    #[test]
    fn a_task_resolves_once_both_its_events_are_seen_in_any_order() {
        let mut known = RunEvents::default();
        // Newest first, as a reverse read gives them: two tasks of one fan-out.
        known.learn(&[started(12, 6), started(11, 5)]);
        assert_eq!(resolved(&known, 12), None);
        known.learn(&[scheduled(6, Some("NONE")), scheduled(5, Some("2"))]);
        assert_eq!(resolved(&known, 12), Some(Ok(Timeout::Unlimited)));
        assert_eq!(resolved(&known, 11), Some(Ok(Timeout::Seconds(2))));
        assert_eq!(resolved(&known, 13), None, "a task not seen yet");
    }

    #[test]
    fn an_unreadable_timeout_names_its_event() {
        let mut known = RunEvents::default();
        known.learn(&[
            started(9, 4),
            scheduled(4, None),
            started(8, 3),
            scheduled(3, Some("x")),
        ]);
        for started in [9, 8] {
            let err = resolved(&known, started).unwrap().unwrap_err();
            assert!(err.contains("ActivityTaskScheduled event"), "{err}");
            assert!(err.contains("heartbeatTimeout"), "{err}");
        }
    }

    #[test]
    fn memory_is_bounded() {
        let mut known = RunEvents::default();
        let events: Vec<HistoryEvent> = (1..=MAX_REMEMBERED as i64)
            .map(|id| scheduled(id, Some("1")))
            .collect();
        known.learn(&events);
        known.learn(&[started(MAX_REMEMBERED as i64 + 1, 1)]);
        assert!(
            known.heartbeat_timeouts.is_empty(),
            "forgotten, then relearned"
        );
        assert_eq!(known.scheduled_of.len(), 1);
    }
}
