//! The state cache: each execution's replay kept after its decision task, so that the next task
//! of the same run folds only the events that are new instead of the whole history.
//!
//! An entry is used only when the new task plainly continues it: the same run, the task's
//! `previousStartedEventId` the entry's last `DecisionTaskStarted`, and its history reaching back
//! to the entry's last event (repeating that event exactly) with no id missing after it. Anything
//! else is a [`Fallback`] to a full replay, which is always correct; a cache can only save work.
//!
//! Entries are taken out while their task is decided (two tasks of one run never share one) and
//! put back only after a successful decision that does not close the run. The least recently used
//! entry goes when the count bound or the bound on the events the states were folded from (the
//! stand-in for their memory) is reached.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, MutexGuard};

use swf_core::types::HistoryEvent;

use crate::replayer::Resume;

/// How a decision task's state was reached: from the cache, or by a full replay and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecidedFrom {
    /// The execution's cached state, with only the new events folded.
    Cache,
    /// The whole history, replayed from its first event.
    FullReplay(Fallback),
}

/// Why a decision task was decided by a full replay rather than from the cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fallback {
    /// The cache is off (`cache_capacity(0)`).
    Disabled,
    /// No state is cached for the execution: its first task, an eviction, or an earlier error.
    Miss,
    /// The state cached for the workflow id is of another run.
    NewRun,
    /// The task's `previousStartedEventId` is not the cached state's last `DecisionTaskStarted`:
    /// another decider answered a task in between, or the cached task was not answered.
    PreviousStarted,
    /// The task's history does not reach back to the cached state's last event, or skips ids.
    Gap,
    /// The history contradicts the cached state: its copy of the cached last event differs, or it
    /// does not end at the task's `DecisionTaskStarted`.
    Disagrees,
}

/// One execution's cached replay.
#[derive(Debug)]
pub(crate) struct Cached {
    pub(crate) run_id: String,
    pub(crate) resume: Resume,
}

impl Cached {
    /// The events its state was folded from: its weight in the cache.
    fn events(&self) -> usize {
        usize::try_from(self.resume.state.last_event_id()).unwrap_or(usize::MAX)
    }

    /// The cached replay and the events of `events` that are new to it, when the task with
    /// `run_id`, `previous_started` and `started` plainly continues it; otherwise why not.
    pub(crate) fn continue_with(
        self,
        run_id: &str,
        previous_started: Option<i64>,
        started: i64,
        mut events: Vec<HistoryEvent>,
    ) -> Result<(Resume, Vec<HistoryEvent>), (Fallback, Vec<HistoryEvent>)> {
        let fail = |f, events| Err((f, events));
        if self.run_id != run_id {
            return fail(Fallback::NewRun, events);
        }
        let state = &self.resume.state;
        let last = state.last_event_id();
        // SWF sends 0 when no task was answered before; a cached state has always seen one.
        if previous_started.unwrap_or(0)
            != state.execution().last_decision_task_started.unwrap_or(0)
        {
            return fail(Fallback::PreviousStarted, events);
        }
        let Some(first) = events.first().map(|e| e.event_id) else {
            return fail(Fallback::Gap, events);
        };
        if first > last + 1 {
            return fail(Fallback::Gap, events);
        }
        let skip = usize::try_from(last + 1 - first).unwrap_or(usize::MAX);
        if skip > 0 {
            // The event the cache ended at, as this history has it.
            let same = events.get(skip - 1).is_some_and(|e| {
                e.event_id == last
                    && self.resume.last_event == Some((e.event_type.clone(), e.event_timestamp))
            });
            if !same {
                return fail(Fallback::Disagrees, events);
            }
        }
        let consecutive = events
            .iter()
            .skip(skip)
            .zip(last + 1..)
            .all(|(e, id)| e.event_id == id);
        if !consecutive || events.len() <= skip {
            return fail(Fallback::Gap, events);
        }
        if events.last().map(|e| e.event_id) != Some(started) {
            return fail(Fallback::Disagrees, events);
        }
        events.drain(..skip);
        Ok((self.resume, events))
    }
}

/// The cached replays by workflow id (SWF keeps at most one open run per workflow id in a
/// domain, and a decider serves one domain), least recently used first out.
///
/// Bounded by count and by the events the cached states were folded from, the cheap stand-in for
/// their memory: a state grows with its history (every activity, timer, signal and marker is an
/// entry, and the inputs and results it keeps came in events).
#[derive(Debug)]
pub(crate) struct StateCache {
    capacity: usize,
    max_events: usize,
    /// The events of all cached states.
    events: usize,
    entries: HashMap<String, (u64, Cached)>,
    /// Last use → workflow id, oldest first.
    order: BTreeMap<u64, String>,
    clock: u64,
}

impl StateCache {
    /// An empty cache for at most `capacity` executions folded from at most `max_events` events in
    /// all; 0 keeps none.
    pub(crate) fn new(capacity: usize, max_events: usize) -> StateCache {
        StateCache {
            capacity,
            max_events,
            events: 0,
            entries: HashMap::new(),
            order: BTreeMap::new(),
            clock: 0,
        }
    }

    /// Whether the cache keeps anything at all.
    pub(crate) fn enabled(&self) -> bool {
        self.capacity > 0
    }

    /// How many executions are cached.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// Takes the entry of `workflow_id` out, if any.
    pub(crate) fn take(&mut self, workflow_id: &str) -> Option<Cached> {
        let (used, cached) = self.entries.remove(workflow_id)?;
        self.order.remove(&used);
        self.events -= cached.events();
        Some(cached)
    }

    /// Keeps `cached` for `workflow_id` as the most recently used, evicting the least recently
    /// used entry when full; false when it is not kept (the cache is off, or the state is
    /// heavier than the whole bound).
    pub(crate) fn put(&mut self, workflow_id: String, cached: Cached) -> bool {
        self.take(&workflow_id);
        let events = cached.events();
        if self.capacity == 0 || events > self.max_events {
            return false;
        }
        while self.entries.len() >= self.capacity || self.events + events > self.max_events {
            let Some((_, oldest)) = self.order.pop_first() else {
                break;
            };
            self.take(&oldest);
        }
        self.events += events;
        self.clock += 1;
        self.order.insert(self.clock, workflow_id.clone());
        self.entries.insert(workflow_id, (self.clock, cached));
        true
    }
}

/// The cache, even if a thread panicked holding it: its entries are whole or absent.
pub(crate) fn lock(cache: &Mutex<StateCache>) -> MutexGuard<'_, StateCache> {
    cache
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests;
