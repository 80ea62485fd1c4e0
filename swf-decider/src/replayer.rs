//! The replayer shared by the decider and the replay tests: fold a history, replay the completed
//! decision tasks that are checked, and run the workflow on the final state.
//!
//! Replaying a completed task means running the workflow on the state as it was when that task
//! started (the fold up to its `DecisionTaskStarted` event) and comparing what it decides with what
//! the task recorded (the events that name its `DecisionTaskCompleted`). The fold is incremental,
//! so a replay that checks tasks is still one pass over the events: the workflow runs when the
//! fold reaches a checked task's start, and the comparison completes as the task's records are
//! folded.
//!
//! Running the workflow costs about as much as the number of things it asks for, and it asks
//! again for everything on every run, so checking every task of a long history costs that many
//! runs. The decider therefore checks the latest completed task by default (what a code change
//! most likely breaks), plus, on every run, that no id changed type; replay tests check every task.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use swf_core::codec::Codec;
use swf_core::types::{EventAttributesRef, EventType, HistoryEvent, Timestamp, WorkflowExecution};

use crate::commands::{Command, close_decision};
use crate::context::WorkflowContext;
use crate::error::DecideError;
use crate::limits;
use crate::nondeterminism::{Recorded, compare, recorded_decision};
use crate::state::WorkflowState;
use crate::workflow::{Exit, Workflow, WorkflowError};

/// Which completed decision tasks a replay runs the workflow on again, to compare its decisions
/// with the ones recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum ReplayCheck {
    /// None: only the per-run check that no id changed type.
    Off,
    /// The latest completed task: one more run per decision. The decider's default.
    #[default]
    LastTask,
    /// Every completed task: one run per task in the history. The replay tests' default.
    EveryTask,
}

/// One replayed decision task: the decisions the workflow makes at its start.
#[derive(Debug, Clone)]
pub(crate) struct TaskRun {
    pub(crate) started_event_id: i64,
    pub(crate) completed_event_id: Option<i64>,
    pub(crate) decisions: Vec<Command>,
}

/// The outcome of a replay.
#[derive(Debug)]
pub(crate) struct Replayed {
    pub(crate) state: WorkflowState,
    /// What to decide now.
    pub(crate) decisions: Vec<Command>,
    /// The checked tasks, when asked to keep them.
    pub(crate) tasks: Vec<TaskRun>,
}

/// A task being checked: what the workflow decides at its start, and what it recorded so far.
struct Check {
    started: i64,
    completed: i64,
    planned: Vec<Command>,
    recorded: Vec<Recorded>,
}

/// Replays a history through a workflow: the workflow, its codec and the execution it sees.
#[derive(Debug)]
pub(crate) struct Replayer<'w, W, C> {
    pub(crate) workflow: &'w W,
    pub(crate) codec: &'w C,
    pub(crate) execution: &'w WorkflowExecution,
}

impl<W: Workflow<C>, C: Codec> Replayer<'_, W, C> {
    /// Runs the workflow once on `state` and plans the decisions within SWF's limits.
    pub(crate) fn decide(&self, state: &WorkflowState) -> Result<Vec<Command>, DecideError> {
        if state.closed().is_some() {
            return Ok(Vec::new());
        }
        let mut ctx = WorkflowContext::new(state, self.codec, self.execution);
        let outcome = match self.codec.decode::<W::Input>(state.input()) {
            Ok(input) => catch_unwind(AssertUnwindSafe(|| self.workflow.run(&mut ctx, input)))
                .map_err(|panic| {
                    WorkflowError::new(format!("the workflow panicked: {}", panic_message(&*panic)))
                })?,
            // Deterministic and permanent: the execution cannot run on this input.
            Err(e) => Err(Exit::fail(
                limits::truncate_reason(format!("cannot decode the workflow input: {e}")),
                None,
            )),
        };
        if let Some(error) = ctx.commands.error.take() {
            return Err(error);
        }
        let outcome = match outcome {
            Ok(output) => Ok(self.codec.encode(&output).map_err(|e| {
                WorkflowError::new(format!("cannot encode the workflow's result: {e}"))
            })?),
            Err(exit) => Err(exit),
        };
        let close = close_decision(outcome)?;
        Ok(limits::plan(state, ctx.commands.list, close))
    }

    /// Folds `events`, checks the completed tasks `check` selects, and decides on the final state.
    pub(crate) fn replay(
        &self,
        events: Vec<HistoryEvent>,
        check: ReplayCheck,
        keep_tasks: bool,
    ) -> Result<Replayed, DecideError> {
        self.replay_comparing(events, check, false, keep_tasks)
    }

    /// [`replay`](Self::replay), comparing the checked tasks' inputs too when `compare_inputs`
    /// (see [`crate::nondeterminism`] for why that is the replay tests' choice only).
    pub(crate) fn replay_comparing(
        &self,
        mut events: Vec<HistoryEvent>,
        check: ReplayCheck,
        compare_inputs: bool,
        keep_tasks: bool,
    ) -> Result<Replayed, DecideError> {
        let completed_of = completed_tasks(&events, check);
        let mut state = WorkflowState::new();
        let mut tasks = Vec::new();
        let kept = keep_tasks.then_some(&mut tasks);
        self.fold(
            &mut state,
            None,
            &mut events,
            &completed_of,
            compare_inputs,
            kept,
        )?;
        let decisions = self.decide(&state)?;
        if keep_tasks {
            let started_event_id = state
                .execution()
                .last_decision_task_started
                .unwrap_or_default();
            tasks.push(TaskRun {
                started_event_id,
                completed_event_id: None,
                decisions: decisions.clone(),
            });
        }
        Ok(Replayed {
            state,
            decisions,
            tasks,
        })
    }

    /// Goes on from a replay kept after an earlier task of the same run: folds only `new_events`
    /// (those after `from`'s last event), checks the completed tasks `check` selects among them
    /// (the earlier task's own decisions, kept in `from`, against what the new events recorded of
    /// them), and decides on the final state. The same decisions and errors as a full replay
    /// of the whole history.
    pub(crate) fn resume(
        &self,
        from: Resume,
        mut new_events: Vec<HistoryEvent>,
        check: ReplayCheck,
    ) -> Result<(Vec<Command>, Resume), DecideError> {
        let completed_of = completed_tasks(&new_events, check);
        let Resume {
            mut state, planned, ..
        } = from;
        // The earlier task started before the new events; its completion is among them.
        let current = state
            .execution()
            .last_decision_task_started
            .zip(planned)
            .and_then(|(started, planned)| {
                completed_of.get(&started).map(|&completed| Check {
                    started,
                    completed,
                    planned,
                    recorded: Vec::new(),
                })
            });
        self.fold(
            &mut state,
            current,
            &mut new_events,
            &completed_of,
            false,
            None,
        )?;
        let decisions = self.decide(&state)?;
        let resume = Resume::after(state, last_event(&new_events), check, &decisions);
        Ok((decisions, resume))
    }

    /// The one pass: folds `events` into `state`, running the workflow at the start of each task
    /// `completed_of` selects and comparing its decisions with the records as they are folded.
    /// `current` is a check already under way (a resumed one).
    fn fold(
        &self,
        state: &mut WorkflowState,
        mut current: Option<Check>,
        events: &mut [HistoryEvent],
        completed_of: &HashMap<i64, i64>,
        compare_inputs: bool,
        mut tasks: Option<&mut Vec<TaskRun>>,
    ) -> Result<(), DecideError> {
        // Events are folded in place (see `WorkflowState::apply_event`).
        for event in events.iter_mut() {
            // Classifying costs a little; only events that may be a checked task's records pay it.
            let recorded = current
                .as_ref()
                .and_then(|_| recorded_decision(event, compare_inputs));
            let started =
                (event.event_type == EventType::DecisionTaskStarted).then_some(event.event_id);
            if started.is_some()
                && let Some(done) = current.take()
            {
                finish(done, tasks.as_deref_mut())?;
            }
            state.apply_event(event)?;
            if let (Some(r), Some(c)) = (recorded, current.as_mut())
                && r.decision_task_completed_event_id == c.completed
            {
                c.recorded.push(r);
            }
            if let Some(started) = started
                && let Some(&completed) = completed_of.get(&started)
            {
                let planned = self.decide(state).map_err(|e| in_task(e, started))?;
                current = Some(Check {
                    started,
                    completed,
                    planned,
                    recorded: Vec::new(),
                });
            }
        }
        if let Some(done) = current.take() {
            finish(done, tasks)?;
        }
        Ok(())
    }
}

/// What a replay leaves for the next decision task of the same run to go on from.
#[derive(Debug)]
pub(crate) struct Resume {
    /// The state folded so far.
    pub(crate) state: WorkflowState,
    /// The last folded event's type and timestamp, to recognise it when a later history repeats
    /// it (a partial history starts at the previous `DecisionTaskStarted`).
    pub(crate) last_event: Option<(EventType, Timestamp)>,
    /// The decisions made on `state`, to compare with what the next events record of them, when
    /// tasks are checked at all.
    planned: Option<Vec<Command>>,
}

impl Resume {
    /// What is left after folding into `state` a history ending with `last_event` and deciding
    /// `decisions` on it.
    pub(crate) fn after(
        state: WorkflowState,
        last_event: Option<(EventType, Timestamp)>,
        check: ReplayCheck,
        decisions: &[Command],
    ) -> Resume {
        Resume {
            state,
            last_event,
            planned: (check != ReplayCheck::Off).then(|| decisions.to_vec()),
        }
    }
}

/// The type and timestamp of the last of `events`, which a fold leaves in place.
pub(crate) fn last_event(events: &[HistoryEvent]) -> Option<(EventType, Timestamp)> {
    events
        .last()
        .map(|e| (e.event_type.clone(), e.event_timestamp))
}

/// The completed tasks to check, as `DecisionTaskStarted` id → `DecisionTaskCompleted` id.
fn completed_tasks(events: &[HistoryEvent], check: ReplayCheck) -> HashMap<i64, i64> {
    let mut completed = events.iter().filter_map(|e| {
        let EventAttributesRef::DecisionTaskCompleted(a) = e.attributes() else {
            return None;
        };
        Some((a.started_event_id, e.event_id))
    });
    match check {
        ReplayCheck::Off => HashMap::new(),
        ReplayCheck::LastTask => completed.next_back().into_iter().collect(),
        ReplayCheck::EveryTask => completed.collect(),
    }
}

fn finish(check: Check, tasks: Option<&mut Vec<TaskRun>>) -> Result<(), DecideError> {
    compare(&check.recorded, &check.planned).map_err(|n| n.in_task(check.started))?;
    if let Some(tasks) = tasks {
        tasks.push(TaskRun {
            started_event_id: check.started,
            completed_event_id: Some(check.completed),
            decisions: check.planned,
        });
    }
    Ok(())
}

/// Says which replayed task an error came from.
fn in_task(error: DecideError, started: i64) -> DecideError {
    match error {
        DecideError::NonDeterminism(n) => n.in_task(started).into(),
        DecideError::Workflow(w) => WorkflowError::new(format!(
            "replaying the decision task started at event {started}: {w}"
        ))
        .into(),
        other => other,
    }
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic without a message".to_owned()
    }
}
