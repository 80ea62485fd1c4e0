//! Events and decisions from a newer service decode and are kept whole: a type this version does
//! not know, with an attribute member it has no field for, survives decoding and encoding again.

use serde_json::{Value, json};
use swf_core::types::{
    Decision, DecisionAttributes, EventAttributes, EventAttributesRef, History, HistoryEvent,
};

/// A page of `GetWorkflowExecutionHistory` as a newer service might send it: an event type and
/// attribute member this version does not know, and a known event with a member it does not know.
fn page() -> Value {
    json!({
        "events": [
            {"eventId": 1, "eventTimestamp": 1700000000, "eventType": "WorkflowExecutionStarted",
             "workflowExecutionStartedEventAttributes": {
                 "childPolicy": "TERMINATE", "taskList": {"name": "deciders"},
                 "workflowType": {"name": "order", "version": "1"}}},
            {"eventId": 2, "eventTimestamp": 1700000000.25, "eventType": "WorkflowExecutionPaused",
             "workflowExecutionPausedEventAttributes": {
                 "reason": "maintenance", "pausedBy": {"principal": "ops"},
                 "decisionTaskCompletedEventId": 1}},
            {"eventId": 3, "eventTimestamp": 1700000001.5, "eventType": "TimerFired",
             "timerFiredEventAttributes": {"timerId": "t", "startedEventId": 1},
             "eventVersion": 2}
        ],
        "nextPageToken": "page-2"
    })
}

#[test]
fn a_history_page_from_a_newer_service_encodes_back_as_it_came() {
    let page = page();
    let decoded: History = serde_json::from_value(page.clone()).unwrap();
    assert_eq!(decoded.events.len(), 3);
    assert_eq!(serde_json::to_value(&decoded).unwrap(), page);
    // The client reads answers from bytes: the same holds from the text.
    let text = serde_json::to_vec(&page).unwrap();
    let decoded: History = serde_json::from_slice(&text).unwrap();
    assert_eq!(serde_json::to_value(&decoded).unwrap(), page);
}

#[test]
fn a_decision_of_a_newer_service_encodes_back_as_it_came() {
    let wire = json!({"decisionType": "PauseWorkflowExecution",
                      "pauseWorkflowExecutionDecisionAttributes": {"reason": "r"}});
    let decision: Decision = serde_json::from_value(wire.clone()).unwrap();
    assert_eq!(serde_json::to_value(&decision).unwrap(), wire);
}

#[test]
fn unknown_events_are_equal_only_with_the_same_unknown_members() {
    let event = |reason: &str| -> HistoryEvent {
        serde_json::from_value(json!({
            "eventId": 2, "eventTimestamp": 1700000000.25, "eventType": "WorkflowExecutionPaused",
            "workflowExecutionPausedEventAttributes": {"reason": reason}}))
        .unwrap()
    };
    assert_eq!(event("a"), event("a"));
    assert_ne!(event("a"), event("b"));
}

#[test]
fn an_event_of_a_newer_type_reads_as_unknown_with_its_attributes_reachable() {
    let page: History = serde_json::from_value(page()).unwrap();
    let paused = &page.events[1];
    let EventAttributesRef::Unknown(whole) = paused.attributes() else {
        panic!("read as {:?}", paused.attributes());
    };
    assert_eq!(whole.event_type.as_str(), "WorkflowExecutionPaused");
    let attributes = &whole.unknown_members["workflowExecutionPausedEventAttributes"];
    assert_eq!(attributes["reason"], "maintenance");
    assert_eq!(attributes["pausedBy"]["principal"], "ops");
    // Owned, and back: nothing is lost on the way.
    let (id, timestamp, owned) = paused.clone().into_parts();
    let EventAttributes::Unknown(kept) = &owned else {
        panic!("read as {owned:?}");
    };
    assert_eq!(
        kept.unknown_members["workflowExecutionPausedEventAttributes"],
        *attributes
    );
    let rebuilt = HistoryEvent::new(id, timestamp, owned);
    assert_eq!(&rebuilt, paused);
    assert_eq!(
        serde_json::to_value(&rebuilt).unwrap(),
        page_events()[1],
        "encodes as it came"
    );
}

#[test]
fn an_unknown_member_that_is_not_an_attribute_member_leaves_a_known_event_readable() {
    let page: History = serde_json::from_value(page()).unwrap();
    let fired = &page.events[2];
    assert!(
        matches!(fired.attributes(), EventAttributesRef::TimerFired(a) if a.timer_id == "t"),
        "{:?}",
        fired.attributes()
    );
    assert_eq!(fired.unknown_members["eventVersion"], 2);
}

#[test]
fn a_second_attribute_member_of_a_newer_type_makes_a_known_event_unknown() {
    // Exactly one attribute member, counting unknown ones: otherwise converting to the variant
    // would drop the second.
    let wire = json!({"eventId": 3, "eventTimestamp": 1700000001.5, "eventType": "TimerFired",
                      "timerFiredEventAttributes": {"timerId": "t", "startedEventId": 1},
                      "timerPausedEventAttributes": {"timerId": "t"}});
    let event: HistoryEvent = serde_json::from_value(wire.clone()).unwrap();
    assert!(matches!(event.attributes(), EventAttributesRef::Unknown(_)));
    let (id, timestamp, owned) = event.into_parts();
    let rebuilt = HistoryEvent::new(id, timestamp, owned);
    assert_eq!(serde_json::to_value(&rebuilt).unwrap(), wire);
}

#[test]
fn a_decision_of_a_newer_type_is_kept_whole_in_unknown() {
    let wire = json!({"decisionType": "PauseWorkflowExecution",
                      "pauseWorkflowExecutionDecisionAttributes": {"reason": "r"}});
    let decision: Decision = serde_json::from_value(wire.clone()).unwrap();
    let attributes = DecisionAttributes::from(decision);
    let DecisionAttributes::Unknown(kept) = &attributes else {
        panic!("read as {attributes:?}");
    };
    assert_eq!(
        kept.unknown_members["pauseWorkflowExecutionDecisionAttributes"]["reason"],
        "r"
    );
    assert_eq!(
        serde_json::to_value(Decision::from(attributes)).unwrap(),
        wire
    );
}

fn page_events() -> Vec<Value> {
    page()["events"].as_array().unwrap().clone()
}
