//! Every timeout and timer: one min-heap of deadlines, driven by one task.
//!
//! The heap holds `(when, domain, run, what)` keys only. When a key comes due, the domain decides
//! against its state whether the thing still exists and is really due: a completed activity's
//! timeouts simply find nothing, and a heartbeat timeout whose activity heartbeated since is
//! pushed back to the new deadline. So nothing ever has to be removed from the heap, and
//! re-arming after a restart is just pushing every deadline the stored state implies.

use super::durations::deadline;
use super::state::{Deadline, DomainState};
use super::{Engine, now_ms};
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use swf_core::types::*;
use tokio::sync::Notify;

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Entry {
    at: i64,
    seq: u64,
    domain: Arc<str>,
    run: Arc<str>,
    deadline: Deadline,
}

/// The deadlines of the whole service.
#[derive(Debug, Default)]
pub(crate) struct Scheduler {
    heap: Mutex<(BinaryHeap<Reverse<Entry>>, u64)>,
    /// Wakes the driver when a deadline earlier than all others arrives.
    earlier: Notify,
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
}

impl Engine {
    /// Drives the scheduler until shutdown.
    pub(crate) async fn run_deadlines(self: Arc<Self>) {
        loop {
            let earlier = self.scheduler.earlier.notified();
            tokio::pin!(earlier);
            earlier.as_mut().enable();
            match self.scheduler.due(now_ms()) {
                Ok(due) => {
                    for e in due {
                        self.fire(e);
                    }
                }
                Err(wait) => {
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
    /// Acts on a deadline that came due, if it still applies.
    pub(crate) fn check_deadline(&mut self, run_id: &Arc<str>, d: Deadline) {
        let now = self.now;
        let Some(exec) = self.runs.get(run_id) else {
            return;
        };
        if d == Deadline::Retention {
            if exec
                .close_ms
                .is_some_and(|close| self.retention_end(close) <= now)
            {
                self.purge(run_id);
            }
            return;
        }
        if !exec.is_open() {
            return;
        }
        match d {
            Deadline::Execution => {
                let Ok(secs) = exec.config.execution_start_to_close_timeout.parse::<u64>() else {
                    return;
                };
                if deadline(exec.start_ms, Some(secs)).is_some_and(|at| at <= now) {
                    let policy = exec.config.child_policy.clone();
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
            }
            Deadline::DecisionStartToClose { started } => {
                let dec = &exec.decision;
                if dec.started_id != Some(started)
                    || deadline(dec.started_ms, dec.start_to_close).is_none_or(|at| at > now)
                {
                    return;
                }
                let scheduled = dec.started_scheduled_id;
                let temporary = dec.started_on_temporary_list;
                let exec = self.exec_mut(run_id);
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
                let dec = &exec.decision;
                if dec.scheduled_id != Some(scheduled)
                    || deadline(dec.scheduled_ms, dec.override_schedule_to_start)
                        .is_none_or(|at| at > now)
                {
                    return;
                }
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
                let Some(a) = exec.activities.get(&scheduled) else {
                    return;
                };
                if a.started_id.is_none()
                    && deadline(a.scheduled_ms, a.schedule_to_start).is_some_and(|at| at <= now)
                {
                    self.time_out_activity(
                        run_id,
                        scheduled,
                        ActivityTaskTimeoutType::ScheduleToStart,
                    );
                }
            }
            Deadline::ActivityScheduleToClose { scheduled } => {
                let Some(a) = exec.activities.get(&scheduled) else {
                    return;
                };
                if deadline(a.scheduled_ms, a.schedule_to_close).is_some_and(|at| at <= now) {
                    self.time_out_activity(
                        run_id,
                        scheduled,
                        ActivityTaskTimeoutType::ScheduleToClose,
                    );
                }
            }
            Deadline::ActivityStartToClose { scheduled, started } => {
                let Some(a) = exec.activities.get(&scheduled) else {
                    return;
                };
                if a.started_id == Some(started)
                    && deadline(a.started_ms, a.start_to_close).is_some_and(|at| at <= now)
                {
                    self.time_out_activity(
                        run_id,
                        scheduled,
                        ActivityTaskTimeoutType::StartToClose,
                    );
                }
            }
            Deadline::ActivityHeartbeat { scheduled, started } => {
                let Some(a) = exec.activities.get(&scheduled) else {
                    return;
                };
                if a.started_id != Some(started) {
                    return;
                }
                match deadline(a.last_heartbeat_ms, a.heartbeat) {
                    Some(at) if at <= now => self.time_out_activity(
                        run_id,
                        scheduled,
                        ActivityTaskTimeoutType::Heartbeat,
                    ),
                    // Heartbeats moved the deadline: wait for the new one.
                    Some(at) => self.arm(Some(at), run_id, d),
                    None => {}
                }
            }
            Deadline::Retention => {}
            Deadline::Timer { started } => {
                let Some((timer_id, _)) = exec
                    .timers
                    .iter()
                    .find(|(_, t)| t.started_id == started && t.fire_ms <= now)
                else {
                    return;
                };
                let timer_id = timer_id.clone();
                self.exec_mut(run_id).timers.remove(&timer_id);
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
