//! The sizes of the service's maps keyed by names a client chooses (task lists, workflow ids),
//! for tests that check the service gives their entries back once they hold nothing: memory
//! must not grow with every name ever used. A map's size, unlike the process's memory, is exact.

use super::Server;

/// How many entries the service's maps keyed by client-chosen names hold right now. Each holds
/// only what still matters: a queue with a task or a poll waiting, a count of open polls above
/// zero, a throttle bucket still refilling (full ones are forgotten as the map grows). For tests;
/// not part of the stable API.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KeyedEntries {
    /// Task-list queues, over every domain and both kinds of task.
    pub task_queues: usize,
    /// Task lists with a count of open polls, for the limit of pollers per task list.
    pub poller_counts: usize,
    /// Throttle buckets of calls (per operation, and per workflow id for some operations).
    pub call_buckets: usize,
    /// Buckets of activity tasks scheduled per task list.
    pub task_list_buckets: usize,
}

impl Server {
    /// How many entries the maps keyed by client-chosen names hold (see [`KeyedEntries`]).
    #[doc(hidden)]
    pub fn keyed_entries(&self) -> KeyedEntries {
        let (poller_counts, call_buckets) = self.gate.keyed_entries();
        KeyedEntries {
            task_queues: self.engine.task_queue_count(),
            poller_counts,
            call_buckets,
            task_list_buckets: self.engine.task_list_bucket_count(),
        }
    }
}
