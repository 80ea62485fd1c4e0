//! The tasks waiting on one task list, in the order SWF hands them out: higher priority first,
//! and among equal priorities the oldest first.
//!
//! SWF's rule (the `taskPriority` members of the reference): an activity task's priority is the
//! `ScheduleActivityTask` decision's `taskPriority`, else its type's `defaultTaskPriority`; a
//! decision task's is its execution's `taskPriority` (from `StartWorkflowExecution`, a
//! `StartChildWorkflowExecution` or `ContinueAsNewWorkflowExecution` decision, else the workflow
//! type's default). Unset counts as 0.
//!
//! A task list's queue exists only while it holds something: a queued task, or a poll listening
//! for one. Task-list names are the client's to choose, and a poll on a name nobody uses must
//! not leave an entry behind, or memory grows with every name ever polled. So a poll counts
//! itself as a listener while it lasts ([`Listening`]), and the last listener to leave an empty
//! queue removes it. A queue created anew is the same as the one removed: empty, with nobody
//! waiting on its `Notify`, and sequence numbers only order the tasks of one queue.
//!
//! A queue nobody polls can also be left holding only stale entries (its tasks timed out, were
//! canceled or their run closed). Those are swept out whenever the number of queues has doubled
//! since the last sweep: a queue without listeners whose entries are all stale is removed.

use super::Domain;
use super::state::{DomainState, TaskRef};
use super::tokens::TaskKind;
use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::sync::Arc;
use tokio::sync::Notify;

/// A task priority as the wire carries it (a decimal string), as a number: SWF's valid values
/// are the integers of Java's `int`.
pub(crate) fn parse_priority(value: &str) -> Option<i32> {
    value.parse().ok()
}

/// The priority a task is handed out by: unset counts as 0, as in SWF. Requests are refused
/// unless every priority they give parses (see [`super::names`]), so an unreadable one can only
/// come from a store written before that check, and counts as 0 too.
pub(crate) fn priority_of(value: Option<&str>) -> i32 {
    value.and_then(parse_priority).unwrap_or(0)
}

/// One queued task with the key it is handed out by.
#[derive(Debug)]
struct Queued {
    priority: i32,
    /// The order the task was queued in on this list: among equal priorities the lower goes first.
    seq: u64,
    task: TaskRef,
}

impl Ord for Queued {
    /// The greatest entry is the one to hand out next (a `BinaryHeap` pops the greatest).
    fn cmp(&self, other: &Self) -> Ordering {
        self.priority
            .cmp(&other.priority)
            .then_with(|| other.seq.cmp(&self.seq))
    }
}

impl PartialOrd for Queued {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Queued {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Queued {}

/// The tasks waiting on one task list, and the signal that wakes its parked pollers. Stale
/// entries (the task was canceled or timed out meanwhile) stay until popped, and are skipped then.
#[derive(Debug, Default)]
pub(crate) struct TaskQueue {
    items: BinaryHeap<Queued>,
    next_seq: u64,
    pub(crate) notify: Arc<Notify>,
    /// The polls holding `notify` now: while any does, the queue must stay, or a task queued
    /// for them would go to a new queue whose `Notify` none of them waits on.
    listeners: usize,
}

impl TaskQueue {
    /// Queues `task` behind every task of its priority or higher.
    pub(crate) fn push(&mut self, task: TaskRef, priority: i32) {
        let seq = self.next_seq;
        self.next_seq += 1;
        self.items.push(Queued {
            priority,
            seq,
            task,
        });
    }

    /// The task to hand out next: the highest priority, the oldest of those.
    pub(crate) fn pop(&mut self) -> Option<TaskRef> {
        self.items.pop().map(|q| q.task)
    }

    /// Every queued entry, stale ones included, in no particular order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &TaskRef> {
        self.items.iter().map(|q| &q.task)
    }

    /// Whether the queue holds nothing worth keeping: no entry and no poll listening.
    fn is_idle(&self) -> bool {
        self.items.is_empty() && self.listeners == 0
    }
}

/// One poll listening on a task list, from before it first looks for a task until it is
/// answered, or dropped because its client went away. Keeps the list's queue (and so its
/// `Notify`) in place meanwhile, and reclaims the queue on leaving if it is left idle.
#[derive(Debug)]
pub(crate) struct Listening<'a> {
    domain: &'a Domain,
    kind: TaskKind,
    task_list: &'a str,
    /// The signal a task queued on the list sends.
    pub(crate) notify: Arc<Notify>,
}

impl<'a> Listening<'a> {
    /// Starts listening on `task_list`, creating its queue if it has none.
    pub(crate) fn start(domain: &'a Domain, kind: TaskKind, task_list: &'a str) -> Listening<'a> {
        let mut state = domain.lock();
        let queue = state.queue(kind, task_list);
        queue.listeners += 1;
        let notify = queue.notify.clone();
        Listening {
            domain,
            kind,
            task_list,
            notify,
        }
    }
}

impl Drop for Listening<'_> {
    fn drop(&mut self) {
        let mut state = self.domain.lock();
        let key = (self.kind, self.task_list.to_owned());
        let Some(queue) = state.queues.get_mut(&key) else {
            return;
        };
        queue.listeners -= 1;
        if queue.is_idle() {
            state.queues.remove(&key);
        }
    }
}

/// The fewest queues a domain holds before they are swept for stale ones: below this a sweep
/// would cost more than the memory it frees.
pub(crate) const MIN_QUEUE_SWEEP: usize = 256;

impl DomainState {
    /// The queue of `task_list`, created if it has none. Creating one first sweeps out the
    /// queues left holding only stale entries, when their number has doubled since the last
    /// sweep: O(1) amortized, since each sweep visits at most twice as many queues as it keeps
    /// and each stale entry is popped once.
    pub(crate) fn queue(&mut self, kind: TaskKind, task_list: &str) -> &mut TaskQueue {
        let key = (kind, task_list.to_owned());
        if !self.queues.contains_key(&key) && self.queues.len() >= self.queue_sweep_at {
            self.sweep_stale_queues();
        }
        self.queues.entry(key).or_default()
    }

    /// Removes every queue that no poll listens on and whose entries are all stale. Stale
    /// entries are popped from the front of each such queue until a waiting task is found, so
    /// what is kept is handed out as before.
    fn sweep_stale_queues(&mut self) {
        let mut queues = std::mem::take(&mut self.queues);
        queues.retain(|(kind, _), queue| {
            if queue.listeners > 0 {
                return true;
            }
            while let Some(head) = queue.items.peek() {
                if self.is_waiting(*kind, &head.task) {
                    return true;
                }
                queue.items.pop();
            }
            false
        });
        self.queue_sweep_at = (queues.len() * 2).max(MIN_QUEUE_SWEEP);
        self.queues = queues;
    }

    /// Whether a queued entry's task still waits to be handed out: its run is open and the
    /// task is scheduled and not started (a stale entry's task was canceled or timed out).
    pub(crate) fn is_waiting(&self, kind: TaskKind, task: &TaskRef) -> bool {
        self.runs.get(&task.run_id).is_some_and(|e| match kind {
            TaskKind::Decision => {
                e.is_open()
                    && e.decision.scheduled_id == Some(task.scheduled_id)
                    && e.decision.started_id.is_none()
            }
            TaskKind::Activity => e
                .activities
                .get(&task.scheduled_id)
                .is_some_and(|a| a.started_id.is_none()),
        })
    }

    /// The priority a task is handed out by: its execution's for a decision task, the one it
    /// was scheduled with for an activity task.
    pub(crate) fn queued_priority(&self, kind: TaskKind, task: &TaskRef) -> i32 {
        let Some(exec) = self.runs.get(&task.run_id) else {
            return 0;
        };
        match kind {
            TaskKind::Decision => priority_of(exec.config.task_priority.as_deref()),
            TaskKind::Activity => priority_of(
                exec.activities
                    .get(&task.scheduled_id)
                    .and_then(|a| a.task_priority.as_deref()),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(id: i64) -> TaskRef {
        TaskRef {
            run_id: Arc::from("run"),
            scheduled_id: id,
        }
    }

    #[test]
    fn higher_priority_first_then_oldest_first() {
        let mut q = TaskQueue::default();
        for (id, priority) in [
            (1, 0),
            (2, 5),
            (3, -3),
            (4, 0),
            (5, 5),
            (6, i32::MIN),
            (7, i32::MAX),
        ] {
            q.push(task(id), priority);
        }
        let order: Vec<i64> = std::iter::from_fn(|| q.pop().map(|t| t.scheduled_id)).collect();
        assert_eq!(order, [7, 2, 5, 1, 4, 3, 6]);
    }

    #[test]
    fn unset_and_unreadable_priorities_count_as_zero() {
        assert_eq!(priority_of(None), 0);
        assert_eq!(priority_of(Some("")), 0);
        assert_eq!(priority_of(Some("-2147483648")), i32::MIN);
        assert_eq!(priority_of(Some("12")), 12);
    }
}
