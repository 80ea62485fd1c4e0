//! The timeline of hand-written histories: what each kind of event becomes, and how it reads.

use swf_core::types::*;

use super::render::shown_payload;
use super::{Kind, fold, render};

/// A history written event by event: each call appends one event at `ms` after the start.
#[derive(Default)]
struct Builder {
    events: Vec<HistoryEvent>,
}

impl Builder {
    fn add(&mut self, ms: i64, event_type: &str, set: impl FnOnce(&mut HistoryEvent)) -> i64 {
        let id = self.events.len() as i64 + 1;
        let mut event = HistoryEvent {
            event_id: id,
            event_timestamp: Timestamp::from_millis(1_714_557_600_000 + ms),
            event_type: EventType::from(event_type),
            ..Default::default()
        };
        set(&mut event);
        self.events.push(event);
        id
    }

    fn started(&mut self) -> i64 {
        self.add(0, "WorkflowExecutionStarted", |e| {
            e.workflow_execution_started_event_attributes =
                Some(Box::new(WorkflowExecutionStartedEventAttributes {
                    workflow_type: WorkflowType {
                        name: "order".into(),
                        version: "v1".into(),
                    },
                    task_list: TaskList {
                        name: "deciders".into(),
                    },
                    input: Some("{\"sku\":42}".into()),
                    ..Default::default()
                }))
        })
    }

    /// A decision task scheduled at `ms`, started 5 ms later, completed 7 ms after that; returns
    /// the completed event's id.
    fn decision(&mut self, ms: i64) -> i64 {
        let scheduled = self.add(ms, "DecisionTaskScheduled", |e| {
            e.decision_task_scheduled_event_attributes = Some(Box::default())
        });
        let started = self.add(ms + 5, "DecisionTaskStarted", |e| {
            e.decision_task_started_event_attributes =
                Some(Box::new(DecisionTaskStartedEventAttributes {
                    scheduled_event_id: scheduled,
                    identity: None,
                }))
        });
        self.add(ms + 12, "DecisionTaskCompleted", |e| {
            e.decision_task_completed_event_attributes =
                Some(Box::new(DecisionTaskCompletedEventAttributes {
                    scheduled_event_id: scheduled,
                    started_event_id: started,
                    ..Default::default()
                }))
        })
    }

    fn activity(&mut self, ms: i64, decision: i64, id: &str) -> i64 {
        self.add(ms, "ActivityTaskScheduled", |e| {
            e.activity_task_scheduled_event_attributes =
                Some(Box::new(ActivityTaskScheduledEventAttributes {
                    activity_id: id.into(),
                    activity_type: ActivityType {
                        name: "charge".into(),
                        version: "v1".into(),
                    },
                    decision_task_completed_event_id: decision,
                    ..Default::default()
                }))
        })
    }
}

/// An order workflow: an activity, a timer and a signal, then a marker and completion.
fn order_history() -> Vec<HistoryEvent> {
    let mut b = Builder::default();
    b.started();
    let d1 = b.decision(0);
    let charge = b.activity(12, d1, "charge-1");
    let timer = b.add(12, "TimerStarted", |e| {
        e.timer_started_event_attributes = Some(Box::new(TimerStartedEventAttributes {
            timer_id: "wait-1".into(),
            start_to_fire_timeout: "30".into(),
            decision_task_completed_event_id: d1,
            control: None,
        }))
    });
    let started = b.add(20, "ActivityTaskStarted", |e| {
        e.activity_task_started_event_attributes =
            Some(Box::new(ActivityTaskStartedEventAttributes {
                scheduled_event_id: charge,
                identity: Some("worker-1".into()),
            }))
    });
    b.add(57, "ActivityTaskCompleted", |e| {
        e.activity_task_completed_event_attributes =
            Some(Box::new(ActivityTaskCompletedEventAttributes {
                scheduled_event_id: charge,
                started_event_id: started,
                result: Some("ok".into()),
            }))
    });
    b.add(60, "WorkflowExecutionSignaled", |e| {
        e.workflow_execution_signaled_event_attributes =
            Some(Box::new(WorkflowExecutionSignaledEventAttributes {
                signal_name: "approve".into(),
                input: Some("yes".into()),
                ..Default::default()
            }))
    });
    b.add(30_012, "TimerFired", |e| {
        e.timer_fired_event_attributes = Some(Box::new(TimerFiredEventAttributes {
            timer_id: "wait-1".into(),
            started_event_id: timer,
        }))
    });
    let d2 = b.decision(30_012);
    b.add(30_024, "MarkerRecorded", |e| {
        e.marker_recorded_event_attributes = Some(Box::new(MarkerRecordedEventAttributes {
            marker_name: "audit".into(),
            details: Some("{\"by\": \"ops\"}".into()),
            decision_task_completed_event_id: d2,
        }))
    });
    b.add(30_024, "WorkflowExecutionCompleted", |e| {
        e.workflow_execution_completed_event_attributes =
            Some(Box::new(WorkflowExecutionCompletedEventAttributes {
                decision_task_completed_event_id: d2,
                result: Some("\"done\"".into()),
            }))
    });
    b.events
}

#[test]
fn an_order_reads_at_a_glance() {
    let text = render(&fold(&order_history()), false);
    let expected = " +0.000s  workflow order v1              started  input: {\"sku\":42}  task list: deciders
 +0.000s  decision #1                    completed in 0.012s  decided: schedule charge-1, timer wait-1
 +0.012s  activity charge-1 (charge v1)  completed in 0.045s  result: \"ok\"
 +0.012s  timer wait-1 (30s)             fired after 30.000s
 +0.060s  signal approve                 input: \"yes\"
+30.012s  decision #2                    completed in 0.012s  decided: marker audit, complete
+30.024s  marker audit                   details: {\"by\": \"ops\"}
+30.024s  workflow order v1              completed in 30.024s  result: \"done\"
";
    assert_eq!(text, expected, "\n{text}");
}

#[test]
fn open_work_shows_where_it_stands() {
    let mut b = Builder::default();
    b.started();
    let d1 = b.decision(0);
    let charge = b.activity(12, d1, "charge-1");
    b.add(20, "ActivityTaskStarted", |e| {
        e.activity_task_started_event_attributes =
            Some(Box::new(ActivityTaskStartedEventAttributes {
                scheduled_event_id: charge,
                identity: None,
            }))
    });
    b.activity(12, d1, "charge-2");
    b.add(30, "DecisionTaskScheduled", |e| {
        e.decision_task_scheduled_event_attributes = Some(Box::default())
    });
    let entries = fold(&b.events);
    let outcomes: Vec<(Kind, &str, Option<i64>)> = entries
        .iter()
        .map(|e| (e.kind, e.outcome.as_str(), e.took_ms))
        .collect();
    assert_eq!(
        outcomes,
        [
            (Kind::Workflow, "started", None),
            (Kind::Decision, "completed", Some(12)),
            (Kind::Activity, "started", None),
            (Kind::Activity, "scheduled", None),
            (Kind::Decision, "scheduled", None),
        ]
    );
}

#[test]
fn failures_carry_their_reasons() {
    let mut b = Builder::default();
    b.started();
    let d1 = b.decision(0);
    let charge = b.activity(12, d1, "charge-1");
    b.add(100, "ActivityTaskTimedOut", |e| {
        e.activity_task_timed_out_event_attributes =
            Some(Box::new(ActivityTaskTimedOutEventAttributes {
                scheduled_event_id: charge,
                timeout_type: ActivityTaskTimeoutType::ScheduleToStart,
                ..Default::default()
            }))
    });
    b.add(12, "ScheduleActivityTaskFailed", |e| {
        e.schedule_activity_task_failed_event_attributes =
            Some(Box::new(ScheduleActivityTaskFailedEventAttributes {
                activity_id: "refund-1".into(),
                activity_type: ActivityType {
                    name: "refund".into(),
                    version: "v9".into(),
                },
                cause: ScheduleActivityTaskFailedCause::ActivityTypeDoesNotExist,
                decision_task_completed_event_id: d1,
            }))
    });
    b.add(200, "WorkflowExecutionFailed", |e| {
        e.workflow_execution_failed_event_attributes =
            Some(Box::new(WorkflowExecutionFailedEventAttributes {
                reason: Some("card declined".into()),
                details: Some("{\"code\":51}".into()),
                decision_task_completed_event_id: d1,
            }))
    });
    let text = render(&fold(&b.events), false);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[1],
        "+0.000s  decision #1                    completed in 0.012s  \
         decided: schedule charge-1, schedule refund-1 (failed), fail"
    );
    assert_eq!(
        lines[2],
        "+0.012s  activity charge-1 (charge v1)  timed out (SCHEDULE_TO_START) after 0.088s"
    );
    assert_eq!(
        lines[3],
        "+0.012s  activity refund-1 (refund v9)  not scheduled  cause: ACTIVITY_TYPE_DOES_NOT_EXIST"
    );
    assert_eq!(
        lines[4],
        "+0.200s  workflow order v1              failed after 0.200s  \
         reason: \"card declined\"  details: {\"code\":51}"
    );
}

#[test]
fn children_and_outgoing_signals_close_on_their_initiated_event() {
    let mut b = Builder::default();
    b.started();
    let d1 = b.decision(0);
    let child = b.add(12, "StartChildWorkflowExecutionInitiated", |e| {
        e.start_child_workflow_execution_initiated_event_attributes = Some(Box::new(
            StartChildWorkflowExecutionInitiatedEventAttributes {
                workflow_id: "ship-1".into(),
                workflow_type: WorkflowType {
                    name: "ship".into(),
                    version: "v2".into(),
                },
                decision_task_completed_event_id: d1,
                ..Default::default()
            },
        ))
    });
    let signal = b.add(12, "SignalExternalWorkflowExecutionInitiated", |e| {
        e.signal_external_workflow_execution_initiated_event_attributes = Some(Box::new(
            SignalExternalWorkflowExecutionInitiatedEventAttributes {
                workflow_id: "audit".into(),
                signal_name: "ordered".into(),
                decision_task_completed_event_id: d1,
                ..Default::default()
            },
        ))
    });
    b.add(15, "ExternalWorkflowExecutionSignaled", |e| {
        e.external_workflow_execution_signaled_event_attributes =
            Some(Box::new(ExternalWorkflowExecutionSignaledEventAttributes {
                initiated_event_id: signal,
                ..Default::default()
            }))
    });
    b.add(20, "ChildWorkflowExecutionStarted", |e| {
        e.child_workflow_execution_started_event_attributes =
            Some(Box::new(ChildWorkflowExecutionStartedEventAttributes {
                initiated_event_id: child,
                workflow_execution: WorkflowExecution {
                    workflow_id: "ship-1".into(),
                    run_id: "r2".into(),
                },
                ..Default::default()
            }))
    });
    b.add(1_512, "ChildWorkflowExecutionCompleted", |e| {
        e.child_workflow_execution_completed_event_attributes =
            Some(Box::new(ChildWorkflowExecutionCompletedEventAttributes {
                initiated_event_id: child,
                result: Some("shipped".into()),
                ..Default::default()
            }))
    });
    let text = render(&fold(&b.events), false);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[2],
        "+0.012s  child ship-1 (ship v2)        completed in 1.500s  run: r2  result: \"shipped\""
    );
    assert_eq!(
        lines[3],
        "+0.012s  send signal ordered to audit  delivered after 0.003s"
    );
}

#[test]
fn payloads_are_cut_unless_full() {
    let long = format!("\"{}\"", "x".repeat(100));
    let cut = shown_payload(&long, false);
    assert_eq!(cut.chars().count(), 60);
    assert!(cut.ends_with('…'));
    assert_eq!(shown_payload(&long, true), long);
    assert_eq!(shown_payload("{\n  \"a\": 1\n}", false), "{\"a\":1}");
    assert_eq!(shown_payload("plain text", false), "\"plain text\"");
    assert_eq!(shown_payload("42", false), "42");
}

#[test]
fn json_entries_keep_details_in_order() {
    let entries = fold(&order_history());
    let json = serde_json::to_value(&entries[2]).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "eventId": 5,
            "atMs": 12,
            "kind": "activity",
            "name": "charge-1 (charge v1)",
            "outcome": "completed",
            "tookMs": 45,
            "details": {"result": "ok"}
        })
    );
}
