//! Activity tasks once scheduled: handing them to a worker, heartbeats, and the worker's answer.

use super::durations::deadline;
use super::state::{Deadline, DomainState};
use super::tokens::{TaskKind, TaskToken};
use crate::error::Fault;
use std::sync::Arc;
use swf_core::types::*;

/// How a worker closed its activity task.
#[derive(Debug)]
pub(crate) enum ActivityOutcome {
    Completed {
        result: Option<String>,
    },
    Failed {
        reason: Option<String>,
        details: Option<String>,
    },
    Canceled {
        details: Option<String>,
    },
}

impl DomainState {
    /// Takes the next activity task still waiting on `task_list` (by priority, then age), records
    /// that it started and returns it as the poll answers it.
    pub(crate) fn start_next_activity(
        &mut self,
        task_list: &str,
        identity: Option<String>,
    ) -> Option<ActivityTask> {
        loop {
            let queue = self
                .queues
                .get_mut(&(TaskKind::Activity, task_list.to_owned()))?;
            let task = queue.pop()?;
            if !self.is_waiting(TaskKind::Activity, &task) {
                continue;
            }
            let run_id = task.run_id;
            let scheduled_id = task.scheduled_id;
            let started_id = self.append(
                &run_id,
                EventAttributes::from(ActivityTaskStartedEventAttributes {
                    identity,
                    scheduled_event_id: scheduled_id,
                }),
            );
            let now = self.now;
            let exec = self.exec_mut(&run_id);
            let execution = exec.execution.clone();
            let a = exec
                .activities
                .get_mut(&scheduled_id)
                .expect("waiting activity");
            a.started_id = Some(started_id);
            a.started_ms = now;
            a.last_heartbeat_ms = now;
            let (st2c, hb) = (a.start_to_close, a.heartbeat);
            let answer = ActivityTask {
                activity_id: a.activity_id.clone(),
                activity_type: a.activity_type.clone(),
                input: a.input.clone(),
                started_event_id: started_id,
                task_token: TaskToken {
                    domain: self.name.to_string(),
                    run_id: run_id.to_string(),
                    kind: TaskKind::Activity,
                    scheduled_event_id: scheduled_id,
                    started_event_id: started_id,
                }
                .encode(),
                workflow_execution: execution,
            };
            let (scheduled, started) = (scheduled_id, started_id);
            self.arm(
                deadline(now, st2c),
                &run_id,
                Deadline::ActivityStartToClose { scheduled, started },
            );
            self.arm(
                deadline(now, hb),
                &run_id,
                Deadline::ActivityHeartbeat { scheduled, started },
            );
            return Some(answer);
        }
    }

    /// The run of the started activity task `token` names.
    fn started_activity(&self, token: &TaskToken) -> Result<Arc<str>, Fault> {
        let stale = || Fault::unknown("Unknown activity task: the task token is stale or invalid");
        let (run_id, exec) = self
            .runs
            .get_key_value(token.run_id.as_str())
            .ok_or_else(stale)?;
        let a = exec
            .activities
            .get(&token.scheduled_event_id)
            .ok_or_else(stale)?;
        if a.started_id != Some(token.started_event_id) {
            return Err(stale());
        }
        Ok(run_id.clone())
    }

    /// `RecordActivityTaskHeartbeat`.
    pub(crate) fn record_heartbeat(
        &mut self,
        token: &TaskToken,
        details: Option<String>,
    ) -> Result<ActivityTaskStatus, Fault> {
        let run_id = self.started_activity(token)?;
        let now = self.now;
        let a = self
            .exec_mut(&run_id)
            .activities
            .get_mut(&token.scheduled_event_id)
            .expect("started activity");
        a.last_heartbeat_ms = now;
        if details.is_some() {
            a.details = details;
        }
        let cancel_requested = a.cancel_requested_id.is_some();
        self.mark(&run_id);
        Ok(ActivityTaskStatus { cancel_requested })
    }

    /// `RespondActivityTaskCompleted`, `RespondActivityTaskFailed` and `RespondActivityTaskCanceled`.
    pub(crate) fn close_activity(
        &mut self,
        token: &TaskToken,
        outcome: ActivityOutcome,
    ) -> Result<(), Fault> {
        let run_id = self.started_activity(token)?;
        let activity = self
            .exec_mut(&run_id)
            .activities
            .remove(&token.scheduled_event_id)
            .expect("started activity");
        let (scheduled_event_id, started_event_id) =
            (token.scheduled_event_id, token.started_event_id);
        let attr = match outcome {
            ActivityOutcome::Completed { result } => {
                EventAttributes::from(ActivityTaskCompletedEventAttributes {
                    result,
                    scheduled_event_id,
                    started_event_id,
                })
            }
            ActivityOutcome::Failed { reason, details } => {
                EventAttributes::from(ActivityTaskFailedEventAttributes {
                    details,
                    reason,
                    scheduled_event_id,
                    started_event_id,
                })
            }
            ActivityOutcome::Canceled { details } => {
                EventAttributes::from(ActivityTaskCanceledEventAttributes {
                    details,
                    latest_cancel_requested_event_id: activity.cancel_requested_id,
                    scheduled_event_id,
                    started_event_id,
                })
            }
        };
        self.append(&run_id, attr);
        self.request_decision(&run_id);
        Ok(())
    }
}
