//! The history checks have teeth: each rule refuses a history that breaks it, and a well formed
//! history implies the open counts it leaves. (The property test passing shows only that
//! swf-local's histories pass; these show a broken one would not.)

use super::invariants::{Implied, check_history};
use swf_core::types::*;

/// Numbers `attributes` 1, 2, 3, … as a history does.
fn history(attributes: Vec<EventAttributes>) -> Vec<HistoryEvent> {
    attributes
        .into_iter()
        .zip(1..)
        .map(|(a, id)| HistoryEvent::new(id, Timestamp::from_millis(id * 1000), a))
        .collect()
}

fn started() -> EventAttributes {
    WorkflowExecutionStartedEventAttributes::default().into()
}

fn decision_scheduled() -> EventAttributes {
    DecisionTaskScheduledEventAttributes::default().into()
}

fn decision_started(scheduled: i64) -> EventAttributes {
    DecisionTaskStartedEventAttributes {
        scheduled_event_id: scheduled,
        ..Default::default()
    }
    .into()
}

fn activity_started(scheduled: i64) -> EventAttributes {
    ActivityTaskStartedEventAttributes {
        scheduled_event_id: scheduled,
        ..Default::default()
    }
    .into()
}

/// A run that answered its first decision task with an activity and a timer, and got a signal.
fn well_formed() -> Vec<EventAttributes> {
    vec![
        started(),
        decision_scheduled(),
        decision_started(2),
        DecisionTaskCompletedEventAttributes {
            scheduled_event_id: 2,
            started_event_id: 3,
            ..Default::default()
        }
        .into(),
        ActivityTaskScheduledEventAttributes::default().into(),
        TimerStartedEventAttributes {
            timer_id: "t".into(),
            ..Default::default()
        }
        .into(),
        activity_started(5),
        WorkflowExecutionSignaledEventAttributes::default().into(),
        decision_scheduled(),
    ]
}

fn refused(attributes: Vec<EventAttributes>, says: &str) {
    match check_history(&history(attributes)) {
        Err(e) => assert!(e.contains(says), "{e}"),
        Ok(implied) => panic!("accepted, implying {implied:?}"),
    }
}

#[test]
fn a_well_formed_history_implies_what_it_leaves_open() {
    let implied = check_history(&history(well_formed())).unwrap();
    assert_eq!(
        implied,
        Implied {
            closed: false,
            activity_tasks: 1,
            timers: 1,
            child_executions: 0,
            decision_tasks: 1,
            lambdas: 0,
        }
    );
}

#[test]
fn a_second_open_decision_task_is_refused() {
    refused(
        vec![
            started(),
            decision_scheduled(),
            decision_started(2),
            decision_scheduled(),
        ],
        "a second decision task while #2 is open",
    );
}

#[test]
fn a_skipped_event_id_is_refused() {
    let mut events = history(well_formed());
    events.remove(2);
    let e = check_history(&events).unwrap_err();
    assert!(e.contains("where id 3 was due"), "{e}");
}

#[test]
fn a_task_started_twice_is_refused() {
    let mut twice = well_formed();
    twice.push(activity_started(5));
    refused(twice, "activity task #5 started again (first at #7)");
    refused(
        vec![
            started(),
            decision_scheduled(),
            decision_started(2),
            decision_started(2),
        ],
        "decision task #2 is not waiting to start",
    );
}

#[test]
fn an_event_after_the_close_is_refused() {
    let mut after = well_formed();
    after.push(WorkflowExecutionTerminatedEventAttributes::default().into());
    let closed = check_history(&history(after.clone())).unwrap();
    assert_eq!(
        closed,
        Implied {
            closed: true,
            ..Implied::default()
        }
    );
    after.push(decision_scheduled());
    refused(after, "follows the closing event 10");
}
