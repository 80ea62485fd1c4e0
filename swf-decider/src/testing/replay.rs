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
/// [`DecideError::NonDeterminism`], which names what the history recorded and what the workflow
/// asks for now.
///
/// Decisions are compared by kind, id and type (the activity or child workflow type, the Lambda
/// function's name); inputs only with [`compare_inputs`](Replay::compare_inputs). The
/// [`nondeterminism`](crate::NonDeterminism) docs list what else is left out.
#[derive(Debug)]
pub struct Replay<W, C = JsonCodec> {
    pub(super) workflow: W,
    pub(super) codec: C,
    pub(super) check: ReplayCheck,
    compare_inputs: bool,
    pub(super) execution: WorkflowExecution,
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
            compare_inputs: false,
            execution: WorkflowExecution::default(),
        }
    }

    /// Which completed tasks are checked. Default: [`ReplayCheck::EveryTask`].
    pub fn check(mut self, check: ReplayCheck) -> Self {
        self.check = check;
        self
    }

    /// Whether each checked task's decisions must also carry the inputs it recorded, byte for byte
    /// as encoded: the input of an activity, child workflow, Lambda function, signal or
    /// continue-as-new, and a marker's details. A difference fails the replay with
    /// [`Mismatch::InputChanged`](crate::Mismatch::InputChanged). Default: `false`.
    ///
    /// Off by default because an input may be re-encoded without any change of meaning (a field
    /// added with a serde default, a reordered map, another codec or codec setting), and such a
    /// change is safe for running executions: SWF matches decisions to events by id, never by
    /// input, and a workflow reads what the history recorded. Turn it on to pin the inputs down,
    /// for example when a changed input would reach an activity that is not idempotent.
    ///
    /// ```
    /// # use swf_decider::{ActivityOptions, DecideError, Mismatch, Workflow, WorkflowContext, WorkflowResult};
    /// # struct Greet(&'static str);
    /// # impl Workflow for Greet {
    /// #     const NAME: &'static str = "greet";
    /// #     const VERSION: &'static str = "1";
    /// #     type Input = String;
    /// #     type Output = String;
    /// #     fn run(&self, ctx: &mut WorkflowContext<'_>, name: String) -> WorkflowResult<String> {
    /// #         let greeting = format!("{} {name}", self.0);
    /// #         ctx.activity("hello", &ActivityOptions::new("hello", "1"), &greeting).result()
    /// #     }
    /// # }
    /// use swf_decider::testing::{HistoryBuilder, Replay};
    ///
    /// // Recorded by a version that greeted with "Hello"; this one says "Hi".
    /// let mut history = HistoryBuilder::for_workflow::<Greet>(&"Ada");
    /// history.decision_task_started();
    /// let first = Replay::new(Greet("Hello")).run(history.events())?;
    /// history.decision_task_completed_with(first.decisions());
    /// history.decision_task_started();
    ///
    /// assert!(Replay::new(Greet("Hi")).run(history.events()).is_ok());
    /// let err = Replay::new(Greet("Hi")).compare_inputs(true).run(history.events()).unwrap_err();
    /// let DecideError::NonDeterminism(n) = err else { panic!("{err}") };
    /// assert!(matches!(n.mismatch(), Mismatch::InputChanged { .. }));
    /// # Ok::<(), DecideError>(())
    /// ```
    pub fn compare_inputs(mut self, compare: bool) -> Self {
        self.compare_inputs = compare;
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
        let replayed = replayer.replay_comparing(
            events.into_iter().collect(),
            self.check,
            self.compare_inputs,
            true,
        )?;
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
