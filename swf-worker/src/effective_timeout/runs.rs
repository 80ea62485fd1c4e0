//! What each run's history has told, shared by the tasks of that run this worker runs.
//!
//! A run's entry lives while a task of the run is looking its timeout up, and for [`KEEP`]
//! after the last lookup: long enough for a fan-out's tasks, which start over some seconds as
//! slots free up, to find their scheduled events already read; short enough that a worker
//! serving many sequential workflows keeps only the last half-minute's runs.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::time::Instant;

use super::history::RunEvents;

/// How long a run's events are kept after its last lookup.
const KEEP: Duration = Duration::from_secs(30);

/// One run's events. Its lock is held for a whole lookup, so the lookups of one run take turns
/// and each finds what the previous ones read.
pub(crate) type SharedRunEvents = Arc<tokio::sync::Mutex<RunEvents>>;

/// The runs of a worker's recent lookups.
#[derive(Debug)]
pub(crate) struct Runs {
    inner: Mutex<Inner>,
}

#[derive(Debug)]
struct Inner {
    by_run: HashMap<String, Entry>,
    last_sweep: Instant,
}

#[derive(Debug)]
struct Entry {
    used: Instant,
    events: SharedRunEvents,
}

impl Runs {
    pub(crate) fn new() -> Self {
        Runs {
            inner: Mutex::new(Inner {
                by_run: HashMap::new(),
                last_sweep: Instant::now(),
            }),
        }
    }

    /// The events of run `run_id`, new or as earlier lookups left them.
    pub(crate) fn get(&self, run_id: &str) -> SharedRunEvents {
        let now = Instant::now();
        // Nothing panics under the lock, and the map is valid at every step anyway.
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        if now.duration_since(inner.last_sweep) >= KEEP {
            inner.by_run.retain(|_, entry| {
                Arc::strong_count(&entry.events) > 1 || now.duration_since(entry.used) < KEEP
            });
            inner.last_sweep = now;
        }
        if let Some(entry) = inner.by_run.get_mut(run_id) {
            entry.used = now;
            return entry.events.clone();
        }
        let events = SharedRunEvents::default();
        let entry = Entry {
            used: now,
            events: events.clone(),
        };
        inner.by_run.insert(run_id.to_owned(), entry);
        events
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        let inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        inner.by_run.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_run_is_shared_then_forgotten_when_unused() {
        let runs = Runs::new();
        let held = runs.get("r1");
        assert!(Arc::ptr_eq(&held, &runs.get("r1")), "one entry per run");
        drop(runs.get("r2"));
        tokio::time::sleep(KEEP).await;
        // The sweep on this call drops r2 (unused for KEEP) but not r1 (still held).
        runs.get("r3");
        assert_eq!(runs.len(), 2);
        assert!(Arc::ptr_eq(&held, &runs.get("r1")));
    }
}
