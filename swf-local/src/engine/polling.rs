//! Long polls: `PollForDecisionTask` and `PollForActivityTask`.
//!
//! A poll first tries to take a task; if there is none it parks on its task list's `Notify` until
//! a task is queued, the poll timeout passes or the service shuts down. The `Notified` future is
//! enabled *before* looking at the queue, so a task queued between the look and the wait still
//! wakes the poller. A woken poller that finds the task taken by someone else simply waits again.
//! While it waits, a poll is counted in [`super::parked::ParkedPolls`], which tests wait on.

use super::history::{Cursor, DECISION_TAG, WithEvents, page, page_size};
use super::state::{Deadline, DomainState};
use super::task_queue::Listening;
use super::tokens::{PageRequest, TaskKind, TaskToken, invalid_page_token};
use super::{Domain, Engine};
use crate::error::Fault;
use swf_core::types::*;
use tokio::time::Instant;

/// How a decider wants the history of its task paged.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Paging {
    pub(crate) size: usize,
    pub(crate) reverse: bool,
    pub(crate) start_at_previous_started: bool,
    /// The poll's arguments, which its page tokens are issued for.
    pub(crate) request: PageRequest,
}

impl Paging {
    /// The paging a `PollForDecisionTask` asks for.
    fn of(input: &PollForDecisionTaskInput) -> Paging {
        let reverse = input.reverse_order.unwrap_or(false);
        let start_at_previous_started = input.start_at_previous_started_event.unwrap_or(false);
        let request = PageRequest::new(
            DECISION_TAG,
            &[
                input.domain.as_str(),
                input.task_list.name.as_str(),
                if reverse { "reverse" } else { "forward" },
                if start_at_previous_started {
                    "from-previous"
                } else {
                    "from-start"
                },
            ],
        );
        Paging {
            size: page_size(input.maximum_page_size),
            reverse,
            start_at_previous_started,
            request,
        }
    }
}

impl DomainState {
    /// Takes the next decision task waiting on `task_list` (by priority, then age), records that
    /// it started and returns it with the first page of its history.
    pub(crate) fn start_next_decision(
        &mut self,
        task_list: &str,
        identity: Option<String>,
        paging: Paging,
    ) -> Option<WithEvents<DecisionTask>> {
        loop {
            let queue = self
                .queues
                .get_mut(&(TaskKind::Decision, task_list.to_owned()))?;
            let task = queue.pop()?;
            if !self.is_waiting(TaskKind::Decision, &task) {
                continue;
            }
            let run_id = task.run_id;
            let started_id = self.append(
                &run_id,
                EventAttributes::from(DecisionTaskStartedEventAttributes {
                    identity,
                    scheduled_event_id: task.scheduled_id,
                }),
            );
            let now = self.now;
            let exec = self.exec_mut(&run_id);
            exec.decision.scheduled_id = None;
            exec.decision.started_scheduled_id = task.scheduled_id;
            exec.decision.started_id = Some(started_id);
            exec.decision.started_ms = now;
            exec.decision.started_on_temporary_list =
                exec.decision.override_schedule_to_start.is_some();
            let timeout = exec.config.task_start_to_close_timeout.parse::<u64>().ok();
            exec.decision.start_to_close = timeout;
            self.arm(
                super::durations::deadline(now, timeout),
                &run_id,
                Deadline::DecisionStartToClose {
                    started: started_id,
                },
            );
            let exec = self.exec(&run_id);
            let previous = exec.decision.previous_started_id;
            let first = if paging.start_at_previous_started && previous > 0 {
                (previous - 1) as usize
            } else {
                0
            };
            let cursor = Cursor {
                run_id: run_id.to_string(),
                first,
                end: exec.history.len(),
                returned: 0,
            };
            let token = TaskToken {
                domain: self.name.to_string(),
                run_id: run_id.to_string(),
                kind: TaskKind::Decision,
                scheduled_event_id: task.scheduled_id,
                started_event_id: started_id,
            };
            return Some(self.decision_task_page(&token, &cursor, paging));
        }
    }

    /// One page of a started decision task's history, as `PollForDecisionTask` answers it.
    fn decision_task_page(
        &self,
        token: &TaskToken,
        cursor: &Cursor,
        paging: Paging,
    ) -> WithEvents<DecisionTask> {
        let exec = self.exec(&token.run_id);
        let (events, next) = page(&exec.history, cursor, paging.size, paging.reverse);
        // The task is named beside the position: a page is read only while its task is open.
        let next_page_token =
            next.map(|c| c.encode(&paging.request, self.now) + "|" + &token.encode());
        let shell = DecisionTask {
            events: Vec::new(),
            next_page_token,
            previous_started_event_id: Some(exec.decision.previous_started_id),
            started_event_id: token.started_event_id,
            task_token: token.encode(),
            workflow_execution: exec.execution.clone(),
            workflow_type: exec.workflow_type.clone(),
        };
        WithEvents { shell, events }
    }

    /// The page of a decision task's history that `next_page_token` points at: only for the
    /// poll's own arguments, and only while that decision task is open, as its task token is.
    fn next_decision_page(
        &self,
        next_page_token: &str,
        paging: Paging,
    ) -> Result<WithEvents<DecisionTask>, Fault> {
        let garbled = || invalid_page_token("it is not a token this service issued");
        let (cursor, task) = next_page_token.split_once('|').ok_or_else(garbled)?;
        let token = TaskToken::decode(task, TaskKind::Decision).map_err(|_| garbled())?;
        let open = self.runs.get(token.run_id.as_str()).filter(|e| {
            *token.domain == *self.name
                && e.is_open()
                && e.decision.started_id == Some(token.started_event_id)
                && e.decision.started_scheduled_id == token.scheduled_event_id
        });
        let exec = open.ok_or_else(|| {
            invalid_page_token(
                "its decision task is not open (completed, timed out or never given)",
            )
        })?;
        let len = exec.history.len();
        let cursor = Cursor::decode(&paging.request, cursor, self.now, &token.run_id, len)?;
        Ok(self.decision_task_page(&token, &cursor, paging))
    }
}

impl Engine {
    /// `PollForDecisionTask`.
    pub(crate) async fn poll_for_decision_task(
        &self,
        input: PollForDecisionTaskInput,
    ) -> Result<WithEvents<DecisionTask>, Fault> {
        let domain = self.domain(&input.domain)?;
        let paging = Paging::of(&input);
        if let Some(token) = input.next_page_token.as_deref().filter(|t| !t.is_empty()) {
            return self
                .read(&domain, |state| state.next_decision_page(token, paging))
                .await?;
        }
        let task_list = input.task_list.name;
        let identity = input.identity;
        self.long_poll(&domain, TaskKind::Decision, &task_list, |state| {
            state.start_next_decision(&task_list, identity.clone(), paging)
        })
        .await
        .map(Option::unwrap_or_default)
    }

    /// `PollForActivityTask`.
    pub(crate) async fn poll_for_activity_task(
        &self,
        input: PollForActivityTaskInput,
    ) -> Result<ActivityTask, Fault> {
        let domain = self.domain(&input.domain)?;
        let task_list = input.task_list.name;
        let identity = input.identity;
        self.long_poll(&domain, TaskKind::Activity, &task_list, |state| {
            state.start_next_activity(&task_list, identity.clone())
        })
        .await
        .map(Option::unwrap_or_default)
    }

    /// Takes a task with `take`, waiting for one up to the poll timeout.
    async fn long_poll<T>(
        &self,
        domain: &Domain,
        kind: TaskKind,
        task_list: &str,
        mut take: impl FnMut(&mut DomainState) -> Option<T>,
    ) -> Result<Option<T>, Fault> {
        // Keeps the list's queue and its `Notify` while this poll lasts (see `task_queue.rs`).
        let listening = Listening::start(domain, kind, task_list);
        let notify = &listening.notify;
        let until = Instant::now() + self.poll_timeout;
        loop {
            let notified = notify.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            let (taken, ack) = self.apply(domain, |state| Ok(take(state)));
            if let Some(task) = taken? {
                if let Some(ack) = ack {
                    ack.wait().await?;
                }
                return Ok(Some(task));
            }
            // Counted from here, when a task queued now is sure to wake this poll.
            let _parked = self.parked.park();
            tokio::select! {
                _ = &mut notified => {}
                _ = tokio::time::sleep_until(until) => return Ok(None),
                _ = self.shutdown.cancelled() => return Ok(None),
            }
        }
    }
}
