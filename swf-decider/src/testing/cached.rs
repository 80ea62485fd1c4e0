//! [`Replay::run_cached`]: a history decided task by task as a caching decider decides it, to
//! compare with full replays.

use swf_core::codec::Codec;
use swf_core::types::{EventAttributesRef, EventType, HistoryEvent};

use super::{Decisions, Replay};
use crate::decider::{Cached, DecidedFrom, Fallback};
use crate::error::DecideError;
use crate::replayer::{Replayer, Resume, last_event};
use crate::workflow::Workflow;

/// One decision task of [`Replay::run_cached`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct CachedTask {
    /// Its `DecisionTaskStarted` event.
    pub started_event_id: i64,
    /// Whether the state kept from the task before was used, or the history replayed in full.
    pub decided_from: DecidedFrom,
    /// What the workflow decides at its start.
    pub decisions: Decisions,
}

impl<W: Workflow<C>, C: Codec> Replay<W, C> {
    /// Decides every decision task of `events` in order, as a decider with a state cache does:
    /// the first from its history, each next one from the state kept after the one before and
    /// the events SWF sends when polled with `startAtPreviousStartedEvent` (those from the
    /// previous answered task's `DecisionTaskStarted` on). A task the kept state cannot serve
    /// (the task before it was not answered) is replayed in full, as the decider does.
    ///
    /// Each task's decisions must equal [`run_to_task`](Replay::run_to_task)'s for it.
    pub fn run_cached(&self, events: &[HistoryEvent]) -> Result<Vec<CachedTask>, DecideError> {
        let replayer = Replayer {
            workflow: &self.workflow,
            codec: &self.codec,
            execution: &self.execution,
        };
        let run_id = self.execution.run_id.as_str();
        let mut kept: Option<Cached> = None;
        let mut previous_started = None;
        let mut tasks = Vec::new();
        for (i, event) in events.iter().enumerate() {
            if let EventAttributesRef::DecisionTaskCompleted(a) = event.attributes() {
                previous_started = Some(a.started_event_id);
            }
            if event.event_type != EventType::DecisionTaskStarted {
                continue;
            }
            let started = event.event_id;
            // What the poll returns: from the previous answered task's start on, if any. A
            // completion naming a start after this task's (a history SWF never writes) brings
            // the whole history, as one naming no event does.
            let from = previous_started
                .and_then(|p| events.iter().position(|e| e.event_id == p))
                .filter(|&from| from <= i)
                .unwrap_or(0);
            let polled = events[from..=i].to_vec();
            let (commands, resume, decided_from) = match kept.take() {
                Some(cached) => {
                    match cached.continue_with(run_id, previous_started, started, polled) {
                        Ok((resume, new)) => {
                            let (c, r) = replayer.resume(resume, new, self.check)?;
                            (c, r, DecidedFrom::Cache)
                        }
                        Err((fallback, _)) => {
                            let (c, r) = self.full(&replayer, &events[..=i])?;
                            (c, r, DecidedFrom::FullReplay(fallback))
                        }
                    }
                }
                None => {
                    let (c, r) = self.full(&replayer, &events[..=i])?;
                    (c, r, DecidedFrom::FullReplay(Fallback::Miss))
                }
            };
            kept = Some(Cached {
                run_id: run_id.to_owned(),
                resume,
            });
            tasks.push(CachedTask {
                started_event_id: started,
                decided_from,
                decisions: Decisions(commands.into_iter().map(|c| c.decision).collect()),
            });
        }
        Ok(tasks)
    }

    /// A full replay of `events`, and what it leaves for the next task.
    fn full(
        &self,
        replayer: &Replayer<'_, W, C>,
        events: &[HistoryEvent],
    ) -> Result<(Vec<crate::commands::Command>, Resume), DecideError> {
        let replayed = replayer.replay(events.to_vec(), self.check, false)?;
        let resume = Resume::after(
            replayed.state,
            last_event(events),
            self.check,
            &replayed.decisions,
        );
        Ok((replayed.decisions, resume))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::HistoryBuilder;
    use crate::{ActivityOptions, WorkflowContext, WorkflowResult};

    /// Runs activity `a`, then `b`: three decision tasks.
    struct TwoSteps;

    impl Workflow for TwoSteps {
        const NAME: &'static str = "two-steps";
        const VERSION: &'static str = "1";
        type Input = ();
        type Output = ();

        fn run(&self, ctx: &mut WorkflowContext<'_>, (): ()) -> WorkflowResult<()> {
            for id in ["a", "b"] {
                ctx.activity(id, &ActivityOptions::new(id, "1"), &())
                    .result::<()>()?;
            }
            Ok(())
        }
    }

    /// Found by the fuzzer (fuzz/regressions/decider_replay/run-cached-completion-naming-a-later-start):
    /// a `DecisionTaskCompleted` naming a `DecisionTaskStarted` after the next task's start made
    /// the poll's events a reversed slice, and `run_cached` panicked. SWF never writes such a
    /// history; the task is decided from the whole history instead, as a poll naming no event.
    #[test]
    fn a_completion_naming_a_later_start_is_decided_from_the_whole_history() {
        let mut history = HistoryBuilder::for_workflow::<TwoSteps>(&());
        history
            .decision_task()
            .activity_scheduled("a", "a", "1")
            .activity_completed("a", Some("null"))
            .decision_task()
            .activity_scheduled("b", "b", "1")
            .activity_completed("b", Some("null"))
            .decision_task_started();
        let mut events = history.into_events();
        let last_start = events.last().expect("a history").event_id;
        // The first task's completion names the third task's start instead of its own.
        let completion = events
            .iter_mut()
            .find(|e| e.event_type == EventType::DecisionTaskCompleted)
            .expect("the first task was completed");
        completion
            .decision_task_completed_event_attributes
            .as_mut()
            .expect("a DecisionTaskCompleted has its attributes")
            .started_event_id = last_start;

        let replay = Replay::new(TwoSteps);
        let tasks = replay.run_cached(&events).expect("every task is decided");
        assert_eq!(tasks.len(), 3);
        assert!(
            matches!(tasks[1].decided_from, DecidedFrom::FullReplay(_)),
            "{:?}",
            tasks[1].decided_from
        );
        // The tasks whose history does not reach the start the completion names decide as a full
        // replay does (at the third, a full replay takes the first task to be that start's).
        for (n, task) in tasks.iter().enumerate().take(2) {
            let full = replay.run_to_task(events.clone(), n + 1).expect("replays");
            assert_eq!(task.decisions, *full.decisions(), "task {}", n + 1);
        }
    }
}
