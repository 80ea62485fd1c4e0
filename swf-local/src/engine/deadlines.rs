//! Every timeout and timer: one min-heap of deadlines, driven by one task.
//!
//! The heap holds `(when, domain, run, what)` keys only. When a key comes due, the domain decides
//! against its state whether the thing still exists and is really due: a completed activity's
//! timeouts simply find nothing, and a heartbeat timeout whose activity heartbeated since is
//! pushed back to the new deadline. So nothing ever has to be removed from the heap, and
//! re-arming after a restart is just pushing every deadline the stored state implies.
//!
//! "When" is the engine's clock: the wall clock, or the virtual clock of `clock`, which drives
//! the same heap its own way.

use super::Engine;
use super::durations::deadline;
use super::state::{Deadline, DomainState};
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use swf_core::types::*;
use tokio::sync::Notify;

/// One deadline in the heap.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Entry {
    pub(super) at: i64,
    seq: u64,
    pub(super) domain: Arc<str>,
    pub(super) run: Arc<str>,
    pub(super) deadline: Deadline,
}

/// The deadlines of the whole service.
#[derive(Debug, Default)]
pub(crate) struct Scheduler {
    heap: Mutex<(BinaryHeap<Reverse<Entry>>, u64)>,
    /// Wakes the driver when a deadline earlier than all others arrives.
    earlier: Notify,
    /// Held while due deadlines are taken and acted on, so that two callers (the driver and an
    /// explicit advance of the virtual clock) never act on due deadlines out of order.
    firing: Mutex<()>,
}

impl Scheduler {
    pub(crate) fn push(&self, at: i64, domain: Arc<str>, run: Arc<str>, deadline: Deadline) {
        let mut guard = self.heap.lock().unwrap_or_else(|e| e.into_inner());
        let (heap, seq) = &mut *guard;
        *seq += 1;
        let earliest = heap.peek().is_none_or(|Reverse(e)| at < e.at);
        heap.push(Reverse(Entry {
            at,
            seq: *seq,
            domain,
            run,
            deadline,
        }));
        drop(guard);
        if earliest {
            self.earlier.notify_one();
        }
    }

    /// The entries due at `now`, or how long to wait for the next one.
    fn due(&self, now: i64) -> Result<Vec<Entry>, Option<Duration>> {
        let mut guard = self.heap.lock().unwrap_or_else(|e| e.into_inner());
        let heap = &mut guard.0;
        let mut due = Vec::new();
        while let Some(Reverse(e)) = heap.peek() {
            if e.at > now {
                break;
            }
            due.push(heap.pop().expect("peeked").0);
        }
        if due.is_empty() {
            Err(heap
                .peek()
                .map(|Reverse(e)| Duration::from_millis((e.at - now) as u64)))
        } else {
            Ok(due)
        }
    }

    /// The time of the earliest entry, if any.
    pub(super) fn earliest(&self) -> Option<i64> {
        let guard = self.heap.lock().unwrap_or_else(|e| e.into_inner());
        guard.0.peek().map(|Reverse(e)| e.at)
    }

    /// Takes the earliest entry out, to look at it ([`Scheduler::put_back`] returns it).
    pub(super) fn pop_earliest(&self) -> Option<Entry> {
        let mut guard = self.heap.lock().unwrap_or_else(|e| e.into_inner());
        guard.0.pop().map(|Reverse(e)| e)
    }

    /// Returns an entry taken by [`Scheduler::pop_earliest`], in its old place.
    pub(super) fn put_back(&self, entry: Entry) {
        let mut guard = self.heap.lock().unwrap_or_else(|e| e.into_inner());
        guard.0.push(Reverse(entry));
    }
}

impl Engine {
    /// Drives the scheduler until shutdown, on the engine's clock.
    pub(crate) async fn run_deadlines(self: Arc<Self>) {
        if self.clock.is_virtual() {
            self.run_virtual_deadlines().await;
        } else {
            self.run_wall_deadlines().await;
        }
    }

    async fn run_wall_deadlines(&self) {
        loop {
            let earlier = self.scheduler.earlier.notified();
            tokio::pin!(earlier);
            earlier.as_mut().enable();
            if let Err(wait) = self.fire_due(self.clock.now_ms()) {
                // Wall-clock deadlines: never sleep long, so a clock step is noticed.
                let wait = wait
                    .unwrap_or(Duration::from_secs(60))
                    .min(Duration::from_secs(60));
                tokio::select! {
                    _ = tokio::time::sleep(wait) => {}
                    _ = &mut earlier => {}
                    _ = self.shutdown.cancelled() => return,
                }
            }
        }
    }

    /// Acts on every deadline due at `now`, in order; or, if none is due, returns how long until
    /// the next one.
    pub(super) fn fire_due(&self, now: i64) -> Result<(), Option<Duration>> {
        let _firing = self
            .scheduler
            .firing
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        for e in self.scheduler.due(now)? {
            self.fire(e);
        }
        Ok(())
    }

    fn fire(&self, e: Entry) {
        let Ok(domain) = self.domain(&e.domain) else {
            return;
        };
        // Nobody waits for these changes: they are persisted in order with everything else.
        let _ = self.apply(&domain, |state| {
            state.check_deadline(&e.run, e.deadline);
            Ok(())
        });
    }
}

impl DomainState {
    /// When deadline `d` of a run takes effect, judged by the state now; `None` once it no longer
    /// applies (its task completed, its timer was canceled, its run closed or was deleted). A
    /// deadline that no longer applies never applies again: the ids it names are not reused.
    pub(crate) fn due_at(&self, run_id: &str, d: Deadline) -> Option<i64> {
        let exec = self.runs.get(run_id)?;
        if d == Deadline::Retention {
            return exec.close_ms.map(|close| self.retention_end(close));
        }
        if !exec.is_open() {
            return None;
        }
        let dec = &exec.decision;
        let activity = |scheduled: i64| exec.activities.get(&scheduled);
        match d {
            Deadline::Execution => {
                let secs = exec.execution_timeout_secs()?;
                deadline(exec.start_ms, Some(secs))
            }
            Deadline::DecisionStartToClose { started } => (dec.started_id == Some(started))
                .then(|| deadline(dec.started_ms, dec.start_to_close))?,
            Deadline::DecisionScheduleToStart { scheduled } => (dec.scheduled_id
                == Some(scheduled))
            .then(|| deadline(dec.scheduled_ms, dec.override_schedule_to_start))?,
            Deadline::ActivityScheduleToStart { scheduled } => activity(scheduled)
                .filter(|a| a.started_id.is_none())
                .and_then(|a| deadline(a.scheduled_ms, a.schedule_to_start)),
            Deadline::ActivityScheduleToClose { scheduled } => {
                activity(scheduled).and_then(|a| deadline(a.scheduled_ms, a.schedule_to_close))
            }
            Deadline::ActivityStartToClose { scheduled, started } => activity(scheduled)
                .filter(|a| a.started_id == Some(started))
                .and_then(|a| deadline(a.started_ms, a.start_to_close)),
            Deadline::ActivityHeartbeat { scheduled, started } => activity(scheduled)
                .filter(|a| a.started_id == Some(started))
                .and_then(|a| deadline(a.last_heartbeat_ms, a.heartbeat)),
            Deadline::Timer { started } => exec
                .timers
                .values()
                .find(|t| t.started_id == started)
                .map(|t| t.fire_ms),
            Deadline::Retention => None,
        }
    }

    /// Acts on a deadline that came due, if it still applies and is due now.
    pub(crate) fn check_deadline(&mut self, run_id: &Arc<str>, d: Deadline) {
        match self.due_at(run_id, d) {
            Some(at) if at <= self.now => self.take_effect(run_id, d),
            // Heartbeats moved the deadline: wait for the new one.
            Some(at) if matches!(d, Deadline::ActivityHeartbeat { .. }) => {
                self.arm(Some(at), run_id, d)
            }
            _ => {}
        }
    }

    /// What a deadline does when it comes due: [`DomainState::due_at`] said it applies.
    fn take_effect(&mut self, run_id: &Arc<str>, d: Deadline) {
        match d {
            Deadline::Retention => self.purge(run_id),
            Deadline::Execution => {
                let policy = self.exec(run_id).config.child_policy.clone();
                self.close(
                    run_id,
                    CloseStatus::TimedOut,
                    EventAttributes::from(WorkflowExecutionTimedOutEventAttributes {
                        child_policy: policy.clone(),
                        timeout_type: WorkflowExecutionTimeoutType::StartToClose,
                    }),
                    Some(policy),
                );
            }
            Deadline::DecisionStartToClose { started } => {
                let exec = self.exec_mut(run_id);
                let scheduled = exec.decision.started_scheduled_id;
                let temporary = exec.decision.started_on_temporary_list;
                exec.decision.started_id = None;
                exec.decision.pending = false;
                // SWF: a task of a temporary move that started but did not complete in time
                // reverts the move too; a permanent move stays.
                if temporary {
                    exec.revert_task_list_override();
                }
                self.append(
                    run_id,
                    EventAttributes::from(DecisionTaskTimedOutEventAttributes {
                        scheduled_event_id: scheduled,
                        started_event_id: started,
                        timeout_type: DecisionTaskTimeoutType::StartToClose,
                    }),
                );
                self.request_decision(run_id);
            }
            Deadline::DecisionScheduleToStart { scheduled } => {
                // Nobody took it from the moved-to list: back to the execution's own list.
                let exec = self.exec_mut(run_id);
                exec.decision.scheduled_id = None;
                exec.revert_task_list_override();
                self.append(
                    run_id,
                    EventAttributes::from(DecisionTaskTimedOutEventAttributes {
                        scheduled_event_id: scheduled,
                        started_event_id: 0,
                        timeout_type: DecisionTaskTimeoutType::ScheduleToStart,
                    }),
                );
                self.request_decision(run_id);
            }
            Deadline::ActivityScheduleToStart { scheduled } => {
                self.time_out_activity(run_id, scheduled, ActivityTaskTimeoutType::ScheduleToStart)
            }
            Deadline::ActivityScheduleToClose { scheduled } => {
                self.time_out_activity(run_id, scheduled, ActivityTaskTimeoutType::ScheduleToClose)
            }
            Deadline::ActivityStartToClose { scheduled, .. } => {
                self.time_out_activity(run_id, scheduled, ActivityTaskTimeoutType::StartToClose)
            }
            Deadline::ActivityHeartbeat { scheduled, .. } => {
                self.time_out_activity(run_id, scheduled, ActivityTaskTimeoutType::Heartbeat)
            }
            Deadline::Timer { started } => {
                let exec = self.exec_mut(run_id);
                let Some(timer_id) = exec
                    .timers
                    .iter()
                    .find(|(_, t)| t.started_id == started)
                    .map(|(id, _)| id.clone())
                else {
                    return;
                };
                exec.timers.remove(&timer_id);
                self.append(
                    run_id,
                    EventAttributes::from(TimerFiredEventAttributes {
                        started_event_id: started,
                        timer_id,
                    }),
                );
                self.request_decision(run_id);
            }
        }
    }

    /// Deletes a closed run whose retention period ended: it is gone from every answer.
    fn purge(&mut self, run_id: &Arc<str>) {
        let Some(exec) = self.runs.remove(run_id) else {
            return;
        };
        let wid = &exec.execution.workflow_id;
        if self.latest_runs.get(wid) == Some(run_id) {
            self.latest_runs.remove(wid);
        }
        self.changes.runs.retain(|r| r != run_id);
        self.changes.purged.push(run_id.to_string());
    }

    fn time_out_activity(
        &mut self,
        run_id: &Arc<str>,
        scheduled: i64,
        timeout_type: ActivityTaskTimeoutType,
    ) {
        let a = self
            .exec_mut(run_id)
            .activities
            .remove(&scheduled)
            .expect("open activity");
        self.append(
            run_id,
            EventAttributes::from(ActivityTaskTimedOutEventAttributes {
                details: a.details,
                scheduled_event_id: scheduled,
                started_event_id: a.started_id.unwrap_or(0),
                timeout_type,
            }),
        );
        self.request_decision(run_id);
    }

    /// Puts loaded runs back: indexes, queued tasks in their original order, and deadlines
    /// (noted in `changes.deadlines` for the caller to arm).
    pub(crate) fn restore_runs(&mut self, runs: Vec<super::state::Execution>) {
        use super::state::TaskRef;
        use super::tokens::TaskKind;
        let mut queued: Vec<(i64, i64, TaskKind, String, TaskRef)> = Vec::new();
        for mut exec in runs {
            exec.persisted_events = exec.history.len();
            self.next_start_seq = self.next_start_seq.max(exec.start_seq + 1);
            let run_id: Arc<str> = Arc::from(exec.execution.run_id.as_str());
            let wid = exec.execution.workflow_id.clone();
            if exec.is_open() {
                self.open_runs.insert(wid.clone(), run_id.clone());
            }
            let newer = self
                .latest_runs
                .get(&wid)
                .and_then(|r| self.runs.get(r))
                .is_some_and(|other| other.start_ms > exec.start_ms);
            if !newer {
                self.latest_runs.insert(wid, run_id.clone());
            }
            if let Some(id) = exec.decision.scheduled_id.filter(|_| exec.is_open()) {
                let at = exec.event(id).event_timestamp.as_millis();
                let task = TaskRef {
                    run_id: run_id.clone(),
                    scheduled_id: id,
                };
                queued.push((
                    at,
                    id,
                    TaskKind::Decision,
                    exec.decision.task_list.clone(),
                    task,
                ));
            }
            for (&id, a) in exec
                .activities
                .iter()
                .filter(|(_, a)| a.started_id.is_none())
            {
                let task = TaskRef {
                    run_id: run_id.clone(),
                    scheduled_id: id,
                };
                queued.push((
                    a.scheduled_ms,
                    id,
                    TaskKind::Activity,
                    a.task_list.clone(),
                    task,
                ));
            }
            for (at, d) in exec.deadlines() {
                self.arm(at, &run_id, d);
            }
            if let Some(close) = exec.close_ms {
                let end = self.retention_end(close);
                self.arm(Some(end), &run_id, Deadline::Retention);
            }
            self.runs.insert(run_id, exec);
        }
        queued.sort_by_key(|a| (a.0, a.1));
        for (_, _, kind, list, task) in queued {
            self.enqueue(kind, &list, task);
        }
    }
}
