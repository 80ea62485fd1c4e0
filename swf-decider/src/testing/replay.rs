//! [`Replay`]: run a history through a workflow, checking every decision task.

use swf_core::codec::{Codec, JsonCodec};
use swf_core::types::{EventType, HistoryEvent, WorkflowExecution};

use super::Decisions;
use crate::commands::Command;
use crate::error::DecideError;
use crate::replayer::{ReplayCheck, Replayer, TaskRun};
use crate::state::WorkflowState;
use crate::workflow::Workflow;

/// Replays histories through a workflow.
///
/// By default every completed decision task is replayed and its decisions compared with the ones
/// it recorded ([`ReplayCheck::EveryTask`]); a contradiction makes [`run`](Replay::run) fail with
/// [`DecideError::NonDeterminism`].
#[derive(Debug)]
pub struct Replay<W, C = JsonCodec> {
    workflow: W,
    codec: C,
    check: ReplayCheck,
    execution: WorkflowExecution,
}

impl<W: Workflow> Replay<W> {
    /// Replays through `workflow` with the JSON codec.
    pub fn new(workflow: W) -> Replay<W> {
        Replay::with_codec(workflow, JsonCodec)
    }
}

impl<W: Workflow<C>, C: Codec> Replay<W, C> {
    /// Replays through `workflow` with `codec`.
    pub fn with_codec(workflow: W, codec: C) -> Replay<W, C> {
        Replay {
            workflow,
            codec,
            check: ReplayCheck::EveryTask,
            execution: WorkflowExecution::default(),
        }
    }

    /// Which completed tasks are checked. Default: [`ReplayCheck::EveryTask`].
    pub fn check(mut self, check: ReplayCheck) -> Self {
        self.check = check;
        self
    }

    /// The execution the workflow sees in [`WorkflowContext::execution`](crate::WorkflowContext::execution).
    pub fn execution(mut self, workflow_id: impl Into<String>, run_id: impl Into<String>) -> Self {
        self.execution = WorkflowExecution {
            workflow_id: workflow_id.into(),
            run_id: run_id.into(),
        };
        self
    }

    /// Replays `events` and decides on the final state.
    pub fn run(
        &self,
        events: impl IntoIterator<Item = HistoryEvent>,
    ) -> Result<ReplayOutcome, DecideError> {
        let replayer = Replayer {
            workflow: &self.workflow,
            codec: &self.codec,
            execution: &self.execution,
        };
        let replayed = replayer.replay(events.into_iter().collect(), self.check, true)?;
        let tasks = replayed
            .tasks
            .into_iter()
            .map(|t: TaskRun| ReplayedTask {
                started_event_id: t.started_event_id,
                completed_event_id: t.completed_event_id,
                decisions: decisions(t.decisions),
            })
            .collect();
        Ok(ReplayOutcome {
            decisions: decisions(replayed.decisions),
            state: replayed.state,
            tasks,
        })
    }

    /// Replays `events` up to the start of decision task `n` (1-based, counting
    /// `DecisionTaskStarted` events) and decides there, as the decider did at that task.
    pub fn run_to_task(
        &self,
        events: impl IntoIterator<Item = HistoryEvent>,
        n: usize,
    ) -> Result<ReplayOutcome, DecideError> {
        let mut started = 0;
        let events = events.into_iter().take_while(|e| {
            if started == n {
                return false;
            }
            if e.event_type == EventType::DecisionTaskStarted {
                started += 1;
            }
            true
        });
        self.run(events.collect::<Vec<_>>())
    }
}

fn decisions(commands: Vec<Command>) -> Decisions {
    Decisions(commands.into_iter().map(|c| c.decision).collect())
}

/// What a replay found: the final state, the decisions the workflow makes now, and the decisions
/// it makes at each checked decision task.
#[derive(Debug)]
pub struct ReplayOutcome {
    state: WorkflowState,
    decisions: Decisions,
    tasks: Vec<ReplayedTask>,
}

/// One decision task of a replay.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ReplayedTask {
    /// Its `DecisionTaskStarted` event.
    pub started_event_id: i64,
    /// Its `DecisionTaskCompleted` event; `None` for the final decision (the task being decided).
    pub completed_event_id: Option<i64>,
    /// What the workflow decides at its start (equal to what it recorded, for a completed task).
    pub decisions: Decisions,
}

impl ReplayOutcome {
    /// The decisions the workflow makes on the whole history: what the decider would send.
    pub fn decisions(&self) -> &Decisions {
        &self.decisions
    }

    /// The history folded.
    pub fn state(&self) -> &WorkflowState {
        &self.state
    }

    /// Every checked task in order, then the final decision.
    pub fn tasks(&self) -> &[ReplayedTask] {
        &self.tasks
    }

    /// Checked task `n` (1-based, in history order; with [`ReplayCheck::EveryTask`] that is the
    /// n-th completed decision task, and the one after the last is the final decision).
    pub fn task(&self, n: usize) -> Option<&ReplayedTask> {
        n.checked_sub(1).and_then(|i| self.tasks.get(i))
    }
}
