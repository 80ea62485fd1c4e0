//! How many entries the engine's maps keyed by client-chosen names hold, for tests that check
//! those maps give their entries back (see [`crate::Server::keyed_entries`]).

use super::Engine;

impl Engine {
    /// How many task-list queues all domains hold.
    pub(crate) fn task_queue_count(&self) -> usize {
        self.all_domains()
            .iter()
            .map(|domain| domain.lock().queues.len())
            .sum()
    }

    /// How many task lists' buckets SWF's 2,000 tasks a second per task list keeps (0 when
    /// throttling is off).
    pub(crate) fn task_list_bucket_count(&self) -> usize {
        self.decision_rates
            .as_ref()
            .map_or(0, |rates| rates.task_list_bucket_count())
    }
}
