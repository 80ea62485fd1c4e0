//! A full replay of a 25,000-event history, SWF's largest, exactly as long as SWF lets it grow.
//! Times are printed, not asserted (run with `--nocapture` to see them; speed targets live in
//! swf-bench's `replay` workload, run in release).

mod common;

use std::time::Instant;

use common::workflows::{BATCH, BatchesWorkflow, StepsWorkflow, batches_history, steps_history};
use swf_core::types::{
    ChildPolicy, EventType, HistoryEvent, WorkflowExecutionTerminatedCause,
    WorkflowExecutionTerminatedEventAttributes,
};
use swf_decider::state::Closed;
use swf_decider::testing::Replay;
use swf_decider::{ReplayCheck, WorkflowState};

/// The events of one step of `StepsWorkflow`: the decision task started and completed, the
/// activity scheduled, started and completed, and the next decision task scheduled.
const EVENTS_PER_STEP: usize = 6;
/// `WorkflowExecutionStarted`, the first `DecisionTaskScheduled`, and the final
/// `DecisionTaskStarted` of the task being decided.
const STEPS_FRAME: usize = 3;
/// The most steps whose history, with its frame, fits below SWF's 25,000 events.
const STEPS: usize = 4_166;

fn time<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let out = f();
    let profile = match cfg!(debug_assertions) {
        true => "debug",
        false => "release",
    };
    println!(
        "{what} ({profile} profile): {:.1} ms",
        started.elapsed().as_secs_f64() * 1e3
    );
    out
}

/// The event SWF writes when a history reaches 25,000 events: it terminates the execution.
fn terminated_at_the_limit(event_id: i64, previous: &HistoryEvent) -> HistoryEvent {
    HistoryEvent {
        event_id,
        event_type: EventType::WorkflowExecutionTerminated,
        event_timestamp: previous.event_timestamp,
        workflow_execution_terminated_event_attributes: Some(Box::new(
            WorkflowExecutionTerminatedEventAttributes {
                cause: Some(WorkflowExecutionTerminatedCause::EventLimitExceeded),
                child_policy: ChildPolicy::Terminate,
                details: None,
                reason: None,
            },
        )),
        ..Default::default()
    }
}

#[test]
fn a_25000_event_history_replays_and_decides_the_next_step() {
    // The last decision task an execution gets before its history is full: 24,999 events, the
    // last one the task's start. SWF's next event, the 25,000th, is the termination.
    let events = steps_history(25_000).into_events();
    assert_eq!(events.len(), STEPS_FRAME + EVENTS_PER_STEP * STEPS);
    assert_eq!(events.len(), 24_999);
    let last = events.last().unwrap();
    assert_eq!(
        (last.event_id, &last.event_type),
        (24_999, &EventType::DecisionTaskStarted)
    );

    let state = time("25,000-event history: fold", || {
        WorkflowState::from_events(events.clone()).unwrap()
    });
    assert_eq!(state.activities().len(), STEPS);
    let replay = time(
        "25,000-event history: full replay and decision (decider default check)",
        || {
            Replay::new(StepsWorkflow)
                .check(ReplayCheck::LastTask)
                .run(events.clone())
                .unwrap()
        },
    );
    assert_eq!(replay.decisions().activity_ids(), [format!("s-{STEPS}")]);

    // The whole history as SWF keeps it: exactly 25,000 events, closed by SWF's termination.
    let mut full = events;
    full.push(terminated_at_the_limit(25_000, full.last().unwrap()));
    assert_eq!(full.len(), 25_000);
    let replay = time("25,000-event history closed by SWF: replay", || {
        Replay::new(StepsWorkflow)
            .check(ReplayCheck::LastTask)
            .run(full)
            .unwrap()
    });
    // The decider's default check: the last completed task (started at 24,993, completed at
    // 24,994), then the task the history ends in, which the termination leaves undecided.
    let tasks: Vec<_> = replay
        .tasks()
        .iter()
        .map(|t| (t.started_event_id, t.completed_event_id))
        .collect();
    assert_eq!(tasks, [(24_993, Some(24_994)), (24_999, None)]);
    assert_eq!(replay.state().activities().len(), STEPS);
    assert_eq!(
        replay.state().closed(),
        Some(&Closed::Terminated {
            reason: None,
            details: None,
            cause: Some("EVENT_LIMIT_EXCEEDED".into()),
        })
    );
    assert!(
        replay.decisions().is_empty(),
        "a terminated execution has nothing more to decide: {:?}",
        replay.decisions().types()
    );
}

#[test]
fn a_25000_event_history_checks_every_task() {
    // As many whole batches of 50 parallel activities as the builder fits under 25,000 events:
    // each batch is its decision task started and completed, 50 activities scheduled, started and
    // completed, and the next decision task scheduled.
    let per_batch = 3 + 3 * BATCH as usize;
    let batches = 163;
    let events = batches_history(25_000).into_events();
    assert_eq!(events.len(), STEPS_FRAME + per_batch * batches);
    assert_eq!(
        events.last().unwrap().event_type,
        EventType::DecisionTaskStarted
    );
    let replay = time(
        "25,000-event history of batches, every task checked",
        || Replay::new(BatchesWorkflow).run(events).unwrap(),
    );
    assert_eq!(replay.state().activities().len(), batches * BATCH as usize);
    assert_eq!(replay.tasks().len(), batches + 1);
    let next: Vec<String> = (0..BATCH).map(|i| format!("b{batches}-{i}")).collect();
    assert_eq!(replay.decisions().activity_ids(), next);
}
