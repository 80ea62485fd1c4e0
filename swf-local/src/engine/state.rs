//! The state of one domain: its registration, its types, its executions and its task queues.
//!
//! Everything a domain holds sits behind that domain's own lock (see [`super::Domain`]); no
//! operation ever needs two domains, because SWF keeps children, signals and cancellations inside
//! one domain. Operations are written as methods on [`DomainState`] in the module of their
//! concept (`registration`, `executions`, `decisions`, `activities`, ...), and every change they
//! make is noted in [`Changes`] so the caller can persist it, arm the deadlines it created and
//! wake pollers.

use super::tokens::TaskKind;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use swf_core::types::*;

pub(crate) use swf_core::limits::MAX_HISTORY_EVENTS;

/// A history event from the JSON the history keeps it as.
pub(crate) fn decode_event(json: &str) -> HistoryEvent {
    serde_json::from_str(json).expect("stored events decode")
}

/// A domain's registration and its types: what is persisted as the domain's own record.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct DomainMeta {
    pub(crate) info: DomainInfo,
    pub(crate) retention_days: String,
    pub(crate) tags: Vec<ResourceTag>,
    /// Keyed by [`type_key`], so the map's order is SWF's listing order (name, then version).
    pub(crate) activity_types: BTreeMap<String, ActivityTypeRecord>,
    pub(crate) workflow_types: BTreeMap<String, WorkflowTypeRecord>,
}

/// A registered activity type.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct ActivityTypeRecord {
    pub(crate) info: ActivityTypeInfo,
    pub(crate) config: ActivityTypeConfiguration,
}

/// A registered workflow type.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct WorkflowTypeRecord {
    pub(crate) info: WorkflowTypeInfo,
    pub(crate) config: WorkflowTypeConfiguration,
}

/// The map key of a type: sorts by name, then by version.
pub(crate) fn type_key(name: &str, version: &str) -> String {
    format!("{name}\u{1}{version}")
}

/// The task list a run or task takes: the one its request or decision `given`, else its type's
/// registered `default`; a list with an empty name counts as none given. `None`: neither, and
/// the call or decision fails for the missing default.
pub(crate) fn task_list_or_default<'a>(
    given: Option<&'a TaskList>,
    default: Option<&'a TaskList>,
) -> Option<&'a TaskList> {
    given.or(default).filter(|t| !t.name.is_empty())
}

/// One workflow execution (one run). The history is kept apart from the rest when persisted:
/// the rest is rewritten on each change, the history only appended to.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Execution {
    pub(crate) execution: WorkflowExecution,
    pub(crate) workflow_type: WorkflowType,
    pub(crate) config: WorkflowExecutionConfiguration,
    pub(crate) tag_list: Vec<String>,
    pub(crate) start_ms: i64,
    /// The order runs started in within the domain: breaks ties between equal start times.
    #[serde(default)]
    pub(crate) start_seq: u64,
    pub(crate) close_ms: Option<i64>,
    pub(crate) close_status: Option<CloseStatus>,
    pub(crate) parent: Option<ParentLink>,
    pub(crate) cancel_requested: bool,
    pub(crate) decision: DecisionState,
    /// Open activities by the id of their `ActivityTaskScheduled` event.
    pub(crate) activities: BTreeMap<i64, ActivityState>,
    /// Open timers by timer id.
    pub(crate) timers: BTreeMap<String, TimerState>,
    /// Open children by workflow id.
    pub(crate) children: BTreeMap<String, ChildLink>,
    pub(crate) latest_activity_ms: Option<i64>,
    pub(crate) latest_execution_context: Option<String>,
    /// The history, each event as its JSON (see [`Execution::event`]).
    #[serde(skip)]
    pub(crate) history: Vec<Box<str>>,
    /// How many events of `history` are already persisted.
    #[serde(skip)]
    pub(crate) persisted_events: usize,
}

/// Where a child execution reports to.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct ParentLink {
    pub(crate) execution: WorkflowExecution,
    pub(crate) initiated_event_id: i64,
    /// The parent's `ChildWorkflowExecutionStarted` event.
    pub(crate) started_event_id: i64,
}

/// An open child of an execution, as the parent sees it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct ChildLink {
    pub(crate) run_id: String,
    pub(crate) workflow_type: WorkflowType,
    pub(crate) initiated_event_id: i64,
}

/// The decision task of an execution: SWF allows at most one scheduled and one started.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct DecisionState {
    /// The task scheduled and not yet started.
    pub(crate) scheduled_id: Option<i64>,
    /// The task started and not yet completed or timed out...
    pub(crate) started_id: Option<i64>,
    /// ...and the `DecisionTaskScheduled` event it was scheduled by.
    pub(crate) started_scheduled_id: i64,
    pub(crate) started_ms: i64,
    pub(crate) start_to_close: Option<u64>,
    /// Events arrived while the task was started: schedule another one when it completes.
    pub(crate) pending: bool,
    /// The `DecisionTaskStarted` event of the last decision task that was completed.
    pub(crate) previous_started_id: i64,
    /// The task list decision tasks go to (a decider may move it).
    pub(crate) task_list: String,
    /// A temporary move: how long a task on the moved-to list may wait before it times out and
    /// decisions go back to the execution's own task list.
    #[serde(default)]
    pub(crate) override_schedule_to_start: Option<u64>,
    /// When the scheduled task was scheduled.
    #[serde(default)]
    pub(crate) scheduled_ms: i64,
    /// Whether the started task was scheduled on a temporary move (one with a schedule-to-start
    /// timeout): if it times out start-to-close, decisions go back to the execution's own list.
    /// Noted when the task starts, because `override_schedule_to_start` describes the next task
    /// to schedule, not the one running.
    #[serde(default)]
    pub(crate) started_on_temporary_list: bool,
}

/// An open activity task.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct ActivityState {
    pub(crate) activity_id: String,
    pub(crate) activity_type: ActivityType,
    pub(crate) input: Option<String>,
    pub(crate) task_list: String,
    pub(crate) scheduled_ms: i64,
    pub(crate) schedule_to_start: Option<u64>,
    pub(crate) schedule_to_close: Option<u64>,
    pub(crate) start_to_close: Option<u64>,
    pub(crate) heartbeat: Option<u64>,
    pub(crate) started_id: Option<i64>,
    pub(crate) started_ms: i64,
    pub(crate) last_heartbeat_ms: i64,
    pub(crate) details: Option<String>,
    pub(crate) cancel_requested_id: Option<i64>,
    /// The `taskPriority` the task was scheduled with: it is handed out by it.
    #[serde(default)]
    pub(crate) task_priority: Option<String>,
}

/// An open timer.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct TimerState {
    pub(crate) started_id: i64,
    pub(crate) fire_ms: i64,
}

/// A point in time something may time out or fire. The scheduler keeps only these keys; whether
/// the thing is still due is decided against the state when the time comes, so nothing has to be
/// unscheduled when a task completes or a heartbeat moves its deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Deadline {
    Execution,
    DecisionStartToClose {
        started: i64,
    },
    DecisionScheduleToStart {
        scheduled: i64,
    },
    ActivityScheduleToStart {
        scheduled: i64,
    },
    ActivityScheduleToClose {
        scheduled: i64,
    },
    ActivityStartToClose {
        scheduled: i64,
        started: i64,
    },
    ActivityHeartbeat {
        scheduled: i64,
        started: i64,
    },
    Timer {
        started: i64,
    },
    /// The end of a closed run's retention period.
    Retention,
}

/// A queued task: the run and the scheduled event id. Stale entries (the task was canceled or
/// timed out meanwhile) are skipped when popped.
#[derive(Debug, Clone)]
pub(crate) struct TaskRef {
    pub(crate) run_id: Arc<str>,
    pub(crate) scheduled_id: i64,
}

pub(crate) use super::task_queue::TaskQueue;

/// What an operation changed: persisted, armed and announced by the caller after the operation.
#[derive(Debug, Default)]
pub(crate) struct Changes {
    pub(crate) meta: bool,
    pub(crate) runs: Vec<Arc<str>>,
    pub(crate) deadlines: Vec<(i64, Arc<str>, Deadline)>,
    /// Closed runs deleted at the end of the domain's retention period.
    pub(crate) purged: Vec<String>,
}

/// Everything one domain holds.
#[derive(Debug)]
pub(crate) struct DomainState {
    pub(crate) name: Arc<str>,
    pub(crate) meta: DomainMeta,
    pub(crate) runs: HashMap<Arc<str>, Execution>,
    /// The open run of each workflow id (SWF allows one).
    pub(crate) open_runs: HashMap<String, Arc<str>>,
    /// The latest run of each workflow id, open or closed.
    pub(crate) latest_runs: HashMap<String, Arc<str>>,
    pub(crate) queues: HashMap<(TaskKind, String), TaskQueue>,
    /// The number of queues at which the next new one first sweeps out those left holding only
    /// stale entries (`task_queue.rs`).
    pub(crate) queue_sweep_at: usize,
    pub(crate) changes: Changes,
    /// The `start_seq` of the next run.
    pub(crate) next_start_seq: u64,
    /// The time of the operation or read in progress: all its events carry it, page tokens
    /// are issued and aged by it.
    pub(crate) now: i64,
    /// SWF's decision quotas, when throttling is on (`decisions/rates.rs`).
    pub(crate) decision_rates: Option<Arc<crate::server::DecisionRates>>,
    /// The most open executions the domain may have (`quotas.rs`).
    pub(crate) max_open_executions: usize,
}

impl DomainState {
    pub(crate) fn new(meta: DomainMeta) -> DomainState {
        DomainState {
            name: Arc::from(meta.info.name.as_str()),
            meta,
            runs: HashMap::new(),
            open_runs: HashMap::new(),
            latest_runs: HashMap::new(),
            queues: HashMap::new(),
            queue_sweep_at: super::task_queue::MIN_QUEUE_SWEEP,
            changes: Changes {
                meta: true,
                ..Changes::default()
            },
            next_start_seq: 0,
            now: 0,
            decision_rates: None,
            max_open_executions: super::quotas::MAX_OPEN_EXECUTIONS_PER_DOMAIN,
        }
    }

    /// When a run closed at `close_ms` is deleted: after the domain's retention period, at once
    /// for `0` or `NONE`.
    pub(crate) fn retention_end(&self, close_ms: i64) -> i64 {
        let days: i64 = self.meta.retention_days.parse().unwrap_or(0);
        close_ms.saturating_add(days.saturating_mul(86_400_000))
    }

    pub(crate) fn is_deprecated(&self) -> bool {
        self.meta.info.status == RegistrationStatus::Deprecated
    }

    /// The run `run_id`, which the caller knows exists.
    pub(crate) fn exec(&self, run_id: &str) -> &Execution {
        self.runs.get(run_id).expect("run exists")
    }

    pub(crate) fn exec_mut(&mut self, run_id: &str) -> &mut Execution {
        self.runs.get_mut(run_id).expect("run exists")
    }

    /// The run a request names: the given run, or the open one of the workflow id.
    pub(crate) fn find_open(&self, workflow_id: &str, run_id: Option<&str>) -> Option<Arc<str>> {
        match run_id.filter(|r| !r.is_empty()) {
            Some(run) => {
                let (key, exec) = self.runs.get_key_value(run)?;
                (exec.execution.workflow_id == workflow_id && exec.is_open()).then(|| key.clone())
            }
            None => self.open_runs.get(workflow_id).cloned(),
        }
    }

    /// Appends an event to a run's history and returns its id.
    pub(crate) fn append(&mut self, run_id: &Arc<str>, attr: EventAttributes) -> i64 {
        let now = self.now;
        let exec = self.exec_mut(run_id);
        let id = exec.history.len() as i64 + 1;
        let event = HistoryEvent::new(id, Timestamp::from_millis(now), attr);
        // Kept as JSON: a few hundred bytes, less than a typed `HistoryEvent` (about 0.5 KB of
        // member slots plus its boxed attributes), and JSON is also what the store writes.
        exec.history.push(
            serde_json::to_string(&event)
                .expect("events serialize")
                .into(),
        );
        self.mark(run_id);
        id
    }

    /// Notes that a run changed.
    pub(crate) fn mark(&mut self, run_id: &Arc<str>) {
        if self.changes.runs.last() != Some(run_id) {
            self.changes.runs.push(run_id.clone());
        }
    }

    /// Asks for a wake-up at `at_ms` to check `deadline` of a run.
    pub(crate) fn arm(&mut self, at_ms: Option<i64>, run_id: &Arc<str>, deadline: Deadline) {
        if let Some(at) = at_ms {
            self.changes.deadlines.push((at, run_id.clone(), deadline));
        }
    }

    /// Queues a task by its priority (see [`super::task_queue`]) and wakes one poller of its
    /// task list.
    pub(crate) fn enqueue(&mut self, kind: TaskKind, task_list: &str, task: TaskRef) {
        let priority = self.queued_priority(kind, &task);
        let queue = self.queue(kind, task_list);
        queue.push(task, priority);
        queue.notify.notify_one();
    }
}

/// The longest an execution may run, whatever its `executionStartToCloseTimeout` says: "there is
/// a one-year max limit on the time that a workflow execution can run" (the reference), past
/// which it times out.
pub(crate) const MAX_EXECUTION_SECS: u64 = 365 * 24 * 60 * 60;

impl Execution {
    pub(crate) fn is_open(&self) -> bool {
        self.close_status.is_none()
    }

    /// How long the execution may run: its start-to-close timeout, at most one year.
    pub(crate) fn execution_timeout_secs(&self) -> Option<u64> {
        let secs = self
            .config
            .execution_start_to_close_timeout
            .parse::<u64>()
            .ok()?;
        Some(secs.min(MAX_EXECUTION_SECS))
    }

    /// The execution's summary as visibility operations return it.
    pub(crate) fn info(&self) -> WorkflowExecutionInfo {
        WorkflowExecutionInfo {
            cancel_requested: Some(self.cancel_requested),
            close_status: self.close_status.clone(),
            close_timestamp: self.close_ms.map(Timestamp::from_millis),
            execution: self.execution.clone(),
            execution_status: if self.is_open() {
                ExecutionStatus::Open
            } else {
                ExecutionStatus::Closed
            },
            parent: self.parent.as_ref().map(|p| p.execution.clone()),
            start_timestamp: Timestamp::from_millis(self.start_ms),
            tag_list: (!self.tag_list.is_empty()).then(|| self.tag_list.clone()),
            workflow_type: self.workflow_type.clone(),
        }
    }

    /// The event `event_id` of the history, decoded.
    pub(crate) fn event(&self, event_id: i64) -> HistoryEvent {
        decode_event(&self.history[(event_id - 1) as usize])
    }

    /// Ends a temporary move of the decision tasks: the next one goes to the execution's own
    /// task list, with no schedule-to-start timeout.
    pub(crate) fn revert_task_list_override(&mut self) {
        self.decision.override_schedule_to_start = None;
        self.decision.task_list = self.config.task_list.name.clone();
    }

    /// The open activity with this activity id, by its scheduled event id.
    pub(crate) fn activity_by_id(&self, activity_id: &str) -> Option<i64> {
        self.activities
            .iter()
            .find(|(_, a)| a.activity_id == activity_id)
            .map(|(id, _)| *id)
    }

    /// Every deadline this execution is waiting for: used to re-arm them after a restart.
    pub(crate) fn deadlines(&self) -> Vec<(Option<i64>, Deadline)> {
        use super::durations::deadline;
        let mut out = Vec::new();
        if !self.is_open() {
            return out;
        }
        if let Some(secs) = self.execution_timeout_secs() {
            out.push((deadline(self.start_ms, Some(secs)), Deadline::Execution));
        }
        if let Some(scheduled) = self.decision.scheduled_id {
            out.push((
                deadline(
                    self.decision.scheduled_ms,
                    self.decision.override_schedule_to_start,
                ),
                Deadline::DecisionScheduleToStart { scheduled },
            ));
        }
        if let Some(started) = self.decision.started_id {
            out.push((
                deadline(self.decision.started_ms, self.decision.start_to_close),
                Deadline::DecisionStartToClose { started },
            ));
        }
        for (&scheduled, a) in &self.activities {
            out.push((
                deadline(a.scheduled_ms, a.schedule_to_close),
                Deadline::ActivityScheduleToClose { scheduled },
            ));
            match a.started_id {
                None => out.push((
                    deadline(a.scheduled_ms, a.schedule_to_start),
                    Deadline::ActivityScheduleToStart { scheduled },
                )),
                Some(started) => {
                    out.push((
                        deadline(a.started_ms, a.start_to_close),
                        Deadline::ActivityStartToClose { scheduled, started },
                    ));
                    out.push((
                        deadline(a.last_heartbeat_ms, a.heartbeat),
                        Deadline::ActivityHeartbeat { scheduled, started },
                    ));
                }
            }
        }
        for t in self.timers.values() {
            out.push((
                Some(t.fire_ms),
                Deadline::Timer {
                    started: t.started_id,
                },
            ));
        }
        out
    }
}
