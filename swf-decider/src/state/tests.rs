//! The fold, event type by event type.

use std::collections::BTreeSet;
use std::time::Duration;

use swf_core::types::*;

use super::*;
use crate::testing::HistoryBuilder;

fn fold(h: &HistoryBuilder) -> WorkflowState {
    WorkflowState::from_events(h.events()).expect("the history folds")
}

#[test]
fn every_event_type_of_the_model_has_its_own_arm() {
    assert_eq!(EventType::VALUES.len(), 54);
    for name in EventType::VALUES {
        let mut state = fold(&HistoryBuilder::new("w", "1"));
        let event_type = EventType::from(*name);
        assert!(!event_type.is_unknown(), "{name}");
        let mut event = HistoryEvent {
            event_id: 3,
            event_type: event_type.clone(),
            ..Default::default()
        };
        // A known type without its attributes is refused, not ignored like a type from a newer
        // service.
        let err = state.apply_event(&mut event).expect_err(name);
        assert_eq!(
            err.to_string(),
            format!("history event 3 ({name}) has no {name} attributes")
        );
    }
}

#[test]
fn unknown_event_types_are_ignored() {
    let mut state = fold(&HistoryBuilder::new("w", "1"));
    let mut event = HistoryEvent {
        event_id: 3,
        event_type: EventType::from("SomethingNew"),
        ..Default::default()
    };
    assert_eq!(state.apply_event(&mut event), Ok(Applied::Unrecognized));
    assert_eq!(state.last_event_id(), 3);
}

/// A history with every one of the 54 event types, each folded with its effect checked below.
fn every_event_type() -> HistoryBuilder {
    use ScheduleActivityTaskFailedCause as Sched;
    let mut h = HistoryBuilder::with_input("w", "1", Some(r#"{"n":1}"#));
    h.decision_task_started().decision_task_timed_out();
    h.decision_task()
        .activity_scheduled("a-done", "act", "1")
        .activity_scheduled("a-fail", "act", "1")
        .activity_scheduled("a-time", "act", "1")
        .activity_scheduled("a-cancel", "act", "1")
        .activity_scheduled("a-open", "act", "1")
        .schedule_activity_failed("a-refused", "act", "1", Sched::ActivityTypeDoesNotExist)
        .timer_started("t-fire", Duration::from_secs(5))
        .timer_started("t-cancel", Duration::from_secs(5))
        .start_timer_failed(
            "t-refused",
            StartTimerFailedCause::TimerCreationRateExceeded,
        )
        .marker_recorded("m", Some("details"))
        .record_marker_failed("m-refused")
        .child_initiated("c-done", "child", "1")
        .child_initiated("c-fail", "child", "1")
        .child_initiated("c-time", "child", "1")
        .child_initiated("c-cancel", "child", "1")
        .child_initiated("c-term", "child", "1")
        .start_child_failed(
            "c-refused",
            "child",
            "1",
            StartChildWorkflowExecutionFailedCause::WorkflowTypeDoesNotExist,
        )
        .external_signal_initiated("s-ok", "other", "ping", Some("1"))
        .external_signal_initiated("s-fail", "nobody", "ping", None)
        .external_cancel_initiated("x-ok", "other")
        .external_cancel_initiated("x-fail", "nobody")
        .lambda_scheduled("l-done", "fn", None)
        .lambda_scheduled("l-fail", "fn", None)
        .lambda_scheduled("l-time", "fn", None)
        .lambda_scheduled("l-nostart", "fn", None)
        .schedule_lambda_failed(
            "l-refused",
            "fn",
            ScheduleLambdaFunctionFailedCause::IdAlreadyInUse,
        );
    h.activity_completed("a-done", Some("\"ok\""))
        .activity_failed("a-fail", "Boom", Some("trace"))
        .activity_timed_out("a-time", ActivityTaskTimeoutType::Heartbeat, None)
        .activity_started("a-open")
        .timer_fired("t-fire")
        .signaled("go", Some("\"left\""))
        .child_completed("c-done", Some("7"))
        .child_failed("c-fail", "Nope", None)
        .child_timed_out("c-time")
        .child_canceled("c-cancel", None)
        .child_terminated("c-term")
        .external_signaled("s-ok")
        .signal_external_failed(
            "s-fail",
            "nobody",
            SignalExternalWorkflowExecutionFailedCause::UnknownExternalWorkflowExecution,
        )
        .external_cancel_requested("x-ok")
        .request_cancel_external_failed(
            "x-fail",
            "nobody",
            RequestCancelExternalWorkflowExecutionFailedCause::UnknownExternalWorkflowExecution,
        )
        .lambda_completed("l-done", Some("1"))
        .lambda_failed("l-fail", "Bad")
        .lambda_timed_out("l-time")
        .start_lambda_failed("l-nostart", "no role")
        .cancel_requested();
    h.decision_task()
        .activity_cancel_requested("a-cancel")
        .request_cancel_activity_failed(
            "a-gone",
            RequestCancelActivityTaskFailedCause::ActivityIdUnknown,
        )
        .timer_canceled("t-cancel")
        .cancel_timer_failed("t-gone", CancelTimerFailedCause::TimerIdUnknown)
        .complete_workflow_failed(CompleteWorkflowExecutionFailedCause::UnhandledDecision);
    h.activity_canceled("a-cancel", Some("stopped"));
    h.decision_task()
        .fail_workflow_failed(FailWorkflowExecutionFailedCause::UnhandledDecision);
    h.decision_task()
        .cancel_workflow_failed(CancelWorkflowExecutionFailedCause::UnhandledDecision);
    h.decision_task()
        .continue_as_new_failed(ContinueAsNewWorkflowExecutionFailedCause::WorkflowTypeDeprecated);
    h
}

#[test]
fn the_test_history_has_every_event_type() {
    // The closing events are checked one by one below; everything else is in this history.
    let closing = [
        "WorkflowExecutionCompleted",
        "WorkflowExecutionFailed",
        "WorkflowExecutionTimedOut",
        "WorkflowExecutionCanceled",
        "WorkflowExecutionContinuedAsNew",
        "WorkflowExecutionTerminated",
    ];
    let seen: BTreeSet<String> = every_event_type()
        .events()
        .iter()
        .map(|e| e.event_type.to_string())
        .collect();
    let missing: Vec<_> = EventType::VALUES
        .iter()
        .filter(|t| !seen.contains(**t) && !closing.contains(t))
        .collect();
    assert!(missing.is_empty(), "not covered: {missing:?}");
}

#[test]
fn activities_are_known_by_id_with_their_outcome() {
    let state = fold(&every_event_type());
    let a = state.activities();
    let status = |id: &str| a.get(id).unwrap().status.clone();
    assert_eq!(
        status("a-done"),
        ActivityStatus::Completed {
            result: Some("\"ok\"".into())
        }
    );
    assert_eq!(
        status("a-fail"),
        ActivityStatus::Failed {
            reason: Some("Boom".into()),
            details: Some("trace".into())
        }
    );
    assert_eq!(
        status("a-time"),
        ActivityStatus::TimedOut {
            timeout_type: ActivityTaskTimeoutType::Heartbeat,
            details: None
        }
    );
    assert_eq!(
        status("a-cancel"),
        ActivityStatus::Canceled {
            details: Some("stopped".into())
        }
    );
    assert!(
        a.get("a-cancel")
            .unwrap()
            .cancel_requested_event_id
            .is_some()
    );
    assert_eq!(status("a-open"), ActivityStatus::Started);
    assert_eq!(
        a.get("a-open")
            .unwrap()
            .started
            .as_ref()
            .unwrap()
            .1
            .as_deref(),
        Some("worker")
    );
    assert_eq!(
        status("a-refused"),
        ActivityStatus::ScheduleFailed {
            cause: ScheduleActivityTaskFailedCause::ActivityTypeDoesNotExist
        }
    );
    assert_eq!(a.open_count(), 1);
    assert_eq!(a.len(), 6);
    let scheduled = a.get("a-done").unwrap().scheduled_event_id.unwrap();
    assert_eq!(
        a.by_scheduled_event(scheduled).unwrap().activity_id,
        "a-done"
    );
    assert!(
        a.get("a-gone").is_none(),
        "a refused cancel of an unknown id creates nothing"
    );
}

#[test]
fn timers_are_known_by_id() {
    let state = fold(&every_event_type());
    let t = state.timers();
    assert!(matches!(
        t.get("t-fire").unwrap().status,
        TimerStatus::Fired { .. }
    ));
    assert!(matches!(
        t.get("t-cancel").unwrap().status,
        TimerStatus::Canceled { .. }
    ));
    assert_eq!(
        t.get("t-refused").unwrap().status,
        TimerStatus::StartFailed {
            cause: StartTimerFailedCause::TimerCreationRateExceeded
        }
    );
    assert_eq!(t.get("t-fire").unwrap().start_to_fire_timeout, "5");
    assert_eq!(t.open_count(), 0);
}

#[test]
fn signals_are_found_by_name_in_the_order_received() {
    let mut h = HistoryBuilder::new("w", "1");
    h.signaled("a", Some("1"))
        .signaled("b", Some("2"))
        .signaled("a", Some("3"))
        .signaled("c", None)
        .signaled("a", Some("4"));
    let state = fold(&h);
    let inputs = |name| -> Vec<_> {
        state
            .signals_named(name)
            .map(|s| (s.input.as_deref(), s.event_id))
            .collect()
    };
    let all: Vec<_> = state.signals().iter().map(|s| s.event_id).collect();
    assert_eq!(
        inputs("a"),
        [
            (Some("1"), all[0]),
            (Some("3"), all[2]),
            (Some("4"), all[4])
        ]
    );
    assert_eq!(inputs("b"), [(Some("2"), all[1])]);
    assert_eq!(inputs("nobody"), []);
}

#[test]
fn signals_and_markers_are_kept_in_order() {
    let state = fold(&every_event_type());
    let [signal] = state.signals() else {
        panic!("one signal")
    };
    assert_eq!(
        (signal.name.as_str(), signal.input.as_deref()),
        ("go", Some("\"left\""))
    );
    let names: Vec<_> = state
        .markers()
        .iter()
        .map(|m| (m.name.as_str(), m.failed.is_some()))
        .collect();
    assert_eq!(names, [("m", false), ("m-refused", true)]);
}

#[test]
fn children_are_known_by_workflow_id() {
    let state = fold(&every_event_type());
    let c = state.children();
    assert_eq!(
        c.get("c-done").unwrap().status,
        ChildStatus::Completed {
            result: Some("7".into())
        }
    );
    assert!(c.get("c-done").unwrap().run_id.is_some());
    assert_eq!(
        c.get("c-fail").unwrap().status,
        ChildStatus::Failed {
            reason: Some("Nope".into()),
            details: None
        }
    );
    assert!(matches!(
        c.get("c-time").unwrap().status,
        ChildStatus::TimedOut { .. }
    ));
    assert_eq!(
        c.get("c-cancel").unwrap().status,
        ChildStatus::Canceled { details: None }
    );
    assert_eq!(c.get("c-term").unwrap().status, ChildStatus::Terminated);
    assert_eq!(
        c.get("c-refused").unwrap().status,
        ChildStatus::StartFailed {
            cause: StartChildWorkflowExecutionFailedCause::WorkflowTypeDoesNotExist
        }
    );
    assert_eq!(c.open_count(), 0);
}

#[test]
fn a_child_refused_after_initiation_closes_the_initiated_child() {
    let mut h = HistoryBuilder::new("w", "1");
    h.decision_task()
        .child_initiated("c", "child", "1")
        .start_child_failed(
            "c",
            "child",
            "1",
            StartChildWorkflowExecutionFailedCause::WorkflowAlreadyRunning,
        );
    let state = fold(&h);
    assert_eq!(state.children().iter().count(), 1);
    assert!(!state.children().get("c").unwrap().is_open());
}

#[test]
fn requests_to_other_executions_are_known_by_command_id() {
    let state = fold(&every_event_type());
    let x = state.external();
    assert!(matches!(
        x.signals.get("s-ok").unwrap().status,
        ExternalStatus::Delivered { .. }
    ));
    assert_eq!(
        x.signals.get("s-ok").unwrap().signal_name.as_deref(),
        Some("ping")
    );
    let ExternalStatus::Failed { cause, .. } = &x.signals.get("s-fail").unwrap().status else {
        panic!()
    };
    assert_eq!(cause, "UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION");
    assert!(matches!(
        x.cancels.get("x-ok").unwrap().status,
        ExternalStatus::Delivered { .. }
    ));
    assert!(matches!(
        x.cancels.get("x-fail").unwrap().status,
        ExternalStatus::Failed { .. }
    ));
}

#[test]
fn lambda_functions_are_known_by_id() {
    let state = fold(&every_event_type());
    let l = state.lambdas();
    assert_eq!(
        l.get("l-done").unwrap().status,
        LambdaStatus::Completed {
            result: Some("1".into())
        }
    );
    assert!(matches!(
        l.get("l-fail").unwrap().status,
        LambdaStatus::Failed { .. }
    ));
    assert_eq!(l.get("l-time").unwrap().status, LambdaStatus::TimedOut);
    assert!(matches!(
        l.get("l-nostart").unwrap().status,
        LambdaStatus::StartFailed { .. }
    ));
    assert_eq!(
        l.get("l-refused").unwrap().status,
        LambdaStatus::ScheduleFailed {
            cause: "ID_ALREADY_IN_USE".into()
        }
    );
    assert!(l.iter().all(|l| !l.is_open()));
}

#[test]
fn the_execution_keeps_its_input_cancel_request_and_decision_tasks() {
    let h = every_event_type();
    let state = fold(&h);
    assert_eq!(state.input(), Some(r#"{"n":1}"#));
    assert_eq!(state.execution().started.workflow_type.name, "w");
    assert!(state.cancel_requested().is_some());
    let x = state.execution();
    assert_eq!(x.decision_tasks_timed_out, 1);
    assert_eq!(x.decision_tasks_completed, 5);
    assert_eq!(x.decision_tasks_scheduled, 7);
    assert!(state.closed().is_none());
    // The workflow's time is the last event's, moved on by the timer that fired.
    assert_eq!(state.now(), h.events().last().unwrap().event_timestamp);
    assert!(state.now().duration_since(state.execution().started_at) >= Duration::from_secs(5));
}

#[test]
fn every_refused_decision_is_listed_with_its_cause() {
    let state = fold(&every_event_type());
    let failures: Vec<_> = state
        .decision_failures()
        .iter()
        .map(|f| format!("{} {} {}", f.decision_type, f.id, f.cause))
        .collect();
    assert_eq!(
        failures,
        [
            "ScheduleActivityTask a-refused ACTIVITY_TYPE_DOES_NOT_EXIST",
            "StartTimer t-refused TIMER_CREATION_RATE_EXCEEDED",
            "RecordMarker m-refused OPERATION_NOT_PERMITTED",
            "StartChildWorkflowExecution c-refused WORKFLOW_TYPE_DOES_NOT_EXIST",
            "ScheduleLambdaFunction l-refused ID_ALREADY_IN_USE",
            "SignalExternalWorkflowExecution s-fail UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION",
            "RequestCancelExternalWorkflowExecution x-fail UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION",
            "RequestCancelActivityTask a-gone ACTIVITY_ID_UNKNOWN",
            "CancelTimer t-gone TIMER_ID_UNKNOWN",
            "CompleteWorkflowExecution  UNHANDLED_DECISION",
            "FailWorkflowExecution  UNHANDLED_DECISION",
            "CancelWorkflowExecution  UNHANDLED_DECISION",
            "ContinueAsNewWorkflowExecution  WORKFLOW_TYPE_DEPRECATED",
        ]
    );
}

#[test]
fn each_closing_event_closes_the_execution() {
    type Close = fn(&mut HistoryBuilder);
    let cases: [(Close, Closed); 6] = [
        (
            |h| {
                h.workflow_completed(Some("1"));
            },
            Closed::Completed {
                result: Some("1".into()),
            },
        ),
        (
            |h| {
                h.workflow_failed("r", None);
            },
            Closed::Failed {
                reason: Some("r".into()),
                details: None,
            },
        ),
        (
            |h| {
                h.workflow_canceled(Some("d"));
            },
            Closed::Canceled {
                details: Some("d".into()),
            },
        ),
        (
            |h| {
                h.continued_as_new(Some("2"));
            },
            Closed::ContinuedAsNew {
                new_run_id: "run-1".into(),
                input: Some("2".into()),
            },
        ),
        (
            |h| {
                h.workflow_timed_out();
            },
            Closed::TimedOut {
                timeout_type: WorkflowExecutionTimeoutType::StartToClose,
            },
        ),
        (
            |h| {
                h.workflow_terminated("ops");
            },
            Closed::Terminated {
                reason: Some("ops".into()),
                details: None,
                cause: Some("OPERATOR_INITIATED".into()),
            },
        ),
    ];
    for (close, expected) in cases {
        let mut h = HistoryBuilder::new("w", "1");
        h.decision_task();
        close(&mut h);
        assert_eq!(fold(&h).closed(), Some(&expected));
    }
}

#[test]
fn folding_is_incremental() {
    let events = every_event_type().into_events();
    let whole = WorkflowState::from_events(events.clone()).unwrap();
    let (first, rest) = events.split_at(events.len() / 2);
    let mut state = WorkflowState::from_events(first.to_vec()).unwrap();
    for e in rest {
        state.apply(e.clone()).unwrap();
    }
    assert_eq!(state.last_event_id(), whole.last_event_id());
    assert_eq!(
        state.activities().iter().collect::<Vec<_>>(),
        whole.activities().iter().collect::<Vec<_>>()
    );
    assert_eq!(state.decision_failures(), whole.decision_failures());
    assert_eq!(state.now(), whole.now());
}

#[test]
fn broken_histories_are_refused_with_the_event_at_fault() {
    let events = every_event_type().into_events();
    let err = WorkflowState::from_events(events[1..].to_vec()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "history starts with event 2 (DecisionTaskScheduled), not WorkflowExecutionStarted"
    );
    let mut gap = events.clone();
    gap.remove(5);
    let err = WorkflowState::from_events(gap).unwrap_err();
    assert_eq!(err.event_id(), 7);
    assert!(
        err.to_string().contains("was a page of the history lost?"),
        "{err}"
    );
    let mut h = HistoryBuilder::new("w", "1");
    h.event(ActivityTaskCompletedEventAttributes {
        scheduled_event_id: 99,
        ..Default::default()
    });
    let err = WorkflowState::from_events(h.events()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "history event 3 refers to scheduled event 99, which the history does not have"
    );
}
